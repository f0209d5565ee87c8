"""Resolution and the knowledge graph, on tests/fixtures/graph (three small notes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg import KnowledgeBase
from kg.cli import cli
from kg.graph import neighbours, people_project_graph
from kg.model import Attendee, Note
from kg.resolve import Directory, project_key

from .conftest import ingest_texts

FIXTURE = Path(__file__).parent / "fixtures" / "graph"


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("graph")
    shutil.copytree(FIXTURE, folder / "notes")
    kb = KnowledgeBase.open(folder / "store", create=True)
    kb.ingest([folder / "notes"])
    return kb


def meeting(kb, mid):
    return next(m for m in kb.meetings() if m["id"] == mid)


# --- people ---------------------------------------------------------------------


def test_directory_merges_spellings_and_nicknames(kb):
    names = sorted(p["name"] for p in kb.people())
    assert names == ["David Reyes", "Lena Hofmann", "Maria Kowalczyk", "Maria Santos",
                     "Priya Krishnan", "Robert Okafor", "Thomas Berg", "Thomas Lindqvist",
                     "Tomás Villanueva"]
    lena = next(p for p in kb.people() if p["name"] == "Lena Hofmann")
    assert "Lena Hoffman" in lena["aliases"] and lena["meetings"] == 3
    dave = next(p for p in kb.people() if p["name"] == "David Reyes")
    assert {"Dave", "Dave Reyes"} <= set(dave["aliases"])


def test_curated_people_yaml_overrides(kb):
    bob = next(p for p in kb.people() if p["id"] == "person:robert-okafor")
    assert bob["github"] == "bokafor"
    assert meeting(kb, "meeting:2024-01-23")["attendees"][1] == "Robert Okafor"


@pytest.mark.parametrize(
    ("written", "meeting_id", "expected"),
    [
        ("ThomasL", "meeting:2024-02-06", "person:thomas-lindqvist"),  # FirstnameX handle
        ("ThomasB", "meeting:2024-02-06", "person:thomas-berg"),
        ("Thomas", "meeting:2024-01-23", "person:thomas-lindqvist"),  # the only Thomas there
        ("Thomas", "meeting:2024-02-06", None),  # two Thomases: left unresolved
        ("TV", "meeting:2024-01-09", "person:tomas-villanueva"),  # initials
        ("PK", "meeting:2024-01-23", "person:priya-krishnan"),
        ("PK", "meeting:2024-01-09", None),  # initials of someone who was not there
        ("MariaK", "meeting:2024-01-09", "person:maria-kowalczyk"),
        ("Maria", "meeting:2024-01-09", None),  # two Marias
        ("Dave", "meeting:2024-01-09", "person:david-reyes"),  # nickname variant
        ("Bob", "meeting:2024-02-06", "person:robert-okafor"),  # curated alias
        ("bokafor", None, "person:robert-okafor"),  # GitHub handle
        ("tlindqvist", None, "person:thomas-lindqvist"),  # derived lower-case handle
        ("Priya Krishnen", None, "person:priya-krishnan"),  # misspelling
        ("Lindqvist", None, "person:thomas-lindqvist"),
        ("Zed", None, None),
    ],
)
def test_mention_resolution(kb, written, meeting_id, expected):
    directory = Directory.build(kb.notes(), [{"name": "Robert Okafor", "aliases": ["Bob"],
                                              "github": "bokafor"}])
    note = kb.note(meeting_id) if meeting_id else None
    assert directory.resolve(written, meeting_id, note.date if note else None).person == expected


def test_ambiguous_mentions_are_listed_not_guessed(kb):
    unresolved = kb.unresolved()
    assert [(u["text"], u["count"], sorted(u["candidates"])) for u in unresolved] == [
        ("Thomas", 1, ["Thomas Berg", "Thomas Lindqvist"])]
    assert unresolved[0]["examples"][0]["line"] == 7


def test_single_first_names_and_handles_in_attendee_lists():
    def note(date, *names):
        return Note(source=f"{date}.md", title="x", id=f"meeting:{date}", date=date,
                    attendees=[Attendee(n, n) for n in names])

    directory = Directory.build([note("2024-01-01", "Kwame Asante", "Yusuf Demir"),
                                 note("2024-01-15", "Kwame", "ydemir7", "Nick", "Chris ?")])
    rows = directory.attendees("meeting:2024-01-15")
    assert [pid for _, pid in rows] == ["person:kwame-asante", "person:yusuf-demir",
                                        "person:nick", None]


# --- graph ----------------------------------------------------------------------


def test_graph_nodes_and_edges(kb):
    g = kb.graph
    assert isinstance(g, nx.MultiDiGraph)
    types = {}
    for _, data in g.nodes(data=True):
        types[data["type"]] = types.get(data["type"], 0) + 1
    assert types["meeting"] == 3 and types["person"] == 9
    assert types["issue"] == 5
    assert {g.nodes[p]["name"] for p, _ in neighbours(g, "meeting:2024-01-09", "attended", "in")} \
        >= {"Lena Hofmann", "David Reyes"}
    chair = [d["role"] for u, d in neighbours(g, "meeting:2024-01-09", "attended", "in")
             if u == "person:lena-hofmann"]
    assert chair == ["chair"]
    assert g.nodes["issue:fernwood/fern-sync#41"]["url"].endswith("/fern-sync/issues/41")
    assert [p for p, _ in neighbours(g, "issue:fernwood/fern-sync#42", "in_repo")] == [
        "project:fernsync"]


def test_issue_owner_filled_from_the_corpus(kb):
    assert meeting(kb, "meeting:2024-01-23")["issues"] == [
        "fernwood/fern-sync#42", "fernwood/docs#7", "fernwood/fern-sync#41", "fernwood/website#3"]


def test_projects_and_aliases(kb):
    names = {p["name"]: p for p in kb.projects()}
    assert set(names) == {"FernSync", "Thicket", "Bramble", "ARM"}
    assert "fern-sync" in names["FernSync"]["aliases"]
    assert project_key("Thicket CI") != project_key("Thicket")
    assert kb.lookup("fern sync") == ["project:fernsync"]


def test_meeting_record_actions(kb):
    record = meeting(kb, "meeting:2024-01-09")
    assert record["chair"] == "Lena Hofmann"
    assert [(a["line"], a["owners"]) for a in record["actions"]] == [
        (10, ["Lena Hofmann"]),
        (13, ["Maria Kowalczyk", "Maria Santos", "Robert Okafor"]),
        (16, ["Tomás Villanueva"]),
        (20, ["Maria Santos"]),
        (21, ["David Reyes"]),
        (22, ["Lena Hofmann"]),
        (23, []),
    ]
    assert record["actions"][0]["due"] == "before the next call"


def test_works_on_ranks_owners_with_evidence(kb):
    g = kb.graph
    ranked = sorted(neighbours(g, "project:fernsync", "works_on", "in"),
                    key=lambda e: -e[1]["weight"])
    top, data = ranked[0]
    assert top == "person:thomas-lindqvist"  # "Thomas is leading the FernSync 0.4 release"
    assert data["evidence"][0]["kind"] == "lead"
    assert all({"meeting", "section", "text", "source", "line"} <= set(e) for e in data["evidence"])
    thicket = {p for p, _ in neighbours(g, "project:thicket", "works_on", "in")}
    assert "person:david-reyes" in thicket
    simple = people_project_graph(g)
    assert simple.has_edge("person:david-reyes", "project:thicket")


def test_entity_card(kb):
    card = kb.entity("Dave")
    assert card["name"] == "David Reyes" and card["type"] == "person"
    assert [m["date"] for m in card["meetings"]] == ["2024-01-09", "2024-01-23"]
    assert [a["line"] for a in card["actions"]] == [21, 9, 15]
    assert kb.entity("Thomas")["ambiguous"][0]["type"] == "person"
    assert kb.entity("nobody at all") is None


# --- CLI --------------------------------------------------------------------------


def run(kb, *args):
    return CliRunner().invoke(cli, [*args, "--store", str(kb.path)])


def test_cli_people_projects_entity(kb):
    people = json.loads(run(kb, "people", "--json").stdout)
    assert len(people) == 9 and {"id", "name", "aliases", "meetings"} <= set(people[0])
    unresolved = run(kb, "people", "--unresolved")
    assert "'Thomas': 1 mention(s) (could be: Thomas Berg, Thomas Lindqvist)" in unresolved.stdout
    projects = json.loads(run(kb, "projects", "--json").stdout)
    assert "FernSync" in [p["name"] for p in projects][:2]
    card = json.loads(run(kb, "entity", "ThomasB", "--json").stdout)
    assert card["id"] == "person:thomas-berg"
    missing = run(kb, "entity", "Zebulon")
    assert missing.exit_code == 1 and "no person, project or issue" in missing.stderr


@pytest.mark.parametrize("fmt", ["graphml", "json", "cypher", "obsidian"])
def test_export(kb, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    result = run(kb, "export", "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    if fmt == "graphml":
        assert nx.read_graphml(out).number_of_nodes() == kb.graph.number_of_nodes()
    elif fmt == "json":
        assert len(json.loads(out.read_text())["nodes"]) == kb.graph.number_of_nodes()
    elif fmt == "cypher":
        text = out.read_text()
        assert text.count("MERGE (n:Person") == 9 and "[:WORKS_ON" in text
    else:
        page = (out / "people" / "David Reyes.md").read_text()
        assert "[[Thicket]]" in page and "[[2024-01-09 Weekly call]]" in page


def test_export_refuses_foreign_folder(kb, tmp_path):
    (tmp_path / "mine.txt").write_text("keep")
    result = run(kb, "export", "--format", "obsidian", "--out", str(tmp_path))
    assert result.exit_code == 1 and (tmp_path / "mine.txt").exists()


def test_merge_person_is_saved_and_applied(tmp_path):
    folder = tmp_path / "notes"
    shutil.copytree(FIXTURE, folder)
    kb = KnowledgeBase.open(tmp_path / "store", create=True)
    kb.ingest([folder])
    assert [u["text"] for u in kb.unresolved()] == ["Thomas"]
    kb.merge_person("Thomas", "Thomas Berg")
    assert kb.unresolved() == []
    assert "Thomas" in kb.entity("Thomas Berg")["aliases"]
    assert (tmp_path / "store" / "people.yaml").read_text().count("Thomas Berg") == 1


def test_an_action_that_points_back_carries_what_it_refers_to(tmp_path):
    kb = ingest_texts(tmp_path, {"2025-03-04.md": (
        "# Call\n\nAttendees: Jane Smith, Wei Chen\n\n## Release\n"
        "Jane Smith: Could someone update the changelog?\n\nWei Chen: Sure, I can do that.\n")})
    record = kb.meetings()[0]
    assert [(a["owners"], a["status"], a["context"]) for a in record["actions"]] == [
        (["Wei Chen"], "open", "Could someone update the changelog?")]
    assert [a["context"] for a in kb.actions()] == ["Could someone update the changelog?"]


def test_github_handles_resolve_in_text_and_actions(tmp_path):
    kb = ingest_texts(tmp_path, {"2025-03-04.md": (
        "# Call\n\n**Facilitator:** @jsmith\n\n## Attendees\n- Jane Smith (@jsmith), Acme\n"
        "- Wei Chen (@wchen)\n\n## Release\n- [ ] @wchen to cut the release by Friday\n"
        "- thanks to @jsmith for the review\n")})
    record = kb.meetings()[0]
    assert record["chair"] == "Jane Smith"
    assert record["attendees"] == ["Jane Smith", "Wei Chen"]
    assert [(a["owners"], a["due"]) for a in record["actions"]] == [(["Wei Chen"], "by Friday")]
    assert set(record["people_mentioned"]) == {"Jane Smith", "Wei Chen"}
