"""People: a directory, and one person's meetings, projects, actions and colleagues."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st
from common import esc, highlight, link, param, require_notes

from kg.graph import neighbours

base = require_notes()
graph = base.graph
records = base.people()
chosen = param("person")

if not chosen:
    st.title("People")
    needle = st.text_input("Find a person", placeholder="name, first name, handle or initials")
    rows = [r for r in records if not needle or needle.lower() in (r["name"] + " " + " ".join(r["aliases"])).lower()]
    for record in rows:
        st.markdown(f"- {link('people', record['name'], person=record['id'])} · {record['meetings']} meetings"
                    f" · {esc(record['first_seen'] or '')} to {esc(record['last_seen'] or '')}")
    st.stop()

if chosen not in graph:
    found = base.lookup(chosen, ("person",))
    if not found:
        st.error(f"No person called {chosen!r} in the notes.")
        st.stop()
    chosen = found[0]
data = graph.nodes[chosen]
st.title(data["name"])
st.markdown(link("people", "← all people"))
if data.get("aliases"):
    st.caption("Also written: " + ", ".join(esc(a) for a in data["aliases"]))

attended = sorted(((m, d) for m, d in neighbours(graph, chosen, "attended")),
                  key=lambda m: graph.nodes[m[0]].get("date") or "")
chaired = [m for m, d in attended if d.get("role") == "chair"]
col1, col2, col3 = st.columns(3)
col1.metric("Meetings attended", len(attended))
col2.metric("Chair turns", len(chaired))
col3.metric("Action items", len(neighbours(graph, chosen, "owns")))

if attended:
    months = Counter((graph.nodes[m].get("date") or "")[:7] for m, _ in attended)
    st.subheader("Meetings attended over time")
    st.bar_chart(pd.DataFrame({"month": list(months), "meetings": list(months.values())}).set_index("month"))
    st.markdown(", ".join(link("meetings", graph.nodes[m].get("date") or m, meeting=m) for m, _ in attended))

st.subheader("Projects")
works = sorted(neighbours(graph, chosen, "works_on"), key=lambda e: -e[1].get("weight", 0))
for project, info in works[:12]:
    with st.expander(f"{graph.nodes[project]['name']} · weight {info['weight']:.1f}"):
        st.markdown(link("projects", graph.nodes[project]["name"], project=project))
        for item in info.get("evidence", [])[:4]:
            st.markdown(f"{esc(item['meeting'])} · {esc(item['section'])} · line {item['line']}")
            st.markdown("> " + highlight(item["text"], [data["name"], graph.nodes[project]["name"]]))

st.subheader("Action items")
for action, _ in sorted(neighbours(graph, chosen, "owns"), key=lambda a: graph.nodes[a[0]].get("date") or ""):
    node = graph.nodes[action]
    st.markdown(f"- {esc(node.get('date') or '')}: {esc(node['text'])} "
                f"({link('meetings', node['section'], meeting=node['meeting'])}, line {node['line']})")

st.subheader("Meets most often with")
met = Counter()
for meeting, _ in attended:
    for other, _ in neighbours(graph, meeting, "attended", "in"):
        if other != chosen:
            met[other] += 1
st.markdown(", ".join(f"{link('people', graph.nodes[p]['name'], person=p)} ({n})" for p, n in met.most_common(8)))
