"""Ingestion: named stages run in order, each recording its count and time.

``discover`` finds the note files, ``parse`` reads and parses the ones that
are new or changed (by size and mtime, then by content hash), and ``write``
commits a new store generation.  Later stages (extract, resolve, graph,
index) read the parsed notes of the whole store.

Re-running on an unchanged folder parses nothing and writes nothing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.check import repair_plan
from kg.extract import EXTRACTOR_VERSION, Extraction, extract_note, mark_reported_done
from kg.gitsource import checkout, is_git, parse_spec
from kg.graph import Unresolved, build_graph, entity_rows, meeting_record, section_documents, to_json
from kg.index import write_index
from kg.limits import FILE_SECONDS, MAX_CURATED_YAML, OverBudget, deadline, load_yaml
from kg.model import Note, Rejected
from kg.parse import DEFAULT_MAX_BYTES, PARSER_VERSION, RejectedInput, days_of, parse_bytes, read_file
from kg.resolve import Directory, ProjectCatalog, repo_owners
from kg.sources import discover, under_roots
from kg.store import CHECKSUMS, Snapshot, Store, crash_point

#: Called as ``progress(done, total, source)`` while files are parsed.
Progress = Callable[[int, int, str], None]


class NothingToIngest(Exception):
    """No note could be found under the given paths."""

    errors: list[tuple[str, str]] = []  # (source, traceback) of files that failed


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
    errors: list[tuple[str, str]] = field(default_factory=list)  # (source, traceback) for --debug
    file_seconds: dict[str, float] = field(default_factory=dict)  # parse + extract, per file read
    repaired: list[str] = field(default_factory=list)  # damaged store files this ingest rebuilt

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
            **({"repaired": self.repaired} if self.repaired else {}),
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


def _one_writer(func: Callable[..., IngestReport]) -> Callable[..., IngestReport]:
    """Run the whole ingest under the store's write lock, so that a second ingest
    reads the state the first one committed instead of overwriting it."""
    @functools.wraps(func)
    def locked(store: Store, *args: Any, **kwargs: Any) -> IngestReport:
        with store.lock():
            return func(store, *args, **kwargs)
    return locked


@_one_writer
def ingest(
    store: Store,
    paths: Iterable[str],
    rebuild: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
) -> IngestReport:
    """Ingest the note files under *paths* into *store*; see the module doc.

    A path may be a git source, ``git+URL[@REF][#path=SUBDIR]`` (see
    :mod:`kg.gitsource`); *include* and *exclude* are glob patterns matched
    against each file's path below the folder given.
    """
    started = time.perf_counter()
    report = IngestReport()
    paths = list(paths)
    plan = repair_plan(store)  # damage found before this ingest builds on the store (kg.check)
    report.repaired = plan.repaired
    if plan.rebuild:  # the notes themselves are not to be trusted: read every source again
        rebuild = True
        paths = list(dict.fromkeys([*paths, *plan.roots]))

    with _stage(report, "discover") as stage:
        targets: list[str | tuple[str, ...]] = []
        checkouts = {}
        for path in paths:
            if is_git(path):
                spec = parse_spec(path)
                done = checkout(spec, store.root / "cache" / "git")
                shown = f"{spec.name}/{spec.subdir}".rstrip("/")
                targets.append((shown, str(done.notes), str(done.folder)))
                checkouts[os.path.abspath(done.notes)] = {
                    "spec": path, "url": spec.url, "ref": spec.ref, "commit": done.commit,
                    "prefix": f"{spec.name}/", "folder": str(done.folder)}
            else:
                targets.append(path)
        found = discover(targets, include, exclude)
        stage.count = len(found.files)
    report.rejected.extend(found.rejected)
    if not found.files and not found.roots:
        raise NothingToIngest("nothing to ingest: " + "; ".join(
            f"{r.path}: {r.reason}" for r in found.rejected) if found.rejected else "no paths")

    snapshot = None if plan.rebuild else store.snapshot()
    manifest = snapshot.read_json("manifest.json") if snapshot else {"files": {}}
    git_sources = {} if rebuild else dict(manifest.get("git", {}))
    git_changed = any(git_sources.get(k) != v for k, v in checkouts.items())
    git_sources.update(checkouts)
    force = rebuild or manifest.get("parser_version") != PARSER_VERSION
    old_files: dict[str, dict[str, Any]] = {} if rebuild else dict(manifest.get("files", {}))
    new_files = dict(old_files)
    parsed: dict[str, list[Note] | None] = {}  # file -> its meetings (one per day)
    spent: dict[str, float] = {}  # seconds each file took to parse, out of its budget
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
                began = time.process_time()  # CPU time, as the budget counts it
                meetings = _parse_one(data, file.source)
                spent[file.path] = report.file_seconds[file.source] = time.process_time() - began
                parsed[file.path] = meetings
                report.warnings.extend((file.source, w) for w in meetings[0].warnings)
                if old and not old.get("reason"):
                    report.updated += 1
                else:
                    report.added += 1
            except Exception as exc:  # one bad file never stops the ingest: it is rejected
                entry["reason"] = _reason(exc, file.source, report)
                parsed[file.path] = None
                report.rejected.append(Rejected(file.source, entry["reason"]))
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

    curated_now = _curated(found.roots, None, True, IngestReport(), store.root).get("sha")
    curated_changed = curated_now is not None and curated_now != manifest.get("curated_sha")
    if not (report.changed or stat_changed or force or curated_changed or git_changed or plan.damage):
        total = sum(1 for entry in new_files.values() if not entry.get("reason"))
        report.meetings = total
        report.seconds = time.perf_counter() - started
        return report
    if not any(not e.get("reason") for e in new_files.values()) and snapshot is None:
        reasons = "; ".join(f"{r.path}: {r.reason}" for r in report.rejected[:5])
        failure = NothingToIngest(f"no meeting notes could be ingested ({reasons or 'none found'})")
        failure.errors = report.errors  # the tracebacks, for --debug
        raise failure

    raw_notes: dict[str, Any] = {} if rebuild or snapshot is None else snapshot.read_json(
        "notes.json", default={})
    notes = {path: Note.from_dict(data) for path, data in raw_notes.items()}
    for path in list(notes):
        file = file_of(path, new_files)
        if file not in new_files or new_files[file].get("reason") or file in parsed:
            del notes[path]
    for path, meetings in parsed.items():
        notes.update(day_keys(path, meetings or []))
    assign_ids(notes.values())
    ordered = sorted(notes.items(), key=lambda kv: (kv[1].date is None, kv[1].date or "", kv[1].id))
    curated = _curated(found.roots, snapshot, rebuild or "curated.json" in plan.drop, report, store.root)

    with _stage(report, "extract") as stage:
        directory = Directory.build([n for _, n in ordered], curated.get("people"))
        names, lower, firsts = directory.surface_forms()
        fingerprint = hashlib.sha256(json.dumps([names, lower, firsts, EXTRACTOR_VERSION])
                                     .encode()).hexdigest()[:16]
        cache = {} if rebuild or snapshot is None or "extractions.json" in plan.drop else \
            snapshot.read_json("extractions.json", default={})
        stale = _stale_forms(snapshot.read_json("forms.json", default={}) if cache and
                             "forms.json" not in plan.drop else {}, [names, lower, firsts])
        nlp = None
        extractions: dict[str, Extraction] = {}
        reused: dict[str, dict[str, Any]] = {}
        for path, note in ordered:
            sha = new_files[file_of(path, new_files)].get("sha256")
            cached = cache.get(path)
            if cached and cached.get("sha256") == sha and (
                    cached.get("fingerprint") == fingerprint or unaffected(note, cached, stale)):
                extraction = Extraction.from_dict(cached["data"])
                extraction.note_id = note.id
                reused[path] = cached
            else:
                if nlp is None:
                    from kg.nlp import build_pipeline  # spaCy loads only when needed

                    nlp = build_pipeline(names, lower, firsts)
                began = time.process_time()
                try:
                    with deadline(FILE_SECONDS - spent.get(path, 0.0), budget=FILE_SECONDS):
                        extraction = extract_note(note, nlp)
                except Exception as exc:  # rejected like a file that cannot be parsed
                    _drop(file_of(path, new_files), note, _reason(exc, note.source, report), parsed,
                          (old_files, new_files), report)
                    continue
                finally:
                    report.file_seconds[note.source] = spent.get(path, 0.0) + time.process_time() - began
                stage.count += 1
            extractions[path] = extraction
        ordered = [(path, note) for path, note in ordered if path in extractions
                   and not new_files[file_of(path, new_files)].get("reason")]  # a day failed: all go
        notes = dict(ordered)
    crash_point("after-extract")

    with _stage(report, "resolve") as stage:
        catalog = ProjectCatalog.build([n for _, n in ordered], list(extractions.values()),
                                       directory, curated.get("projects"))
        owners = repo_owners(extractions.values())
        stage.count = len(directory.people) + len(catalog.projects)

    with _stage(report, "graph") as stage:
        mark_reported_done([n for _, n in ordered], [extractions[p] for p, _ in ordered])
        unresolved: list[Unresolved] = []
        sentences: dict[str, list[list[Any]]] = {}
        graph = build_graph([n for _, n in ordered], [extractions[p] for p, _ in ordered],
                            directory, catalog, owners, unresolved, sentences)
        records = [meeting_record(graph, note) for _, note in ordered]
        stage.count = graph.number_of_nodes()

    roots = sorted((set(found.roots) - set(checkouts)) | {c["spec"] for c in checkouts.values()}
                   | set([] if rebuild else manifest.get("roots", [])))
    with store.transaction() as txn:
        with _stage(report, "index") as stage:
            docs = section_documents(graph, [n for _, n in ordered])
            previous = snapshot.path / "index" if snapshot is not None and not rebuild and \
                not plan.index else None
            old_digests = snapshot.read_json("index.json", default={}) if previous else None
            digests = write_index(txn.dir("index"), docs, previous, old_digests,
                                  verified=True)  # the repair plan checked its signature
            stage.count = len(docs)
        crash_point("after-index")
        with _stage(report, "write") as stage:
            txn.write_json("notes.json", {  # unchanged notes are written back as they were read
                path: {**raw_notes[path], "id": note.id}
                if path in raw_notes and file_of(path, new_files) not in parsed
                else note.to_dict() for path, note in ordered})
            crash_point("mid-write")
            txn.write_json("extractions.json", {
                path: {**reused[path], "fingerprint": fingerprint,
                       "data": {**reused[path]["data"], "note_id": note.id}}
                if path in reused else
                {"sha256": new_files[file_of(path, new_files)].get("sha256"), "fingerprint": fingerprint,
                 "data": extractions[path].to_dict()} for path, note in ordered})
            txn.write_json("forms.json", {"fingerprint": fingerprint, "version": EXTRACTOR_VERSION,
                                          "forms": [names, lower, firsts]})
            txn.write_json("graph.json", to_json(graph))
            txn.write_json("entities.json", entity_rows(graph))
            txn.write_json("meetings.json", records)
            txn.write_json("unresolved.json", [asdict(u) for u in unresolved])
            txn.write_json("sentences.json", sentences)
            txn.write_json("curated.json", curated)
            txn.write_json("index.json", digests)
            txn.write_json("manifest.json", {"format": 1, "checksums": CHECKSUMS,
                                             "parser_version": PARSER_VERSION,
                                             "files": new_files, "roots": roots,
                                             "git": git_sources,
                                             "curated_sha": curated.get("sha")})
            stage.count = len(ordered)
    report.written = True
    report.meetings = len(notes)
    report.people = len(directory.people)
    report.projects = len(catalog.projects)
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class StaleForms:
    """The people matcher's forms (:meth:`Directory.surface_forms`) added or dropped since
    the extractions fingerprinted *fingerprint* were made, each as its lower-case words."""

    fingerprint: str
    words: list[list[str]]


def _stale_forms(stored: dict[str, Any], forms: list[list[str]]) -> StaleForms | None:
    """What changed between the forms of the previous generation and *forms*; ``None``
    when the previous ones are not known (every stale extraction is made again)."""
    try:
        before = [set(kind) for kind in stored["forms"]]
        fingerprint = str(stored["fingerprint"])
    except (KeyError, TypeError):
        return None
    if len(before) != len(forms) or stored.get("version") != EXTRACTOR_VERSION:
        return None
    changed = set().union(*(old ^ set(new) for old, new in zip(before, forms, strict=True)))
    return StaleForms(fingerprint, [re.findall(r"\w+", form.lower()) for form in sorted(changed)])


def unaffected(note: Note, cached: dict[str, Any], stale: StaleForms | None) -> bool:
    """Whether a note's extraction made with the previous forms is the one the new forms make.

    The people matcher finds a form only where each of its words begins a
    word of the text (``Ines`` in ``Ines``, ``InesD`` or ``2Ines``, not in
    ``lines``), so a note whose text holds none of the added or dropped forms
    in whole extracts the same with the new forms as with the previous ones.

    >>> from kg.parse import parse_text
    >>> note = parse_text("# Call\\n\\n## Sync\\nLena fixed it.\\n", "n.md")
    >>> stale = StaleForms("f1", [["bob"], ["lena", "hofmann"]])
    >>> unaffected(note, {"fingerprint": "f1"}, stale), unaffected(note, {"fingerprint": "f0"}, stale)
    (True, False)
    >>> unaffected(note, {"fingerprint": "f1"}, StaleForms("f1", [["lena"]]))
    False
    >>> unaffected(note, {"fingerprint": "f1"}, StaleForms("f1", [["ena"], ["ixed"]]))
    True
    """
    if stale is None or cached.get("fingerprint") != stale.fingerprint:
        return False
    if not stale.words:
        return True
    text = "\n".join([s.heading for s in note.sections] + [
        p.text for s in note.sections for p in s.paragraphs]).lower().replace("\u2019", "'")
    return not any(not words or all(w in text and _word_start(w).search(text) for w in words)
                   for words in stale.words)


@functools.lru_cache(maxsize=4096)
def _word_start(word: str) -> re.Pattern[str]:
    """*word* where it is not preceded by a letter of the alphabet (the tokenizer splits
    words of other scripts in places of its own: there any place may begin a word)."""
    return re.compile(r"(?<![a-z])" + re.escape(word))


def _parse_one(data: bytes, source: str) -> list[Note]:
    """Parse one file within its time budget (:data:`kg.limits.FILE_SECONDS`).

    Parsing builds a new note from the file's bytes and changes nothing
    shared, so the budget may interrupt it anywhere (see :func:`kg.limits.deadline`).
    """
    with deadline(FILE_SECONDS, interrupt=True):
        return days_of(parse_bytes(data, source), data)


_DAY_KEY_RE = re.compile(r"(.+)#day-\d+")


def day_keys(path: str, meetings: list[Note]) -> dict[str, Note]:
    """The store's keys for the meetings read from the file at *path*: the path itself for a
    note of one meeting, ``path#day-N`` for day N of a note that covers several.

    >>> from kg.model import Note
    >>> list(day_keys("/n/summit.md", [Note("a", "a"), Note("a", "a")]))
    ['/n/summit.md#day-1', '/n/summit.md#day-2']
    """
    if len(meetings) == 1:
        return {path: meetings[0]}
    return {f"{path}#day-{number}": note for number, note in enumerate(meetings, start=1)}


def file_of(key: str, files: dict[str, Any]) -> str:
    """The file a meeting's key (see :func:`day_keys`) was read from."""
    if key in files:
        return key
    match = _DAY_KEY_RE.fullmatch(key)
    return match.group(1) if match else key


def _reason(exc: Exception, source: str, report: IngestReport) -> str:
    """The one-line reason a file is rejected for *exc*; the traceback is kept for ``--debug``."""
    if isinstance(exc, RejectedInput | OverBudget):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    report.errors.append((source, "".join(traceback.format_exception(exc))))
    message = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
    return f"could not be read: {type(exc).__name__}" + (f": {message}" if message else "")


def _drop(path: str, note: Note, reason: str, parsed: dict[str, list[Note] | None],
          files: tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]],
          report: IngestReport) -> None:
    """Take a note that failed after parsing out of this ingest, as a rejected file.

    *files* are the manifest's entries before and after this ingest.
    """
    old_files, new_files = files
    entry = new_files[path]
    if entry.get("reason"):  # another day of the same note failed first
        return
    was_in_store = bool(old_files.get(path)) and not old_files[path].get("reason")
    if parsed.get(path) is not None:  # parsed in this ingest: counted as added or updated
        if was_in_store:
            report.updated -= 1
            report.removed += 1
        else:
            report.added -= 1
    else:
        report.unchanged -= 1
        report.removed += 1
    new_files[path] = {**entry, "reason": reason}
    parsed[path] = None
    report.rejected.append(Rejected(note.source, reason))


CURATED_FILES = {"people": ("people.yaml", "people.yml"), "projects": ("projects.yaml", "projects.yml")}


def _curated(roots: list[str], snapshot: Snapshot | None, rebuild: bool, report: IngestReport,
             store_root: Path | None = None) -> dict[str, Any]:
    """The curated ``people.yaml`` and ``projects.yaml`` found beside the notes.

    Files found now replace those of earlier ingests; otherwise the earlier
    ones are kept.  A ``people.yaml`` in the store folder itself (written by
    the app's merge form) is added to them, and wins.
    """
    kept = {} if rebuild or snapshot is None else snapshot.read_json("curated.json", default={})
    result: dict[str, Any] = {"people": kept.get("notes_people", kept.get("people", [])),
                              "projects": kept.get("projects", [])}
    digest = hashlib.sha256()
    for kind, names in CURATED_FILES.items():
        for root in roots:
            folder = root if os.path.isdir(root) else os.path.dirname(root)
            for name in names:
                path = os.path.join(folder, name)
                if not os.path.isfile(path):
                    continue
                try:
                    with open(path, "rb") as handle:
                        raw = handle.read()
                    digest.update(raw)
                    data = load_yaml(raw, MAX_CURATED_YAML)
                except (OSError, yaml.YAMLError) as exc:
                    report.warnings.append((path, f"curated file ignored: {exc}".splitlines()[0]))
                    continue
                if isinstance(data, dict):
                    data = data.get(kind, [])
                if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
                    report.warnings.append((path, "curated file ignored: expected a list of entries"))
                    continue
                result[kind] = data
    result["notes_people"] = result["people"]  # the store's own file is read afresh each time
    if store_root is not None:
        own = Path(store_root) / "people.yaml"
        if own.is_file():
            try:
                raw = own.read_bytes()
                extra = load_yaml(raw, MAX_CURATED_YAML) or []
                if isinstance(extra, list):
                    digest.update(raw)
                    names = {str(e.get("name")) for e in extra if isinstance(e, dict)}
                    result["people"] = [e for e in result["people"] if str(e.get("name")) not in names]
                    result["people"] += [e for e in extra if isinstance(e, dict)]
            except (OSError, yaml.YAMLError) as exc:
                report.warnings.append((str(own), f"curated file ignored: {exc}".splitlines()[0]))
    result["sha"] = digest.hexdigest() if result["people"] or result["projects"] else None
    return result
