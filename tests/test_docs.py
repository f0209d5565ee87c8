"""Every command has --help and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def test_there_are_commands():
    assert {"ingest", "meetings"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "--store" in result.output and "Usage:" in result.output
    assert len(cli.commands[command].help or "") > 40


@pytest.mark.parametrize("command", COMMANDS)
def test_command_in_readme(command):
    assert f"kg {command}" in README


def test_readme_setup_is_two_commands():
    assert "make run" in README and "make test" in README


def test_every_intent_is_in_ask_help_and_the_readme():
    from kg.ask import INTENTS

    shown = CliRunner().invoke(cli, ["ask", "--help"]).output
    for name, declared in INTENTS.items():
        assert f"  {name}  " in shown, name
        assert f"| {name} |" in README, name
        assert len(declared.examples) >= 15, name
