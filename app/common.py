"""What every page of the app shares: the open KnowledgeBase and safe rendering.

Note text is never passed to ``unsafe_allow_html``; it is shown through
``md`` (Markdown with every special character escaped) or as plain text.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

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
    return st.query_params.get(name, default)
