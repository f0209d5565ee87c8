"""The command line, driven through click's test runner and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from kg.cli import cli


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_ingest_json_summary(notes_dir, store_dir):
    result = invoke("ingest", str(notes_dir), "--store", str(store_dir), "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert {k: report[k] for k in ("added", "updated", "removed", "unchanged", "meetings")} == {
        "added": 9, "updated": 0, "removed": 0, "unchanged": 0, "meetings": 9}
    assert sorted(r["reason"] for r in report["rejected"]) == [
        "binary file", "empty file", "not a meeting note: a README"]
    assert isinstance(report["seconds"], float)


def test_ingest_human_summary_and_rejections_on_stderr(notes_dir, store_dir):
    result = invoke("ingest", str(notes_dir), "--store", str(store_dir))
    assert result.exit_code == 0
    assert result.stdout.startswith("9 added, 0 updated, 0 removed, 0 unchanged")
    assert "2024-10-01-binary.md: binary file" in result.stderr
    assert "undated.md: no meeting date found" in result.stderr


def test_store_from_environment(notes_dir, store_dir):
    result = CliRunner(env={"KG_STORE": str(store_dir)}).invoke(cli, ["ingest", str(notes_dir)])
    assert result.exit_code == 0
    assert (store_dir / "CURRENT").exists()


def test_group_level_store_option(notes_dir, store_dir):
    assert invoke("--store", str(store_dir), "ingest", str(notes_dir)).exit_code == 0
    assert invoke("--store", str(store_dir), "meetings").exit_code == 0


def test_meetings_json_records(notes_dir, store_dir):
    invoke("ingest", str(notes_dir), "--store", str(store_dir))
    result = invoke("meetings", "--json", "--store", str(store_dir))
    records = json.loads(result.stdout)
    assert len(records) == 9
    first = next(r for r in records if r["id"] == "meeting:2024-02-06")
    assert first["chair"] == "Lena Hofmann"
    assert first["title"] == "Weekly Meeting: 2024-02-06"
    assert first["sections"] == ["Agenda", "Notes", "FernSync status", "Docs day", "ARM port"]
    assert len(first["attendees"]) == 5
    assert first["unresolved_attendees"] == ["Chris ?"]
    for key in ("unresolved_attendees", "people_mentioned", "projects", "issues", "actions"):
        assert key in first


def test_meetings_text(notes_dir, store_dir):
    invoke("ingest", str(notes_dir), "--store", str(store_dir))
    lines = invoke("meetings", "--store", str(store_dir)).stdout.splitlines()
    assert len(lines) == 9
    assert lines[0].startswith("2024-02-06  Weekly Meeting: 2024-02-06  [5 attendees, chair Lena")


def test_no_store_is_exit_1_with_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["meetings", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("Error: no store at")


def test_nothing_ingestible_is_exit_1(tmp_path, store_dir):
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "missing"), "--store", str(store_dir)])
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr
    assert "Traceback" not in result.output


def test_usage_error_is_exit_2():
    assert CliRunner().invoke(cli, ["ingest"]).exit_code == 2
    assert CliRunner().invoke(cli, ["no-such-command"]).exit_code == 2


def test_damaged_store_no_traceback_unless_debug(notes_dir, store_dir):
    invoke("ingest", str(notes_dir), "--store", str(store_dir))
    (store_dir / "CURRENT").write_text("garbage")
    result = CliRunner().invoke(cli, ["meetings", "--store", str(store_dir)])
    assert result.exit_code == 1
    assert "damaged" in result.stderr and "Traceback" not in result.stderr
    debug = CliRunner().invoke(cli, ["meetings", "--store", str(store_dir), "--debug"])
    assert debug.exception is not None


def test_python_dash_m_and_console_script(notes_dir, store_dir):
    result = subprocess.run([sys.executable, "-m", "kg", "ingest", str(notes_dir), "--store",
                             str(store_dir), "--json"], capture_output=True, text=True)
    assert result.returncode == 0
    assert json.loads(result.stdout)["meetings"] == 9
