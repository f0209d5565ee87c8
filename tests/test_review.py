"""The year-in-review draft, on the sample corpus."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kg import KnowledgeBase
from kg.cli import cli
from kg.review import _words, clean

from .conftest import CORPUS


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    kb = KnowledgeBase.open(tmp_path_factory.mktemp("review") / "store", create=True)
    kb.ingest([CORPUS])
    return kb


@pytest.fixture(scope="module")
def draft(kb):
    return kb.review(2024)


def footnotes(text):
    return dict(re.findall(r"^\[\^(\d+)\]: (.*)$", text, re.M))


def cited_sentences(text):
    body = [line for line in text.splitlines() if not line.startswith("[^")]
    return re.findall(r"(?:^|- )([^\n]*?)\[\^(\d+)\]", "\n".join(body), re.M)


def test_title_and_numbers(kb, draft):
    assert draft.startswith("# 2024 in review\n")
    meetings_2024 = [m for m in kb.meetings() if m["date"].startswith("2024")]
    assert f"we met {len(meetings_2024)} times" in draft
    people = {a for m in meetings_2024 for a in m["attendees"]}
    assert f"{len(people)} people took part" in draft


def test_top_projects_get_sections(kb, draft):
    headings = re.findall(r"^## (.+)$", draft, re.M)
    assert {"FernSync", "Seedlings", "Thicket"} <= set(headings[:4])
    assert headings[-3:] == ["Community and events", "Looking ahead", "Also this year"]


def test_people_credited_did_the_work(kb, draft):
    thicket = draft.split("## Thicket", 1)[1].split("\n## ", 1)[0]
    credited = re.search(r"^With (.+)\.$", thicket, re.M).group(1)
    assert credited.startswith("Ingrid Solberg")
    for name in re.split(r", | and ", credited):
        person = kb.lookup(name, ("person",))[0]
        evidence = [e for u, _, k, d in kb.graph.in_edges("project:thicket", keys=True, data=True)
                    if k == "works_on" and u == person for e in d["evidence"]]
        assert any(e["meeting"].startswith("2024") for e in evidence), name


def test_every_sentence_is_in_the_note_it_cites(kb, draft):
    notes = footnotes(draft)
    sources = {}
    for number, citation in notes.items():
        source, line = re.search(r"\((.+):(\d+)\)$", citation).groups()
        sources[number] = (source, int(line))
    sentences = cited_sentences(draft)
    assert len(sentences) == len(notes) >= 20
    parsed = {note.source: note for note in kb.notes()}
    for sentence, number in sentences:
        source, line = sources[number]
        note = parsed[source]
        lines = {p.line_at(i) for s in note.sections for p in s.paragraphs
                 for i in range(len(p.text)) if sentence[2:30] in p.text}
        text = " ".join(p.text for s in note.sections for p in s.paragraphs)
        core = sentence.strip().removeprefix("- ").rstrip(".")[1:40]  # cleaning capitalises
        assert core in text, (sentence, source)
        assert line in lines or not lines, (sentence, source, line, lines)


def test_no_sentence_twice(draft):
    sentences = [s.strip() for s, _ in cited_sentences(draft)]
    assert len(sentences) == len(set(sentences))


@pytest.mark.parametrize("limit", [150, 400])
def test_word_limit(kb, limit):
    text = kb.review(2024, max_words=limit)
    assert _words(text) <= limit
    assert set(re.findall(r"\[\^(\d+)\](?!:)", text)) == set(footnotes(text))


def test_year_without_notes(kb):
    with pytest.raises(ValueError, match="no meetings in 2019"):
        kb.review(2019)
    result = CliRunner().invoke(cli, ["review", "--year", "2019", "--store", str(kb.path)])
    assert result.exit_code == 1 and "no meetings in 2019" in result.stderr


def test_cli_writes_file(kb, tmp_path):
    out = tmp_path / "review.md"
    result = CliRunner().invoke(cli, ["review", "--year", "2025", "--out", str(out),
                                      "--store", str(kb.path)])
    assert result.exit_code == 0 and out.read_text().startswith("# 2025 in review")


def test_deterministic(kb, draft):
    assert kb.review(2024) == draft


def test_clean():
    assert clean("*Lena:* we merged it") == "We merged it."
    assert clean("See [the post][p] now") == "See the post now."
