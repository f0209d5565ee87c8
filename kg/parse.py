"""Parse a meeting note (Markdown, plain text or HTML) into a :class:`~kg.model.Note`.

Each format is first reduced to the same stream of blocks (headings,
paragraphs, list items, tables) with their source lines; one assembler then
finds the meeting's title, date, attendees, chair, agenda and sections in
that stream, whatever the format was.

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

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from kg.dates import coerce_date, find_date
from kg.model import Attendee, Link, Note, Paragraph, Section

#: Extensions of files that ``kg`` reads as notes.
NOTE_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".txt": "text",
                   ".html": "html", ".htm": "html"}  # fmt: skip

#: Bump when parsing changes, so that stored notes are parsed again.
PARSER_VERSION = 6

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class RejectedInput(Exception):
    """A file that cannot be ingested; ``str(exc)`` is the one-line reason."""


# ---------------------------------------------------------------------------
# Reading bytes


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode a file's bytes to text, with warnings for anything degraded.

    Raises :class:`RejectedInput` for binary and empty files.

    >>> decode("Café".encode("utf-8"))
    ('Café', [])
    >>> decode("Café".encode("cp1252"))
    ('Café', ['not UTF-8: decoded as Windows-1252'])
    >>> decode(b"\\x00\\x01\\x02PNG")
    Traceback (most recent call last):
    ...
    kg.parse.RejectedInput: binary file
    """
    if not data.strip():
        raise RejectedInput("empty file")
    head = data[:8192]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ["UTF-16 text: decoded"]
        except UnicodeDecodeError as exc:
            raise RejectedInput("binary file") from exc
    if b"\x00" in head:
        raise RejectedInput("binary file")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if controls > max(4, len(head) // 20):
        raise RejectedInput("binary file")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ["not UTF-8: decoded as Windows-1252"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), ["not UTF-8: decoded as Latin-1"]


def read_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a note file's bytes, or raise :class:`RejectedInput` with the reason."""
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise RejectedInput(
                f"file too large ({size / 1e6:.1f} MB, limit {max_bytes / 1e6:.0f} MB)"
            )
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except RejectedInput:
        raise
    except PermissionError as exc:
        raise RejectedInput("unreadable: permission denied") from exc
    except IsADirectoryError as exc:
        raise RejectedInput("unreadable: is a directory") from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise RejectedInput(f"unreadable: {reason.lower()}") from exc


def parse_file(
    path: str | os.PathLike[str], source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Note:
    """Read and parse one note file; raise :class:`RejectedInput` if it is not a note."""
    return parse_bytes(read_file(path, max_bytes), source or str(path))


def parse_bytes(data: bytes, source: str) -> Note:
    """Parse a note's raw bytes (see :func:`decode` and :func:`parse_text`)."""
    text, warnings = decode(data)
    note = parse_text(text, source)
    note.warnings[:0] = warnings
    reason = not_a_meeting(note)
    if reason:
        raise RejectedInput(reason)
    return note


# ---------------------------------------------------------------------------
# Blocks: the common shape of every format


@dataclass
class _Heading:
    text: str
    level: int
    line: int


@dataclass
class _Table:
    header: list[str]
    rows: list[list[str]]
    line: int
    row_lines: list[int] = field(default_factory=list)


_Block = _Heading | Paragraph | _Table

_LABELS = {
    "a", "action", "actions", "agenda", "answer", "aob", "apologies", "attendees", "background",
    "bug", "chair", "cons", "context", "date", "decision", "decisions", "due", "edit", "eg",
    "example", "fix", "follow-up", "followup", "fyi", "goal", "goals", "http", "https", "idea",
    "ideas", "important", "issue", "issues", "links", "location", "minutes", "nb", "next",
    "next steps", "note", "notes", "outcome", "owner", "owners", "plan", "present", "problem",
    "proposal", "pros", "ps", "q", "question", "questions", "re", "regrets", "result", "results",
    "scribe", "see", "sidenote", "status", "summary", "time", "tldr", "todo", "topic", "update",
    "updates", "warning", "when", "where", "who", "why", "what", "how", "done", "blocked",
    "blockers", "agreed", "resolved", "conclusion", "info", "reminder", "tbd", "wip", "ok",
    "resolution", "decided", "proposed", "subtopic",
}  # fmt: skip

_SPEAKER_RE = re.compile(
    r"^\s*[\[(]?(?P<who>[A-Z][\w'’.-]*(?:[ /][A-Z][\w'’.-]*){0,2}|[A-Z]{2,4})[\])]?\s*:\s+(?=\S)"
)


#: A line that starts a field of its own even inside a paragraph: "Chair: ...", "ACTION: ...".
_LINE_LABEL_RE = re.compile(
    r"^\W*(?:attendees|attendance|present|participants|regrets|apologies|absent|chair(?:ed by)?|"
    r"scribe|minutes|note ?taker|notes by|facilitator|moderator|date|time|location|where|agenda|"
    r"topic|sub-?topic|action(?: items?)?|todo|ai|resolution|resolved|decision|decided|"
    r"next meeting)\b[^:\n]{0,12}:", re.I)
_CHAT_SPEAKER_RE = re.compile(r"^\s*(?:<(?P<irc>[\w.|-]{2,30})>|@(?P<at>[\w.-]{2,39})\s*:)\s+(?=\S)")


def speaker_prefix(text: str) -> str | None:
    """Return the speaker prefix of a line such as ``TG: we will ...``.

    >>> speaker_prefix("TG: the release is out"), speaker_prefix("Note: not a person")
    ('TG', None)
    >>> speaker_prefix("Dave Scott: merged it") , speaker_prefix("no prefix here")
    ('Dave Scott', None)
    >>> speaker_prefix("<jsmith> shipped"), speaker_prefix("@wchen: tagged")
    ('jsmith', 'wchen')
    """
    chat = _CHAT_SPEAKER_RE.match(text)
    if chat:  # "<jsmith> text" (IRC logs) or "@jsmith: text"
        return chat.group("irc") or chat.group("at")
    match = _SPEAKER_RE.match(text)
    if not match:
        return None
    who = match.group("who").strip(" .")
    if who.lower().replace(".", "") in _LABELS or re.fullmatch(r"[\d.]+", who):
        return None
    return who


def _finish_paragraph(
    text: str, line: int, kind: str, links: list[Link], code: list[str], starts: list[int],
    speaker: str | None = None,
) -> Paragraph | None:
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
    return Paragraph(
        text=text, line=line, kind=kind, speaker=speaker or speaker_prefix(text), links=links,
        code=code, line_starts=starts if len(starts) > 1 else [], checkbox=checkbox,
    )


# ---------------------------------------------------------------------------
# Markdown


_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_FRONT_MATTER_RE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
                              re.S)  # fmt: skip


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int, list[str]]:
    """Split YAML front matter from a Markdown note.

    Returns ``(metadata, body, lines_before_body, warnings)``; broken front
    matter is reported in the warnings and its lines are skipped.

    >>> meta, body, offset, warnings = split_front_matter("---\\ndate: 2020-01-02\\n---\\n# Hi\\n")
    >>> meta, body, offset, warnings
    ({'date': datetime.date(2020, 1, 2)}, '# Hi\\n', 3, [])
    >>> split_front_matter("---\\ndate: [oops\\n---\\nbody")[3]
    ['broken front matter ignored (line 2)']
    """
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text, 0, []
    offset = match.group(0).count("\n")
    if not match.group(0).endswith("\n"):
        offset += 1
    body = text[match.end():]
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        salvaged = {}
        for raw in (match.group(1) or "").splitlines():
            simple = re.match(r"^([A-Za-z][\w-]*):[ \t]+(.+?)\s*$", raw)
            if simple:
                value = simple.group(2).strip()
                if value[:1] not in "[{" and value.count("'") % 2 == 0 and value.count('"') % 2 == 0:
                    salvaged[simple.group(1).lower()] = value.strip("'\"")
        if salvaged:
            kept = ", ".join(sorted(salvaged))
            return salvaged, body, offset, [f"broken front matter{where}: kept only {kept}"]
        return {}, body, offset, [f"broken front matter ignored{where}"]
    except (ValueError, TypeError, RecursionError):
        return {}, body, offset, ["broken front matter ignored"]
    if not isinstance(meta, dict):
        return {}, body, offset, ["front matter is not a mapping: ignored"]
    return {str(k).lower(): v for k, v in meta.items()}, body, offset, []


def _starts_with_speaker(children: list[Any]) -> bool:
    children = [c for c in children if not (c.type == "text" and not c.content)]
    if not children:
        return False
    first = children[0]
    if first.type in ("em_open", "strong_open") and len(children) > 2:
        inside = children[1].content if children[1].type == "text" else ""
        after = children[3].content if len(children) > 3 and children[3].type == "text" else ""
        return bool(inside) and len(inside.split()) <= 3 and (
            inside.rstrip().endswith(":") or after.startswith(":"))
    if first.type == "html_inline":  # "<jsmith> text", an IRC log pasted into Markdown
        return bool(re.fullmatch(r"<[\w.|-]{2,30}>", first.content))
    if first.type in ("em_open", "strong_open") and len(children) > 1 and \
            children[1].type == "text" and _LINE_LABEL_RE.match(children[1].content):
        return True
    return first.type == "text" and (speaker_prefix(first.content) is not None
                                     or bool(_LINE_LABEL_RE.match(first.content)))


def _speaker_lines(children: list[Any]) -> list[tuple[int, list[Any]]]:
    """Split a paragraph's inline children where a line starts with a new speaker.

    Returns ``(line offset, children)`` groups; one group when no line does.
    """
    lines: list[list[Any]] = [[]]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        lines[-1].append(child)
    groups: list[tuple[int, list[Any]]] = [(0, [])]
    for offset, line in enumerate(lines):
        body = line[1:] if line and line[0].type in ("softbreak", "hardbreak") else line
        if offset and groups[-1][1] and _starts_with_speaker(body):
            groups.append((offset, body))
        else:
            groups[-1][1].extend(line)
    return groups


def _render_inline(token: Any) -> tuple[str, list[Link], list[str], list[int], str | None]:
    """Flatten an inline token to text, collecting links, code spans and line starts."""
    return _render_children(token.children or [])


def _render_children(children: list[Any]) -> tuple[str, list[Link], list[str], list[int], str | None]:
    """Flatten inline children to text, collecting links, code spans and line starts."""
    parts: list[str] = []
    links: list[Link] = []
    code: list[str] = []
    starts: list[int] = []
    speaker: str | None = None
    link_stack: list[tuple[str, int]] = []
    emphasis_start: int | None = None
    emphasis_first = True
    length = 0

    def add(piece: str) -> None:
        nonlocal length
        parts.append(piece)
        length += len(piece)

    for index, child in enumerate(children):
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind == "code_inline":
            code.append(child.content)
            add(child.content)
        elif kind in ("softbreak", "hardbreak"):
            add(" ")
            starts.append(length)
        elif kind == "link_open":
            link_stack.append((child.attrs.get("href", "") or "", length))
        elif kind == "link_close" and link_stack:
            href, start = link_stack.pop()
            label = "".join(parts)[start:]
            if href:
                links.append(Link(text=label.strip(), url=str(href)))
        elif kind == "image":
            add(child.content or "")
        elif kind in ("em_open", "strong_open"):
            if emphasis_start is None and emphasis_first and not "".join(parts).strip():
                emphasis_start = length
        elif kind in ("em_close", "strong_close"):
            if emphasis_start is not None and speaker is None:
                inside = "".join(parts)[emphasis_start:].strip()
                following = children[index + 1].content if index + 1 < len(children) else ""
                if inside.endswith(":") or (
                    following.lstrip().startswith(":") and len(inside) < 40
                ):
                    who = inside.rstrip(":").strip()
                    if who and len(who.split()) <= 3 and who.lower() not in _LABELS:
                        speaker = who
                emphasis_start = None
                emphasis_first = False
        elif kind == "html_inline":
            if re.fullmatch(r"<br\s*/?>", child.content.strip(), re.I):
                add(" ")
            elif not child.content.startswith("<!--"):
                add(child.content)  # shown as written, never rendered
        else:
            add(child.content or "")
    return "".join(parts), links, code, starts, speaker


def _markdown_blocks(body: str, offset: int) -> list[_Block]:
    tokens = _MD.parse(body)
    blocks: list[_Block] = []
    item_depth = 0
    quote_depth = 0
    table: _Table | None = None
    row: list[str] | None = None
    row_line = 0
    in_head = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        line = (token.map[0] + offset + 1) if token.map else 0
        if kind == "heading_open":
            text = _render_inline(tokens[i + 1])[0].strip().strip("#").strip()
            blocks.append(_Heading(text=text, level=int(token.tag[1]), line=line))
            i += 3
            continue
        if kind == "list_item_open":
            item_depth += 1
        elif kind == "list_item_close":
            item_depth -= 1
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "paragraph_open":
            para_kind = "item" if item_depth else ("quote" if quote_depth else "p")
            for line_offset, children in _speaker_lines(tokens[i + 1].children or []):
                text, links, code, starts, speaker = _render_children(children)
                para = _finish_paragraph(text, line + line_offset, para_kind, links, code, starts,
                                         speaker)
                if para:
                    blocks.append(para)
            i += 3
            continue
        elif kind in ("fence", "code_block"):
            text = token.content.rstrip("\n")
            para = _finish_paragraph(text, line + (1 if kind == "fence" else 0), "code", [],
                                     [], [m.end() for m in re.finditer("\n", text)])
            if para:
                para.speaker = None
                blocks.append(para)
        elif kind == "html_block":
            text = re.sub(r"<!--|-->", " ", token.content)
            if re.match(r"\s*<(?:p|div|span|br|hr|details|summary|table|center)\b", text, re.I):
                text = re.sub(r"<[^>]+>", " ", text)  # layout markup around prose
            text = re.sub(r"\s+", " ", text)
            para = _finish_paragraph(text, line, "p", [], [], [])
            if para:
                blocks.append(para)
        elif kind == "table_open":
            table = _Table(header=[], rows=[], line=line)
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row, row_line = [], line
        elif kind in ("th_open", "td_open") and row is not None:
            row.append(_render_inline(tokens[i + 1])[0].strip())
            i += 3
            continue
        elif kind == "tr_close" and table is not None and row is not None:
            if in_head:
                table.header = row
            else:
                table.rows.append(row)
                table.row_lines.append(row_line)
            row = None
        elif kind == "table_close" and table is not None:
            blocks.append(table)
            table = None
        i += 1
    return blocks


# ---------------------------------------------------------------------------
# Plain text

_BULLET_RE = re.compile(r"^\s*(?:[-*+•–·]|\d{1,2}[.)])\s+(?=\S)")


def _is_short(para: Paragraph) -> bool:
    text = para.text
    return (
        para.kind == "p"
        and not para.line_starts
        and len(text) <= 80
        and len(text.split()) <= 10
        and not text.endswith((".", ",", ";", "!", "?"))
        and (text[0].isupper() or text[0].isdigit())
    )


def _text_blocks(text: str) -> list[_Block]:
    """Split plain text into paragraphs and list items; headings are decided later."""
    blocks: list[_Block] = []
    current: list[tuple[int, str]] = []
    is_item = False

    def flush() -> None:
        nonlocal current
        if current:
            starts, pieces, length = [], [], 0
            for _, piece in current:
                starts.append(length)
                pieces.append(piece)
                length += len(piece) + 1
            para = _finish_paragraph(" ".join(pieces), current[0][0],
                                     "item" if is_item else "p", [], [], starts)
            if para:
                blocks.append(para)
        current = []

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
            continue
        bullet = _BULLET_RE.match(raw)
        if bullet:
            flush()
            is_item = True
            current = [(number, raw[bullet.end():].strip())]
            continue
        if current and (not is_item and len(current) == 1 and _looks_like_title_line(current[0][1])
                        or speaker_prefix(line) is not None or _LINE_LABEL_RE.match(line)):
            flush()
        if not current:
            is_item = False
        current.append((number, line))
    flush()
    urls = re.compile(r"https?://[^\s<>()\[\]]+")
    for block in blocks:
        if isinstance(block, Paragraph):
            block.links = [Link(text=u, url=u) for u in urls.findall(block.text)]
    return blocks


def _looks_like_title_line(line: str) -> bool:
    return bool(find_date(line)) and len(line) <= 80


def _text_headings(blocks: list[_Block]) -> list[_Block]:
    """Turn short bare lines that introduce a longer paragraph into headings."""
    out: list[_Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        topic = re.match(r"^\W*(?:topic|sub-?topic|agenda item(?: \d+)?|item \d+)\s*[:.-]\s*(.{2,80})$",
                         block.text, re.I) if isinstance(block, Paragraph) else None
        if topic and not block.line_starts:
            out.append(_Heading(text=topic.group(1).strip(), level=2, line=block.line))
            continue
        if (
            isinstance(block, Paragraph)
            and _is_short(block)
            and not _ATTENDEE_LABEL_RE.match(block.text)
            and not _CHAIR_LABEL_RE.match(block.text)
            and isinstance(following, Paragraph)
            and (not _is_short(following) or following.kind == "item")
        ):
            out.append(_Heading(text=block.text, level=2, line=block.line))
        else:
            out.append(block)
    return out


# ---------------------------------------------------------------------------
# HTML

_HTML_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote", "dt",
                "dd", "tr", "div", "td", "th", "caption", "figcaption", "section", "article"}


def _html_blocks(text: str) -> tuple[list[_Block], str | None]:
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(text, "html.parser")
    bold_classes = set()
    for style in soup.find_all("style"):
        for match in re.finditer(r"\.([\w-]+)\s*\{[^}]*font-weight:\s*(?:700|bold)", style.text):
            bold_classes.add(match.group(1))
    title_tag = soup.find("title")
    html_title = title_tag.get_text(" ", strip=True) if title_tag else None
    for tag in soup.find_all(["script", "style", "head", "noscript", "template", "svg",
                              "nav", "footer"]):
        tag.decompose()

    def is_bold(tag: Tag) -> bool:
        if tag.name in ("b", "strong"):
            return True
        style = str(tag.get("style", ""))
        if re.search(r"font-weight:\s*(?:700|bold)", style):
            return True
        return any(c in bold_classes for c in tag.get("class", []) or [])

    def inline(tag: Tag) -> tuple[str, list[Link], bool]:
        """Text of *tag* without nested blocks; whether all of it is bold."""
        parts: list[str] = []
        links: list[Link] = []
        bold_chars = 0

        def walk(node: Any, bold: bool) -> None:
            nonlocal bold_chars
            if isinstance(node, NavigableString):
                if type(node).__name__ in ("Comment", "Doctype", "Declaration",
                                           "ProcessingInstruction", "CData"):
                    return
                piece = str(node)
                parts.append(piece)
                if bold:
                    bold_chars += len(piece.strip())
                return
            if not isinstance(node, Tag):
                return
            if node is not tag and node.name in _HTML_BLOCKS | {"ul", "ol", "table", "dl"}:
                return
            if node.name == "br":
                parts.append(" ")
                return
            start = len("".join(parts))
            for child in node.children:
                walk(child, bold or is_bold(node))
            if node.name == "a" and node.get("href"):
                label = re.sub(r"\s+", " ", "".join(parts)[start:]).strip()
                links.append(Link(text=label, url=str(node["href"])))

        walk(tag, is_bold(tag))
        flat = re.sub(r"\s+", " ", "".join(parts).replace("\xa0", " ")).strip()
        return flat, links, bool(flat) and bold_chars >= len(flat.replace(" ", "")) * 0.9

    blocks: list[_Block] = []
    body = soup.body or soup
    for tag in body.find_all(True):
        name = tag.name
        if name not in _HTML_BLOCKS or name in ("td", "th"):
            if name == "table":
                rows = []
                lines = []
                for tr in tag.find_all("tr"):
                    if tr.find_parent("table") is not tag:
                        continue
                    cells = [inline(c)[0] for c in tr.find_all(["td", "th"], recursive=False)]
                    if any(cells):
                        rows.append(cells)
                        lines.append(tr.sourceline or tag.sourceline or 0)
                if rows:
                    has_head = bool(tag.find("th")) or bool(tag.find("thead"))
                    header = rows[0] if has_head or len(rows) > 1 else []
                    body_rows = rows[1:] if header else rows
                    blocks.append(_Table(header=header, rows=body_rows, line=lines[0],
                                         row_lines=lines[1:] if header else lines))
            continue
        if name == "tr" or tag.find_parent("table") is not None:
            continue
        text, links, bold = inline(tag)
        if not text:
            continue
        line = tag.sourceline or 0
        if name[0] == "h" and name[1:].isdigit():
            blocks.append(_Heading(text=text, level=int(name[1]), line=line))
        elif "title" in (tag.get("class") or []) and name in ("p", "div"):
            blocks.append(_Heading(text=text, level=1, line=line))
        elif "subtitle" in (tag.get("class") or []):
            para = _finish_paragraph(text, line, "p", links, [], [])
            if para:
                blocks.append(para)
        elif bold and name in ("p", "div") and len(text) <= 80 and not text.endswith(":"):
            blocks.append(_Heading(text=text, level=3, line=line))
        else:
            kind = {"li": "item", "pre": "code", "blockquote": "quote"}.get(name, "p")
            para = _finish_paragraph(text, line, kind, links, [], [])
            if para:
                blocks.append(para)
    return blocks, html_title


# ---------------------------------------------------------------------------
# Attendees

_ATTENDEE_WORDS = (r"attendees|attendance|attending|present|participants|people present|"
                   r"in attendance|who(?:'s| is)? here|people|members present|on the call")
_ATTENDEE_LABEL_RE = re.compile(
    rf"^\W*(?:{_ATTENDEE_WORDS})\s*(?:\(\s*\d+\s*\))?\s*\W*:\W*\s*(?P<rest>.*)$", re.I | re.S
)
_ATTENDEE_HEADING_RE = re.compile(rf"^\W*(?:{_ATTENDEE_WORDS})\W*$", re.I)
_CHAIR_LABEL_RE = re.compile(
    r"^\W*(?:chair(?:ed by|person)?|facilitator|moderator|host(?:ed by)?|led by)\s*\W*[:\-–]?\W*\s+"
    r"(?P<rest>[^,;]{2,60}?)\W*$",
    re.I,
)
_ABSENT_LABEL_RE = re.compile(r"^\W*(?:apologies|regrets|absent|unable to attend)\b", re.I)
_SCRIBE_LABEL_RE = re.compile(r"^\W*(?:scribe|notes? taker|minutes(?: taken)? by|notes by)\W*:",
                              re.I)
_DATE_LABEL_RE = re.compile(r"^\W*(?:date|when|meeting date|time)\W*:", re.I)
_CHAIR_WORDS = {"chair", "chairing", "chairperson", "chairman", "chairwoman", "facilitator",
                "facilitating", "moderator", "host", "lead", "leading"}
_SCRIBE_WORDS = {"scribe", "notes", "note taker", "minutes", "notetaker", "taking notes"}


def _split_top_level(text: str) -> list[str]:
    pieces: list[str] = []
    depth = 0
    current: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if depth == 0:
            if char in ",;\n":
                pieces.append("".join(current))
                current = []
                i += 1
                continue
            for word in (" and ", " & ", " und ", " et "):
                if text[i:i + len(word)].lower() == word:
                    pieces.append("".join(current))
                    current = []
                    i += len(word)
                    break
            else:
                current.append(char)
                i += 1
            continue
        current.append(char)
        i += 1
    pieces.append("".join(current))
    return pieces


def parse_attendees(text: str) -> list[Attendee]:
    """Split an attendee list as written into :class:`~kg.model.Attendee` entries.

    >>> [(a.name, a.role, a.nickname) for a in parse_attendees(
    ...     "Amir Chaudhry (chair), Richard (Mort) Mortier and Chris ?.")]
    [('Amir Chaudhry', 'chair', None), ('Richard Mortier', None, 'Mort'), ('Chris ?', None, None)]
    """
    attendees: list[Attendee] = []
    seen: set[str] = set()
    for piece in _split_top_level(text):
        attendee = _parse_attendee(piece)
        if attendee and attendee.name.lower() not in seen:
            seen.add(attendee.name.lower())
            attendees.append(attendee)
    return attendees


def _parse_attendee(piece: str) -> Attendee | None:
    raw = piece.strip()
    text = re.sub(r"^(?:and|&)\s+", "", raw.strip(" \t*_`"), flags=re.I).strip()
    text = re.sub(r"<[^>@\s]+@[^>]+>|\S+@\S+\.\w+", "", text).strip()  # e-mail addresses
    role = nickname = organization = handle = None
    for match in list(re.finditer(r"\(([^()]*)\)|\[([^\[\]]*)\]", text)):
        inner = (match.group(1) or match.group(2) or "").strip()
        low = inner.lower().strip(" .")
        before, after = text[: match.start()].strip(), text[match.end():].strip()
        if low in _CHAIR_WORDS or low.startswith("chair"):
            role = "chair"
        elif low in _SCRIBE_WORDS or low.startswith(("scribe", "notes", "minutes")):
            role = "scribe"
        elif re.fullmatch(r"[A-Z][\w'-]*", inner) and before and after:
            nickname = inner
        elif re.fullmatch(r"@[\w.-]{2,39}|[a-z][a-z0-9._-]*\d[a-z0-9._-]*", inner):
            handle = inner.lstrip("@")
        elif low.startswith(("with ", "guest", "joined", "left", "late", "part", "from ")):
            pass
        elif inner and not low.startswith(("?", "tbc")):
            organization = inner
        text = (before + " " + after).strip() if match.group(0) in text else text
    for word in ("chair", "chairing", "scribe"):
        trailing = re.search(rf"\s*[-–—:,]?\s*\b{word}\b\s*$", text, re.I)
        if trailing and len(text[: trailing.start()].split()) >= 1:
            role = role or ("scribe" if word == "scribe" else "chair")
            text = text[: trailing.start()]
    text = re.sub(r"\s+", " ", text).strip(" \t*_`.,;:-–—").lstrip("@")
    if not text or len(text.split()) > 5 or len(text) > 60:
        return None
    if not re.search(r"[^\W\d_]", text):
        return None
    if text.lower() in ("none", "n/a", "tbd", "others", "everyone", "all", "etc", "and others"):
        return None
    return Attendee(name=text, raw=raw, role=role, nickname=nickname, organization=organization,
                    handle=handle)


def _attendee_item(text: str) -> Attendee | None:
    """One bullet of an attendee list: ``Jane Smith (@jsmith), Acme`` is Jane, from Acme."""
    pieces = [p for p in _split_top_level(text) if p.strip()]
    if len(pieces) < 2 or not all(len(p.split()) <= 4 for p in pieces):
        return _parse_attendee(text)
    attendee = _parse_attendee(pieces[0])
    if attendee is not None and _looks_like_name_list(text) is False:
        attendee.organization = attendee.organization or ", ".join(p.strip() for p in pieces[1:])
        attendee.raw = text.strip()
    return attendee


_NAME_PIECE_RE = re.compile(r"^(?:[A-ZÀ-Ý][\w'’.-]*|de|da|van|von|der|del|la|le|bin|al|\?)$")


def _looks_like_name_list(text: str) -> bool:
    """A bare line of names: ``Amir Chaudhry (chair), Thomas Gazagnaire and Jon Ludlam``."""
    if len(text) > 1200 or text.count(",") + text.count(" and ") < 2:
        return False
    pieces = [p.strip(" .") for p in _split_top_level(text) if p.strip(" .")]
    if len(pieces) < 3:
        return False
    good = 0
    for piece in pieces:
        words = re.sub(r"\([^)]*\)", " ", piece).split()
        if 1 <= len(words) <= 4 and all(_NAME_PIECE_RE.match(w) for w in words):
            good += 1
    return good >= 0.8 * len(pieces)


def _table_attendees(table: _Table, in_attendee_section: bool) -> list[Attendee] | None:
    header = [h.lower().strip(" *") for h in table.header]
    if not header:
        return None
    name_col = next((i for i, h in enumerate(header) if h in ("name", "names", "attendee",
                     "attendees", "participant", "person", "who")), None)  # fmt: skip
    if name_col is None:
        return None
    extra = {"abbreviation", "abbrev", "abbr", "initials", "organization", "organisation",
             "affiliation", "company", "org", "role", "handle", "github"}
    if not in_attendee_section and not any(h in extra for h in header):
        return None

    def col(*names: str) -> int | None:
        return next((i for i, h in enumerate(header) if h in names), None)

    abbr_col = col("abbreviation", "abbrev", "abbr", "initials")
    org_col = col("organization", "organisation", "affiliation", "company", "org")
    role_col = col("role")
    attendees = []
    for row in table.rows:
        if name_col >= len(row):
            continue
        attendee = _parse_attendee(row[name_col])
        if attendee is None:
            continue
        if abbr_col is not None and abbr_col < len(row) and row[abbr_col].strip():
            attendee.abbreviation = row[abbr_col].strip()
        if org_col is not None and org_col < len(row) and row[org_col].strip():
            attendee.organization = row[org_col].strip()
        if role_col is not None and role_col < len(row) and "chair" in row[role_col].lower():
            attendee.role = "chair"
        attendees.append(attendee)
    return attendees


# ---------------------------------------------------------------------------
# Assembling a note from blocks

_MEETING_WORDS_RE = re.compile(
    r"\b(?:meeting|call|minutes|notes|sync|stand-?up|retro(?:spective)?|weekly|fortnightly|"
    r"monthly|agenda|session|catch-?up|huddle|review|board|committee|working group|wg)\b",
    re.I,
)
_TITLE_WORDS_RE = re.compile(
    r"\b(?:meeting|call|minutes|notes|sync|stand-?up|retro(?:spective)?|weekly|fortnightly|"
    r"monthly)\b", re.I)
_AGENDA_RE = re.compile(r"^\W*agenda\b", re.I)


def _assemble(
    blocks: list[_Block], meta: dict[str, Any], source: str, fmt: str,
    html_title: str | None = None,
) -> Note:
    warnings: list[str] = []
    consumed: set[int] = set()

    # Title
    title = None
    title_index = None
    for key in ("title", "subject", "name", "meeting"):
        if isinstance(meta.get(key), str | int | float | dt.date) and str(meta[key]).strip():
            title = str(meta[key]).strip()
            break
    if title is None:
        for index, block in enumerate(blocks[:8]):
            if isinstance(block, _Heading) and block.text and (
                block.level == 1 or find_date(block.text) or _MEETING_WORDS_RE.search(block.text)
            ):
                title, title_index = block.text, index
                break
            if isinstance(block, Paragraph) and fmt == "text" and index < 6 and (
                find_date(block.text) or _TITLE_WORDS_RE.search(block.text)
            ) and len(block.text) <= 100 and not block.text.endswith(".") and not (
                _ATTENDEE_LABEL_RE.match(block.text) or _looks_like_name_list(block.text)
            ):
                title, title_index = block.text, index
                break
            if isinstance(block, Paragraph) and len(block.text) > 120:
                break
    if title is None and html_title:
        title = html_title
    if title is None:
        first = next((b for b in blocks[:3] if isinstance(b, _Heading) and b.text), None)
        if first is not None:
            title = first.text
    if title is None:
        title = Path(source).stem.replace("_", " ").replace("-", " ").strip() or source
    start = title_index + 1 if title_index is not None else 0
    if fmt == "text" and title_index is not None:
        consumed.update(  # web page chrome (menus) above the title
            i for i in range(title_index)
            if isinstance(blocks[i], Paragraph) and _is_short(blocks[i])  # type: ignore[arg-type]
        )

    # Description: front matter, or the short dated line right below a plain-text title
    description = meta.get("description") if isinstance(meta.get("description"), str) else None
    if fmt == "text" and title_index is not None and start < len(blocks):
        following = blocks[start]
        if isinstance(following, Paragraph) and following.kind == "p" and len(
            following.text
        ) <= 160 and (find_date(following.text) or following.text.count(":") == 1) and not (
            _ATTENDEE_LABEL_RE.match(following.text) or _looks_like_name_list(following.text)
        ):
            description = description or following.text
            consumed.add(start)

    if fmt == "text":
        blocks = blocks[:start] + _text_headings(blocks[start:])

    # Attendees and chair
    attendees: list[Attendee] = []
    chair: str | None = None
    for key in ("attendees", "participants", "present", "attendance"):
        value = meta.get(key)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, str | int):
                    attendees.extend(parse_attendees(str(item)))
                elif isinstance(item, dict) and item.get("name"):
                    attendee = _parse_attendee(str(item["name"]))
                    if attendee:
                        attendee.role = attendee.role or (
                            "chair" if str(item.get("role", "")).lower() == "chair" else None)
                        abbr = item.get("abbreviation") or item.get("initials")
                        attendee.abbreviation = str(abbr) if abbr else None
                        attendees.append(attendee)
        elif isinstance(value, str):
            attendees.extend(parse_attendees(value))
        if attendees:
            break
    if isinstance(meta.get("chair"), str) and meta["chair"].strip():
        chair = meta["chair"].strip()

    heading: str | None = None
    section_count = 0
    attendee_line: int | None = None
    for index, block in enumerate(blocks):
        if index < start:
            continue
        if attendees and attendee_line is None and index > start:
            previous = blocks[index - 1]
            attendee_line = previous.line if index - 1 in consumed else None
        if isinstance(block, _Heading):
            if section_count == 0 and find_date(block.text) and len(
                    re.sub(r"[\W\d_]+", " ", block.text).split()) <= 3:
                consumed.add(index)  # "## 11 March 2025" under the title is the date
                continue
            heading = block.text
            section_count += 1
            if _ATTENDEE_HEADING_RE.match(heading) and not attendees:
                items = []
                for j in range(index + 1, len(blocks)):
                    nxt = blocks[j]
                    if isinstance(nxt, _Heading):
                        break
                    if isinstance(nxt, Paragraph):
                        items.append((j, nxt))
                    elif isinstance(nxt, _Table):
                        found = _table_attendees(nxt, True)
                        if found:
                            attendees.extend(found)
                            consumed.add(j)
                for j, para in items:
                    if _CHAIR_LABEL_RE.match(para.text) or _ABSENT_LABEL_RE.match(para.text):
                        continue
                    label = _ATTENDEE_LABEL_RE.match(para.text)
                    names = label.group("rest") if label else para.text
                    if para.kind == "item":
                        found_one = _attendee_item(names)
                        if found_one:
                            attendees.append(found_one)
                    else:
                        attendees.extend(parse_attendees(names))
                    consumed.add(j)
            continue
        if isinstance(block, _Table):
            if not attendees:
                found = _table_attendees(block, False)
                if found:
                    attendees.extend(found)
                    consumed.add(index)
            continue
        text = block.text
        if section_count > 3 and index > 40:
            continue
        chair_match = _CHAIR_LABEL_RE.match(text)
        if chair_match and chair is None and len(text) < 80:
            chair = chair_match.group("rest").strip(" *_.")
            consumed.add(index)
            continue
        if _SCRIBE_LABEL_RE.match(text) or (_DATE_LABEL_RE.match(text) and len(text) < 80) or (
            section_count == 0 and len(text) <= 40 and find_date(text)
            and len(re.sub(r"[\W\d_]+", " ", text).split()) <= 3
        ):
            consumed.add(index)
            continue
        if _ABSENT_LABEL_RE.match(text):
            consumed.add(index)
            continue
        label = _ATTENDEE_LABEL_RE.match(text)
        if label and not attendees:
            rest = label.group("rest").strip()
            consumed.add(index)
            if rest:
                attendees.extend(parse_attendees(rest))
            else:
                for j in range(index + 1, len(blocks)):
                    nxt = blocks[j]
                    if not (isinstance(nxt, Paragraph) and nxt.kind == "item"):
                        break
                    found_one = _attendee_item(nxt.text)
                    if found_one:
                        attendees.append(found_one)
                    consumed.add(j)
            continue
        if (
            not attendees
            and section_count <= 1
            and block.kind == "p"
            and index <= start + 4
            and _looks_like_name_list(text)
        ):
            attendees.extend(parse_attendees(text))
            consumed.add(index)

    if attendees and attendee_line is None:
        attendee_line = next((blocks[i].line for i in sorted(consumed) if i >= start), None)
    unique: dict[str, Attendee] = {}
    for attendee in attendees:
        unique.setdefault(attendee.name.lower(), attendee)
    attendees = list(unique.values())
    if chair is None:
        chair = next((a.name for a in attendees if a.role == "chair"), None)
    elif chair and not any(a.role == "chair" for a in attendees):
        for attendee in attendees:
            if attendee.name.lower() == chair.lower():
                attendee.role = "chair"

    # Date, in order of trust
    date = None
    date_source = None
    for key in ("date", "meeting_date", "meeting-date", "when", "updated", "created", "published"):
        date = coerce_date(meta.get(key))
        if date:
            date_source = "front matter"
            break
    if date is None:
        date = find_date(Path(source).name)
        date_source = "file name" if date else None
    if date is None:
        for candidate in (title, description, html_title):
            date = find_date(candidate) if candidate else None
            if date:
                date_source = "title"
                break
    if date is None:
        for block in blocks[:12]:
            text = block.text if isinstance(block, _Heading | Paragraph) else ""
            if text and len(text) <= 200:
                date = find_date(text)
                if date:
                    date_source = "text"
                    break
    if date is None:
        warnings.append("no meeting date found")

    # Sections and agenda
    sections: list[Section] = []
    current = Section(heading="", level=0, line=blocks[start].line if start < len(blocks) else 1)
    for index, block in enumerate(blocks):
        if index < start or index in consumed:
            continue
        if isinstance(block, _Heading):
            if current.paragraphs or current.heading:
                sections.append(current)
            current = Section(heading=block.text, level=block.level, line=block.line)
        elif isinstance(block, _Table):
            lines = block.row_lines or [block.line] * len(block.rows)
            if block.header:
                current.paragraphs.append(Paragraph(text=" | ".join(block.header),
                                                    line=block.line, kind="row"))
            for row, line in zip(block.rows, lines, strict=False):
                text = " | ".join(f"{h}: {c}" if h and c else c for h, c in
                                  zip(block.header, row, strict=False)) if block.header else ""
                current.paragraphs.append(Paragraph(text=text or " | ".join(row), line=line,
                                                    kind="row"))
        else:
            current.paragraphs.append(block)
    if current.paragraphs or current.heading:
        sections.append(current)

    agenda: list[str] = []
    if isinstance(meta.get("agenda"), list):
        agenda = [str(a) for a in meta["agenda"] if str(a).strip()]
    if not agenda:
        for section in sections:
            if _AGENDA_RE.match(section.heading):
                items = [p.text for p in section.paragraphs if p.kind == "item"]
                agenda = items or [p.text for p in section.paragraphs]
                break
            for k, para in enumerate(section.paragraphs):
                if _AGENDA_RE.match(para.text) and ":" in para.text[:12]:
                    rest = para.text.split(":", 1)[1].strip()
                    following = []
                    for nxt in section.paragraphs[k + 1:]:
                        if nxt.kind != "item":
                            break
                        following.append(nxt.text)
                    agenda = following or [a.strip() for a in re.split(r";|\s\d\.\s", rest)
                                           if a.strip()]
                    break
            if agenda:
                break

    return Note(
        source=source,
        title=title,
        date=date.isoformat() if date else None,
        date_source=date_source,
        format=fmt,
        description=description,
        chair=chair,
        attendees=attendees,
        attendee_line=attendee_line,
        agenda=agenda,
        sections=sections,
        warnings=warnings,
    )


def detect_format(source: str, text: str) -> str:
    """Choose ``markdown``, ``text`` or ``html`` from the extension and the content.

    >>> detect_format("a.txt", "# Heading\\n"), detect_format("a.txt", "Plain words")
    ('markdown', 'text')
    """
    fmt = NOTE_EXTENSIONS.get(Path(source).suffix.lower(), "text")
    head = text[:4000]
    if fmt == "text":
        if _FRONT_MATTER_RE.match(text) or re.search(r"(?m)^#{1,6} \S|^(?:=|-){3,}\s*$", head):
            return "markdown"
        if re.match(r"\s*(?:<!doctype html|<html)", head, re.I):
            return "html"
    if fmt == "markdown" and re.match(r"\s*(?:<!doctype html|<html)", head, re.I):
        return "html"
    return fmt


def parse_text(text: str, source: str, fmt: str | None = None) -> Note:
    """Parse a note's text; never raises, whatever the text.

    *fmt* is ``markdown``, ``text`` or ``html``; by default it is chosen by
    :func:`detect_format`.
    """
    fmt = fmt or detect_format(source, text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    warnings: list[str] = []
    html_title = None
    meta: dict[str, Any] = {}
    try:
        if fmt == "html":
            blocks, html_title = _html_blocks(text)
        elif fmt == "markdown":
            meta, body, offset, warnings = split_front_matter(text)
            body = re.sub(r"(?m)^( {0,3}#{1,6})[\u00a0\u2002-\u200b\t]+", r"\1 ", body)
            blocks = _markdown_blocks(body, offset)
        else:
            blocks = _text_blocks(text)
        note = _assemble(blocks, meta, source, fmt, html_title)
    except RecursionError:
        note = Note(source=source, title=Path(source).stem, format=fmt,
                    warnings=["too deeply nested to parse: kept as plain text"])
        blocks = _text_blocks(text)
        note.sections = [Section(heading="", level=0, line=1,
                                 paragraphs=[b for b in blocks if isinstance(b, Paragraph)])]
    note.warnings[:0] = warnings
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
