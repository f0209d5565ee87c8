"""Hostile notes: every stage bounded, one bad file rejected with its reason, the rest ingested."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

import kg.limits
import kg.pipeline
from kg import KnowledgeBase
from kg.cli import cli
from kg.limits import MAX_PARAGRAPH, YamlRefused, load_yaml
from kg.parse import RejectedInput, parse_bytes, parse_text

GOOD = "# Weekly call 2024-01-09\n\nAttendees: Lena Hofmann, Bob Okafor\n\n## Release\nBob will ship it.\n"


def ingest(tmp_path, files: dict[str, bytes | str]):
    folder = tmp_path / "notes"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    kb = KnowledgeBase.open(tmp_path / "store", create=True)
    return kb, kb.ingest([folder])


def cpu(func, *args):
    started = time.process_time()
    result = func(*args)
    return result, time.process_time() - started


# ---------------------------------------------------------------------------
# YAML


def test_yaml_bomb_is_refused_fast():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]")
    text = "---\n" + "\n".join(lines) + "\ntitle: Bomb\ndate: 2024-01-09\n---\n# Call\n\nBob will go.\n"
    assert len(text) < 1000
    note, seconds = cpu(parse_text, text, "bomb.md")
    assert seconds < 2
    assert note.warnings[0].startswith("front matter not read: YAML aliases are not allowed (line 2)")
    assert (note.title, note.date) == ("Bomb", "2024-01-09")  # the plain fields are kept


@pytest.mark.parametrize("text, reason", [
    ("a: !!python/object/apply:os.system ['touch pwned']", "could not determine a constructor"),
    ("a: " + "[" * 60 + "]" * 60, "nested more than 50 levels"),
    ("a: " + "x" * 20_000, "over 16 KB"),
])
def test_yaml_that_is_not_read(text, reason):
    with pytest.raises(YamlRefused if "constructor" not in reason else Exception, match=reason):
        load_yaml(text)


def test_huge_front_matter_is_ignored_with_a_warning():
    text = "---\n" + "".join(f"k{i}: v\n" for i in range(5000)) + "---\n# Call 2024-01-09\n\nBob will go.\n"
    note = parse_text(text, "x.md")
    assert note.warnings[0].startswith("front matter not read: YAML over 16 KB is not read")
    assert note.date == "2024-01-09"


# ---------------------------------------------------------------------------
# Shapes that used to hang or crash


def test_paragraph_over_a_million_characters(tmp_path):
    """spaCy's E088 (nlp.max_length) never happens: the paragraph is split, with a warning."""
    words = "the release of Bramble " * 60_000
    kb, report = ingest(tmp_path, {"2024-01-09.md": GOOD + "\n" + words + "\n", "2024-01-16.md":
                                   GOOD.replace("09", "16")})
    assert report.rejected == [] and report.added == 2
    warning = next(w for p, w in report.warnings if p.endswith("2024-01-09.md") and "split" in w)
    assert warning == "1 paragraph(s) over 20,000 characters split (line 8)"
    pieces = kb.note("2024-01-09").sections[0].paragraphs[1:]
    assert len(pieces) == 70 and all(len(p.text) <= MAX_PARAGRAPH for p in pieces)
    assert " ".join(p.text for p in pieces) == words.strip()
    assert kb.search("Bramble")[0].meeting == "2024-01-09"


@pytest.mark.parametrize("name, text", [
    ("backticks.md", "# Call 2024-01-09\n\n" + "`" * 100_000 + "\n"),
    ("brackets.md", "# Call 2024-01-09\n\n" + "![" * 40_000 + "x" + "](x)" * 40_000 + "\n"),
    ("speaker.md", "# Call 2024-01-09\n\nAttendees: Lena Hofmann\n\n## A\nLena Hofmann "
     + "(x)" * 33_000 + ": hi\n"),
    ("lists.md", "# Call 2024-01-09\n\n"
     + "".join("  " * (i % 400) + "- Bob will do it\n" for i in range(1600))),
    ("smileys.md", "# Call 2024-01-09\n\n## A\n" + ":)" * 50_000 + "\n"),
    ("tables.html", "<html><body><h1>Call 2024-01-09</h1>" + "<table><tr><td>" * 4_400 + "Bob</body></html>"),
    ("actions.md", "# Call 2024-01-09\n\nAttendees: Lena Hofmann, Bob Okafor\n\n## A\n"
     + "Bob will fix it. He will ship it. Lena agreed to review it. " * 2_000 + "\n"),
])
def test_shapes_that_used_to_hang_take_seconds(tmp_path, name, text):
    started = time.process_time()
    kb, report = ingest(tmp_path, {name: text, "2024-01-16.md": GOOD.replace("09", "16")})
    assert time.process_time() - started < 30  # were 14 s to over 180 s (more with a loaded machine)
    assert [r.reason for r in report.rejected if "time budget" in r.reason or "could not" in r.reason] == []
    assert report.meetings >= 1 and report.errors == []


def test_html_the_parser_rejects_is_one_file_rejected(tmp_path):
    kb, report = ingest(tmp_path, {"bad.html": "<html><body>" + "<![" * 200 + "</body></html>",
                                   "2024-01-09.md": GOOD})
    assert [(r.path.rsplit("/", 1)[-1], r.reason.split(":")[0]) for r in report.rejected] == [
        ("bad.html", "HTML the parser cannot read")]
    assert report.meetings == 1


def test_a_note_is_read_up_to_its_50000th_line():
    text = "# Call 2024-01-09\n\n" + "## H\ntext\n" * 30_000
    note = parse_text(text, "x.md")
    assert note.warnings[0] == "note cut at line 50,001: more than 50,000 lines; the rest is not read"
    assert len(note.sections) == 24_999


# ---------------------------------------------------------------------------
# The error boundary and the time budget


def test_any_exception_rejects_that_file_only(tmp_path, monkeypatch):
    real = kg.pipeline.parse_bytes

    def flaky(data, source):
        if "broken" in source:
            raise ValueError("boom\nsecond line")
        return real(data, source)

    monkeypatch.setattr(kg.pipeline, "parse_bytes", flaky)
    kb, report = ingest(tmp_path, {"broken.md": GOOD, "2024-01-09.md": GOOD})
    assert [r.reason for r in report.rejected] == ["could not be read: ValueError: boom"]
    assert (report.added, report.meetings) == (1, 1)
    assert "ValueError: boom" in report.errors[0][1] and "Traceback" in report.errors[0][1]


def test_debug_shows_the_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(kg.pipeline, "parse_bytes", lambda data, source: 1 / 0)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "2024-01-09.md").write_text(GOOD)
    (tmp_path / "notes" / "2024-01-10.md").write_text(GOOD)
    args = ["ingest", str(tmp_path / "notes"), "--store", str(tmp_path / "store")]
    quiet = CliRunner().invoke(cli, args)
    assert "could not be read: ZeroDivisionError: division by zero" in quiet.output
    assert "Traceback" not in quiet.output
    loud = CliRunner().invoke(cli, ["--debug", *args, "--rebuild"])
    assert "Traceback (most recent call last)" in loud.output


def test_extraction_failure_rejects_that_file(tmp_path, monkeypatch):
    real = kg.pipeline.extract_note

    def flaky(note, nlp):
        if note.date == "2024-01-16":
            raise RuntimeError("bad")
        return real(note, nlp)

    monkeypatch.setattr(kg.pipeline, "extract_note", flaky)
    kb, report = ingest(tmp_path, {"2024-01-09.md": GOOD, "2024-01-16.md": GOOD.replace("09", "16")})
    assert [(r.path.rsplit("/", 1)[-1], r.reason) for r in report.rejected] == [
        ("2024-01-16.md", "could not be read: RuntimeError: bad")]
    assert (report.added, report.meetings) == (1, 1)
    assert [m["date"] for m in kb.meetings()] == ["2024-01-09"]


def test_parsing_past_the_budget_is_stopped(tmp_path, monkeypatch):
    """A parser stuck in a loop of its own (no checkpoint) is interrupted by the CPU timer."""
    real = kg.pipeline.parse_bytes

    def stuck(data, source):
        if "stuck" in source:
            while True:
                pass
        return real(data, source)

    monkeypatch.setattr(kg.pipeline, "parse_bytes", stuck)
    monkeypatch.setattr(kg.pipeline, "FILE_SECONDS", 0.3)
    kb, report = ingest(tmp_path, {"stuck.md": GOOD, "2024-01-09.md": GOOD})
    assert [r.reason for r in report.rejected] == [
        "took longer than 0.3 s to read (time budget): skipped"]
    assert report.meetings == 1 and report.errors == []
    assert KnowledgeBase.open(tmp_path / "store").meetings()[0]["date"] == "2024-01-09"


def test_extraction_past_the_budget_is_stopped_between_paragraphs(tmp_path, monkeypatch):
    monkeypatch.setattr(kg.pipeline, "FILE_SECONDS", 0.0)
    monkeypatch.setattr(kg.limits, "FILE_SECONDS", 0.0)
    kb, report = ingest(tmp_path, {"2024-01-09.md": GOOD})
    assert [r.reason for r in report.rejected] == ["took longer than 0 s to read (time budget): skipped"]


def test_rejections_are_one_line():
    for data in (b"", b"\x00\x01binary", b"<html><body>" + b"<![" * 50):
        with pytest.raises(RejectedInput) as caught:
            parse_bytes(data, "x.html")
        assert "\n" not in str(caught.value) and str(caught.value)
