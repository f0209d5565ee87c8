"""Exports: an Obsidian vault that opens with working links and front matter, and exports
that never damage what kg did not write."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
import yaml

from kg import KnowledgeBase
from kg.export import ExportError, export

from .conftest import CORPUS, ingest_texts

LINK = re.compile(r"\[\[([^\]|#]+)(?:[#|][^\]]*)?\]\]")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    kb = KnowledgeBase.open(tmp_path_factory.mktemp("export") / "store", create=True)
    kb.ingest([CORPUS])
    return kb


def front_matter(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n"), page
    return yaml.safe_load(text.split("\n---\n", 1)[0][4:])


def test_vault_of_the_sample_notes_opens_with_links_and_front_matter(sample, tmp_path):
    vault = tmp_path / "vault"
    message = export(sample.graph, "obsidian", vault, notes=sample.notes())
    pages = sorted(vault.rglob("*.md"))
    meetings, people, projects = sample.meetings(), sample.people(), sample.projects()
    assert message == f"{len(pages)} pages in {vault}/"
    assert len(pages) == len(meetings) + len(people) + len(projects)
    names = {p.stem for p in pages}
    assert len({n.lower() for n in names}) == len(pages)
    for page in pages:
        data = front_matter(page)
        kinds = {"meetings": "meeting", "people": "person", "projects": "project"}
        assert data["type"] == kinds[page.parent.name]
        missing = [link for link in LINK.findall(page.read_text(encoding="utf-8")) if link not in names]
        assert missing == [], (page, missing)
    kinds = {p.parent.name: 0 for p in pages}
    for page in pages:
        kinds[page.parent.name] += 1
    assert kinds == {"meetings": len(meetings), "people": len(people), "projects": len(projects)}


def test_a_meeting_page_has_its_text_sections_people_tasks_and_issues(sample, tmp_path):
    vault = tmp_path / "vault"
    export(sample.graph, "obsidian", vault, notes=sample.notes())
    record = next(m for m in sample.meetings() if m["id"] == "meeting:2024-02-20")
    page = next((vault / "meetings").glob("2024-02-20 *.md"))
    data = front_matter(page)
    assert data["date"] == "2024-02-20" and data["title"] == record["title"]
    assert sorted(data["attendees"]) == sorted(f"[[{name}]]" for name in record["attendees"])
    text = page.read_text(encoding="utf-8")
    for section in record["sections"]:
        assert f"\n## {section}\n" in text
    assert text.count(f"# {record['title']}") == 1
    tasks = re.findall(r"^- \[( |x)\] ", text, re.M)
    assert len(tasks) == len(record["actions"])
    assert "[fernwood/fern-sync#131](https://github.com/fernwood/fern-sync/issues/131)" in text
    assert "People: [[Yusuf Demir]]" in text
    person = front_matter(vault / "people" / "Yusuf Demir.md")
    assert person["type"] == "person" and "Yusuf" in person["aliases"]


def test_five_meetings_with_one_name_are_five_pages(tmp_path):
    notes = {f"call-{i}.md": f"# Weekly call\n\nDate: 2024-05-07\n\nAttendees: Ana Lima, Bo Chen\n\n## Item\n"
                             f"Ana reported number {i}.\n" for i in range(5)}
    kb = ingest_texts(tmp_path, notes)
    assert len(kb.meetings()) == 5
    export(kb.graph, "obsidian", tmp_path / "vault", notes=kb.notes())
    assert len(list((tmp_path / "vault" / "meetings").glob("*.md"))) == 5


def test_a_folder_kg_did_not_write_is_left_untouched(sample, tmp_path):
    project = tmp_path / "proj"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "guide.md").write_text("my guide")
    (project / "thesis.tex").write_text("my thesis")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    with pytest.raises(ExportError, match="kg did not write"):
        export(sample.graph, "obsidian", project, notes=sample.notes())
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
    assert (project / "thesis.tex").read_text() == "my thesis"


def test_no_parent_folder_is_created(sample, tmp_path):
    for fmt in ("obsidian", "graphml"):
        with pytest.raises(ExportError, match="does not exist"):
            export(sample.graph, fmt, tmp_path / "nonexistent" / "dir" / "x")
        assert not (tmp_path / "nonexistent").exists()


def test_a_new_export_replaces_only_its_own_pages(sample, tmp_path):
    vault = tmp_path / "vault"
    export(sample.graph, "obsidian", vault, notes=sample.notes())
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian" / "app.json").write_text("{}")
    (vault / "my thoughts.md").write_text("mine")
    stale = vault / "people" / "Someone Gone.md"
    stale.write_text("old")
    marker = json.loads((vault / ".kg-vault").read_text())
    marker["files"].append("people/Someone Gone.md")
    marker["files"].append("../outside.md")
    (tmp_path / "outside.md").write_text("outside")
    (vault / ".kg-vault").write_text(json.dumps(marker))
    export(sample.graph, "obsidian", vault, notes=sample.notes())
    assert (vault / "my thoughts.md").read_text() == "mine" and (vault / ".obsidian" / "app.json").exists()
    assert not stale.exists() and (tmp_path / "outside.md").read_text() == "outside"


def test_a_page_of_the_user_in_a_kg_vault_is_not_overwritten(sample, tmp_path):
    vault = tmp_path / "vault"
    export(sample.graph, "obsidian", vault, notes=sample.notes())
    marker = json.loads((vault / ".kg-vault").read_text())
    marker["files"].remove("people/Yusuf Demir.md")
    (vault / ".kg-vault").write_text(json.dumps(marker))
    (vault / "people" / "Yusuf Demir.md").write_text("my own page")
    with pytest.raises(ExportError, match="kg did not write"):
        export(sample.graph, "obsidian", vault, notes=sample.notes())
    assert (vault / "people" / "Yusuf Demir.md").read_text() == "my own page"


@pytest.mark.parametrize("fmt", ["graphml", "json", "cypher"])
def test_a_file_export_overwrites_its_own_file_only(sample, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    export(sample.graph, fmt, out)
    export(sample.graph, fmt, out)  # its own: replaced
    foreign = tmp_path / f"mine.{fmt}"
    foreign.write_text("my data")
    with pytest.raises(ExportError, match="kg did not write"):
        export(sample.graph, fmt, foreign)
    assert foreign.read_text() == "my data"


def test_control_characters_are_dropped_so_graphml_reads_back(tmp_path):
    kb = ingest_texts(tmp_path, {"2024-06-04.md": (
        "# Call \x1b[31mred\x1b[0m 2024-06-04\n\nAttendees: Ana Lima, Bo Chen\n\n"
        "## Item\x0b one\nAna will fix the \x0cparser for Quill.\n")})
    out = tmp_path / "graph.graphml"
    export(kb.graph, "graphml", out)
    back = nx.read_graphml(out)
    assert back.number_of_nodes() == kb.graph.number_of_nodes()
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", out.read_text(encoding="utf-8"))
    vault = tmp_path / "vault"
    export(kb.graph, "obsidian", vault, notes=kb.notes())
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", "".join(p.read_text() for p in vault.rglob("*.md")))
