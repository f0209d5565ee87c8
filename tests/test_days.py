"""Notes that cover several days become one meeting per day."""

from __future__ import annotations

from kg.parse import parse_meetings

from .conftest import ingest_texts

SUMMIT = """# Hybrid summit

Location: Munich
Attendees: Ana Lima, Bo Chen, Chidi Okeke

## Day 1 — Tuesday 10 October 2023

### Wasm GC
Ana: the proposal is at phase 4.
Bo will write the test plan.

## Day 2 — Wednesday 11 October

### Threads
Chidi: shared memory needs a fence.

### Closing
Ana thanked the hosts.
"""


def test_a_note_with_dated_day_headings_is_one_meeting_per_day():
    days = parse_meetings(SUMMIT.encode(), "2023/summit.md")
    assert [(d.date, d.date_source) for d in days] == [("2023-10-10", "day heading"),
                                                       ("2023-10-11", "day heading")]
    assert [d.title for d in days] == ["Hybrid summit (Day 1)", "Hybrid summit (Day 2)"]
    assert [[s.heading for s in d.sections if s.heading] for d in days] == [
        ["Day 1 — Tuesday 10 October 2023", "Wasm GC"],
        ["Day 2 — Wednesday 11 October", "Threads", "Closing"]]
    assert [[a.name for a in d.attendees] for d in days] == [["Ana Lima", "Bo Chen", "Chidi Okeke"]] * 2
    assert [d.fields.get("location") for d in days] == ["Munich", "Munich"]


def test_day_headings_without_dates_leave_one_meeting():
    text = SUMMIT.replace(" — Tuesday 10 October 2023", "").replace(" — Wednesday 11 October", "")
    text = text.replace("# Hybrid summit", "# Hybrid summit, 10 October 2023")
    assert [d.date for d in parse_meetings(text.encode(), "summit.md")] == ["2023-10-10"]


def test_each_day_of_a_stored_note_is_a_meeting_and_stays_one(tmp_path):
    kb = ingest_texts(tmp_path, {"summit.md": SUMMIT})
    records = kb.meetings()
    assert [(m["id"], m["date"], m["source"]) for m in records] == [
        ("meeting:2023-10-10", "2023-10-10", str(tmp_path / "notes" / "summit.md")),
        ("meeting:2023-10-11", "2023-10-11", str(tmp_path / "notes" / "summit.md"))]
    assert [a["owners"] for a in records[0]["actions"]] == [["Bo Chen"]]
    assert records[1]["actions"] == [] and records[1]["speakers"] == ["Chidi Okeke"]
    report = kb.ingest([tmp_path / "notes"])
    assert (report.unchanged, report.changed, len(kb.meetings())) == (1, False, 2)
    (tmp_path / "notes" / "summit.md").write_text(SUMMIT.split("## Day 2")[0], encoding="utf-8")
    report = kb.ingest([tmp_path / "notes"])
    assert report.updated == 1 and [m["date"] for m in kb.meetings()] == ["2023-10-10"]


def test_a_day_with_its_own_attendee_list_has_its_own_attendees():
    text = SUMMIT.replace("### Threads\n", "Attendees: Chidi Okeke, Dana Ruiz\n\n### Threads\n")
    days = parse_meetings(text.encode(), "2023/summit.md")
    assert [[a.name for a in d.attendees] for d in days] == [
        ["Ana Lima", "Bo Chen", "Chidi Okeke"], ["Chidi Okeke", "Dana Ruiz"]]
    assert all("Attendees" not in p.text for s in days[1].sections for p in s.paragraphs)
