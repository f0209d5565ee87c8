"""What was decided about a topic: decision records, else outcome sentences in its sections."""

from __future__ import annotations

import re

from kg.ask.context import Context, SentenceRow
from kg.ask.evidence import plural, start, topic_name, when_text
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.ask.topics import Topic, find_sections
from kg.model import Answer, AnswerItem
from kg.patterns import DECISION_RE


def _fit(q: Question) -> float:
    first = q.tokens[0].lower if q.tokens else ""
    return (-2.0 if first == "when" else 0.0) - (1.5 if q.people and not q.topic else 0.0)


@intent(
    "decisions",
    help="what was decided or agreed about something",
    answers="decisions (type decision: name = the decision, meeting, section), oldest first",
    cues={"decide": 3, "decision": 3, "agree": 2, "agreement": 2, "conclude": 2, "conclusion": 2,
          "outcome": 2, "resolve": 2, "resolution": 2, "consensus": 3, "vote": 1.5, "poll": 1.5,
          "settle": 2, "approve": 2, "verdict": 2, "result": 1,
          "we agree|decide": 1, "agree about|on": 1, "what be the result|outcome|conclusion": 3},
    fit=_fit,
    examples=[
        "what did we decide about the website?", "what was decided on Thicket?",
        "which decisions were made about fern-sync?", "what did we agree about the release date?",
        "what was the outcome of the plugin API vote?", "what was the conclusion on CI?",
        "decisions about Bramble", "what was agreed on 2024-01-09?", "what was resolved about search?",
        "was there consensus on the roadmap?", "what did the poll on the logo decide?",
        "what decisions were taken in May 2024?", "what did we settle on for the hackathon?",
        "what was approved for the migration?", "what was the result of the licence discussion?",
        "what did we decide at the last meeting?",
    ],
)
def decisions(q: Question, ctx: Context) -> Answer:
    """Decisions about the topic (or on the dates asked), oldest first."""
    answer = start(q, ctx)
    topic = Topic(q.topic, ctx, q.entities) if q.topic else None
    scattered: set[str] = set()  # sections that name the topic's words only far apart
    if topic is not None:
        matches = find_sections(topic, ctx, q)
        sections = [m.section for m in matches]
        scattered = {m.section for m in matches if m.scattered}
    else:
        sections = [s for m in q.meetings for s in ctx.sections(m)] if q.dated else []
        if q.since and not q.meetings:
            sections = [s for m, d in ctx.meetings if q.in_range(m, d) for s in ctx.sections(m)]
    seen = set()
    for section in sorted(set(sections), key=lambda s: (ctx.date_of(s), ctx.node(s).get("index", 0))):
        for decision, _ in ctx.edges(section, "has_decision"):
            node = ctx.node(decision)
            if section in scattered and not (topic and topic.matches(node["text"])):
                continue  # a decision about something else in a long section that names it in passing
            _add(answer, ctx, section, decision, node["line"], node["text"], seen)
        if any(True for _ in ctx.edges(section, "has_decision")):
            continue
        for row in ctx.rows(section):
            if DECISION_RE.search(row.text) and (topic is None or topic.matches(row.text)
                                                 or topic.matches(ctx.node(section).get("heading") or "")):
                _add(answer, ctx, section, f"{section}@{row.line}", row.line, row.text, seen)
    name = topic_name(q, ctx) if topic else "those meetings"
    answer.message = (f"{plural(len(answer.answers), 'decision')} about {name}{when_text(q)}."
                      if answer.answers else f"The notes record no decision about {name}{when_text(q)}.")
    return answer


def _add(answer: Answer, ctx: Context, section: str, node_id: str, line: int, text: str,
         seen: set[tuple[str, int]]) -> None:
    if (section, line) in seen:
        return
    seen.add((section, line))
    answer.answers.append(AnswerItem(id=node_id, type="decision", name=_what(ctx, section, line, text),
                                     meeting=ctx.date_of(section), section=ctx.node(section)["name"]))
    answer.evidence.append(ctx.evidence(section, line, text))


def _what(ctx: Context, section: str, line: int, text: str) -> str:
    """A bare assent ("Nobody objected.", "No objections.") with the sentence it assents to; a
    bare label ("POLL") with the motion put before it and the result written under it."""
    if len(text.split()) > 5:
        return text
    rows = ctx.rows(section)
    here = next((k for k, r in enumerate(rows) if r.line == line and r.text.strip() == text.strip()), None)
    if here is None:
        return text
    if _is_label(text):
        return _labelled(rows, here, text)
    if here == 0 or rows[here - 1].paragraph != rows[here].paragraph:
        return text
    return f"{rows[here - 1].text} {text}"


def _is_label(text: str) -> bool:
    """"POLL", "Vote:", "Resolution" -- not an assent such as "Nobody objected." or "Agreed."."""
    words = text.strip().split()
    return 0 < len(words) <= 2 and not re.search(r"\d", text) and (
        text.isupper() or text.rstrip().endswith(":") or (len(words) == 1 and text.strip()[-1].isalpha()))


_MOTION_RE = re.compile(r"\b(?:poll|vote|motion|consensus|proposal|propose)\b", re.I)


def _labelled(rows: list[SentenceRow], here: int, text: str) -> str:
    """"POLL" after "This will be a poll to move X to phase 4" and over a table of votes."""
    motion = next((r.text for r in reversed(rows[max(0, here - 30):here])
                   if _MOTION_RE.search(r.text) and len(r.text.split()) >= 6), None)
    result = next((r.text for r in rows[here + 1:here + 4] if r.kind == "row" and re.search(r"\d", r.text)),
                  None)
    said = f"{motion} " if motion else ""
    return f"{said}{text.rstrip(':')}: {result}" if result else f"{said}{text}"
