"""The plain-text reader: paragraphs and list items split at blank lines and labels.

Plain text has no heading markup; :func:`promote_headings` turns the short
bare lines that introduce a longer paragraph into headings, once the
assembler knows where the title is.

>>> [b.text for b in read_text("Weekly call 2024-01-09\\n\\nPresent: Lena, Bob\\n- item one\\n").blocks]
['Weekly call 2024-01-09', 'Present: Lena, Bob', 'item one']
"""

from __future__ import annotations

import re

from kg.dates import find_date
from kg.model import Link, Paragraph
from kg.parse.attendees import ATTENDEE_LABEL_RE, CHAIR_LABEL_RE
from kg.parse.blocks import LINE_LABEL_RE, Block, Heading, Read, finish_paragraph, speaker_prefix
from kg.parse.registry import reader

_BULLET_RE = re.compile(r"^\s*(?:[-*+•–·]|\d{1,2}[.)])\s+(?=\S)")
#: A line drawn under (or over) a title: "=====", "-----".
_RULE_RE = re.compile(r"^\s*(?:={3,}|-{3,}|~{3,})\s*$")
_URL_RE = re.compile(r"https?://[^\s<>()\[\]]+")
_TOPIC_RE = re.compile(r"^\W*(?:topic|sub-?topic|agenda item(?: \d+)?|item \d+)\s*[:.-]\s*(.{2,80})$",
                       re.I)


def is_short(para: Paragraph) -> bool:
    """A short bare line that could be a heading or a title."""
    text = para.text
    return (
        para.kind == "p"
        and not para.line_starts
        and len(text) <= 80
        and len(text.split()) <= 10
        and not text.endswith((".", ",", ";", "!", "?"))
        and (text[0].isupper() or text[0].isdigit())
    )


class _Lines:
    """Collects the lines of the paragraph being read."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.current: list[tuple[int, str]] = []
        self.is_item = False
        self.depth = 0

    def flush(self) -> None:
        if self.current:
            starts, pieces, length = [], [], 0
            for _, piece in self.current:
                starts.append(length)
                pieces.append(piece)
                length += len(piece) + 1
            para = finish_paragraph(" ".join(pieces), self.current[0][0],
                                    "item" if self.is_item else "p", [], [], starts)
            if para:
                para.depth = self.depth if self.is_item else 0
                self.blocks.append(para)
        self.current = []

    def underline(self, rule: str) -> None:
        """A rule under a single line makes that line a heading ("Summary" over "-------")."""
        if len(self.current) == 1 and not self.is_item:
            number, text = self.current[0]
            self.blocks.append(Heading(text=text, level=1 if rule.strip()[0] == "=" else 2, line=number))
            self.current = []
        self.flush()


@reader("text", extensions=(".txt",), help="plain text, such as notes copied out of a web page or e-mail")
def read_text(text: str) -> Read:
    """Split plain text into paragraphs and list items; headings are decided later."""
    lines = _Lines()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            lines.flush()
            continue
        if _RULE_RE.match(line):
            lines.underline(line)
            continue
        bullet = _BULLET_RE.match(raw)
        if bullet:
            lines.flush()
            lines.is_item = True
            lines.depth = 1 + (len(raw) - len(raw.lstrip())) // 2  # indented two spaces a level
            lines.current = [(number, raw[bullet.end():].strip())]
            continue
        current = lines.current
        if current and (not lines.is_item and len(current) == 1 and _looks_like_title(current[0][1])
                        or speaker_prefix(line) is not None or LINE_LABEL_RE.match(line)):
            lines.flush()
        if not lines.current:
            lines.is_item = False
        lines.current.append((number, line))
    lines.flush()
    for block in lines.blocks:
        if isinstance(block, Paragraph):
            block.links = [Link(text=u, url=u) for u in _URL_RE.findall(block.text)]
    return Read(blocks=lines.blocks)


def _looks_like_title(line: str) -> bool:
    return bool(find_date(line)) and len(line) <= 80


def promote_headings(blocks: list[Block]) -> list[Block]:
    """Turn short bare lines that introduce a longer paragraph into headings."""
    out: list[Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        topic = _TOPIC_RE.match(block.text) if isinstance(block, Paragraph) else None
        if topic and isinstance(block, Paragraph) and not block.line_starts:
            out.append(Heading(text=topic.group(1).strip(), level=2, line=block.line))
            continue
        if (
            isinstance(block, Paragraph)
            and is_short(block)
            and not ATTENDEE_LABEL_RE.match(block.text)
            and not CHAIR_LABEL_RE.match(block.text)
            and isinstance(following, Paragraph)
            and (not is_short(following) or following.kind == "item")
        ):
            out.append(Heading(text=block.text, level=2, line=block.line))
        else:
            out.append(block)
    return out
