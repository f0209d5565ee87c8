"""The on-disk store: atomic generations of JSON files (and later the index).

A store is a folder (``--store``, ``KG_STORE`` or ``./.kg``)::

    .kg/
      KG_STORE          marker: this folder is a kg store
      CURRENT           the name of the generation readers should use
      gen-000007/       one complete, immutable state: manifest.json, notes.json, ...
      lock              held by the one ingest that may write

An ingest writes a whole new generation into a temporary folder, renames it
into place and only then switches ``CURRENT`` with an atomic rename.  A
process killed at any point therefore leaves ``CURRENT`` naming a complete
generation, and a reader that resolved ``CURRENT`` keeps a consistent view
even while an ingest runs.  Everything is JSON (written and read with orjson): nothing is unpickled.

>>> import tempfile
>>> store = Store.open(tempfile.mkdtemp() + "/s", create=True)
>>> with store.transaction() as txn:
...     txn.write_json("manifest.json", {"files": {}})
>>> store.snapshot().read_json("manifest.json")
{'files': {}}
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

MARKER = "KG_STORE"
CURRENT = "CURRENT"
STORE_FORMAT = 1
KEEP_GENERATIONS = 2
LOCK_WAIT = 600.0  # seconds a second writer waits for the first


class StoreError(Exception):
    """The store is missing, damaged, locked or not a kg store."""


def default_store_path() -> Path:
    """``$KG_STORE`` if set, else ``./.kg``."""
    return Path(os.environ.get("KG_STORE") or ".kg")


def crash_point(name: str) -> None:
    """Kill this process at the named point when ``KG_CRASH_AT`` asks for it.

    Used by the tests that check that a killed ingest leaves the previous
    store intact; a no-op otherwise.
    """
    if os.environ.get("KG_CRASH_AT") == name:
        os.kill(os.getpid(), 9)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write *data* as JSON to *path* through a temporary file and a rename."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(orjson.dumps(data))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


CHECKSUMS = "checksums.json"


@dataclass(frozen=True)
class Damage:
    """A file of a generation that is not as it was written: ``missing``, ``size``,
    ``content`` (its sha256 differs) or ``unreadable``."""

    file: str
    problem: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "problem": self.problem}


def damaged_message(damage: list[Damage]) -> str:
    """The one line a damaged store gives, naming what is damaged.

    >>> damaged_message([Damage("graph.json", "size"), Damage("index/_MAIN_1.toc", "content")])
    'the store is damaged: graph.json, index/_MAIN_1.toc; run kg ingest --repair'
    """
    names = ", ".join(d.file for d in damage[:5]) + (", ..." if len(damage) > 5 else "")
    return f"the store is damaged: {names}; run kg ingest --repair"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path) -> list[str]:
    """Every file under *folder* but the checksums, as relative POSIX paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.name != CHECKSUMS and not p.name.endswith("LOCK"))


def write_checksums(folder: Path, base: Path | None = None) -> None:
    """Record the size and sha256 of every file of a generation, in ``checksums.json``.

    A file hard-linked from the *base* generation (the index files an ingest
    keeps) takes the sha256 recorded there instead of being read again: were
    that file changed since, the recorded hash would say so at the next check.
    """
    known = _linked_checksums(folder, base) if base is not None else {}
    files = {name: known.get(name) or {"size": (folder / name).stat().st_size,
                                       "sha256": _sha256(folder / name)}
             for name in _files(folder)}
    with open(folder / CHECKSUMS, "wb") as handle:
        handle.write(orjson.dumps({"format": 1, "files": files}))
        handle.flush()
        os.fsync(handle.fileno())


def _linked_checksums(folder: Path, base: Path) -> dict[str, dict[str, Any]]:
    """The checksums *base* recorded for the files of *folder* that are the same files
    (one inode) as there."""
    try:
        recorded = orjson.loads((base / CHECKSUMS).read_bytes())["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    known = {}
    for name, entry in recorded.items() if isinstance(recorded, dict) else ():
        try:
            here, there = (folder / name).stat(), (base / name).stat()
        except (OSError, ValueError):
            continue
        if (here.st_ino, here.st_dev) == (there.st_ino, there.st_dev) and isinstance(entry, dict) \
                and entry.get("size") == here.st_size:
            known[name] = entry
    return known


class Snapshot:
    """A read-only view of one generation of a store."""

    def __init__(self, path: Path):
        self.path = path

    def verified(self) -> bool:
        """Whether this generation can be checked: ``False`` for one written before
        generations recorded their checksums (its manifest does not say it did)."""
        if (self.path / CHECKSUMS).exists():
            return True
        try:
            manifest = orjson.loads((self.path / "manifest.json").read_bytes())
        except (OSError, ValueError):
            return True  # nothing says it is old: a missing checksums file is damage
        return not isinstance(manifest, dict) or "checksums" in manifest

    def check(self, hashes: bool = False) -> list[Damage]:
        """What is damaged in this generation: each file it recorded is there with
        its size (and, with *hashes*, its sha256); empty when all is well, and for
        a generation written before checksums were recorded (see :meth:`verified`),
        which the next ingest rebuilds."""
        try:
            recorded = orjson.loads((self.path / CHECKSUMS).read_bytes())["files"]
            items = [(str(k), int(v["size"]), str(v["sha256"])) for k, v in recorded.items()]
        except FileNotFoundError:
            return [] if not self.verified() else [Damage(CHECKSUMS, "missing")]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return [Damage(CHECKSUMS, "unreadable")]
        damage = []
        for name, size, sha in items:
            file = self.path / name
            try:
                if file.stat().st_size != size:
                    damage.append(Damage(name, "size"))
                elif hashes and _sha256(file) != sha:
                    damage.append(Damage(name, "content"))
            except FileNotFoundError:
                damage.append(Damage(name, "missing"))
            except OSError:
                damage.append(Damage(name, "unreadable"))
        return damage

    @property
    def name(self) -> str:
        return self.path.name

    def exists(self, name: str) -> bool:
        return (self.path / name).exists()

    def read_json(self, name: str, default: Any = None) -> Any:
        file = self.path / name
        try:
            with open(file, "rb") as handle:
                return orjson.loads(handle.read())
        except FileNotFoundError:
            if default is not None:
                return default
            raise StoreError(damaged_message([Damage(name, "missing")])) from None
        except (OSError, ValueError) as exc:
            raise StoreError(damaged_message([Damage(name, "unreadable")])) from exc


class Transaction:
    """A generation being written; it becomes visible only on :meth:`commit`."""

    def __init__(self, store: Store, base: Snapshot | None):
        self.store = store
        self.base = base
        self.path = store.root / f"tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.path.mkdir()
        self.committed = False

    def write_json(self, name: str, data: Any) -> None:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(orjson.dumps(data))
            handle.flush()
            os.fsync(handle.fileno())

    def dir(self, name: str) -> Path:
        """A sub-folder of the new generation, for data kept as files (the index)."""
        target = self.path / name
        target.mkdir(parents=True, exist_ok=True)
        return target

    def commit(self) -> Snapshot:
        """Make the new generation the current one, atomically."""
        crash_point("before-rename")
        write_checksums(self.path, self.base.path if self.base is not None else None)
        _fsync_dir(self.path)
        number = self.store._next_generation_number()
        final = self.store.root / f"gen-{number:06d}"
        os.rename(self.path, final)
        _fsync_dir(self.store.root)
        crash_point("before-switch")
        self.store._point_at(final)
        self.committed = True
        crash_point("after-switch")
        self.store._collect_garbage()
        return Snapshot(final)

    def abort(self) -> None:
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)


def _acquire(handle: Any, wait: float, on_wait: Callable[[], None] | None, root: Path) -> None:
    """Take an exclusive ``flock`` on *handle*, polling for up to *wait* seconds."""
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StoreError(f"another ingest is writing to {root} and did not finish within "
                                 f"{wait:.0f} s; try again later") from None
        if not told and on_wait is not None:
            on_wait()
            told = True
        time.sleep(0.1)


class Store:
    """A kg store folder.  Use :meth:`open`, then :meth:`snapshot` to read or
    :meth:`transaction` to write a new generation."""

    def __init__(self, root: Path):
        self.root = root
        self._lock_depth = 0
        #: Called once when :meth:`lock` has to wait for another writer (the CLI says so).
        self.on_wait: Callable[[], None] | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, create: bool = False) -> Store:
        """Open the store at *path*; with ``create=True`` make it if needed.

        Refuses to turn a non-empty folder that is not a store into one.
        """
        root = Path(path) if path is not None else default_store_path()
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root} is not a folder")
        if (root / MARKER).exists():
            return cls(root)
        if (root / CURRENT).exists() or any(root.glob("gen-*")):  # a store that lost its marker
            if not create:
                raise StoreError(damaged_message([Damage(MARKER, "missing")]))
            (root / MARKER).write_text(f"kg store, format {STORE_FORMAT}\n", encoding="utf-8")
            return cls(root)
        if not create:
            if root.exists() and any(root.iterdir()):
                raise StoreError(f"{root} is not a kg store")
            raise StoreError(f"no store at {root} (run 'kg ingest PATH' first)")
        if root.exists() and any(root.iterdir()):
            raise StoreError(f"{root} is not a kg store and is not empty: refusing to write there")
        root.mkdir(parents=True, exist_ok=True)
        (root / MARKER).write_text(f"kg store, format {STORE_FORMAT}\n", encoding="utf-8")
        return cls(root)

    def current_name(self) -> str | None:
        """The generation ``CURRENT`` names; ``None`` for a store never written."""
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            if self._generations():  # written before, and CURRENT is gone
                raise StoreError(damaged_message([Damage(CURRENT, "missing")])) from None
            return None
        except (OSError, ValueError) as exc:
            raise StoreError(damaged_message([Damage(CURRENT, "unreadable")])) from exc
        if not re.fullmatch(r"gen-\d{6,}", name):
            raise StoreError(damaged_message([Damage(CURRENT, "content")]))
        return name

    def snapshot(self) -> Snapshot | None:
        """The current generation, or ``None`` for a store never written."""
        for _ in range(5):
            name = self.current_name()
            if name is None:
                return None
            path = self.root / name
            if path.is_dir():
                return Snapshot(path)
        raise StoreError(damaged_message([Damage(CURRENT, "content")]))

    def recover(self) -> list[Damage]:
        """Point a damaged ``CURRENT`` at the newest generation whose files are all
        there, else at the newest one, so that an ingest can check and repair the
        rest; returns what was wrong.  Call under :meth:`lock`."""
        try:
            self.snapshot()
            return []
        except StoreError:
            pass
        generations = list(reversed(self._generations()))
        complete = [g for g in generations if not Snapshot(g).check()]
        if complete or generations:
            self._point_at((complete or generations)[0])
        else:
            (self.root / CURRENT).unlink(missing_ok=True)
        return [Damage(CURRENT, "content")]

    @contextlib.contextmanager
    def lock(self, wait: float | None = None) -> Iterator[None]:
        """Hold the store's write lock: one writer at a time, from reading the
        previous state to committing the new one.

        Re-entrant for this object.  Another writer is waited for up to *wait*
        seconds (default ``$KG_LOCK_WAIT``, else 600), then this fails with a
        one-line :class:`StoreError`.
        """
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        if wait is None:
            wait = float(os.environ.get("KG_LOCK_WAIT") or LOCK_WAIT)
        handle = open(self.root / "lock", "a+")  # noqa: SIM115
        try:
            _acquire(handle, wait, self.on_wait, self.root)
            self._lock_depth = 1
            try:
                yield
            finally:
                self._lock_depth = 0
        finally:
            handle.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Write a new generation under the lock; it is committed if the block
        ends normally and discarded otherwise."""
        with self.lock():
            self._remove_stale_temporaries()
            txn = Transaction(self, self.snapshot())
            try:
                yield txn
                if not txn.committed:
                    txn.commit()
            finally:
                txn.abort()

    def _point_at(self, generation: Path) -> None:
        """Make ``CURRENT`` name *generation*, atomically (a file renamed over it)."""
        pointer = self.root / f".{CURRENT}.{uuid.uuid4().hex}.tmp"
        with open(pointer, "w", encoding="utf-8") as handle:
            handle.write(generation.name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer, self.root / CURRENT)
        _fsync_dir(self.root)

    def _generations(self) -> list[Path]:
        return sorted(p for p in self.root.glob("gen-*") if p.is_dir())

    def _next_generation_number(self) -> int:
        numbers = [int(p.name[4:]) for p in self._generations() if p.name[4:].isdigit()]
        return max(numbers, default=0) + 1

    def _remove_stale_temporaries(self) -> None:
        for path in self.root.glob("tmp-*"):
            shutil.rmtree(path, ignore_errors=True)
        for path in self.root.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                path.unlink()

    def _collect_garbage(self) -> None:
        current = self.current_name()
        older = [p for p in self._generations() if p.name != current]
        for path in older[: max(0, len(older) - (KEEP_GENERATIONS - 1))]:
            shutil.rmtree(path, ignore_errors=True)
