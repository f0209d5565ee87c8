"""Projects: what recurs in the notes, not the folder's template, table headers or people."""

from __future__ import annotations

from .conftest import ingest_texts

TEMPLATE = ("# Sync {day}\n\n### Registration\n\nNone required. Email the Fern Chair to sign up.\n\n"
            "## Agenda\n\n1. Opening\n1. Closure\n\n## Attendees\n\n- Bo Chen\n- Ann Lee\n\n")


def names(kb):
    return sorted(p["name"] for p in kb.projects())


def test_the_folders_template_names_no_project(tmp_path):
    kb = ingest_texts(tmp_path, {f"2024-05-0{day}.md": TEMPLATE.format(day=day) + (
        f"## Bramble\n\nBramble 0.{day} is out. Bo Chen tested Bramble on a laptop.\n")
        for day in (2, 4, 6, 8)})
    assert names(kb) == ["Bramble"]


def test_table_column_headers_are_not_projects(tmp_path):
    table = ("| Item | Description |\n|---|---|\n| {day}.1 | Thicket 0.{day} ships. |\n"
             "| {day}.2 | Nothing else. |\n\n")
    kb = ingest_texts(tmp_path, {f"2024-05-0{day}.md": (
        f"# Sync {day}\n\nAttendees: Bo Chen, Ann Lee\n\n## Summary\n\n" + table.format(day=day)
        + f"## Release\n\nAnn Lee: the docs of Thicket 0.{day} are late.\n") for day in (2, 4, 6)})
    assert names(kb) == ["Thicket"]


def test_a_stray_bracket_is_not_part_of_a_project_name(tmp_path):
    kb = ingest_texts(tmp_path, {f"2024-05-0{day}.md": (
        f"# Sync {day}\n\nAttendees: Bo Chen\n\n## Inclusion Lists (context(https://x.org/il))\n\n"
        "Bo Chen: Inclusion Lists need a spec.\n") for day in (2, 4)})
    assert names(kb) == ["Inclusion Lists"]


def test_a_misspelt_name_of_a_person_is_not_a_project(tmp_path):
    kb = ingest_texts(tmp_path, {f"2024-05-0{day}.md": (
        f"# Sync {day}\n\nAttendees: Dankrad Feist, Bo Chen\n\n## Blobs\n\n"
        "Bo Chen: Dankard said the Blobs work. Dankard will test Blobs again.\n") for day in (2, 4)})
    assert names(kb) == ["Blobs"]


def test_works_on_says_whether_it_was_stated_or_inferred(tmp_path):
    kb = ingest_texts(tmp_path, {f"2024-05-0{day}.md": (
        f"# Sync {day}\n\nAttendees: Bo Chen, Ann Lee\n\n## Thicket\n\n"
        f"Bo Chen maintains Thicket {day}.0 now.\n\nAnn Lee: the Thicket {day} tests were slow.\n")
        for day in (2, 4, 6)})
    graph = kb.graph
    basis = {u: d["basis"] for u, v, k, d in graph.edges(keys=True, data=True) if k == "works_on"}
    assert basis == {"person:bo-chen": "stated", "person:ann-lee": "inferred"}


def test_a_heading_in_most_notes_is_the_skeleton_not_a_project(tmp_path):
    kb = ingest_texts(tmp_path, {f"2024-05-0{day}.md": (
        f"# Sync {day}\n\nAttendees: Bo Chen, Ann Lee\n\n## Bramble\n\nBo Chen: Bramble 0.{day} is out.\n\n"
        f"## {day}. Closure\n\nAnn Lee closed the call at {day} pm.\n") for day in (2, 4, 6, 8)})
    assert names(kb) == ["Bramble"]


def test_a_word_written_as_a_common_noun_is_not_a_project(tmp_path):
    text = ("# Sync {day}\n\nAttendees: Bo Chen, Ann Lee\n\n"
            "Bo Chen: the CL is ready, and the L2s agree with the L2 teams. So Thicket 0.{day} runs on "
            "an L2.\n"
            "Ann Lee: so Thicket will ship on day {day}; the CL team agrees and the CL side is done.\n")
    kb = ingest_texts(tmp_path, {f"2024-05-0{day}.md": text.format(day=day) for day in (2, 4, 6)})
    assert names(kb) == ["Thicket"]


def test_labels_are_not_projects(tmp_path):
    text = ("# Sync {day}\n\nAttendees: Bo Chen, Ann Lee\n\n## Reminder: Thicket {what}\n\n"
            "Bo Chen: Thicket {day} moves on.\n\n## Poll {what}\n\n* SF: {day}\n* SA: {day}\n\n"
            "Ann Lee: so Thicket {what} passes.\n")
    kb = ingest_texts(tmp_path, {f"2024-05-0{day}.md": text.format(day=day, what=what)
                                 for day, what in ((2, "vote"), (4, "docs"), (6, "logo"))})
    assert names(kb) == ["Thicket"]


def test_a_misspelling_of_a_project_is_the_project(tmp_path):
    notes = {f"2024-05-0{day}.md": (
        f"# Sync {day}\n\nAttendees: Bo Chen, Ann Lee\n\n## Dencun\n\nBo Chen: Dencun is on devnet {day}; "
        "the tests are out and Dencun ships.\n") for day in range(1, 7)}
    for day in (7, 8, 9):
        notes[f"2024-05-0{day}.md"] = (
            f"# Sync {day}\n\nAttendees: Bo Chen, Ann Lee\n\n## Status\n\nBo Chen: so Dancun slipped "
            f"{day} days; GSoC/OPW students joined, and GSoC and OPW are done.\n")
    notes["2024-05-09.md"] += "\n## Dencun Hackathon\n\nAnn Lee: the Dencun Hackathon was fun.\n"
    kb = ingest_texts(tmp_path, notes)
    assert names(kb) == ["Dencun", "Dencun Hackathon", "GSoC", "OPW"]
    dencun = next(p for p in kb.projects() if p["name"] == "Dencun")
    assert (dencun["aliases"], dencun["meetings"]) == (["Dancun"], 9)


def test_two_letters_in_two_meetings_are_not_a_project(tmp_path):
    kb = ingest_texts(tmp_path, {f"2024-05-0{day}.md": (
        f"# Sync {day}\n\nAttendees: Bo Chen, Ann Lee\n\n## Thicket\n\nBo Chen: Thicket and EA and "
        "EA again.\n") for day in (2, 4)})
    assert names(kb) == ["Thicket"]


def test_a_project_with_plain_words_after_it_is_that_project_but_not_its_events_or_releases(tmp_path):
    kb = ingest_texts(tmp_path, {f"2024-05-0{day}.md": (
        f"# Sync {day}\n\nAttendees: Bo Chen, Ann Lee\n\n## Verkle\n\nBo Chen: so Verkle {day} is close; "
        f"the Verkle Tree spec (a tree of tries) and the Verkle Hackathon are set, and Verkle 2.{day} "
        "is out.\n")
        for day in (2, 4, 6)})
    assert names(kb) == ["Verkle", "Verkle Hackathon"]
    verkle = next(p for p in kb.projects() if p["name"] == "Verkle")
    assert verkle["aliases"] == ["Verkle Tree"]
