"""Shared fixtures: the project's own small notes, copied into temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "notes"
CORPUS = Path(__file__).parent.parent / "corpus"


@pytest.fixture
def notes_dir(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/notes."""
    target = tmp_path / "notes"
    shutil.copytree(FIXTURES, target)
    return target


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"
