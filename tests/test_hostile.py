"""Generated hostile notes (tests/hostile.py) through parsing, extraction and a whole ingest."""

from __future__ import annotations

import random
import re

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import KnowledgeBase
from kg.cli import cli
from kg.extract import extract_note
from kg.limits import MAX_HEADING, MAX_PARAGRAPH
from kg.nlp import build_pipeline
from kg.parse import RejectedInput, parse_bytes

from .hostile import JUNK, SHAPES, corpus

NLP = build_pipeline(names=["Lena Hofmann", "Lena", "Bob Okafor", "Bob", "TG"])
STRUCTURE = ["\n", "\n\n", "# ", "## ", "- ", "  - ", "> ", "| a | b |\n|---|---|\n", "Attendees: ",
             "Lena Hofmann", "Bob", " will ", " to ", "ACTION: ", "TG: ", "(chair)", "2024-01-09",
             "<table><tr><td>", "<p>", "<h2>", "---\ntitle: x\n---\n", "&a", "*b", "[", "]("]
FRAGMENTS = st.one_of(st.sampled_from(JUNK + STRUCTURE), st.text(max_size=12))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS, max_size=80).map("".join), st.sampled_from(["n.md", "n.txt", "n.html"]),
       st.integers(min_value=1, max_value=40))
def test_parse_and_extract_never_fail(text, source, repeat):
    """Any mix of markup, names and junk, repeated: parsed and extracted, or rejected cleanly."""
    try:
        note = parse_bytes((text * repeat).encode("utf-8", "surrogatepass"), source)
    except RejectedInput as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for section in note.sections:
        assert len(section.heading) <= MAX_HEADING + 1
        assert all(len(p.text) <= MAX_PARAGRAPH for p in section.paragraphs)
    found = extract_note(note, NLP)
    assert all(0 <= s.start <= s.end for s in found.sentences)


def test_every_shape_is_read_or_rejected_with_one_line():
    rng = random.Random(5)
    for name, shape in SHAPES.items():
        for size in (10, 300, 5000):
            try:
                note = parse_bytes(shape(rng, size), f"{name}.md")
            except RejectedInput as exc:
                assert str(exc) and "\n" not in str(exc), name
            else:
                extract_note(note, NLP)


def test_a_generated_hostile_corpus_ingests(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    files = list(corpus(random.Random(16), 230, 3000))
    for name, _, data in files:
        (folder / name).write_bytes(data)
    kb = KnowledgeBase.open(tmp_path / "store", create=True)
    report = kb.ingest([folder])
    assert report.errors == []  # no file failed for an internal error
    assert report.added + len(report.rejected) == len(files)
    assert report.meetings == report.added > 100
    assert all(r.reason and "\n" not in r.reason for r in report.rejected)
    again = kb.ingest([folder])
    assert (again.added, again.unchanged, len(again.rejected), again.written) == (
        0, report.added, len(report.rejected), False)
    control = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    for args in (["meetings"], ["people"], ["projects"], ["search", "Bob will"],
                 ["ask", "who leads Bob?"], ["ask", "what did Lena agree to do?"]):
        result = CliRunner().invoke(cli, [*args, "--store", str(tmp_path / "store")])
        assert result.exit_code == 0, (args, result.output)
        assert control.findall(result.output) == [], args
