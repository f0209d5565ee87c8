"""Parsing arbitrary text or bytes never raises (other than a clean rejection)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.parse import RejectedInput, parse_bytes, parse_text

NOTE_ALPHABET = st.sampled_from(
    list("abcXYZ019 \t\n:,;.()[]#*_-|<>/&?!'\"`=+~@\\") + ["---\n", "Attendees:", "<p>", "</p>",
     "<h2>", "(chair)", " and ", "2024-01-02", "\u00a0", "é", "\r", "```", "| a | b |\n|---|---|\n"]
)
SOURCES = st.sampled_from(["n.md", "n.txt", "n.html", "2024-01-02.markdown", "README.md"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(NOTE_ALPHABET, max_size=200).map("".join), SOURCES)
def test_parse_text_never_raises(text, source):
    note = parse_text(text, source)
    assert isinstance(note.title, str)
    for section in note.sections:
        for paragraph in section.paragraphs:
            assert paragraph.line >= 0


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=400), SOURCES)
def test_parse_bytes_only_rejects_cleanly(data, source):
    try:
        note = parse_bytes(data, source)
    except RejectedInput as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert note.source == source


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text(text):
    parse_text(text, "x.md")
    parse_text(text, "x.txt")
    parse_text(text, "x.html")
