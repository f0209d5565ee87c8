"""Every page of the Streamlit app, driven with streamlit.testing.v1.AppTest."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from kg import KnowledgeBase

from .conftest import CORPUS

APP = str(Path(__file__).parent.parent / "app" / "streamlit_app.py")
sys.path.insert(0, str(Path(APP).parent))


@pytest.fixture(autouse=True)
def safe_settings():
    """What `kg app` sets; the app refuses to run without them."""
    from streamlit import config

    config.set_option("server.address", "127.0.0.1")
    config.set_option("browser.gatherUsageStats", False)


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


def links(at) -> list[tuple[str, str, dict[str, str]]]:
    """The in-app links of a page: (page, label, query parameters)."""
    return [(e.proto.page, re.sub(r"\\(.)", r"\1", e.proto.label),
             {k: v[0] for k, v in parse_qs(e.proto.query_string).items()}) for e in at.get("page_link")]


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
    assert ("people", "Yusuf Demir", {"person": "person:yusuf-demir"}) in links(at)
    assert "Evidence" in text and "**Bramble**" in text
    evidence = [link for link in links(at) if link[0] == "meetings"]
    kb = KnowledgeBase.open(store)
    cited = kb.ask("who leads Bramble?").evidence[0]
    where = evidence[0][2]
    assert (where["meeting"], where["line"]) == (cited.meeting_id, str(cited.line))
    assert where["section"] == cited.section_id.rsplit("/", 1)[1]
    paragraph = kb.note(cited.meeting_id).sections[int(where["section"])].paragraphs[int(where["para"])]
    assert cited.text[:40] in paragraph.text
    assert "intent" not in text and "score" not in text
    assert at.query_params["q"] in ("who leads Bramble?", ["who leads Bramble?"])


def test_citations_in_one_line_html_name_the_paragraph(tmp_path):
    from common import locate

    from .conftest import ingest_texts

    kb = ingest_texts(tmp_path, {"2024-05-07.html": (
        "<html><body><h1>Call 2024-05-07</h1><p>Attendees: Lena Hofmann, Bob Okafor</p>"
        "<h2>Sync</h2><p>Lena reviewed the plan.</p><p>Bob will publish the release notes.</p>"
        "</body></html>")})
    note = kb.note("meeting:2024-05-07")
    number = next(i for i, s in enumerate(note.sections) if s.heading == "Sync")
    where = locate(kb, note.id, f"section:2024-05-07/{number}", "Bob will publish the release notes.", 1)
    assert where == {"section": str(number), "para": "1", "line": "1", "at": "paragraph 2 of “Sync”"}


def test_ask_search_results_with_filters(store, monkeypatch):
    at = page(store, monkeypatch, "ask", q="signing key", since="2024-05-01")
    text = shown(at)
    assert "Search results" in text and "**signing**" in text.lower()
    assert all(link[2]["meeting"] >= "meeting:2024-05-01" for link in links(at) if link[0] == "meetings")


def test_refuses_to_run_with_usage_statistics_on(store, monkeypatch):
    from streamlit import config

    config.set_option("browser.gatherUsageStats", True)
    monkeypatch.setenv("KG_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert at.error and "Refusing to run: usage statistics are on" in at.error[0].value
    assert not at.title


def test_person_page(store, monkeypatch):
    at = page(store, monkeypatch, "people", person="person:yusuf-demir")
    assert at.title[0].value == "Yusuf Demir"
    metrics = {m.label: m.value for m in at.metric}
    attended = [m for m in KnowledgeBase.open(store).meetings() if "Yusuf Demir" in m["attendees"]]
    assert metrics["Meetings attended"] == str(len(attended))
    assert [link[1] for link in links(at) if link[2] == {"project": "project:bramble"}] == ["Bramble (23)"]
    assert at.selectbox[0].value == "project:bramble" and "**Bramble**" in shown(at)
    at.selectbox[0].select("project:fernsync").run()
    graph = KnowledgeBase.open(store).graph
    evidence = graph.get_edge_data("person:yusuf-demir", "project:fernsync")["works_on"]["evidence"][:3]
    assert [link[2]["meeting"] for link in links(at) if link[0] == "meetings"] == [
        e.get("meeting_id") or f"meeting:{e['meeting']}" for e in evidence]
    assert "weight" not in shown(at)
    charts = at.get("image")
    assert len(charts) == 1 and charts[0].proto.imgs[0].caption == "meetings per month"


def test_person_owes_and_is_owed(store, monkeypatch):
    at = page(store, monkeypatch, "people", person="person:lena-hofmann")
    owes, owed = at.tabs[0].label, at.tabs[1].label
    kb = KnowledgeBase.open(store)
    owned = [a for a in kb.actions() if "Lena Hofmann" in a["owners"]]
    assert owes == f"What Lena Hofmann owes ({len(owned)})"
    assert owed.startswith("Owed to Lena Hofmann (") and owed != "Owed to Lena Hofmann (0)"


def test_people_directory(store, monkeypatch):
    at = page(store, monkeypatch, "people")
    table = at.dataframe[0].value
    assert len(table) == 18 and list(table["name"])[0] == "Priya Krishnan"
    assert "18 people of 18" in shown(at)


def test_directories_keep_what_is_searched_in_the_url(store, monkeypatch):
    at = page(store, monkeypatch, "people", find="ydemir")
    assert list(at.dataframe[0].value["name"]) == ["Yusuf Demir"] and "1 person of 18" in shown(at)
    at.text_input[0].input("Noor").run()
    assert list(at.dataframe[0].value["name"]) == ["Noor Rahman"]
    assert at.query_params["find"] in ("Noor", ["Noor"])
    at = page(store, monkeypatch, "projects", find="thicket")
    assert list(at.dataframe[0].value["name"]) == ["Thicket"]
    at = page(store, monkeypatch, "meetings", find="2024-04-02")
    assert list(at.dataframe[0].value["date"]) == ["2024-04-02"]


def test_project_page_owners(store, monkeypatch):
    at = page(store, monkeypatch, "projects", project="project:thicket")
    assert at.title[0].value == "Thicket"
    people = [link for link in links(at) if link[0] == "people"]
    owners = KnowledgeBase.open(store).ask("who owns Thicket?").answers
    assert [p[1] for p in people] == [o.name for o in owners]
    assert "score" not in shown(at)
    cited = len(KnowledgeBase.open(store).ask("who owns Seedlings?").evidence)
    at = page(store, monkeypatch, "projects", project="project:seedlings")
    assert cited > 6 and len([link for link in links(at) if link[0] == "meetings" and "line" in link[2]]) == 6
    every = [link[2] for link in links(at) if link[1] == f"All {cited} sentences"]
    assert every == [{"q": "who owns Seedlings?"}]


def test_meeting_list_and_page(store, monkeypatch):
    at = page(store, monkeypatch, "meetings")
    assert len(at.dataframe[0].value) == 32
    at = page(store, monkeypatch, "meetings", meeting="meeting:2024-04-02")
    text = shown(at)
    assert "Priya Krishnan" in [link[1] for link in links(at)]
    assert any(link[1].startswith("next: 2024") for link in links(at))
    assert "Action items" in text


def test_a_meeting_source_opens_the_note_as_written(store, monkeypatch):
    at = page(store, monkeypatch, "meetings", meeting="meeting:2024-04-02")
    source = [link for link in links(at) if link[1].startswith("Source: ")]
    assert source == [("meetings", "Source: corpus/2024/weekly-call-april.md",
                       {"meeting": "meeting:2024-04-02", "note": "1"})]
    written = [e for e in at.expander if "The note as written" in e.label]
    assert len(written) == 1 and not written[0].proto.expanded
    at = page(store, monkeypatch, "meetings", meeting="meeting:2024-04-02", note="1")
    written = [e for e in at.expander if "The note as written" in e.label]
    assert written[0].proto.expanded and "Weekly call" in written[0].code[0].value


def test_a_meeting_action_item_links_to_where_it_was_written(store, monkeypatch):
    kb = KnowledgeBase.open(store)
    record = next(m for m in kb.meetings() if m["id"] == "meeting:2024-04-02")
    note = kb.note("meeting:2024-04-02")
    at = page(store, monkeypatch, "meetings", meeting="meeting:2024-04-02")
    places = [link[2] for link in links(at) if link[1].startswith(tuple(a["section"] + ", " for a in
                                                                         record["actions"]))]
    assert len(places) == len(record["actions"])
    for action, where in zip(record["actions"], places, strict=True):
        paragraph = note.sections[int(where["section"])].paragraphs[int(where["para"])]
        assert where["meeting"] == "meeting:2024-04-02" and action["text"][:30] in paragraph.text


def test_meeting_highlights_the_cited_paragraph(store, monkeypatch):
    at = page(store, monkeypatch, "meetings", meeting="meeting:2024-02-20", section="1", para="1", line="24")
    cited = [c for c in at.get("flex_container") if "cited-1" in str(c.proto)]
    assert cited, "no highlighted paragraph"


def test_graph_page(store, monkeypatch):
    at = page(store, monkeypatch, "graph")
    assert at.title[0].value == "Graph"
    assert at.selectbox[0].value == "project:fernsync"  # the most connected project
    assert "15 neighbours" in at.caption[0].value


def test_graph_lines_say_what_they_stand_for(store, monkeypatch):
    import json

    at = page(store, monkeypatch, "graph", show="person,project,meeting", top="60")
    data = json.loads(at.get("component_instance")[0].proto.json_args)["data"]
    titles = [e["title"] for e in (json.loads(data) if isinstance(data, str) else data)["edges"]]
    said = re.compile(r"named together in \d+ sections?|named in \d+ sections? of the meeting|attended it"
                      r"|.+ works on .+ \(1 sentence says so\)"
                      r"|.+ works on .+ \((?:[2-9]|[1-9]\d+) sentences say so\)")
    assert titles and all(said.fullmatch(part) for t in titles for part in t.split("; ")), titles
    assert any(t.endswith("of the meeting; attended it") for t in titles)
    assert any("Yusuf Demir works on Bramble" in t for t in titles)
    assert not any("weight" in t or "tie of" in t for t in titles)


def test_actions_board(store, monkeypatch):
    ingrid = [a for a in KnowledgeBase.open(store).actions() if "Ingrid Solberg" in a["owners"]]
    done = sum(a["status"] == "done" for a in ingrid)
    at = page(store, monkeypatch, "actions", person="Ingrid Solberg")
    table = at.dataframe[0].value
    assert len(table) == len(ingrid) and set(table["owners"].str.contains("Ingrid Solberg")) == {True}
    assert list(table["status"]).count("done") == done
    at = page(store, monkeypatch, "actions", person="Ingrid Solberg", group="1")
    assert [h.value for h in at.subheader] == [f"Ingrid Solberg · {len(ingrid) - done} open, {done} done"]
    at = page(store, monkeypatch, "actions", person="Ingrid Solberg", status="done")
    assert len(at.dataframe[0].value) == done


def test_actions_of_an_owner_show_what_they_owe_and_what_is_owed_to_them(store, monkeypatch):
    owned = [a for a in KnowledgeBase.open(store).actions() if "Lena Hofmann" in a["owners"]]
    person = page(store, monkeypatch, "people", person="person:lena-hofmann")
    owed_label = person.tabs[1].label
    at = page(store, monkeypatch, "actions", person="Lena Hofmann")
    assert [t.label for t in at.tabs] == [f"What Lena Hofmann owes ({len(owned)})", owed_label]
    owes, owed = at.dataframe[0].value, at.dataframe[1].value
    assert len(owes) == len(owned) and owed_label == f"Owed to Lena Hofmann ({len(owed)})"
    assert len(owed) > 0 and not owed["owners"].str.contains("Lena Hofmann").any()
    at = page(store, monkeypatch, "actions", person="Lena Hofmann", status="done")
    assert list(at.dataframe[1].value["status"].unique()) in ([], ["done"])


def test_review_page_opens_on_the_last_complete_year(store, monkeypatch):
    at = page(store, monkeypatch, "review")
    assert at.selectbox[0].value == "2024"
    assert at.text_area[0].value.startswith("# 2024 in review")


def test_manage_lists_rejections_and_waits_for_a_choice(store, monkeypatch):
    at = page(store, monkeypatch, "manage")
    rejected = at.dataframe[0].value
    assert "not a meeting note: a README" in list(rejected["why"])
    assert at.selectbox[0].value is None and at.selectbox[1].value is None


def test_manage_undoes_a_merge(tmp_path, monkeypatch):
    notes = tmp_path / "notes"
    notes.mkdir()
    for day, name in (("2024-01-09", "Dave Scott"), ("2024-01-23", "David Scott")):
        (notes / f"{day}.md").write_text(f"# Call {day}\n\nAttendees: {name}, Lena Hofmann\n\n"
                                          f"## Sync\n{name} will test it.\n", encoding="utf-8")
    store = tmp_path / "store"
    kb = KnowledgeBase.open(store, create=True)
    kb.ingest([notes])
    at = page(store, monkeypatch, "manage")
    at.selectbox[2].set_value("Dave Scott (shown as David Scott)")
    next(b for b in at.button if b.label == "Separate").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Dave Scott is no longer David Scott." in [s.value for s in at.success]
    names = sorted(p["name"] for p in KnowledgeBase.open(store).people() if "Scott" in p["name"])
    assert names == ["Dave Scott", "David Scott"]


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


def test_kg_app_skips_what_streamlit_does_after_every_page():
    """Watching source files and a full garbage collection after each page cost more than
    the page itself on a large store."""
    from kg.appserver import command

    line = command("127.0.0.1", 8501)
    flags = dict(zip(line[5::2], line[6::2], strict=False))
    assert flags["--server.fileWatcherType"] == "none" and flags["--runner.postScriptGC"] == "false"
    assert flags["--server.address"] == "127.0.0.1" and flags["--browser.gatherUsageStats"] == "false"
