"""Score what kg reads from the notes of other communities against hand-written gold.

For each corpus in ``../shared/corpus`` with a gold file ``eval/gold/<corpus>.yaml``, the
corpus is ingested into a fresh store and each annotated note's meeting record
(``kg meetings --json``) is compared with the gold: date, chair, attendees, speakers,
people mentioned, issue references, action items and decisions.  People are compared by
canonical name through the corpus's ``gold/people.json`` (any listed spelling counts); an
action item is right when it shares an owner with a gold one and sits within two lines
of it; a decision when it sits within three lines of a gold one.

    python eval/community.py [-v] [CORPUS ...]

When ``../shared/corpus`` is absent this prints that it skipped and exits 0.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from kg import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "eval" / "gold"
CORPORA = ("wasm-cg-2023", "ethereum-acd")
MEASURES = ("attendees", "speakers", "people_mentioned", "issues", "action_items", "decisions")


def norm(text: str) -> str:
    """Lower case, no accents, words only (as the shared scorer compares names)."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9#/]+", " ", text.lower()).strip()


class Names:
    """Any spelling of a person -> the gold canonical key."""

    def __init__(self, path: Path):
        self.key: dict[str, str] = {}
        people = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        for person in people:
            canon = norm(person["name"])
            self.key[canon] = canon
            for alias in person.get("aliases", []):
                self.key.setdefault(norm(alias), canon)

    def __call__(self, name: str) -> str:
        return self.key.get(norm(name), norm(name))


class Tally:
    """True positives, predictions and gold items per measure."""

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        self.misses: list[str] = []

    def add(self, measure: str, predicted: set, gold: set, where: str) -> None:
        row = self.counts[measure]
        row[0] += len(predicted & gold)
        row[1] += len(predicted)
        row[2] += len(gold)
        for item in sorted(map(str, gold - predicted)):
            self.misses.append(f"{where}: {measure} missed {item}")
        for item in sorted(map(str, predicted - gold)):
            self.misses.append(f"{where}: {measure} not in gold {item}")

    def prf(self, measure: str) -> tuple[float, float, float]:
        tp, npred, ngold = self.counts[measure]
        p = tp / npred if npred else (1.0 if not ngold else 0.0)
        r = tp / ngold if ngold else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _matched(predicted: list[tuple[set[str], int]], gold: list[tuple[set[str], int]], slack: int,
             need_owner: bool) -> tuple[set[int], set[int]]:
    """Pair predicted and gold items by line (and owner); returns the matched indexes."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    for gi, (owners, line) in enumerate(gold):
        for pi, (p_owners, p_line) in enumerate(predicted):
            if pi in used_p or abs(p_line - line) > slack:
                continue
            if need_owner and owners and not (owners & p_owners):
                continue
            used_p.add(pi)
            used_g.add(gi)
            break
    return used_p, used_g


def score_note(tally: Tally, record: dict[str, Any], gold: dict[str, Any], people: Names) -> None:
    where = gold["file"]
    tally.counts["dates"][1] += 1
    tally.counts["dates"][2] += 1
    if str(gold.get("date")) == record.get("date"):
        tally.counts["dates"][0] += 1
    else:
        tally.misses.append(f"{where}: date {record.get('date')} (gold {gold.get('date')})")
    if gold.get("chair"):
        tally.add("chair", {people(record["chair"])} if record.get("chair") else set(),
                  {people(gold["chair"])}, where)
    for measure in ("attendees", "speakers", "people_mentioned"):
        tally.add(measure, {people(n) for n in record.get(measure, [])},
                  {people(n) for n in gold.get(measure, [])}, where)
    tally.add("issues", {norm(i) for i in record.get("issues", [])},
              {norm(i) for i in gold.get("issues", [])}, where)
    for measure, key, slack, need_owner in (("action_items", "actions", 2, True),
                                            ("decisions", "decisions", 3, False)):
        predicted = [({people(o) for o in a.get("owners", [])}, int(a["line"]))
                     for a in record.get(key, [])]
        wanted = [({people(o) for o in g.get("owners", [])}, int(g["line"]))
                  for g in gold.get(measure, []) or []]
        used_p, used_g = _matched(predicted, wanted, slack, need_owner)
        row = tally.counts[measure]
        row[0] += len(used_g)
        row[1] += len(predicted)
        row[2] += len(wanted)
        for gi, g in enumerate(gold.get(measure, []) or []):
            if gi not in used_g:
                tally.misses.append(f"{where}:{g['line']} {measure} missed: {g.get('what')}")
        for pi, a in enumerate(record.get(key, [])):
            if pi not in used_p:
                tally.misses.append(f"{where}:{a['line']} {measure} not in gold: {a.get('text', '')[:80]}")


def evaluate(corpus: str, verbose: bool) -> dict[str, tuple[float, float, float]]:
    gold = yaml.safe_load((GOLD / f"{corpus}.yaml").read_text(encoding="utf-8"))
    people = Names(SHARED / corpus / "gold" / "people.json")
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase.open(Path(tmp) / "store", create=True)
        kb.ingest([SHARED / corpus])
        records = {Path(m["source"]).name: m for m in kb.meetings()}
    tally = Tally()
    for note in gold["notes"]:
        record = records.get(note["file"])
        if record is None:
            tally.misses.append(f"{note['file']}: not ingested")
            continue
        score_note(tally, record, note, people)
    print(f"\n{corpus}: {len(gold['notes'])} hand-annotated notes")
    print(f"  {'measure':18} {'precision':>9} {'recall':>7} {'F1':>6}")
    results = {}
    for measure in ("dates", "chair", *MEASURES):
        if measure not in tally.counts:
            continue
        p, r, f = tally.prf(measure)
        results[measure] = (p, r, f)
        print(f"  {measure:18} {p:9.3f} {r:7.3f} {f:6.3f}")
    if verbose:
        for miss in tally.misses:
            print("  MISS", miss)
    else:
        print(f"  ({len(tally.misses)} differences; run with -v to list them)")
    return results


def main(argv: list[str]) -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: evaluation of other communities skipped.")
        return 0
    verbose = "-v" in argv
    names = [a for a in argv if not a.startswith("-")] or list(CORPORA)
    for corpus in names:
        if (SHARED / corpus).is_dir() and (GOLD / f"{corpus}.yaml").is_file():
            evaluate(corpus, verbose)
        else:
            print(f"{corpus}: no notes or no gold here, skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
