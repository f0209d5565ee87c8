"""A killed ingest leaves the previous store complete; readers see old or new, never half."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from kg import KnowledgeBase


def run_kg(*args, env=None, check=True):
    result = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                            env={**os.environ, **(env or {})}, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(result.stderr)
    return result


def meetings(store):
    return json.loads(run_kg("meetings", "--json", "--store", str(store)).stdout)


@pytest.mark.parametrize("point", ["after-parse", "mid-write", "before-rename", "before-switch"])
def test_killed_ingest_leaves_previous_store(notes_dir, store_dir, tmp_path, point):
    run_kg("ingest", str(notes_dir), "--store", str(store_dir))
    before = meetings(store_dir)
    (notes_dir / "2030-05-05.md").write_text("# Call\n\nAttendees: Ana Lima\n\n## A\nB.\n")
    (notes_dir / "weekly-call.md").unlink()

    killed = run_kg("ingest", str(notes_dir), "--store", str(store_dir),
                    env={"KG_CRASH_AT": point}, check=False)
    assert killed.returncode == -signal.SIGKILL

    assert meetings(store_dir) == before
    report = json.loads(run_kg("ingest", str(notes_dir), "--store", str(store_dir), "--json").stdout)
    assert (report["added"], report["removed"]) == (1, 1)
    assert not list(store_dir.glob("tmp-*"))
    assert len(meetings(store_dir)) == len(before)


@pytest.mark.parametrize("point", ["after-extract", "after-index", "mid-write", "before-switch"])
def test_killed_while_one_note_changes_leaves_previous_store(notes_dir, store_dir, point):
    """The per-note path (cached extractions kept, the index updated in place of a copy)
    leaves the previous generation whole, its shared index files included."""
    run_kg("ingest", str(notes_dir), "--store", str(store_dir))
    before = meetings(store_dir)
    found = run_kg("search", "merge queue", "--json", "--store", str(store_dir)).stdout
    note = notes_dir / "weekly-call.md"
    note.write_text(note.read_text() + "\nAna will rewrite the merge queue docs.\n")

    killed = run_kg("ingest", str(notes_dir), "--store", str(store_dir),
                    env={"KG_CRASH_AT": point}, check=False)
    assert killed.returncode == -signal.SIGKILL

    assert meetings(store_dir) == before
    assert run_kg("check", "--json", "--store", str(store_dir)).returncode == 0
    assert run_kg("search", "merge queue", "--json", "--store", str(store_dir)).stdout == found
    report = json.loads(run_kg("ingest", str(notes_dir), "--store", str(store_dir), "--json").stdout)
    assert (report["added"], report["updated"], report["removed"]) == (0, 1, 0)
    assert run_kg("search", "merge queue", "--json", "--store", str(store_dir)).stdout != found


def test_killed_after_switch_leaves_new_store(notes_dir, store_dir):
    run_kg("ingest", str(notes_dir), "--store", str(store_dir))
    count = len(meetings(store_dir))
    (notes_dir / "2030-05-05.md").write_text("# Call\n\nAttendees: Ana Lima\n\n## A\nB.\n")
    killed = run_kg("ingest", str(notes_dir), "--store", str(store_dir),
                    env={"KG_CRASH_AT": "after-switch"}, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert len(meetings(store_dir)) == count + 1


def test_reader_sees_old_or_new_during_ingests(notes_dir, store_dir, tmp_path):
    extra = notes_dir / "2030-05-05.md"
    run_kg("ingest", str(notes_dir), "--store", str(store_dir))
    states = set()
    kb = KnowledgeBase.open(store_dir)
    states.add(tuple(m["id"] for m in kb.meetings()))
    extra.write_text("# Call\n\nAttendees: Ana Lima\n\n## A\nB.\n")
    run_kg("ingest", str(notes_dir), "--store", str(store_dir))
    states.add(tuple(m["id"] for m in KnowledgeBase.open(store_dir).meetings()))
    assert len(states) == 2

    seen = 0
    writer = subprocess.Popen(
        [sys.executable, "-c", (
            "import os, sys\nfrom kg import KnowledgeBase\n"
            f"kb = KnowledgeBase.open({str(store_dir)!r})\n"
            "for i in range(12):\n"
            f"    p = {str(extra)!r}\n"
            "    if os.path.exists(p): os.remove(p)\n"
            "    else: open(p, 'w').write('# Call\\n\\nAttendees: Ana Lima\\n\\n## A\\nB.\\n')\n"
            f"    kb.ingest([{str(notes_dir)!r}])\n")])
    deadline = time.monotonic() + 60
    while writer.poll() is None and time.monotonic() < deadline:
        reader = KnowledgeBase.open(store_dir)
        assert tuple(m["id"] for m in reader.meetings()) in states
        seen += 1
    assert writer.wait(timeout=60) == 0
    assert seen > 0
