"""A damaged store: every store file deleted, emptied, truncated or garbled in turn.

Every read command then either answers exactly as before or exits 1 with one
line saying the store is damaged; never a wrong answer with exit 0.  The
next ``kg ingest`` repairs the store, and ``kg check`` says so.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import KnowledgeBase
from kg.cli import cli

NOTES = {
    "2024-01-09.md": "# Weekly call 2024-01-09\n\nAttendees: Lena Hofmann (chair), Bob Okafor\n\n"
                     "## Bramble\nBob will cut the Bramble release. Lena leads Bramble.\n",
    "2024-01-16.md": "# Weekly call 2024-01-16\n\nAttendees: Lena Hofmann, Bob Okafor, Ana Lima\n\n"
                     "## Docs\nAna will rewrite the Bramble docs. See bramble/bramble#12.\n",
    "2024-02-06.md": "# Weekly call 2024-02-06\n\nAttendees: Ana Lima (chair), Bob Okafor\n\n"
                     "## Thicket\nBob leads Thicket. Ana agreed to review the Thicket plan.\n",
}
READS = [["meetings", "--json"], ["people", "--json"], ["projects", "--json"],
         ["search", "Bramble docs", "--json"], ["ask", "who leads Bramble?", "--json"],
         ["ask", "what did Ana agree to do?", "--json"], ["entity", "Bob Okafor", "--json"],
         ["review", "--year", "2024"], ["people", "--unresolved", "--json"]]
MODES = ["delete", "empty", "truncate", "garbage"]


def run(store: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--store", str(store)])


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A store of three notes and what every read command prints from it."""
    root = tmp_path_factory.mktemp("damage")
    notes = root / "notes"
    notes.mkdir()
    for name, text in NOTES.items():
        (notes / name).write_text(text)
    store = root / "store"
    KnowledgeBase.open(store, create=True).ingest([notes])
    expected = {tuple(args): run(store, *args) for args in READS}
    assert all(r.exit_code == 0 for r in expected.values())
    return notes, store, {k: r.stdout for k, r in expected.items()}


def store_files(store: Path) -> list[str]:
    """Every file of the store that a reader or an ingest uses."""
    current = (store / "CURRENT").read_text().strip()
    files = ["KG_STORE", "CURRENT", "lock"]
    files += sorted(p.relative_to(store).as_posix() for p in (store / current).rglob("*") if p.is_file())
    return files


def damage(path: Path, mode: str, rng: random.Random) -> None:
    if mode == "delete":
        path.unlink()
    elif mode == "empty":
        path.write_bytes(b"")
    elif mode == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.write_bytes(rng.randbytes(max(1, path.stat().st_size)))


def assert_reads(store: Path, expected: dict, where: str) -> None:
    for args in READS:
        result = run(store, *args)
        if result.exit_code == 0:
            assert result.stdout == expected[tuple(args)], f"{where}: {args} answered differently"
        else:
            lines = result.output.strip().splitlines()
            assert result.exit_code == 1, f"{where}: {args} exit {result.exit_code}: {result.output}"
            assert len(lines) == 1 and lines[0].startswith("Error: the store is damaged: "), \
                f"{where}: {args}: {result.output}"
            assert lines[0].endswith("; run kg ingest --repair"), where


def test_the_store_files_are_all_damaged_in_turn(pristine):
    notes, store, _ = pristine
    names = store_files(store)
    assert {"KG_STORE", "CURRENT", "notes.json", "graph.json", "checksums.json"} <= {
        n.split("/", 1)[-1] for n in names}
    assert any("/index/" in n and n.endswith(".toc") for n in names)


@pytest.mark.parametrize("mode", MODES)
def test_damaged_store_answers_right_or_says_so_then_is_repaired(pristine, tmp_path, mode):
    notes, clean, expected = pristine
    rng = random.Random(mode)
    for name in store_files(clean):
        store = tmp_path / f"{mode}-{name.replace('/', '_')}"
        shutil.copytree(clean, store)
        damage(store / name, mode, rng)
        where = f"{name} ({mode})"
        assert_reads(store, expected, where)

        repaired = run(store, "ingest", str(notes), "--json")
        assert repaired.exit_code == 0, f"{where}: ingest: {repaired.output}"
        check = run(store, "check", "--json")
        assert check.exit_code == 0 and json.loads(check.stdout)["ok"], f"{where}: {check.output}"
        assert json.loads(check.stdout)["index"] == "signed", where
        for args in (["meetings", "--json"], ["search", "Bramble docs", "--json"],
                     ["ask", "who leads Bramble?", "--json"]):
            result = run(store, *args)
            assert (result.exit_code, result.stdout) == (0, expected[tuple(args)]), f"{where}: {args}"
        shutil.rmtree(store)


def test_repair_without_paths_uses_the_stored_folders(pristine, tmp_path):
    notes, clean, expected = pristine
    store = tmp_path / "store"
    shutil.copytree(clean, store)
    current = (store / "CURRENT").read_text().strip()
    (store / current / "notes.json").write_bytes(b"{}")
    broken = run(store, "check")
    assert broken.exit_code == 1
    assert broken.output.strip().splitlines() == [
        "Error: the store is damaged: notes.json; run kg ingest --repair"]
    result = run(store, "ingest", "--repair")
    assert result.exit_code == 0, result.output
    assert "Repaired the store: rebuilt what was damaged (notes.json)." in result.output
    assert run(store, "meetings", "--json").stdout == expected[("meetings", "--json")]
    assert "is whole" in run(store, "check").stdout
    usage = run(store, "ingest")
    assert usage.exit_code == 2 and "Missing argument 'PATH...'" in usage.output


def test_a_store_from_before_checksums_is_read_then_rebuilt_not_called_damaged(pristine, tmp_path):
    notes, clean, expected = pristine
    store = tmp_path / "old"
    shutil.copytree(clean, store)
    generation = store / (store / "CURRENT").read_text().strip()
    (generation / "checksums.json").unlink()
    manifest = json.loads((generation / "manifest.json").read_text())
    del manifest["checksums"]
    (generation / "manifest.json").write_text(json.dumps(manifest))
    assert_reads(store, expected, "before checksums")
    assert run(store, "meetings", "--json").stdout == expected[("meetings", "--json")]
    check = run(store, "check", "--json")
    assert check.exit_code == 0 and json.loads(check.stdout)["verified"] is False
    assert "is not verified; the next kg ingest rebuilds it" in run(store, "check").stdout

    report = json.loads(run(store, "ingest", str(notes), "--json").stdout)
    assert "repaired" not in report and report["added"] == 3
    after = json.loads(run(store, "check", "--json").stdout)
    assert (after["ok"], after["verified"], after["index"]) == (True, True, "signed")
    assert run(store, "ask", "who leads Bramble?", "--json").stdout == \
        expected[("ask", "who leads Bramble?", "--json")]
