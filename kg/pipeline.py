"""Ingestion: named stages run in order, each recording its count and time.

``discover`` finds the note files, ``parse`` reads and parses the ones that
are new or changed (by size and mtime, then by content hash), and ``write``
commits a new store generation.  Later stages (extract, resolve, graph,
index) read the parsed notes of the whole store.

Re-running on an unchanged folder parses nothing and writes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.model import Note, Rejected
from kg.parse import DEFAULT_MAX_BYTES, PARSER_VERSION, RejectedInput, parse_bytes, read_file
from kg.sources import discover, under_roots
from kg.store import Snapshot, Store, crash_point

#: Called as ``progress(done, total, source)`` while files are parsed.
Progress = Callable[[int, int, str], None]


class NothingToIngest(Exception):
    """No note could be found under the given paths."""


@dataclass
class StageResult:
    """How many items a stage handled and how long it took."""

    name: str
    count: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "count": self.count, "seconds": round(self.seconds, 4)}


@dataclass
class IngestReport:
    """What an ingest did; ``to_dict()`` is the JSON of ``kg ingest --json``."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    meetings: int = 0
    people: int = 0
    projects: int = 0
    seconds: float = 0.0
    stages: list[StageResult] = field(default_factory=list)
    written: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "rejected": [r.to_dict() for r in self.rejected],
            "warnings": [{"path": p, "warning": w} for p, w in self.warnings],
            "meetings": self.meetings,
            "people": self.people,
            "projects": self.projects,
            "seconds": round(self.seconds, 3),
            "stages": [s.to_dict() for s in self.stages],
        }


@contextlib.contextmanager
def _stage(report: IngestReport, name: str) -> Iterator[StageResult]:
    result = StageResult(name)
    start = time.perf_counter()
    try:
        yield result
    finally:
        result.seconds = time.perf_counter() - start
        report.stages.append(result)


def assign_ids(notes: Iterable[Note]) -> None:
    """Give each note a stable id: ``meeting:YYYY-MM-DD``, with ``-2``, ``-3``
    for further notes of the same day (ordered by source), or
    ``meeting:<file-name>`` for an undated note."""
    groups: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        if note.date:
            key = note.date
        else:
            stem = note.source.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
            key = re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "note"
        groups[key].append(note)
    for key, group in groups.items():
        group.sort(key=lambda n: n.source)
        for number, note in enumerate(group, start=1):
            note.id = f"meeting:{key}" if number == 1 else f"meeting:{key}-{number}"


def load_notes(snapshot: Snapshot | None) -> dict[str, Note]:
    """The notes of a store generation, keyed by absolute path."""
    if snapshot is None:
        return {}
    data = snapshot.read_json("notes.json", default={})
    return {path: Note.from_dict(note) for path, note in data.items()}


def ingest(
    store: Store,
    paths: Iterable[str],
    rebuild: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest the note files under *paths* into *store*; see the module doc."""
    started = time.perf_counter()
    report = IngestReport()
    paths = list(paths)

    with _stage(report, "discover") as stage:
        found = discover(paths)
        stage.count = len(found.files)
    report.rejected.extend(found.rejected)
    if not found.files and not found.roots:
        raise NothingToIngest("nothing to ingest: " + "; ".join(
            f"{r.path}: {r.reason}" for r in found.rejected) if found.rejected else "no paths")

    snapshot = store.snapshot()
    manifest = snapshot.read_json("manifest.json") if snapshot else {"files": {}}
    force = rebuild or manifest.get("parser_version") != PARSER_VERSION
    old_files: dict[str, dict[str, Any]] = {} if rebuild else dict(manifest.get("files", {}))
    new_files = dict(old_files)
    parsed: dict[str, Note | None] = {}
    stat_changed = False

    with _stage(report, "parse") as stage:
        pending = []
        for file in found.files:
            old = old_files.get(file.path)
            if (old and not force and old["size"] == file.size
                    and old["mtime_ns"] == file.mtime_ns and old["source"] == file.source):
                if old.get("reason"):
                    report.rejected.append(Rejected(file.source, old["reason"]))
                else:
                    report.unchanged += 1
                continue
            pending.append(file)
        for done, file in enumerate(pending, start=1):
            if progress:
                progress(done, len(pending), file.source)
            entry = {"source": file.source, "size": file.size, "mtime_ns": file.mtime_ns,
                     "sha256": None, "reason": None}
            old = old_files.get(file.path)
            try:
                data = read_file(file.path, max_bytes)
                entry["sha256"] = hashlib.sha256(data).hexdigest()
                if old and not force and old.get("sha256") == entry["sha256"] and (
                        old["source"] == file.source):
                    new_files[file.path] = {**old, "size": file.size, "mtime_ns": file.mtime_ns}
                    stat_changed = True
                    if old.get("reason"):
                        report.rejected.append(Rejected(file.source, old["reason"]))
                    else:
                        report.unchanged += 1
                    continue
                stage.count += 1
                note = parse_bytes(data, file.source)
                parsed[file.path] = note
                report.warnings.extend((file.source, w) for w in note.warnings)
                if old and not old.get("reason"):
                    report.updated += 1
                else:
                    report.added += 1
            except RejectedInput as exc:
                entry["reason"] = str(exc)
                parsed[file.path] = None
                report.rejected.append(Rejected(file.source, str(exc)))
                if old and not old.get("reason"):
                    report.removed += 1
            new_files[file.path] = entry
    crash_point("after-parse")

    present = {f.path for f in found.files}
    for path, entry in old_files.items():
        if path not in present and under_roots(path, found.roots):
            del new_files[path]
            if not entry.get("reason"):
                report.removed += 1
    if rebuild and snapshot is not None:
        kept = {path for path, note in parsed.items() if note is not None}
        report.removed += sum(1 for path, entry in manifest.get("files", {}).items()
                              if not entry.get("reason") and path not in kept)

    if not (report.changed or stat_changed or force):
        total = sum(1 for entry in new_files.values() if not entry.get("reason"))
        report.meetings = total
        report.seconds = time.perf_counter() - started
        return report
    if not any(not e.get("reason") for e in new_files.values()) and snapshot is None:
        reasons = "; ".join(f"{r.path}: {r.reason}" for r in report.rejected[:5])
        raise NothingToIngest(f"no meeting notes could be ingested ({reasons or 'none found'})")

    with _stage(report, "write") as stage:
        notes = {} if rebuild else load_notes(snapshot)
        for path in list(notes):
            if path not in new_files or new_files[path].get("reason"):
                del notes[path]
        for path, note in parsed.items():
            if note is not None:
                notes[path] = note
        assign_ids(notes.values())
        with store.transaction() as txn:
            txn.write_json("notes.json", {path: note.to_dict() for path, note in
                                          sorted(notes.items(), key=lambda kv: kv[1].id)})
            crash_point("mid-write")
            txn.write_json("manifest.json", {"format": 1, "parser_version": PARSER_VERSION,
                                             "files": new_files})
        stage.count = len(notes)
    report.written = True
    report.meetings = len(notes)
    report.seconds = time.perf_counter() - started
    return report
