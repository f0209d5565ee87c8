"""Who spoke about, or took part in the discussion of, a topic (on a date)."""

from __future__ import annotations

from collections import Counter

from kg.ask.context import Context
from kg.ask.evidence import names, plural, start, topic_name, when_text
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.ask.topics import SectionMatch, Topic, find_sections
from kg.model import Answer, Evidence


def _fit(q: Question) -> float:
    who = bool(q.tokens) and q.tokens[0].lower == "who"
    return (0.0 if q.topic else -3.0) + (0.5 if who else -3.0)


@intent(
    "participants",
    help="who spoke about or took part in a discussion, on a date or ever",
    answers="people, most active first (the speakers where the notes record speakers)",
    cues={"speak": 3, "talk": 2, "discuss": 2.5, "comment": 2, "take part": 3, "participate": 3,
          "involve": 2, "contribute": 2, "who be? in|part * discussion|conversation|debate|demo": 3,
          "mention": 1.5, "bring up": 2, "weigh in": 3, "chime in": 3, "say": 1.5,
          "discussion|conversation|debate": 1},
    fit=_fit,
    examples=[
        "who spoke about the importer on 2024-01-09?", "who took part in the Thicket discussion?",
        "who talked about the release on 2024-03-05?", "who discussed fern-sync?",
        "who was in the search discussion on 2024-05-14?", "who has talked about Bramble?",
        "who commented on the CI changes?", "who participated in the roadmap debate?",
        "who was involved in the hackathon discussions?", "who spoke in the plugin discussion on 2024-06-11?",
        "who mentioned the memory leak?", "who brought up the website?",
        "who weighed in on the licence question?", "who said something about Thicket on 2024-02-20?",
        "who was part of the security discussion in June 2024?",
        "who talked about Bramble at the last meeting?",
    ],
)
def participants(q: Question, ctx: Context) -> Answer:
    """The speakers of the matching sections; where the notes record no speakers, the people named."""
    answer = start(q, ctx)
    whole = q.topic.lower() in ("", "most", "the most", "most often")  # "who spoke the most on D?"
    matches = [] if whole else find_sections(Topic(q.topic, ctx, q.entities), ctx, q)
    if not matches and q.meetings:
        matches = _mentioning(q, ctx, every=whole)
    counts: Counter[str] = Counter()
    evidence: dict[str, Evidence] = {}
    for match in matches:
        rows = ctx.rows(match.section)
        speakers = {r.speaker for r in rows if r.speaker}
        for row in rows:
            people = [row.speaker] if len(speakers) >= 2 and row.speaker else (
                [] if len(speakers) >= 2 else list(row.people))
            for person in people:
                counts[person] += 1
                evidence.setdefault(person, ctx.evidence(match.section, row.line, row.text))
    for person, count in counts.most_common():
        answer.answers.append(ctx.item(person, score=count))
        answer.evidence.append(evidence[person])
    name = topic_name(q, ctx) if not whole else ""
    if answer.answers and whole:
        shown = ", ".join(f"{a.name} ({plural(int(a.score or 0), 'sentence')})" for a in answer.answers[:8])
        spoke = f"{plural(len(counts), 'person', 'people')} spoke{when_text(q)}"
        answer.message = f"{spoke}, most first: {shown}."
    elif answer.answers:
        answer.message = (f"{plural(len(counts), 'person', 'people')} took part in the discussion of "
                          f"{name}: {names([a.name for a in answer.answers])}.")
    else:
        answer.message = f"The notes do not show anyone discussing {name}{when_text(q)}."
    return answer


def _mentioning(q: Question, ctx: Context, every: bool = False) -> list[SectionMatch]:
    """On a given day, any section that names one of the topic's words (*every* section)."""
    pattern = Topic(q.topic, ctx, q.entities).any_pattern if not every else None
    found = []
    for meeting in q.meetings:
        for section in ctx.sections(meeting):
            rows = [r for r in ctx.rows(section) if pattern is None or pattern.search(r.text)]
            if rows or (pattern and pattern.search(ctx.node(section).get("heading") or "")):
                found.append(SectionMatch(section, meeting, ctx.date_of(meeting), 0.0, False, rows,
                                          len(ctx.rows(section))))
    return found
