"""Ask: one box for a question or a search, the answer with its evidence, then search hits."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import streamlit as st
from common import code, esc, from_url, highlight, link, one_of, require_notes, snippet_md, to_url

base = require_notes()
st.title("Ask the notes")

dates = sorted(m["date"] for m in base.meetings() if m["date"])
people = sorted(p["name"] for p in base.people())
projects = sorted(p["name"] for p in base.projects())
first, last = dt.date.fromisoformat(dates[0]), dt.date.fromisoformat(dates[-1])


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

if query.strip():
    in_range = lambda d: d is None or since.isoformat() <= str(d)[:10] <= until.isoformat()  # noqa: E731
    is_question = bool(re.match(r"^(who|what|when|where|which|how|all|everything|list|show)\b",
                                query.strip(), re.I)) or query.strip().endswith("?")
    if is_question:
        reply = base.ask(query).to_dict()
        answer = SimpleNamespace(**reply, passages=reply.get("passages", []))
        evidence = [e for e in answer.evidence or answer.passages if in_range(e.get("meeting"))]
        with st.container(border=True):
            st.subheader("Answer")
            st.markdown(esc(answer.message))
            names = []
            for item in answer.answers:
                if item["type"] == "person":
                    names.append(link("people", item["name"], person=item["id"]))
                elif item["type"] == "project":
                    names.append(link("projects", item["name"], project=item["id"]))
                elif item["type"] == "meeting":
                    names.append(link("meetings", item["name"], meeting=item["id"]))
                elif item["type"] == "action":
                    names.append(f"{esc(item['name'])} ({esc(', '.join(item['owners']) or 'no owner')})")
                else:
                    names.append(esc(item["name"]) + (f" ({esc(item['meeting'])})" if item.get("meeting") else ""))
            if names:
                st.markdown("\n".join(f"- {n}" for n in names[:20]))
            st.caption(f"intent: {answer.intent}")
        if evidence:
            st.subheader("Evidence" if answer.evidence else "Passages that match")
            words = [e["name"] for e in answer.entities] + [a["name"] for a in answer.answers
                                                            if a["type"] in ("person", "project")]
            for item in evidence[:12]:
                meeting_id = item.get("meeting_id") or f"meeting:{item['meeting']}"
                st.markdown(f"**{esc(item['meeting'])}** · {link('meetings', item['section'], meeting=meeting_id, section=item['section'].replace(' ', '+'))}"
                            f" · {code(item['source'] + ':' + str(item['line']))}")
                st.markdown("> " + highlight(item["text"], words))
        elif not answer.answers:
            st.info("The notes do not say.")

    st.subheader("Search results")
    terms = query
    if is_question:  # search for what the question is about, not for its wording
        named = [e["name"] for e in answer.entities if e.get("type") != "meeting"]
        terms = " OR ".join(f'"{n}"' for n in named) if named else re.sub(
            r"^(who|what|when|where|which|how)\b.*?\b(about|on|for|of|is|was|did|does)\s+", "",
            query.strip(" ?"), flags=re.I)
    try:
        hits, total = base.search_results(terms, limit=20, person=person or None,
                                          project=project or None, since=since.isoformat(),
                                          until=until.isoformat())
    except (LookupError, ValueError) as exc:
        st.warning(str(exc))
        hits, total = [], 0
    st.caption(f"{total} section(s) match")
    for hit in hits:
        st.markdown(f"**{esc(hit.meeting)}** · {link('meetings', hit.section, meeting=hit.meeting_id)}"
                    f" · {code(hit.source + ':' + str(hit.line))}")
        st.markdown(snippet_md(hit.snippet))
else:
    st.markdown("Ask who owns or leads a project, who was at a call, what someone agreed to do, "
                "when something was last discussed, or search for any words.")
