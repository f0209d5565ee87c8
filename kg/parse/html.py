"""The HTML reader: Google Docs and Confluence exports, saved web pages.

Headings, paragraphs, list items and tables become blocks; a paragraph in
bold (Google Docs styles bold through CSS classes) is a heading.  Scripts,
styles, navigation and footers are dropped, and nothing is ever rendered.

>>> read = read_html("<html><title>Call</title><h1>Weekly</h1><p>Lena will ship.</p></html>")
>>> read.title_hint, [(type(b).__name__, b.text) for b in read.blocks]
('Call', [('Heading', 'Weekly'), ('Paragraph', 'Lena will ship.')])
"""

from __future__ import annotations

import re
from typing import Any

from kg.model import Link, Paragraph
from kg.parse.blocks import Block, Heading, Read, Table, finish_paragraph
from kg.parse.reading import RejectedInput
from kg.parse.registry import reader

_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote", "dt",
           "dd", "tr", "div", "td", "th", "caption", "figcaption", "section", "article"}
_SKIPPED = {"Comment", "Doctype", "Declaration", "ProcessingInstruction", "CData"}


def _sniff(text: str) -> bool:
    return bool(re.match(r"\s*(?:<!doctype html|<html)", text[:4000], re.I))


class _Page:
    """One parsed page and what its style sheet says is bold."""

    def __init__(self, text: str) -> None:
        from bs4 import BeautifulSoup

        try:
            self.soup = BeautifulSoup(text, "html.parser")
        except Exception as exc:  # bs4's ParserRejectedMarkup, html.parser's AssertionError ...
            reason = str(exc).strip().splitlines()[0][:80] if str(exc).strip() else type(exc).__name__
            raise RejectedInput(f"HTML the parser cannot read: {reason}") from exc
        self.bold_classes = set()
        for style in self.soup.find_all("style"):
            for match in re.finditer(r"\.([\w-]+)\s*\{[^}]*font-weight:\s*(?:700|bold)", style.text):
                self.bold_classes.add(match.group(1))
        title_tag = self.soup.find("title")
        self.title = title_tag.get_text(" ", strip=True) if title_tag else None
        for tag in self.soup.find_all(["script", "style", "head", "noscript", "template", "svg",
                                       "nav", "footer"]):
            tag.decompose()

    def is_bold(self, tag: Any) -> bool:
        if tag.name in ("b", "strong"):
            return True
        if re.search(r"font-weight:\s*(?:700|bold)", str(tag.get("style", ""))):
            return True
        return any(c in self.bold_classes for c in tag.get("class", []) or [])

    def inline(self, tag: Any) -> tuple[str, list[Link], bool, list[int]]:
        """Text of *tag* without nested blocks; whether all of it is bold; where its ``<br>``
        lines start."""
        from bs4 import NavigableString, Tag

        parts: list[str] = []
        links: list[Link] = []
        bold_chars = 0

        def walk(node: Any, bold: bool) -> None:
            nonlocal bold_chars
            if isinstance(node, NavigableString):
                if type(node).__name__ in _SKIPPED:
                    return
                parts.append(str(node))
                bold_chars += len(str(node).strip()) if bold else 0
                return
            if not isinstance(node, Tag):
                return
            if node is not tag and node.name in _BLOCKS | {"ul", "ol", "table", "dl"}:
                return
            if node.name == "br":
                parts.append(_BREAK)
                return
            start = len("".join(parts))
            for child in node.children:
                walk(child, bold or self.is_bold(node))
            if node.name == "a" and node.get("href"):
                label = re.sub(r"\s+", " ", "".join(parts)[start:]).strip()
                links.append(Link(text=label, url=str(node["href"])))

        walk(tag, self.is_bold(tag))
        flat, starts = _lines("".join(parts))
        return flat, links, bool(flat) and bold_chars >= len(flat.replace(" ", "")) * 0.9, starts

    def table(self, tag: Any, rows_of: dict[int, list[Any]], has_head: set[int]) -> Table | None:
        """The rows of *tag* (those whose nearest table is *tag*), read from the
        maps :func:`_table_maps` made in one pass over the page."""
        rows, lines = [], []
        for tr in rows_of.get(id(tag), []):
            cells = [self.inline(c)[0] for c in tr.find_all(["td", "th"], recursive=False)]
            if any(cells):
                rows.append(cells)
                lines.append(tr.sourceline or tag.sourceline or 0)
        if not rows:
            return None
        header = rows[0] if id(tag) in has_head or len(rows) > 1 else []
        return Table(header=header, rows=rows[1:] if header else rows, line=lines[0],
                     row_lines=lines[1:] if header else lines)

    def block(self, tag: Any) -> Block | None:
        text, links, bold, starts = self.inline(tag)
        if not text:
            return None
        name, line = tag.name, tag.sourceline or 0
        classes = tag.get("class") or []
        if name[0] == "h" and name[1:].isdigit():
            return Heading(text=text, level=int(name[1]), line=line, links=links)
        if "title" in classes and name in ("p", "div"):
            return Heading(text=text, level=1, line=line, links=links)
        if bold and "subtitle" not in classes and name in ("p", "div") and len(text) <= 80 \
                and not text.endswith(":"):
            return Heading(text=text, level=3, line=line, links=links)
        kind = "item" if _opens_item(tag) else _KINDS.get(name, "p")
        return finish_paragraph(text, line, kind, links, [], starts)


#: Stands for a ``<br>`` while a tag's text is gathered: a line of its own ("Ana Lima<br>Bo Chen").
_BREAK = "\ue000"


def _lines(raw: str) -> tuple[str, list[int]]:
    r"""Text with its whitespace collapsed, and where each ``<br>`` line starts in it -- only when
    each ``<br>`` ends a line of the file, so that every line cited is a line of the file.

    >>> _lines("Ana  Lima<br>\n Bo Chen<br>\n".replace("<br>", _BREAK))
    ('Ana Lima Bo Chen', [0, 9])
    >>> _lines("Ana Lima<br>Bo Chen".replace("<br>", _BREAK))
    ('Ana Lima Bo Chen', [])
    """
    pieces = raw.split(_BREAK)
    real = raw.lstrip().count("\n") == raw.count(_BREAK) and all(
        re.match(r"[ \t]*\n", after) or not after.strip() for after in pieces[1:]) and \
        all("\n" not in p.strip() for p in pieces)
    pieces = [re.sub(r"\s+", " ", p.replace("\xa0", " ")).strip() for p in pieces]
    pieces = [p for p in pieces if p]
    starts, at = [], 0
    for piece in pieces:
        starts.append(at)
        at += len(piece) + 1
    return " ".join(pieces), starts if real and len(starts) > 1 else []


_KINDS = {"li": "item", "pre": "code", "blockquote": "quote"}


def _opens_item(tag: Any) -> bool:
    """The first paragraph of a list item written loose (``<li><p>Jane</p></li>``) is the item."""
    parent = tag.parent
    return tag.name == "p" and parent is not None and parent.name == "li" and \
        parent.find(True, recursive=False) is tag


_DOCS_LEVEL_RE = re.compile(r"^lst-kix_\w+-(\d+)$")


def list_depths(tags: list[Any]) -> dict[int, int]:
    """How deep each tag sits in lists, in one pass (document order): ``ul``/``ol`` inside
    each other, or Google Docs' flat lists whose class says the level (``lst-kix_ab-1``)."""
    depth: dict[int, int] = {}
    for tag in tags:
        base = depth.get(id(tag.parent), 0)
        if tag.name in ("ul", "ol"):
            level = next((int(m.group(1)) for c in tag.get("class") or [] if (m := _DOCS_LEVEL_RE.match(c))),
                         None)
            base = level + 1 if level is not None else base + 1
        depth[id(tag)] = base
    return depth


@reader("html", extensions=(".html", ".htm"), sniff=_sniff,
        help="HTML: Google Docs and Confluence exports, saved web pages")
def read_html(text: str) -> Read:
    """Blocks of an HTML page, in document order."""
    page = _Page(text)
    root = page.soup.body or page.soup
    tags = list(root.find_all(True))
    nearest, rows_of, has_head = _table_maps(root, tags)
    depths = list_depths(tags)
    blocks: list[Block] = []
    for tag in tags:
        block: Block | None = None
        if tag.name == "table":
            block = page.table(tag, rows_of, has_head)
        elif tag.name in _BLOCKS and tag.name not in ("td", "th", "tr") and nearest[id(tag)] is None:
            block = page.block(tag)
            if isinstance(block, Paragraph) and block.kind == "item":
                block.depth = depths.get(id(tag.parent if _opens_item(tag) else tag), 1)
        if block is not None:
            blocks.append(block)
    return Read(blocks=blocks, title_hint=page.title)


def _table_maps(root: Any, tags: list[Any]) -> tuple[dict[int, Any], dict[int, list[Any]], set[int]]:
    """In one pass over *tags* (document order): each tag's nearest enclosing
    table, each table's own rows, and the tables holding a ``th`` or ``thead``.

    Asking bs4 for these per tag (``find_parent``, ``find_all``) costs the
    depth of the nesting each time, which is quadratic on nested tables.
    """
    nearest: dict[int, Any] = {id(root): root.find_parent("table") if root.parent else None}
    rows_of: dict[int, list[Any]] = {}
    for tag in tags:
        parent = tag.parent
        nearest[id(tag)] = parent if parent.name == "table" else nearest.get(id(parent))
        if tag.name == "tr" and nearest[id(tag)] is not None:
            rows_of.setdefault(id(nearest[id(tag)]), []).append(tag)
    head: set[int] = set()
    for tag in reversed(tags):  # descendants come before their ancestors
        if tag.name in ("th", "thead") or id(tag) in head:
            head.add(id(tag.parent))
    return nearest, rows_of, {id(t) for t in tags if t.name == "table" and id(t) in head}
