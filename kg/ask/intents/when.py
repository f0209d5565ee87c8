"""When a topic was first, last or at all discussed, or when something was decided."""

from __future__ import annotations

import re

from kg.ask.context import Context
from kg.ask.evidence import section_item, start, topic_name
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.ask.topics import SectionMatch, Topic, find_sections
from kg.model import Answer, AnswerItem
from kg.patterns import DECISION_RE

_OUTCOME_WORDS_RE = re.compile(
    r"\b(?:decid\w*|decision|agree\w*|settle\w*|vote\w*|voted|poll\w*|approv\w*|move[sd]?|moving|"
    r"advance[sd]?|pull(?:ed)?|include[sd]?|ship(?:ped)?|launch\w*|adopt\w*|choose|chose|pick(?:ed)?)\b",
    re.I)


def _fit(q: Question) -> float:
    return 0.0 if q.topic else -2.0


@intent(
    "when",
    help="when something was first, last or at all discussed, or decided",
    answers="meetings (type meeting, name = date), the one asked for first",
    cues={"when": 4, "last time": 2, "first time": 2, "what date": 4, "which date": 4,
          "how long ago": 1.5},
    fit=_fit,
    examples=[
        "when did we first talk about Thicket?", "when was fern-sync last discussed?",
        "When did the plugin API first come up?", "when did we last discuss the website?",
        "when was the importer first discussed?", "last time we talked about Bramble?",
        "when did the release discussion start?", "when did we discuss security?",
        "when was it decided to drop Python 3.9?", "when did we agree to move to GitHub Actions?",
        "when did Bramble 2.0 ship?", "when did the search prototype first come up?",
        "what date did we decide on the new logo?", "when did the hackathon get scheduled?",
        "when was the licence change approved?", "when did we vote on the roadmap?",
    ],
)
def when(q: Question, ctx: Context) -> Answer:
    """The first or last meeting about the topic, or the one that decided it."""
    answer = start(q, ctx)
    topic = Topic(q.topic, ctx, q.entities)
    # a name first or last mentioned in passing still came up then; plain words need a discussion
    matches = find_sections(topic, ctx, q, mentions=q.order is not None and bool(topic.names))
    name = topic_name(q, ctx)
    if not matches:
        answer.message = f"The notes do not say anything about {name}."
        return answer
    chosen = _choose(q, ctx, matches, topic)
    item, evidence = section_item(ctx, chosen)
    meeting = ctx.node(chosen.section)["meeting"]
    answer.answers.append(AnswerItem(id=meeting, type="meeting", name=chosen.date, section=item.name))
    answer.evidence.append(evidence)
    how = {"first": "first discussed", "last": "last discussed"}.get(q.order or "", "discussed")
    if q.order is None and _OUTCOME_WORDS_RE.search(q.text):
        how = "settled"
    answer.message = f"{name} was {how} on {chosen.date} ({item.name})."
    return answer


def _choose(q: Question, ctx: Context, matches: list[SectionMatch], topic: Topic) -> SectionMatch:
    if q.order == "first":
        return min(matches, key=lambda m: (m.date, -m.heading))
    if q.order == "last":
        return max(matches, key=lambda m: (m.date, m.heading))
    if _OUTCOME_WORDS_RE.search(q.text):
        decided = [m for m in matches if any(DECISION_RE.search(r.text) for r in m.sentences) or any(
            m.heading or topic.matches(ctx.node(d)["text"])
            for d, _ in ctx.edges(m.section, "has_decision"))]
        if decided:
            return decided[0]
    return matches[0]
