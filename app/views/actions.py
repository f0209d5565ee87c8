"""Action items: a board filtered by person, project and date, each with its source."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from common import from_url, one_of, require_notes, to_url

base = require_notes()
st.title("Action items")
actions = base.actions()
people = sorted({o for a in actions for o in a["owners"]})
projects = sorted({p for a in actions for p in a["projects"]})
dates = sorted(a["meeting"] for a in actions if a["meeting"])
col1, col2, col3 = st.columns(3)
person = col1.selectbox("Owner", [""] + people, key=from_url("actions", "person", "", one_of(people)))
project = col2.selectbox("Project", [""] + projects,
                         key=from_url("actions", "project", "", one_of(projects)))
open_only = col3.toggle("Open only", key=from_url("actions", "open", False, lambda t: t == "1"))
if dates:
    first, last = dt.date.fromisoformat(dates[0]), dt.date.fromisoformat(dates[-1])
    since, until = st.slider("Meetings between", min_value=first, max_value=last, value=(first, last))
else:
    since = until = None
to_url("actions", "person", person)
to_url("actions", "project", project)
to_url("actions", "open", "1" if open_only else None)

rows = [a for a in actions
        if (not person or person in a["owners"]) and (not project or project in a["projects"])
        and (not open_only or not a["done"])
        and (since is None or since.isoformat() <= (a["meeting"] or "") <= until.isoformat())]
st.caption(f"{len(rows)} of {len(actions)} action items")
table = pd.DataFrame([{"meeting": a["meeting"], "owners": ", ".join(a["owners"]) or "(no owner)",
                       "action": a["text"], "due": a["due"] or "", "done": a["done"],
                       "projects": ", ".join(a["projects"]), "source": f"{a['source']}:{a['line']}"}
                      for a in rows])
st.dataframe(table, hide_index=True, width="stretch")
