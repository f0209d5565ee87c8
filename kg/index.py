"""The full-text index: one whoosh document per meeting section.

The analyzer is chosen for notes about software: names with dots and
hyphens (``mirage-www``, ``unikernel.org``) are kept whole *and* split into
their parts, and a light stemmer folds plurals and verb endings without
Porter's over-reach (``generators`` does not match ``general``).

Snippets are built from the stored section text and the query's terms, not
by whoosh's highlighter, which re-analyses every hit and dominates query
time.

>>> light_stem("releases"), light_stem("released"), light_stem("generators")
('releas', 'releas', 'generator')
>>> [t.text for t in ANALYZER("The mirage-www releases")]
['mirage-www', 'mirag', 'www', 'releas']
>>> snippet("We ship Qubes support. Nothing else.", {"qube"})
'We ship <b>Qubes</b> support.'
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import os
import re
import secrets
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    ShingleFilter,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup
from whoosh.qparser.plugins import FieldsPlugin, WildcardPlugin

_WORD_RE = re.compile(r"\w+(?:[.\-']\w+)*")


def light_stem(word: str) -> str:
    """A light English stemmer: plurals, -ing, -ed and a final -e."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)] + replacement
            if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2] and \
                    word[-1] not in "lsz":
                word = word[:-1]
            break
    else:
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


class CompoundFilter(Filter):
    """Index ``mirage-www`` as itself and as ``mirage`` and ``www``."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            text = token.text
            yield token
            if token.mode != "query" and any(c in text for c in ".-'"):
                for part in re.split(r"[.\-']", text):
                    if part and part != text:
                        token.text = part
                        yield token


ANALYZER = (RegexTokenizer(_WORD_RE.pattern) | CompoundFilter() | LowercaseFilter()
            | StopFilter(minsize=1) | StemFilter(stemfn=light_stem, cachesize=-1))

#: Word pairs, so that two-word phrases are single-term lookups rather than position checks.
PAIR_ANALYZER = (RegexTokenizer(_WORD_RE.pattern) | LowercaseFilter() | StopFilter(minsize=1)
                 | StemFilter(stemfn=light_stem, cachesize=-1) | ShingleFilter(size=2, sep=" "))

SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    meeting=ID(stored=True),
    date=ID(stored=True, sortable=True),
    title=STORED,
    heading=TEXT(analyzer=ANALYZER, stored=True, field_boost=2.0),
    text=TEXT(analyzer=ANALYZER, stored=True),
    pairs=TEXT(analyzer=PAIR_ANALYZER, phrase=False),
    people=KEYWORD(stored=True, commas=True),
    projects=KEYWORD(stored=True, commas=True),
    issues=KEYWORD(stored=True, commas=True),
    source=STORED,
    line=STORED,
)


@dataclass
class Hit:
    """One search result: a meeting section, with a highlighted snippet."""

    meeting: str
    meeting_id: str
    title: str
    section: str
    section_id: str
    snippet: str
    score: float
    source: str
    line: int

    def to_dict(self) -> dict[str, Any]:
        return {"meeting": self.meeting, "title": self.title, "section": self.section,
                "snippet": self.snippet, "score": round(self.score, 3), "source": self.source,
                "line": self.line, "meeting_id": self.meeting_id, "section_id": self.section_id}


def _digest(doc: dict[str, Any]) -> str:
    return hashlib.sha1(json.dumps(doc, sort_keys=True).encode()).hexdigest()


# ---------------------------------------------------------------------------
# Trust: whoosh keeps its table of contents and stored fields as pickles, and
# unpickling runs code.  A store may come from someone else (a zip, a shared
# drive), so index files are opened only when they carry this installation's
# signature: an HMAC of every file under a key kept outside any store.

SIGNATURE = "KG_SIGNATURE.json"


class UntrustedIndex(Exception):
    """An index folder without a valid signature of this installation; never opened."""


def key_path() -> Path:
    """Where the signing key lives: ``$KG_KEY_FILE``, else ``$XDG_CONFIG_HOME/kg/key``
    (``~/.config/kg/key``)."""
    if os.environ.get("KG_KEY_FILE"):
        return Path(os.environ["KG_KEY_FILE"])
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "kg" / "key"


def signing_key() -> bytes | None:
    """This installation's secret key, created (mode 0600) on first use; ``None`` if the
    config folder cannot be written, in which case no index is trusted."""
    path = key_path()
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    except FileExistsError:
        pass  # another process made it first
    except OSError:
        return None
    try:
        return _read_key(path)
    except OSError:
        return None


def _read_key(path: Path) -> bytes:
    data = path.read_bytes()
    if len(data) < 32:
        raise OSError(f"signing key {path} is too short")
    return data


def _index_files(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder)
                  if name != SIGNATURE and not name.endswith("LOCK") and (folder / name).is_file())


def _mac(key: bytes, folder: Path, name: str) -> str:
    mac = hmac.new(key, name.encode() + b"\0", hashlib.sha256)
    with open(folder / name, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            mac.update(block)
    return mac.hexdigest()


def sign_index(folder: Path, previous: Path | None = None) -> None:
    """Sign every file of the index in *folder* (call after each write to it).

    A file hard-linked from the *previous* index keeps the signature recorded
    there rather than being read again: were it changed since, that signature
    would no longer match it, and the index would not be trusted.
    """
    key = signing_key()
    if key is None:
        return
    known = _linked_macs(folder, previous) if previous is not None else {}
    macs = {name: known.get(name) or _mac(key, folder, name) for name in _index_files(folder)}
    (folder / SIGNATURE).write_text(json.dumps({"format": 1, "files": macs}), encoding="utf-8")


def _linked_macs(folder: Path, previous: Path) -> dict[str, str]:
    """The signatures of *previous* for the files of *folder* that are the same files
    (one inode) as there."""
    try:
        signed = json.loads((previous / SIGNATURE).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    known = {}
    for name, mac in signed.items() if isinstance(signed, dict) else ():
        try:
            here, there = (folder / name).stat(), (previous / name).stat()
        except (OSError, ValueError):
            continue
        if (here.st_ino, here.st_dev) == (there.st_ino, there.st_dev) and isinstance(mac, str):
            known[name] = mac
    return known


def verify_index(folder: Path) -> None:
    """Raise :class:`UntrustedIndex` unless *folder* holds exactly the files this
    installation signed, unchanged.  Nothing in the folder is unpickled before."""
    key = signing_key()
    if key is None:
        raise UntrustedIndex(f"no signing key ({key_path()} cannot be written)")
    try:
        signed = json.loads((folder / SIGNATURE).read_text(encoding="utf-8"))["files"]
        names = _index_files(folder)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UntrustedIndex(f"the index in {folder} is not signed by this installation") from exc
    if not isinstance(signed, dict) or sorted(signed) != names or not names:
        raise UntrustedIndex(f"the index in {folder} holds files this installation did not sign")
    for name in names:
        if not hmac.compare_digest(str(signed[name]), _mac(key, folder, name)):
            raise UntrustedIndex(f"the index file {name} in {folder} is not as this installation "
                                 "signed it (changed, or from another machine)")


def open_index(folder: Path) -> Any:
    """Open the whoosh index in *folder* after :func:`verify_index`; every opener uses this."""
    verify_index(folder)
    return whoosh_index.open_dir(str(folder))


def memory_index(docs: list[dict[str, Any]]) -> Any:
    """A whoosh index of *docs* held in memory, for a store whose index is not trusted."""
    from whoosh.filedb.filestore import RamStorage

    ix = RamStorage().create_index(SCHEMA)
    writer = ix.writer()
    for doc in docs:
        writer.add_document(**{**doc, "pairs": f"{doc.get('heading', '')}\n{doc.get('text', '')}"})
    writer.commit()
    return ix


def write_index(folder: Path, docs: list[dict[str, Any]], previous: Path | None = None,
                previous_digests: dict[str, str] | None = None, verified: bool = False
                ) -> dict[str, str]:
    """Write *docs* to a whoosh index in *folder* and sign it; returns each document's digest.

    With the *previous* generation's index, its files are hard-linked into
    *folder* and only the changed sections are deleted and added again; a
    previous index without this installation's signature is not used (say
    *verified* when the caller has just checked the signature itself).
    """
    digests = _write_index(folder, docs, previous, previous_digests, verified)
    sign_index(folder, previous)
    return digests


def _trusted(folder: Path) -> bool:
    try:
        verify_index(folder)
    except UntrustedIndex:
        return False
    return True


def _write_index(folder: Path, docs: list[dict[str, Any]], previous: Path | None,
                 previous_digests: dict[str, str] | None, verified: bool = False) -> dict[str, str]:
    digests = {doc["id"]: _digest(doc) for doc in docs}
    docs = [{**doc, "pairs": f"{doc.get('heading', '')}\n{doc.get('text', '')}"} for doc in docs]
    incremental = previous is not None and previous_digests is not None and (
        verified or _trusted(previous))
    if incremental:
        for name in os.listdir(previous):
            source = previous / name
            if source.is_file() and not name.endswith("LOCK") and name != SIGNATURE:
                try:
                    os.link(source, folder / name)
                except OSError:
                    import shutil

                    shutil.copy2(source, folder / name)
        ix = whoosh_index.open_dir(str(folder))
        assert previous_digests is not None
        changed = [d for d in docs if previous_digests.get(d["id"]) != digests[d["id"]]]
        gone = [sid for sid in previous_digests if sid not in digests]
        if not changed and not gone:
            return digests
        writer = ix.writer(limitmb=256)
        for sid in gone:
            writer.delete_by_term("id", sid)
        for doc in changed:
            writer.update_document(**doc)
        writer.commit()
        return digests
    ix = whoosh_index.create_in(str(folder), SCHEMA)
    big = len(docs) > 3000
    writer = ix.writer(limitmb=256, procs=2 if big else 1, multisegment=big)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return digests


def snippet(text: str, terms: set[str], width: int = 240) -> str:
    """The sentence of *text* with most query terms, terms in ``<b>``, the rest escaped."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    if not sentences:
        return ""

    def matches(sentence: str) -> int:
        return sum(1 for w in _WORD_RE.findall(sentence) if _stem_variants(w) & terms)

    best = max(sentences, key=matches) if terms else sentences[0]
    if len(best) > width:
        first = next((m.start() for m in _WORD_RE.finditer(best)
                      if _stem_variants(m.group(0)) & terms), 0)
        start = max(0, first - width // 3)
        best = ("… " if start else "") + best[start:start + width] + " …"
    out, last = [], 0
    for match in _WORD_RE.finditer(best):
        if _stem_variants(match.group(0)) & terms:
            out.append(html.escape(best[last:match.start()]))
            out.append(f"<b>{html.escape(match.group(0))}</b>")
            last = match.end()
    out.append(html.escape(best[last:]))
    return "".join(out).strip()


@lru_cache(maxsize=65536)
def _stem_variants(word: str) -> frozenset[str]:
    low = word.lower()
    forms = {light_stem(low)}
    if any(c in low for c in ".-'"):
        forms |= {light_stem(p) for p in re.split(r"[.\-']", low) if p}
    return frozenset(forms)


class SectionIndex:
    """An open index, reused across queries (a searcher per call is cheap)."""

    def __init__(self, folder: Path | None = None, ix: Any = None):
        """Open the signed index in *folder* (see :func:`open_index`), or wrap *ix*."""
        self.ix = ix if ix is not None else open_index(folder)  # type: ignore[arg-type]
        self._local = threading.local()  # whoosh searchers are not shared between threads
        self._parser = MultifieldParser(["heading", "text"], SCHEMA, group=AndGroup)
        self._parser.remove_plugin_class(FieldsPlugin)
        self._parser.remove_plugin_class(WildcardPlugin)

    @property
    def _searcher(self) -> Any:
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.ix.searcher()
        return searcher

    @_searcher.setter
    def _searcher(self, value: Any) -> None:
        self._local.searcher = value

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()

    def parse(self, text: str) -> wq.Query:
        """Parse a query; broken syntax (``"unbalanced``, ``AND OR (``) falls back to words."""
        try:
            parsed = self._parser.parse(text)
        except Exception:  # whoosh raises assorted errors on odd input
            parsed = None
        words = [w for w in _WORD_RE.findall(text) if w.upper() not in ("AND", "OR", "NOT")]
        broken = text.count('"') % 2 == 1 or text.count("(") != text.count(")") or parsed is None \
            or parsed is wq.NullQuery or not list(parsed.iter_all_terms())
        if broken and words:
            parser = MultifieldParser(["heading", "text"], SCHEMA, group=AndGroup)
            parsed = parser.parse(" ".join(words))
        return parsed if parsed is not None else wq.NullQuery

    def meeting_frequency(self, word: str) -> tuple[int, int]:
        """``(meetings whose sections hold *word*, meetings in all)``: how common a word is.

        Read from the postings and the sortable date column, so it costs one
        pass over the word's postings, not over the sections.
        """
        reader = self._searcher.reader()
        if getattr(self, "_meeting_of", None) is None:  # one pass over the column, then list lookups
            self._meeting_of = list(reader.column_reader("date"))
            self._meeting_count = len(set(self._meeting_of))
        meeting_of = self._meeting_of
        meetings: set[str] = set()
        for token in ANALYZER(word, mode="query"):
            for field in ("text", "heading"):
                if (field, token.text) in reader:
                    meetings.update(meeting_of[d] for d in reader.postings(field, token.text).all_ids())
        return len(meetings), self._meeting_count

    def search(self, text: str, limit: int = 10, people: Iterable[str] = (),
               projects: Iterable[str] = (), since: str | None = None, until: str | None = None,
               expand: dict[str, list[str]] | None = None, any_word: bool = False,
               snippets: bool = True) -> tuple[list[Hit], int]:
        """Run a query; returns ``(hits, total)``.

        *expand* maps a query word to entity ids (``{"qubes": ["project:qubes"]}``):
        sections tagged with those entities match the word too.  Without
        *snippets* the hits carry none (for callers that read the sections).
        """
        q = self.parse(text) if text.strip() else wq.Every()
        if any_word and not isinstance(q, wq.Every):
            q = MultifieldParser(["heading", "text"], SCHEMA, group=OrGroup).parse(
                " ".join(_WORD_RE.findall(text)))
        terms = {t.decode() if isinstance(t, bytes) else t
                 for f, t in q.iter_all_terms() if f in ("heading", "text")}
        q = _pairs(q)
        if expand:
            q = _expand(q, expand)
        filters: list[wq.Query] = []
        for pid in people:
            filters.append(wq.Term("people", pid))
        for pid in projects:
            filters.append(wq.Term("projects", pid))
        if since or until:
            filters.append(wq.TermRange("date", since or "0000", until or "9999",
                                        startexcl=False, endexcl=False))
        searcher = self._searcher.refresh()
        self._searcher = searcher
        results = searcher.search(q, limit=limit, filter=wq.And(filters) if filters else None)
        hits = []
        for result in results:
            stored = result.fields()
            hits.append(Hit(
                meeting=stored.get("date") or stored["meeting"].split(":", 1)[1],
                meeting_id=stored["meeting"], title=stored.get("title", ""),
                section=stored.get("heading") or stored.get("title", ""),
                section_id=stored["id"],
                snippet=snippet(stored.get("text", ""), terms) if snippets else "",
                score=float(result.score or 0.0), source=stored.get("source", ""),
                line=int(stored.get("line") or 0)))
        total = len(hits) if len(hits) < limit else max(len(hits), results.estimated_length())
        return hits, total


def _expand(q: wq.Query, expand: dict[str, list[str]]) -> wq.Query:
    """Let a word of the query also match the sections tagged with its entities."""
    def visit(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Term) and node.fieldname in ("heading", "text"):
            ids = expand.get(node.text if isinstance(node.text, str) else node.text.decode())
            if ids:
                return wq.Or([node, *(wq.Term(_field(i), i) for i in ids)])
            return node
        if hasattr(node, "subqueries"):
            node.subqueries = [visit(s) for s in node.subqueries]
        elif hasattr(node, "child"):
            node.child = visit(node.child)
        return node

    return visit(q)


def _pairs(q: wq.Query) -> wq.Query:
    """Turn each phrase into the conjunction of its word pairs (``pairs`` field)."""
    if isinstance(q, wq.Phrase) and q.fieldname in ("heading", "text") and len(q.words) >= 2 \
            and q.slop == 1:
        words = [w.decode() if isinstance(w, bytes) else w for w in q.words]
        pairs = [wq.Term("pairs", f"{a} {b}") for a, b in zip(words, words[1:], strict=False)]
        return pairs[0] if len(pairs) == 1 else wq.And(pairs)
    if hasattr(q, "subqueries"):
        q.subqueries = [_pairs(s) for s in q.subqueries]
    elif hasattr(q, "child"):
        q.child = _pairs(q.child)
    return q


def _field(entity_id: str) -> str:
    return {"person": "people", "project": "projects", "issue": "issues"}[entity_id.split(":", 1)[0]]
