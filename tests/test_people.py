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


def test_a_first_name_is_who_spoke_in_the_meeting(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\nAttendees: Dan Gold, Dan Park, Bo Chen\n\n## Fork\n\n"
        "Dan Park: we tested the fork.\n\nBo Chen: Dan has a question first.\n")})
    record = record_of(kb, "2024-05-02.md")
    assert record["people_mentioned"] == ["Dan Park", "Bo Chen"]


def test_a_copied_roster_does_not_settle_a_first_name(tmp_path):
    roster = "".join(f"- {first} {last}\n" for first, last in zip(
        "Ada Ben Cy Dee Eve Fay Gus Hal Ida Jo Kai Lu Mo Ned Oz Pia Quin Rae Sol Tao".split(),
        "Alder Birch Cedar Dogwood Elm Fir Gum Hazel Ilex Juniper Kapok Larch Maple Nutmeg Oak "
        "Pine Quince Rowan Spruce Teak".split(), strict=True))
    note = "# Sync\n\n## Attendees\n" + roster + "\n## Fork\n\nAda Alder: {}\n"
    kb = ingest_texts(tmp_path, {"2024-05-02.md": note.format("Ben had a question."),
                                 "2024-05-16.md": note.format("Nothing new."),
                                 "2024-06-01.md": ("# Sync\n\nAttendees: Ben Okoro\n\n## Fork\n\n"
                                                   "Ben Okoro: ok.\n"),
                                 })
    assert record_of(kb, "2024-05-02.md")["people_mentioned"] == ["Ada Alder"]


def test_given_names_and_events_are_neither_projects_nor_people(tmp_path):
    kb = ingest_texts(tmp_path, {
        f"2024-05-0{day}.md": ("# Sync\n\nAttendees: Bo Chen\n\n## Fork\n\n"
                               "Martin said Martin's client is ready. Martin will ship it.\n\n"
                               "**Devconnect Berlin**\nA question.\n\n**Devconnect Berlin**\nAnother.\n")
        for day in (2, 9)})
    assert "Martin" not in [p["name"] for p in kb.projects()]
    assert [p["name"] for p in kb.people()] == ["Bo Chen"]


def test_renamed_project_is_one_project_under_its_new_name(tmp_path):
    kb = ingest_texts(tmp_path, {
        "2024-05-02.md": ("# Sync\n\nAttendees: Bo Chen\n\n## Thicket\n\n"
                          "Thicket 0.3 is out. Thicket needs docs.\n"),
        "2024-05-09.md": "# Sync\n\nAttendees: Bo Chen\n\n## Bramble\n\nNote: Thicket has been renamed to "
                         "Bramble. Bramble 0.4 is next.\n"})
    projects = {p["name"]: p for p in kb.projects()}
    assert "Thicket" not in projects
    assert "Thicket" in projects["Bramble"]["aliases"] and projects["Bramble"]["meetings"] == 2


def test_a_surname_that_is_a_word_is_not_the_person_alone(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\nAttendees: Ana Berlin, Bo Chen\n\n## Fork\n\nThe spec has not changed since Berlin.\n")})
    assert record_of(kb, "2024-05-02.md")["people_mentioned"] == []


def test_a_full_name_in_running_text_is_the_one_name_attendee(tmp_path):
    kb = ingest_texts(tmp_path, {
        "2024-05-02.md": ("# Sync\n\n## Attendees\n- Bo Chen\n- Guillaume\n\n## Summary\n\n"
                          "Nimbus developer Etan Kissling raised the ordering question. Guillaume Ballet "
                          "presented the tree work. Ansgar Lightclient please look at it.\n"),
        "2024-05-16.md": "# Sync\n\n## Attendees\n- Bo Chen\n- Guillaume\n\n## Fork\n\nGuillaume: ok.\n"})
    people = {p["name"]: p for p in kb.people()}
    assert sorted(people) == ["Bo Chen", "Etan Kissling", "Guillaume Ballet"]
    assert people["Guillaume Ballet"]["meetings"] == 2
    assert record_of(kb, "2024-05-16.md")["speakers"] == ["Guillaume Ballet"]
    assert record_of(kb, "2024-05-02.md")["people_mentioned"] == ["Etan Kissling", "Guillaume Ballet"]


def test_handles_run_together_from_a_name_are_that_person(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\n## Attendees\n- Guillaume Ballet\n- Danny Ryan\n- Bo Chen\n\n## Summary\n\n"
        "| Item | Summary |\n|---|---|\n| 1 | @gballet will draft a proposal for the change. |\n"
        "| 2 | @dannyryan will put up a PR to clarify the spec. |\n\n## Call\n\n"
        "**Gballet**\nI think the change is needed.\n\n**Bo Chen**\nWhy?\n\n**Gballet**\nIt is simpler.\n")})
    record = record_of(kb, "2024-05-02.md")
    owners = sorted(o for a in record["actions"] for o in a["owners"])
    assert owners == ["Danny Ryan", "Guillaume Ballet"]
    assert record["speakers"] == ["Guillaume Ballet", "Bo Chen"]
    assert len(kb.people()) == 3


def test_a_summary_row_restating_a_spoken_commitment_by_handle_is_not_a_second_one(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\n## Attendees\n- Danny Ryan\n- Bo Chen\n\n## Summary\n\n"
        "| Item | Summary |\n|---|---|\n| 1 | @dannyryan will put up a PR to clarify the spec. |\n\n"
        "## Call\n\n**Danny**\nYeah, I can put up a PR to clarify that.\n")})
    actions = record_of(kb, "2024-05-02.md")["actions"]
    assert [(a["owners"], a["line"]) for a in actions] == [(["Danny Ryan"], 16)]


def test_a_github_account_beside_a_name_is_that_persons(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\nAttendees: Richard (Mort) Mortier, Ann Lee, Bo Chen\n\n## Froctal\n\n"
        "Mort spoke about [froctal](https://github.com/mor1/froctal), a wrapper.\n\n"
        "Repos are [froctal](https://github.com/mor1/froctal) and "
        "[revisions](https://github.com/mor1/revisions) on Mort's github.\n\n"
        "Ann released [tcp](https://github.com/acme/tcp). Bo released "
        "[dns](https://github.com/acme/dns).\n")})
    people = {p["name"]: p for p in kb.people()}
    assert people["Richard Mortier"]["github"] == "mor1"
    assert "mor1" in people["Richard Mortier"]["aliases"]
    assert people["Ann Lee"]["github"] is None and people["Bo Chen"]["github"] is None
    assert kb.lookup("mor1") == ["person:richard-mortier"]


def test_only_aliases_the_notes_write_are_shown(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\nAttendees: Thomas Leonard, Bo Chen\n\n## Fork\n\nThomasL: the fork is ready.\n")})
    people = {p["name"]: p for p in kb.people()}
    assert people["Thomas Leonard"]["aliases"] == ["ThomasL"]
    assert kb.lookup("tleonard") == ["person:thomas-leonard"]  # still found when asked for


def test_a_name_cut_short_in_an_attendee_list_is_the_same_person(tmp_path):
    kb = ingest_texts(tmp_path, {
        "2024-05-02.md": ("# Sync\n\n## Attendees\n- Roberto B\n- Fabio Di\n- Ana Lima\n\n"
                          "## Release\nAna: ok.\n"),
        "2024-05-09.md": "# Sync\n\n## Attendees\n- Roberto B\n- Ana Lima\n\n## Release\nAna: ok.\n",
        "2024-05-16.md": ("# Sync\n\n## Attendees\n- Roberto Bayardo\n- Fabio Di Fabio\n- Daniel Lehrner\n\n"
                          "## Release\nAna: ok.\n"),
        "2024-05-23.md": "# Sync\n\n## Attendees\n- Daniel Lehmer\n- Ana Lima\n\n## Release\nAna: ok.\n"})
    assert sorted(p["name"] for p in kb.people()) == [
        "Ana Lima", "Daniel Lehrner", "Fabio Di Fabio", "Roberto Bayardo"]


def test_a_first_name_said_just_before_a_turn_calls_on_its_speaker(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\n## Attendees\n- Alex Stokes\n- Alex Beregszaszi\n- Tim Beiko\n\n## EOF\n"
        "**Tim Beiko**: Alex Stokes, thoughts? Thanks. Then, Alex?\n\n"
        "**Alex Beregszaszi**: yes, EOF is ready.\n")})
    assert kb.meetings()[0]["people_mentioned"] == ["Tim Beiko", "Alex Stokes", "Alex Beregszaszi"]
    assert kb.unresolved() == []


def test_initials_of_a_hyphenated_surname_and_a_name_with_an_apostrophe(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\n## Attendees\n- Sean Jensen-Grey\n- Ana Lima\n\n## Engines\n"
        "SJG: engines need tests.\n\nEric Prud'hommeaux will be the contact from now on.\n\n"
        "Ana Lima: the Jane Street folks agree, as Jane Street said.\n")})
    record = kb.meetings()[0]
    assert record["speakers"] == ["Sean Jensen-Grey", "Ana Lima"]
    assert record["people_mentioned"] == ["Sean Jensen-Grey", "Eric Prud'hommeaux", "Ana Lima"]


def test_names_and_aliases_shown_are_written_in_the_notes(tmp_path):
    kb = ingest_texts(tmp_path, {
        "2024-05-02.md": ("# Sync\n\n## Attendees\n- Carl Beekhuizen\n- Marius van der Wijden\n\n"
                          "## Release\nCarl Beekhuizen: ok.\n"),
        "2024-05-09.md": ("# Sync\n\n## Attendees\n- Carl Beek\n- Marius Van Der Wijden\n\n"
                          "## Release\nMarius Van Der Wijden: ok, as Carlbeek said.\n"),
        "2024-05-16.md": ("# Sync\n\n## Attendees\n- Marius Van Der Wijden\n- Carl Beek\n\n"
                          "## Release\nCarl Beek: fine.\n")})
    people = {p["name"]: p["aliases"] for p in kb.people()}
    assert sorted(people) == ["Carl Beekhuizen", "Marius Van Der Wijden"]
    assert "Carl Beek" in people["Carl Beekhuizen"] and "carlbeek" not in people["Carl Beekhuizen"]


def test_a_mistyped_bullet_in_an_attendee_list_is_another_person(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\n### Attendees\n* Ana Lima\n* Justin Florentine\n-* Crypdough.eth\n* Bo Chen\n\n"
        "## Release\nAna Lima: ok.\n")})
    assert kb.meetings()[0]["attendees"] == ["Ana Lima", "Justin Florentine", "Crypdough.eth", "Bo Chen"]


def test_a_misspelt_one_word_name_is_the_one_person_it_is_close_to(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-05-02.md": (
        "# Sync\n\n## Attendees\n- Georgios Konstantopoulos\n- Lightclient\n- Ana Lima\n\n## Reth\n"
        "**Geogios**: Reth is ready.\n\n**Ligthclient**: good.\n\n**Anna**: fine.\n")})
    record = kb.meetings()[0]
    assert record["speakers"] == ["Georgios Konstantopoulos", "Lightclient"]
    assert [u["text"] for u in kb.unresolved()] == ["Anna"]
