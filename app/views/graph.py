"""Graph: the strongest ties around a person or project, interactive, offline; clicking a
node opens its page.

Ties are weighted: two entities named in the same section (one more for each
such section), a person's work on a project (the weight of the evidence), an
entity and a meeting (the sections of that meeting naming it, one more for
attending).  Only the strongest N neighbours are drawn, edges carry no labels
(their description shows on hover), and a legend names the colours.

It uses streamlit-agraph, which ships its vis.js front end inside the package
(nothing is fetched from a CDN) and returns the clicked node to Python, so a
click can open that node's page.  pyvis pulls Bootstrap from a CDN and sends
no clicks back; st.graphviz_chart is built in but static.
"""

from __future__ import annotations

import html
import math
from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx
import streamlit as st
from common import from_url, md_link, one_of, plural, require_notes, to_url
from streamlit_agraph import Config, Edge, Node, agraph

base = require_notes()
graph = base.graph
st.title("Graph")
COLOURS = {"person": "#4C78A8", "project": "#F58518", "meeting": "#54A24B", "issue": "#B279A2"}
ENTITY = ("person", "project", "issue")


@st.cache_resource(show_spinner=False, max_entries=4)
def ties(store: str, snapshot: str) -> tuple[dict[str, Counter], dict[str, set[str]]]:
    """Every node's weighted neighbours (see the module docstring), and the sections naming
    each entity; computed once per store generation."""
    del store, snapshot  # the cache key
    weights: dict[str, Counter] = defaultdict(Counter)
    naming: dict[str, set[str]] = defaultdict(set)

    def tie(a: str, b: str, weight: float) -> None:
        weights[a][b] += weight
        weights[b][a] += weight

    for node, data in graph.nodes(data=True):
        if data.get("type") != "section":
            continue
        named = sorted({v for _, v, k in graph.out_edges(node, keys=True)
                        if k in ("mentions", "about", "references") and graph.nodes[v].get("type") in ENTITY})
        for a, b in combinations(named, 2):
            tie(a, b, 1)
        for entity in named:
            tie(entity, data["meeting"], 1)
            naming[entity].add(node)
    for u, v, k, data in graph.edges(keys=True, data=True):
        if k == "works_on":
            tie(u, v, float(data.get("weight", 1)))
        elif k == "attended":
            tie(u, v, 1)
    return dict(weights), dict(naming)


def current_ties() -> tuple[dict[str, Counter], dict[str, set[str]]]:
    return ties(str(base.path), str(base.store.snapshot().path))


def default_centre(choices: list[str]) -> str:
    """The project named in the most sections (a person when there is no project)."""
    projects = [c for c in choices if graph.nodes[c]["type"] == "project"] or choices
    return max(projects, key=lambda n: (graph.in_degree(n), graph.nodes[n]["name"]))


def neighbourhood(centre: str, kinds: list[str], strongest: int, depth: int) -> nx.Graph:
    """The centre, its *strongest* neighbours of the chosen *kinds*, and at depth 2 a few of
    theirs; edges between the shown nodes, each node keeping its strongest ties."""
    weights = current_ties()[0]
    allowed = lambda n: graph.nodes[n].get("type") in kinds and n != centre  # noqa: E731
    ring = [n for n, _ in sorted(weights.get(centre, {}).items(), key=lambda x: -x[1]) if allowed(n)]
    shown = {centre: 0, **{n: 1 for n in ring[:strongest]}}
    if depth > 1:
        per = max(2, strongest // 5)
        for node in [n for n, d in shown.items() if d == 1]:
            nearest = [n for n, _ in sorted(weights.get(node, {}).items(), key=lambda x: -x[1])
                       if allowed(n) and n not in shown][:per]
            shown.update({n: 2 for n in nearest})
    near = nx.Graph()
    for node in shown:
        near.add_node(node, ring=shown[node])
    for node in shown:
        best = sorted(((w, other) for other, w in weights.get(node, {}).items() if other in shown),
                      reverse=True)[:2 if node != centre else len(shown)]
        for weight, other in best:
            near.add_edge(node, other, weight=weight)
    return near


def sections_naming(node: str) -> set[str]:
    """The sections that name *node* (mention it, are about it, or reference it)."""
    return current_ties()[1].get(node, set())


def describe(a: str, b: str) -> str:
    """What the line between *a* and *b* stands for, in words (shown on hover)."""
    kinds = {graph.nodes[a]["type"]: a, graph.nodes[b]["type"]: b}
    if "meeting" in kinds:
        meeting = kinds.pop("meeting")
        other = a if b == meeting else b
        named = sum(graph.nodes[s].get("meeting") == meeting for s in sections_naming(other))
        attended = any(k == "attended" for k in graph.get_edge_data(other, meeting, default={}))
        parts = ([f"named in {plural(named, 'section')} of the meeting"] if named else []) + (
            ["attended it"] if attended else [])
        return "; ".join(parts) or "named in the meeting"
    shared = len(sections_naming(a) & sections_naming(b))
    parts = [f"named together in {plural(shared, 'section')}"] if shared else []
    person, project = kinds.get("person"), kinds.get("project")
    if person and project:
        work = [d for k, d in graph.get_edge_data(person, project, default={}).items() if k == "works_on"]
        if work:
            sentences = work[0].get("count") or len(work[0].get("evidence", []))
            parts.append(f"{graph.nodes[person]['name']} works on {graph.nodes[project]['name']}"
                         + (f" ({plural(sentences, 'sentence')} say{'s' if sentences == 1 else ''} so)"
                            if sentences else ""))
    return "; ".join(parts) or "named together"


choices = sorted((n for n, d in graph.nodes(data=True) if d.get("type") in ("person", "project")),
                 key=lambda n: graph.nodes[n]["name"].lower())
if not choices:
    st.info("No people or projects yet.")
    st.stop()
col1, col2, col3 = st.columns([3, 1, 2])
centre = col1.selectbox("Centre", choices, key=from_url("graph", "node", default_centre(choices), one_of(choices)),
                        format_func=lambda n: f"{graph.nodes[n]['name']} ({graph.nodes[n]['type']})")
depth = col2.segmented_control("Depth", [1, 2], key=from_url("graph", "depth", 1, int)) or 1
strongest = col3.slider("Strongest neighbours", 3, 60, key=from_url("graph", "top", 15, int))
kinds = st.pills("Show", list(COLOURS), selection_mode="multi",
                 key=from_url("graph", "show", ["person", "project"], lambda t: t.split(",")),
                 format_func=lambda k: {"person": "people", "project": "projects", "meeting": "meetings",
                                        "issue": "issues"}[k])
to_url("graph", "node", centre)
to_url("graph", "depth", str(depth) if depth != 1 else None)
to_url("graph", "top", str(strongest) if strongest != 15 else None)
to_url("graph", "show", None if sorted(kinds) == ["person", "project"] else ",".join(kinds))

near = neighbourhood(centre, kinds, strongest, depth)
top = max((d["weight"] for _, _, d in near.edges(data=True)), default=1)
nodes = [Node(id=n, label=str(graph.nodes[n].get("name", n))[:40],
              title=html.escape(str(graph.nodes[n].get("name", n))), size=32 if n == centre else 18 if d["ring"] == 1 else 12,
              color=COLOURS.get(graph.nodes[n].get("type"), "#999999"),
              font={"size": 18 if n == centre else 14})
         for n, d in near.nodes(data=True)]
edges = [Edge(source=u, target=v, title=describe(u, v), color="#B8B8B8",
              width=1 + 5 * math.log1p(d["weight"]) / math.log1p(top)) for u, v, d in near.edges(data=True)]
legend = " ".join(f'<span style="color:{c}">●</span> {html.escape(k)}' for k, c in COLOURS.items() if k in kinds)
st.html(f'<div style="font-size:0.9rem">{legend}</div>')
st.caption(f"{plural(len(nodes) - 1, 'neighbour')} and {plural(len(edges), 'tie')}; thicker lines are "
           "stronger ties (hover a line for what it stands for). Click a person, project or meeting to "
           "open its page.")
config = Config(height=620, directed=False, physics=True, hierarchical=False)
config.width = "100%"  # the page's width, whatever the window
config.physics["barnesHut"] = {"gravitationalConstant": -9000, "springLength": 170, "avoidOverlap": 0.6}
config.physics["stabilization"] = {"enabled": True, "fit": True, "iterations": 200}
clicked = agraph(nodes=nodes, edges=edges, config=config)
if clicked and clicked in graph and clicked != centre:
    kind = graph.nodes[clicked]["type"]
    page = {"person": ("views/people.py", "person"), "project": ("views/projects.py", "project"),
            "meeting": ("views/meetings.py", "meeting")}.get(kind)
    if page:
        st.switch_page(page[0], query_params={page[1]: clicked})
    elif graph.nodes[clicked].get("url"):
        st.markdown(md_link(graph.nodes[clicked]["name"], graph.nodes[clicked]["url"]))
