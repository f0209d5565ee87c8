"""Graph: an entity's neighbourhood, interactive, offline; clicking a node opens its page.

It uses streamlit-agraph, which ships its vis.js front end inside the package
(nothing is fetched from a CDN) and returns the clicked node to Python, so a
click can open that node's page.  pyvis pulls Bootstrap from a CDN and sends
no clicks back; st.graphviz_chart is built in but static.
"""

from __future__ import annotations

import networkx as nx
import streamlit as st
from common import from_url, one_of, param, require_notes, to_url
from streamlit_agraph import Config, Edge, Node, agraph

base = require_notes()
graph = base.graph
st.title("Graph")
COLOURS = {"person": "#4C78A8", "project": "#F58518", "meeting": "#54A24B", "issue": "#B279A2",
           "section": "#BAB0AC", "action": "#E45756"}

choices = sorted((n for n, d in graph.nodes(data=True) if d.get("type") in ("person", "project")),
                 key=lambda n: graph.nodes[n]["name"].lower())
start = param("node") if param("node") in graph else (choices[0] if choices else None)
if start is None:
    st.info("No people or projects yet.")
    st.stop()
col1, col2 = st.columns([2, 1])
center = col1.selectbox("Centre", choices, key=from_url("graph", "node", start, one_of(choices)),
                        format_func=lambda n: f"{graph.nodes[n]['name']} ({graph.nodes[n]['type']})")
depth = col2.slider("Depth", 1, 3, key=from_url("graph", "depth", 1, int))
kinds = st.multiselect("Show", list(COLOURS), default=["person", "project", "meeting", "issue"])
to_url("graph", "node", center)
to_url("graph", "depth", str(depth) if depth != 1 else None)

undirected = nx.Graph()
for u, v, k in graph.edges(keys=True):
    if (graph.nodes[u].get("type") in kinds or u == center) and (
            graph.nodes[v].get("type") in kinds or v == center):
        undirected.add_edge(u, v, relation=k)
if center not in undirected:
    undirected.add_node(center)
near = nx.ego_graph(undirected, center, radius=depth)
if near.number_of_nodes() > 150:
    keep = sorted(near.nodes, key=lambda n: -near.degree(n))[:150]
    near = near.subgraph(set(keep) | {center})
nodes = [Node(id=n, label=str(graph.nodes[n].get("name", n))[:40], size=30 if n == center else 16,
              color=COLOURS.get(graph.nodes[n].get("type"), "#999999")) for n in near.nodes]
edges = [Edge(source=u, target=v, label=d.get("relation", "")) for u, v, d in near.edges(data=True)]
st.caption(f"{len(nodes)} nodes, {len(edges)} edges. Click a person, project or meeting to open its page.")
clicked = agraph(nodes=nodes, edges=edges, config=Config(width=1000, height=600, directed=False,
                                                          physics=True, hierarchical=False))
if clicked and clicked in graph:
    kind = graph.nodes[clicked]["type"]
    if kind == "person":
        st.switch_page("views/people.py", query_params={"person": clicked})
    elif kind == "project":
        st.switch_page("views/projects.py", query_params={"project": clicked})
    elif kind == "meeting":
        st.switch_page("views/meetings.py", query_params={"meeting": clicked})
