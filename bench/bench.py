"""`make bench`: ingest timings, cold and unchanged re-run.

Measures the project corpus, ../shared/corpus when present, and a generated
corpus of a few thousand notes (copies of the project corpus under new names)
for the unchanged re-run that users feel most.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kg import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"


def timed_ingest(notes: Path, runs: int = 3) -> dict[str, float]:
    cold, warm = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            kb = KnowledgeBase.open(Path(tmp) / "store", create=True)
            start = time.perf_counter()
            report = kb.ingest([notes])
            cold.append(time.perf_counter() - start)
            start = time.perf_counter()
            again = kb.ingest([notes])
            warm.append(time.perf_counter() - start)
            assert again.unchanged == report.meetings and not again.written
    return {"notes": report.meetings, "cold": statistics.median(cold),
            "unchanged": statistics.median(warm),
            "stages": {s.name: s.seconds for s in report.stages}}


def generated(copies: int, target: Path) -> Path:
    notes = [p for p in (ROOT / "corpus").rglob("*") if p.is_file() and p.suffix != ".yaml"]
    for i in range(copies):
        folder = target / f"copy{i:03d}"
        folder.mkdir(parents=True)
        for note in notes:
            shutil.copy(note, folder / note.name)
    return target


def show(name: str, result: dict) -> None:
    stages = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result["stages"].items())
    print(f"{name:28} {result['notes']:6d} notes  cold {result['cold']:.3f} s  "
          f"unchanged re-run {result['unchanged'] * 1000:.1f} ms   ({stages})")


def main() -> int:
    print("ingest (median of 3)")
    show("corpus/", timed_ingest(ROOT / "corpus"))
    if SHARED.is_dir():
        show("../shared/corpus", timed_ingest(SHARED))
    else:
        print("../shared/corpus: absent, skipped")
    with tempfile.TemporaryDirectory() as tmp:
        big = generated(100, Path(tmp) / "big")
        show("generated (100 x corpus/)", timed_ingest(big, runs=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
