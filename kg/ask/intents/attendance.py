"""Who attended a meeting, or which meetings a person attended or spoke at."""

from __future__ import annotations

import re

from kg.ask.context import Context
from kg.ask.evidence import names, plural, start, when_text
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.model import Answer, AnswerItem


def _fit(q: Question) -> float:
    return (1.5 if q.meetings or q.missing else 0.0) + (1.0 if q.people else 0.0) - (
        0.0 if q.dated or q.people else 1.0)


@intent(
    "attendance",
    help="who attended a meeting, or which meetings someone attended",
    answers="people (by date), or meetings (type meeting, name = date) for a person",
    cues={"attend": 3, "attendee": 3, "attendance": 3, "=present": 2, "join": 2.5,
          "who be? on": 1.5, "who be? at": 1.5, "who be? in": 1, "who be? there": 1.5,
          "who come": 1.5, "show up": 2, "make it to": 2, "roll call": 2, "participant": 1.5,
          "which|what call|meeting|one|session * at|on|in|to": 2.5, "go to": 1, "be there": 1.5,
          "which|what people|person|folks|attendee * on|at|in": 2.5, "when * attend|join|come": 2,
          "be * at|on * =call|=meeting|=sync": 1.5, "miss|skip": 2.5, "absent|absence": 2.5},
    fit=_fit,
    examples=[
        "who attended the call on 2024-01-09?", "who was on the 2014-10-14 call?",
        "who was at the meeting on 3 March 2025?", "who was present at the 2024-03-05 meeting?",
        "who joined the call on 28 May 2024", "which people were on the Sept 16th 2024 call?",
        "who was in the meeting on 2024-08-06?", "attendees of the 2024-01-23 call",
        "list everyone who attended the last meeting", "who showed up on 2024-02-20?",
        "attendance for the 2024-05-14 sync", "which calls did Lena Hofmann attend?",
        "what meetings was Bob at?", "which meetings did Kwame go to?",
        "which calls was Noor on?", "how many calls did Lena attend?",
        "who was there on 9 January 2024?", "when did Bob join the calls?",
        "was Lena at the 2024-03-05 call?", "which meetings did Kwame miss?",
        "who attended the most meetings?", "who came to the calls most often in 2024?",
    ],
)
def attendance(q: Question, ctx: Context) -> Answer:
    """Attendance by date from the attendee lists; by person, meetings attended or spoken at."""
    answer = start(q, ctx)
    by_person = q.people and (not q.meetings or q.tokens[0].lower in (
        "which", "what", "how", "when", "was", "were", "did", "is"))  # "was Ann at the D call?"
    if by_person:
        _of_person(answer, q, ctx, q.people[0])
        return answer
    if not q.meetings and not q.missing and _ranks(q):
        return _most_often(answer, ctx, q)
    if not q.meetings:
        answer.message = (f"There is no meeting{when_text(q)} in the notes." if q.missing
                          else f"The notes show no one called {q.topic} at any meeting." if q.topic
                          else "Which meeting? Name a date, or say the first or last meeting.")
        return answer
    for meeting in q.meetings:
        date = ctx.node(meeting).get("date")
        answer.entities.append(AnswerItem(id=meeting, type="meeting", name=date or meeting))
        people = [(p, d) for p, d in ctx.edges(meeting, "attended", "in")]
        for person, data in people:
            answer.answers.append(ctx.item(person, role=data.get("role")))
        if people or ctx.node(meeting).get("attendees_written"):
            answer.evidence.append(ctx.attendee_evidence(meeting))
    shown = [a.name for a in answer.answers]
    date = ctx.date_of(q.meetings[0])
    if shown:
        answer.message = (f"{plural(len(shown), 'person', 'people')} attended the {date} meeting: "
                          f"{names(shown, 12)}.")
    elif _speakers(answer, ctx, q.meetings[0]):
        shown = [a.name for a in answer.answers]
        answer.message = (f"The notes of the {date} meeting list no attendees; "
                          f"{plural(len(shown), 'person', 'people')} spoke: {names(shown, 12)}.")
    else:
        answer.message = f"The notes of the {date} meeting list no attendees."
    return answer


def _speakers(answer: Answer, ctx: Context, meeting: str) -> bool:
    """Without an attendee list, the people who had a turn, each with their first turn."""
    first: dict[str, tuple[int, str, str]] = {}
    for section in ctx.sections(meeting):
        for row in ctx.rows(section):
            if row.speaker and row.speaker in ctx.graph and row.speaker not in first:
                first[row.speaker] = (row.line, section, row.text)
    for person, (line, section, text) in sorted(first.items(), key=lambda kv: kv[1][0]):
        answer.answers.append(ctx.item(person))
        answer.evidence.append(ctx.evidence(section, line, text))
    return bool(first)


def _of_person(answer: Answer, q: Question, ctx: Context, person: str) -> None:
    attended = {m for m, _ in ctx.edges(person, "attended")}
    spoke = {ctx.node(s)["meeting"] for s, d in ctx.edges(person, "mentions", "in")
             if d.get("spoke")}
    if _MISSED_RE.search(q.text):
        _missed(answer, q, ctx, person, attended | spoke)
        return
    meetings = sorted((m for m in attended | spoke if q.in_range(m, ctx.date_of(m)) or not q.dated),
                      key=ctx.date_of)
    for meeting in meetings:
        answer.answers.append(AnswerItem(id=meeting, type="meeting", name=ctx.date_of(meeting) or meeting,
                                         title=ctx.node(meeting)["name"]))
        if meeting in attended:
            answer.evidence.append(ctx.attendee_evidence(meeting))
        else:
            answer.evidence.append(_spoke_evidence(ctx, meeting, person))
    name = ctx.node(person)["name"]
    if q.meetings:
        asked = ", ".join(ctx.date_of(m) for m in q.meetings)
        answer.message = (f"Yes: {name} was at the {asked} meeting." if meetings
                          else f"The notes do not show {name} at the {asked} meeting.")
    elif meetings:
        answer.message = (f"{name} attended or spoke at {plural(len(meetings), 'meeting')}, "
                          f"from {answer.answers[0].name} to {answer.answers[-1].name}.")
    else:
        answer.message = f"The notes do not show {name} at any meeting."


_MISSED_RE = re.compile(r"\b(?:miss(?:ed|es)?|skip(?:ped|s)?|absent|absence|not (?:at|on|in))\b", re.I)


def _missed(answer: Answer, q: Question, ctx: Context, person: str, present: set[str]) -> None:
    """The meetings with an attendee list that does not have the person (and where they did not speak)."""
    listed = [m for m, d in ctx.meetings if ctx.node(m).get("attendees_written") and m not in present
              and (not q.dated or q.in_range(m, d))]
    for meeting in listed:
        answer.answers.append(AnswerItem(id=meeting, type="meeting", name=ctx.date_of(meeting),
                                         title=ctx.node(meeting)["name"]))
        answer.evidence.append(ctx.attendee_evidence(meeting))
    name = ctx.node(person)["name"]
    answer.message = (f"{name} is not on the attendee list of {plural(len(listed), 'meeting')}." if listed
                      else f"{name} is on the attendee list of every meeting that has one.")


def _spoke_evidence(ctx: Context, meeting: str, person: str):  # type: ignore[no-untyped-def]
    for section in ctx.sections(meeting):
        for row in ctx.rows(section):
            if row.speaker == person:
                return ctx.evidence(section, row.line, row.text)
    return ctx.attendee_evidence(meeting)


def _ranks(q: Question) -> bool:
    """"Who attended the most meetings?", "who comes most often?", "who are the regulars?"."""
    return any(t.lower in ("most", "often", "regular", "regulars", "regularly", "frequently", "usually")
               for t in q.tokens)


def _most_often(answer: Answer, ctx: Context, q: Question) -> Answer:
    """People by how many of the meetings (in the dates asked) list them, most first."""
    meetings = [m for m, d in ctx.meetings if q.in_range(m, d)]
    count: dict[str, int] = {}
    for meeting in meetings:
        for person, _ in ctx.edges(meeting, "attended", "in"):
            count[person] = count.get(person, 0) + 1
    ranked = sorted(count.items(), key=lambda kv: (-kv[1], ctx.node(kv[0])["name"]))
    for person, n in ranked[:20]:
        answer.answers.append(ctx.item(person, score=n))
    for meeting in meetings[-3:] if ranked else []:
        answer.evidence.append(ctx.attendee_evidence(meeting))
    shown = ", ".join(f"{a.name} ({a.score:.0f})" for a in answer.answers[:8])
    answer.message = (f"Of {plural(len(meetings), 'meeting')}{when_text(q)}, the attendee lists name most "
                      f"often: {shown}." if ranked else
                      f"The notes of {plural(len(meetings), 'meeting')}{when_text(q)} list no attendees.")
    return answer
