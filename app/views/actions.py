"""Action items: a board filtered by owner, project, status and date, each row opening its
meeting at the line; as one table or grouped by owner.  With an owner chosen, what they owe
and what is owed to them (others' action items whose sentence names them)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from common import (
    action_place,
    esc,
    from_url,
    memo,
    one_of,
    owed_to,
    path_names,
    plural,
    require_notes,
    table,
    to_url,
)
from common import actions as all_actions
from common import people as all_people

base = require_notes()
st.title("Action items")
actions = all_actions(base)
people = sorted({o for a in actions for o in a["owners"]})
projects = sorted({p for a in actions for p in a["projects"]})
dates = sorted(a["meeting"] for a in actions if a["meeting"])
STATUSES = ["all", "open", "done"]


def status(action: dict) -> str:
    return action.get("status") or ("done" if action.get("done") else "open")


col1, col2, col3 = st.columns([2, 2, 1])
person = col1.selectbox("Owner", [""] + people, key=from_url("actions", "person", "", one_of(people)))
project = col2.selectbox("Project", [""] + projects,
                         key=from_url("actions", "project", "", one_of(projects)))
wanted = col3.segmented_control("Status", STATUSES, key=from_url("actions", "status", "all", one_of(STATUSES)))
needle = st.text_input("Words in the action", key=from_url("actions", "text", ""))
since = until = None
if dates and dates[0] != dates[-1]:
    first, last = dt.date.fromisoformat(dates[0]), dt.date.fromisoformat(dates[-1])

    def _span(text: str) -> tuple[dt.date, dt.date]:
        start, _, end = text.partition("..")
        return (max(dt.date.fromisoformat(start), first), min(dt.date.fromisoformat(end), last))

    since, until = st.slider("Meetings between", min_value=first, max_value=last,
                             key=from_url("actions", "dates", (first, last), _span))
    to_url("actions", "dates", None if (since, until) == (first, last) else f"{since}..{until}")
by_owner = st.toggle("Group by owner", key=from_url("actions", "group", False, lambda t: t == "1"))
to_url("actions", "person", person)
to_url("actions", "project", project)
to_url("actions", "status", None if wanted in (None, "all") else wanted)
to_url("actions", "text", needle.strip())
to_url("actions", "group", "1" if by_owner else None)



def kept(action: dict) -> bool:
    """Whether *action* passes the filters other than the owner."""
    return ((not project or project in action["projects"])
            and (wanted in (None, "all") or status(action) == wanted)
            and (not needle.strip() or needle.strip().lower() in action["text"].lower())
            and (since is None or since.isoformat() <= (action["meeting"] or "") <= until.isoformat()))


rows = [a for a in actions if (not person or person in a["owners"]) and kept(a)]
st.caption(f"{len(rows)} of {plural(len(actions), 'action item')}; "
           f"{sum(status(a) == 'open' for a in rows)} open. Select a row to open it in its meeting.")


def _frame(items: list[dict]) -> pd.DataFrame:
    shown = path_names(base)
    return pd.DataFrame([{"meeting": a["meeting"] or "", "status": status(a),
                          "owners": ", ".join(a["owners"]) or "(no owner)", "action": a["text"],
                          "due": a["due"] or "", "projects": ", ".join(a["projects"]),
                          "section": a["section"], "source": f"{shown(a['source'])}, line {a['line']}"}
                         for a in items],
                        columns=["meeting", "status", "owners", "action", "due", "projects", "section",
                                 "source"])


def frame_of(items: list[dict]) -> pd.DataFrame:
    """The table of *items*, taken from the table of every action item (built once per store
    generation)."""
    every = memo(base, "actions.frame", lambda: _frame(actions))
    position = memo(base, "actions.position", lambda: {a["id"]: i for i, a in enumerate(actions)})
    return every.iloc[[position[a["id"]] for a in items]]


def board(items: list[dict], key: str, name: str) -> None:
    event = table(frame_of(items), key, name, rows=12, wrap=True,
                  column_config={"action": st.column_config.TextColumn(width="large")})
    if event is not None and event.selection.rows:
        st.switch_page("views/meetings.py", query_params=action_place(base, items[event.selection.rows[0]]["id"]))


def owed_rows(name: str) -> list[dict]:
    """The action items others took on whose sentence names the person called *name*."""
    ids = {p["name"]: p["id"] for p in all_people(base)}
    owed = set(owed_to(base, ids[name])) if name in ids else set()
    return [a for a in actions if a["id"] in owed and kept(a)]


if person and not by_owner:  # what they owe, and what is owed to them
    owed = owed_rows(person)
    tab_owes, tab_owed = st.tabs([f"What {esc(person)} owes ({len(rows)})",
                                  f"Owed to {esc(person)} ({len(owed)})"])
    with tab_owes:
        board(rows, "actions.table", f"action-items-{person}.csv")
    with tab_owed:
        if owed:
            board(owed, "actions.owed", f"owed-to-{person}.csv")
        else:
            st.write("No one else's action item names them.")
elif not by_owner:
    board(rows, "actions.table", "action-items.csv")
else:
    groups: dict[str, list[dict]] = {}
    for action in rows:
        for owner in action["owners"] or ["(no owner)"]:
            if not person or owner == person:
                groups.setdefault(owner, []).append(action)
    for number, (owner, items) in enumerate(sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))):
        open_count = sum(status(a) == "open" for a in items)
        st.subheader(f"{esc(owner)} · {open_count} open, {len(items) - open_count} done")
        board(items, f"actions.group.{number}", f"action-items-{owner}.csv")
