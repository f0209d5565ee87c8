"""Ingestion into the store: incremental, deletions, rejections, ids, atomic generations."""

from __future__ import annotations

import os
import shutil

import pytest

import kg.pipeline
from kg import KnowledgeBase
from kg.store import Store, StoreError

GOOD_NOTES = 9  # fixtures that are meeting notes
REJECTED = {"README.md": "not a meeting note: a README", "2024-09-17-empty.md": "empty file",
            "2024-10-01-binary.md": "binary file"}


def rejected_by_name(report):
    return {os.path.basename(r.path): r.reason for r in report.rejected}


def test_first_ingest_takes_notes_and_lists_rejections(notes_dir, store_dir):
    kb = KnowledgeBase.open(store_dir, create=True)
    report = kb.ingest([notes_dir])
    assert (report.added, report.updated, report.removed, report.unchanged) == (GOOD_NOTES, 0, 0, 0)
    assert rejected_by_name(report) == REJECTED
    assert report.meetings == GOOD_NOTES
    assert [s.name for s in report.stages] == ["discover", "parse", "extract", "resolve", "graph",
                                               "index", "write"]
    assert report.stages[1].count == GOOD_NOTES + len(REJECTED)
    meetings = kb.meetings()
    assert len(meetings) == GOOD_NOTES
    dates = [m["date"] for m in meetings]
    assert dates[-1] is None  # undated notes last
    assert dates[:-1] == sorted(dates[:-1])
    ids = [m["id"] for m in meetings]
    assert "meeting:2024-02-06" in ids and "meeting:undated" in ids
    assert len(set(ids)) == len(ids)
    warned = {os.path.basename(path) for path, _ in report.warnings}
    assert warned == {"undated.md", "broken-frontmatter.md", "2024-09-03-latin1.txt"}


def test_unchanged_rerun_parses_nothing(notes_dir, store_dir, monkeypatch):
    kb = KnowledgeBase.open(store_dir, create=True)
    kb.ingest([notes_dir])
    generation = kb.store.current_name()
    calls = []
    monkeypatch.setattr(kg.pipeline, "parse_bytes", lambda *a: calls.append(a))
    report = kb.ingest([notes_dir])
    assert calls == []
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, GOOD_NOTES)
    assert rejected_by_name(report) == REJECTED
    assert not report.written
    assert kb.store.current_name() == generation


def test_touched_but_identical_file_is_not_parsed(notes_dir, store_dir, monkeypatch):
    kb = KnowledgeBase.open(store_dir, create=True)
    kb.ingest([notes_dir])
    target = notes_dir / "weekly-call.md"
    os.utime(target, ns=(1, 1))
    calls = []
    monkeypatch.setattr(kg.pipeline, "parse_bytes", lambda *a: calls.append(a))
    report = kb.ingest([notes_dir])
    assert calls == [] and report.unchanged == GOOD_NOTES


def test_changed_added_and_deleted_files(notes_dir, store_dir):
    kb = KnowledgeBase.open(store_dir, create=True)
    kb.ingest([notes_dir])
    (notes_dir / "weekly-call.md").write_text("# Weekly call 2nd April 2024\n\nAttendees: Ana Lima,"
                                              " Bo Chen\n\n## Only topic\nText.\n")
    (notes_dir / "undated.md").unlink()
    (notes_dir / "sub").mkdir()
    (notes_dir / "sub" / "2025-01-07.md").write_text("# Call\n\nAttendees: Ana Lima\n\n## A\nB.\n")
    report = kb.ingest([notes_dir])
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1,
                                                                               GOOD_NOTES - 2)
    meetings = {m["id"]: m for m in kb.meetings()}
    assert meetings["meeting:2024-04-02"]["attendees"] == ["Ana Lima", "Bo Chen"]
    assert meetings["meeting:2024-04-02"]["sections"] == ["Only topic"]
    assert "meeting:undated" not in meetings
    assert meetings["meeting:2025-01-07"]["source"].endswith(os.path.join("sub", "2025-01-07.md"))


def test_ingesting_another_folder_keeps_the_first(notes_dir, store_dir, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "2030-01-01.md").write_text("# Call\n\nAttendees: Ana Lima\n\n## A\nB.\n")
    kb = KnowledgeBase.open(store_dir, create=True)
    kb.ingest([notes_dir])
    report = kb.ingest([other])
    assert (report.added, report.removed) == (1, 0)
    assert len(kb.meetings()) == GOOD_NOTES + 1


def test_rebuild_starts_afresh(notes_dir, store_dir, tmp_path):
    kb = KnowledgeBase.open(store_dir, create=True)
    kb.ingest([notes_dir])
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(notes_dir / "weekly-call.md", other)
    report = kb.ingest([other], rebuild=True)
    assert (report.added, report.removed) == (1, GOOD_NOTES)
    assert [m["date"] for m in kb.meetings()] == ["2024-04-02"]


def test_same_date_gets_distinct_ids(tmp_path, store_dir):
    folder = tmp_path / "n"
    folder.mkdir()
    for name in ("a-2024-01-02.md", "b-2024-01-02.md"):
        (folder / name).write_text("# Call\n\nAttendees: Ana Lima\n\n## A\nB.\n")
    kb = KnowledgeBase.open(store_dir, create=True)
    kb.ingest([folder])
    assert [m["id"] for m in kb.meetings()] == ["meeting:2024-01-02", "meeting:2024-01-02-2"]


def test_symlink_loop_and_broken_link(tmp_path, store_dir):
    folder = tmp_path / "n"
    (folder / "inner").mkdir(parents=True)
    (folder / "inner" / "2024-01-02.md").write_text("# Call\n\nAttendees: Ana Lima\n\n## A\nB.\n")
    os.symlink(folder, folder / "inner" / "loop")
    os.symlink(folder / "missing.md", folder / "dangling.md")
    kb = KnowledgeBase.open(store_dir, create=True)
    report = kb.ingest([folder])
    assert report.added == 1
    reasons = rejected_by_name(report)
    assert reasons["loop"] == "symbolic link loop: skipped"
    assert reasons["dangling.md"].startswith("no such file")


def test_unreadable_file_is_rejected(notes_dir, store_dir, monkeypatch):
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if str(path).endswith("weekly-call.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded_open)
    report = KnowledgeBase.open(store_dir, create=True).ingest([notes_dir])
    assert rejected_by_name(report)["weekly-call.md"] == "unreadable: permission denied"
    assert report.added == GOOD_NOTES - 1


def test_size_limit(notes_dir, store_dir):
    report = KnowledgeBase.open(store_dir, create=True).ingest([notes_dir], max_bytes=700)
    too_large = [r for r in report.rejected if r.reason.startswith("file too large")]
    sizes = [p for p in notes_dir.iterdir() if p.stat().st_size > 700]
    assert len(too_large) == len(sizes) > 0


def test_missing_path_and_nothing_to_ingest(tmp_path, store_dir):
    kb = KnowledgeBase.open(store_dir, create=True)
    with pytest.raises(kg.pipeline.NothingToIngest):
        kb.ingest([tmp_path / "nope"])
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "README.md").write_text("# About\n\nNothing here.\n")
    with pytest.raises(kg.pipeline.NothingToIngest, match="README"):
        kb.ingest([empty])
    assert kb.store.snapshot() is None


def test_store_refuses_foreign_folder(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(StoreError, match="not a kg store"):
        Store.open(tmp_path, create=True)
    with pytest.raises(StoreError, match="no store"):
        Store.open(tmp_path / "absent")


def test_damaged_store_is_reported(notes_dir, store_dir):
    kb = KnowledgeBase.open(store_dir, create=True)
    kb.ingest([notes_dir])
    (store_dir / "CURRENT").write_text("gen-999999\n")
    with pytest.raises(StoreError, match="damaged"):
        KnowledgeBase.open(store_dir).meetings()


def test_old_generations_are_collected(notes_dir, store_dir):
    kb = KnowledgeBase.open(store_dir, create=True)
    for i in range(4):
        (notes_dir / f"2031-01-0{i + 1}.md").write_text("# Call\n\nAttendees: Ana Lima\n\n## A\nB.\n")
        kb.ingest([notes_dir])
    generations = sorted(p.name for p in store_dir.glob("gen-*"))
    assert generations == ["gen-000003", "gen-000004"]
    assert kb.store.current_name() == "gen-000004"


def test_uploaded_notes_stay_inside_the_store(notes_dir, store_dir, tmp_path):
    kb = KnowledgeBase.open(store_dir, create=True)
    kb.ingest([notes_dir])
    note = (notes_dir / "weekly-call.md").read_bytes().replace(b"2nd April", b"9th April")
    report, refused = kb.add_notes([
        ("../../evil/2024-04-09.md", note),
        ("picture.png", b"\x89PNG"),
        ("big.md", b"x" * 2000),
    ], max_bytes=1500)
    assert [(r.path, r.reason.split(" (")[0]) for r in refused] == [
        ("picture.png", "not a note file type"), ("big.md", "file too large")]
    assert [p.name for p in (store_dir / "uploads").iterdir()] == ["2024-04-09.md"]
    assert not (tmp_path / "evil").exists()
    assert report.added == 1 and report.meetings == GOOD_NOTES + 1
    assert kb.add_notes([("x.exe", b"MZ")]) == (None, [kg.pipeline.Rejected("x.exe", "not a note file type")])
