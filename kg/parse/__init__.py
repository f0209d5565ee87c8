"""Parse a meeting note (Markdown, plain text or HTML) into a :class:`~kg.model.Note`.

Each format has a reader (see :mod:`kg.parse.registry`) that turns it into
the same stream of blocks with their source lines; one assembler
(:mod:`kg.parse.assemble`) then finds the meeting's header fields, title,
date, attendees, chair, agenda and sections, whatever the format was.

>>> note = parse_text('''---
... title: Weekly call
... date: 2024-03-05
... ---
... Attendees: Lena Hofmann (chair), Robert (Bob) Okafor and Chris ?
...
... ## Release
... *Lena:* we ship on Friday.
... ''', source="notes/call.md")
>>> note.date, note.title, note.chair
('2024-03-05', 'Weekly call', 'Lena Hofmann')
>>> [a.name for a in note.attendees]
['Lena Hofmann', 'Robert Okafor', 'Chris ?']
>>> note.sections[0].heading, note.sections[0].paragraphs[0].speaker
('Release', 'Lena')
>>> note.sections[0].paragraphs[0].line
8
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

from kg.dates import years_in_path
from kg.model import Note, Section
from kg.parse import html, markdown, text  # noqa: F401  (each declares its reader)
from kg.parse.assemble import assemble
from kg.parse.attendees import parse_attendees
from kg.parse.blocks import Paragraph, Read, speaker_prefix
from kg.parse.bounds import cut_text, split_long_blocks
from kg.parse.days import attendee_blocks, day_spans
from kg.parse.markdown import split_front_matter
from kg.parse.reading import DEFAULT_MAX_BYTES, RejectedInput, decode, read_file
from kg.parse.registry import READERS, extensions

__all__ = [
    "DEFAULT_MAX_BYTES", "NOTE_EXTENSIONS", "PARSER_VERSION", "READERS", "RejectedInput", "decode",
    "days_of", "detect_format", "not_a_meeting", "parse_attendees", "parse_bytes", "parse_file",
    "parse_meetings", "parse_text", "split_days", "read_file", "speaker_prefix", "split_front_matter",
]

#: Extensions of files that ``kg`` reads as notes, and the reader of each.
NOTE_EXTENSIONS = extensions()

#: Bump when parsing changes, so that stored notes are parsed again.
PARSER_VERSION = 22


def parse_file(
    path: str | os.PathLike[str], source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Note:
    """Read and parse one note file; raise :class:`RejectedInput` if it is not a note."""
    return parse_bytes(read_file(path, max_bytes), source or str(path))


def parse_bytes(data: bytes, source: str) -> Note:
    """Parse a note's raw bytes (see :func:`decode` and :func:`parse_text`)."""
    content, warnings = decode(data)
    note = parse_text(content, source)
    note.warnings[:0] = warnings
    reason = not_a_meeting(note)
    if reason:
        raise RejectedInput(reason)
    return note


def parse_meetings(data: bytes, source: str) -> list[Note]:
    """Parse a note's raw bytes into its meetings: the note itself, or one note per day
    when it covers several (see :mod:`kg.parse.days`); raise :class:`RejectedInput` if it
    is not a meeting note."""
    return days_of(parse_bytes(data, source), data)


def days_of(note: Note, data: bytes) -> list[Note]:
    """The meetings of *note*, parsed from *data*: ``[note]``, or one note per day."""
    if len(_DAY_LINE_RE.findall(data[:MAX_DAY_SCAN].decode("utf-8", "replace"))) < 2:
        return [note]
    content, _ = decode(data)
    days = split_days(content, note)
    for day in days:
        day.warnings[:0] = [w for w in note.warnings if w not in day.warnings]
    return [d for d in days if not not_a_meeting(d)] or [note]


#: Bytes of a note searched for day headings before it is read again day by day.
MAX_DAY_SCAN = 4 * 1024 * 1024
_DAY_LINE_RE = re.compile(r"(?im)^\W*day\s*(?:\d|one|two|three)")


def split_days(content: str, whole: Note) -> list[Note]:
    """One note per day of a note that covers several (``## Day 1 (10 Oct 2023)``), each
    with the part before the first day (title, header fields, a shared attendee list) and
    its own sections (and its own attendee list, which wins), dated by its heading;
    ``[whole]`` for a note of one meeting.

    >>> text = ("# Summit\\nAttendees: Ana Lima, Bo Chen\\n\\n## Day 1 (10 Oct 2023)\\nAna: hi\\n\\n"
    ...         "## Day 2 (11 Oct)\\n### Wasm GC\\nBo: done\\n")
    >>> whole = parse_text(text, "summit.md")
    >>> [(d.date, d.title, [s.heading for s in d.sections], len(d.attendees))
    ...  for d in split_days(text, whole)]
    [('2023-10-10', 'Summit (Day 1)', [''], 2), \
('2023-10-11', 'Summit (Day 2)', ['Day 2 (11 Oct)', 'Wasm GC'], 2)]
    """
    fmt = whole.format
    content = cut_text(content.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", ""))[0]
    try:
        read = READERS[fmt].read(content)
    except RecursionError:
        return [whole]
    blocks, _ = split_long_blocks(read.blocks)
    year = int(whole.date[:4]) if whole.date else next(iter(years_in_path(whole.source)), None)
    spans = day_spans(blocks, year)
    if not spans:
        return [whole]
    preamble = blocks[:spans[0][0]]
    shared = attendee_blocks(preamble, read.meta, whole.source, fmt)
    days = []
    for start, end, date in spans:
        own = attendee_blocks(blocks[start:end], {}, whole.source, fmt)
        kept = [b for i, b in enumerate(preamble) if not (own and i in shared)]  # the day's own list wins
        day_read = Read(blocks=copy.deepcopy(kept) + blocks[start:end], meta=read.meta,
                        title_hint=read.title_hint, warnings=list(read.warnings))
        day = assemble(day_read, whole.source, fmt)
        label = re.match(r"\W*(day\s*\w+)", blocks[start].text, re.I)
        day.title = f"{whole.title} ({label.group(1) if label else blocks[start].text})"
        day.date, day.date_source = date.isoformat(), "day heading"
        days.append(day)
    return days


def detect_format(source: str, content: str) -> str:
    """Choose the reader from the extension, and from the content when they disagree.

    >>> detect_format("a.txt", "# Heading\\n"), detect_format("a.txt", "Plain words")
    ('markdown', 'text')
    """
    fmt = NOTE_EXTENSIONS.get(Path(source).suffix.lower(), "text")
    if READERS["html"].sniff and READERS["html"].sniff(content) and fmt != "html":
        return "html"
    if fmt == "text" and READERS["markdown"].sniff and READERS["markdown"].sniff(content):
        return "markdown"
    return fmt


def parse_text(content: str, source: str, fmt: str | None = None) -> Note:
    """Parse a note's text; never raises, whatever the text.

    *fmt* names a reader (``markdown``, ``text`` or ``html``); by default it
    is chosen by :func:`detect_format`.
    """
    fmt = fmt or detect_format(source, content)
    content = content.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    content, cut = cut_text(content)
    try:
        read = READERS[fmt].read(content)
        read.blocks, warnings = split_long_blocks(read.blocks)
        read.warnings.extend(([cut] if cut else []) + warnings)
        return assemble(read, source, fmt)
    except RecursionError:
        blocks, warnings = split_long_blocks(READERS["text"].read(content).blocks)
        note = Note(source=source, title=Path(source).stem, format=fmt,
                    warnings=[*([cut] if cut else []), "too deeply nested to parse: kept as plain text",
                              *warnings])
        note.sections = [Section(heading="", level=0, line=1,
                                 paragraphs=[b for b in blocks if isinstance(b, Paragraph)])]
        return note

# ---------------------------------------------------------------------------
# Files that are not meeting notes

_NOT_NOTES = {
    "readme": "a README", "index": "an index page", "toc": "a table of contents",
    "contents": "a table of contents", "table-of-contents": "a table of contents",
    "summary": "a table of contents", "_sidebar": "a sidebar", "sidebar": "a sidebar",
    "license": "a licence", "licence": "a licence", "changelog": "a changelog",
    "contributing": "a contributing guide", "code_of_conduct": "a code of conduct",
    "code-of-conduct": "a code of conduct", "template": "a template",
    "meeting-template": "a template", "_template": "a template", "security": "a policy",
    "authors": "a list of authors", "history": "a changelog", "news": "a changelog",
}  # fmt: skip


def not_a_meeting(note: Note) -> str | None:
    """Say why *note* is not a meeting note (a README, an index page), or ``None``.

    >>> not_a_meeting(Note(source="notes/README.md", title="About"))
    'not a meeting note: a README'
    """
    stem = Path(note.source).stem.lower()
    if stem in _NOT_NOTES:
        return f"not a meeting note: {_NOT_NOTES[stem]}"
    if re.fullmatch(r".*[-_.](?:template|tmpl)", stem):
        return "not a meeting note: a template"
    paragraphs = [p for s in note.sections for p in s.paragraphs]
    if not note.attendees and len(paragraphs) >= 5:
        link_only = 0
        for para in paragraphs:
            linked = sum(len(link.text) for link in para.links)
            if para.links and linked >= 0.6 * len(para.text):
                link_only += 1
        if link_only >= 0.7 * len(paragraphs):
            return "not a meeting note: a list of links (table of contents)"
    if not paragraphs and not note.attendees:
        return "not a meeting note: no text"
    return None
