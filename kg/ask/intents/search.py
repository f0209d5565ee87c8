"""Anything else: the sections that match the question's words, and the passages to read."""

from __future__ import annotations

import re

from kg.ask.context import Context
from kg.ask.evidence import plural, start
from kg.ask.question import Question
from kg.ask.registry import intent
from kg.ask.topics import Topic
from kg.model import Answer, AnswerItem, Evidence


@intent(
    "search",
    help="anything else: the sections that match the question's words",
    answers="sections, as for discussions",
    cues={"search": 2, "find": 1.5, "look up": 2, "show me": 1},
    examples=[
        "signing key rotation", "search for fern-sync timeouts", "find the release checklist",
        "look up the plugin API", "show me anything on licences", "security audit",
        "release checklist", "memory leak in Thicket", "Bramble performance", "website redesign",
        "hackathon venue", "CI timeouts", "importer speed", "roadmap 2025", "docs translation",
    ],
)
def search(q: Question, ctx: Context) -> Answer:
    """The best sections for the question's words."""
    answer = start(q, ctx)
    words = q.topic or q.text
    for hit in ctx.search(words, limit=10):
        answer.answers.append(AnswerItem(id=hit.section_id, type="section", name=hit.section,
                                         meeting=hit.meeting, section=hit.section, score=round(hit.score, 3)))
        answer.evidence.append(ctx.evidence(hit.section_id, hit.line, re.sub(r"</?b>", "", hit.snippet))
                               if hit.section_id in ctx.graph else
                               Evidence(hit.meeting, hit.section, re.sub(r"</?b>", "", hit.snippet),
                                        hit.source, hit.line))
    answer.message = (f"{plural(len(answer.answers), 'section')} match." if answer.answers
                      else "The notes do not say anything that matches.")
    return answer


def passages(q: Question, ctx: Context, limit: int = 5) -> list[Evidence]:
    """The sentences that best match the question's words, for when no answer was found."""
    text = q.topic or q.text
    topic = Topic(text, ctx, q.entities)
    found: list[Evidence] = []
    for hit in ctx.search(" ".join(topic.words) or text, limit=20, any_word=True):
        if hit.section_id not in ctx.graph:
            continue
        rows = sorted(ctx.rows(hit.section_id), key=lambda r: -topic.named_in(r.text))
        if rows and topic.named_in(rows[0].text):
            found.append(ctx.evidence(hit.section_id, rows[0].line, rows[0].text))
        if len(found) >= limit:
            break
    return found
