"""Projects: a directory, and one project's discussions, owners, issues and action items."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from common import (
    action_place,
    answer,
    cite,
    esc,
    from_url,
    goto,
    link_row,
    md_link,
    month_chart,
    open_selected,
    param,
    plural,
    require_notes,
    table,
    to_url,
)
from common import actions as all_actions
from common import projects as all_projects

base = require_notes()
graph = base.graph


def directory() -> None:
    st.title("Projects")
    records = all_projects(base)
    needle = st.text_input("Find a project", key=from_url("projects", "find", "")).strip()
    to_url("projects", "find", needle)
    needle = needle.lower()
    rows = [r for r in records
            if not needle or needle in (r["name"] + " " + " ".join(r["aliases"])).lower()]
    st.caption(f"{plural(len(rows), 'project')} of {len(records)}. "
               "Select a row to open the project's page; click a column to sort.")
    frame = pd.DataFrame([{"name": r["name"], "meetings": r["meetings"], "first seen": r["first_seen"] or "",
                           "last seen": r["last_seen"] or "", "repositories": ", ".join(r.get("repos", [])),
                           "also written": ", ".join(r["aliases"])} for r in rows],
                         columns=["name", "meetings", "first seen", "last seen", "repositories",
                                  "also written"])
    open_selected(table(frame, "projects.table", "projects.csv", rows=16), [r["id"] for r in rows],
                  "projects", "project")


def discussions(name: str) -> None:
    found = answer(base, f"all {name} discussions")
    sections = [a for a in found["answers"] if a["type"] == "section"]
    st.subheader("Discussions")
    if not sections:
        st.write("No section is about it yet.")
        return
    st.caption(esc(found["message"]))
    month_chart([a["meeting"] for a in sections], "sections")
    rows = sorted(sections, key=lambda a: a["meeting"] or "", reverse=True)
    frame = pd.DataFrame([{"date": a["meeting"], "section": a["name"]} for a in rows])
    event = table(frame, "projects.discussions", "discussions.csv")
    if event is not None and event.selection.rows:
        picked = rows[event.selection.rows[0]]
        st.switch_page("views/meetings.py", query_params={
            "meeting": graph.nodes[picked["id"]]["meeting"], "section": picked["id"].rsplit("/", 1)[-1]})


def owners(name: str) -> None:
    st.subheader("Who owns and works on it")
    found = answer(base, f"who owns {name}?")
    people = [a for a in found["answers"] if a["type"] == "person"]
    if not people:
        st.write(esc(found["message"]))
        return
    st.markdown(esc(found["message"]))
    link_row([("people", a["name"], {"person": a["id"]}) for a in people])
    if found["evidence"]:
        with st.expander(f"Evidence ({plural(len(found['evidence']), 'sentence')})"):
            for item in found["evidence"][:6]:
                cite(base, item, [name] + [a["name"] for a in people])
            if len(found["evidence"]) > 6:
                goto("ask", f"All {len(found['evidence'])} sentences", q=f"who owns {name}?")


def issues(project: str) -> None:
    """The project's own issues, then those referenced in sections about it."""
    st.subheader("Issues")
    ids = [u for u, _, k in graph.in_edges(project, keys=True) if k == "in_repo"]
    sections = [s for s, _, k in graph.in_edges(project, keys=True) if k == "about"]
    ids += [i for s in sections for _, i, k in graph.out_edges(s, keys=True) if k == "references"]
    ids = list(dict.fromkeys(ids))
    if not ids:
        st.write("None referenced.")
        return
    st.markdown(", ".join(md_link(graph.nodes[i]["name"], graph.nodes[i].get("url")) for i in ids
                          if i in graph))


def actions(project: str) -> None:
    """The action items about the project (the extraction tied them to it)."""
    st.subheader("Action items")
    name = graph.nodes[project]["name"]
    items = [a for a in all_actions(base) if name in a["projects"]]
    if not items:
        st.write("None recorded.")
        return
    frame = pd.DataFrame([{"date": a["meeting"] or "", "status": a.get("status") or ("done" if a["done"] else "open"),
                           "action": a["text"], "owners": ", ".join(a["owners"]) or "(no owner)"}
                          for a in items])
    event = table(frame, "projects.actions", "actions.csv", wrap=True)
    if event is not None and event.selection.rows:
        place = action_place(base, items[event.selection.rows[0]]["id"])
        if place["meeting"]:
            st.switch_page("views/meetings.py", query_params=place)


def project_page(chosen: str) -> None:
    data = graph.nodes[chosen]
    name = data["name"]
    st.title(esc(name))
    goto("projects", "← all projects")
    if data.get("aliases"):
        st.caption("Also written: " + ", ".join(esc(a) for a in data["aliases"]))
    discussions(name)
    owners(name)
    issues(chosen)
    actions(chosen)


chosen = param("project")
if not chosen:
    directory()
else:
    if chosen not in graph or graph.nodes[chosen].get("type") != "project":
        found = base.lookup(chosen, ("project",))
        if not found:
            st.error(f"No project called {esc(chosen)} in the notes.")
            goto("projects", "← all projects")
            st.stop()
        chosen = found[0]
    project_page(chosen)
