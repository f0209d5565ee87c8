"""``make fuzz``: thousands of generated hostile notes through ``kg ingest``, and how parsing grows.

Two parts, each in fresh worker processes (so that memory is measured per
batch and a hang cannot stop the run):

1. **Batches.**  ``--count`` notes from every shape of ``tests/hostile.py``
   (random bytes and unicode, huge lines, deep nesting, 10k headings, YAML
   bombs and tags, nested HTML, NUL bytes, odd encodings and file names),
   sizes spread log-uniformly up to ``--max-size``, ingested ``--batch`` at a
   time into a new store.  Printed: crashes (a worker that failed, or a
   file rejected because of an internal error), files over 10 s, files
   stopped by the time budget, the slowest file and the peak memory of a
   worker.
2. **Growth.**  The shapes that cost parsing the most per byte, at sizes
   from 1 KB to 20 MB: parse time (CPU) and its growth exponent, fitted over
   the sizes below the caps that cut long notes, and from 1 KB to 20 MB.

    python fuzz/fuzz.py                      # the full run (about 10,000 notes)
    python fuzz/fuzz.py --count 500 --no-growth
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from hostile import SHAPES, file_name  # noqa: E402

GROWTH_SIZES = [1_000, 10_000, 100_000, 1_000_000, 5_000_000, 20_000_000]


def worker_ingest(folder: str, store: str) -> None:
    """Ingest *folder* into *store* and print what happened as JSON (runs in a child)."""
    from kg import KnowledgeBase

    started = time.perf_counter()
    report = KnowledgeBase.open(store, create=True).ingest([folder])
    budget = [r.path for r in report.rejected if "time budget" in r.reason]
    internal = [{"path": path, "error": trace.strip().splitlines()[-1]} for path, trace in report.errors]
    slowest = max(report.file_seconds.items(), key=lambda kv: kv[1], default=("", 0.0))
    print(json.dumps({
        "files": report.added + len(report.rejected), "meetings": report.meetings,
        "rejected": len(report.rejected), "budget": budget, "internal": internal,
        "over_10s": [p for p, s in report.file_seconds.items() if s > 10.0],
        "slowest": slowest, "seconds": time.perf_counter() - started,
        "stages": {s.name: round(s.seconds, 2) for s in report.stages},
        "peak_mb": _peak_mb()}))


def _peak_mb() -> float:
    """The peak resident memory of this process or of any child it waited for (whoosh's)."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF,
                                                              resource.RUSAGE_CHILDREN)) / 1024


def worker_parse(shape: str, size: int) -> None:
    """Parse one note of *shape* and *size*; print CPU seconds, peak memory and warnings."""
    from kg.parse import RejectedInput, parse_bytes

    data = SHAPES[shape](random.Random(size), size)
    source = "note.html" if "html" in shape else "note.md"
    before = time.process_time()
    try:
        warnings = parse_bytes(data, source).warnings
    except RejectedInput as exc:
        warnings = [f"rejected: {exc}"]
    print(json.dumps({"seconds": time.process_time() - before, "bytes": len(data),
                      "cut": any("cut at line" in w for w in warnings),
                      "peak_mb": _peak_mb()}))


def _child(args: list[str], timeout: float) -> dict | None:
    try:
        done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return {"crash": (done.stderr.strip().splitlines() or ["no output"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def batches(count: int, batch: int, max_size: int, seed: int, timeout: float) -> int:
    """Run the batches; return the number of problems found (crashes, files over 10 s)."""
    rng = random.Random(seed)
    names = sorted(SHAPES)
    totals = {"files": 0, "crashes": 0, "internal": 0, "over_10s": 0, "budget": 0}
    peak, slowest, worst_batch = 0.0, ("", 0.0), 0.0
    started = time.perf_counter()
    for first in range(0, count, batch):
        with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as tmp:
            folder = Path(tmp, "notes")
            folder.mkdir()
            size_total = 0
            for number in range(first, min(count, first + batch)):
                shape = names[number % len(names)]
                size = int(math.exp(rng.uniform(math.log(64), math.log(max_size))))
                data = SHAPES[shape](rng, size)
                size_total += len(data)
                (folder / file_name(rng, number, shape).replace("/", "_")).write_bytes(data)
            result = _child(["--worker-ingest", str(folder), str(Path(tmp, "store"))], timeout)
        done = min(count, first + batch)
        if result is None or "crash" in result:
            totals["crashes"] += 1
            why = "timed out" if result is None else result["crash"]
            print(f"  notes {first}-{done - 1}: CRASH {why}", flush=True)
            continue
        totals["files"] += result["files"]
        totals["internal"] += len(result["internal"])
        totals["over_10s"] += len(result["over_10s"])
        totals["budget"] += len(result["budget"])
        peak = max(peak, result["peak_mb"])
        worst_batch = max(worst_batch, result["seconds"])
        if result["slowest"][1] > slowest[1]:
            slowest = tuple(result["slowest"])
        for item in result["internal"]:
            print(f"    internal error: {item['path']!r}: {item['error']}", flush=True)
        print(f"  notes {first}-{done - 1}: {size_total / 1e6:.1f} MB, {result['seconds']:.0f} s, "
              f"{result['rejected']} rejected, peak {result['peak_mb']:.0f} MB, stages {result['stages']}",
              flush=True)
    print(f"\n{totals['files']} hostile notes in {time.perf_counter() - started:.0f} s")
    print(f"crashes: {totals['crashes']} (workers that failed) + {totals['internal']} "
          "(files rejected for an internal error)")
    print(f"files over 10 s: {totals['over_10s']}; stopped by the time budget: {totals['budget']}")
    print(f"slowest file: {slowest[1]:.2f} s ({slowest[0]!r}); slowest batch: {worst_batch:.0f} s")
    print(f"peak memory of a worker: {peak:.0f} MB")
    return totals["crashes"] + totals["internal"] + totals["over_10s"]


def _exponent(points: list[tuple[int, float]]) -> float | None:
    """The least-squares slope of log(time) against log(size)."""
    points = [(math.log(b), math.log(max(s, 1e-4))) for b, s in points]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    var = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / var if var else None


def growth(shapes: list[str], timeout: float) -> None:
    """Parse each shape at each size in a fresh process; print times and exponents."""
    print("\nparse time (CPU s) by size; exponent fitted below the caps, and 1 KB -> 20 MB")
    worst = 0.0
    for shape in shapes:
        row, uncut = [], []
        for size in GROWTH_SIZES:
            result = _child(["--worker-parse", shape, str(size)], timeout)
            if result is None or "crash" in result:
                row.append((size, None, "timeout" if result is None else "crash"))
                break
            row.append((size, result["seconds"], result["peak_mb"]))
            if not result["cut"]:
                uncut.append((result["bytes"], result["seconds"]))
        cells = "  ".join(f"{s / 1e6:g}MB {t:.2f}s" if t is not None else f"{s / 1e6:g}MB {m}"
                          for s, t, m in row)
        fitted = _exponent([p for p in uncut if p[0] >= 10_000])
        whole = _exponent([(s, t) for s, t, _ in row if t is not None][::len(row) - 1 or 1])
        worst = max(worst, fitted or 0.0)
        peak = max((m for _, t, m in row if t is not None), default=0)
        print(f"  {shape:18} {cells}  exponent {fitted if fitted is None else round(fitted, 2)} "
              f"(whole range {whole if whole is None else round(whole, 2)}), peak {peak:.0f} MB",
              flush=True)
    print(f"worst exponent below the caps: {worst:.2f}")


def worst_shapes(count: int) -> list[str]:
    """The *count* shapes that cost parsing the most per byte at 100 KB."""
    costs = []
    for shape in sorted(SHAPES):
        result = _child(["--worker-parse", shape, "100000"], 120)
        costs.append((result["seconds"] if result and "seconds" in result else 1e9, shape))
    return [shape for _, shape in sorted(costs, reverse=True)[:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--max-size", type=int, default=128 * 1024)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for one worker")
    parser.add_argument("--shapes", type=int, default=6, help="how many worst shapes to grow")
    parser.add_argument("--no-growth", action="store_true")
    parser.add_argument("--no-batches", action="store_true")
    parser.add_argument("--worker-ingest", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--worker-parse", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker_ingest:
        return worker_ingest(*args.worker_ingest)
    if args.worker_parse:
        return worker_parse(args.worker_parse[0], int(args.worker_parse[1]))
    problems = 0
    if not args.no_batches:
        problems = batches(args.count, args.batch, args.max_size, args.seed, args.timeout)
    if not args.no_growth:
        growth(worst_shapes(args.shapes), args.timeout)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
