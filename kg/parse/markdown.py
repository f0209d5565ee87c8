"""The Markdown reader: YAML front matter, then markdown-it's tokens as blocks.

Speaker turns are found in every Markdown shape: ``*Anil:* text``,
``**Tim Beiko**: text``, ``**Tim Beiko** [0:51](video): text``, and a name
alone in bold on its line (``**Tim**``) over the paragraphs of the turn.

>>> read = read_markdown("---\\ndate: 2024-03-05\\n---\\n# Call\\n\\n**Tim**\\nWe are live.\\n")
>>> read.meta, [type(b).__name__ for b in read.blocks]
({'date': datetime.date(2024, 3, 5)}, ['Heading', 'SpeakerLabel', 'Paragraph'])
>>> read.blocks[2].text, read.blocks[2].line
('We are live.', 7)
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from kg.limits import MAX_FRONT_MATTER, MAX_MARKUP, YamlRefused, load_yaml
from kg.model import Link, Paragraph
from kg.parse.blocks import (
    LABELS,
    LINE_LABEL_RE,
    Block,
    Heading,
    Read,
    SpeakerLabel,
    Table,
    finish_paragraph,
    looks_like_name,
    speaker_prefix,
)
from kg.parse.registry import reader

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_MARKUP = "[]*_`<>!&\\~"


def _budgeted_inline(state: Any) -> None:
    """markdown-it's ``inline`` rule, with a budget of markup characters per note.

    Inline parsing costs markdown-it some 50 µs per bracket or asterisk, so a
    note made of them would take minutes; past :data:`~kg.limits.MAX_MARKUP`
    such characters (about 20 times what the longest real notes hold), a
    paragraph is read as plain text, its line breaks kept.
    """
    env = state.env
    for token in state.tokens:
        if token.type != "inline":
            continue
        cost = sum(token.content.count(c) for c in _MARKUP)
        budget = env.get("kg_markup", MAX_MARKUP)
        if cost <= budget:
            env["kg_markup"] = budget - cost
            token.children = []
            state.md.inline.parse(token.content, state.md, env, token.children)
            continue
        env["kg_plain"] = env.get("kg_plain", 0) + 1
        token.children = []
        for number, line in enumerate(token.content.split("\n")):
            if number:
                token.children.append(Token("softbreak", "br", 0))
            token.children.append(Token("text", "", 0, content=line))


_MD.core.ruler.at("inline", _budgeted_inline)
FRONT_MATTER_RE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
                             re.S)  # fmt: skip
_STAMP_COLON_RE = re.compile(r"^\s*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?)?\s*[:：]")


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
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text, 0, []
    offset = match.group(0).count("\n")
    if not match.group(0).endswith("\n"):
        offset += 1
    body = text[match.end():]
    try:
        meta = load_yaml(match.group(1) or "") or {}
    except YamlRefused as exc:
        raw = match.group(1) or ""
        salvaged = _salvage(raw) if len(raw) <= MAX_FRONT_MATTER else {}
        kept = f"; kept only {', '.join(sorted(salvaged))}" if salvaged else ""
        return salvaged, body, offset, [f"front matter not read: {exc}{kept}"]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        salvaged = _salvage(match.group(1) or "")
        if salvaged:
            kept = ", ".join(sorted(salvaged))
            return salvaged, body, offset, [f"broken front matter{where}: kept only {kept}"]
        return {}, body, offset, [f"broken front matter ignored{where}"]
    except (ValueError, TypeError, RecursionError):
        return {}, body, offset, ["broken front matter ignored"]
    if not isinstance(meta, dict):
        return {}, body, offset, ["front matter is not a mapping: ignored"]
    return {str(k).lower(): v for k, v in meta.items()}, body, offset, []


def _salvage(raw: str) -> dict[str, Any]:
    """The plain ``key: value`` lines of broken front matter."""
    salvaged = {}
    for line in raw.splitlines():
        simple = re.match(r"^([A-Za-z][\w-]*):[ \t]+(.+?)\s*$", line)
        if simple:
            value = simple.group(2).strip()
            if value[:1] not in "[{" and value.count("'") % 2 == 0 and value.count('"') % 2 == 0:
                salvaged[simple.group(1).lower()] = value.strip("'\"")
    return salvaged


def _sniff(text: str) -> bool:
    head = text[:4000]
    return bool(FRONT_MATTER_RE.match(text) or re.search(r"(?m)^#{1,6} \S|^(?:=|-){3,}\s*$", head))


@reader("markdown", extensions=(".md", ".markdown"), sniff=_sniff,
        help="Markdown, with or without YAML front matter (GitHub, Obsidian, HackMD, wikis)")
def read_markdown(text: str) -> Read:
    """Blocks of a Markdown note, after its front matter."""
    meta, body, offset, warnings = split_front_matter(text)
    body = re.sub(r"(?m)^( {0,3}#{1,6})[\u00a0\u2002-\u200b\t]+", r"\1 ", body)
    return Read(blocks=_blocks(body, offset, warnings), meta=meta, warnings=warnings)


# ---------------------------------------------------------------------------
# Inline rendering


def _lines(children: list[Any]) -> list[list[Any]]:
    """Inline children split at line breaks (each break starts the next line)."""
    lines: list[list[Any]] = [[]]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        lines[-1].append(child)
    return lines


def _content(line: list[Any]) -> list[Any]:
    body = line[1:] if line and line[0].type in ("softbreak", "hardbreak") else line
    return [c for c in body if not (c.type == "text" and not c.content.strip())]


_NAME_STAMP_RE = re.compile(r"^(?P<name>[^\W\d][\w.' -]{1,40}?)\s+[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?$")


#: A handle as people write their own (``lightclient``, ``stokes``): a lone bold one opens a turn.
_HANDLE_RE = re.compile(r"[a-z][a-z0-9._-]{2,30}")


def _label_name(line: list[Any]) -> str | None:
    """The name of a line that is only a bold or italic name (``**Tim Beiko**``), or a name and
    the time it was said, as call transcripts write a turn (``Alice Moreau 00:03:12``)."""
    body = _content(line)
    if len(body) == 1 and body[0].type == "text":
        stamped = _NAME_STAMP_RE.match(body[0].content.strip())
        return stamped.group("name").strip() if stamped and looks_like_name(stamped.group("name").strip()) \
            else None
    if len(body) != 3 or body[0].type not in ("em_open", "strong_open") or body[1].type != "text":
        return None
    name = body[1].content.strip().rstrip(":").strip()
    return name if looks_like_name(name) or _HANDLE_RE.fullmatch(name) and name not in LABELS else None


def _starts_with_speaker(line: list[Any]) -> bool:
    body = _content(line)
    if not body:
        return False
    first = body[0]
    if first.type in ("em_open", "strong_open") and len(body) > 2:
        inside = body[1].content if body[1].type == "text" else ""
        after = body[3].content if len(body) > 3 and body[3].type == "text" else ""
        if inside and len(inside.split()) <= 4 and (inside.rstrip().endswith(":")
                                                   or _STAMP_COLON_RE.match(after)):
            return True
        if len(body) > 3 and body[3].type == "link_open" and looks_like_name(inside.strip()):
            return True  # "**Tim Beiko** [0:51](video): ..."
        return bool(LINE_LABEL_RE.match(inside))
    if first.type == "html_inline":  # "<jsmith> text", an IRC log pasted into Markdown
        return bool(re.fullmatch(r"<[\w.|-]{2,30}>", first.content))
    return first.type == "text" and (speaker_prefix(first.content) is not None
                                     or bool(LINE_LABEL_RE.match(first.content)))


def _speaker_groups(children: list[Any]) -> list[tuple[int, list[Any]]]:
    """Split a paragraph's inline children where a line starts with a new speaker.

    Returns ``(line offset, children)`` groups; one group when no line does.
    """
    groups: list[tuple[int, list[Any]]] = [(0, [])]
    for offset, line in enumerate(_lines(children)):
        if offset and groups[-1][1] and (_starts_with_speaker(line) or _label_name(line)):
            groups.append((offset, _content(line) if _label_name(line) else line[1:]))
        else:
            groups[-1][1].extend(line)
    return groups


class _Renderer:
    """Flattens inline children to text, collecting links, code spans and line starts."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.links: list[Link] = []
        self.code: list[str] = []
        self.starts: list[int] = []
        self.lead: tuple[int, int] | None = None  # span of a leading bold/italic run
        self._emphasis: int | None = None
        self._link_stack: list[tuple[str, int]] = []

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def text(self) -> str:
        return "".join(self.parts)

    def child(self, child: Any) -> None:
        kind = child.type
        if kind == "text":
            self.add(child.content)
        elif kind == "code_inline":
            self.code.append(child.content)
            self.add(child.content)
        elif kind in ("softbreak", "hardbreak"):
            self.add(" ")
            self.starts.append(self.length)
        elif kind == "link_open":
            self._link_stack.append((child.attrs.get("href", "") or "", self.length))
        elif kind == "link_close" and self._link_stack:
            href, start = self._link_stack.pop()
            if href:
                self.links.append(Link(text=self.text()[start:].strip(), url=str(href)))
        elif kind in ("em_open", "strong_open"):
            if self._emphasis is None and self.lead is None and not self.text().strip():
                self._emphasis = self.length
        elif kind in ("em_close", "strong_close"):
            if self._emphasis is not None:
                self.lead = (self._emphasis, self.length)
                self._emphasis = None
        elif kind == "html_inline":
            if re.fullmatch(r"<br\s*/?>", child.content.strip(), re.I):
                self.add(" ")
            elif not child.content.startswith("<!--"):
                self.add(child.content)  # shown as written, never rendered
        elif kind == "image":
            self.add(child.content or "")
        else:
            self.add(child.content or "")

    def speaker(self) -> str | None:
        """The leading bold or italic name of a speaker turn (``*Anil:*``, ``**Tim**: ...``)."""
        if self.lead is None:
            return None
        text = self.text()
        inside = text[self.lead[0]:self.lead[1]].strip()
        after = text[self.lead[1]:]
        who = inside.rstrip(":").strip()
        if not who or len(who.split()) > 4 or who.lower() in LABELS:
            return None
        if inside.endswith(":") or (_STAMP_COLON_RE.match(after) and len(inside) < 40):
            return who
        return None


def render(children: list[Any]) -> tuple[str, list[Link], list[str], list[int], str | None]:
    """``(text, links, code spans, line starts, speaker)`` of inline children."""
    renderer = _Renderer()
    for child in children:
        renderer.child(child)
    return renderer.text(), renderer.links, renderer.code, renderer.starts, renderer.speaker()


def _inline_text(token: Any) -> str:
    return render(token.children or [])[0]


# ---------------------------------------------------------------------------
# Blocks


class _TableBuilder:
    def __init__(self, line: int) -> None:
        self.table = Table(header=[], rows=[], line=line)
        self.row: list[str] | None = None
        self.links: list[Link] = []
        self.row_line = 0
        self.in_head = False

    def end_row(self) -> None:
        if self.row is None:
            return
        if self.in_head:
            self.table.header = self.row
        else:
            self.table.rows.append(self.row)
            self.table.row_lines.append(self.row_line)
            self.table.row_links.append(self.links)
        self.row, self.links = None, []


def _paragraph_blocks(inline: Any, line: int, kind: str) -> list[Block]:
    blocks: list[Block] = []
    for line_offset, children in _speaker_groups(inline.children or []):
        lines = _lines(children)
        label = _label_name(lines[0])
        if label:  # a name alone on the first line opens a turn over what follows
            stamped = any(c.type == "text" and _NAME_STAMP_RE.match(c.content.strip()) for c in lines[0])
            blocks.append(SpeakerLabel(name=label, line=line + line_offset, stamped=stamped))
            children = [c for rest in lines[1:] for c in rest][1:]
            line_offset += 1
            if not children:
                continue
        text, links, code, starts, speaker = render(children)
        para = finish_paragraph(text, line + line_offset, kind, links, code, starts, speaker)
        if para:
            blocks.append(para)
    return blocks


def _html_block(content: str, line: int) -> Block | None:
    text = re.sub(r"<!--|-->", " ", content)
    if re.match(r"\s*<(?:p|div|span|br|hr|details|summary|table|center)\b", text, re.I):
        text = re.sub(r"<[^>]+>", " ", text)  # layout markup around prose
    return finish_paragraph(re.sub(r"\s+", " ", text), line, "p", [], [], [])


def _blocks(body: str, offset: int, warnings: list[str] | None = None) -> list[Block]:
    env: dict[str, Any] = {}
    tokens = _MD.parse(body, env)
    if env.get("kg_plain") and warnings is not None:
        warnings.append(f"too much Markdown markup: {env['kg_plain']} paragraph(s) read as plain text")
    blocks: list[Block] = []
    item_depth = quote_depth = 0
    table: _TableBuilder | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        line = (token.map[0] + offset + 1) if token.map else 0
        if kind == "heading_open":
            text, links, *_ = render(tokens[i + 1].children or [])
            text = re.sub(r"^[=~-]{3,}\s+", "", text.strip())  # a title drawn between two rules
            blocks.append(Heading(text=text.strip().strip("#").strip(), level=int(token.tag[1]),
                                  line=line, links=links))
            i += 3
            continue
        if kind == "paragraph_open":
            para_kind = "item" if item_depth else ("quote" if quote_depth else "p")
            found = _paragraph_blocks(tokens[i + 1], line, para_kind)
            for block in found:
                if isinstance(block, Paragraph) and para_kind == "item":
                    block.depth = item_depth
            blocks.extend(found)
            i += 3
            continue
        if kind in ("th_open", "td_open") and table is not None and table.row is not None:
            text, links, *_ = render(tokens[i + 1].children or [])
            table.row.append(text.strip())
            table.links.extend(links)
            i += 3
            continue
        depth = {"list_item_open": 1, "list_item_close": -1}.get(kind, 0)
        item_depth += depth
        quote_depth += {"blockquote_open": 1, "blockquote_close": -1}.get(kind, 0)
        if kind in ("fence", "code_block"):
            text = token.content.rstrip("\n")
            para = finish_paragraph(text, line + (1 if kind == "fence" else 0), "code", [], [],
                                    [m.end() for m in re.finditer("\n", text)])
            if para:
                para.speaker = para.speaker_hint = None
                blocks.append(para)
        elif kind == "html_block":
            block = _html_block(token.content, line)
            if block:
                blocks.append(block)
        elif kind == "table_open":
            table = _TableBuilder(line)
        elif table is not None:
            if kind in ("thead_open", "thead_close"):
                table.in_head = kind == "thead_open"
            elif kind == "tr_open":
                table.row, table.row_line = [], line
            elif kind == "tr_close":
                table.end_row()
            elif kind == "table_close":
                blocks.append(table.table)
                table = None
        i += 1
    return blocks
