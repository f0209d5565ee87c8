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

import os
from pathlib import Path
from typing import Any

import networkx as nx

from kg.graph import from_json
from kg.model import Note
from kg.parse import DEFAULT_MAX_BYTES
from kg.pipeline import IngestReport, Progress, ingest, load_notes
from kg.store import Snapshot, Store, StoreError


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
            self._snapshot = snapshot
            self._notes = None
            self._graph = None
            self._cache = {}
        return self._snapshot

    def ingest(
        self,
        paths: list[str | os.PathLike[str]] | str | os.PathLike[str],
        rebuild: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest note files and folders; see :func:`kg.pipeline.ingest`."""
        if isinstance(paths, str | os.PathLike):
            paths = [paths]
        report = ingest(self.store, [os.fspath(p) for p in paths], rebuild=rebuild,
                        max_bytes=max_bytes, progress=progress)
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
        return self._graph

    def unresolved(self) -> list[dict[str, Any]]:
        """Person mentions that could not be tied to one person, as stored by the ingest."""
        return self._read("unresolved.json", [])
