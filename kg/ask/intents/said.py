"""What a person said about a topic: their own turns in its sections, or sentences that have
them as subject where the notes record no speakers."""

from __future__ import annotations

import re

from kg.ask.context import Context
from kg.ask.credit import subject
from kg.ask.evidence import plural, start, topic_name, when_text
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.ask.topics import Topic, find_sections
from kg.model import Answer, AnswerItem

#: How many sentences an answer quotes at most.
SHOWN = 12


_PROMISE_RE = re.compile(r"(?:\bwould|\bwill|'d|'ll|\bgoing to)\s+(?:\w+\s+)?do\b", re.I)


def _fit(q: Question) -> float:
    """A person and a topic; not "who ..." and not "what did P say she would do" (a commitment)."""
    who = bool(q.tokens) and q.tokens[0].lower == "who"
    return (1.5 if q.people and q.topic else -4.0) - (3.0 if who or _PROMISE_RE.search(q.text) else 0.0)


@intent(
    "said",
    help="what someone said about something: their words, where the notes record them",
    answers="sentences (type sentence: name = what was said, meeting, section), oldest first",
    cues={"say": 2.5, "think": 2.5, "opinion": 3, "view": 2, "feel": 2, "position": 2, "stance": 3,
          "argue": 2.5, "comment": 2, "suggest": 2, "what * make of": 2, "point": 1, "tell": 2,
          "object": 2, "concern": 2, "worry": 2},
    fit=_fit,
    examples=[
        "what did Lena say about Bramble?", "what does Bob think of the plugin API?",
        "what was Kwame's opinion on fern-sync?", "what did Noor say about the release on 2024-03-05?",
        "what is Lena's view on the website?", "how does Bob feel about Thicket?",
        "what was Kwame's position on the licence?", "what did Noor argue about the roadmap?",
        "what were Lena's comments on the docs site?", "what did Bob suggest for the CI?",
        "what did Kwame tell us about the importer?", "what are Noor's concerns about search?",
        "what did Lena say about Thicket in 2024?", "what was Bob's stance on the migration?",
        "what does Kwame make of the security audit?",
    ],
)
def said(q: Question, ctx: Context) -> Answer:
    """The person's sentences in the topic's sections, oldest first."""
    answer = start(q, ctx)
    person = q.people[0]
    topic = Topic(q.topic, ctx, q.entities)
    matches = sorted(find_sections(topic, ctx, q, mentions=True),
                     key=lambda m: (m.date, ctx.node(m.section).get("index", 0)))
    meetings = set()
    for match in matches:
        rows = ctx.rows(match.section)
        spoken = any(r.speaker for r in rows)
        for row in rows:
            theirs = row.speaker == person if spoken else (
                person in row.people and subject(ctx, row.text, row.people) == person)
            on_topic = match.about or topic.matches(row.text)  # a passing mention: only what names it
            if theirs and on_topic and len(answer.answers) < SHOWN:
                answer.answers.append(AnswerItem(
                    id=f"{match.section}@{row.line}", type="sentence", name=row.text, meeting=match.date,
                    section=ctx.node(match.section)["name"]))
                answer.evidence.append(ctx.evidence(match.section, row.line, row.text))
                meetings.add(match.meeting)
    who, name = ctx.node(person)["name"], topic_name(q, ctx)
    answer.message = (f"{who} on {name}: {plural(len(answer.answers), 'sentence')} from "
                      f"{plural(len(meetings), 'meeting')}{when_text(q)}." if answer.answers
                      else f"The notes do not record {who} saying anything about {name}{when_text(q)}.")
    return answer
