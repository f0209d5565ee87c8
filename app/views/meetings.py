"""Meetings: one meeting's chair, attendees, agenda, sections, entities and actions."""

from __future__ import annotations

import streamlit as st
from common import code, esc, from_url, link, one_of, require_notes, to_url

from kg.graph import neighbours, section_id

base = require_notes()
graph = base.graph
records = base.meetings()
ids = [m["id"] for m in records]
labels = {m["id"]: f"{m['date'] or '(no date)'} · {m['title']}" for m in records}


def _meeting(text: str) -> str:
    text = text if text.startswith("meeting:") else "meeting:" + text
    return one_of(ids)(text)


picked = st.selectbox("Meeting", ids, format_func=labels.get,
                      key=from_url("meetings", "meeting", ids[-1], _meeting))
to_url("meetings", "meeting", picked)
record = records[ids.index(picked)]
note = base.note(picked)

st.title(record["title"])
position = ids.index(picked)
nav = st.columns(2)
if position > 0:
    nav[0].markdown(link("meetings", "← previous: " + (records[position - 1]["date"] or ""), meeting=ids[position - 1]))
if position < len(ids) - 1:
    nav[1].markdown(link("meetings", "next: " + (records[position + 1]["date"] or "") + " →", meeting=ids[position + 1]))
st.markdown(f"**Date** {esc(record['date'] or 'unknown')} · **Chair** "
            + (link("people", record["chair"], person=graph.nodes[picked].get("chair") or "")
               if record["chair"] else "not named")
            + f" · {code(record['source'])}")
attendees = [link("people", name, person=pid) for pid, _ in neighbours(graph, picked, "attended", "in")
             for name in [graph.nodes[pid]["name"]]]
st.markdown("**Attendees** " + ", ".join(attendees + [esc(u) for u in record["unresolved_attendees"]]))
if record["agenda"]:
    st.markdown("**Agenda**\n" + "\n".join(f"1. {esc(a)}" for a in record["agenda"]))

for number, section in enumerate(note.sections if note else []):
    sid = section_id(picked, number)
    st.subheader(section.heading or "(top)", anchor=section.heading.replace(" ", "-") if section.heading else None)
    tags = []
    for target, _ in neighbours(graph, sid, "mentions") + neighbours(graph, sid, "references"):
        kind = graph.nodes[target]["type"]
        page = {"person": "people", "project": "projects"}.get(kind)
        label = graph.nodes[target]["name"]
        tags.append(link(page, label, **{"person" if kind == "person" else "project": target}) if page
                    else esc(label))
    if tags:
        st.caption(" · ".join(dict.fromkeys(tags)))
    for paragraph in section.paragraphs:
        prefix = "- " if paragraph.kind == "item" else ""
        st.markdown(f"{prefix}{esc(paragraph.text)}")

st.subheader("Action items")
for action in record["actions"]:
    st.markdown(f"- {esc(action['text'])} — {esc(', '.join(action['owners']) or 'no owner')}"
                f" ({esc(action['section'])}, line {action['line']})")
if not record["actions"]:
    st.write("None recorded.")
