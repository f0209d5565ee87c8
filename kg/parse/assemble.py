"""Blocks to a :class:`~kg.model.Note`: header fields, title, attendees, date, sections.

The assembler runs small steps in order over one :class:`Draft`; each step
reads what the earlier ones found and marks the blocks it used up, so that
a header line (``Moderator: Tim``) or an attendee list never becomes a
section.

>>> from kg.parse.markdown import read_markdown
>>> note = assemble(read_markdown('''# Execution Layer Meeting 170
... ### Meeting Date/Time: September 14, 2023, 14:00-15:30 UTC
... #### Moderator: Tim
... ## Dencun [20:07](https://youtu.be/x)
... **Tim**
... And we are live.
...
... Still me.
... # Attendees
... * Tim Beiko
... * Danny Ryan
... '''), "pm/Meeting 170.md", "markdown")
>>> note.date, note.date_source, note.chair, [a.name for a in note.attendees]
('2023-09-14', 'header', 'Tim', ['Tim Beiko', 'Danny Ryan'])
>>> [(s.heading, [p.speaker for p in s.paragraphs]) for s in note.sections]
[('Dencun 20:07', ['Tim', 'Tim']), ('Attendees', [])]
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.dates import coerce_date, find_date, find_month_day, month_day_in_name, with_year, years_in_path
from kg.model import Attendee, Note, Paragraph, Section
from kg.parse.attendees import (
    ABSENT_LABEL_RE,
    ATTENDEE_HEADING_RE,
    ATTENDEE_LABEL_RE,
    CHAIR_LABEL_RE,
    looks_like_name_list,
    paragraph_attendees,
    parse_attendee,
    parse_attendees,
    table_attendees,
)
from kg.parse.blocks import Block, Heading, Read, SpeakerLabel, Table, looks_like_name
from kg.parse.fields import field_of, link_field
from kg.parse.text import is_short, promote_headings

_MEETING_WORDS_RE = re.compile(
    r"\b(?:meeting|call|minutes|notes|sync|stand-?up|retro(?:spective)?|weekly|fortnightly|"
    r"monthly|agenda|session|catch-?up|huddle|review|board|committee|working group|wg)\b",
    re.I,
)
_TITLE_WORDS_RE = re.compile(
    r"\b(?:meeting|call|minutes|notes|sync|stand-?up|retro(?:spective)?|weekly|fortnightly|"
    r"monthly)\b", re.I)
_AGENDA_RE = re.compile(r"^\W*agenda\b", re.I)
#: Blocks this far into a note are past its header.
_HEADER_BLOCKS = 40


@dataclass
class Draft:
    """The note being assembled, shared by the steps."""

    blocks: list[Block]
    meta: dict[str, Any]
    source: str
    fmt: str
    title_hint: str | None = None
    consumed: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    title: str | None = None
    title_index: int | None = None
    start: int = 0
    description: str | None = None
    attendees: list[Attendee] = field(default_factory=list)
    attendee_line: int | None = None
    chair: str | None = None
    date: dt.date | None = None
    date_source: str | None = None
    sections: list[Section] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)

    # (id of blocks, their count, index of the fourth heading): see in_header
    _fourth: tuple[int, int, int] = field(default=(-1, -1, 0), init=False, repr=False)

    def in_header(self, index: int) -> bool:
        """Whether block *index* is in the note's header (before its fourth heading).

        Where the fourth heading is is found once per list of blocks, so that
        asking for every block costs linear time, not quadratic.
        """
        if self._fourth[:2] != (id(self.blocks), len(self.blocks)):
            positions = (i for i, b in enumerate(self.blocks) if isinstance(b, Heading))
            fourth = next(itertools.islice(positions, 3, None), len(self.blocks))
            self._fourth = (id(self.blocks), len(self.blocks), fourth)
        return index <= _HEADER_BLOCKS or index <= self._fourth[2]

    def note(self) -> Note:
        return Note(
            source=self.source, title=self.title or self.source,
            date=self.date.isoformat() if self.date else None, date_source=self.date_source,
            format=self.fmt, description=self.description, chair=self.chair,
            attendees=self.attendees, attendee_line=self.attendee_line, agenda=self.agenda,
            sections=self.sections, warnings=self.warnings, scribe=self.fields.get("scribe"),
            fields=dict(self.fields), field_lines=dict(self.field_lines),
        )


# ---------------------------------------------------------------------------
# Header fields


def _valid_field(kind: str, value: str) -> bool:
    if kind in ("chair", "scribe"):
        words = value.split()
        return len(value) <= 80 and len(words) <= 8 and bool(re.match(r"[@\w]", value)) and (
            value[:1].isupper() or value[:1] == "@" or len(words) == 1)
    if kind in ("date", "next"):
        return bool(re.search(r"\d", value))
    return kind != "duration" or bool(re.search(r"\d", value))


def header_fields(draft: Draft) -> None:
    """Read ``Moderator:``, ``Meeting Date/Time:``, ``Notes:`` and header links as fields."""
    for index, block in enumerate(draft.blocks):
        if isinstance(block, Heading):
            found = field_of(block.text)
            if found is None and draft.in_header(index):
                found = _link_heading(block)
        elif isinstance(block, Paragraph) and block.kind in ("p", "item") and draft.in_header(index):
            found = field_of(block.text)
        else:
            continue
        if found and _valid_field(*found):
            kind, value = found
            if kind not in draft.fields:
                draft.fields[kind] = value
                draft.field_lines[kind] = block.line
            draft.consumed.add(index)


_URL_RE = re.compile(r"\(?\s*https?://\S+?\s*\)?(?=\s|$)")


def _link_heading(heading: Heading) -> tuple[str, str] | None:
    """A header heading that is only a labelled link: ``[GitHub Agenda](https://...)``."""
    urls = [link.url for link in heading.links] + [u.strip("() ") for u in _URL_RE.findall(heading.text)]
    label = _URL_RE.sub(" ", heading.text)
    kind = link_field(label.strip(" []()"))
    if not urls or kind is None:
        return None
    rest = label
    for link in heading.links:
        rest = rest.replace(link.text, " ")
    if len(re.findall(r"\w+", rest)) > 6:
        return None
    return kind, urls[0]


# ---------------------------------------------------------------------------
# Title and description


def title(draft: Draft) -> None:
    """The title: front matter, else the first heading that names a meeting, else the file name."""
    for key in ("title", "subject", "name", "meeting"):
        value = draft.meta.get(key)
        if isinstance(value, str | int | float | dt.date) and str(value).strip():
            draft.title = str(value).strip()
            break
    if draft.title is None:
        _title_from_blocks(draft)
    if draft.title is None and draft.title_hint:
        draft.title = draft.title_hint
    if draft.title is None:
        first = next((b for b in draft.blocks[:3] if isinstance(b, Heading) and b.text), None)
        draft.title = first.text if first is not None else None
    if draft.title is None:
        draft.title = Path(draft.source).stem.replace("_", " ").replace("-", " ").strip() or draft.source
    draft.start = draft.title_index + 1 if draft.title_index is not None else 0
    if draft.fmt == "text" and draft.title_index is not None:
        draft.consumed.update(  # web page chrome (menus) above the title
            i for i in range(draft.title_index)
            if isinstance(draft.blocks[i], Paragraph) and is_short(draft.blocks[i]))  # type: ignore[arg-type]


def _title_from_blocks(draft: Draft) -> None:
    for index, block in enumerate(draft.blocks[:8]):
        if index in draft.consumed:
            continue
        if isinstance(block, Heading) and block.text and (
            block.level == 1 or find_date(block.text) or _MEETING_WORDS_RE.search(block.text)
        ):
            draft.title, draft.title_index = block.text, index
            return
        if isinstance(block, Paragraph) and draft.fmt == "text" and index < 6 and (
            find_date(block.text) or _TITLE_WORDS_RE.search(block.text)
        ) and len(block.text) <= 100 and not block.text.endswith(".") and not (
            ATTENDEE_LABEL_RE.match(block.text) or looks_like_name_list(block.text)
        ):
            draft.title, draft.title_index = block.text, index
            return
        if isinstance(block, Paragraph) and len(block.text) > 120:
            return


def description(draft: Draft) -> None:
    """Front-matter description, or the short dated line right below a plain-text title."""
    value = draft.meta.get("description")
    draft.description = value if isinstance(value, str) else None
    start = draft.start
    if draft.fmt == "text" and draft.title_index is not None and start < len(draft.blocks):
        following = draft.blocks[start]
        if isinstance(following, Paragraph) and following.kind == "p" and len(
            following.text
        ) <= 160 and (find_date(following.text) or following.text.count(":") == 1) and not (
            ATTENDEE_LABEL_RE.match(following.text) or looks_like_name_list(following.text)
        ):
            draft.description = draft.description or following.text
            draft.consumed.add(start)
    if draft.fmt == "text":
        draft.blocks = draft.blocks[:start] + promote_headings(draft.blocks[start:])


def date_lines(draft: Draft) -> None:
    """A bare date under the title (``## 11 March 2025``) is the date, not a section."""
    for index in range(draft.start, min(len(draft.blocks), draft.start + 12)):
        block = draft.blocks[index]
        if index in draft.consumed or not isinstance(block, Heading | Paragraph):
            continue
        text = block.text
        bare = len(text) <= 60 and find_date(text) and len(re.sub(r"[\W\d_]+", " ", text).split()) <= 3
        if bare:
            draft.fields.setdefault("date", text)
            draft.consumed.add(index)
        elif isinstance(block, Heading) or len(text) > 40:
            return


# ---------------------------------------------------------------------------
# Attendees and chair


def _meta_attendees(meta: dict[str, Any]) -> list[Attendee]:
    for key in ("attendees", "participants", "present", "attendance"):
        value = meta.get(key)
        found: list[Attendee] = []
        if isinstance(value, list):
            for item in value:
                if isinstance(item, str | int):
                    found.extend(parse_attendees(str(item)))
                elif isinstance(item, dict) and item.get("name"):
                    attendee = parse_attendee(str(item["name"]))
                    if attendee:
                        if str(item.get("role", "")).lower() == "chair":
                            attendee.role = attendee.role or "chair"
                        abbr = item.get("abbreviation") or item.get("initials")
                        attendee.abbreviation = str(abbr) if abbr else None
                        found.append(attendee)
        elif isinstance(value, str):
            found = parse_attendees(value)
        if found:
            return found
    return []


def _list_after(draft: Draft, index: int) -> list[Attendee]:
    """The attendee list below block *index*, up to the next heading or prose.

    Names under a ``Regrets:`` or ``Not present:`` label are read and dropped.
    """
    found: list[Attendee] = []
    absent = False
    for j in range(index + 1, len(draft.blocks)):
        block = draft.blocks[j]
        if isinstance(block, Heading | SpeakerLabel):
            break
        if isinstance(block, Table):
            found.extend(table_attendees(block, True) or [])
            draft.consumed.add(j)
            continue
        if ABSENT_LABEL_RE.match(block.text):
            absent = True
        elif block.kind == "item" or _names_paragraph(block):
            label = ATTENDEE_LABEL_RE.match(block.text)
            text = label.group("rest") if label else block.text
            if not absent:
                found.extend(paragraph_attendees(text, block.line_starts, block.kind))
        elif found:
            break
        else:
            continue
        draft.consumed.add(j)
        if draft.attendee_line is None and not absent:
            draft.attendee_line = block.line
    return found


def _names_paragraph(block: Paragraph) -> bool:
    """A paragraph that is only names: ``A, B and C``, or one name per line."""
    if block.kind != "p":
        return False
    if ATTENDEE_LABEL_RE.match(block.text):
        return True
    if block.line_starts:
        return len(paragraph_attendees(block.text, block.line_starts, "p")) > 1
    pieces = [p.strip(" .") for p in re.split(r",|;|\band\b", block.text) if p.strip(" .")]
    return bool(pieces) and all(looks_like_name(re.sub(r"\([^)]*\)", " ", p).strip()) for p in pieces)


def attendees(draft: Draft) -> None:
    """The attendee list, in whichever shape the note writes it; absence lists are dropped."""
    draft.attendees = _meta_attendees(draft.meta)
    for index, block in enumerate(draft.blocks):
        if index < draft.start or index in draft.consumed:
            continue
        text = getattr(block, "text", "")
        if isinstance(block, Heading | Paragraph) and ABSENT_LABEL_RE.match(text) and (
                isinstance(block, Heading) or draft.in_header(index)):
            _skip_absent(draft, index, block)
        elif draft.attendees:
            continue
        elif isinstance(block, Heading) and ATTENDEE_HEADING_RE.match(text):
            draft.attendees = _list_after(draft, index)
        elif isinstance(block, Table):
            found = table_attendees(block, False)
            if found:
                draft.attendees = found
                draft.consumed.add(index)
        elif isinstance(block, Paragraph):
            _paragraph_list(draft, index, block)
    _dedupe_attendees(draft)


def _skip_absent(draft: Draft, index: int, block: Heading | Paragraph) -> None:
    if isinstance(block, Paragraph):
        draft.consumed.add(index)
        if ABSENT_LABEL_RE.sub("", block.text).strip(" :*_"):
            return  # "Regrets: Bob, Ann" holds its own names
    line = draft.attendee_line
    _list_after(draft, index)
    draft.attendee_line = line


def _paragraph_list(draft: Draft, index: int, block: Paragraph) -> None:
    text = block.text
    header = draft.in_header(index)
    label = ATTENDEE_LABEL_RE.match(text)
    if label and header:
        draft.consumed.add(index)
        draft.attendee_line = block.line
        rest = label.group("rest").strip()
        draft.attendees = parse_attendees(rest) if rest else _list_after(draft, index)
    elif ATTENDEE_HEADING_RE.match(text) and block.kind == "p" and len(text) < 40:
        found = _list_after(draft, index)  # "Attendees" alone on a line, the names below it
        if found:
            draft.consumed.add(index)
            draft.attendees = found
    elif header and block.kind == "p" and index <= draft.start + 4 and looks_like_name_list(text) \
            and sum(1 for b in draft.blocks[:index] if isinstance(b, Heading)) <= 1:
        draft.attendees = parse_attendees(text)
        draft.consumed.add(index)
        draft.attendee_line = block.line


def _dedupe_attendees(draft: Draft) -> None:
    unique: dict[str, Attendee] = {}
    for attendee in draft.attendees:
        unique.setdefault(attendee.name.lower(), attendee)
    draft.attendees = list(unique.values())
    if not draft.attendees:
        draft.attendee_line = None


def chair(draft: Draft) -> None:
    """The chair: a front-matter or header field, a ``(chair)`` mark, or a ``Chaired by`` line."""
    meta = draft.meta.get("chair")
    draft.chair = meta.strip() if isinstance(meta, str) and meta.strip() else None
    draft.chair = draft.chair or _clean_name(draft.fields.get("chair"))
    if draft.chair is None:
        for index, block in enumerate(draft.blocks):
            if index < draft.start or index in draft.consumed or not isinstance(block, Paragraph):
                continue
            match = CHAIR_LABEL_RE.match(block.text)
            if match and draft.in_header(index) and len(block.text) < 80:
                draft.chair = (match.group("rest") or match.group("bot")).strip(" *_.")
                draft.consumed.add(index)
                break
    if draft.chair is None:
        draft.chair = next((a.name for a in draft.attendees if a.role == "chair"), None)
    elif not any(a.role == "chair" for a in draft.attendees):
        for attendee in draft.attendees:
            if attendee.name.lower() == draft.chair.lower():
                attendee.role = "chair"


def _clean_name(value: str | None) -> str | None:
    if not value:
        return None
    value = re.split(r"\s*[,;(\[]|\s+and\s+", value)[0]
    return value.strip(" *_.:") or None


# ---------------------------------------------------------------------------
# Date


def date(draft: Draft) -> None:
    """The meeting date, in order of trust; never a ``Next meeting`` line or a linked file's date."""
    found = _front_matter_date(draft.meta) or _header_date(draft) or _file_date(draft) \
        or _title_date(draft) or _text_date(draft)
    if found:
        draft.date, draft.date_source = found
    else:
        draft.warnings.append("no meeting date found")


def _front_matter_date(meta: dict[str, Any]) -> tuple[dt.date, str] | None:
    for key in ("date", "meeting_date", "meeting-date", "when", "updated", "created", "published"):
        found = coerce_date(meta.get(key))
        if found:
            return found, "front matter"
    return None


def _year_candidates(draft: Draft) -> list[int]:
    years = years_in_path(draft.source)
    for text in (Path(draft.source).name, draft.title or "", draft.description or ""):
        years += [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)]
    return years


def _header_date(draft: Draft) -> tuple[dt.date, str] | None:
    value = draft.fields.get("date")
    if not value:
        return None
    full = find_date(value, header=True)
    return (full, "header") if full else None


def _file_date(draft: Draft) -> tuple[dt.date, str] | None:
    name = Path(draft.source).name
    full = find_date(name)
    if full:
        return full, "file name"
    years = _year_candidates(draft)
    partial = find_month_day(draft.fields.get("date", "")) or month_day_in_name(name)
    if partial and years:
        found = with_year(partial, years[0])
        if found:
            return found, "header" if draft.fields.get("date") else "file name"
    return None


def _title_date(draft: Draft) -> tuple[dt.date, str] | None:
    for candidate in (draft.title, draft.description, draft.title_hint):
        found = find_date(candidate) if candidate else None
        if found:
            return found, "title"
    years = _year_candidates(draft)
    partial = find_month_day(draft.title or "")
    if partial and years:
        found = with_year(partial, years[0])
        return (found, "title") if found else None
    return None


_PATHISH_RE = re.compile(r"\S*[/\\]\S*|\S+\.(?:pdf|md|pptx?|docx?|png|jpe?g|html?)\b", re.I)


def _text_date(draft: Draft) -> tuple[dt.date, str] | None:
    for block in draft.blocks[:12]:
        text = block.text if isinstance(block, Heading | Paragraph) else ""
        if text and len(text) <= 200 and not re.match(r"\W*next\b", text, re.I):
            found = find_date(_PATHISH_RE.sub(" ", text))
            if found:
                return found, "text"
    return None


# ---------------------------------------------------------------------------
# Sections


def _speaker_names(draft: Draft) -> set[str]:
    """The names alone on a line that open speaker turns in this note.

    A name does when it is an attendee's, or when it opens text at least twice
    (``**Using Codio**`` once over a paragraph is a pseudo-heading).
    """
    opening: dict[str, int] = {}
    for block, following in zip(draft.blocks, [*draft.blocks[1:], None], strict=False):
        if isinstance(block, SpeakerLabel):
            opens = isinstance(following, Paragraph)
            opening[block.name] = opening.get(block.name, 0) + opens
    present = {a.name.lower() for a in draft.attendees} | {
        a.name.split()[0].lower() for a in draft.attendees if a.name.split()}
    stamped = {b.name for b in draft.blocks if isinstance(b, SpeakerLabel) and b.stamped}
    return {n for n, count in opening.items() if count >= 2 or n.lower() in present or n in stamped}


_BRACKETS_RE = re.compile(r"\[([^\[\]]+)\]|\(([^()]+)\)")
_DASH_TAIL_RE = re.compile(r"\s[-–—]\s+([^-–—]+)$")


def presenters(heading: str) -> list[str]:
    """Names written in a heading: ``Topic [Petr Penzin, 30 mins]``, ``Topic (Jane Doe)``, ``Topic — JD``.

    >>> presenters("Rounding mode vote [whirlicote & Kloud Koder, 20 mins]")
    ['whirlicote', 'Kloud Koder']
    >>> presenters("Benchmarking - 10 mins (Ben L. Titzer, Petr Penzin)"), presenters("Phases (https://x.org/1)")
    (['Ben L. Titzer', 'Petr Penzin'], [])
    """
    groups = [a or b for a, b in _BRACKETS_RE.findall(heading)]
    tail = _DASH_TAIL_RE.search(_BRACKETS_RE.sub(" ", heading))
    if tail:
        groups.append(tail.group(1))
    names = []
    for group in groups:
        if re.search(r"://|www\.|^\s*see\b", group):
            continue
        for piece in re.split(r",|&|/|\band\b", group):
            piece = piece.strip(" .:")
            if looks_like_name(piece) or re.fullmatch(r"@?[a-z][\w.-]{2,30}", piece) and \
                    not re.search(r"\d|https?|www", piece) and piece not in ("slides", "see", "tbd"):
                names.append(piece.lstrip("@"))
    return names


def sections(draft: Draft) -> None:
    """The note's sections; a name alone on a line gives its turn to the paragraphs below."""
    speakers = _speaker_names(draft)
    current = Section(heading="", level=0,
                      line=draft.blocks[draft.start].line if draft.start < len(draft.blocks) else 1)
    turn: str | None = None
    for index, block in enumerate(draft.blocks):
        if index < draft.start or index in draft.consumed:
            continue
        if isinstance(block, Heading):
            if current.paragraphs or current.heading:
                draft.sections.append(current)
            current = Section(heading=block.text, level=block.level, line=block.line,
                              presenters=presenters(block.text), links=list(block.links))
            turn = None
        elif isinstance(block, SpeakerLabel):
            if block.name in speakers:
                turn = block.name
            else:
                current.paragraphs.append(Paragraph(text=block.name, line=block.line))
                turn = None
        elif isinstance(block, Table):
            current.paragraphs.extend(_table_rows(block))
        else:
            if turn and block.speaker is None:
                block.speaker = turn
            current.paragraphs.append(block)
    if current.paragraphs or current.heading:
        draft.sections.append(current)


def _table_rows(table: Table) -> list[Paragraph]:
    rows = []
    lines = table.row_lines or [table.line] * len(table.rows)
    if table.header:
        rows.append(Paragraph(text=" | ".join(table.header), line=table.line, kind="row"))
    links = table.row_links or [[] for _ in table.rows]
    for row, line, row_links in zip(table.rows, lines, links, strict=False):
        text = " | ".join(f"{h}: {c}" if h and c else c for h, c in
                          zip(table.header, row, strict=False)) if table.header else ""
        rows.append(Paragraph(text=text or " | ".join(row), line=line, kind="row", links=list(row_links)))
    return rows


def agenda(draft: Draft) -> None:
    """The agenda: front matter, else the last ``Agenda`` section or ``Agenda:`` line."""
    if isinstance(draft.meta.get("agenda"), list):
        draft.agenda = [str(a) for a in draft.meta["agenda"] if str(a).strip()]
        if draft.agenda:
            return
    plain = [s for s in draft.sections if re.fullmatch(r"\W*agenda(?: items?)?\W*", s.heading, re.I)]
    for section in reversed(plain or [s for s in draft.sections if _AGENDA_RE.match(s.heading)]):
        if section.paragraphs:
            items = [p.text for p in section.paragraphs if p.kind == "item"]
            draft.agenda = items or [p.text for p in section.paragraphs]
            return
    for section in draft.sections:
        for k, para in enumerate(section.paragraphs):
            if _AGENDA_RE.match(para.text) and ":" in para.text[:12]:
                rest = para.text.split(":", 1)[1].strip()
                following = []
                for nxt in section.paragraphs[k + 1:]:
                    if nxt.kind != "item":
                        break
                    following.append(nxt.text)
                draft.agenda = following or [a.strip() for a in re.split(r";|\s\d\.\s", rest)
                                             if a.strip()]
                return


def outline(draft: Draft) -> None:
    """Notes kept as an outline: each top-level item with items under it is a section of its own.

    Many teams write every topic as a bullet ("[Ann] Sidecar GA") and the
    discussion as the bullets beneath it, all under one "Agenda" or "Notes"
    heading; the topic bullet is then the heading of what is nested in it.
    A section is split so only when two or more of its items have items
    under them; items with nothing nested stay where they are.  An agenda
    whose topics have sections of their own further down is left whole.
    """
    split: list[Section] = []
    with_text = sum(1 for s in draft.sections if s.paragraphs)
    for section in draft.sections:
        others = with_text - (1 if section.paragraphs else 0)
        if others >= 2 and _AGENDA_RE.match(section.heading) or _table_of_contents(section):
            split.append(section)
        else:
            split.extend(_outline_sections(section))
    draft.sections = split


def _table_of_contents(section: Section) -> bool:
    """Items that are mostly links to places in the note itself (``[Zinken](#zinken)``)."""
    items = [p for p in section.paragraphs if p.kind == "item"]
    inner = [p for p in items if any(link.url.startswith("#") for link in p.links)]
    return bool(items) and 2 * len(inner) >= len(items)


def _outline_sections(section: Section) -> list[Section]:
    paragraphs = section.paragraphs
    heads = [k for k, p in enumerate(paragraphs[:-1]) if p.kind == "item" and p.depth == 1
             and paragraphs[k + 1].kind == "item" and paragraphs[k + 1].depth > 1]
    if len(heads) < 2:
        return [section]
    parent = Section(heading=section.heading, level=section.level, line=section.line,
                     presenters=section.presenters, links=section.links, paragraphs=paragraphs[:heads[0]])
    found = [parent] if parent.paragraphs or parent.heading else []
    for k, start in enumerate(heads):
        end = heads[k + 1] if k + 1 < len(heads) else len(paragraphs)
        item = paragraphs[start]
        body = paragraphs[start + 1:end]
        rest = next((j for j, p in enumerate(body) if p.kind == "item" and p.depth == 1), len(body))
        found.append(Section(heading=item.text, level=section.level + 1, line=item.line,
                             presenters=presenters(item.text), links=list(item.links),
                             paragraphs=body[:rest]))
        parent.paragraphs.extend(body[rest:])  # items after it with nothing nested stay in the parent
    return found


#: The steps, in order; each reads what the earlier ones found.
STEPS = (header_fields, title, description, date_lines, attendees, chair, date, sections, agenda, outline)


def assemble(read: Read, source: str, fmt: str) -> Note:
    """Run the :data:`STEPS` over what a reader made of a note."""
    draft = Draft(blocks=read.blocks, meta=read.meta, source=source, fmt=fmt,
                  title_hint=read.title_hint, warnings=list(read.warnings))
    for step in STEPS:
        step(draft)
    return draft.note()
