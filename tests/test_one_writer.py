"""One writer at a time: overlapping ingests keep every note."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from kg import KnowledgeBase
from kg.store import Store, StoreError


def write_notes(folder, prefix, count, year):
    folder.mkdir(parents=True)
    for day in range(count):
        date = f"{year}-{1 + day // 28:02d}-{1 + day % 28:02d}"
        (folder / f"{prefix}-{date}.md").write_text(
            f"# {prefix} call {date}\n\nAttendees: Lena Hofmann, Bob Okafor\n\n"
            f"## Topic {day}\nBob will look at item {day} of {prefix}.\n" * 3)


def test_two_overlapping_ingests_keep_every_note(tmp_path):
    store = tmp_path / "store"
    write_notes(tmp_path / "base", "base", 5, 2020)
    write_notes(tmp_path / "x", "x", 40, 2021)
    write_notes(tmp_path / "y", "y", 40, 2022)
    KnowledgeBase.open(store, create=True).ingest([tmp_path / "base"])
    command = [sys.executable, "-m", "kg", "ingest", "--json", "--store", str(store)]
    first = subprocess.Popen([*command, str(tmp_path / "x")], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    second = subprocess.Popen([*command, str(tmp_path / "y")], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    reports = [json.loads(p.communicate(timeout=300)[0]) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0]
    assert sorted(r["meetings"] for r in reports) == [45, 85]
    meetings = KnowledgeBase.open(store).meetings()
    assert len(meetings) == 85
    assert {m["source"].split(os.sep)[-2] for m in meetings} == {"base", "x", "y"}


def test_a_second_writer_waits_then_fails_with_one_line(tmp_path):
    store = Store.open(tmp_path / "store", create=True)
    other = Store.open(tmp_path / "store")
    waited = []
    other.on_wait = lambda: waited.append(True)
    with store.lock(), pytest.raises(StoreError, match="another ingest is writing to .* within 0 s"), \
            other.lock(wait=0.3):
        pass
    assert waited == [True]
    with other.lock(wait=0.3), other.lock():  # free again, and re-entrant
        pass


def test_a_waiting_writer_goes_on_when_the_first_finishes(tmp_path):
    store = Store.open(tmp_path / "store", create=True)
    order = []

    def hold():
        with store.lock():
            order.append("first")
            time.sleep(0.5)
            order.append("first done")

    thread = threading.Thread(target=hold)
    thread.start()
    time.sleep(0.1)
    with Store.open(tmp_path / "store").lock(wait=10):
        order.append("second")
    thread.join()
    assert order == ["first", "first done", "second"]
