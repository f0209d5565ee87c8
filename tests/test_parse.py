"""Parsing: titles, dates, attendees, chairs, agendas and sections in every shape."""

from __future__ import annotations

import pytest

from kg.parse import (
    RejectedInput,
    decode,
    detect_format,
    parse_attendees,
    parse_bytes,
    parse_file,
    parse_text,
    speaker_prefix,
)

from .conftest import FIXTURES


def names(note):
    return [a.name for a in note.attendees]


def headings(note):
    return [s.heading for s in note.sections if s.heading]


# --- attendee lists -------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Lena Hofmann, Bob Okafor, Priya Raman", ["Lena Hofmann", "Bob Okafor", "Priya Raman"]),
        ("Lena Hofmann, Bob Okafor and Priya Raman.", ["Lena Hofmann", "Bob Okafor", "Priya Raman"]),
        ("Lena Hofmann (chair), Bob Okafor", ["Lena Hofmann", "Bob Okafor"]),
        ("Richard (Rick) Moreau and Chris ?", ["Richard Moreau", "Chris ?"]),
        ("Ana Lima; jdoe42; @tvidal", ["Ana Lima", "jdoe42", "tvidal"]),
        ("Ana Lima, Ana Lima, Bo Chen", ["Ana Lima", "Bo Chen"]),
        ("Ana Lima, Bo Chen (with guest appearances from Zed and Yan)", ["Ana Lima", "Bo Chen"]),
        ("Ana Lima (Acme, Inc.), Bo Chen & Cy Dunn", ["Ana Lima", "Bo Chen", "Cy Dunn"]),
        ("Ana Lima <ana@example.org>, Bo Chen - chair", ["Ana Lima", "Bo Chen"]),
    ],
)
def test_attendee_list_shapes(written, expected):
    assert [a.name for a in parse_attendees(written)] == expected


def test_attendee_markers():
    first, second, third = parse_attendees("Ana Lima (chair), Richard (Rick) Moreau, Bo Chen (notes)")
    assert (first.role, first.nickname) == ("chair", None)
    assert (second.name, second.nickname, second.raw) == ("Richard Moreau", "Rick", "Richard (Rick) Moreau")
    assert third.role == "scribe"
    org = parse_attendees("Ana Lima (Acme Storage)")[0]
    assert org.organization == "Acme Storage"


@pytest.mark.parametrize(
    "label",
    ["Attendees:", "*Attendees:*", "*Attendees*:", "**Present:**", "Participants (3):", "Attendance:"],
)
def test_attendee_labels(label):
    note = parse_text(f"# Call 2024-01-02\n\n{label} Ana Lima, Bo Chen and Cy Dunn\n\n## Topic\nText.\n",
                      "x.md")
    assert names(note) == ["Ana Lima", "Bo Chen", "Cy Dunn"]
    assert headings(note) == ["Call 2024-01-02", "Topic"][1:]


def test_attendees_wrapped_over_lines_and_chair_line():
    note = parse_file(FIXTURES / "2024-03-21.md")
    assert names(note) == ["Lena Hofmann", "Priya Raman", "jdoe42", "Maria Kowalski", "Maria Santos"]
    assert note.chair == "Priya Raman"
    assert [a.role for a in note.attendees].count("chair") == 1


def test_attendees_with_chair_nickname_and_unknown():
    note = parse_file(FIXTURES / "2024-02-06-frontmatter.md")
    assert names(note) == ["Lena Hofmann", "Robert Okafor", "Priya Raman", "Tomás Vidal",
                           "Maria Kowalski", "Chris ?"]
    assert note.chair == "Lena Hofmann"
    assert note.attendees[1].nickname == "Bob"


def test_attendee_table_with_abbreviations():
    note = parse_file(FIXTURES / "weekly-call.md")
    assert [(a.name, a.abbreviation, a.organization) for a in note.attendees] == [
        ("Lena Hofmann", "LH", "Fernwood"),
        ("Priya Krishnan", "PK", "Acme Storage"),
        ("Tomás Vidal", "TV", "Independent"),
    ]
    assert note.chair is None


def test_attendee_bullet_list_under_label():
    note = parse_file(FIXTURES / "undated.md")
    assert names(note) == ["Lena Hofmann", "Bob Okafor", "Priya Raman"]
    assert note.attendees[1].role == "scribe"


def test_front_matter_attendees_and_chair():
    note = parse_text("---\ndate: 2024-01-02\nchair: Bo Chen\nattendees: [Ana Lima, Bo Chen]\n---\n"
                      "## Topic\nText.\n", "x.md")
    assert names(note) == ["Ana Lima", "Bo Chen"]
    assert note.chair == "Bo Chen"
    assert note.attendees[1].role == "chair"


def test_plain_text_bare_attendee_line():
    note = parse_file(FIXTURES / "weekly-meeting-2024-06-11.txt")
    assert names(note) == ["Lena Hofmann", "Robert Okafor", "Priya Raman", "Tomás Vidal",
                           "Lena Hoffman", "Maria Kowalski"]
    assert note.chair == "Lena Hofmann"


def test_a_sentence_with_commas_is_not_an_attendee_list():
    note = parse_text("Weekly Meeting: 2024-01-02\n\nWe discussed the sync engine, the docs, "
                      "and the release at length today.\n", "x.txt")
    assert note.attendees == []


# --- headings ---------------------------------------------------------------


def test_decorated_headings_agenda_and_levels():
    note = parse_file(FIXTURES / "2024-02-06-frontmatter.md")
    assert headings(note) == ["Agenda", "Notes", "FernSync status", "Docs day", "ARM port"]
    assert [s.level for s in note.sections] == [3, 3, 4, 4, 4]
    assert note.agenda == ["FernSync status", "Docs day proposal", "ARM port"]


def test_heading_after_non_breaking_space():
    note = parse_text("# Call 2024-01-02\n\n####\u00a0Mirari (Ana)\nText.\n", "x.md")
    assert headings(note) == ["Mirari (Ana)"]


def test_plain_text_headings_are_short_lines_before_paragraphs():
    note = parse_file(FIXTURES / "weekly-meeting-2024-06-11.txt")
    assert note.title == "Weekly Meeting: 2024-06-11"
    assert note.description == "11th June 2024: Docs day, FernSync 0.5 and the summit"
    assert headings(note) == ["Docs day", "FernSync 0.5", "Summit"]
    fern = note.sections[1]
    assert [p.line for p in fern.paragraphs] == [20, 22]
    assert fern.paragraphs[1].text == "A link to the tweet about the release"


def test_html_google_docs_export():
    note = parse_file(FIXTURES / "gdocs-2024-07-09.html")
    assert note.format == "html"
    assert note.title == "Fernwood weekly call"
    assert note.date == "2024-07-09"
    assert names(note) == ["Lena Hofmann", "Bob Okafor", "Priya Raman"]
    assert headings(note) == ["Release", "Website"]
    release = note.sections[0].paragraphs[0]
    assert release.links[0].url == "https://github.com/fernwood/fern-sync/issues/90"
    assert note.sections[1].paragraphs[1].text == "The old theme is <script>-free now"


def test_html_confluence_export():
    note = parse_file(FIXTURES / "confluence-2024-08-20.html")
    assert note.title == "2024-08-20 Meeting notes"
    assert names(note) == ["Lena Hofmann", "Tomás Vidal", "Maria Santos"]
    assert headings(note) == ["Date", "Participants", "Discussion items", "Action items"]
    rows = note.sections[2].paragraphs
    assert [p.kind for p in rows] == ["row", "row"]
    assert note.sections[3].paragraphs[0].kind == "item"


# --- paragraphs ---------------------------------------------------------------


def test_speakers_links_checkboxes_and_lines():
    note = parse_file(FIXTURES / "2024-02-06-frontmatter.md")
    status = note.sections[2]
    first, second = status.paragraphs
    assert (first.speaker, first.line) == ("Lena", 22)
    assert first.links[0].url == "https://github.com/fernwood/fern-sync/pull/41"
    assert first.line_at(first.text.index("Bob will")) == 23
    assert (second.speaker, second.line) == ("PK", 25)
    docs = note.sections[3].paragraphs
    assert [p.checkbox for p in docs] == [None, False]
    assert docs[1].text == "Maria: write the getting-started page"


@pytest.mark.parametrize(
    ("line", "speaker"),
    [("TG: it works", "TG"), ("Anil: yes", "Anil"), ("[TV]: merged", "TV"),
     ("Note: not a person", None), ("ACTION: Bob to fix", None), ("TODO: later", None),
     ("Sidenote: aside", None), ("http://example.org", None), ("Dave Scott: done", "Dave Scott")],
)
def test_speaker_prefixes(line, speaker):
    assert speaker_prefix(line) == speaker


# --- dates and titles --------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "text", "date", "where"),
    [
        ("a.md", "---\ndate: 2024-01-02\n---\n# Call 2023-12-12\nText.\n", "2024-01-02", "front matter"),
        ("a.md", "---\nupdated: 2013-04-16\nsubject: 'Weekly Meeting: 2013-04-16'\n---\nText.\n",
         "2013-04-16", "front matter"),
        ("2024-05-14.md", "# Call 2023-12-12\nText.\n", "2024-05-14", "file name"),
        ("notes.md", "# Weekly Meeting: 2015-12-02\nText.\n", "2015-12-02", "title"),
        ("notes.md", "# 21 March, 2023 Meeting Notes\nText.\n", "2023-03-21", "title"),
        ("notes.txt", "2nd December 2015\n\nSome long paragraph of text that goes on.\n", "2015-12-02",
         "title"),
        ("notes.md", "# Call\n\nDate: Dec 2, 2015\n\n## Topic\nText.\n", "2015-12-02", "header"),
        ("notes.md", "# Call\n\nWe met on Dec 2, 2015.\n\n## Topic\nText.\n", "2015-12-02", "text"),
        ("call_045.md", "# Call 45\n\nDate: Friday 2025/4/18\n\n## Topic\nText.\n", "2025-04-18", "header"),
        ("m.md", "# Call 7\n### Meeting Date/Time: Friday 9/8/17 at 14:00 UTC\n\n## Topic\nText.\n",
         "2017-09-08", "header"),
        ("m.md", "# Call 8\n### Meeting Date/Time: Friday 12/01/17 at 14:00 UTC\n\n## A\nText.\n",
         "2017-12-01", "header"),
        ("m.md", "# Call 9\n\nDate: 2024.7.24\n\n## Topic\nVersion 2024.7.25 is out.\n", "2024-07-24",
         "header"),
        ("m.md", "# Call 10\n\nDate: 2022-Nov.-24- 14:00 UTC\n\n## Topic\nText.\n", "2022-11-24", "header"),
    ],
)
def test_date_in_order_of_trust(source, text, date, where):
    note = parse_text(text, source)
    assert (note.date, note.date_source) == (date, where)


def test_note_without_date_is_kept_with_a_warning():
    note = parse_file(FIXTURES / "undated.md")
    assert note.date is None
    assert note.title == "Sync engine notes"
    assert note.warnings == ["no meeting date found"]


def test_title_from_front_matter_subject_or_heading():
    assert parse_file(FIXTURES / "2024-02-06-frontmatter.md").title == "Weekly Meeting: 2024-02-06"
    assert parse_file(FIXTURES / "weekly-call.md").title == "Weekly call — 2nd April 2024"


# --- degraded and rejected input ---------------------------------------------


def test_broken_front_matter_is_reported_and_salvaged():
    note = parse_file(FIXTURES / "broken-frontmatter.md")
    assert note.date == "2024-05-14"
    assert note.warnings == ["broken front matter (line 2): kept only date"]
    assert names(note) == ["Lena Hofmann", "Bob Okafor", "Priya Raman"]


def test_non_utf8_is_decoded_with_a_warning():
    note = parse_file(FIXTURES / "2024-09-03-latin1.txt")
    assert note.warnings == ["not UTF-8: decoded as Windows-1252"]
    assert names(note) == ["René Dupont", "Bob Okafor"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [("2024-09-17-empty.md", "empty file"), ("2024-10-01-binary.md", "binary file"),
     ("README.md", "not a meeting note: a README")],
)
def test_rejected_files(name, reason):
    with pytest.raises(RejectedInput) as err:
        parse_file(FIXTURES / name)
    assert str(err.value) == reason


def test_table_of_contents_is_not_a_meeting():
    links = "\n".join(f"- [Meeting {i}](2024-01-{i:02d}.md)" for i in range(1, 9))
    with pytest.raises(RejectedInput, match="table of contents"):
        parse_bytes(f"# Meetings\n\n{links}\n".encode(), "meetings.md")


def test_file_too_large(tmp_path):
    big = tmp_path / "2024-01-02.md"
    big.write_text("# Call\n" + "word " * 1000)
    with pytest.raises(RejectedInput, match="file too large"):
        parse_file(big, max_bytes=1000)


def test_decode_utf16_and_bom():
    assert decode("\ufeffHello".encode())[0] == "Hello"
    assert decode("Hello".encode("utf-16"))[0] == "Hello"


def test_format_detection():
    assert detect_format("a.txt", "---\ntitle: x\n---\nbody") == "markdown"
    assert detect_format("a.md", "<!DOCTYPE html><html></html>") == "html"
    assert detect_format("a.htm", "<p>x</p>") == "html"


# --- shapes of other communities' notes ---------------------------------------


GITHUB_STYLE = """# Community Meeting - March 4, 2025

**Date:** 2025-03-04
**Facilitator:** @jsmith
**Note taker:** @mlopez

## Attendees
- Jane Smith (@jsmith), Acme
- Maria Lopez (@mlopez)
- Arjun Patel

## Release
@wchen: the RC is tagged.
<jsmith> shipped on Friday
"""


def test_bold_label_lines_handles_and_organisations():
    note = parse_text(GITHUB_STYLE, "notes.md")
    assert note.date == "2025-03-04" and note.chair == "@jsmith"
    assert [(a.name, a.handle, a.organization) for a in note.attendees] == [
        ("Jane Smith", "jsmith", "Acme"), ("Maria Lopez", "mlopez", None), ("Arjun Patel", None, None)]
    assert [p.speaker for p in note.sections[-1].paragraphs] == ["wchen", "jsmith"]


def test_a_lower_case_handle_alone_in_bold_opens_a_turn():
    text = ("# Call 2024-01-02\n\n## Builders\n**Tim Beiko**\n* Is anyone building one?\n\n"
            "**stokes**\n* Yes, I am working on one.\n\n**Tim Beiko**\n* Great.\n\n"
            "**stokes**\n* I can test it with you next week.\n")
    note = parse_text(text, "call.md")
    assert [(p.line, p.speaker) for p in note.sections[0].paragraphs] == [
        (5, "Tim Beiko"), (8, "stokes"), (11, "Tim Beiko"), (14, "stokes")]


def test_date_heading_under_the_title_is_not_a_section():
    note = parse_text("# Widget WG\n\n## 11 March 2025\n\nPresent: Ana Lima, Bo Chen\n\n## Release\nOut.\n",
                      "minutes.md")
    assert note.date == "2025-03-11"
    assert headings(note) == ["Release"]
    assert [a.name for a in note.attendees] == ["Ana Lima", "Bo Chen"]


IRC_MINUTES = """Widget WG -- 18 Mar 2025

Present: Jane Smith, Wei Chen, Arjun Patel
Regrets: Maria Lopez
Chair: Jane Smith
Scribe: Arjun Patel

Topic: Release 1.4.1
<jsmith> the release went out on Friday
<wchen> I will write the blog post
ACTION: Wei to write the release blog post by next week
RESOLUTION: ship 1.4.2 with the docs fix
"""


def test_irc_style_plain_text_minutes():
    note = parse_text(IRC_MINUTES, "widget.txt")
    assert (note.title, note.date, note.chair) == ("Widget WG -- 18 Mar 2025", "2025-03-18", "Jane Smith")
    assert names(note) == ["Jane Smith", "Wei Chen", "Arjun Patel"]
    assert headings(note) == ["Release 1.4.1"]
    paragraphs = note.sections[0].paragraphs
    assert [p.speaker for p in paragraphs] == ["jsmith", "wchen", None, None]
    assert [p.line for p in paragraphs] == [9, 10, 11, 12]


def test_label_lines_inside_one_markdown_paragraph():
    note = parse_text("# Call 2025-01-02\n\nPresent: Ana Lima, Bo Chen\nChair: Bo Chen\n\n## A\nB.\n", "n.md")
    assert names(note) == ["Ana Lima", "Bo Chen"] and note.chair == "Bo Chen"


def test_table_rows_keep_their_links():
    text = ("# Sync 2024-01-04\n\n| Fork | Change |\n|---|---|\n"
            "| Sepolia | [#7842](https://example.org/pr/7842) sets the time |\n"
            "| Holesky | none |\n")
    note = parse_text(text, "sync.md")
    rows = [p for s in note.sections for p in s.paragraphs if p.kind == "row"]
    assert [[link.url for link in p.links] for p in rows] == [
        [], ["https://example.org/pr/7842"], []]
    assert "#7842 sets the time" in rows[1].text


OUTLINE_NOTE = """# Team sync 2025-05-06

Attendees: Dawn Chen, Sergey Kanzhelev, Peter Hunt

## Agenda

- [Peter] OCI volumes update
  - Beta targeted for 1.34; needs e2e tests.
  - Peter will add the e2e job.
- [Sergey] Sidecar containers GA
  - Sergey is driving the GA graduation.
- Quick note: the release is on Thursday.

## Action items
- [ ] Peter: add the e2e job
"""


def test_an_outline_gives_each_topic_bullet_its_section():
    note = parse_text(OUTLINE_NOTE, "2025-05-06.md")
    assert [s.heading for s in note.sections] == [
        "Agenda", "[Peter] OCI volumes update", "[Sergey] Sidecar containers GA", "Action items"]
    assert [p.text for p in note.sections[2].paragraphs] == ["Sergey is driving the GA graduation."]
    assert [p.text for p in note.sections[0].paragraphs] == ["Quick note: the release is on Thursday."]
    assert note.sections[1].presenters == ["Peter"]


def test_an_agenda_whose_topics_have_their_own_sections_stays_whole():
    text = OUTLINE_NOTE + "\n## OCI volumes update\n\nDiscussed.\n\n## Sidecar containers GA\n\nDone.\n"
    note = parse_text(text, "2025-05-06.md")
    assert [s.heading for s in note.sections][:2] == ["Agenda", "Action items"]


def test_a_google_docs_outline_in_html_gives_each_topic_bullet_its_section():
    html = """<html><body><p class="title">Team sync 2025-05-06</p>
<p>Attendees: Dawn Chen, Peter Hunt</p><h2>Notes</h2>
<ul class="lst-kix_ab-0 start"><li>OCI volumes update</li></ul>
<ul class="lst-kix_ab-1 start"><li>Peter will add the e2e job.</li></ul>
<ul class="lst-kix_ab-0"><li>Sidecar containers GA</li></ul>
<ul class="lst-kix_ab-1 start"><li>Sergey is driving the GA graduation.</li></ul>
<h2>Other</h2><ul><li>Nested parent<ul><li>child one</li></ul></li>
<li>Second<ul><li>child two</li></ul></li></ul>
</body></html>"""
    note = parse_text(html, "2025-05-06.html")
    assert [s.heading for s in note.sections] == [
        "Notes", "OCI volumes update", "Sidecar containers GA", "Other", "Nested parent", "Second"]


BOT_MINUTES = """=================================
#fern-infra: Infrastructure (2025-04-02)
=================================

Meeting started by lena at 16:00:12 UTC.

Meeting summary
---------------
* Roll call  (lena, 16:00:12)
* Mirror rewrite  (lena, 16:05:10)
  * bob is porting the mirror tool to python3  (lena, 16:07:55)
  * AGREED: freeze the old branch after April 15  (lena, 16:12:03)
  * ACTION: bob to write the migration plan  (lena, 16:13:30)
* Koji upgrade  (lena, 16:20:01)
  * ACTION: noor to schedule the outage  (lena, 16:25:44)

Meeting ended at 16:40:02 UTC.

Action Items
------------
* bob to write the migration plan
* noor to schedule the outage

People Present (lines said)
---------------------------
* lena (55)
* bob (20)
* noor (18)
* fernbot (4)
"""


def test_meeting_bot_minutes():
    note = parse_text(BOT_MINUTES, "2025-04-02-infra.txt")
    assert note.title == "fern-infra: Infrastructure (2025-04-02)"
    assert note.chair == "lena"
    assert [a.name for a in note.attendees] == ["lena", "bob", "noor"]
    assert [s.heading for s in note.sections][:3] == [
        "Meeting summary", "Mirror rewrite  (lena, 16:05:10)", "Koji upgrade  (lena, 16:20:01)"]



def test_a_name_and_a_time_on_a_line_open_a_transcript_turn():
    note = parse_text("# Call 2025-06-10\n\n## Registry\n\nAlice Moreau 00:03:12\n"
                      "I'll open the PR next week.\n\nBruno Silva (04:40)\n"
                      "I can prototype the signing part.\n", "n.md")
    assert [(p.speaker, p.text) for p in note.sections[0].paragraphs] == [
        ("Alice Moreau", "I'll open the PR next week."), ("Bruno Silva", "I can prototype the signing part.")]


def test_an_attendee_described_after_a_dash():
    found = parse_attendees("Dara Okafor — docs lead, Ann Lee - chair")
    assert [(a.name, a.organization) for a in found] == [("Dara Okafor", "docs lead"), ("Ann Lee", None)]


def test_a_table_of_contents_is_not_an_outline():
    text = ("# Call 50 2020-10-15\n\n# Contents\n\n- [1. Testing](#1-testing)\n  - [Fuzzing](#fuzzing)\n"
            "- [2. Testnet](#2-testnet)\n  - [Zinken](#zinken)\n\n"
            "# 1. Testing\n\n## Fuzzing\n\nFound two bugs.\n")
    note = parse_text(text, "call_050.md")
    assert [s.heading for s in note.sections] == ["Contents", "1. Testing", "Fuzzing"]


def test_an_html_list_written_loose_is_a_list():
    items = "".join(f"<li>\n<p>{name}</p>\n</li>\n" for name in
                    ["Tim Bieko", "Paritosh (EF Berlin)", "Lion dapplion", "Marek", "Sean"])
    html = (f"<html><body><h1>Call 2024-01-02</h1><h2>Topic</h2><p>We met.</p>"
            f"<h2>Attendees</h2><ul>\n{items}</ul>")
    note = parse_text(html, "n.html")
    assert names(note) == ["Tim Bieko", "Paritosh", "Lion dapplion", "Marek", "Sean"]


def test_html_names_on_lines_broken_with_br():
    page = ("<html><body><h1>Call 2024-01-02</h1>\n<h2>Topic</h2>\n<p>We met.</p>\n<h2>Attendees</h2>\n"
            "<p>Ana Lima<br>\nBo Chen<br/>\nCy Dunn</p>\n</body></html>")
    note = parse_text(page, "n.html")
    assert (names(note), note.attendee_line) == (["Ana Lima", "Bo Chen", "Cy Dunn"], 5)
    one_line = parse_text(page.replace("\n", ""), "n.html")  # no line of the file to cite for each name
    paragraphs = one_line.sections[-1].paragraphs
    assert [(p.text, p.line_starts) for p in paragraphs] == [("Ana Lima Bo Chen Cy Dunn", [])]
