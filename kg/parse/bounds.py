"""Over-long blocks made bounded before a note is assembled.

A paragraph of a million characters (a log pasted in, a file with no line
breaks) is split into paragraphs of at most :data:`~kg.limits.MAX_PARAGRAPH`
characters, at a sentence end or a space where there is one, each keeping
the source line it starts on; a heading longer than
:data:`~kg.limits.MAX_HEADING` is cut; table cells likewise.  Each change is
reported once as a warning, so nothing is lost silently and no later stage
ever sees an unbounded piece of text.

>>> from kg.model import Paragraph
>>> blocks, warnings = split_long_blocks([Paragraph("One. " * 5000, line=3)], limit=10_000)
>>> [(len(b.text), b.line) for b in blocks], warnings
([(9999, 3), (9999, 3), (4999, 3)], ['1 paragraph(s) over 10,000 characters split (line 3)'])
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable
from typing import TypeVar

from kg.limits import MAX_HEADING, MAX_LINES, MAX_PARAGRAPH, MAX_TAGS
from kg.model import Paragraph
from kg.parse.blocks import Block, Heading, Table

T = TypeVar("T")


def _nth(text: str, char: str, count: int) -> int:
    """The offset of the *count*-th *char* in *text* (there are more than *count*)."""
    position = -1
    for _ in range(count):
        position = text.find(char, position + 1)
    return position


def cut_text(text: str) -> tuple[str, str | None]:
    """*text* up to its :data:`~kg.limits.MAX_LINES`-th line, table cell or HTML tag
    (:data:`~kg.limits.MAX_TAGS`), and a warning when it was cut.

    Parsers build several objects per line, cell and tag, so this bounds the
    memory and time a note can take whatever its shape.

    >>> text, warning = cut_text("a|b|c|d\\n" * 20_000)
    >>> len(text), warning
    (133328, 'note cut at line 16,667: more than 50,000 table cells; the rest is not read')
    """
    cuts = []
    for char, limit, what in (("\n", MAX_LINES, "lines"), ("|", MAX_LINES, "table cells"),
                              ("<", MAX_TAGS, "HTML tags")):
        if text.count(char) > limit:
            cuts.append((_nth(text, char, limit + 1), limit, what))
    if not cuts:
        return text, None
    at, limit, what = min(cuts)
    if what != "HTML tags":
        at = text.rfind("\n", 0, at) + 1
    line = text.count("\n", 0, at) + 1
    return text[:at], f"note cut at line {line:,}: more than {limit:,} {what}; the rest is not read"


def _cut(text: str, start: int, limit: int) -> int:
    """Where the piece of *text* starting at *start* ends: a sentence end or a space near
    *limit* characters on, else exactly there."""
    end = start + limit
    if end >= len(text):
        return len(text)
    floor = start + limit // 2
    for mark in (". ", "\n", " "):
        found = text.rfind(mark, floor, end)
        if found > 0:
            return found + len(mark)
    return end


def split_paragraph(para: Paragraph, limit: int = MAX_PARAGRAPH) -> list[Paragraph]:
    """*para* as pieces of at most *limit* characters, each with its own line and links."""
    if len(para.text) <= limit:
        return [para]
    pieces = []
    start = 0
    links, code = _placed(para.text, para.links, lambda link: link.text), _placed(para.text, para.code, str)
    while start < len(para.text):
        end = _cut(para.text, start, limit)
        first = bisect.bisect_right(para.line_starts, start) - 1 if para.line_starts else 0
        lo, hi = bisect.bisect_left(para.line_starts, start + 1), bisect.bisect_left(para.line_starts, end)
        starts = [s - start for s in para.line_starts[lo:hi]]
        piece = dataclasses.replace(
            para, text=para.text[start:end].strip(), line=para.line + max(0, first),
            links=[item for at, item in links if start <= at < end],
            code=[item for at, item in code if start <= at < end],
            line_starts=[0, *starts] if starts else [],
            checkbox=para.checkbox if start == 0 else None)
        if piece.text:
            pieces.append(piece)
        start = end
    return pieces


def _placed(text: str, items: list[T], label: Callable[[T], str]) -> list[tuple[int, T]]:
    """Each item with the offset of its label in *text*, searched in order, each a
    bounded distance after the one before (so a missing label costs little)."""
    placed, position = [], 0
    for item in items:
        found = text.find(label(item), position, position + 4096) if label(item) else -1
        if found >= 0:
            position = found
        placed.append((max(found, position), item))
    return placed


def split_long_blocks(blocks: list[Block], limit: int = MAX_PARAGRAPH) -> tuple[list[Block], list[str]]:
    """The blocks with long paragraphs split and long headings and cells cut; and warnings."""
    out: list[Block] = []
    split_lines: list[int] = []
    cut_lines: list[int] = []
    for block in blocks:
        if isinstance(block, Paragraph) and len(block.text) > limit:
            out.extend(split_paragraph(block, limit))
            split_lines.append(block.line)
            continue
        if isinstance(block, Heading) and len(block.text) > MAX_HEADING:
            block.text = block.text[:MAX_HEADING].rstrip() + "…"
            cut_lines.append(block.line)
        elif isinstance(block, Table) and _long_cells(block, limit):
            block.header = [c[:limit] for c in block.header]
            block.rows = [[c[:limit] for c in row] for row in block.rows]
            cut_lines.append(block.line)
        out.append(block)
    warnings = []
    if split_lines:
        warnings.append(f"{len(split_lines)} paragraph(s) over {limit:,} characters split "
                        f"(line {split_lines[0]})")
    if cut_lines:
        warnings.append(f"{len(cut_lines)} heading(s) or table(s) with over-long text cut "
                        f"(line {cut_lines[0]})")
    return out, warnings


def _long_cells(table: Table, limit: int) -> bool:
    return any(len(c) > limit for c in table.header) or any(len(c) > limit for row in table.rows
                                                            for c in row)
