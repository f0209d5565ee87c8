"""People: a directory, and one person's meetings, projects, action items and colleagues."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st
from common import (
    action_place,
    cite,
    esc,
    from_url,
    goto,
    link_row,
    month_chart,
    open_selected,
    owed_to,
    param,
    plural,
    require_notes,
    table,
    to_url,
)
from common import people as all_people

from kg.graph import neighbours

base = require_notes()
graph = base.graph


def directory() -> None:
    st.title("People")
    records = all_people(base)
    needle = st.text_input("Find a person", placeholder="name, first name, handle or initials",
                           key=from_url("people", "find", "")).strip()
    to_url("people", "find", needle)
    needle = needle.lower()
    rows = [r for r in records
            if not needle or needle in (r["name"] + " " + " ".join(r["aliases"])).lower()]
    st.caption(f"{plural(len(rows), 'person', 'people')} of {len(records)}. "
               "Select a row to open the person's page; click a column to sort.")
    frame = pd.DataFrame([{"name": r["name"], "meetings attended": r["meetings"],
                           "mentioned in": r["mentioned_in"], "first seen": r["first_seen"] or "",
                           "last seen": r["last_seen"] or "", "also written": ", ".join(r["aliases"])}
                          for r in rows], columns=["name", "meetings attended", "mentioned in",
                                                   "first seen", "last seen", "also written"])
    event = table(frame, "people.table", "people.csv", rows=16)
    open_selected(event, [r["id"] for r in rows], "people", "person")


def status(node: dict) -> str:
    return node.get("status") or ("done" if node.get("done") else "open")


def action_rows(actions: list[str]) -> pd.DataFrame:
    rows = []
    for action in sorted(actions, key=lambda a: graph.nodes[a].get("date") or ""):
        node = graph.nodes[action]
        rows.append({"date": node.get("date") or "", "status": status(node), "action": node["text"],
                     "owners": ", ".join(node["owners"]) or "(no owner)", "section": node["section"],
                     "line": node["line"]})
    return pd.DataFrame(rows, columns=["date", "status", "action", "owners", "section", "line"])


def actions_of(person: str, name: str) -> None:
    st.subheader("Action items")
    owes = [a for a, _ in neighbours(graph, person, "owns")]
    owed = owed_to(base, person)
    tab_owes, tab_owed = st.tabs([f"What {name} owes ({len(owes)})", f"Owed to {name} ({len(owed)})"])
    for tab, actions, key in ((tab_owes, owes, "owes"), (tab_owed, owed, "owed")):
        with tab:
            if not actions:
                st.write("None recorded.")
                continue
            frame = action_rows(actions)
            ordered = sorted(actions, key=lambda a: graph.nodes[a].get("date") or "")
            event = table(frame, f"people.{key}", f"{key}.csv", wrap=True)
            if event is not None and event.selection.rows:
                st.switch_page("views/meetings.py",
                               query_params=action_place(base, ordered[event.selection.rows[0]]))


def projects_of(person: str, name: str) -> None:
    """The projects they are most involved in, as links, and the sentences that tie them to
    one of them (the first, or the one chosen)."""
    st.subheader("Projects")
    works = sorted(neighbours(graph, person, "works_on"), key=lambda e: -e[1].get("weight", 0))[:10]
    if not works:
        st.write("No project is tied to them yet.")
        return
    st.caption("Most involved first, with the number of sentences that tie them to each; a sentence "
               "saying they lead, own or work on a project counts for more than one that only names "
               "them both.")
    count = {p: info.get("count", len(info.get("evidence", []))) for p, info in works}
    link_row([("projects", f"{graph.nodes[p]['name']} ({count[p]})", {"project": p}) for p, _ in works])
    shown = st.selectbox("The sentences that tie them to", [p for p, _ in works], key=f"people.{person}.about",
                         format_func=lambda p: f"{graph.nodes[p]['name']} ({plural(count[p], 'sentence')})")
    project_name = graph.nodes[shown]["name"]
    for item in dict(works)[shown].get("evidence", [])[:3]:
        cite(base, item, [name, project_name, *graph.nodes[person].get("aliases", [])])


def person_page(chosen: str) -> None:
    data = graph.nodes[chosen]
    name = data["name"]
    st.title(esc(name))
    goto("people", "← all people")
    if data.get("aliases"):
        st.caption("Also written: " + ", ".join(esc(a) for a in data["aliases"]))
    attended = sorted(neighbours(graph, chosen, "attended"), key=lambda m: graph.nodes[m[0]].get("date") or "")
    chaired = [m for m, d in attended if d.get("role") == "chair"]
    owns = [graph.nodes[a] for a, _ in neighbours(graph, chosen, "owns")]
    col1, col2, col3 = st.columns(3)
    col1.metric("Meetings attended", len(attended))
    col2.metric("Chair turns", len(chaired))
    col3.metric("Action items", len(owns),
                help=f"{sum(status(a) == 'open' for a in owns)} open, {sum(status(a) == 'done' for a in owns)} done")
    if attended:
        st.subheader("Meetings attended over time")
        month_chart([graph.nodes[m].get("date") for m, _ in attended], "meetings")
        with st.expander(f"The {plural(len(attended), 'meeting')}"):
            frame = pd.DataFrame([{"date": graph.nodes[m].get("date") or "", "title": graph.nodes[m]["name"],
                                   "role": d.get("role") or ""} for m, d in attended])
            open_selected(table(frame, "people.meetings", "meetings.csv"), [m for m, _ in attended],
                          "meetings", "meeting")
    projects_of(chosen, name)
    actions_of(chosen, name)
    st.subheader("Meets most often with")
    met = Counter(other for meeting, _ in attended for other, _ in neighbours(graph, meeting, "attended", "in")
                  if other != chosen)
    link_row([("people", f"{graph.nodes[p]['name']} ({n})", {"person": p}) for p, n in met.most_common(10)])


chosen = param("person")
if not chosen:
    directory()
else:
    if chosen not in graph or graph.nodes[chosen].get("type") != "person":
        found = base.lookup(chosen, ("person",))
        if not found:
            st.error(f"No person called {esc(chosen)} in the notes.")
            goto("people", "← all people")
            st.stop()
        chosen = found[0]
    person_page(chosen)
