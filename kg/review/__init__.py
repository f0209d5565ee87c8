"""Draft a review of a year (or any span) of notes: extractive, deterministic, every sentence cited.

The draft has a title and an opening paragraph with the period's numbers,
one section per topic of the period (clusters of sections named by what
their headings share, see :mod:`kg.review.topics`), "Community and events",
"Looking ahead" (open action items and plans from the last meetings) and a
closing list of smaller topics.  A topic is a piece of work: a gathering the
headings come back to (a summit, a hackathon, a tutorial day) is told in
"Community and events" instead.  Every sentence is taken from the notes,
stands on its own (see :mod:`kg.review.text`) and cites its meeting, section
and line with a link: the note's web page when it came from a git
repository, else the app's page of the meeting, opened at that section.
Each topic section opens with the sentence that names the topic and says
most (a summary table's row, a release, a decision, finished work; of two
as good, the later) and goes on in date order, and credits the people others say did the work
(presenters, roles, the note-taker's account: :mod:`kg.review.credits`), not
those merely named nor those who talk most.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model import Review
from kg.review.text import clean
from kg.review.writer import APP_URL, ReviewWriter, last_complete_year, period_title

if TYPE_CHECKING:
    from kg.api import KnowledgeBase

__all__ = ["build_review", "clean", "draft_review", "last_complete_year", "period_title"]


def build_review(kb: KnowledgeBase, year: int | None = None, max_words: int | None = None,
                 since: str | None = None, until: str | None = None, app_url: str = APP_URL) -> Review:
    """The review of *year* (or of *since*..*until*), within *max_words* words of body.

    ``ValueError`` when no meeting was held in the period.  Fewer sentences
    per topic, then fewer topics, until the draft fits.
    """
    if year is not None:
        since, until = since or f"{year}-01-01", until or f"{year}-12-31"
    since, until = since or "0000-01-01", until or "9999-12-31"
    title = str(year) if year is not None and (since, until) == (f"{year}-01-01", f"{year}-12-31") \
        else period_title(since, until)
    writer = ReviewWriter(kb, since, until, title, app_url)
    major, per_topic = 10, 3
    while True:
        review = writer.build(major, per_topic)
        if max_words is None or review.words() <= max_words:
            return review
        if per_topic > 1:
            per_topic -= 1
        elif major > 1:
            major -= 1
        else:
            return _cut(review, max_words)


def _cut(review: Review, max_words: int) -> Review:
    """Drop sections from the end, then sentences, until the body fits."""
    review.also = []
    while review.sections and review.words() > max_words:
        last = review.sections[-1]
        if len(last.sentences) > 1:
            last.sentences.pop()
            last.owners = last.owners[:len(last.sentences)]
        else:
            review.sections.pop()
    review.welcome = review.welcome if review.words() <= max_words else []
    return review


def draft_review(kb: KnowledgeBase, year: int | None = None, max_words: int | None = None,
                 since: str | None = None, until: str | None = None, fmt: str = "md") -> str:
    """The draft as Markdown (``fmt="md"``) or HTML (``fmt="html"``)."""
    review = build_review(kb, year, max_words, since, until)
    return review.to_html() if fmt == "html" else review.to_markdown()
