"""The small typed records that flow between the stages of ``kg``.

Parsing turns a file into a :class:`Note`; later stages read notes and never
change them.  Every record converts to and from plain JSON-able dicts
(``to_dict`` / ``from_dict``) so that the store keeps them as JSON, never as
pickles.

>>> p = Paragraph(text="Lena will ship it.", line=12)
>>> Paragraph.from_dict(p.to_dict()) == p
True
>>> p.line_at(5)
12
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Link:
    """A hyperlink found in a paragraph: its visible text and its target."""

    text: str
    url: str


@dataclass
class Paragraph:
    """One block of text: a paragraph, a list item or a table row.

    ``line`` is the 1-based line of the block's first character in the source
    file; ``line_starts`` holds the character offsets in ``text`` at which a
    new source line begins, so that any offset maps back to its line.
    ``speaker`` is a prefix such as ``TG`` in ``TG: we should ...`` or
    ``Anil`` in ``*Anil:* ...``; ``text`` keeps the whole block as written.
    """

    text: str
    line: int
    kind: str = "p"  # "p", "item", "row", "quote" or "code"
    speaker: str | None = None
    links: list[Link] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    checkbox: bool | None = None  # True for "[x]", False for "[ ]", None if no box
    speaker_hint: str | None = None  # "Dan" in "DG (Dan): ...": who the prefix stands for here
    depth: int = 0  # for a list item, how deep it is nested (1 = top level)

    def line_at(self, offset: int) -> int:
        """Return the 1-based source line of character *offset* in ``text``."""
        if not self.line_starts:
            return self.line
        return self.line + max(0, bisect.bisect_right(self.line_starts, offset) - 1)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paragraph:
        data = dict(data)
        data["links"] = [Link(**link) for link in data.get("links", [])]
        return cls(**data)


@dataclass
class Section:
    """A heading and the paragraphs under it, up to the next heading.

    ``level`` is the heading level (1 to 6); the untitled block of text
    before a note's first heading has ``heading == ""`` and ``level == 0``.
    """

    heading: str
    level: int
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    presenters: list[str] = field(default_factory=list)  # "Petr Penzin" in "Topic [Petr Penzin, 30 mins]"
    links: list[Link] = field(default_factory=list)  # the links in the heading

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "level": self.level,
            "line": self.line,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "presenters": list(self.presenters),
            "links": [asdict(link) for link in self.links],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        return cls(
            heading=data["heading"],
            level=data["level"],
            line=data["line"],
            paragraphs=[Paragraph.from_dict(p) for p in data["paragraphs"]],
            presenters=list(data.get("presenters", [])),
            links=[Link(**link) for link in data.get("links", [])],
        )


@dataclass
class Attendee:
    """One entry of a meeting's attendee list, as written.

    ``name`` is cleaned of markers (``(chair)``, a trailing full stop) but
    otherwise as written; ``nickname`` is taken from ``Richard (Mort)
    Mortier``; ``role`` is ``"chair"`` or ``"scribe"`` when marked.
    """

    name: str
    raw: str
    role: str | None = None
    nickname: str | None = None
    abbreviation: str | None = None
    organization: str | None = None
    handle: str | None = None  # "jsmith" from "Jane Smith (@jsmith)"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attendee:
        return cls(**data)


@dataclass
class Note:
    """A parsed meeting note.

    ``id`` is assigned by the store (``meeting:2015-12-02``); ``date`` is ISO
    ``YYYY-MM-DD`` or ``None``, and ``date_source`` says where it was found
    (``front matter``, ``header``, ``file name``, ``title`` or ``text``).
    ``fields`` holds the header fields as written (``moderator``, ``scribe``,
    ``duration``, ``agenda``, ``recording``, ``location`` ...), which are never
    sections.  ``warnings`` lists what was degraded while reading (a fallback
    encoding, broken front matter, a missing date).
    """

    source: str
    title: str
    date: str | None = None
    date_source: str | None = None
    id: str = ""
    format: str = "markdown"
    description: str | None = None
    chair: str | None = None
    attendees: list[Attendee] = field(default_factory=list)
    attendee_line: int | None = None
    agenda: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    scribe: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "date": self.date,
            "date_source": self.date_source,
            "format": self.format,
            "description": self.description,
            "chair": self.chair,
            "attendees": [a.to_dict() for a in self.attendees],
            "attendee_line": self.attendee_line,
            "agenda": list(self.agenda),
            "sections": [s.to_dict() for s in self.sections],
            "warnings": list(self.warnings),
            "scribe": self.scribe,
            "fields": dict(self.fields),
            "field_lines": dict(self.field_lines),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        return cls(
            id=data.get("id", ""),
            source=data["source"],
            title=data["title"],
            date=data.get("date"),
            date_source=data.get("date_source"),
            format=data.get("format", "markdown"),
            description=data.get("description"),
            chair=data.get("chair"),
            attendees=[Attendee.from_dict(a) for a in data.get("attendees", [])],
            attendee_line=data.get("attendee_line"),
            agenda=list(data.get("agenda", [])),
            sections=[Section.from_dict(s) for s in data.get("sections", [])],
            warnings=list(data.get("warnings", [])),
            scribe=data.get("scribe"),
            fields=dict(data.get("fields", {})),
            field_lines={k: int(v) for k, v in data.get("field_lines", {}).items()},
        )


@dataclass(frozen=True)
class Rejected:
    """A file that was not ingested, and why (one line)."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


# ---------------------------------------------------------------------------
# Answers


@dataclass
class Evidence:
    """Where a statement comes from: the meeting, section, line and the text itself.

    ``meeting`` is the meeting's date (its id when undated); ``url`` links to
    the line when the note came from a repository.
    """

    meeting: str
    section: str
    text: str
    source: str
    line: int
    meeting_id: str = ""
    section_id: str = ""
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if data["url"] is None:
            del data["url"]
        return data


@dataclass
class AnswerItem:
    """One answer: a person, project, issue, meeting, section, topic, action or decision.

    ``name`` is what is shown; the other fields are filled when they apply to
    the item's type (``meeting`` for sections, actions and decisions,
    ``owners``/``due``/``done`` for actions, ``role`` for attendees).
    """

    id: str
    type: str
    name: str
    score: float | None = None
    meeting: str | None = None
    section: str | None = None
    title: str | None = None
    owners: list[str] | None = None
    due: str | None = None
    done: bool | None = None
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class Answer:
    """An answer to a question: how it was read, the answers, and their evidence.

    ``passages`` holds the best matching sentences when the question's own
    reading found nothing but the notes do contain its words; ``answers``
    then stays empty, because a passage is not an answer.

    >>> a = Answer(question="who?", intent="owner", message="The notes do not say.")
    >>> a.to_dict()["answers"], a.to_dict()["message"]
    ([], 'The notes do not say.')
    """

    question: str
    intent: str
    entities: list[AnswerItem] = field(default_factory=list)
    answers: list[AnswerItem] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    message: str = ""
    passages: list[Evidence] = field(default_factory=list)
    reading: dict[str, Any] = field(default_factory=dict)  # how the question was read (--explain)

    def to_dict(self) -> dict[str, Any]:
        data = {"question": self.question, "intent": self.intent,
                "entities": [e.to_dict() for e in self.entities],
                "answers": [a.to_dict() for a in self.answers],
                "evidence": [e.to_dict() for e in self.evidence], "message": self.message}
        if self.passages:
            data["passages"] = [p.to_dict() for p in self.passages]
        return data


# ---------------------------------------------------------------------------
# What extraction finds in a note (kg.extract), resolved later (kg.resolve)


@dataclass
class Sentence:
    """A sentence of a section: ``start``/``end`` are offsets in its paragraph."""

    section: int
    paragraph: int
    start: int
    end: int
    text: str
    line: int


@dataclass
class Mention:
    """A person named in a sentence, as written (``kind``: name, handle, speaker)."""

    text: str
    kind: str
    section: int
    sentence: int
    line: int


@dataclass
class ActionItem:
    """A commitment to future work; owners as written, resolved later."""

    owners: list[str]
    text: str
    section: int
    sentence: int
    line: int
    kind: str  # "modal", "marker", "checkbox" or "owner"
    due: str | None = None
    done: bool = False  # the same as ``status == "done"``, kept for stored extractions
    context: str | None = None  # the sentence before, when this one says "I'll do that"
    status: str = "open"  # "open" | "done": a ticked box, or a later note reports it done


@dataclass
class IssueMention:
    """A GitHub issue or pull request referenced in a sentence."""

    owner: str | None
    repo: str
    number: int
    section: int
    sentence: int
    line: int
    url: str | None = None  # the link as written, when the reference was one (any forge)

    @property
    def label(self) -> str:
        return f"{self.owner}/{self.repo}#{self.number}" if self.owner else f"{self.repo}#{self.number}"


@dataclass
class Term:
    """A word or phrase that may name a project (``kind``: heading, code, repo, name)."""

    text: str
    kind: str
    section: int
    initial: bool = False
    paragraph: int = -1  # the paragraph it was read in (-1: the heading)


@dataclass
class Decision:
    """An outcome the meeting reached: a resolution, an agreement, a consensus, a poll result.

    ``kind`` says how it was recognised: ``marker`` (``RESOLUTION:``),
    ``heading`` (under a Decisions heading), ``poll`` (a poll table) or
    ``statement`` ("we agreed", "no objections", "moves to phase 2").
    """

    text: str
    section: int
    sentence: int
    line: int
    kind: str


@dataclass
class Extraction:
    """Everything extracted from one note."""

    note_id: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    issues: list[IssueMention] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        return cls(
            note_id=data["note_id"],
            sentences=[Sentence(**s) for s in data["sentences"]],
            mentions=[Mention(**m) for m in data["mentions"]],
            actions=[ActionItem(**a) for a in data["actions"]],
            issues=[IssueMention(**i) for i in data["issues"]],
            terms=[Term(**t) for t in data["terms"]],
            decisions=[Decision(**d) for d in data.get("decisions", [])],
        )


@dataclass
class Citation:
    """Where a sentence of a review comes from: its meeting, section and line, and a link to it
    (the note's web page for a git source, else the meeting in the app at that section)."""

    meeting: str  # the meeting's date (or id when it has none)
    meeting_id: str
    section: str
    section_id: str
    source: str
    line: int
    url: str


@dataclass
class ReviewSentence:
    text: str
    citation: Citation


@dataclass
class ReviewSection:
    """One section of a review: a topic, "Community and events", "Looking ahead"."""

    title: str
    kind: str  # "topic" | "community" | "ahead"
    sentences: list[ReviewSentence] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # credited, by name
    issues: list[str] = field(default_factory=list)
    owners: list[list[str]] = field(default_factory=list)  # per sentence, for action items


@dataclass
class Review:
    """A year-in-review draft (see :mod:`kg.review`); rendered by ``to_markdown``/``to_html``."""

    title: str
    since: str
    until: str
    intro: str
    welcome: list[str] = field(default_factory=list)
    sections: list[ReviewSection] = field(default_factory=list)
    also: list[str] = field(default_factory=list)

    def to_markdown(self) -> str:
        from kg.review.render import markdown

        return markdown(self)

    def to_html(self) -> str:
        from kg.review.render import html

        return html(self)

    def words(self) -> int:
        from kg.review.render import word_count

        return word_count(self)
