"""The year-in-review draft, on the sample corpus and on notes written for one rule each."""

from __future__ import annotations

import re
import shutil
import subprocess
from urllib.parse import parse_qs, urlparse

import pytest
from click.testing import CliRunner

from kg import KnowledgeBase
from kg.ask.context import Context, SentenceRow
from kg.cli import cli
from kg.review import build_review, clean, last_complete_year
from kg.review.headings import content_words, heading_runs, runs, spelled_out
from kg.review.text import DONE_RE, EVENT_RE, needs_context, score
from kg.review.topics import clusters

from .conftest import CORPUS, ingest_texts

#: Pronouns and connectives no section may open with.
LEANING = {"it", "this", "that", "these", "those", "they", "he", "she", "his", "her", "their",
           "also", "so", "but", "and", "yes", "yeah", "ok", "okay", "then"}


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    kb = KnowledgeBase.open(tmp_path_factory.mktemp("review") / "store", create=True)
    kb.ingest([CORPUS])
    return kb


@pytest.fixture(scope="module")
def review(kb):
    return build_review(kb, 2024)


def topics(review):
    return [s for s in review.sections if s.kind == "topic"]


def test_title_and_numbers(kb, review):
    assert review.title == "2024 in review"
    meetings_2024 = [m for m in kb.meetings() if m["date"].startswith("2024")]
    assert f"we met {len(meetings_2024)} times" in review.intro
    people = {a for m in meetings_2024 for a in m["attendees"]}
    assert f"{len(people)} people took part" in review.intro


def test_most_discussed_work_gets_sections(kb, review):
    """FernSync, Seedlings and Thicket are the headings the 2024 notes come back to most."""
    titles = [s.title for s in topics(review)]
    assert {"FernSync", "Seedlings", "Thicket"} <= set(titles)
    assert [s.title for s in review.sections[-2:]] == ["Community and events", "Looking ahead"]


def test_gatherings_are_community_not_topics(review):
    """The Sync Summit and the Hack Week are headings the notes come back to, but they are
    events: "Community and events" tells of them, no topic section does."""
    assert not {"Sync Summit", "Hack Week"} & {s.title for s in topics(review)}
    community = next(s for s in review.sections if s.kind == "community")
    assert any("Sync Summit" in s.text for s in community.sentences)
    assert any("Hack Week" in s.text for s in community.sentences)


def test_no_section_is_a_person(kb, review):
    for section in review.sections:
        assert not kb.lookup(section.title, ("person",), fuzzy=False), section.title


def test_people_credited_did_the_work(kb, review):
    thicket = next(s for s in review.sections if s.title == "Thicket")
    assert thicket.people[0] == "Ingrid Solberg"
    for name in thicket.people:
        person = kb.lookup(name, ("person",))[0]
        evidence = [e for u, _, k, d in kb.graph.in_edges("project:thicket", keys=True, data=True)
                    if k == "works_on" and u == person for e in d["evidence"]]
        assert any(e["meeting"].startswith("2024") for e in evidence), name


def test_every_sentence_is_in_the_note_it_cites(kb, review):
    notes = {note.source: note for note in kb.notes()}
    sentences = [s for section in review.sections for s in section.sentences]
    assert len(sentences) >= 30
    for sentence in sentences:
        note = notes[sentence.citation.source]
        paragraphs = [" ".join(p.text.split()) for s in note.sections for p in s.paragraphs
                      if p.line <= sentence.citation.line]
        core = sentence.text.rstrip(".")[1:40]  # cleaning capitalises and closes the sentence
        assert any(core in text for text in paragraphs), (sentence.text, sentence.citation)


def test_no_sentence_twice(review):
    texts = [s.text for section in review.sections for s in section.sentences]
    assert len(texts) == len(set(texts))


def test_no_section_opens_leaning_on_context(review):
    for section in review.sections:
        first = section.sentences[0].text
        assert re.match(r"\W*(\w+)", first).group(1).lower() not in LEANING, first
        assert not needs_context(first, True), first


def test_topic_sections_open_with_their_topic(review):
    for section in topics(review):
        words = [w for w in re.findall(r"\w+", section.title.lower()) if len(w) > 2]
        assert any(w in section.sentences[0].text.lower() for w in words), section.title


@pytest.mark.parametrize("limit", [150, 400])
def test_word_limit(kb, limit):
    text = kb.review(2024, max_words=limit)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("[^"))
    assert len(re.sub(r"\[\^\d+\]", "", body).split()) <= limit
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", text, re.M))
    assert set(re.findall(r"\[\^(\d+)\](?!:)", text)) == set(notes)


def test_citations_link_to_the_meeting_in_the_app(kb, review):
    for sentence in (s for section in review.sections for s in section.sentences):
        url = urlparse(sentence.citation.url)
        query = parse_qs(url.query)
        assert (url.scheme, url.netloc, url.path) == ("http", "127.0.0.1:8501", "/meetings")
        assert query["meeting"] == [sentence.citation.meeting_id]
        assert query["line"] == [str(sentence.citation.line)]
        assert sentence.citation.section_id.endswith("/" + query["section"][0])
    text = kb.review(2024)
    first = re.search(r"^\[\^1\]: \[(\d{4}-\d\d-\d\d), [^\]]+\]\((http://127\.0\.0\.1:8501/meetings\?[^)]+)\)",
                      text, re.M)
    assert first is not None


def test_year_without_notes(kb):
    with pytest.raises(ValueError, match="no meetings in 2019"):
        kb.review(2019)
    result = CliRunner().invoke(cli, ["review", "--year", "2019", "--store", str(kb.path)])
    assert result.exit_code == 1 and "no meetings in 2019" in result.stderr


def test_cli_defaults_to_the_last_complete_year(kb):
    """The sample notes run through 2024 and into 2025: 2024 is the last complete year."""
    result = CliRunner().invoke(cli, ["review", "--store", str(kb.path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# 2024 in review\n")


def test_cli_writes_file(kb, tmp_path):
    out = tmp_path / "review.md"
    result = CliRunner().invoke(cli, ["review", "--year", "2025", "--out", str(out),
                                      "--store", str(kb.path)])
    assert result.exit_code == 0 and out.read_text().startswith("# 2025 in review")


def test_cli_span_and_html(kb, tmp_path):
    out = tmp_path / "review.html"
    result = CliRunner().invoke(cli, ["review", "--since", "2024-06-01", "--until", "2024-09-30",
                                      "--format", "html", "--out", str(out), "--store", str(kb.path)])
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "<h1>2024-06-01 to 2024-09-30 in review</h1>" in page
    assert '<a href="http://127.0.0.1:8501/meetings?meeting=meeting%3A2024-0' in page
    bad = CliRunner().invoke(cli, ["review", "--since", "June", "--store", str(kb.path)])
    assert bad.exit_code == 2 and "not a date" in bad.output


def test_deterministic(kb, review):
    assert build_review(kb, 2024) == review


def test_last_complete_year():
    assert last_complete_year(["2024-01-09", "2024-12-10", "2025-01-07"]) == 2024
    assert last_complete_year(["2013-05-01", "2013-09-01", "2014-02-01", "2014-06-01"]) == 2014
    assert last_complete_year([]) is None


def test_clean():
    assert clean("*Lena:* we merged it") == "We merged it."
    assert clean("See [the post][p] now") == "See the post now."


@pytest.mark.parametrize("text, leans", [
    ("This is at the top of his list and it will be done before the talk.", True),
    ("Yes, and the build works now on every platform we test.", True),
    ("Should have something better by the next release of the tools.", True),
    ("In other words, this is fixed, but not yet merged into main.", True),
    ("Earlier discussions about this took place in March and April.", True),
    ("Kiri released Lattice 1.0 with the new storage layout.", False),
    ("Wouldn't other writers always bring the page back into memory.", True),
    ("You can force the inclusion of a bundle on every client.", True),
    ("Probably get a blog post about the findings in a few months.", True),
    ("Case in point, the last release took four months to review.", True),
    ("All right so we had our summit and everybody liked it.", True),
    ("Now that's fixed, the VM is running and printing to the screen.", True),
    ("Of course, we still need to finish the stack before the release.", True),
    ("If so, the team should chat with Heejin about the LLVM side.", True),
    ("Our second item is a flexible vectors update given by Petr.", True),
    ("I like the idea of polyfills as a way to portable behaviour.", True),
    ("On fingerprinting, i've done some work on VMs in the past.", True),
])
def test_needs_context(text, leans):
    assert needs_context(text) is leans


def test_passed_is_an_outcome_only_when_nothing_is_passed_along():
    assert DONE_RE.search("The phase 4 poll passed with no objections.")
    assert not DONE_RE.search("The strings being passed to and from that function.")


def test_words_to_someone_at_the_call_are_talk():
    """"You" in a transcript is said to someone there; in minutes it is anyone ("you can run it")."""
    text = "The console works on ARM and you can run it from the master branch."
    said = SentenceRow(3, "Lena Hofmann: " + text, 0, (), (), "person:lena-hofmann")
    written = SentenceRow(3, text, 0, (), (), None)
    assert score(text, said, 1) < score(text, written, 1) - 1.0


@pytest.mark.parametrize("text, event", [
    ("Anil gave a talk at OSCON about the release.", True),
    ("Talks at FOSDEM went well for the whole team.", True),
    ("Mindy's talk was recorded and is online.", True),
    ("We should talk about whether it makes sense.", False),
    ("Let's talk about the common thing across teams.", False),
    ("The meeting will be on a zoom.us video conference.", False),
])
def test_events_are_talks_given_not_talk(text, event):
    assert bool(EVENT_RE.search(text)) is event


def test_heading_words():
    assert content_words("Flexible vectors update and possible phase 2 poll [Petr, 30 mins]") == \
        ["flexible", "vectors"]
    assert content_words("Mirage 2.0 release summary") == ["mirage", "2.0"]


# -- rules on notes written for them ------------------------------------------------------

def _meeting(day: str, heading: str, body: str, extra: str = "") -> str:
    return (f"---\ndate: 2031-{day}\ntitle: Call\n---\n\nAttendees: Kiri Tane, Oskar Lind, Mei Chen\n\n"
            f"## {heading}\n\n{body}\n\n## Storage engine\n\nOskar Lind is working on the storage engine "
            f"and merged the new page cache for it in week {day[-2:]}.\n{extra}")


NOTES = {
    "2031-01-10.md": _meeting("01-10", "Kiri", "Kiri Tane told everyone about the new office plants."),
    "2031-02-10.md": _meeting("02-10", "Kiri", "Kiri Tane asked everyone to fill in the holiday sheet."),
    "2031-03-10.md": _meeting("03-10", "Kiri", "Kiri Tane will be away for two weeks from the end of March."),
    "2031-10-10.md": _meeting("10-10", "Lattice release", "The Lattice 1.0 release shipped the storage "
                              "engine with <script>x</script> escaped in every page."),
}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return ingest_texts(tmp_path_factory.mktemp("small"), NOTES)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_citations_of_notes_from_git_point_into_the_repository(tmp_path):
    """A note ingested from a repository is cited at its file and line in that commit,
    not at the app's page."""
    repo = tmp_path / "site"
    repo.mkdir()
    for name, text in NOTES.items():
        (repo / name).write_text(text, encoding="utf-8")
    run = ["git", "-c", "user.name=t", "-c", "user.email=t@e"]
    subprocess.run([*run, "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run([*run, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*run, "commit", "-qm", "notes"], cwd=repo, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True,
                          check=True).stdout.strip()
    kb = KnowledgeBase.open(tmp_path / "store", create=True)
    kb.ingest([f"git+file://{repo}"])
    sentences = [s for section in build_review(kb, 2031).sections for s in section.sentences]
    assert sentences
    for sentence in sentences:
        name = sentence.citation.source.rsplit("/", 1)[-1]
        assert sentence.citation.url == f"{name}@{head}, line {sentence.citation.line}"


def test_a_person_heading_is_not_a_topic(small):
    """Three meetings headed with a person's name ("## Kiri") make no section about them."""
    review = build_review(small, 2031)
    titles = [s.title for s in topics(review)]
    assert "Kiri" not in titles and "Storage engine" in titles
    storage = next(s for s in review.sections if s.title == "Storage engine")
    assert storage.people == ["Oskar Lind"]


def test_html_escapes_note_text(small):
    page = small.review(2031, fmt="html")
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


# -- topics from headings, on notes written for the rules --------------------------------

_PEOPLE = "Kiri Tane, Oskar Lind, Mei Chen"


def _call(day: str, sections: list[tuple[str, str]]) -> str:
    body = "\n\n".join(f"## {heading}\n\n{text}" for heading, text in sections)
    return f"---\ndate: 2033-{day}\ntitle: Weekly call\n---\n\nAttendees: {_PEOPLE}\n\n{body}\n"


HEADED = {
    "2033-01-10.md": _call("01-10", [
        ("Google Summer of Code", "Kiri Tane will mentor two students in the programme this summer."),
        ("WASI subgroup", "The chairs of the group were confirmed for another year by the members."),
        ("Strings in Wasm", "The string encoding question came back with a new proposal from the authors.")]),
    "2033-02-10.md": _call("02-10", [
        ("GSoC", "Student applications for the programme close on the 21st of March this year."),
        ("Threads subgroup charter", "The charter was approved without objections by everyone present."),
        ("EIP-4811 fee market", "The fee market change for EIP-4811 was merged into the draft spec.")]),
    "2033-03-10.md": _call("03-10", [
        ("GSoC/OPW", "Two students were accepted into the programme and start work in May."),
        ("Benchmarking subgroup", "A benchmarking group will collect numbers from every engine."),
        ("EIP 4811", "Clients implemented EIP-4811 and the tests for it pass on every client.")]),
    "2033-04-10.md": _call("04-10", [
        ("Prague/Electra proposals", "The list of candidates for the next fork was shared with everyone."),
        ("Strings", "The string builtins were compared with the stringref design in detail.")]),
    "2033-05-10.md": _call("05-10", [
        ("Pectra scope", "The scope of the fork was frozen after a long discussion of the list."),
        ("4811 rollout", "EIP-4811 went live on the test network on May 3 without any problems.")]),
    "2033-06-10.md": _call("06-10", [
        ("Prague/Electra proposals", "Two more candidates were added to the fork after the poll.")]),
}


@pytest.fixture(scope="module")
def headed(tmp_path_factory):
    kb = ingest_texts(tmp_path_factory.mktemp("headed"), HEADED)
    ctx = Context(kb)
    return {c.title: sorted(ctx.node(s)["heading"] for s in c.sections)
            for c in clusters(ctx, [m for m, _ in ctx.meetings], 10)}


def test_an_acronym_and_what_it_stands_for_are_one_topic(headed):
    assert headed["GSoC"] == ["GSoC", "GSoC/OPW", "Google Summer of Code"]
    assert not {"Google Summer", "Code", "OPW"} & set(headed)


def test_a_numbered_item_is_one_topic_and_its_kind_none(headed):
    assert headed["EIP-4811"] == ["4811 rollout", "EIP 4811", "EIP-4811 fee market"]
    assert "EIP" not in headed


def test_a_name_blended_from_a_pair_is_the_pair(headed):
    """"Pectra" is "Prague/Electra": one topic, not two."""
    assert headed["Pectra"] == ["Pectra scope", "Prague/Electra proposals", "Prague/Electra proposals"]
    assert not {"Prague", "Electra", "Prague/Electra"} & set(headed)


def test_words_that_qualify_or_set_the_scene_are_no_topics(headed):
    """Three different subgroups make no "Subgroup" topic; "Strings in Wasm" is about strings."""
    assert "Subgroup" not in headed and "Wasm" not in headed
    assert headed["Strings"] == ["Strings", "Strings in Wasm"]
    assert {"WASI subgroup", "Threads subgroup charter", "Benchmarking subgroup"} <= set(headed)


def _weekly(day: str, sections: list[tuple[str, str]]) -> str:
    body = "\n\n".join(f"## {heading}\n\n{text}" for heading, text in sections)
    return f"---\ndate: 2035-{day}\ntitle: Weekly call\n---\n\nAttendees: {_PEOPLE}\n\n{body}\n"


_ELSEWHERE = ("Small fixes", "Mei Chen fixed the Lattice build on the new compiler, for 2.0 as well.")
RANKED = {
    "2035-01-10.md": _weekly("01-10", [("Venue booking", "The venue for the spring event is still open."),
                                       ("Lattice tutorial", "Kiri Tane gave the tutorial to new people.")]),
    "2035-02-10.md": _weekly("02-10", [("Venue booking", "The venue for the spring event is still open."),
                                       ("Lattice website", "Oskar Lind moved the website to a new host.")]),
    "2035-03-10.md": _weekly("03-10", [("Venue booking", "The venue for the spring event is still open."),
                                       ("Lattice 2.0 libs", "The 2.0 libraries were tagged by Oskar Lind.")]),
    "2035-04-10.md": _weekly("04-10", [("2.0 release summary", "The 2.0 release went out on April 2."),
                                       ("Lattice docs day", "Mei Chen ran the docs day with ten people.")]),
    **{f"2035-{m}-10.md": _weekly(f"{m}-10", [_ELSEWHERE]) for m in ("05", "06", "07", "08")},
}


def test_a_release_the_notes_come_back_to_outranks_a_recurring_agenda_item(tmp_path):
    """"Lattice 2.0 libs" is wholly about 2.0 ("Lattice" qualifies every other heading too),
    and four more meetings speak of 2.0; "Venue booking" recurs and nobody mentions it
    elsewhere.  The release comes first, titled as the headings write it."""
    kb = ingest_texts(tmp_path, RANKED)
    ctx = Context(kb)
    found = clusters(ctx, [m for m, _ in ctx.meetings], 3)
    assert found[0].title == "Lattice 2.0"
    headings = sorted(ctx.node(s)["heading"] for s in found[0].sections)
    assert headings == ["2.0 release summary", "Lattice 2.0 libs"]
    assert [c.title for c in found].index("Venue booking") > 0


_NEXT = ("Next steps", "The new cache will reject every malformed header from now on.\n\n"
         "Oskar Lind will publish the benchmark numbers on the website next month.")
PLANS = {f"2035-0{m}-10.md": _weekly(f"0{m}-10", [
    ("Logistics", "The meeting will be on a video call with the link sent by email."),
    ("Parser", f"Mei Chen reviewed the parser changes for release {m} with Oskar Lind."),
    *([_NEXT] if m == 4 else [])]) for m in range(1, 5)}


def test_template_sentences_and_remarks_are_not_news(tmp_path):
    """A sentence every note repeats is the template's; "the cache will reject ..." says how a
    thing behaves, not what someone will do next."""
    kb = ingest_texts(tmp_path, PLANS)
    review = build_review(kb, 2035)
    texts = [s.text for section in review.sections for s in section.sentences]
    assert not [t for t in texts if t.startswith("The meeting will be on a video call")]
    ahead = next(s for s in review.sections if s.kind == "ahead")
    assert [s.text for s in ahead.sentences] == \
        ["Oskar Lind will publish the benchmark numbers on the website next month."]


_EL = "The EL clients shipped their releases for the devnet this week."
BLENDED = {f"2038-0{m}-10.md": _weekly(f"0{m}-10", [(h, t), ("Clients", _EL)]).replace("2035-", "2038-")
           for m, (h, t) in enumerate([
               ("Prague/Electra proposals", "The list of candidates for the next fork was shared."),
               ("Prague / Electra EL proposals", "Two more candidates were proposed by the EL teams."),
               ("Pectra scope", "The scope of the fork was frozen after a long discussion."),
               ("EL tooling", "The tooling for the devnets was moved to a new repository."),
               ("EL docs", "The docs for the execution clients were rewritten this month."),
               ("EL testing", "The test suite for the execution clients now runs every night.")], start=1)}


def test_a_blend_takes_in_its_pair_beside_a_word_in_every_meeting(tmp_path):
    """"Prague / Electra EL proposals" is wholly about Prague/Electra ("EL" qualifies headings
    of every kind and is in every note), so it is Pectra's, not a topic "Electra EL"."""
    kb = ingest_texts(tmp_path, BLENDED)
    ctx = Context(kb)
    found = {c.title: sorted(ctx.node(s)["heading"] for s in c.sections)
             for c in clusters(ctx, [m for m, _ in ctx.meetings], 10)}
    assert found["Pectra"] == ["Pectra scope", "Prague / Electra EL proposals", "Prague/Electra proposals"]
    assert "Electra EL" not in found


def test_heading_runs():
    assert runs("TLS on Xen & ARM") == [(["tls"], False), (["xen"], True), (["arm"], True)]
    assert heading_runs("Update EIP-4788: Bound precompile storage EIPs#7178") == \
        [["4788"], ["bound", "precompile", "storage"]]
    assert heading_runs("GSoC/OPW", slash=True) == [["gsoc"], ["opw"]]
    assert spelled_out("eof", "[EL] EVM Object Format (EOF)") == "EVM Object Format"


# -- a transcript with a summary table ----------------------------------------------------

def _transcript(day: str, text: str) -> str:
    return f"---\ndate: 2034-{day}\ntitle: Weekly call\n---\n\nAttendees: {_PEOPLE}\n\n{text}\n"


_TALK = """## Lattice 2.0

Mei Chen presented the Lattice 2.0 benchmarks to the whole group again.

**Oskar Lind**: Yeah, I agree, the Lattice 2.0 numbers look fine to me here.

**Oskar Lind**: Sure, we can do that for the Lattice 2.0 packages next week.

**Kiri Tane**: Thanks, that is all for today on this one then.
"""
TRANSCRIPTS = {
    "2034-01-12.md": _transcript("01-12", """| # | Summary |
|---|---|
| 1 | The Lattice 2.0 release went live on March 3 without problems for anyone. |

## Lattice 2.0 [Kiri Tane, 20 mins]

**Oskar Lind**: Yeah, sure, I think we can look at the Lattice 2.0 numbers now.

**Oskar Lind**: I was working on Lattice 2.0 too, but only on the docs for it.

**Mei Chen**: The packages are on the mirror now and the checksums match.
"""),
    "2034-02-09.md": _transcript("02-09", _TALK),
    "2034-03-09.md": _transcript("03-09", _TALK),
}


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    return ingest_texts(tmp_path_factory.mktemp("talk"), TRANSCRIPTS)


def test_a_summary_row_opens_the_topic(talk):
    lattice = topics(build_review(talk, 2034))[0]
    assert lattice.title == "Lattice 2.0"
    assert lattice.sentences[0].text == \
        "The Lattice 2.0 release went live on March 3 without problems for anyone."
    assert lattice.sentences[0].citation.line == 10
    assert not any(s.text.startswith("I ") for s in lattice.sentences)  # "I" is lost with the speaker


def test_credits_come_from_others_not_from_talking(talk):
    """Oskar speaks most, and only of himself; the heading names Kiri, the note-taker Mei."""
    lattice = topics(build_review(talk, 2034))[0]
    assert lattice.people == ["Kiri Tane", "Mei Chen"]


def _quill(day: str, presenter: str = "") -> str:
    return _transcript(day, f"""Chair: Kiri Tane

## Quill

**Kiri Tane**: Next up is Quill, the new parser for the notes.

{presenter}**Mei Chen**: The Quill parser now handles nested lists and every test passes.

**Oskar Lind**: Does the Quill parser handle tables in the notes as well?

**Mei Chen**: Tables come next, right after the nested lists are merged.

**Mei Chen**: The branch for the Quill tables is ready for review this week.

## Other business

**Kiri Tane**: Anything else for today before we close the call?

**Oskar Lind**: Nothing more from me, thanks everyone for the call.
""")


@pytest.mark.parametrize("presenter, credited", [
    ("", ["Mei Chen"]),
    ("Oskar Lind presenting the Quill design.\n\n", ["Oskar Lind"]),
])
def test_who_carries_a_transcripts_section_presents_it(tmp_path, presenter, credited):
    """Under a heading about the topic alone, the first to speak after the chair, who also
    speaks most, presents it, unless the notes name the presenter."""
    kb = ingest_texts(tmp_path, {f"2034-0{m}-10.md": _quill(f"0{m}-10", presenter) for m in (1, 2)})
    quill = next(s for s in build_review(kb, 2034).sections if s.title == "Quill")
    assert quill.people == credited


def test_of_two_outcomes_as_good_the_later_opens(tmp_path):
    """A topic's opening tells how it ended up; the rest follows in date order."""
    notes = {
        "2037-02-10.md": _meeting("02-10", "Quire", "Quire 0.9 was released on February 3 to the testers."),
        "2037-04-10.md": _meeting("04-10", "Quire", "The Quire import bug was fixed on April 8 for all."),
        "2037-06-10.md": _meeting("06-10", "Quire", "Quire 1.0 was released on June 5 to every user."),
    }
    kb = ingest_texts(tmp_path, {k: v.replace("date: 2031", "date: 2037") for k, v in notes.items()})
    quire = next(s for s in build_review(kb, 2037).sections if s.title == "Quire")
    assert [s.citation.meeting for s in quire.sentences] == ["2037-06-10", "2037-02-10", "2037-04-10"]


def test_a_decision_under_the_topics_own_heading_opens_it(tmp_path):
    """No sentence names "Rounding control"; the decision taken under its heading opens it."""
    first = "## Rounding control\n\nThe two engines disagree on the default for subnormal numbers today.\n"
    second = ("## Rounding control phase 2 vote\n\nThe champions answered the open questions about the "
              "default mode.\n\nUnanimous consent, the proposal moves to phase 2 with no objections.\n")
    notes = {"2035-01-08.md": _transcript("01-08", first).replace("2034-", "2035-"),
             "2035-02-05.md": _transcript("02-05", second).replace("2034-", "2035-")}
    rounding = topics(build_review(ingest_texts(tmp_path, notes), 2035))[0]
    assert rounding.title == "Rounding control"
    assert [s.text for s in rounding.sentences][:2] == [
        "Unanimous consent, the proposal moves to phase 2 with no objections.",
        "The two engines disagree on the default for subnormal numbers today."]
