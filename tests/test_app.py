"""Every page of the Streamlit app, driven with streamlit.testing.v1.AppTest."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kg import KnowledgeBase

from .conftest import CORPUS

APP = str(Path(__file__).parent.parent / "app" / "streamlit_app.py")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("app") / "store"
    KnowledgeBase.open(path, create=True).ingest([CORPUS])
    return path


def page(store, monkeypatch, name, **params):
    monkeypatch.setenv("KG_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"views/{name}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [t.value for t in at.title] + [t.value for t in at.subheader]
    return "\n".join(parts)


def test_no_page_allows_html(store, monkeypatch):
    for name in ("ask", "people", "projects", "meetings", "actions", "review", "manage"):
        at = page(store, monkeypatch, name, q="who leads Bramble?")
        assert all(not m.proto.allow_html for m in at.markdown), name


def test_ask_answer_and_evidence(store, monkeypatch):
    at = page(store, monkeypatch, "ask", q="who leads Bramble?")
    text = shown(at)
    assert "Yusuf Demir is the most involved in Bramble" in text.replace("\\", "")
    assert "[Yusuf Demir](/people?person=person:yusuf-demir)" in text
    assert "Evidence" in text and "**Bramble**" in text
    assert "(/meetings?meeting=meeting:" in text
    assert at.query_params["q"] in ("who leads Bramble?", ["who leads Bramble?"])


def test_ask_search_results_with_filters(store, monkeypatch):
    at = page(store, monkeypatch, "ask", q="signing key", since="2024-05-01")
    text = shown(at)
    assert "Search results" in text and "**signing**" in text.lower()
    assert "2024\\-04\\-30" not in text


def test_person_page(store, monkeypatch):
    at = page(store, monkeypatch, "people", person="person:yusuf-demir")
    assert at.title[0].value == "Yusuf Demir"
    metrics = {m.label: m.value for m in at.metric}
    attended = [m for m in KnowledgeBase.open(store).meetings() if "Yusuf Demir" in m["attendees"]]
    assert metrics["Meetings attended"] == str(len(attended))
    assert "[Bramble](/projects?project=project:bramble)" in shown(at)


def test_people_directory(store, monkeypatch):
    at = page(store, monkeypatch, "people")
    assert shown(at).count("/people?person=") == 18


def test_project_page_owners(store, monkeypatch):
    at = page(store, monkeypatch, "projects", project="project:thicket")
    assert at.title[0].value == "Thicket"
    owners = [m.value for m in at.markdown if "/people?person=" in m.value and "score" in m.value]
    assert owners[0].startswith("- [Kwame Asante]")  # Thicket changed hands in July 2024


def test_meeting_page(store, monkeypatch):
    at = page(store, monkeypatch, "meetings", meeting="meeting:2024-04-02")
    text = shown(at)
    assert "Priya Krishnan" in text and "next: 2024" in text.replace("\\", "")
    assert "Action items" in text


def test_graph_page(store, monkeypatch):
    at = page(store, monkeypatch, "graph", node="project:bramble")
    assert at.title[0].value == "Graph"
    assert "nodes" in at.caption[0].value


def test_actions_board(store, monkeypatch):
    at = page(store, monkeypatch, "actions", person="Ingrid Solberg")
    table = at.dataframe[0].value
    assert len(table) > 0 and set(table["owners"].str.contains("Ingrid Solberg")) == {True}


def test_review_page(store, monkeypatch):
    at = page(store, monkeypatch, "review", year="2024")
    assert at.text_area[0].value.startswith("# 2024 in review")


def test_manage_lists_rejections(store, monkeypatch):
    text = shown(page(store, monkeypatch, "manage"))
    assert "not a meeting note: a README" in text.replace("\\", "")


def test_malicious_note_is_shown_as_text(tmp_path, monkeypatch):
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(CORPUS / "2024" / "2024-01-09.md", notes)
    (notes / "2024-02-02.md").write_text(
        "# Call 2024-02-02\n\nAttendees: Lena Hofmann, Bob Okafor\n\n## Evil\n"
        "Lena pasted <script>alert('x')</script> and <img src=x onerror=alert(1)> here.\n")
    store = tmp_path / "store"
    KnowledgeBase.open(store, create=True).ingest([notes])
    at = page(store, monkeypatch, "meetings", meeting="meeting:2024-02-02")
    evil = [m.value for m in at.markdown if "script" in m.value]
    assert evil and all("\\<script\\>" in v and not re.search(r"(?<!\\)<", v) for v in evil)
    assert all(not m.proto.allow_html for m in at.markdown)
    at = page(store, monkeypatch, "ask", q="alert")
    hits = [m.value for m in at.markdown if "onerror" in m.value]
    assert hits and all(not re.search(r"(?<!\\)<", v) for v in hits)
