"""The sample corpus parses to what tests/corpus_gold.yaml says it holds."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg import KnowledgeBase

from .conftest import CORPUS

GOLD = yaml.safe_load((Path(__file__).parent / "corpus_gold.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus_kb(tmp_path_factory):
    kb = KnowledgeBase.open(tmp_path_factory.mktemp("corpus") / "store", create=True)
    report = kb.ingest([CORPUS])
    return kb, report


def test_corpus_size_and_skipped_files(corpus_kb):
    kb, report = corpus_kb
    assert report.added == len(GOLD["notes"]) == 32
    assert sorted(Path(r.path).name for r in report.rejected) == ["README.md", "index.md"]
    dates = [m["date"] for m in kb.meetings()]
    assert len(set(dates)) == 32
    assert dates[0] < "2024-02-01" and dates[-1] > "2025-01-01"


@pytest.mark.parametrize("gold", GOLD["notes"], ids=lambda g: g["path"])
def test_corpus_note(corpus_kb, gold):
    kb, _ = corpus_kb
    meeting = next(m for m in kb.meetings() if m["source"].endswith(gold["path"]))
    assert meeting["date"] == str(gold["date"])
    assert meeting["title"] == gold["title"]
    assert len(meeting["attendees"]) + len(meeting["unresolved_attendees"]) == gold["attendees_written"]
    assert meeting["attendees"] == [name for name in gold["attendees"] if "?" not in name]
    assert meeting["unresolved_attendees"] == [name for name in gold["attendees"] if "?" in name]
    assert meeting["sections"] == gold["sections"]
    assert meeting["chair"] == gold["chair"]
