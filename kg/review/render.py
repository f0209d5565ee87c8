"""A review as Markdown (footnotes that link to the cited meeting) or as a standalone HTML page.

Only the words of the body count towards a word limit: the footnotes are
references, not text to read.  HTML escapes every piece of note text.
"""

from __future__ import annotations

import html as _html
import re

from kg.model import Review, ReviewSection


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _body_lines(review: Review) -> list[tuple[str, str, list[int]]]:
    """The body as ``(kind, text, footnote numbers)``: kinds h1, p, h2, item, also."""
    lines: list[tuple[str, str, list[int]]] = [("h1", review.title, []), ("p", review.intro, [])]
    if review.welcome:
        lines.append(("p", "Welcome to " + _join(review.welcome) + ".", []))
    number = 0
    for section in review.sections:
        lines.append(("h2", section.title, []))
        for i, sentence in enumerate(section.sentences):
            number += 1
            text = sentence.text + _owners(section, i)
            lines.append(("item" if section.kind != "topic" else "p", text, [number]))
        if section.people:
            lines.append(("p", "With " + _join(section.people) + ".", []))
        if section.issues:
            lines.append(("p", "Issues: " + ", ".join(section.issues) + ".", []))
    if review.also:
        also = "Also this year" if review.title[:4].isdigit() and len(review.title.split()) == 3 else "Also"
        lines += [("h2", also, []), ("p", _join(review.also) + ".", [])]
    return lines


def _owners(section: ReviewSection, index: int) -> str:
    owners = section.owners[index] if index < len(section.owners) else []
    return f" ({_join(owners)})" if owners else ""


def _citations(review: Review) -> list:
    return [s.citation for section in review.sections for s in section.sentences]


def markdown(review: Review) -> str:
    """The draft in Markdown, each sentence with a footnote linking to where it was said."""
    out: list[str] = []
    for kind, text, notes in _body_lines(review):
        refs = "".join(f"[^{n}]" for n in notes)
        if kind == "h1":
            out += [f"# {text}"]
        elif kind == "h2":
            out += ["", f"## {text}", ""]
        elif kind == "item":
            out.append(f"- {_split_owner(text, refs)}")
        else:
            out += (["", text + refs] if not notes else [_split_owner(text, refs)])
    cites = _citations(review)
    if cites:
        out.append("")
        for n, c in enumerate(cites, start=1):
            out.append(f"[^{n}]: [{c.meeting}, {c.section}]({c.url}) ({c.source}:{c.line})")
    return "\n".join(_tidy(out)) + "\n"


def _split_owner(text: str, refs: str) -> str:
    """Footnote marks after the sentence, before an owner in brackets."""
    if text.endswith(")") and " (" in text and refs:
        head, _, owner = text.rpartition(" (")
        return f"{head}{refs} ({owner}"
    return text + refs


def _tidy(lines: list[str]) -> list[str]:
    """No blank line twice in a row, none after a heading's blank."""
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return out


def html(review: Review) -> str:
    """The draft as one HTML page: headings, paragraphs, and a numbered list of sources."""
    esc = _html.escape
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{esc(review.title)}</title></head><body>"]
    in_list = False
    for kind, text, notes in _body_lines(review):
        refs = "".join(f'<sup><a href="#note-{n}" id="ref-{n}">{n}</a></sup>' for n in notes)
        if kind == "item" and not in_list:
            out.append("<ul>")
            in_list = True
        elif kind != "item" and in_list:
            out.append("</ul>")
            in_list = False
        tag = {"h1": "h1", "h2": "h2", "item": "li"}.get(kind, "p")
        out.append(f"<{tag}>{esc(text)}{refs}</{tag}>")
    if in_list:
        out.append("</ul>")
    cites = _citations(review)
    if cites:
        out.append("<h2>Sources</h2><ol>")
        for n, c in enumerate(cites, start=1):
            out.append(f'<li id="note-{n}"><a href="{esc(c.url, quote=True)}">{esc(c.meeting)}, '
                       f"{esc(c.section)}</a> ({esc(c.source)}:{c.line})</li>")
        out.append("</ol>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def word_count(review: Review) -> int:
    """The words of the Markdown body, as a word counter sees them: footnotes not counted."""
    body = [line for line in markdown(review).splitlines() if not line.startswith("[^")]
    return len(re.sub(r"\[\^\d+\]", "", "\n".join(body)).split())
