"""Text printed to a terminal never carries control sequences from notes or file names."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from kg.cli import cli

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NOTE = ("# Release call\x1b]0;pwned\x07 2024-01-09\n\nAttendees: Lena Hofmann, Bob Okafor\n\n"
        "## Release\x1b[2J\nBob will ship the \x1b[31mrelease\x1b[0m on Friday\x9b31m.\n"
        "Lena will\x0b review the \u202erelease notes.\n")


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_commands_print_no_control_sequences(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2024-01-09.md").write_text(NOTE, encoding="utf-8")
    (notes / "evil\nforged: line\x1b[2J.md").write_text("", encoding="utf-8")
    store = str(tmp_path / "store")
    outputs = [run("ingest", str(notes), "--store", store)]
    assert outputs[0].exit_code == 0
    lines = outputs[0].output.splitlines()
    assert not any(line.startswith("forged") for line in lines)
    assert any("evil\\nforged: line" in line and line.endswith("empty file") for line in lines)
    for args in (["meetings"], ["search", "release"], ["ask", "what will Bob do?"],
                 ["ask", "who leads release?", "--explain"], ["people"], ["entity", "Bob Okafor"],
                 ["review", "--year", "2024"]):
        result = run(*args, "--store", store)
        assert result.exit_code == 0, (args, result.output)
        outputs.append(result)
    printed = "".join(r.output for r in outputs)
    assert "release" in printed and "Bob Okafor" in printed
    assert CONTROL.findall(printed) == []


def test_json_escapes_control_characters(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2024-01-09.md").write_text(NOTE, encoding="utf-8")
    store = str(tmp_path / "store")
    run("ingest", str(notes), "--store", store)
    result = run("search", "release", "--json", "--store", store)
    assert CONTROL.findall(result.output) == []
    snippets = [hit["snippet"] for hit in json.loads(result.output)["hits"]]
    assert any("\u202e" in s for s in snippets)  # the same data, escaped for the terminal only
