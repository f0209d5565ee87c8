"""Projects: a directory, and one project's discussions, owners, issues and actions."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pandas as pd
import streamlit as st
from common import code, esc, highlight, link, param, require_notes

base = require_notes()
graph = base.graph
chosen = param("project")

if not chosen:
    st.title("Projects")
    needle = st.text_input("Find a project")
    for record in base.projects():
        if needle and needle.lower() not in (record["name"] + " " + " ".join(record["aliases"])).lower():
            continue
        st.markdown(f"- {link('projects', record['name'], project=record['id'])} · "
                    f"{record['meetings']} meetings · {esc(record['first_seen'] or '')} to "
                    f"{esc(record['last_seen'] or '')}")
    st.stop()

if chosen not in graph:
    found = base.lookup(chosen, ("project",))
    if not found:
        st.error(f"No project called {chosen!r} in the notes.")
        st.stop()
    chosen = found[0]
data = graph.nodes[chosen]
name = data["name"]
st.title(name)
st.markdown(link("projects", "← all projects"))
if data.get("aliases"):
    st.caption("Also written: " + ", ".join(esc(a) for a in data["aliases"]))

def _ask(question: str) -> SimpleNamespace:
    return SimpleNamespace(**base.ask(question).to_dict())


discussions = _ask(f"all {name} discussions")
st.subheader("Discussions")
if discussions.answers:
    months = Counter(a["meeting"][:7] for a in discussions.answers)
    st.bar_chart(pd.DataFrame({"month": list(months), "sections": list(months.values())}).set_index("month"))
    for item in discussions.answers:
        st.markdown(f"- {esc(item['meeting'])}: {link('meetings', item['section'], meeting=graph.nodes[item['id']]['meeting'])}")
else:
    st.write("No section is about it yet.")

st.subheader("Who owns and works on it")
owners = _ask(f"who owns {name}?")
if owners.answers:
    for item in owners.answers:
        st.markdown(f"- {link('people', item['name'], person=item['id'])} (score {item.get('score', 0):.2f})")
    with st.expander("Evidence"):
        for item in owners.evidence:
            st.markdown(f"{esc(item['meeting'])} · {esc(item['section'])} · {code(item['source'] + ':' + str(item['line']))}")
            st.markdown("> " + highlight(item["text"], [name]))
else:
    st.write(owners.message)

st.subheader("Issues")
issues = _ask(f"which issues came up about {name}?")
st.markdown(", ".join(esc(a["name"]) for a in issues.answers) or "None referenced.")

st.subheader("Action items")
actions = _ask(f"action items for {name}")
for item in actions.answers:
    st.markdown(f"- {esc(item['meeting'] or '')}: {esc(item['name'])} ({esc(', '.join(item['owners']) or 'no owner')})")
if not actions.answers:
    st.write("None recorded.")
