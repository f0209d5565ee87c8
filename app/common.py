"""What every page of the app shares: the open KnowledgeBase and safe rendering.

Note text is never passed to ``unsafe_allow_html``; it is shown through
``md`` (Markdown with every special character escaped) or as plain text.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from kg import KnowledgeBase
from kg.store import StoreError

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$])")


def store_path() -> Path:
    return Path(os.environ.get("KG_STORE") or ".kg")


@st.cache_resource(show_spinner=False)
def _open(path: str) -> KnowledgeBase:
    return KnowledgeBase.open(path, create=True)


def kb() -> KnowledgeBase:
    """The shared KnowledgeBase (it reloads by itself after an ingest)."""
    return _open(str(store_path()))


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


def esc(text: str) -> str:
    """Escape note text for st.markdown: no Markdown, no HTML, shown as written."""
    return _MD_SPECIAL.sub(r"\\\1", html.unescape(str(text))).replace("\n", " ")


def highlight(text: str, words: list[str]) -> str:
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


def link(page: str, label: str, **params: str) -> str:
    """A Markdown link to another page of the app, with its query parameters."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"[{esc(label)}](/{page}{'?' + query if query else ''})"


def code(text: str) -> str:
    """A file path or id as an inline code span (no escaping needed inside it)."""
    return "`" + str(text).replace("`", "'") + "`"


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
