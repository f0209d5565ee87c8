"""What the Manage page does to a store: uploads, merges, mentions that name nobody."""

from __future__ import annotations

from kg import KnowledgeBase

NOTE = "# Call {day}\n\nAttendees: Lena Hofmann, Bob Okafor\n\n## Sync\nLena will write the {what}.\n"


def test_an_upload_leaves_the_other_notes_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    for day, what in (("2024-01-09", "plan"), ("2024-01-23", "notes")):
        (tmp_path / "notes" / f"{day}.md").write_text(NOTE.format(day=day, what=what), encoding="utf-8")
    kb = KnowledgeBase.open("store", create=True)
    kb.ingest(["notes"])
    report, refused = kb.add_notes([("2024-02-06.md", NOTE.format(day="2024-02-06", what="post").encode())])
    assert (report.added, report.updated, report.unchanged, refused) == (1, 0, 2, [])
    assert sorted(m["source"] for m in kb.meetings()) == [
        "notes/2024-01-09.md", "notes/2024-01-23.md", "store/uploads/2024-02-06.md"]


def test_a_mention_that_names_nobody_is_no_longer_unresolved(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "2024-03-05.md").write_text(
        "# Call 2024-03-05\n\nAttendees: Lena Hofmann, Bob Okafor\n\n## Sync\n"
        "Everyone: please review the plan.\nZed will look at it.\n", encoding="utf-8")
    kb = KnowledgeBase.open(tmp_path / "store", create=True)
    kb.ingest([folder])
    before = [u["text"] for u in kb.unresolved()]
    assert "Everyone" in before
    kb.not_a_person("Everyone")
    assert [u["text"] for u in kb.unresolved()] == [t for t in before if t != "Everyone"]
    kb.not_a_person("Everyone")  # twice is once
    assert (tmp_path / "store" / "people.yaml").read_text(encoding="utf-8") == "- not_people:\n  - Everyone\n"
    kb.merge_person("Bobby", "Bob Okafor")  # a merge keeps the list
    assert "not_people" in (tmp_path / "store" / "people.yaml").read_text(encoding="utf-8")
    assert "Everyone" not in [u["text"] for u in kb.unresolved()]
