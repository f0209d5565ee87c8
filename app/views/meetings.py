"""Meetings: the list of meetings, and one meeting's chair, attendees, agenda, sections,
entities and action items, with the cited paragraph highlighted and scrolled to."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from common import (
    action_place,
    esc,
    from_url,
    goto,
    link_row,
    locate,
    md_link,
    memo,
    open_selected,
    param,
    path_names,
    plural,
    require_notes,
    shown_path,
    source_file,
    table,
    to_url,
    web_url,
)

from kg.graph import neighbours, section_id
from kg.model import Note, Paragraph

base = require_notes()
graph = base.graph
records = base.meetings()
ids = [m["id"] for m in records]
chosen = param("meeting")
if chosen and not chosen.startswith("meeting:"):
    chosen = "meeting:" + chosen


def status(action: dict) -> str:
    return action.get("status") or ("done" if action.get("done") else "open")


def meeting_list() -> None:
    st.title("Meetings")
    needle = st.text_input("Find a meeting", placeholder="date, title, person or project",
                           key=from_url("meetings", "find", ""))
    to_url("meetings", "find", needle.strip())
    frame = memo(base, "meetings.frame", meeting_frame)
    shown = list(range(len(records)))
    if needle.strip():
        text = memo(base, "meetings.text", lambda: frame.astype(str).agg(" ".join, axis=1).str.lower())
        shown = [i for i in shown if needle.strip().lower() in text.iloc[i]]
    st.caption(f"{plural(len(shown), 'meeting')} of {len(records)}. Select a row to open the meeting.")
    event = table(frame.iloc[shown].iloc[::-1], "meetings.table", "meetings.csv", rows=16)
    open_selected(event, [ids[i] for i in shown][::-1], "meetings", "meeting")


def meeting_frame() -> pd.DataFrame:
    """Every meeting as a row of the list (built once per store generation)."""
    shown_source = path_names(base)
    return pd.DataFrame([{
        "date": m["date"] or "", "title": m["title"], "chair": m["chair"] or "",
        "attendees": len(m["attendees"]), "sections": len(m["sections"]), "action items": len(m["actions"]),
        "people": ", ".join(m["attendees"]), "projects": ", ".join(m["projects"]), "source": shown_source(m["source"]),
    } for m in records])


def paragraph_md(paragraph: Paragraph) -> str:
    """A paragraph as escaped Markdown, its links kept (web addresses only)."""
    out = esc(paragraph.text)
    for item in paragraph.links:
        label = esc(item.text)
        linked = md_link(item.text, item.url)
        if linked == label:
            continue
        if label and label in out:
            out = out.replace(label, linked, 1)
        else:
            out += " " + md_link(item.url if not item.text else item.text, item.url)
    prefix = {"item": "- ", "quote": "> "}.get(paragraph.kind, "")
    if paragraph.checkbox is not None:
        prefix = "- " + ("☑ " if paragraph.checkbox else "☐ ")
    return prefix + out


def agenda_shown_in_sections(note: Note, agenda: list[str]) -> bool:
    """Whether the agenda items are already written in the note's sections (an Agenda
    section, or headings named after them): then they are not listed twice."""
    texts = {" ".join(p.text.split()) for s in note.sections for p in s.paragraphs}
    texts |= {s.heading for s in note.sections}
    return all(any(" ".join(item.split()) in t for t in texts) for item in agenda)


def header(record: dict, position: int) -> None:
    st.title(esc(record["title"]))
    with st.container(horizontal=True, gap="medium"):
        goto("meetings", "← all meetings")
        if position > 0:
            goto("meetings", "previous: " + (records[position - 1]["date"] or ""), meeting=ids[position - 1])
        if position < len(ids) - 1:
            goto("meetings", "next: " + (records[position + 1]["date"] or ""), meeting=ids[position + 1])
    chair = graph.nodes[record["id"]].get("chair")
    web = base.source_link(record["source"], 1)
    local = source_file(base, record["source"]) is not None and not web_url(web)
    st.markdown(f"**Date** {esc(record['date'] or 'unknown')} · **Chair** "
                + (esc(record["chair"]) if record["chair"] else "not named")
                + ("" if local else f" · **Source** {md_link(shown_path(base, record['source']), web)}"))
    if local:  # the file on this machine: shown below, as written
        goto("meetings", "Source: " + shown_path(base, record["source"]), help="Show the note as written",
             icon=":material/description:", meeting=record["id"], note="1")
    attendees = [("people", graph.nodes[pid]["name"], {"person": pid})
                 for pid, _ in neighbours(graph, record["id"], "attended", "in")]
    if chair and chair in graph:
        attendees.sort(key=lambda a: a[2]["person"] != chair)
    st.markdown(f"**Attendees** ({len(attendees) + len(record['unresolved_attendees'])})")
    link_row(attendees)
    if record["unresolved_attendees"]:
        st.caption("Also listed: " + ", ".join(esc(u) for u in record["unresolved_attendees"]))


def section_tags(sid: str) -> list[tuple[str, str, dict[str, str]]]:
    tags = {}
    for target, _ in neighbours(graph, sid, "mentions") + neighbours(graph, sid, "about"):
        kind = graph.nodes[target]["type"]
        if kind in ("person", "project"):
            page = "people" if kind == "person" else "projects"
            tags[target] = (page, graph.nodes[target]["name"], {kind: target})
    return list(tags.values())


def sections(note: Note, picked: str) -> None:
    cited_section, cited_para, cited_line = param("section"), param("para"), param("line")
    for number, section in enumerate(note.sections):
        sid = section_id(picked, number)
        if section.heading:
            st.subheader(esc(section.heading), anchor=f"section-{number}")
        tags = section_tags(sid) if section.heading else []  # an untitled opening: no tag row
        if tags:
            link_row(tags)
        issues = [md_link(graph.nodes[i]["name"], graph.nodes[i].get("url"))
                  for i, _ in neighbours(graph, sid, "references")]
        if issues:
            st.caption("Issues: " + ", ".join(dict.fromkeys(issues)))
        here = cited_section == str(number)
        items: list[str] = []  # consecutive list items are one Markdown list
        for index, paragraph in enumerate(section.paragraphs):
            cited = here and (str(index) == cited_para if cited_para else str(paragraph.line) == cited_line)
            if items and (cited or paragraph.kind != "item"):
                st.markdown("\n".join(items))
                items = []
            if cited:
                with st.container(border=True, key=f"cited-{index}"):
                    st.markdown(paragraph_md(paragraph))
            elif paragraph.kind == "item":
                items.append(paragraph_md(paragraph))
            else:
                st.markdown(paragraph_md(paragraph))
        if items:
            st.markdown("\n".join(items))


def actions(record: dict) -> None:
    st.subheader("Action items")
    if not record["actions"]:
        st.write("None recorded.")
        return
    for number, action in enumerate(record["actions"]):
        box = "☑" if status(action) == "done" else "☐"
        owners = ", ".join(action["owners"]) or "no owner"
        with st.container(horizontal=True, gap="small", vertical_alignment="center",
                          key=f"action-{number}"):
            st.markdown(f"{box} {esc(action['text'])} — **{esc(owners)}**", width="content")
            place = action_place(base, action["id"]) if action.get("id") else {}
            if place.get("section", "").isdigit():  # shown where it was written, highlighted
                where = locate(base, record["id"], section_id(record["id"], int(place["section"])),
                               action["text"], action["line"])
                goto("meetings", f"{action['section']}, {where.pop('at')}", help="Show it in the note",
                     meeting=record["id"], **where)
            else:
                st.caption(f"{esc(action['section'])}, line {action['line']}")


def scroll_to_cited() -> None:
    """Bring the highlighted paragraph (or the cited section, or the note as written when its
    source was clicked) into view once it is drawn."""
    if param("note") == "1":
        target = "[class*='st-key-note-as-written']"
    elif param("section"):
        st.html("<style>[class*='st-key-cited-'] {background: rgba(255, 196, 0, 0.18); "
                "border-color: rgba(255, 160, 0, 0.9) !important;}</style>")
        target = f"#section-{int(param('section'))}" if param("section").isdigit() else ""
    else:
        return
    st.html("""<script>
(function () {
  let tries = 0;
  function go() {
    const el = document.querySelector("[class*='st-key-cited-']") || document.querySelector("%s");
    if (el) { el.scrollIntoView({block: "center"}); return; }
    if (++tries < 50) setTimeout(go, 100);
  }
  setTimeout(go, 50);
})();
</script>""" % (target or "none"), unsafe_allow_javascript=True)


def meeting_page(picked: str) -> None:
    position = ids.index(picked)
    record = records[position]
    note = base.note(picked)
    header(record, position)
    if record["agenda"] and not (note and agenda_shown_in_sections(note, record["agenda"])):
        st.markdown("**Agenda**\n" + "\n".join(f"1. {esc(a)}" for a in record["agenda"]))
    if note is not None:
        sections(note, picked)
    actions(record)
    path = source_file(base, record["source"])
    if path is not None:
        with st.container(key="note-as-written"), st.expander(
                f"The note as written: {esc(shown_path(base, record['source']))}", expanded=param("note") == "1"):
            st.code(path.read_text(encoding="utf-8", errors="replace")[:200_000], language=None,
                    line_numbers=True)
    scroll_to_cited()


if not chosen:
    meeting_list()
elif chosen not in ids:
    st.error(f"No meeting {esc(chosen.removeprefix('meeting:'))} in the notes.")
    goto("meetings", "← all meetings")
else:
    meeting_page(chosen)
