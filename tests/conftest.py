"""Shared fixtures: the project's own small notes, copied into temporary folders."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The index signing key of the test run (kg.index), never the user's own.
os.environ["KG_KEY_FILE"] = str(Path(tempfile.mkdtemp(prefix="kg-test-key-")) / "key")

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


def ingest_texts(tmp_path: Path, notes: dict[str, str]):
    """A store holding just *notes* (file name -> text), written for one test."""
    from kg import KnowledgeBase

    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in notes.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    kb = KnowledgeBase.open(tmp_path / "store", create=True)
    kb.ingest([folder])
    return kb
