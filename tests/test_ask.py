"""Questions in people's words and full-text search, on the sample corpus."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from kg import KnowledgeBase
from kg.ask import INTENTS
from kg.cli import cli

from .conftest import CORPUS, ingest_texts


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    kb = KnowledgeBase.open(tmp_path_factory.mktemp("ask") / "store", create=True)
    kb.ingest([CORPUS])
    return kb


def ask(kb, question):
    """An answer as its JSON shape (the CLI's and the app's view of it)."""
    answer = kb.ask(question)
    return SimpleNamespace(**answer.to_dict(), reading=answer.reading)


def names(answer):
    return [a["name"] for a in answer.answers]


def check_evidence(answer):
    assert answer.evidence, answer.message
    for item in answer.evidence:
        assert {"meeting", "section", "text", "source", "line"} <= set(item)
        assert item["line"] >= 1 and item["text"]


@pytest.mark.parametrize("question", [
    "who owns Thicket?", "who's responsible for Thicket CI", "who is leading the Thicket work?",
    "Who is in charge of thicket"])
def test_owner_now_after_the_handover(kb, question):
    answer = ask(kb, question)
    assert answer.intent == "owner"
    assert answer.entities[0]["name"] == "Thicket"
    assert names(answer)[:2] == ["Kwame Asante", "Ingrid Solberg"]  # Kwame took Thicket over in July 2024
    check_evidence(answer)


@pytest.mark.parametrize("question", [
    "who owned Thicket?", "who led the Thicket work?", "who was in charge of Thicket in early 2024?"])
def test_owner_before_the_handover(kb, question):
    assert names(ask(kb, question))[0] == "Ingrid Solberg"


@pytest.mark.parametrize("question", [
    "who leads Bramble?", "who is driving bramble", "who maintains the Bramble library?"])
def test_owner_of_a_library(kb, question):
    answer = ask(kb, question)
    assert names(answer)[0] == "Yusuf Demir"


@pytest.mark.parametrize("question", [
    "who owns Kubernetes?", "who is responsible for the Mars lander?", "who leads Quantum Sync?"])
def test_owner_unknown_says_so(kb, question):
    answer = ask(kb, question)
    assert answer.intent == "owner"
    assert answer.answers == [] and answer.evidence == []
    assert "do not" in answer.message


@pytest.mark.parametrize("question", [
    "all fern-arm discussions", "everything about fern-arm", "where did we talk about fern-arm?",
    "Where was fern-arm discussed?"])
def test_discussions(kb, question):
    answer = ask(kb, question)
    assert answer.intent == "discussions"
    dates = [a["meeting"] for a in answer.answers]
    assert dates == sorted(dates) and len(dates) >= 3
    assert all(a["type"] == "section" for a in answer.answers)
    assert "2024-03-05" in dates
    check_evidence(answer)


def test_discussions_exclude_passing_mentions(kb):
    answer = ask(kb, "all Bramble discussions")
    for item in answer.answers:
        section = kb.graph.nodes[item["id"]]
        about = [p for _, p, k in kb.graph.out_edges(item["id"], keys=True) if k == "about"]
        assert "project:bramble" in about, section["name"]


@pytest.mark.parametrize("question", [
    "who was at the 2 April 2024 call?", "who attended on 2024-04-02?",
    "Who joined the meeting on April 2nd, 2024?", "who was present at the 02/04/2024 meeting"])
def test_attendance_by_date(kb, question):
    answer = ask(kb, question)
    assert answer.intent == "attendance"
    assert len(answer.answers) == 9
    assert "Priya Krishnan" in names(answer)
    check_evidence(answer)


@pytest.mark.parametrize("question", [
    "which meetings did Noor Rahman attend?", "which calls did Noor attend?",
    "What meetings has NR been to?"])
def test_attendance_by_person(kb, question):
    answer = ask(kb, question)
    assert answer.intent == "attendance"
    assert names(answer)[0] == "2024-07-09" and len(answer.answers) == 19


@pytest.mark.parametrize(("question", "chair"), [
    ("who chaired the 2024-05-28 meeting?", "Robert Okafor"),
    ("Who was the chair on 28 May 2024?", "Robert Okafor"),
    ("who ran the last meeting?", "Lena Hofmann"),
    ("who chaired the 2 April 2024 call", "Priya Krishnan"),
])
def test_chair(kb, question, chair):
    answer = ask(kb, question)
    assert answer.intent == "chair"
    assert names(answer) == [chair]
    check_evidence(answer)


def test_chair_not_named(kb):
    answer = ask(kb, "who chaired the 2024-01-23 meeting?")
    assert answer.answers == [] and "do not name a chair" in answer.message


def test_no_meeting_that_day(kb):
    answer = ask(kb, "who was at the 2023-01-01 call?")
    assert answer.answers == [] and "no meeting on 2023-01-01" in answer.message


@pytest.mark.parametrize("question", [
    "who spoke about Bramble on 2024-04-30?", "who talked about bramble on 30 April 2024",
    "Who took part in the discussion of Bramble on April 30, 2024?"])
def test_participants(kb, question):
    answer = ask(kb, question)
    assert answer.intent == "participants"
    assert "Yusuf Demir" in names(answer)
    assert all(e["meeting"] == "2024-04-30" for e in answer.evidence)
    check_evidence(answer)


@pytest.mark.parametrize("question", [
    "what is Yusuf working on?", "what has Yusuf Demir been doing?", "What does ydemir work on?"])
def test_person_work(kb, question):
    answer = ask(kb, question)
    assert answer.intent == "person_work"
    assert names(answer)[0] == "Bramble"
    check_evidence(answer)


@pytest.mark.parametrize("question", [
    "what did Ingrid agree to do?", "What did Ingrid Solberg promise?",
    "what are Ingrid's action items?"])
def test_action_items(kb, question):
    answer = ask(kb, question)
    assert answer.intent == "action_items"
    assert answer.answers and all(a["type"] == "action" for a in answer.answers)
    assert all("Ingrid Solberg" in a["owners"] for a in answer.answers)
    assert any("Thicket" in a["name"] for a in answer.answers)
    check_evidence(answer)


@pytest.mark.parametrize("question", [
    "which issues came up about Bramble?", "what issues were mentioned about bramble",
    "Which PRs came up for Bramble"])
def test_issues(kb, question):
    answer = ask(kb, question)
    assert answer.intent == "issues"
    assert answer.answers and all(a["type"] == "issue" for a in answer.answers)
    assert all("#" in a["name"] for a in answer.answers)
    check_evidence(answer)


@pytest.mark.parametrize(("question", "date"), [
    ("when did we first discuss Bramble?", "2024-01-23"),  # first named among Seedlings ideas
    ("When was Bramble first mentioned?", "2024-01-23"),
    ("when did we last talk about fern-arm?", None),
])
def test_when(kb, question, date):
    answer = ask(kb, question)
    assert answer.intent == "when"
    assert len(answer.answers) == 1 and answer.answers[0]["type"] == "meeting"
    if date:
        assert answer.answers[0]["name"] == date
    else:
        every = ask(kb, "all fern-arm discussions")
        assert answer.answers[0]["name"] == every.answers[-1]["meeting"]
    check_evidence(answer)


def test_search_fallback(kb):
    answer = ask(kb, "nightly signing key")
    assert answer.intent == "search" and answer.answers
    assert answer.answers[0]["type"] == "section"


def test_answer_json_shape(kb):
    data = kb.ask("who leads Bramble?").to_dict()
    assert set(data) == {"question", "intent", "entities", "answers", "evidence", "message"}
    assert data["entities"][0] == {"id": "project:bramble", "type": "project", "name": "Bramble"}
    assert {"id", "type", "name", "score"} <= set(data["answers"][0])


@pytest.mark.parametrize(("question", "intent"), [
    ("who owns Functoria release?", "owner"), ("who's responsible for the Functoria release", "owner"),
    ("who is leading Irmin?", "owner"), ("all Qubes discussions", "discussions"),
    ("everything about unikernel.org", "discussions"), ("where did we talk about logging?", "discussions"),
    ("what did Hannes agree to do?", "action_items"), ("what is ThomasL working on?", "person_work"),
    ("who was at the 2 December 2015 call?", "attendance"), ("who chaired the last meeting?", "chair"),
    ("who spoke about the logging rewrite on 2 December?", "participants"),
    ("when did we last discuss Outreachy?", "when"),
    ("which issues came up about mirage-www?", "issues"), ("the weather", "search"),
])
def test_classify(kb, question, intent):
    assert kb._asker().read(question).intent == intent


def test_every_intent_example_is_read_as_its_intent(kb):
    """Each intent declares at least 15 examples in users' wording, and each is read as that intent."""
    wrong = []
    for declared in INTENTS.values():
        assert len(declared.examples) >= 15, declared.name
        for example in declared.examples:
            read = kb._asker().read(example)
            if read.intent != declared.name:
                wrong.append((declared.name, example, read.intent))
    assert wrong == []


# --- search ---------------------------------------------------------------------


def test_search_hits_and_snippets(kb):
    hits = kb.search("signing key")
    assert hits and hits[0].snippet.count("<b>") >= 1
    assert "<script>" not in " ".join(h.snippet for h in hits)
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_search_filters(kb):
    everything = kb.search("release", limit=100)
    by_project = kb.search("release", limit=100, project="fern sync")
    assert 0 < len(by_project) < len(everything)
    dated = kb.search("release", limit=100, since="2025-01-01")
    assert dated and all(h.meeting >= "2025-01-01" for h in dated)
    window = kb.search("release", limit=100, since="2024-03-01", until="2024-03-31")
    assert all("2024-03-01" <= h.meeting <= "2024-03-31" for h in window)
    by_person = kb.search("release", limit=100, person="Yusuf")
    assert by_person and len(by_person) < len(everything)
    with pytest.raises(LookupError):
        kb.search("release", project="No Such Thing")


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR (", "((", "NOT", '"" AND', "fern* ?"])
def test_broken_query_syntax_does_not_fail(kb, query):
    kb.search(query)


def test_broken_query_falls_back_to_words(kb):
    assert kb.search('"signing key') and kb.search("signing AND OR ( key")


def test_phrases_and_boolean(kb):
    phrase = kb.search('"signing key"', limit=100)
    loose = kb.search("signing key", limit=100)
    assert len(phrase) <= len(loose)
    either = kb.search("Bramble OR Thicket", limit=100)
    both = kb.search("Bramble AND Thicket", limit=100)
    without = kb.search("Bramble NOT Thicket", limit=100)
    assert len(both) <= min(len(either), len(kb.search("Bramble", limit=100)))
    assert len(without) + len(both) == len(kb.search("Bramble", limit=100))


def test_alias_in_query_finds_other_spelling(kb):
    tagged = {h.section_id for h in kb.search("", project="FernSync", limit=500)}
    fern = {h.section_id for h in kb.search("FernSync", limit=500)}
    other = {h.section_id for h in kb.search("fern-sync", limit=500)}
    assert len(tagged) > 5 and tagged <= fern and tagged <= other


def test_misspelt_entity_is_linked(kb):
    assert ask(kb, "who leads Bramblle?").entities[0]["name"] == "Bramble"
    assert ask(kb, "what is Yusuf Demirr working on?").entities[0]["name"] == "Yusuf Demir"


def test_cli_search_and_ask(kb):
    runner = CliRunner()
    result = runner.invoke(cli, ["search", "signing key", "--json", "--store", str(kb.path)])
    data = json.loads(result.stdout)
    assert data["query"] == "signing key" and data["total"] >= len(data["hits"]) > 0
    assert {"meeting", "title", "section", "snippet", "score", "source", "line"} <= set(data["hits"][0])
    answer = json.loads(runner.invoke(cli, ["ask", "who leads Bramble?", "--json",
                                            "--store", str(kb.path)]).stdout)
    assert answer["answers"][0]["name"] == "Yusuf Demir"
    text = runner.invoke(cli, ["ask", "who owns Kubernetes?", "--store", str(kb.path)])
    assert text.exit_code == 0 and "do not show who owns" in text.stdout
    bad = runner.invoke(cli, ["search", "x", "--project", "Nope", "--store", str(kb.path)])
    assert bad.exit_code == 1 and "no project called" in bad.stderr


def test_owner_of_a_topic_under_its_heading(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-11-26.md": (
        "# Call 2024-11-26\n\nAttendees: Dave Reyes, Ana Lima\n\n## Entropy for the unikernels\n"
        "Ana summarised the thread. We could get entropy in via the store or a channel. "
        "Both are equally hard and Dave has been looking at them.\n")})
    answer = ask(kb, "who is working on getting entropy into unikernels?")
    assert names(answer)[0] == "Dave Reyes"
    assert answer.evidence[0]["line"] == 6


def test_decisions_about_a_topic_give_what_was_assented_to(kb):
    answer = ask(kb, "what did we decide about the audit firm?")
    assert answer.intent == "decisions"
    found = [(a["meeting"], a["section"], a["name"]) for a in answer.answers]
    assert [f[:2] for f in found] == [("2024-05-28", "Choosing the audit firm")]
    assert found[0][2].startswith("ThomasL repeated") and found[0][2].endswith("Nobody objected.")
    check_evidence(answer)


def test_dates_lists_the_sections_of_a_month(kb):
    answer = ask(kb, "what happened in May 2024?")
    assert answer.intent == "dates"
    assert sorted({a["meeting"] for a in answer.answers}) == ["2024-05-14", "2024-05-28"]
    assert "Choosing the audit firm" in [a["section"] for a in answer.answers]
