"""The store's own ``people.yaml``: what the Manage page and ``kg people`` say about people.

The file is a list of entries, the same shape as a ``people.yaml`` beside the notes:

- ``{name, aliases}``: these written forms are this person (a merge);
- ``{not_people: [...]}``: mentions that name nobody;
- ``{distinct: [...]}``: names of different people, never merged into one.

Undoing a merge removes the alias from its person and records the two names as
distinct, so that the automatic merging does not join them again either.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "people.yaml"
>>> merge(path, "Bobby", "Bob Okafor"); merge(path, "Rob", "Bob Okafor")
>>> separate(path, "Bobby", "Bob Okafor")
>>> print(path.read_text(encoding="utf-8"), end="")
- name: Bob Okafor
  aliases:
  - Rob
- distinct:
  - Bobby
  - Bob Okafor
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from kg.limits import MAX_CURATED_YAML, load_yaml
from kg.store import StoreError


def load(path: Path) -> list[dict[str, Any]]:
    """The entries of *path* (none when it does not exist); a file that is not YAML is an error."""
    if not path.is_file():
        return []
    try:
        entries = load_yaml(path.read_bytes(), MAX_CURATED_YAML)
    except (OSError, yaml.YAMLError) as exc:
        raise StoreError(f"cannot read {path}: {str(exc).splitlines()[0]}") from exc
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def save(path: Path, entries: list[dict[str, Any]]) -> None:
    """Write *entries* to *path* atomically (a reader sees the old file or the new one)."""
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    os.replace(tmp, path)


def _same(a: Any, b: str) -> bool:
    return str(a).strip().casefold() == b.strip().casefold()


def merge(path: Path, alias: str, name: str) -> None:
    """Record that *alias* is the person *name*; a ``distinct:`` pair of the two goes."""
    entries = load(path)
    entry = next((e for e in entries if e.get("name") == name), None)
    if entry is None:
        entry = {"name": name, "aliases": []}
        entries.append(entry)
    entry["aliases"] = [a for a in entry.get("aliases") or [] if not _same(a, alias)] + [alias.strip()]
    for other in entries:
        group = other.get("distinct")
        if isinstance(group, list) and any(_same(n, alias) for n in group) and \
                any(_same(n, name) for n in group):
            other["distinct"] = [n for n in group if not _same(n, alias)]
    save(path, [e for e in entries if not ("distinct" in e and len(e["distinct"] or []) < 2)])


def separate(path: Path, alias: str, name: str) -> None:
    """Undo a merge: *alias* is not the person *name* (whether a curated alias or kg's own
    merge joined them)."""
    entries = load(path)
    for entry in entries:
        if entry.get("name") == name and isinstance(entry.get("aliases"), list):
            entry["aliases"] = [a for a in entry["aliases"] if not _same(a, alias)]
    pair = [alias.strip(), name.strip()]
    known = any(isinstance(e.get("distinct"), list) and all(any(_same(n, p) for n in e["distinct"])
                                                            for p in pair) for e in entries)
    if not known:
        entries.append({"distinct": pair})
    save(path, entries)


def not_a_person(path: Path, text: str) -> None:
    """Record that the mention *text* names nobody."""
    entries = load(path)
    entry = next((e for e in entries if "not_people" in e), None)
    if entry is None:
        entry = {"not_people": []}
        entries.append(entry)
    entry["not_people"] = [t for t in entry.get("not_people") or [] if t != text] + [text.strip()]
    save(path, entries)


def not_people(path: Path) -> set[str]:
    """The mentions recorded as naming nobody (an unreadable file records none)."""
    try:
        entries = load(path)
    except StoreError:
        return set()
    return {str(t) for e in entries for t in e.get("not_people") or []}
