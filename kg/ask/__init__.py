"""Questions in people's words, answered from the graph and the index, with evidence.

A question is read into a :class:`~kg.ask.question.Question` (dates, people,
intent by cue scores, topic); the intent's handler, declared in
:mod:`kg.ask.intents` with :func:`~kg.ask.registry.intent`, answers it from
the graph, the stored sentences and the full-text index, through one
:class:`~kg.ask.context.Context`.  Every answer carries its evidence; with
none, the answer is empty and, when the notes do hold the question's words,
the best matching passages are given to read, never as an answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.ask import intents  # noqa: F401  (declares every intent)
from kg.ask.context import Context
from kg.ask.intents.search import passages
from kg.ask.question import Question, read_question
from kg.ask.registry import INTENTS, describe, intent
from kg.model import Answer

if TYPE_CHECKING:
    from kg.api import KnowledgeBase

__all__ = ["INTENTS", "Answer", "Asker", "Question", "describe", "intent", "read_question"]


class Asker:
    """Answers questions over one :class:`~kg.api.KnowledgeBase`."""

    def __init__(self, kb: KnowledgeBase):
        self.ctx = Context(kb)

    def read(self, question: str) -> Question:
        """How *question* is read (its intent, topic, people, dates)."""
        return read_question(question, self.ctx)

    def ask(self, question: str) -> Answer:
        """Answer *question*; see the module doc."""
        q = self.read(question)
        answer = INTENTS[q.intent].handler(q, self.ctx)
        answer.reading = q.explain()
        if not answer.answers:
            answer.passages = passages(q, self.ctx)
            if answer.passages:
                answer.message = (answer.message or "The notes do not say.") + \
                    f" {len(answer.passages)} passages mention it."
        if not answer.answers and not answer.message:
            answer.message = "The notes do not say."
        return answer
