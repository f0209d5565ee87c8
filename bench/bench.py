"""`make bench`: ingest timings, and warm search and ask latency.

Measures the project corpus, ../shared/corpus when present, and a generated
corpus 100 times the size of the project corpus (bench/generate.py): a cold
ingest, an unchanged re-run (what users feel most), and p50/p95 latency of a
fixed set of searches and questions on an open KnowledgeBase.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import PROJECTS, generate  # noqa: E402

from kg import KnowledgeBase  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"

SEARCHES = ["release", "sync engine", "\"merge queue\"", "benchmarks OR profiling", "ARM NOT x86",
            "docs site", "memory", "error messages", "nightly builds", "conflict resolver",
            "FernSync", "Bramble", "Thicket", "fernctl", "API", "plugin loader", "test suite",
            "website theme", "packaging", "storage layer", "faster", "upgrade path",
            "mailing list", "open questions", "decision", "review", "\"release notes\"",
            "CI runners", "fern-sync", "security audit"]
QUESTIONS = ["who owns {p}?", "who is leading {p}?", "all {p} discussions",
             "when did we last discuss {p}?", "which issues came up about {p}?",
             "who spoke about {p}?", "what is Lena working on?", "what did Priya agree to do?",
             "who chaired the last meeting?", "which meetings did Kwame attend?"]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return (statistics.median(ordered) * 1000,
            ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000)


def timed_ingest(notes: Path, store: Path, runs: int = 1) -> tuple[KnowledgeBase, dict]:
    cold, warm = [], []
    kb = None
    for run in range(runs):
        target = store / f"run{run}"
        kb = KnowledgeBase.open(target, create=True)
        start = time.perf_counter()
        report = kb.ingest([notes])
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        again = kb.ingest([notes])
        warm.append(time.perf_counter() - start)
        assert again.unchanged == report.meetings and not again.written
    return kb, {"notes": report.meetings, "cold": statistics.median(cold),
                "unchanged": statistics.median(warm),
                "stages": {s.name: s.seconds for s in report.stages}}


def latency(kb: KnowledgeBase, projects: list[str]) -> dict[str, tuple[float, float]]:
    questions = [q.format(p=projects[i % len(projects)]) for i, q in enumerate(QUESTIONS * 3)]
    kb.search("warm up")
    kb.ask("who owns warm up?")
    search_times, ask_times = [], []
    for query in SEARCHES:
        start = time.perf_counter()
        kb.search(query, limit=10)
        search_times.append(time.perf_counter() - start)
    for question in questions:
        start = time.perf_counter()
        kb.ask(question)
        ask_times.append(time.perf_counter() - start)
    return {"search": percentiles(search_times), "ask": percentiles(ask_times)}


def show(name: str, result: dict, lat: dict | None = None) -> None:
    stages = ", ".join(f"{k} {v:.2f}" for k, v in result["stages"].items())
    print(f"{name:30} {result['notes']:5d} notes  cold {result['cold']:6.2f} s  "
          f"unchanged re-run {result['unchanged'] * 1000:6.1f} ms")
    print(f"{'':30} stages (s): {stages}")
    if lat:
        print(f"{'':30} warm search p50 {lat['search'][0]:5.1f} ms, p95 {lat['search'][1]:5.1f} ms; "
              f"ask p50 {lat['ask'][0]:5.1f} ms, p95 {lat['ask'][1]:5.1f} ms "
              f"({len(SEARCHES)} searches, {len(QUESTIONS) * 3} questions)")


def git_bench(notes: Path, tmp_path: Path) -> None:
    """Ingest the generated notes from a local git repository, then again unchanged."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        print("git: absent, skipped")
        return
    repo = tmp_path / "repo"
    shutil.copytree(notes, repo / "meetings")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=b", "-c", "user.email=b@e",
                                                 "commit", "-qm", "notes"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    kb = KnowledgeBase.open(tmp_path / "git-store", create=True)
    spec = f"git+file://{repo}#path=meetings"
    start = time.perf_counter()
    report = kb.ingest([spec])
    cold = time.perf_counter() - start
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        again = kb.ingest([spec])
        runs.append(time.perf_counter() - start)
        assert again.unchanged == report.meetings and not again.written
    print(f"{'git+file:// (generated)':30} {report.meetings:5d} notes  cold {cold:6.2f} s  "
          f"unchanged re-run (fetch included) {statistics.median(runs) * 1000:6.1f} ms")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        kb, result = timed_ingest(ROOT / "corpus", tmp_path / "corpus", runs=3)
        show("corpus/", result, latency(kb, ["FernSync", "Bramble", "Thicket", "fernctl"]))
        if SHARED.is_dir():
            kb, result = timed_ingest(SHARED, tmp_path / "shared", runs=3)
            show("../shared/corpus", result, latency(kb, ["Irmin", "Mirage", "Xen", "Conduit"]))
        else:
            print("../shared/corpus: absent, skipped")
        big = generate(tmp_path / "generated", notes=3200)
        kb, result = timed_ingest(big, tmp_path / "big")
        show("generated (100 x corpus/)", result, latency(kb, PROJECTS[:8]))
        git_bench(big, tmp_path)
        note = next(big.rglob("*.md"))
        note.write_text(note.read_text() + "\nLena will check the release notes.\n")
        start = time.perf_counter()
        report = kb.ingest([big])
        print(f"{'':30} one changed note re-ingested in {time.perf_counter() - start:.2f} s "
              f"({report.updated} updated)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
