"""What the Manage page does to a store: uploads, merges, mentions that name nobody."""

from __future__ import annotations

import json

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


TWO_DAVES = {
    "2024-01-09.md": ("# Call 2024-01-09\n\nAttendees: Dave Scott, Lena Hofmann\n\n"
                      "## Sync\nDave Scott will test it.\n"),
    "2024-01-23.md": ("# Call 2024-01-23\n\nAttendees: David Scott, Lena Hofmann\n\n"
                      "## Sync\nLena will ship it.\n"),
}


def test_a_distinct_list_keeps_alike_names_apart(tmp_path):
    from .conftest import ingest_texts

    kb = ingest_texts(tmp_path, TWO_DAVES)
    assert [p["name"] for p in kb.people() if "Scott" in p["name"]] == ["David Scott"]
    (tmp_path / "notes" / "people.yaml").write_text("- distinct: [Dave Scott, David Scott]\n",
                                                    encoding="utf-8")
    kb.ingest([tmp_path / "notes"])
    assert sorted(p["name"] for p in kb.people() if "Scott" in p["name"]) == ["Dave Scott", "David Scott"]
    assert [m["attendees"][0] for m in kb.meetings()] == ["Dave Scott", "David Scott"]


def test_a_merge_is_undone_whoever_made_it(tmp_path):
    from .conftest import ingest_texts

    kb = ingest_texts(tmp_path, TWO_DAVES)
    kb.separate_person("Dave Scott", "David Scott")  # kg's own merge
    assert sorted(p["name"] for p in kb.people() if "Scott" in p["name"]) == ["Dave Scott", "David Scott"]
    kb.merge_person("Dave Scott", "David Scott")  # merged again by hand: the pair is no longer distinct
    assert [p["name"] for p in kb.people() if "Scott" in p["name"]] == ["David Scott"]
    assert (tmp_path / "store" / "people.yaml").read_text(encoding="utf-8") == (
        "- name: David Scott\n  aliases:\n  - Dave Scott\n")
    kb.separate_person("Dave Scott", "David Scott")  # the hand-made merge, undone
    assert sorted(p["name"] for p in kb.people() if "Scott" in p["name"]) == ["Dave Scott", "David Scott"]
    assert (tmp_path / "store" / "people.yaml").read_text(encoding="utf-8") == (
        "- name: David Scott\n  aliases: []\n- distinct:\n  - Dave Scott\n  - David Scott\n")


def test_people_merge_and_separate_from_the_command_line(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    from .conftest import ingest_texts

    ingest_texts(tmp_path, TWO_DAVES)
    store = str(tmp_path / "store")
    result = CliRunner().invoke(cli, ["people", "--store", store, "--separate", "Dave Scott", "David Scott"])
    assert result.exit_code == 0 and "Dave Scott is no longer David Scott" in result.output
    result = CliRunner().invoke(cli, ["people", "--store", store, "--json"])
    assert sorted(p["name"] for p in json.loads(result.output) if "Scott" in p["name"]) == [
        "Dave Scott", "David Scott"]
    result = CliRunner().invoke(cli, ["people", "--store", store, "--merge", "Dave Scott", "Dave Scott"])
    assert result.exit_code == 2
