"""Find the note files under the paths given to ``kg ingest``.

Folders are walked recursively (symbolic links followed, loops detected);
hidden files and folders (``.git``) are passed over, and only files with a
note extension (.md .markdown .txt .html .htm) are kept.  Paths that cannot
be used are returned as :class:`~kg.model.Rejected` with a one-line reason.
"""

from __future__ import annotations

import errno
import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import Rejected
from kg.parse import NOTE_EXTENSIONS


@dataclass(frozen=True)
class SourceFile:
    """A note file found on disk: its absolute path, the path as the user
    gave it (``source``), and what ``stat`` said of it."""

    path: str
    source: str
    size: int
    mtime_ns: int


@dataclass
class Discovery:
    """What :func:`discover` found under the given roots."""

    files: list[SourceFile] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "no such file (broken symbolic link?)"
    if exc.errno == errno.EACCES:
        return "unreadable: permission denied"
    return f"unreadable: {(exc.strerror or type(exc).__name__).lower()}"


def _display(root_given: str, root_abs: str, path: str) -> str:
    relative = os.path.relpath(path, root_abs)
    return os.path.normpath(os.path.join(root_given, relative))


def _wanted(relative: str, display: str, include: list[str], exclude: list[str]) -> bool:
    names = (relative, display)
    if include and not any(fnmatch.fnmatchcase(n, p) for n in names for p in include):
        return False
    return not any(fnmatch.fnmatchcase(n, p) for n in names for p in exclude)


def discover(paths: Iterable[str | os.PathLike[str] | tuple[str, ...]],
             include: list[str] | None = None, exclude: list[str] | None = None) -> Discovery:
    """Return the note files under *paths*, sorted by path, and what was rejected.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "a.md").write_text("# Hi"); _ = (root / "b.png").write_bytes(b"x")
    >>> [f.source.endswith("a.md") for f in discover([root]).files]
    [True]
    """
    found = Discovery()
    seen: set[str] = set()

    def add(path: str, source: str, explicit: bool, confine: str | None = None) -> None:
        try:
            info = os.stat(path)
        except OSError as exc:
            found.rejected.append(Rejected(source, _reason(exc)))
            return
        real = os.path.realpath(path)
        if confine is not None and not _inside(real, confine):
            found.rejected.append(Rejected(source, "symbolic link to outside the repository: skipped"))
            return
        if real in seen:
            return
        seen.add(real)
        found.files.append(SourceFile(os.path.abspath(path), source, info.st_size,
                                      info.st_mtime_ns))

    include, exclude = list(include or []), list(exclude or [])
    for item in paths:
        confine = None
        if isinstance(item, tuple):  # (the name to show, the folder on disk[, the checkout])
            given, absolute = item[0], os.path.abspath(item[1])
            confine = os.path.realpath(item[2]) if len(item) > 2 else None
        else:
            given = os.fspath(item)
            absolute = os.path.abspath(given)
        try:
            info = os.stat(absolute)
        except OSError as exc:
            reason = "no such file or folder" if exc.errno == errno.ENOENT else _reason(exc)
            found.rejected.append(Rejected(given, reason))
            continue
        found.roots.append(absolute)
        if not os.path.isdir(absolute):
            if Path(absolute).suffix.lower() not in NOTE_EXTENSIONS:
                kinds = " ".join(sorted(NOTE_EXTENSIONS))
                found.rejected.append(Rejected(given, f"not a note file type (expected {kinds})"))
            else:
                add(absolute, os.path.normpath(given), True)
            continue
        visited = {(info.st_dev, info.st_ino)}
        for folder, subfolders, files in os.walk(absolute, followlinks=True,
                                                 onerror=lambda exc: None):
            keep = []
            for name in sorted(subfolders):
                if name.startswith((".", "_site", "node_modules")):
                    continue
                sub = os.path.join(folder, name)
                try:
                    sub_info = os.stat(sub)
                except OSError as exc:
                    found.rejected.append(Rejected(_display(given, absolute, sub), _reason(exc)))
                    continue
                key = (sub_info.st_dev, sub_info.st_ino)
                if confine is not None and not _inside(os.path.realpath(sub), confine):
                    found.rejected.append(Rejected(_display(given, absolute, sub),
                                                   "symbolic link to outside the repository: skipped"))
                    continue
                if key in visited:
                    found.rejected.append(
                        Rejected(_display(given, absolute, sub), "symbolic link loop: skipped")
                    )
                    continue
                if not os.access(sub, os.R_OK | os.X_OK):
                    found.rejected.append(
                        Rejected(_display(given, absolute, sub), "unreadable: permission denied")
                    )
                    continue
                visited.add(key)
                keep.append(name)
            subfolders[:] = keep
            for name in sorted(files):
                if name.startswith(".") or Path(name).suffix.lower() not in NOTE_EXTENSIONS:
                    continue
                path = os.path.join(folder, name)
                display = _display(given, absolute, path)
                relative = os.path.relpath(path, absolute).replace(os.sep, "/")
                if _wanted(relative, display, include, exclude):
                    add(path, display, False, confine)
    found.files.sort(key=lambda f: f.path)
    return found


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def under_roots(path: str, roots: list[str]) -> bool:
    """Whether absolute *path* is one of *roots* or inside one of them."""
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)
