"""What every page of the app shares: the open KnowledgeBase, safe rendering, links
that stay in the tab, and page state kept in the URL.

Note text is never passed to ``unsafe_allow_html``; it is shown through
:func:`esc` (Markdown with every special character escaped), as plain text,
or in tables, which show text as text.
"""

from __future__ import annotations

import functools
import html
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from kg import KnowledgeBase
from kg.store import StoreError

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:=^])")
PAGES: dict[str, Any] = {name: f"views/{name}.py" for name in (
    "ask", "people", "projects", "meetings", "graph", "actions", "review", "manage")}


def store_path() -> Path:
    return Path(os.environ.get("KG_STORE") or ".kg")


@st.cache_resource(show_spinner=False)
def _open(path: str) -> KnowledgeBase:
    return KnowledgeBase.open(path, create=True)


def kb() -> KnowledgeBase:
    """The shared KnowledgeBase (it reloads by itself after an ingest)."""
    return _open(str(store_path()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _memo(store: str, generation: str) -> dict[Any, Any]:
    del store, generation  # the cache key: one dictionary per store generation
    return {}


def memo(base: KnowledgeBase, key: Any, compute: Callable[[], Any]) -> Any:
    """*compute()*, computed once per generation of the store and shared by every session
    (answers, tables, drafts: a page shown again is drawn from memory).  The result is
    shared: never change it."""
    snapshot = base.store.snapshot()
    cache = _memo(str(base.path), str(snapshot.path) if snapshot else "")
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def answer(base: KnowledgeBase, question: str) -> dict[str, Any]:
    """``base.ask(question)`` as a dictionary, remembered for the store's generation."""
    return memo(base, ("ask", question), lambda: base.ask(question).to_dict())


def people(base: KnowledgeBase) -> list[dict[str, Any]]:
    return memo(base, "people", base.people)


def projects(base: KnowledgeBase) -> list[dict[str, Any]]:
    return memo(base, "projects", base.projects)


def actions(base: KnowledgeBase) -> list[dict[str, Any]]:
    return memo(base, "actions", base.actions)


def _owed(base: KnowledgeBase) -> dict[str, list[str]]:
    graph = base.graph
    sentences = base.sentences()
    owed: dict[str, list[str]] = {}
    for section, action, key in graph.edges(keys=True):
        if key != "has_action":
            continue
        line = graph.nodes[action].get("line")
        owners = {u for u, _, k in graph.in_edges(action, keys=True) if k == "owns"}
        named = {p for row in sentences.get(section, []) if row[0] == line for p in row[3]}
        for person in sorted(named - owners):
            owed.setdefault(person, []).append(action)
    return owed


def owed_to(base: KnowledgeBase, person: str) -> list[str]:
    """The action items others took on whose sentence names *person* ("Kwame will send Lena
    the logs"): what is owed to them.  Action ids, in the graph's order."""
    return memo(base, "owed", lambda: _owed(base)).get(person, [])


def roots(base: KnowledgeBase) -> list[str]:
    """``base.roots()``, read once per store generation."""
    return memo(base, "roots", base.roots)


def require_notes() -> KnowledgeBase:
    """The KnowledgeBase, or a hint to ingest notes and a stop if the store is empty."""
    try:
        base = kb()
        if base.store.snapshot() is None:
            st.info("The store is empty: add notes on the Manage page, or run `kg ingest PATH`.")
            st.stop()
        return base
    except StoreError as exc:
        st.error(str(exc))
        st.stop()


def esc(text: Any) -> str:
    """Escape note text for Markdown (st.markdown, titles, labels): shown as written.

    >>> esc("![t](http://x/y.png) <b>1.</b>")
    '\\\\!\\\\[t\\\\]\\\\(http\\\\://x/y\\\\.png\\\\) \\\\<b\\\\>1\\\\.\\\\</b\\\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", html.unescape(str(text))).replace("\n", " ")


def highlight(text: str, words: Iterable[str]) -> str:
    """Escaped *text* with each of *words* in bold."""
    out = esc(text)
    for word in sorted({w for w in words if w and len(w) > 1}, key=len, reverse=True):
        escaped = esc(word)
        out = re.sub(rf"(?<![\w*]){re.escape(escaped)}(?![\w*])", f"**{escaped}**", out)
    return out


def snippet_md(snippet: str) -> str:
    """A search snippet (HTML-escaped text with ``<b>`` marks) as safe Markdown."""
    parts = re.split(r"(<b>.*?</b>)", snippet)
    out = []
    for part in parts:
        if part.startswith("<b>"):
            out.append("**" + esc(html.unescape(part[3:-4])) + "**")
        else:
            out.append(esc(html.unescape(part)))
    return "".join(out)


def no_images(markdown: str) -> str:
    """Markdown with its images turned into text, so showing it fetches nothing.

    >>> no_images("see ![t](http://127.0.0.1:9/x.png) and [a link](http://x)")
    'see !\\\\[t](http://127.0.0.1:9/x.png) and [a link](http://x)'
    """
    return re.sub(r"!(?=\[)", r"!\\", markdown)


def web_url(url: str | None) -> str | None:
    """*url* when it is an http(s) address (never ``javascript:`` or a local file)."""
    return url if url and re.match(r"https?://[^\s<>\"']+$", url) else None


def md_link(label: str, url: str | None) -> str:
    """An escaped label, linked to *url* when that is a web address (opens a new tab)."""
    url = web_url(url)
    return f"[{esc(label)}]({url.replace(')', '%29').replace(' ', '%20')})" if url else esc(label)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 meeting``, ``2 meetings``.

    >>> plural(1, "meeting"), plural(3, "person", "people"), plural(0, "action item")
    ('1 meeting', '3 people', '0 action items')
    """
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def goto(page: str, label: str, help: str | None = None, icon: str | None = None, **params: str) -> None:
    """A link to another page of the app that opens it in this tab (same session)."""
    st.page_link(PAGES[page], label=esc(label), help=help, icon=icon,
                 query_params={k: v for k, v in params.items() if v})


def link_row(links: Iterable[tuple[str, str, dict[str, str]]]) -> None:
    """Links to pages of the app, side by side: ``(page, label, query parameters)``."""
    icons = {"people": ":material/person:", "projects": ":material/inventory_2:",
             "meetings": ":material/event:"}
    with st.container(horizontal=True, gap="small"):
        for page, label, params in links:
            goto(page, label, icon=icons.get(page), **params)


def open_selected(event: Any, ids: list[str], page: str, name: str) -> None:
    """Open the page of the table row the user selected (``st.dataframe(on_select=...)``)."""
    rows = event.selection.rows if event is not None else []
    if rows:
        st.switch_page(PAGES[page], query_params={name: ids[rows[0]]})


def table(frame: pd.DataFrame, key: str, file_name: str, rows: int = 10, wrap: bool = False,
          **kwargs: Any) -> Any:
    """A sortable table that opens a row's page on selection, and its CSV download.

    Up to *rows* rows show at once; *wrap* gives rows the height to wrap long text (action
    items, sentences) over three lines instead of cutting it off.
    """
    row = 70 if wrap else 35
    event = st.dataframe(frame, hide_index=True, width="stretch", key=key, on_select="rerun",
                         selection_mode="single-row", row_height=row,
                         height=38 + row * max(1, min(len(frame), rows)) + 2, **kwargs)
    st.download_button(f"Download {plural(len(frame), 'row')} as CSV",
                       lambda: frame.to_csv(index=False).encode("utf-8"), file_name=file_name,
                       mime="text/csv", key=key + ".csv")
    return event


def month_counts(dates: Iterable[str | None], label: str) -> pd.DataFrame:
    """Counts per month from ISO dates, every month between the first and last shown (zeros
    included), for a bar chart."""
    months = pd.Series([d[:7] for d in dates if d])
    if months.empty:
        return pd.DataFrame({label: []})
    counts = months.value_counts()
    span = pd.period_range(min(counts.index), max(counts.index), freq="M").strftime("%Y-%m")
    return pd.DataFrame({"month": span, label: [int(counts.get(m, 0)) for m in span]}).set_index("month")


def month_svg(counts: pd.DataFrame, width: int = 1000, height: int = 220) -> str:
    """A bar chart of :func:`month_counts` as SVG: a bar per month (empty months included),
    the largest count on the left, some months named below.  Drawn by the browser as a
    plain image, so it costs nothing to show (a Vega chart takes a good part of a second).

    >>> svg = month_svg(month_counts(["2024-01-09", "2024-03-05", "2024-03-19"], "meetings"))
    >>> svg.count("<rect"), ">2024-02<" in svg, ">2<" in svg
    (3, True, True)
    """
    if counts.empty:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20"></svg>'
    months, values = list(counts.index), [int(v) for v in counts.iloc[:, 0]]
    top, left, bottom = max(max(values), 1), 30, 50
    slot = (width - left) / len(values)
    every = max(1, round(len(values) / 24))  # at most about 24 month names
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11" fill="#555">',
           f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#ccc"/>',
           f'<text x="{left - 6}" y="14" text-anchor="end">{top}</text>',
           f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>']
    for i, (month, value) in enumerate(zip(months, values, strict=True)):
        x, bar = left + i * slot, (height - bottom - 10) * value / top
        out.append(f'<rect x="{x + slot * 0.1:.1f}" y="{height - bottom - bar:.1f}" width="{slot * 0.8:.1f}" '
                   f'height="{bar:.1f}" fill="#0068C9"/>')
        if i % every == 0:
            cx, cy = x + slot / 2, height - bottom + 8
            out.append(f'<text x="{cx:.1f}" y="{cy}" transform="rotate(-90 {cx:.1f} {cy})" '
                       f'text-anchor="end" dominant-baseline="middle">{html.escape(str(month))}</text>')
    return "".join(out) + "</svg>"


def month_chart(dates: Iterable[str | None], label: str) -> None:
    """How many *label* per month, every month from the first to the last shown."""
    counts = month_counts(dates, label)
    if not counts.empty:
        st.image(month_svg(counts), width="stretch", caption=f"{label} per month")


def param(name: str, default: str = "") -> str:
    """A query parameter of the page's URL, as text."""
    return st.query_params.get(name, default)


def from_url(page: str, name: str, default: Any, parse: Callable[[str], Any] = str) -> str:
    """The session-state key of a widget whose value is kept in the URL as *name*.

    The widget takes its value from the URL when the page is opened, and again
    when the URL changes under it (a link to the same page with other
    parameters); otherwise the widget keeps what the user chose.  Give the key
    to the widget and no ``value``/``index``: a widget whose default changes on
    every run is a new widget each time, and every second edit is lost.
    *parse* turns the URL text into the widget's value (raise ``ValueError``
    for text that is not one; the default is used).
    """
    key = f"{page}.{name}"
    raw = st.query_params.get(name)
    seen = f"{key}.url"
    if key not in st.session_state or raw != st.session_state.get(seen):
        try:
            value = default if raw is None else parse(raw)
        except ValueError:
            value = default
        st.session_state[key] = value
        st.session_state[seen] = raw
    return key


def to_url(page: str, name: str, text: str | None) -> None:
    """Record a widget's value in the URL as *name* (left out when empty or ``None``)."""
    if text:
        if st.query_params.get(name) != text:
            st.query_params[name] = text
    elif name in st.query_params:
        del st.query_params[name]
    st.session_state[f"{page}.{name}.url"] = text or None


def one_of(options: list[str]) -> Callable[[str], str]:
    """A *parse* for :func:`from_url` that accepts only *options*."""
    def parse(text: str) -> str:
        if text not in options:
            raise ValueError(text)
        return text
    return parse


def shown_path(base: KnowledgeBase, source: str) -> str:
    """A note's file as people know it: below the folder they ingested (``corpus/2024/x.md``
    rather than ``/home/me/corpus/2024/x.md``).

    A relative source is shown as stored; an absolute one from the innermost ingested
    folder's name on.  In a loop over many notes, call :func:`path_names` once instead.
    """
    return path_names(base)(source)


def path_names(base: KnowledgeBase) -> Callable[[str], str]:
    """:func:`shown_path` for the store's generation, its ingested folders read once."""
    def make() -> Callable[[str], str]:
        folders = [r.rstrip(os.sep) for r in sorted((r for r in base.roots() if os.path.isabs(r)),
                                                    key=len, reverse=True)]

        @functools.lru_cache(maxsize=65536)
        def name(source: str) -> str:
            if not os.path.isabs(source):
                return source
            for folder in folders:
                if source.startswith(folder + os.sep):
                    return os.path.join(os.path.basename(folder), source[len(folder) + 1:])
            return source
        return name
    return memo(base, "path names", make)


def source_file(base: KnowledgeBase, source: str) -> Path | None:
    """The file a note was read from, when it is still on this machine below an ingested
    folder (git checkouts included); ``None`` otherwise."""
    candidates = [Path(source)] if Path(source).is_absolute() else []
    for root in roots(base):
        root_path = Path(root)
        if not root_path.is_absolute():
            continue
        candidates += [parent / source for parent in [root_path, *root_path.parents]]
    for path in candidates:
        try:
            if path.is_file() and any(path.resolve().is_relative_to(Path(r).resolve())
                                      for r in roots(base) if Path(r).is_absolute()):
                return path
        except OSError:
            continue
    return None


def locate(base: KnowledgeBase, meeting_id: str, section_id: str, text: str, line: int
           ) -> dict[str, str]:
    """Where a cited sentence is, as query parameters of its meeting's page (``section``,
    ``para``, ``line``), and ``at``: how to say where it is, ``line N``, or ``paragraph N
    of “heading”`` when the note's lines do not tell (a one-line HTML export)."""
    note = memo(base, "notes", lambda: {n.id: n for n in base.notes()}).get(meeting_id)
    number = section_id.rsplit("/", 1)[-1] if "/" in section_id else ""
    if note is None or not number.isdigit() or int(number) >= len(note.sections):
        return {"line": str(line), "at": f"line {line}"}
    if not text:  # a search hit: the section as a whole
        return {"section": number, "line": str(line), "at": f"line {line}"}
    paragraphs = note.sections[int(number)].paragraphs
    wanted = " ".join(text.split())[:60]
    found = next((i for i, p in enumerate(paragraphs) if wanted in " ".join(p.text.split())), None)
    if found is None:
        found = max((i for i, p in enumerate(paragraphs) if p.line <= line), default=None)
    shared = sum(p.line == line for s in note.sections for p in s.paragraphs) > 1
    heading = note.sections[int(number)].heading or "the opening"
    at = f"paragraph {found + 1} of “{heading}”" if shared and found is not None else f"line {line}"
    return {"section": number, "para": "" if found is None else str(found), "line": str(line), "at": at}


def cite(base: KnowledgeBase, item: dict[str, Any], words: Iterable[str]) -> None:
    """One piece of evidence: a link to the meeting, at the cited paragraph, in this tab; the
    sentence with *words* in bold; its source file and line (a web link for a git source)."""
    meeting_id = item.get("meeting_id") or f"meeting:{item['meeting']}"
    where = locate(base, meeting_id, item.get("section_id") or "", item["text"], item["line"])
    at = where.pop("at")
    goto("meetings", f"{item['meeting']} · {item['section']}", help="Open the meeting at this line",
         icon=":material/article:", meeting=meeting_id, **where)
    st.markdown("> " + highlight(item["text"], words))
    url = item.get("url") or base.source_link(item["source"], item["line"])
    st.caption(md_link(f"{shown_path(base, item['source'])}, {at}", url))


def action_place(base: KnowledgeBase, action: str) -> dict[str, str]:
    """The query parameters that open an action item's meeting at its line."""
    graph = base.graph
    node = graph.nodes.get(action, {})
    sections = [u for u, _, k in graph.in_edges(action, keys=True) if k == "has_action"] \
        if action in graph else []
    place = {"meeting": node.get("meeting", ""), "line": str(node.get("line", ""))}
    if sections:
        place["section"] = sections[0].rsplit("/", 1)[-1]
    return place


def last_complete_year(dates: list[str]) -> str:
    """The newest year whose meetings run from its first quarter to its last one; when none
    does, the year with the most meetings.

    >>> last_complete_year(["2024-01-09", "2024-12-10", "2025-01-07", "2025-03-18"])
    '2024'
    >>> last_complete_year(["2013-05-01", "2013-09-01", "2014-02-01", "2014-06-01"])
    '2014'
    """
    months: dict[str, list[int]] = defaultdict(list)
    for day in dates:
        months[day[:4]].append(int(day[5:7]))
    complete = [y for y, m in months.items() if min(m) <= 3 and max(m) >= 10]
    if complete:
        return max(complete)
    return max(months, key=lambda y: (len(months[y]), y))
