"""A store built note by note is the store built at once.

Notes are added, changed and deleted one ingest at a time, with people who
first appear half-way; the graph, the meetings, the index hits and the
answers then equal those of one ingest of the final folder.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from kg import KnowledgeBase

NOTES = {
    "2024-01-09.md": "# Weekly call 2024-01-09\n\nAttendees: Lena Hofmann (chair), Bob Okafor\n\n"
                     "## Bramble\nBob will cut the Bramble release. Lena leads Bramble.\n\n"
                     "## Pipelines\nThe CI lines are green; see bramble/bramble#12.\n",
    "2024-01-16.md": "# Weekly call 2024-01-16\n\nAttendees: Lena Hofmann, Bob Okafor, Ana Lima\n\n"
                     "## Docs\nAna will rewrite the Bramble docs. Bob fixed bramble/bramble#14.\n",
    "2024-02-06.md": "# Weekly call 2024-02-06\n\nAttendees: Ana Lima (chair), Bob Okafor\n\n"
                     "## Thicket\nBob leads Thicket. Ana agreed to review the Thicket plan.\n"
                     "We decided to ship Thicket 1.0 in March.\n",
}
LATER = {  # Ines Duarte first appears here, and is then named in an older note
    "2024-02-13.md": "# Weekly call 2024-02-13\n\nAttendees: Ines Duarte (chair), Ana Lima\n\n"
                     "## Thicket\nInes will benchmark Thicket. Ana is working on the Thicket docs.\n",
    "2024-03-05.md": "# Weekly call 2024-03-05\n\nAttendees: Lena Hofmann, Ines Duarte\n\n"
                     "## Bramble\nInes and Lena released Bramble 2.0. Lena will write the blog post.\n",
}
SEARCHES = ["Bramble", "Thicket docs", "benchmark", "\"blog post\"", "release"]
QUESTIONS = ["who leads Bramble?", "who works on Thicket?", "what did Ana agree to do?",
             "what is Ines working on?", "who chaired the last meeting?",
             "which meetings did Bob attend?", "what was decided about Thicket?"]


def graph_state(kb: KnowledgeBase) -> tuple[list, list]:
    """The graph's nodes and edges with their data, in a stable order."""
    graph = kb.graph
    nodes = sorted((n, json.dumps(d, sort_keys=True)) for n, d in graph.nodes(data=True))
    edges = sorted((u, v, k, json.dumps(d, sort_keys=True))
                   for u, v, k, d in graph.edges(keys=True, data=True))
    return nodes, edges


def everything(kb: KnowledgeBase) -> dict:
    return {
        "graph": graph_state(kb),
        "meetings": kb.meetings(),
        "people": kb.people(),
        "projects": kb.projects(),
        "actions": kb.actions(),
        "sentences": kb.sentences(),
        "hits": {q: [(h.section_id, h.snippet) for h in kb.search(q)] for q in SEARCHES},
        "answers": {q: asdict(kb.ask(q)) for q in QUESTIONS},
    }


def ingest(kb: KnowledgeBase, folder: Path) -> dict:
    report = kb.ingest([folder])
    return {"added": report.added, "updated": report.updated, "removed": report.removed,
            "extracted": next(s.count for s in report.stages if s.name == "extract")}


def write(folder: Path, notes: dict[str, str]) -> None:
    for name, text in notes.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_note_by_note_equals_all_at_once(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    kb = KnowledgeBase.open(tmp_path / "step", create=True)
    write(folder, NOTES)
    assert ingest(kb, folder) == {"added": 3, "updated": 0, "removed": 0, "extracted": 3}
    # a new person: the notes that do not name her keep their extractions
    write(folder, {"2024-02-13.md": LATER["2024-02-13.md"]})
    assert ingest(kb, folder) == {"added": 1, "updated": 0, "removed": 0, "extracted": 1}
    # an older note now names her
    with open(folder / "2024-01-16.md", "a", encoding="utf-8") as handle:
        handle.write("\n## Thicket\nInes will profile the Thicket sync.\n")
    assert ingest(kb, folder) == {"added": 0, "updated": 1, "removed": 0, "extracted": 1}
    # the only note that named Bob leading Thicket goes
    (folder / "2024-02-06.md").unlink()
    assert ingest(kb, folder)["removed"] == 1
    write(folder, {"2024-03-05.md": LATER["2024-03-05.md"],
                   "2024-01-09.md": NOTES["2024-01-09.md"].replace("Lena leads", "Ines leads")})
    assert ingest(kb, folder)["added"] == 1
    step_by_step = everything(KnowledgeBase.open(tmp_path / "step"))

    at_once = KnowledgeBase.open(tmp_path / "once", create=True)
    assert ingest(at_once, folder) == {"added": 4, "updated": 0, "removed": 0, "extracted": 4}
    whole = everything(KnowledgeBase.open(tmp_path / "once"))
    assert any(a["entities"] for a in whole["answers"].values())
    assert all(whole["hits"].values())
    for key, value in whole.items():
        assert step_by_step[key] == value, key


def test_search_and_lookup_do_not_load_the_graph(tmp_path, monkeypatch):
    folder = tmp_path / "notes"
    folder.mkdir()
    write(folder, NOTES)
    KnowledgeBase.open(tmp_path / "store", create=True).ingest([folder])
    expected = KnowledgeBase.open(tmp_path / "store")
    wanted = ([h.section_id for h in expected.search("bramble/bramble#12")],
              expected.lookup("Bob"), expected.lookup("Thicket"), expected.lookup("Lena Hofman"))
    assert wanted[1:] == (["person:bob-okafor"], ["project:thicket"], ["person:lena-hofmann"])

    def no_graph(*args, **kwargs):
        raise AssertionError("the whole graph was loaded")

    monkeypatch.setattr("kg.api.from_json", no_graph)
    kb = KnowledgeBase.open(tmp_path / "store")
    assert ([h.section_id for h in kb.search("bramble/bramble#12")], kb.lookup("Bob"),
            kb.lookup("Thicket"), kb.lookup("Lena Hofman")) == wanted
