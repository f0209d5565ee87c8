"""Who chaired (moderated, facilitated, ran) a meeting or took its notes, or which meetings a
person chaired or took notes for: the meeting's header field or the role marked in its
attendee list."""

from __future__ import annotations

from dataclasses import dataclass

from kg.ask.context import Context
from kg.ask.evidence import plural, start, when_text
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.model import Answer, AnswerItem, Evidence


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
    return _role(q, ctx, _CHAIR)


@intent(
    "scribe",
    help="who took the notes (minutes) of a meeting, or which meetings someone took notes for",
    answers="people (by date), or meetings for a person",
    cues={"scribe": 4, "note taker": 4, "notetaker": 4, "take the? note|notes|minutes": 4,
          "minute taker": 4, "write up? the? note|notes|minutes": 4, "notes by": 2},
    fit=_fit,
    examples=[
        "who took notes on 2024-01-09?", "who was the scribe at the last meeting?",
        "who took the minutes of the 2024-02-20 call?", "who was note taker on 9 January 2024?",
        "who wrote the notes of the first call of 2024?", "which meetings did Bob take notes for?",
        "who was taking notes at the 2024-05-14 meeting?", "who scribed the 2024-06-11 call?",
        "who was the notetaker for the last call?", "who took notes at the meeting on Oct 1st 2024?",
        "who wrote up the minutes on 2024-03-05?", "who was scribe on 14/05/2024?",
        "who took the notes for the 2024-07-09 sync?", "who took minutes at the last meeting?",
        "who was the minute taker on 2024-04-16?",
    ],
)
def scribe(q: Question, ctx: Context) -> Answer:
    """Who took each named meeting's notes, from its header field or its ``(scribe)`` mark."""
    return _role(q, ctx, _SCRIBE)


@dataclass(frozen=True)
class _Role:
    field: str
    verb: str


_CHAIR = _Role("chair", "chaired")
_SCRIBE = _Role("scribe", "took notes of")


def _role(q: Question, ctx: Context, role: _Role) -> Answer:
    answer = start(q, ctx)
    if not q.meetings and q.people:
        return _held_by(answer, ctx, q, role)
    meetings = q.meetings or [m for m, d in ctx.meetings if q.in_range(m, d) and (
        q.since or q.until or not q.missing)]  # no date at all: "who usually chairs?" is over every meeting
    if not meetings:
        answer.message = (f"There is no meeting{when_text(q)} in the notes." if q.missing or q.since
                          else "Which meeting? Name a date, or say the first or last meeting.")
        return answer
    if len(meetings) > 1:
        return _holders_of(answer, ctx, meetings, q, role)
    meeting = meetings[0]
    node = ctx.node(meeting)
    answer.entities.append(AnswerItem(id=meeting, type="meeting", name=node.get("date") or meeting))
    person = node.get(role.field)
    if person and person in ctx.graph:
        answer.answers.append(ctx.item(person))
        answer.evidence.append(_evidence(ctx, meeting, role))
    if answer.answers:
        answer.message = f"{answer.answers[0].name} {role.verb} the {ctx.date_of(meeting)} meeting."
    else:
        answer.message = f"The notes of the {ctx.date_of(meeting)} meeting do not name a {role.field}."
    return answer


def _held_by(answer: Answer, ctx: Context, q: Question, role: _Role) -> Answer:
    """The meetings a person chaired (or took notes of)."""
    person = q.people[0]
    for meeting, date in ctx.meetings:
        if q.dated and not q.in_range(meeting, date):
            continue
        if ctx.node(meeting).get(role.field) == person:
            answer.answers.append(AnswerItem(id=meeting, type="meeting", name=date))
            answer.evidence.append(_evidence(ctx, meeting, role))
    answer.answers.sort(key=lambda a: a.name)
    answer.message = f"{ctx.node(person)['name']} {role.verb} {plural(len(answer.answers), 'meeting')}."
    return answer


def _holders_of(answer: Answer, ctx: Context, meetings: list[str], q: Question, role: _Role) -> Answer:
    """Who chaired (or took notes of) several meetings, most often first, with the meetings as
    evidence."""
    chaired: dict[str, list[str]] = {}
    for meeting in meetings:
        person = ctx.node(meeting).get(role.field)
        if person and person in ctx.graph:
            chaired.setdefault(person, []).append(meeting)
    for person, held in sorted(chaired.items(), key=lambda kv: -len(kv[1])):
        answer.answers.append(ctx.item(person, score=len(held)))
        answer.evidence += [_evidence(ctx, m, role) for m in held[:3]]
    shown = ", ".join(f"{a.name} ({plural(int(a.score or 0), 'meeting')})" for a in answer.answers)
    by = "chaired by" if role is _CHAIR else "notes taken by"
    held = f"{plural(len(meetings), 'meeting')}{when_text(q)}"
    answer.message = (f"{held}, {by} {shown}." if shown else f"The notes of {held} name no {role.field}.")
    return answer


def _evidence(ctx: Context, meeting: str, role: _Role) -> Evidence:
    """The header line that names the role (``Moderator: Tim``), else the attendee list."""
    node = ctx.node(meeting)
    written = node.get(f"{role.field}_written")
    if written and role.field in (node.get("header_lines") or {}):
        return ctx.header_evidence(meeting, role.field, written)
    return ctx.attendee_evidence(meeting)
