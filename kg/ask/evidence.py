"""Small helpers every intent handler uses to build its :class:`~kg.model.Answer`.

>>> plural(1, "meeting"), plural(3, "meeting"), plural(2, "person", "people")
('1 meeting', '3 meetings', '2 people')
>>> names(["Ann", "Bob", "Cy"]), names(["Ann"])
('Ann, Bob and Cy', 'Ann')
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.model import Answer, AnswerItem, Evidence

if TYPE_CHECKING:
    from kg.ask.context import Context
    from kg.ask.question import Question
    from kg.ask.topics import SectionMatch


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 meeting``, ``2 meetings``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def names(items: list[str], limit: int = 6) -> str:
    """A readable list: ``Ann, Bob and Cy`` (and how many more)."""
    shown = items[:limit]
    more = len(items) - len(shown)
    if more:
        return ", ".join(shown) + f" and {more} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1] if shown else ""


def start(q: Question, ctx: Context) -> Answer:
    """An empty answer to *q*, with the entities the question names."""
    answer = Answer(question=q.text, intent=q.intent)
    for node in [*q.people, *q.entities][:4]:
        answer.entities.append(ctx.item(node))
    return answer


def topic_name(q: Question, ctx: Context) -> str:
    """What to call the topic in a message: its entity's name, else its words."""
    if q.entities:
        return ctx.node(q.entities[0])["name"]
    return q.topic or "that"


def when_text(q: Question) -> str:
    """`` on 2024-01-09`` / `` in 2014`` / ``""``: the dates a question names, for messages."""
    if q.meetings:
        return ""
    if q.since and q.until:
        return f" between {q.since} and {q.until}"
    if q.since or q.until:
        return f" since {q.since}" if q.since else f" until {q.until}"
    return f" on {q.missing}" if q.missing else ""


def section_item(ctx: Context, match: SectionMatch) -> tuple[AnswerItem, Evidence]:
    """A section as an answer, with the first sentence that names the topic as evidence."""
    data = ctx.node(match.section)
    item = AnswerItem(id=match.section, type="section", name=data["name"], meeting=match.date,
                      section=data["name"])
    if match.sentences:
        row = match.sentences[0]
        return item, ctx.evidence(match.section, row.line, row.text)
    return item, ctx.section_evidence(match.section)


def clean_heading(heading: str) -> str:
    """A heading as a topic name: no durations, owners in brackets, links or numbering.

    >>> clean_heading("Flexible vectors update [Petr Penzin, 30 mins]")
    'Flexible vectors update'
    >>> clean_heading("1. Cancun Scope planning (https://x.org/1) 20:07")
    'Cancun Scope planning'
    """
    text = re.sub(r"\[[^\]]*\]|\([^)]*\)|https?://\S+", " ", heading)
    text = re.sub(r"\b\d{1,2}:\d{2}(?::\d{2})?\b|\b\d+\s*(?:mins?|minutes)\b", " ", text)
    text = re.sub(r"^\W*\d+[.)]\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip(" -–—:,;.")
