"""Score year-in-review drafts against hand-written headlines (``eval/gold/review-*.yaml``).

For each gold file, its corpus in ``../shared/corpus`` is ingested into a fresh store, the
review of its year (or of its ``since``..``until`` span) is drafted, and this prints the
draft's topics, the people credited in each, how many of the period's meetings it cites,
how many of the ten headlines it covers and which credits are wrong.

A headline is covered when one cited sentence, read with the heading of the draft section
it is in, matches an alternative of every keyword group and cites one of the headline's
meetings.  A person credited in a topic section is right when they are among the people of
a headline that section covers; credits in sections that cover no headline are listed as
unchecked.  The other way round, it counts the people of each covered headline whom
no section covering it credits (who did the work but goes unnamed).  People are compared
through the corpus's ``gold/people.json`` (or, for MirageOS, ``eval/gold/notes.yaml``),
so any spelling listed there counts.

    python eval/review.py [-v] [--stores DIR] [GOLD-NAME ...]     # e.g. review-wasm-cg-2023

``--stores DIR`` reuses stores already ingested there, one per corpus, named as the corpus.

Prints that it skipped, and exits 0, when ``../shared/corpus`` is absent.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from kg import KnowledgeBase
from kg.model import Review
from kg.review import build_review

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "eval" / "gold"


def norm(name: str) -> str:
    """Lower case, no accents, words only."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", name.lower()))


def name_table(corpus: Path) -> dict[str, str]:
    """Every known spelling of a person -> their canonical name."""
    people_json = corpus / "gold" / "people.json"
    if people_json.is_file():
        people = json.loads(people_json.read_text(encoding="utf-8"))
    else:
        people = yaml.safe_load((GOLD / "notes.yaml").read_text(encoding="utf-8"))["people"]
    table: dict[str, str] = {}
    for person in people:
        for form in [person["name"], *person.get("aliases", [])]:
            table.setdefault(norm(form), person["name"])
    return table


def canonical(name: str, table: dict[str, str]) -> str:
    return table.get(norm(name), name)


def covers(headline: dict[str, Any], heading: str, text: str, date: str) -> bool:
    """Whether one cited sentence (with its section heading) covers a headline."""
    if date not in {str(d) for d in headline["meetings"]}:
        return False
    read = f"{heading} {text}"
    return all(any(re.search(alt, read, re.I) for alt in group) for group in headline["keywords"])


def score(review: Review, gold: dict[str, Any], table: dict[str, str]) -> dict[str, Any]:
    """Coverage of the headlines and the rightness of each credit."""
    covered: dict[str, list[str]] = {}
    right, wrong, unchecked = [], [], []
    for section in review.sections:
        found = {h["id"] for h in gold["headlines"] for s in section.sentences
                 if covers(h, section.title, s.text, s.citation.meeting)}
        for hid in found:
            covered.setdefault(hid, []).append(section.title)
        allowed = {canonical(p, table) for h in gold["headlines"] if h["id"] in found for p in h["people"]}
        for person in section.people:
            name = canonical(person, table)
            if not found:
                unchecked.append(f"{name} ({section.title})")
            elif name in allowed:
                right.append(name)
            else:
                wrong.append(f"{name} ({section.title})")
    missed = _uncredited(review, gold, table, covered)
    return {"covered": covered, "right": right, "wrong": wrong, "unchecked": unchecked, "missed": missed}


def _uncredited(review: Review, gold: dict[str, Any], table: dict[str, str],
                covered: dict[str, list[str]]) -> dict[str, list[str]]:
    """For each covered headline, its people whom no section covering it credits: the other
    side of the credits, who did the work but goes unnamed."""
    people = {s.title: {canonical(p, table) for p in s.people} for s in review.sections}
    missed = {}
    for headline in gold["headlines"]:
        if headline["id"] in covered:
            named = set().union(*(people[t] for t in covered[headline["id"]]))
            missed[headline["id"]] = [p for p in (canonical(q, table) for q in headline["people"])
                                      if p not in named]
    return missed


def report(name: str, review: Review, gold: dict[str, Any], table: dict[str, str], meetings: int) -> int:
    """Print one corpus's result; returns the number of headlines covered."""
    result = score(review, gold, table)
    cited = sorted({s.citation.meeting for sec in review.sections for s in sec.sentences})
    print(f"\n== {name}: {review.title} ({review.words()} words)")
    for section in review.sections:
        people = ", ".join(canonical(p, table) for p in section.people) or "-"
        print(f"  ## {section.title}  [{len(section.sentences)} sentences; credited: {people}]")
    print(f"  meetings cited: {len(cited)} of {meetings}")
    total = len(gold["headlines"])
    print(f"  headlines covered: {len(result['covered'])} of {total}")
    for headline in gold["headlines"]:
        where = result["covered"].get(headline["id"])
        mark = "ok  " if where else "MISS"
        found = f"  <- {', '.join(where)}" if where else ""
        print(f"    {mark} {headline['id']}: {headline['what']}{found}")
    credits = len(result["right"]) + len(result["wrong"])
    print(f"  credited people right: {len(result['right'])} of {credits}"
          + ("  (every one right)" if not result["wrong"] else ""))
    for item in result["wrong"]:
        print(f"    WRONG {item}")
    owed = sum(len(h["people"]) for h in gold["headlines"] if h["id"] in result["covered"])
    unnamed = sum(len(v) for v in result["missed"].values())
    print(f"  people of the covered headlines credited there: {owed - unnamed} of {owed}")
    for hid, names in result["missed"].items():
        if names:
            print(f"    not credited for {hid}: {', '.join(names)}")
    if result["unchecked"]:
        print(f"  credits in sections that cover no headline: {', '.join(result['unchecked'])}")
    return len(result["covered"])


def evaluate(path: Path, verbose: bool, stores: Path | None = None) -> int | None:
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    corpus = SHARED / gold["corpus"]
    if not corpus.is_dir():
        print(f"{corpus} is absent: {path.name} skipped.")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        kb = _store(corpus, Path(tmp), stores)
        if "year" in gold:
            since, until = f"{gold['year']}-01-01", f"{gold['year']}-12-31"
        else:
            since, until = str(gold["since"]), str(gold["until"])
        review = build_review(kb, gold.get("year"), since=since, until=until)
        meetings = sum(since <= (m["date"] or "") <= until for m in kb.meetings())
        if verbose:
            print(review.to_markdown())
        return report(path.stem, review, gold, name_table(corpus), meetings)


def _store(corpus: Path, tmp: Path, stores: Path | None) -> KnowledgeBase:
    """A store of *corpus*: ingested into *tmp*, or one already built in *stores* (``--stores``)."""
    if stores is not None and (stores / corpus.name).is_dir():
        return KnowledgeBase.open(stores / corpus.name)
    kb = KnowledgeBase.open(tmp / "store", create=True)
    kb.ingest([corpus])
    return kb


def main(argv: list[str]) -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: review evaluation skipped.")
        return 0
    verbose = "-v" in argv
    stores = Path(argv[argv.index("--stores") + 1]) if "--stores" in argv else None
    names = [a for a in argv if not a.startswith("-") and (stores is None or a != str(stores))]
    paths = [GOLD / f"{n}.yaml" for n in names] or sorted(GOLD.glob("review-*.yaml"))
    results = {p.stem: evaluate(p, verbose, stores) for p in paths}
    print("\nReview headlines covered: " + ", ".join(
        f"{name} {n}/10" for name, n in results.items() if n is not None))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
