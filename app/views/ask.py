"""Ask: one box for a question or a search, the answer with its evidence, then search hits.

Every evidence line and search hit opens its meeting in this tab, at the cited
section, with the cited paragraph highlighted.
"""

from __future__ import annotations

import datetime as dt
import re

import streamlit as st
from common import (
    answer,
    cite,
    esc,
    from_url,
    goto,
    link_row,
    locate,
    md_link,
    memo,
    one_of,
    plural,
    require_notes,
    shown_path,
    snippet_md,
    to_url,
)
from common import people as all_people
from common import projects as all_projects

base = require_notes()
st.title("Ask the notes")

dates = sorted(m["date"] for m in base.meetings() if m["date"])
people = sorted(p["name"] for p in all_people(base))
projects = sorted(p["name"] for p in all_projects(base))
first = dt.date.fromisoformat(dates[0]) if dates else dt.date(2000, 1, 1)
last = dt.date.fromisoformat(dates[-1]) if dates else dt.date.today()


def _day(text: str) -> dt.date:
    return min(max(dt.date.fromisoformat(text), first), last)


with st.sidebar:
    st.header("Filters")
    since = st.date_input("From", min_value=first, max_value=last,
                          key=from_url("ask", "since", first, _day))
    until = st.date_input("To", min_value=first, max_value=last,
                          key=from_url("ask", "until", last, _day))
    person = st.selectbox("Person", [""] + people, key=from_url("ask", "person", "", one_of(people)))
    project = st.selectbox("Project", [""] + projects,
                           key=from_url("ask", "project", "", one_of(projects)))

query = st.text_input("Question or search", key=from_url("ask", "q", ""),
                      placeholder="who owns Bramble?  ·  all Thicket discussions  ·  signing key")
to_url("ask", "q", query.strip())
to_url("ask", "since", since.isoformat() if since != first else None)
to_url("ask", "until", until.isoformat() if until != last else None)
to_url("ask", "person", person)
to_url("ask", "project", project)


def in_range(day: str | None) -> bool:
    return day is None or since.isoformat() <= str(day)[:10] <= until.isoformat()


def show_answers(answers: list[dict]) -> None:
    people_and_projects = [(("people" if a["type"] == "person" else "projects"), a["name"],
                            {"person" if a["type"] == "person" else "project": a["id"]})
                           for a in answers if a["type"] in ("person", "project")]
    if people_and_projects:
        link_row(people_and_projects[:20])
    for item in [a for a in answers if a["type"] not in ("person", "project")][:20]:
        if item["type"] in ("meeting", "section"):
            meeting = item["id"] if item["type"] == "meeting" else f"meeting:{item.get('meeting')}"
            section = item["id"].rsplit("/", 1)[-1] if item["type"] == "section" else ""
            label = item["name"] if item["type"] == "meeting" else f"{item.get('meeting')} · {item['name']}"
            goto("meetings", label, meeting=meeting, section=section)
        elif item["type"] == "action":
            owners = ", ".join(item.get("owners") or []) or "no owner"
            done = " (done)" if item.get("done") else ""
            st.markdown(f"- {esc(item['name'])} — {esc(owners)}{done}"
                        + (f" · {esc(item['meeting'])}" if item.get("meeting") else ""))
        elif item["type"] == "issue":
            st.markdown(f"- {md_link(item['name'], base.graph.nodes.get(item['id'], {}).get('url'))}")
        else:
            st.markdown(f"- {esc(item['name'])}" + (f" ({esc(item['meeting'])})" if item.get("meeting") else ""))


if query.strip():
    is_question = bool(re.match(r"^(who|what|when|where|which|how|all|everything|list|show)\b",
                                query.strip(), re.I)) or query.strip().endswith("?")
    words: list[str] = []
    if is_question:
        reply = answer(base, query)
        evidence = [e for e in reply["evidence"] or reply.get("passages", []) if in_range(e.get("meeting"))]
        words = [e["name"] for e in reply["entities"]] + [a["name"] for a in reply["answers"]
                                                           if a["type"] in ("person", "project")]
        with st.container(border=True, key="answer"):
            st.subheader("Answer")
            st.markdown(esc(reply["message"]))
            show_answers(reply["answers"])
        if evidence:
            st.subheader("Evidence" if reply["evidence"] else "Passages that match")
            for item in evidence[:12]:
                cite(base, item, words)
        elif not reply["answers"]:
            st.info("The notes do not say.")

    st.subheader("Search results")
    terms = query
    if is_question:  # search for what the question is about, not for its wording
        named = [e["name"] for e in reply["entities"] if e.get("type") != "meeting"]
        terms = " OR ".join(f'"{n}"' for n in named) if named else re.sub(
            r"^(who|what|when|where|which|how)\b.*?\b(about|on|for|of|is|was|did|does)\s+", "",
            query.strip(" ?"), flags=re.I)
    window = (since.isoformat() if since != first else None, until.isoformat() if until != last else None)
    try:
        hits, total = memo(base, ("search", terms, person, project, window), lambda: base.search_results(
            terms, limit=20, person=person or None, project=project or None, since=window[0], until=window[1]))
    except (LookupError, ValueError) as exc:
        st.warning(str(exc))
        hits, total = [], 0
    st.caption(f"{plural(total, 'section')} match{'es' if total == 1 else ''}"
               + (f"; the best {len(hits)}" if total > len(hits) else ""))
    for hit in hits:
        where = locate(base, hit.meeting_id, hit.section_id, "", hit.line)
        at = where.pop("at")
        goto("meetings", f"{hit.meeting} · {hit.section}", icon=":material/article:", meeting=hit.meeting_id,
             **where)
        st.markdown(snippet_md(hit.snippet))
        st.caption(md_link(f"{shown_path(base, hit.source)}, {at}", base.source_link(hit.source, hit.line)))
else:
    st.markdown("Ask who owns or leads a project, who was at a call, what someone agreed to do, "
                "when something was last discussed, or search for any words.")
