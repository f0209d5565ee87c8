"""The common shape of every note format: a stream of blocks with source lines.

Each reader turns its format into :class:`Heading`, :class:`Table`,
:class:`SpeakerLabel` and :class:`~kg.model.Paragraph` blocks; the assembler
reads a meeting out of that stream whatever the format was.  This module
also knows what a speaker prefix looks like, in every shape notes use.

>>> speaker_prefix("TG: the release is out"), speaker_prefix("Note: not a person")
('TG', None)
>>> speaker_prefix("Dave Scott: merged it"), speaker_prefix("no prefix here")
('Dave Scott', None)
>>> speaker_prefix("<jsmith> shipped"), speaker_prefix("@wchen: tagged")
('jsmith', 'wchen')
>>> [speaker_prefix(t) for t in ("JK (chat): +1", "AB [chat]: yes", "Chat (JM): ok", "FM<in chat>: no")]
['JK', 'AB', 'JM', 'FM']
>>> speaker_parts("DG (Dan): I think so"), speaker_prefix("SF: 1"), speaker_prefix("EIP-4844: scope")
(('DG', 'Dan'), None, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kg.model import Link, Paragraph


@dataclass
class Heading:
    """A heading as written, with its level (1 to 6), line and the links in it."""

    text: str
    level: int
    line: int
    links: list[Link] = field(default_factory=list)


@dataclass
class Table:
    """A table: its header cells, its rows and the line of each row."""

    header: list[str]
    rows: list[list[str]]
    line: int
    row_lines: list[int] = field(default_factory=list)
    row_links: list[list[Link]] = field(default_factory=list)


@dataclass
class SpeakerLabel:
    """A name alone on its line (``**Tim Beiko**``) that may open a speaker's turn."""

    name: str
    line: int
    stamped: bool = False  # with the time it was said ("Alice Moreau 00:03:12"): surely a turn


Block = Heading | Paragraph | Table | SpeakerLabel


@dataclass
class Read:
    """What a reader made of a file: its blocks, front matter and warnings."""

    blocks: list[Block]
    meta: dict[str, Any] = field(default_factory=dict)
    title_hint: str | None = None  # an HTML <title>
    warnings: list[str] = field(default_factory=list)


#: Words that end in a colon at the start of a line without naming a speaker.
LABELS = frozenset("""
a action actions agenda answer aob apologies attendees background bug chair cons context date
decision decisions due edit eg example fix follow-up followup fyi goal goals http https idea
ideas important issue issues links location minutes nb next note notes outcome owner owners
plan present problem proposal pros ps q question questions re regrets result results scribe see
sidenote status summary time tldr todo topic update updates warning when where who why what how
done blocked blockers agreed resolved conclusion info reminder tbd wip ok resolution decided
proposed subtopic poll polls slides slide previously another also context edit answer answers
comment comments discussion example examples link presentation presenter presenters recording
video agenda item items notes action-items consensus vote votes result outcome update none
n/a na nothing tbc
""".split())

_WORD = r"[A-ZÀ-Ý][\w'’.-]*"
_PARTICLE = r"(?:van|von|der|den|de|da|del|della|la|le|di|du|ten|ter|bin|al)"
_NAME = rf"{_WORD}(?: (?:{_PARTICLE} )*{_WORD}){{0,3}}"
_CHAT = r"\s*[<(\[]\s*(?:in |via |from )?(?i:chat)\s*[>)\]]"
_STAMP = r"(?:\s*[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?)?"
_SPEAKER_RE = re.compile(
    rf"^\s*(?:(?i:chat)\s*\((?P<chat>{_NAME})\)"
    rf"|[\[(]?(?P<who>{_NAME})[\])]?(?:\s*\((?P<hint>{_WORD}(?: {_WORD})?)\))?(?P<via>{_CHAT})?)"
    rf"{_STAMP}\s*(?P<sep>:{{1,2}}|;)?\s*(?:<(?:in |via )?(?i:chat)>\s*:?\s*)?(?=\S)"
)
_CHAT_SPEAKER_RE = re.compile(r"^\s*(?:<(?P<irc>[\w.|-]{2,30})>|@(?P<at>[\w.-]{2,39})\s*:)\s+(?=\S)")
_INITIALS_RE = re.compile(r"[A-Z]{2,4}\d?")


def speaker_parts(text: str) -> tuple[str, str | None] | None:
    """``(prefix, hint)`` of a speaker turn such as ``DG (Dan): ...``, or ``None``.

    The hint is who the prefix stands for in this note, when the note says so.
    """
    chat = _CHAT_SPEAKER_RE.match(text)
    if chat:  # "<jsmith> text" (IRC logs) or "@jsmith: text"
        return (chat.group("irc") or chat.group("at")), None
    match = _SPEAKER_RE.match(text)
    if not match:
        return None
    who = (match.group("chat") or match.group("who") or "").strip(" .")
    sep = match.group("sep")
    if not sep and not match.group("via"):
        return None
    if sep == ";" and not _INITIALS_RE.fullmatch(who):
        return None
    if len(who) < 2 or who.lower().replace(".", "") in LABELS:
        return None
    if re.search(r"\d", who) and not _INITIALS_RE.fullmatch(who):
        return None  # "EIP-4844:" is a topic, "DG2:" a speaker
    rest = text[match.end():]
    if re.match(r"\d", rest) and len(rest) <= 24:
        return None  # "SF: 1" is a poll count
    return who, match.group("hint")


def speaker_prefix(text: str) -> str | None:
    """Return the speaker prefix of a line such as ``TG: we will ...``."""
    parts = speaker_parts(text)
    return parts[0] if parts else None


def finish_paragraph(
    text: str, line: int, kind: str, links: list[Link], code: list[str], starts: list[int],
    speaker: str | None = None,
) -> Paragraph | None:
    """A :class:`~kg.model.Paragraph` from rendered text, or ``None`` when it is empty.

    Leading whitespace is dropped (line starts shift with it), a ``[x]`` box
    of a list item becomes ``checkbox``, and a speaker prefix is read.
    """
    raw = text
    text = text.strip()
    if not text:
        return None
    shift = len(raw) - len(raw.lstrip())
    starts = [max(0, s - shift) for s in starts if s - shift < len(text)] if starts else []
    if starts and starts[0] != 0:
        starts.insert(0, 0)
    checkbox = None
    box = re.match(r"^\[([ xX])\]\s+", text)
    if box and kind == "item":
        checkbox = box.group(1) != " "
        cut = box.end()
        text = text[cut:]
        starts = [max(0, s - cut) for s in starts]
    hint = None
    if speaker is None:
        parts = speaker_parts(text)
        if parts:
            speaker, hint = parts
    return Paragraph(
        text=text, line=line, kind=kind, speaker=speaker, links=links, code=code,
        line_starts=starts if len(starts) > 1 else [], checkbox=checkbox, speaker_hint=hint,
    )


def looks_like_name(text: str) -> bool:
    """Whether a short label could be a person's name or handle (``Tim Beiko``, ``Pari``).

    >>> looks_like_name("Tim Beiko"), looks_like_name("Using Codio today"), looks_like_name("EIP-4844")
    (True, False, False)
    """
    words = text.split()
    if not 1 <= len(words) <= 4 or re.search(r"\d", text):
        return False
    return all(re.fullmatch(rf"{_WORD}|{_PARTICLE}|\(\w[\w.-]*\)", w) for w in words) and \
        text.lower().strip(" :.") not in LABELS


#: A line that starts a field of its own even inside a paragraph: "Chair: ...", "ACTION: ...".
LINE_LABEL_RE = re.compile(
    r"^\W*(?:attendees|attendance|present|participants|regrets|apologies|absent|chair(?:ed by)?|"
    r"scribe|minutes|note ?taker|notes by|facilitator|moderator|date|time|location|where|agenda|"
    r"topic|sub-?topic|action(?: items?)?|todo|ai|resolution|resolved|decision|decided|"
    r"next meeting)\b[^:\n]{0,12}:", re.I)
