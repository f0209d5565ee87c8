"""`make bench`: what ingesting and asking cost, on big folders of notes.

For each folder measured (a generated corpus of 3,200 notes, bench/generate.py;
``../shared/bench/ethereum-pm-archive`` when present; any folder given as
``make bench NOTES=DIR`` or ``python bench/bench.py DIR``) it prints:

- the tokenizer floor: CPU seconds of ``spacy.blank("en").tokenizer.pipe``
  over the same text, the least any spaCy pipeline can cost;
- a cold ingest: wall and CPU seconds (children included), its ratio to the
  floor, the stages, and peak memory (``resource.getrusage``) against the
  size of the text;
- the store on disk against the size of the text, and its largest files;
- re-ingest unchanged, with one note changed, one deleted, one added;
- warm search and ask p50/p95 on an open KnowledgeBase;
- ``kg search`` and ``kg ask`` from the shell (wall time of the subprocess).

Every ingest, and the latency runs, go in a child process of their own, so
that each peak memory is that step's (a child starts with its parent's peak).
The folder given is copied first: it is never changed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import PROJECTS, generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT.parent / "shared" / "bench" / "ethereum-pm-archive"
KG = [sys.executable, "-m", "kg"]
NOTE_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".org", ".rst", ".html", ".htm"}

SEARCHES = ["release", "sync engine", "\"merge queue\"", "benchmarks OR profiling", "ARM NOT x86",
            "docs site", "memory", "error messages", "nightly builds", "conflict resolver",
            "API", "plugin loader", "test suite", "packaging", "storage layer", "faster",
            "upgrade path", "mailing list", "open questions", "decision", "review",
            "\"release notes\"", "CI runners", "security audit", "testing", "next steps",
            "timeline", "spec", "proposal", "performance"]
QUESTIONS = ["who owns {p}?", "who is leading {p}?", "all {p} discussions",
             "when did we last discuss {p}?", "which issues came up about {p}?",
             "who spoke about {p}?", "what is {person} working on?",
             "what did {person} agree to do?", "who chaired the last meeting?",
             "which meetings did {person} attend?"]


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 of *samples* (seconds), in milliseconds."""
    ordered = sorted(samples)
    return (statistics.median(ordered) * 1000,
            ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000)


def note_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in NOTE_SUFFIXES)


def cpu_seconds() -> float:
    """CPU seconds of this process and of its waited-for children (whoosh's writers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_mb() -> float:
    """Peak resident memory of this process, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------
# Child processes: each prints one JSON line.

def child_floor(notes: str) -> None:
    """CPU seconds of spaCy's blank English tokenizer over every note's text."""
    import spacy

    texts = [p.read_bytes().decode("utf-8", "replace") for p in note_files(Path(notes))]
    tokenizer = spacy.blank("en").tokenizer
    start, wall = cpu_seconds(), time.perf_counter()
    tokens = sum(len(doc) for doc in tokenizer.pipe(texts, batch_size=64))
    print(json.dumps({"cpu": cpu_seconds() - start, "wall": time.perf_counter() - wall,
                      "tokens": tokens, "bytes": sum(len(t.encode()) for t in texts),
                      "files": len(texts)}))


def child_latency(store: str, projects: str) -> None:
    """Warm search and ask latency (and the names asked about), away from the parent, whose
    peak memory every later child would otherwise report as its own."""
    found, people = names(Path(store))
    asked = json.loads(projects) or found
    print(json.dumps({**latency(Path(store), asked, people), "projects": asked}))


def child_ingest(notes: str, store: str) -> None:
    """One ``KnowledgeBase.ingest``: its wall and CPU seconds, peak memory and report."""
    from kg import KnowledgeBase

    kb = KnowledgeBase.open(store, create=True)
    start, wall = cpu_seconds(), time.perf_counter()
    report = kb.ingest([notes])
    print(json.dumps({"wall": time.perf_counter() - wall, "cpu": cpu_seconds() - start,
                      "peak_mb": peak_mb(), "report": report.to_dict()}))


# ---------------------------------------------------------------------------

def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"bench child {args[0]} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def store_size(store: Path) -> tuple[int, list[tuple[str, int]]]:
    """Bytes of the current generation, and its five largest files (the index as one)."""
    current = store / (store / "CURRENT").read_text().strip()
    sizes: dict[str, int] = {}
    for path in current.rglob("*"):
        if path.is_file():
            name = path.relative_to(current).parts[0]
            sizes[name] = sizes.get(name, 0) + path.stat().st_size
    return sum(sizes.values()), sorted(sizes.items(), key=lambda kv: -kv[1])[:5]


def timed(label: str, notes: Path, store: Path, expect: dict[str, int] | None = None) -> dict:
    result = run_child("--child-ingest", str(notes), str(store))
    report = result["report"]
    if expect:
        got = {k: report[k] for k in expect}
        assert got == expect, f"{label}: expected {expect}, got {got}"
    return result


def incremental(notes: Path, store: Path) -> list[tuple[str, dict]]:
    """Re-ingest unchanged, then with one note changed, one deleted and one added."""
    steps = [("unchanged", timed("unchanged", notes, store, {"added": 0, "updated": 0, "removed": 0}))]
    files = note_files(notes)
    changed = files[len(files) // 2]
    with open(changed, "a", encoding="utf-8") as handle:
        handle.write("\nLena will check the release notes before the next call.\n")
    steps.append(("one changed", timed("changed", notes, store, {"updated": 1, "added": 0})))
    gone = files[len(files) // 3]
    kept = gone.read_bytes()
    gone.unlink()
    steps.append(("one deleted", timed("deleted", notes, store, {"removed": 1, "added": 0})))
    gone.write_bytes(kept)
    steps.append(("one added", timed("added", notes, store, {"added": 1, "removed": 0})))
    return steps


def latency(store: Path, projects: list[str], people: list[str]) -> dict[str, tuple[float, float]]:
    from kg import KnowledgeBase

    kb = KnowledgeBase.open(store)
    questions = [q.format(p=projects[i % len(projects)], person=people[i % len(people)])
                 for i, q in enumerate(QUESTIONS * 3)]
    searches = SEARCHES + projects[:10]
    kb.search("warm up")
    for question in QUESTIONS:  # warm: every table each kind of question reads is loaded
        kb.ask(question.format(p="warm up", person="nobody"))
    search_times, ask_times = [], []
    for query in searches:
        start = time.perf_counter()
        kb.search(query, limit=10)
        search_times.append(time.perf_counter() - start)
    for question in questions:
        start = time.perf_counter()
        kb.ask(question)
        ask_times.append(time.perf_counter() - start)
    return {"search": percentiles(search_times), "ask": percentiles(ask_times),
            "counts": (len(searches), len(questions))}


def shell(store: Path, project: str) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of ``kg search`` and ``kg ask`` run from the shell, three each."""
    times: dict[str, tuple[float, float]] = {}
    for name, args in (("search", ["search", f"{project} release"]),
                       ("ask", ["ask", f"who works on {project}?"])):
        walls, cpus = [], []
        for _ in range(3):
            kids = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([*KG, *args, "--store", str(store)], capture_output=True, check=True)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - kids.ru_utime - kids.ru_stime)
        times[name] = (statistics.median(walls), statistics.median(cpus))
    return times


def names(store: Path) -> tuple[list[str], list[str]]:
    """The store's ten most discussed projects and ten most present people."""
    from kg import KnowledgeBase

    kb = KnowledgeBase.open(store)
    projects = [p["name"] for p in kb.projects()[:10]] or ["the release"]
    people = [p["name"].split()[0] for p in kb.people()[:10]] or ["Lena"]
    return projects, people


def measure(name: str, source: Path, work: Path, projects: list[str] | None = None) -> None:
    """Every figure of the module doc for the notes in *source* (copied to *work* first)."""
    notes = work / "notes"
    shutil.copytree(source, notes)
    store = work / "store"
    floor = run_child("--child-floor", str(notes))
    text_mb = floor["bytes"] / 1e6
    cold = timed("cold", notes, store)
    report = cold["report"]
    size, largest = store_size(store)
    print(f"\n{name}: {report['meetings']} meetings from {floor['files']} files, "
          f"{text_mb:.1f} MB of text, {floor['tokens'] / 1e6:.2f} M tokens")
    print(f"  tokenizer floor      {floor['cpu']:7.2f} s CPU")
    print(f"  cold ingest          {cold['cpu']:7.2f} s CPU ({cold['cpu'] / floor['cpu']:.1f}x the floor), "
          f"{cold['wall']:.2f} s wall")
    print("  stages (wall s)      " + ", ".join(f"{s['name']} {s['seconds']:.2f}" for s in report["stages"]))
    print(f"  peak memory          {cold['peak_mb']:7.0f} MB ({cold['peak_mb'] / text_mb:.1f}x the text)")
    print(f"  store                {size / 1e6:7.1f} MB ({size / floor['bytes']:.1f}x the text): "
          + ", ".join(f"{n} {b / 1e6:.1f}" for n, b in largest))
    for label, step in incremental(notes, store):
        stages = ", ".join(f"{s['name']} {s['seconds']:.2f}" for s in step["report"]["stages"]
                           if s["seconds"] >= 0.05)
        print(f"  {label:20} {step['wall']:7.2f} s wall, {step['cpu']:.2f} s CPU, "
              f"peak {step['peak_mb']:.0f} MB"
              + (f"  ({stages})" if stages else ""))
    lat = run_child("--child-latency", str(store), json.dumps(projects or []))
    found_projects = lat["projects"]
    print(f"  warm search          p50 {lat['search'][0]:6.1f} ms, p95 {lat['search'][1]:6.1f} ms "
          f"({lat['counts'][0]} queries)")
    print(f"  warm ask             p50 {lat['ask'][0]:6.1f} ms, p95 {lat['ask'][1]:6.1f} ms "
          f"({lat['counts'][1]} questions)")
    from_shell = shell(store, (projects or found_projects)[0])
    print("  from the shell       " + ", ".join(
        f"kg {name} {wall:.2f} s wall, {cpu:.2f} s CPU" for name, (wall, cpu) in from_shell.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="more folders of notes to measure")
    parser.add_argument("--only", action="store_true", help="measure only the folders given")
    parser.add_argument("--notes", type=int, default=3200, help="notes in the generated corpus")
    parser.add_argument("--child-floor", nargs=1, help=argparse.SUPPRESS)
    parser.add_argument("--child-ingest", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-latency", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_floor:
        child_floor(*args.child_floor)
        return 0
    if args.child_ingest:
        child_ingest(*args.child_ingest)
        return 0
    if args.child_latency:
        child_latency(*args.child_latency)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if not args.only:
            generated = generate(tmp_path / "generated", notes=args.notes)
            measure(f"generated ({args.notes} notes)", generated, tmp_path / "g", PROJECTS[:8])
            if ARCHIVE.is_dir():
                measure("../shared/bench/ethereum-pm-archive", ARCHIVE, tmp_path / "eth")
            else:
                print(f"\n{ARCHIVE}: absent, skipped")
        for number, folder in enumerate(args.folders):
            measure(str(folder), folder, tmp_path / f"dir{number}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
