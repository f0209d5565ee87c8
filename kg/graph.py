"""The knowledge graph: a networkx ``MultiDiGraph`` of meetings and what they hold.

Nodes have stable ids and a ``type``:

==========  =================================  ====================================
type        id                                 attributes
==========  =================================  ====================================
meeting     ``meeting:2015-12-02``             name (title), date, source, chair
section     ``section:2015-12-02/3``           name (heading), meeting, line, index
person      ``person:thomas-leonard``          name, aliases, github
project     ``project:qubes-os``               name, aliases, repos
issue       ``issue:mirage/mirage-www#404``    name (``owner/repo#N``), repo, number, url
action      ``action:2015-12-02/2``            name (the sentence), owners, due, done,
                                               meeting, section, line
decision    ``decision:2015-12-02/1``          name (the sentence), kind, meeting, section,
                                               line
==========  =================================  ====================================

Edges (the edge key is the relation):

- person ``attended`` meeting (``role``: ``"chair"`` or ``None``)
- meeting ``has_section`` section; section ``has_action`` action
- section ``mentions`` person / project (``count``, ``lines``)
- section ``about`` project (``reason``: ``heading`` or ``substantial``)
- section ``references`` issue (``lines``); issue ``in_repo`` project
- person ``owns`` action; action ``about`` project
- section ``has_decision`` decision; decision ``about`` project
- person ``works_on`` project (``weight``, ``evidence``: the sentences that support it,
  ``basis``: ``"stated"`` when a sentence or action names both and says who does the work,
  ``"inferred"`` when they only meet in a section or a turn)

>>> g = build_graph([], [], None, None)
>>> g.number_of_nodes()
0
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rapidfuzz import fuzz

from kg.extract import Extraction
from kg.model import Note
from kg.resolve import Directory, ProjectCatalog, first_name_variants, fold

LEAD_RE = re.compile(
    r"\b(?:lead|leads|leading|led|driv(?:e|es|ing)|drove|own(?:s|er|ing)?|maintain(?:s|er|ers|ing)?|"
    r"responsible|in charge|champion(?:s|ing)?|coordinat(?:e|es|ed|ing))\b", re.I)
OWNERSHIP_RE = re.compile(
    r"\b(?:lead|leads|leading|led|driv(?:e|es|ing)|drove|releas(?:e|es|ed|ing)|maintain(?:s|er|ers|ing)?"
    r"|own(?:s|er|ing)?|work(?:s|ing)? on|port(?:s|ed|ing)?|implement(?:s|ed|ing)?|wr(?:ite|ites|ote|"
    r"iting)|develop(?:s|ed|ing|er)?|buil(?:d|ds|t|ding)|responsible|in charge|fix(?:es|ed|ing)?|"
    r"merg(?:e|ed|es|ing)|coordinat(?:e|es|ed|ing)|organi[sz](?:e|es|ed|ing)|ship(?:s|ped|ping)?|"
    r"tag(?:s|ged|ging)?|cut(?:s|ting)?|mentor(?:s|ed|ing)?|running|runs|look(?:s|ing|ed)?\s+(?:at|into)|"
    r"investigat(?:e|es|ed|ing)|prototyp(?:e|es|ed|ing))\b",
    re.I,
)


@dataclass
class Unresolved:
    """A person mention that could not be tied to one person."""

    text: str
    meeting: str
    section: str
    line: int
    sentence: str
    candidates: list[str] = field(default_factory=list)


def _worth_listing(text: str, res: Any) -> bool:
    """Whether an unresolved mention is worth a curated alias (not ``MB`` in ``8MB``)."""
    if res.how == "initials of someone absent":
        return False
    return bool(res.candidates) or bool(re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]*)?|[a-z]+\d*", text))


def section_id(meeting_id: str, index: int) -> str:
    return f"section:{meeting_id.split(':', 1)[1]}/{index}"


def _recency(dates: list[str]) -> dict[str, float]:
    ordered = sorted({d for d in dates if d})
    if len(ordered) < 2:
        return {d: 1.0 for d in ordered}
    return {d: 0.5 + 0.5 * i / (len(ordered) - 1) for i, d in enumerate(ordered)}


def _evidence(note: Note, ex: Extraction, sentence_index: int, section_index: int
              ) -> dict[str, Any]:
    """Where a statement comes from: meeting, section, sentence, source and line."""
    sent = ex.sentences[sentence_index] if 0 <= sentence_index < len(ex.sentences) else None
    section = note.sections[section_index]
    return {"meeting": note.date or note.id, "meeting_id": note.id,
            "section": section.heading or note.title,
            "section_id": section_id(note.id, section_index),
            "text": sent.text if sent else section.heading, "source": note.source,
            "line": sent.line if sent else section.line}


#: How near the next turn must start for a name just before it to call on its speaker.
_HAND_OVER_LINES = 3


def _calls(text: str, person: Any, label: str) -> bool:
    """Whether a first name said just before a turn ("Thanks. Alex?", "..., Dragon.") calls on
    the turn's speaker: it is their first name, a nickname of it, or a near spelling of it or
    of the label they speak under (``Dragon`` / ``Draganrakita``).

    >>> from kg.resolve import Person
    >>> p = Person("person:dragan-rakita", "Dragan Rakita")
    >>> _calls("Dragon", p, "Draganrakita"), _calls("Alex", p, "Draganrakita")
    (True, False)
    """
    said = fold(text)
    if len(said) < 3 or not text[:1].isupper():
        return False
    firsts = {fold(person.first), fold(label.split()[0])}
    if said in first_name_variants(person.first) or said in firsts:
        return True
    return any(fuzz.ratio(said, first[:len(said) + 1]) >= 80 for first in firsts if len(first) >= 4)


def _section_resolver(directory: Directory, note: Note, ex: Extraction) -> Any:
    """Resolve names as written in a section, settling ambiguity by who else the section names.

    ``MS`` in a section headed "Introduce Mike Smith" is Mike Smith, though
    Mingqiu Sun was at the meeting too.
    """
    named: dict[int, set[str]] = defaultdict(set)
    for mention in ex.mentions:
        if len(mention.text.split()) > 1:
            res = directory.resolve(mention.text, note.id, note.date)
            if res.person:
                named[mention.section].add(res.person)

    turns = sorted((m.line, m.text) for m in ex.mentions if m.kind == "speaker")
    lines = [line for line, _ in turns]

    def resolve(text: str, section: int, line: int | None = None) -> Any:
        res = directory.resolve(text, note.id, note.date)
        if line is not None and len(text.split()) == 1:
            at = bisect.bisect_right(lines, line)
            if at < len(turns) and turns[at][0] - line <= _HAND_OVER_LINES:
                nxt = directory.resolve(turns[at][1], note.id, note.date).person
                if nxt and nxt != res.person and _calls(text, directory.people[nxt], turns[at][1]):
                    return type(res)(nxt, "hands over to the next speaker", res.candidates)
        if res.person is None and res.candidates:
            here = [c for c in res.candidates if c in named[section]]
            if len(here) == 1:
                return type(res)(here[0], "named in the section", res.candidates)
        return res

    return resolve


def build_graph(
    notes: list[Note],
    extractions: list[Extraction],
    directory: Directory | None,
    catalog: ProjectCatalog | None,
    owners: dict[str, str] | None = None,
    unresolved: list[Unresolved] | None = None,
    sentences: dict[str, list[list[Any]]] | None = None,
) -> nx.MultiDiGraph:
    """Build the graph of *notes* from their extractions and the resolved entities.

    Mentions that stay unresolved are appended to *unresolved* when given;
    *sentences*, when given, receives for each section id its sentences as
    ``[line, text, paragraph, person ids, project ids, speaker id]``, the evidence that
    questions are answered from.
    """
    graph = nx.MultiDiGraph()
    if directory is None or catalog is None:
        return graph
    owners = owners or {}
    recency = _recency([n.date or "" for n in notes])
    for person in directory.people.values():
        graph.add_node(person.id, type="person", name=person.name,
                       aliases=sorted(person.shown - {person.name}), github=person.github,
                       nicknames=sorted(person.variants | person.aliases - person.shown))
    for project in catalog.projects.values():
        graph.add_node(project.id, type="project", name=project.name,
                       aliases=sorted(project.aliases - {project.name}), repos=sorted(project.repos))
    works: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: {"weight": 0.0, "evidence": []})

    credited: set[tuple[str, str, str, int]] = set()

    def credit(person: str, project: str, points: float, evidence: dict[str, Any]) -> None:
        once = (person, project, evidence["meeting_id"], evidence["line"])
        if once in credited:
            return  # one sentence counts once per person and project
        credited.add(once)
        entry = works[(person, project)]
        entry["weight"] += points * recency.get(evidence.get("meeting") or "", 1.0)
        entry["evidence"].append({**evidence, "points": points})

    for note, ex in zip(notes, extractions, strict=True):
        mid = note.id
        meeting_date = note.date
        graph.add_node(mid, type="meeting", name=note.title, title=note.title, date=note.date,
                       source=note.source, format=note.format, chair=None, scribe=None,
                       attendee_line=note.attendee_line, chair_written=note.chair,
                       scribe_written=note.scribe,
                       header_lines=dict(note.field_lines),
                       attendees_written=[a.raw or a.name for a in note.attendees])
        for written, pid in directory.attendees(mid):
            if pid is None:
                continue
            attendee = next((a for a in note.attendees if a.name == written), None)
            role = attendee.role if attendee else None
            graph.add_edge(pid, mid, key="attended", role=role, written=written)
            if role in ("chair", "scribe"):
                graph.nodes[mid][role] = pid
        for role, written in (("chair", note.chair), ("scribe", note.scribe)):
            if graph.nodes[mid][role] is None and written:
                graph.nodes[mid][role] = directory.resolve(written, mid, meeting_date).person
        for index, section in enumerate(note.sections):
            sid = section_id(mid, index)
            presenters = []
            for written in section.presenters:
                res = directory.resolve(written, mid, meeting_date)
                if res.person and res.person not in presenters:
                    presenters.append(res.person)
            graph.add_node(sid, type="section", name=section.heading or note.title,
                           heading=section.heading, meeting=mid, line=section.line, index=index,
                           presenters=presenters)
            graph.add_edge(mid, sid, key="has_section")

        # people mentioned
        people_in: dict[int, set[str]] = defaultdict(set)  # sentence -> person ids
        mention_counts: dict[tuple[int, str], list[int]] = defaultdict(list)
        spoke: Counter[tuple[int, str]] = Counter()
        resolve = _section_resolver(directory, note, ex)
        for mention in ex.mentions:
            res = resolve(mention.text, mention.section, mention.line)
            if res.person is None:
                if unresolved is not None and _worth_listing(mention.text, res):
                    sent = ex.sentences[mention.sentence].text if mention.sentence >= 0 else ""
                    unresolved.append(Unresolved(mention.text, mid, note.sections[mention.section].heading,
                                                 mention.line, sent, res.candidates))
                continue
            people_in[mention.sentence].add(res.person)
            mention_counts[(mention.section, res.person)].append(mention.line)
            if mention.kind == "speaker":
                spoke[(mention.section, res.person)] += 1
        for (s_index, pid), lines in mention_counts.items():
            graph.add_edge(section_id(mid, s_index), pid, key="mentions", count=len(lines),
                           lines=sorted(set(lines)), spoke=spoke[(s_index, pid)])

        # projects mentioned
        projects_in: dict[int, set[str]] = defaultdict(set)
        project_counts: dict[tuple[int, str], list[int]] = defaultdict(list)
        sentences_per_section: Counter[int] = Counter()
        for s_number, sent in enumerate(ex.sentences):
            sentences_per_section[sent.section] += 1
            for _, _, project in catalog.find(sent.text):
                projects_in[s_number].add(project)
                project_counts[(sent.section, project)].append(sent.line)
        section_projects: dict[int, set[str]] = defaultdict(set)
        heading_projects = {i: {p for _, _, p in catalog.find(sec.heading)} if sec.heading else set()
                            for i, sec in enumerate(note.sections)}
        for index in range(len(note.sections)):
            sid = section_id(mid, index)
            for project in heading_projects[index]:
                graph.add_edge(sid, project, key="about", reason="heading")
                section_projects[index].add(project)
        for (s_index, project), lines in project_counts.items():
            sid = section_id(mid, s_index)
            graph.add_edge(sid, project, key="mentions", count=len(lines), lines=sorted(set(lines)))
            share = len(set(lines)) / max(1, sentences_per_section[s_index])
            if project not in section_projects[s_index] and (len(lines) >= 2 or share >= 0.34):
                graph.add_edge(sid, project, key="about", reason="substantial")
                section_projects[s_index].add(project)
        for project in {p for ps in section_projects.values() for p in ps} | {
                p for ps in projects_in.values() for p in ps}:
            catalog.projects[project].meetings.add(mid)

        # issues
        seen_refs: dict[tuple[int, str], list[int]] = defaultdict(list)
        for issue in ex.issues:
            owner = issue.owner or owners.get(issue.repo.lower())
            label = f"{owner}/{issue.repo}#{issue.number}" if owner else f"{issue.repo}#{issue.number}"
            iid = f"issue:{label}"
            if iid not in graph:
                url = issue.url or (f"https://github.com/{owner}/{issue.repo}/issues/{issue.number}"
                                    if owner else None)
                graph.add_node(iid, type="issue", name=label, owner=owner, repo=issue.repo,
                               number=issue.number, url=url)
                project = catalog.lookup(f"{owner}/{issue.repo}" if owner else issue.repo) or \
                    catalog.lookup(issue.repo)
                if project:
                    graph.add_edge(iid, project, key="in_repo")
            seen_refs[(issue.section, iid)].append(issue.line)
        for (s_index, iid), lines in seen_refs.items():
            graph.add_edge(section_id(mid, s_index), iid, key="references", lines=sorted(set(lines)))

        # actions
        for number, action in enumerate(ex.actions, start=1):
            aid = f"action:{mid.split(':', 1)[1]}/{number}"
            owner_ids: list[str] = []
            for written in action.owners:
                res = resolve(written, action.section)
                if res.person and res.person not in owner_ids:
                    owner_ids.append(res.person)
                elif res.person is None and unresolved is not None and _worth_listing(written, res):
                    unresolved.append(Unresolved(written, mid, note.sections[action.section].heading,
                                                 action.line, action.text, res.candidates))
            if not owner_ids and action.kind == "pronoun":
                continue  # "he will ..." about someone who could not be resolved
            named = {p for _, _, p in catalog.find(action.text)}
            about = named or section_projects[action.section]
            graph.add_node(aid, type="action", name=action.text, text=action.text, context=action.context,
                           owners=[graph.nodes[o]["name"] for o in owner_ids],
                           owners_written=list(action.owners), due=action.due, done=action.done,
                           status=action.status,
                           kind=action.kind, meeting=mid, date=note.date,
                           section=note.sections[action.section].heading or note.title,
                           source=note.source, line=action.line)
            graph.add_edge(section_id(mid, action.section), aid, key="has_action")
            for pid in owner_ids:
                graph.add_edge(pid, aid, key="owns")
                for project in about:
                    credit(pid, project, 3.0 if named else 1.5,
                           {**_evidence(note, ex, action.sentence, action.section), "kind": "action",
                            "stated": bool(named)})
            for project in about:
                graph.add_edge(aid, project, key="about")

        for number, decision in enumerate(ex.decisions, start=1):
            did = f"decision:{mid.split(':', 1)[1]}/{number}"
            graph.add_node(did, type="decision", name=decision.text, text=decision.text, kind=decision.kind,
                           meeting=mid, date=note.date,
                           section=note.sections[decision.section].heading or note.title,
                           source=note.source, line=decision.line)
            graph.add_edge(section_id(mid, decision.section), did, key="has_decision")
            named = {p for _, _, p in catalog.find(decision.text)}
            for project in named or section_projects[decision.section]:
                graph.add_edge(did, project, key="about")

        if sentences is not None:
            speakers: dict[tuple[int, int], str] = {}
            for mention in ex.mentions:
                if mention.kind == "speaker" and mention.sentence >= 0:
                    res = resolve(mention.text, mention.section)
                    if res.person:
                        sent = ex.sentences[mention.sentence]
                        speakers[(sent.section, sent.paragraph)] = res.person
            for s_number, sent in enumerate(ex.sentences):
                pids = set(people_in.get(s_number, ()))
                speaker = speakers.get((sent.section, sent.paragraph))
                if speaker:
                    pids.add(speaker)
                kind = note.sections[sent.section].paragraphs[sent.paragraph].kind \
                    if sent.paragraph >= 0 else "heading"
                sentences.setdefault(section_id(mid, sent.section), []).append(
                    [sent.line, sent.text.strip(), sent.paragraph, sorted(pids),
                     sorted(projects_in.get(s_number, ())), speaker, kind])

        # who works on what
        for s_number, pids in people_in.items():
            sent = ex.sentences[s_number]
            projects = projects_in.get(s_number, set())
            if OWNERSHIP_RE.search(sent.text):
                for project in heading_projects.get(sent.section, set()) - projects:
                    for pid in pids:  # "Nik is working on a new tool" under its heading
                        credit(pid, project, 1.5, {**_evidence(note, ex, s_number, sent.section),
                                                   "kind": "statement", "stated": False})
            if not projects:
                continue
            lead = bool(LEAD_RE.search(sent.text))
            strong = lead or bool(OWNERSHIP_RE.search(sent.text))
            points = 5.0 if lead else 2.0 if strong else 1.0
            kind = "lead" if lead else "statement" if strong else "mention"
            for pid in pids:
                for project in projects:
                    credit(pid, project, points,
                           {**_evidence(note, ex, s_number, sent.section), "kind": kind,
                            "stated": strong})
        for mention in ex.mentions:
            if mention.kind != "speaker":
                continue
            res = resolve(mention.text, mention.section)
            if not res.person or mention.sentence < 0:
                continue
            paragraph = ex.sentences[mention.sentence].paragraph
            for s_number, sent in enumerate(ex.sentences):
                if sent.section == mention.section and sent.paragraph == paragraph and \
                        sent.line == mention.line:
                    for project in projects_in.get(s_number, ()):
                        credit(res.person, project, 1.0, {**_evidence(note, ex, s_number, sent.section),
                                                          "kind": "speaker", "stated": False})

    for (pid, project), entry in works.items():
        evidence = sorted(entry["evidence"], key=lambda e: (-e["points"], e["meeting"]))
        graph.add_edge(pid, project, key="works_on", weight=round(entry["weight"], 3),
                       count=len(evidence), evidence=evidence[:12],
                       basis="stated" if any(e["stated"] for e in evidence) else "inferred",
                       last=max((e["meeting"] for e in evidence), default=None))
    for project in catalog.projects.values():
        if project.id in graph:
            graph.nodes[project.id]["meetings"] = len(project.meetings)
    return graph


#: The node types :func:`entity_rows` lists, and the fields of each row after the id.
ENTITY_TYPES = ("person", "project", "issue")
ENTITY_FIELDS = ("type", "name", "aliases", "nicknames")


def entity_rows(graph: nx.MultiDiGraph) -> list[list[Any]]:
    """``[id, type, name, aliases, nicknames]`` for each person, project and issue, in
    the graph's order: what name lookups need, without the rest of the graph."""
    return [[node, *(data.get(f, [] if f != "name" else "") for f in ENTITY_FIELDS)]
            for node, data in graph.nodes(data=True) if data.get("type") in ENTITY_TYPES]


def to_json(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as node-link JSON (safe to store and load)."""
    return nx.node_link_data(graph, edges="edges")


def from_json(data: dict[str, Any]) -> nx.MultiDiGraph:
    """Load a graph written by :func:`to_json`."""
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


def neighbours(graph: nx.MultiDiGraph, node: str, relation: str, direction: str = "out"
               ) -> list[tuple[str, dict[str, Any]]]:
    """``(other node, edge data)`` for the edges of one relation at *node*."""
    if node not in graph:
        return []
    edges: Iterable[tuple[Any, ...]]
    if direction == "out":
        edges = ((v, d) for _, v, k, d in graph.out_edges(node, keys=True, data=True) if k == relation)
    else:
        edges = ((u, d) for u, _, k, d in graph.in_edges(node, keys=True, data=True) if k == relation)
    return list(edges)


def people_project_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """An undirected weighted graph of people and projects joined by ``works_on``.

    Useful for centrality and communities (networkx's louvain).
    """
    simple = nx.Graph()
    for u, v, k, d in graph.edges(keys=True, data=True):
        if k == "works_on":
            for node in (u, v):
                simple.add_node(node, **{a: graph.nodes[node].get(a) for a in ("type", "name")})
            simple.add_edge(u, v, weight=d.get("weight", 1.0))
    return simple


def mentioned_people(graph: nx.MultiDiGraph, meeting_id: str) -> list[str]:
    """Names of the people mentioned in a meeting's sections, by first mention."""
    seen: dict[str, int] = {}
    for sid, _ in neighbours(graph, meeting_id, "has_section"):
        for pid, data in neighbours(graph, sid, "mentions"):
            if graph.nodes[pid].get("type") == "person":
                seen.setdefault(pid, min(data.get("lines") or [0]))
    return [graph.nodes[p]["name"] for p, _ in sorted(seen.items(), key=lambda kv: kv[1])]


def meeting_speakers(graph: nx.MultiDiGraph, meeting_id: str) -> list[str]:
    """Names of the people with a speaker turn in a meeting, by first turn."""
    seen: dict[str, int] = {}
    for sid, _ in neighbours(graph, meeting_id, "has_section"):
        for pid, data in neighbours(graph, sid, "mentions"):
            if data.get("spoke") and graph.nodes[pid].get("type") == "person":
                line = min(data.get("lines") or [0])
                seen[pid] = min(seen.get(pid, line), line)
    return [graph.nodes[p]["name"] for p, _ in sorted(seen.items(), key=lambda kv: kv[1])]


def meeting_record(graph: nx.MultiDiGraph, note: Note) -> dict[str, Any]:
    """The JSON record of one meeting, as ``kg meetings --json`` prints it."""
    mid = note.id
    node = graph.nodes[mid] if mid in graph else {}
    attendees, unresolved = [], []
    by_written = {d.get("written"): u for u, d in neighbours(graph, mid, "attended", "in")}
    for attendee in note.attendees:
        pid = by_written.get(attendee.name)
        if pid:
            name = graph.nodes[pid]["name"]
            if name not in attendees:
                attendees.append(name)
        else:
            unresolved.append(attendee.name)
    projects: dict[str, int] = {}
    issues: list[str] = []
    actions: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    for sid, _ in neighbours(graph, mid, "has_section"):
        for target, data in neighbours(graph, sid, "mentions") + neighbours(graph, sid, "about"):
            if graph.nodes[target].get("type") == "project":
                projects.setdefault(graph.nodes[target]["name"], min(data.get("lines") or [0]))
        for iid, _ in neighbours(graph, sid, "references"):
            if graph.nodes[iid]["name"] not in issues:
                issues.append(graph.nodes[iid]["name"])
        for did, _ in neighbours(graph, sid, "has_decision"):
            decision = graph.nodes[did]
            decisions.append({"id": did, "text": decision["text"], "section": decision["section"],
                              "line": decision["line"], "kind": decision["kind"]})
        for aid, _ in neighbours(graph, sid, "has_action"):
            action = graph.nodes[aid]
            actions.append({"id": aid, "owners": action["owners"], "text": action["text"],
                            "section": action["section"], "line": action["line"],
                            "due": action["due"], "done": action["done"],
                            "status": action.get("status", "done" if action["done"] else "open"),
                            "context": action.get("context")})
    chair, scribe = node.get("chair"), node.get("scribe")
    return {
        "id": mid,
        "date": note.date,
        "title": note.title,
        "source": note.source,
        "format": note.format,
        "chair": graph.nodes[chair]["name"] if chair in graph else note.chair,
        "scribe": graph.nodes[scribe]["name"] if scribe in graph else note.scribe,
        "attendees": attendees,
        "unresolved_attendees": unresolved,
        "agenda": list(note.agenda),
        "sections": [s.heading for s in note.sections if s.heading],
        "people_mentioned": mentioned_people(graph, mid),
        "speakers": meeting_speakers(graph, mid),
        "projects": [p for p, _ in sorted(projects.items(), key=lambda kv: kv[1])],
        "issues": issues,
        "actions": sorted(actions, key=lambda a: a["line"]),
        "decisions": sorted(decisions, key=lambda d: d["line"]),
        "warnings": list(note.warnings),
    }


def entity_card(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """What the graph knows about one person, project or issue, with sources."""
    data = graph.nodes[node]
    kind = data["type"]
    meetings: set[str] = set()
    people: Counter[str] = Counter()
    projects: Counter[str] = Counter()
    actions: list[str] = []
    issues: list[str] = []
    if kind == "person":
        meetings |= {m for m, _ in neighbours(graph, node, "attended")}
        meetings |= {graph.nodes[s]["meeting"] for s, _ in neighbours(graph, node, "mentions", "in")}
        for project, d in neighbours(graph, node, "works_on"):
            projects[project] += d.get("weight", 1.0)
        actions = [a for a, _ in neighbours(graph, node, "owns")]
        for meeting in meetings:
            for other, _ in neighbours(graph, meeting, "attended", "in"):
                if other != node:
                    people[other] += 1
    elif kind == "project":
        sections = {s for s, _ in neighbours(graph, node, "about", "in")
                    if graph.nodes[s]["type"] == "section"}
        sections |= {s for s, _ in neighbours(graph, node, "mentions", "in")}
        meetings = {graph.nodes[s]["meeting"] for s in sections}
        for person, d in neighbours(graph, node, "works_on", "in"):
            people[person] += d.get("weight", 1.0)
        actions = [a for a, _ in neighbours(graph, node, "about", "in")
                   if graph.nodes[a]["type"] == "action"]
        issues = [i for i, _ in neighbours(graph, node, "in_repo", "in")]
        for section in sections:
            for other, _ in neighbours(graph, section, "mentions"):
                if graph.nodes[other]["type"] == "project" and other != node:
                    projects[other] += 1
    elif kind == "issue":
        sections = {s for s, _ in neighbours(graph, node, "references", "in")}
        meetings = {graph.nodes[s]["meeting"] for s in sections}
        for section in sections:
            for other, _ in neighbours(graph, section, "mentions"):
                target = people if graph.nodes[other]["type"] == "person" else projects
                target[other] += 1
    dated = sorted(meetings, key=lambda m: graph.nodes[m].get("date") or "")
    return {
        "id": node, "type": kind, "name": data["name"], "aliases": data.get("aliases", []),
        "meetings": [{"id": m, "date": graph.nodes[m].get("date"), "title": graph.nodes[m]["name"],
                      "source": graph.nodes[m].get("source")} for m in dated],
        "first_seen": graph.nodes[dated[0]].get("date") if dated else None,
        "last_seen": graph.nodes[dated[-1]].get("date") if dated else None,
        "people": [{"id": p, "name": graph.nodes[p]["name"], "score": round(w, 2)}
                   for p, w in people.most_common(10)],
        "projects": [{"id": p, "name": graph.nodes[p]["name"], "score": round(w, 2)}
                     for p, w in projects.most_common(10)],
        "actions": [{"id": a, "text": graph.nodes[a]["text"], "owners": graph.nodes[a]["owners"],
                     "meeting": graph.nodes[a].get("date"), "section": graph.nodes[a]["section"],
                     "source": graph.nodes[a]["source"], "line": graph.nodes[a]["line"]}
                    for a in sorted(actions, key=lambda a: (graph.nodes[a].get("date") or "",
                                                            graph.nodes[a]["line"]))],
        "issues": sorted(graph.nodes[i]["name"] for i in issues),
    }


def section_documents(graph: nx.MultiDiGraph, notes: list[Note]) -> list[dict[str, Any]]:
    """One full-text document per section: text, heading, date and the entities in it."""
    docs = []
    for note in notes:
        for index, section in enumerate(note.sections):
            sid = section_id(note.id, index)
            tagged: dict[str, set[str]] = {"person": set(), "project": set(), "issue": set()}
            for target, _ in (neighbours(graph, sid, "mentions") + neighbours(graph, sid, "about")
                              + neighbours(graph, sid, "references")):
                kind = graph.nodes[target].get("type")
                if kind in tagged:
                    tagged[kind].add(target)
            docs.append({
                "id": sid, "meeting": note.id, "date": note.date or "", "title": note.title,
                "heading": section.heading, "text": section.text,
                "people": ",".join(sorted(tagged["person"])),
                "projects": ",".join(sorted(tagged["project"])),
                "issues": ",".join(sorted(tagged["issue"])),
                "source": note.source, "line": section.line,
            })
    return docs
