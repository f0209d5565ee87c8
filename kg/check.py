"""The store's self-check (``kg check``) and what an ingest rebuilds when it finds damage.

Every generation records the size and sha256 of each file it wrote
(``checksums.json``, see :mod:`kg.store`).  Readers compare sizes each
time they open a generation, which is cheap; ``kg check`` and every ingest
also compare hashes and the search index's signature (:mod:`kg.index`).
A damaged store is never read as if it were whole: readers stop with one
line naming the damage, and the next ingest rebuilds what it names:

- the notes (``notes.json``), the manifest or the checksums themselves:
  every note is read again from its source folders (those given, and
  those the manifest still names);
- the search index, or an index this installation did not sign: the
  whole index is written again;
- the extraction cache (and the matcher forms it was made with) or the curated
  files: recomputed, re-read;
- everything else (graph, meetings, sentences ...) is rewritten by any
  ingest anyway.

A generation written before generations recorded their checksums (its
manifest does not name ``checksums.json``) is not damaged but unverified:
it is read as it is, and the next ingest rebuilds it from the notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from kg.index import UntrustedIndex, verify_index
from kg.store import CHECKSUMS, CURRENT, Damage, Snapshot, Store, StoreError

#: Files an ingest rebuilds without reading the notes again, and what it does for them.
REBUILT = {"graph.json", "meetings.json", "unresolved.json", "sentences.json", "index.json",
           "extractions.json", "curated.json", "forms.json", "entities.json"}


@dataclass
class StoreCheck:
    """What :func:`check_store` found; ``to_dict()`` is ``kg check --json``."""

    store: str
    generation: str | None = None
    files: int = 0
    damage: list[Damage] = field(default_factory=list)
    index: str = "none"  # "signed", or why it is not trusted
    verified: bool = True  # False: written before generations recorded checksums

    @property
    def ok(self) -> bool:
        return not self.damage

    def to_dict(self) -> dict[str, Any]:
        return {"store": self.store, "generation": self.generation, "ok": self.ok,
                "files": self.files, "damaged": [d.to_dict() for d in self.damage],
                "index": self.index, "verified": self.verified}


def check_store(store: Store, hashes: bool = True) -> StoreCheck:
    """Check the current generation: every file's size (and sha256) and the index's signature."""
    result = StoreCheck(str(store.root))
    try:
        snapshot = store.snapshot()
    except StoreError:
        result.damage = [Damage(CURRENT, "content")]
        return result
    if snapshot is None:
        return result
    result.generation = snapshot.name
    result.damage = snapshot.check(hashes=hashes)
    result.verified = snapshot.verified()
    result.files = _recorded(snapshot)
    if (snapshot.path / "index").is_dir():
        try:
            verify_index(snapshot.path / "index")
            result.index = "signed"
        except UntrustedIndex as exc:
            result.index = str(exc)
    return result


def _recorded(snapshot: Snapshot) -> int:
    try:
        return len(orjson.loads((snapshot.path / CHECKSUMS).read_bytes())["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


@dataclass
class RepairPlan:
    """What an ingest must rebuild before it can trust the store it builds on."""

    damage: list[Damage] = field(default_factory=list)
    rebuild: bool = False  # read every note again (the notes or the manifest are damaged)
    roots: list[str] = field(default_factory=list)  # the folders to read them from
    drop: set[str] = field(default_factory=set)  # files not to reuse (caches, curated)
    index: bool = False  # write the whole index again

    @property
    def repaired(self) -> list[str]:
        return [d.file for d in self.damage]


def repair_plan(store: Store) -> RepairPlan:
    """Check the store (hashes included) and say what the coming ingest must rebuild.

    Call under the store's lock: a damaged ``CURRENT`` is pointed back at the
    newest complete generation first.
    """
    plan = RepairPlan(damage=store.recover())
    checked = check_store(store)
    plan.damage += checked.damage
    if checked.generation is None:
        return plan
    names = {d.file for d in checked.damage}
    plan.index = checked.index != "signed" or any(n == "index.json" or n.startswith("index/")
                                                  for n in names)
    if plan.index and checked.index != "signed" and not names:
        plan.damage.append(Damage("index", "signature"))
    plan.drop = names & REBUILT
    if not checked.verified:  # written before checksums: read every note again, quietly
        plan.rebuild = plan.index = True
        plan.roots = salvage_roots(store)
    if names - REBUILT - {"index.json"} - {n for n in names if n.startswith("index/")}:
        plan.rebuild = True
        plan.roots = salvage_roots(store)
    return plan


def salvage_roots(store: Store) -> list[str]:
    """The folders and sources a store was ingested from, read even from a damaged store
    (empty when its manifest is unreadable)."""
    try:
        snapshot = store.snapshot()
        manifest = orjson.loads((snapshot.path / "manifest.json").read_bytes()) if snapshot else {}
        roots = manifest.get("roots", [])
        return [str(r) for r in roots] if isinstance(roots, list) else []
    except (StoreError, OSError, ValueError, AttributeError):
        return []
