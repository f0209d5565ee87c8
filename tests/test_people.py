"""People in notes: who is listed, who is named, who speaks, and what is not a person."""

from __future__ import annotations

from kg.parse.attendees import parse_attendees
from kg.resolve import noun_initials

from .conftest import ingest_texts


def record_of(kb, name):
    return next(m for m in kb.meetings() if m["source"].endswith(name))


def test_video_call_placeholders_are_not_attendees():
    names = [a.name for a in parse_attendees("Ana Lima, Zoom user, Usuario de Zoom, Guest 2, Bo Chen")]
    assert names == ["Ana Lima", "Bo Chen"]


def test_header_note_taker_and_moderator_are_people_mentioned(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync 12\n### Moderator: Ana Lima\n### Notes: Quillon\n\n## Attendees\n- Ana Lima\n"
        "- Bo Chen\n\n## Release\nBo Chen: the build is green.\n")})
    record = kb.meetings()[0]
    assert record["chair"] == "Ana Lima"
    assert record["people_mentioned"] == ["Ana Lima", "Quillon", "Bo Chen"]
    assert "Quillon" in [p["name"] for p in kb.people()]


def test_initials_used_as_nouns_are_not_people(tmp_path):
    assert noun_initials(["We merged a PR and two PRs.", "PR said so"]) == {"PR"}
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\nAttendees: Priya Rao, Bo Chen\n\n## Release\n"
        "Bo will open a PR for the fix.\n\nPR: I can review it tomorrow.\n")})
    record = kb.meetings()[0]
    assert record["speakers"] == ["Priya Rao"]
    assert record["people_mentioned"] == ["Bo Chen", "Priya Rao"]


def test_an_initial_is_not_a_first_name(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\nAttendees: F. Smirnov, Bo Chen\n\n## Poll\n\n|SF|F|N|A|SA|\n|-|-|-|-|-|\n"
        "|3|1|0|0|0|\n\nBo: the poll passes.\n")})
    assert record_of(kb, "2024-05-02.md")["people_mentioned"] == ["Bo Chen"]


def test_single_name_speaker_labels_and_team_labels(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\nAttendees: Bo Chen\n\n## Fork\n\n**Ognyan**\nWe tested the fork.\n\n"
        "**Bo Chen**\nThanks.\n\n**Ognyan**\nOne more thing on the fork.\n\n"
        "**EF Security**\nNo issues found.\n\n**EF Security**\nStill none.\n")})
    record = record_of(kb, "2024-05-02.md")
    assert record["speakers"] == ["Ognyan", "Bo Chen"]
    assert sorted(p["name"] for p in kb.people()) == ["Bo Chen", "Ognyan"]
