"""The Python API: :class:`KnowledgeBase`, one open store.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "2024-01-09.md").write_text(
...     "# Weekly call\\n\\nAttendees: Lena Hofmann (chair), Bob Okafor\\n\\n## Sync\\nBob will fix it.\\n")
>>> kb = KnowledgeBase.open(folder / "store", create=True)
>>> kb.ingest([folder]).added
1
>>> [(m["date"], m["chair"], m["attendees"]) for m in kb.meetings()]
[('2024-01-09', 'Lena Hofmann', ['Lena Hofmann', 'Bob Okafor'])]
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.ask import Asker
from kg.check import StoreCheck, check_store
from kg.dates import find_date
from kg.graph import ENTITY_FIELDS, ENTITY_TYPES, entity_card, from_json, section_documents
from kg.index import Hit, SectionIndex, UntrustedIndex, memory_index
from kg.model import Answer, Note, Rejected
from kg.parse import DEFAULT_MAX_BYTES
from kg.pipeline import IngestReport, Progress, ingest, load_notes
from kg.store import Snapshot, Store, StoreError, damaged_message


class KnowledgeBase:
    """A store of meeting notes opened for reading and ingesting.

    Open one with :meth:`open` and keep it: it loads what it needs from the
    store once and reloads only after the store changes.
    """

    def __init__(self, store: Store):
        self.store = store
        self._snapshot: Snapshot | None = None
        self._notes: list[Note] | None = None
        self._graph: nx.MultiDiGraph | None = None
        self._cache: dict[str, Any] = {}
        self._index: SectionIndex | None = None
        #: Things the user should know that are not errors (an index rebuilt in memory).
        self.notices: list[str] = []

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, create: bool = False
             ) -> KnowledgeBase:
        """Open the store at *path* (default ``$KG_STORE`` or ``./.kg``)."""
        return cls(Store.open(path, create=create))

    @property
    def path(self) -> Path:
        return self.store.root

    def _current(self) -> Snapshot | None:
        snapshot = self.store.snapshot()
        if snapshot is None or self._snapshot is None or snapshot.path != self._snapshot.path:
            snapshot = self._checked(snapshot)
            if self._snapshot is not None:
                gc.unfreeze()  # the tables read from the previous generation may go
            self._snapshot = snapshot
            self._notes = None
            self._graph = None
            self._cache = {}
            if self._index is not None:
                self._index.close()
                self._index = None
        return self._snapshot

    def check(self) -> StoreCheck:
        """Check every file of the store (size and sha256) and the index's signature
        (``kg check``); a damaged store is repaired by the next :meth:`ingest`."""
        return check_store(self.store)

    def _checked(self, snapshot: Snapshot | None) -> Snapshot | None:
        """*snapshot* once its files' sizes are as recorded (cheap, on every open); a
        generation that a newer ingest collected meanwhile is replaced by the newest."""
        for _ in range(5):
            damage = snapshot.check() if snapshot is not None else []
            if not damage:
                return snapshot
            newer = self.store.snapshot()
            if newer is None or snapshot is None or newer.path == snapshot.path:
                raise StoreError(damaged_message(damage))
            snapshot = newer
        raise StoreError(f"the store at {self.path} changed too often while reading")

    def ingest(
        self,
        paths: list[str | os.PathLike[str]] | str | os.PathLike[str],
        rebuild: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
        include: list[str] | None = None,
        exclude: list[str] | None = None,
    ) -> IngestReport:
        """Ingest note files, folders and git sources (``git+URL[@REF][#path=SUBDIR]``);
        see :func:`kg.pipeline.ingest`."""
        if isinstance(paths, str | os.PathLike):
            paths = [paths]
        report = ingest(self.store, [os.fspath(p) for p in paths], rebuild=rebuild,
                        max_bytes=max_bytes, progress=progress, include=include, exclude=exclude)
        self._snapshot = None
        return report

    def notes(self) -> list[Note]:
        """Every parsed note in the store, oldest first (undated notes last)."""
        snapshot = self._current()
        if self._notes is None:
            for _ in range(3):
                try:
                    loaded = load_notes(snapshot)
                    break
                except StoreError:
                    if snapshot is None or snapshot.path.exists():
                        raise
                    self._snapshot = None  # collected by a newer ingest: read the newest
                    snapshot = self._current()
            else:
                raise StoreError(f"the store at {self.path} changed too often while reading")
            notes = list(loaded.values())
            notes.sort(key=lambda n: (n.date is None, n.date or "", n.id))
            self._notes = notes
        return self._notes

    def note(self, meeting_id: str) -> Note | None:
        """The note with id *meeting_id* (``meeting:2015-12-02``), or ``None``."""
        if not meeting_id.startswith("meeting:"):
            meeting_id = "meeting:" + meeting_id
        return next((n for n in self.notes() if n.id == meeting_id), None)

    def _read(self, name: str, default: Any) -> Any:
        snapshot = self._current()
        if snapshot is None:
            return default
        if name not in self._cache:
            self._cache[name] = snapshot.read_json(name, default=default)
            _settled()
        return self._cache[name]

    def meetings(self) -> list[dict[str, Any]]:
        """One record per meeting, oldest first, as ``kg meetings --json`` prints."""
        return self._read("meetings.json", [])

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The knowledge graph (see :mod:`kg.graph` for its schema)."""
        snapshot = self._current()
        if self._graph is None:
            data = snapshot.read_json("graph.json", default={}) if snapshot else {}
            self._graph = from_json(data) if data else nx.MultiDiGraph()
            _settled()
        return self._graph

    def unresolved(self) -> list[dict[str, Any]]:
        """Mentions that need a curated alias: ``{text, count, candidates, examples}``, most
        frequent first.  Write them into ``people.yaml`` beside the notes to settle them."""
        grouped: dict[str, dict[str, Any]] = {}
        graph = self.graph
        seen = set()
        dismissed = self._not_people()
        for item in self._read("unresolved.json", []):
            if (item["text"], item["meeting"], item["line"]) in seen or item["text"] in dismissed:
                continue
            seen.add((item["text"], item["meeting"], item["line"]))
            entry = grouped.setdefault(item["text"], {"text": item["text"], "count": 0,
                                                      "candidates": [], "examples": []})
            entry["count"] += 1
            for pid in item.get("candidates", []):
                name = graph.nodes[pid]["name"] if pid in graph else pid
                if name not in entry["candidates"]:
                    entry["candidates"].append(name)
            if len(entry["examples"]) < 3:
                meeting = graph.nodes.get(item["meeting"], {})
                entry["examples"].append({"meeting": meeting.get("date") or item["meeting"],
                                          "section": item["section"], "line": item["line"],
                                          "text": item["sentence"],
                                          "source": meeting.get("source")})
        return sorted(grouped.values(), key=lambda e: (-e["count"], e["text"]))

    def _records(self, kind: str) -> list[dict[str, Any]]:
        graph = self.graph
        records = []
        for node, data in graph.nodes(data=True):
            if data.get("type") != kind:
                continue
            if kind == "person":
                meetings = [m for _, m, k in graph.out_edges(node, keys=True) if k == "attended"]
            else:
                meetings = {graph.nodes[s]["meeting"] for s, _, k in graph.in_edges(node, keys=True)
                            if k in ("mentions", "about") and graph.nodes[s].get("type") == "section"}
            dates = _dates(graph, meetings)
            record = {"id": node, "name": data["name"], "aliases": data.get("aliases", []),
                      "meetings": len(set(meetings)),
                      "first_seen": dates[0] if dates else None,
                      "last_seen": dates[-1] if dates else None}
            if kind == "person":
                record["github"] = data.get("github")
                record["mentioned_in"] = len({graph.nodes[s]["meeting"] for s, _, k in
                                              graph.in_edges(node, keys=True) if k == "mentions"})
            else:
                record["repos"] = data.get("repos", [])
            records.append(record)
        return sorted(records, key=lambda r: (-r["meetings"], r["name"]))

    def people(self) -> list[dict[str, Any]]:
        """One record per person (``id``, ``name``, ``aliases``, ``meetings`` attended ...),
        most meetings first."""
        return self._records("person")

    def projects(self) -> list[dict[str, Any]]:
        """One record per project (``id``, ``name``, ``aliases``, ``meetings`` discussed in ...),
        most meetings first."""
        return self._records("project")

    def actions(self) -> list[dict[str, Any]]:
        """Every action item, oldest first: text, owners, due, status, meeting, section, source,
        line, and the sentence a commitment that points back refers to (``context``)."""
        graph = self.graph
        records = []
        for node, data in graph.nodes(data=True):
            if data.get("type") != "action":
                continue
            projects = [graph.nodes[p]["name"] for _, p, k in graph.out_edges(node, keys=True)
                        if k == "about"]
            records.append({"id": node, "text": data["text"], "owners": data["owners"],
                            "due": data.get("due"), "done": data.get("done", False),
                            "status": data.get("status", "done" if data.get("done") else "open"),
                            "projects": projects, "meeting": data.get("date") or data["meeting"],
                            "section": data["section"], "source": data["source"],
                            "line": data["line"], "context": data.get("context")})
        return sorted(records, key=lambda r: (r["meeting"] or "", r["line"]))

    def lookup(self, name: str, types: Iterable[str] = ("person", "project", "issue"),
               fuzzy: bool = True) -> list[str]:
        """The ids of the entities *name* may refer to: exact names and aliases first,
        then close spellings (``Hannes Menhert`` finds ``Hannes Mehnert``).

        An ambiguous name (``Thomas``) returns every candidate.
        """
        from rapidfuzz import fuzz, process

        from kg.resolve import fold, project_key

        types = set(types)
        index = self._alias_index()
        key = fold(name.strip().lstrip("@"))
        entities = self._entities()
        found = [i for i in index.get(key, []) if entities[i]["type"] in types]
        if not found and "project" in types:
            found = list(self._project_keys().get(project_key(name), []))
        if not found and "issue" in types and "#" in name:
            wanted = name.lower().lstrip("#")
            found = [n for n in self._of_type("issue")
                     if entities[n]["name"].lower().endswith(wanted)]
        if not found and fuzzy and len(key) >= 4:
            choices = self._fuzzy_choices(tuple(sorted(types)))
            best = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=85, limit=3)
            if best:
                top = best[0][1]
                for choice, score, _ in best:
                    if score == top:
                        found += [i for i in index[choice] if entities[i]["type"] in types]
        return list(dict.fromkeys(found))

    def _of_type(self, kind: str) -> list[str]:
        key = ("type", kind)
        if key not in self._cache:
            nodes = self._entities().items() if kind in ENTITY_TYPES else self.graph.nodes(data=True)
            self._cache[key] = [n for n, d in nodes if d.get("type") == kind]
        return self._cache[key]

    def _entities(self) -> dict[str, dict[str, Any]]:
        """The people, projects and issues of the graph: ``{id: {type, name, aliases, nicknames}}``
        in the graph's order, read from the small ``entities.json`` so that a lookup or a
        search does not load the whole graph (from the graph for a store without it)."""
        if "entities" not in self._cache:
            snapshot = self._current()
            if snapshot is not None and snapshot.exists("entities.json"):
                self._cache["entities"] = {row[0]: dict(zip(ENTITY_FIELDS, row[1:], strict=True))
                                           for row in snapshot.read_json("entities.json")}
            else:
                self._cache["entities"] = {n: {f: d.get(f, [] if f != "name" else "") for f in ENTITY_FIELDS}
                                           for n, d in self.graph.nodes(data=True)
                                           if d.get("type") in ENTITY_TYPES}
        return self._cache["entities"]

    def _project_keys(self) -> dict[str, list[str]]:
        if "project_keys" not in self._cache:
            from kg.resolve import project_key

            keys: dict[str, list[str]] = {}
            for node in self._of_type("project"):
                data = self._entities()[node]
                for alias in [data["name"], *data.get("aliases", [])]:
                    keys.setdefault(project_key(alias), [])
                    if node not in keys[project_key(alias)]:
                        keys[project_key(alias)].append(node)
            self._cache["project_keys"] = keys
        return self._cache["project_keys"]

    def _fuzzy_choices(self, types: tuple[str, ...]) -> list[str]:
        key = ("fuzzy", types)
        if key not in self._cache:
            self._alias_index()
            kinds = self._cache["alias_types"]
            self._cache[key] = [k for k, found in kinds.items() if found & set(types)]
        return self._cache[key]

    def _alias_index(self) -> dict[str, list[str]]:
        if "alias_index" not in self._cache:
            from kg.resolve import fold

            index: dict[str, list[str]] = {}
            kinds: dict[str, set[str]] = {}
            for node, data in self._entities().items():
                if data.get("type") in ENTITY_TYPES:
                    for alias in [data["name"], *data.get("aliases", []), *data.get("nicknames", [])]:
                        key = fold(alias)
                        index.setdefault(key, []).append(node)
                        kinds.setdefault(key, set()).add(data["type"])
            self._cache["alias_index"] = index
            self._cache["alias_types"] = kinds
        return self._cache["alias_index"]

    def sentences(self) -> dict[str, list[list[Any]]]:
        """Each section's sentences: ``[line, text, paragraph, person ids, project ids, speaker]``."""
        return self._read("sentences.json", {})

    def index(self) -> SectionIndex:
        """The open full-text index (kept open between queries)."""
        snapshot = self._current()
        if snapshot is None or not (snapshot.path / "index").is_dir():
            raise StoreError(f"the store at {self.path} has no index (run 'kg ingest PATH')")
        if self._index is None:
            try:
                self._index = SectionIndex(snapshot.path / "index")
            except UntrustedIndex as exc:  # never unpickled: rebuilt from the store's JSON
                self.notices.append(f"{exc}: searching an index rebuilt in memory "
                                    "(run 'kg ingest --repair' to rebuild it in the store)")
                self._index = SectionIndex(ix=memory_index(section_documents(self.graph,
                                                                             self.notes())))
        return self._index

    def search(self, query: str, limit: int = 10, person: str | None = None,
               project: str | None = None, since: str | None = None, until: str | None = None
               ) -> list[Hit]:
        """Ranked sections matching *query*, with highlighted snippets.

        *person* and *project* accept any alias (``--project QubesOS`` finds
        Qubes OS); a name in the query also matches the sections tagged with
        that entity, whatever alias they use.  Raises ``LookupError`` for a
        person or project the notes do not name.
        """
        return self.search_results(query, limit, person, project, since, until)[0]

    def search_results(self, query: str, limit: int = 10, person: str | None = None,
                       project: str | None = None, since: str | None = None,
                       until: str | None = None) -> tuple[list[Hit], int]:
        """Like :meth:`search`, and the total number of matching sections."""
        people = self._filter_ids(person, "person")
        projects = self._filter_ids(project, "project")
        return self.index().search(query, limit=limit, people=people, projects=projects,
                                   since=_iso(since), until=_iso(until),
                                   expand=self._expansions(query))

    def _filter_ids(self, name: str | None, kind: str) -> list[str]:
        if not name:
            return []
        ids = self.lookup(name, (kind,))
        if not ids:
            raise LookupError(f"no {kind} called {name!r} in the notes")
        return ids[:1] if len(ids) == 1 else ids[:1]

    def _expansions(self, query: str) -> dict[str, list[str]]:
        """Query words that name an entity: ``{stem: [entity ids]}``."""
        from kg.index import ANALYZER
        from kg.resolve import fold

        words = re.findall(r"[\w.#/+-]+", query)
        index = self._alias_index()
        found: dict[str, list[str]] = {}
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start:start + size])
                ids = [i for i in index.get(fold(phrase), [])
                       if self._entities()[i]["type"] in ("project", "issue")]
                if ids:
                    for token in ANALYZER(phrase, mode="query"):
                        found.setdefault(token.text, ids)
        return found

    def ask(self, question: str) -> Answer:
        """Answer a question with cited evidence; see :mod:`kg.ask` for the intents."""
        return self._asker().ask(question)

    def _asker(self) -> Asker:
        self._current()  # a new generation of the store gets a new asker
        if "asker" not in self._cache:
            self._cache["asker"] = Asker(self)
        return self._cache["asker"]

    def add_notes(self, files: list[tuple[str, bytes]], progress: Progress | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[IngestReport | None, list[Rejected]]:
        """Save uploaded notes (``(file name, content)``) inside the store and ingest them.

        Only note file types are kept, names are reduced to plain file names
        (no folders, nothing outside ``<store>/uploads``), and files over
        *max_bytes* are refused.  Returns the ingest report (``None`` when
        nothing was saved) and the files refused, with why.
        """
        from kg.parse import NOTE_EXTENSIONS

        folder = self.path / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        refused: list[Rejected] = []
        saved = 0
        for name, data in files:
            plain = re.sub(r"[^\w.-]+", "_", name.replace("\\", "/").rsplit("/", 1)[-1]).lstrip(".")
            if Path(plain).suffix.lower() not in NOTE_EXTENSIONS:
                refused.append(Rejected(name, "not a note file type"))
                continue
            if len(data) > max_bytes:
                refused.append(Rejected(name, f"file too large ({len(data) / 1e6:.1f} MB)"))
                continue
            target = (folder / plain).resolve()
            if target.parent != folder.resolve():
                refused.append(Rejected(name, "not a plain file name"))
                continue
            target.write_bytes(data)
            saved += 1
        if not saved:
            return None, refused
        roots = [self._as_given(r) for r in self.roots() if os.path.abspath(r) != str(folder.resolve())]
        return self.ingest([str(folder), *roots], progress=progress, max_bytes=max_bytes), refused

    def _as_given(self, root: str) -> str:
        """An ingested folder written as its notes' sources were (``corpus`` rather than
        ``/home/me/corpus`` when ``kg ingest corpus`` was run from here), so ingesting it
        again does not rename, and so rewrite, every note."""
        snapshot = self._current()
        files = snapshot.read_json("manifest.json", default={}).get("files", {}) if snapshot else {}
        for path, entry in files.items():
            source = entry.get("source") or ""
            if path.startswith(root.rstrip(os.sep) + os.sep) and not os.path.isabs(source):
                if os.path.abspath(source) == path:
                    return os.path.relpath(root)
                break
        return root

    def source_link(self, source: str, line: int) -> str | None:
        """Where a note from a git source lives: a web link to the line (GitHub, GitLab),
        or ``path@commit``; ``None`` for a note from a plain folder."""
        from kg.gitsource import web_link

        snapshot = self._current()
        if snapshot is None:
            return None
        if "git" not in self._cache:
            self._cache["git"] = snapshot.read_json("manifest.json", default={}).get("git", {})
        for info in self._cache["git"].values():
            if source.startswith(info["prefix"]):
                return web_link(info["url"], info["commit"], source[len(info["prefix"]):], line)
        return None

    def roots(self) -> list[str]:
        """The folders and files ingested into this store so far."""
        snapshot = self._current()
        return snapshot.read_json("manifest.json", default={}).get("roots", []) if snapshot else []

    def merge_person(self, alias: str, into: str) -> None:
        """Record that *alias* (a mention or a duplicate person) is the person *into*,
        in the store's own ``people.yaml``, and re-resolve the store at once."""
        from kg import curation

        curation.merge(self.path / "people.yaml", alias.strip(), self._person_name(into))
        self._reresolve()

    def separate_person(self, alias: str, person: str) -> None:
        """Undo a merge: *alias* (a name, a mention) is not *person*, whether a curated
        alias or kg's own matching joined them.  Recorded in the store's ``people.yaml``
        (the alias leaves the person's entry; ``- distinct: [alias, person]``) and
        applied at once."""
        from kg import curation

        curation.separate(self.path / "people.yaml", alias.strip(), self._person_name(person))
        self._reresolve()

    def _person_name(self, name: str) -> str:
        """The canonical name of the person *name* stands for (itself when none)."""
        target = self.lookup(name, ("person",))
        return self.graph.nodes[target[0]]["name"] if len(target) == 1 else name.strip()

    def _reresolve(self) -> None:
        if self.roots():
            self.ingest(self.roots())

    def not_a_person(self, text: str) -> None:
        """Record that the mention *text* ("Everyone", "Structure") names no person, in the
        store's ``people.yaml`` (``- not_people: [...]``), so it is no longer listed as an
        unresolved person."""
        from kg import curation

        curation.not_a_person(self.path / "people.yaml", text)

    def _not_people(self) -> set[str]:
        """The mentions recorded as naming no person (see :meth:`not_a_person`)."""
        from kg import curation

        return curation.not_people(self.path / "people.yaml")

    def review(self, year: int | None = None, max_words: int | None = None, since: str | None = None,
               until: str | None = None, fmt: str = "md") -> str:
        """A draft review of *year* (or of *since*..*until*), every sentence cited with a link,
        as Markdown (``fmt="md"``) or HTML (``fmt="html"``); see :mod:`kg.review`.

        Raises ``ValueError`` when the notes hold no meeting in the period.
        """
        from kg.review import draft_review

        return draft_review(self, year, max_words=max_words, since=since, until=until, fmt=fmt)

    def entity(self, name: str) -> dict[str, Any] | None:
        """An entity card: ``{id, type, name, aliases, meetings, first_seen, last_seen,
        people, projects, actions, issues}``; ``None`` if nothing matches, and
        ``{"ambiguous": [...]}`` when several entities do."""
        ids = self.lookup(name)
        if not ids:
            return None
        if len(ids) > 1:
            return {"ambiguous": [{"id": i, "type": self.graph.nodes[i]["type"],
                                   "name": self.graph.nodes[i]["name"]} for i in ids]}
        return entity_card(self.graph, ids[0])


def _dates(graph: nx.MultiDiGraph, meetings: Iterable[str]) -> list[str]:
    return sorted(d for d in (graph.nodes[m].get("date") for m in meetings if m in graph) if d)


def _iso(value: str | None) -> str | None:
    """A date filter as ISO text: ``2015-12-02``, ``2 December 2015`` or ``2015``."""
    if not value:
        return None
    if re.fullmatch(r"\d{4}(?:-\d{2})?", value.strip()):
        return value.strip()
    date = find_date(value)
    if date is None:
        raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)")
    return date.isoformat()


def _settled() -> None:
    """A store table just read stays for the life of its generation: keep the garbage collector
    from scanning its millions of objects on every later collection (a full scan of a large
    graph took hundreds of milliseconds in the middle of an answer)."""
    gc.freeze()
