"""What happened on a date, in a month or year, or at the first or last meeting."""

from __future__ import annotations

from kg.ask.context import Context, heading_key, structural_headings
from kg.ask.evidence import plural, start, when_text
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.model import Answer, AnswerItem


def _fit(q: Question) -> float:
    return (2.0 if q.dated else -4.0) - (2.0 if q.topic else 0.0)


@intent(
    "dates",
    help="what happened on a date, in a month or at the last meeting",
    answers="sections (type section, with meeting and section), in meeting order",
    cues={"happen": 3, "what * discuss|cover|talk": 1.5, "summary|summarise|summarize|recap": 2,
          "agenda": 1.5, "what * on the agenda": 2, "go on": 2, "news": 1, "what be new": 2,
          "how many =meetings|=calls|=sessions|=syncs": 6, "list * =meetings|=calls": 4,
          "which|what =meetings|=calls be there|hold": 4},
    fit=_fit,
    examples=[
        "what happened in May 2024?", "what happened on 2024-01-09?", "what happened at the last meeting?",
        "what did we discuss at the first meeting?", "what was discussed on 9 January 2024?",
        "summary of the 2024-03-05 call", "what was on the agenda on 2024-05-14?",
        "what happened in 2024?", "recap of the last call", "what went on in June 2024?",
        "what did we talk about on 2024-02-20?", "what was covered at the 2024-04-16 meeting?",
        "what was new at the last meeting?", "what happened during March 2024?",
        "summarise the 2024-07-09 meeting", "what was discussed in the first call of 2025?",
        "how many meetings were there in 2024?", "list the meetings in March 2024",
        "which calls were held in May 2024?", "how many calls did we have?",
    ],
)
def dates(q: Question, ctx: Context) -> Answer:
    """The sections of the meetings the question names, skipping structure (agenda, attendees)."""
    answer = start(q, ctx)
    listing = _lists_meetings(q)
    meetings = q.meetings or [m for m, d in ctx.meetings if (q.dated or listing) and q.in_range(m, d)]
    if listing and meetings:
        return _meetings(answer, ctx, q, meetings)
    structural = structural_headings(ctx)
    for meeting in meetings:
        answer.entities.append(AnswerItem(id=meeting, type="meeting", name=ctx.date_of(meeting)))
        for section in ctx.sections(meeting):
            heading = ctx.node(section).get("heading") or ""
            if heading_key(heading) in structural or not ctx.rows(section):
                continue
            answer.answers.append(AnswerItem(id=section, type="section", name=ctx.node(section)["name"],
                                             meeting=ctx.date_of(meeting), section=ctx.node(section)["name"]))
            answer.evidence.append(ctx.section_evidence(section))
    if not meetings:
        answer.message = f"There is no meeting{when_text(q)} in the notes."
    else:
        answer.message = (f"{plural(len(meetings), 'meeting')}, {plural(len(answer.answers), 'topic')}: "
                          + "; ".join(a.name for a in answer.answers[:8]) + ".")
    return answer


def _lists_meetings(q: Question) -> bool:
    """"How many meetings were there in 2024?", "list the calls in March": the meetings themselves."""
    words = [t.lower for t in q.tokens]
    asks = ("how" in words and "many" in words) or "list" in words or (
        words[:1] in (["which"], ["what"]) and any(w in ("there", "held") for w in words))
    return asks and any(w in ("meetings", "calls", "sessions", "syncs") for w in words)


def _meetings(answer: Answer, ctx: Context, q: Question, meetings: list[str]) -> Answer:
    for meeting in meetings:
        node = ctx.node(meeting)
        answer.answers.append(AnswerItem(id=meeting, type="meeting", name=ctx.date_of(meeting),
                                         meeting=ctx.date_of(meeting), section=node.get("title")))
    first, last = ctx.date_of(meetings[0]), ctx.date_of(meetings[-1])
    answer.message = (f"{plural(len(meetings), 'meeting')}{when_text(q)}"
                      + (f", from {first} to {last}." if len(meetings) > 1 else f", on {first}."))
    return answer
