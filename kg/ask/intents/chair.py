"""Who chaired (moderated, facilitated, ran) a meeting, or which meetings a person chaired."""

from __future__ import annotations

from kg.ask.context import Context
from kg.ask.evidence import plural, start, when_text
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.model import Answer, AnswerItem


def _fit(q: Question) -> float:
    return 2.0 if q.dated else (0.5 if q.people else -2.5)


@intent(
    "chair",
    help="who chaired, moderated or ran a meeting, or which meetings someone chaired",
    answers="people (by date), or meetings for a person",
    cues={"chair": 4, "chairperson": 4, "chairman": 4, "chairwoman": 4, "moderate": 4,
          "moderator": 4, "facilitate": 4, "facilitator": 4, "host": 3, "run": 2, "lead": 1,
          "in charge": 1, "preside": 4, "administrator": 3},
    fit=_fit,
    examples=[
        "who chaired the 2024-01-09 call?", "who was chairing on Oct 1st 2024?",
        "who ran the 2 December 2024 meeting?", "who chaired the first call of 2024?",
        "who was the chair at the last meeting?", "who moderated the call on 2024-05-14?",
        "who facilitated the 2024-06-11 meeting?", "who ran the call on 9 January 2024?",
        "who hosted the 2024-02-20 sync?", "who led the 2024-03-05 call?",
        "who was the moderator on 2024-04-16?", "who was in charge of the 2024-07-09 meeting?",
        "which meetings did Lena chair?", "who chaired the 10/12/2024 meeting",
        "who was chair for the 14/05/2024 call?", "who moderated the last call?",
    ],
)
def chair(q: Question, ctx: Context) -> Answer:
    """The chair of each meeting named, from its header field or its ``(chair)`` mark."""
    answer = start(q, ctx)
    if not q.meetings and q.people:
        person = q.people[0]
        for meeting, data in ctx.edges(person, "attended"):
            if q.dated and not q.in_range(meeting, ctx.date_of(meeting)):
                continue
            if data.get("role") == "chair" or ctx.node(meeting).get("chair") == person:
                answer.answers.append(AnswerItem(id=meeting, type="meeting", name=ctx.date_of(meeting)))
                answer.evidence.append(ctx.attendee_evidence(meeting))
        answer.answers.sort(key=lambda a: a.name)
        answer.message = f"{ctx.node(person)['name']} chaired {plural(len(answer.answers), 'meeting')}."
        return answer
    meetings = q.meetings or [m for m, d in ctx.meetings if (q.since or q.until) and q.in_range(m, d)]
    if not meetings:
        answer.message = (f"There is no meeting{when_text(q)} in the notes." if q.missing or q.since
                          else "Which meeting? Name a date, or say the first or last meeting.")
        return answer
    if len(meetings) > 1:
        return _chairs_of(answer, ctx, meetings, q)
    for meeting in meetings:
        node = ctx.node(meeting)
        answer.entities.append(AnswerItem(id=meeting, type="meeting", name=node.get("date") or meeting))
        person = node.get("chair")
        if person and person in ctx.graph:
            answer.answers.append(ctx.item(person))
            written = node.get("chair_written")
            answer.evidence.append(ctx.header_evidence(meeting, "chair", written) if written
                                   else ctx.attendee_evidence(meeting))
    if answer.answers:
        answer.message = f"{answer.answers[0].name} chaired the {ctx.date_of(q.meetings[0])} meeting."
    else:
        answer.message = f"The notes of the {ctx.date_of(q.meetings[0])} meeting do not name a chair."
    return answer


def _chairs_of(answer: Answer, ctx: Context, meetings: list[str], q: Question) -> Answer:
    """Who chaired several meetings, most often first, each with the meetings as evidence."""
    chaired: dict[str, list[str]] = {}
    for meeting in meetings:
        person = ctx.node(meeting).get("chair")
        if person and person in ctx.graph:
            chaired.setdefault(person, []).append(meeting)
    for person, held in sorted(chaired.items(), key=lambda kv: -len(kv[1])):
        answer.answers.append(ctx.item(person, score=len(held)))
        answer.evidence += [ctx.attendee_evidence(m) for m in held[:3]]
    shown = ", ".join(f"{a.name} ({plural(int(a.score or 0), 'meeting')})" for a in answer.answers)
    answer.message = (f"{plural(len(meetings), 'meeting')}{when_text(q)}, chaired by {shown}." if shown
                      else f"The notes of {plural(len(meetings), 'meeting')}{when_text(q)} name no chair.")
    return answer
