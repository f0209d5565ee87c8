"""Export the knowledge graph: GraphML, node-link JSON, Cypher or an Obsidian vault.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("person:ana", type="person", name="Ana", aliases=["A"])
>>> g.add_node("project:x", type="project", name="X", aliases=[])
>>> _ = g.add_edge("person:ana", "project:x", key="works_on", weight=2.0, evidence=[])
>>> print(to_cypher(g).splitlines()[0])
MERGE (n:Person {id: 'person:ana'}) SET n.name = 'Ana', n.aliases = ['A'];
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import networkx as nx

FORMATS = ("graphml", "json", "cypher", "obsidian")


def _scalar(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    return json.dumps(value, ensure_ascii=False)


def to_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """GraphML (lists and records are stored as JSON strings)."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, relation=key, **{k: _scalar(x) for k, x in data.items()})
    nx.write_graphml(flat, path)


def _cypher_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "[" + ", ".join(_cypher_value(v) for v in value) + "]"
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False)
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def to_cypher(graph: nx.MultiDiGraph) -> str:
    """Cypher statements that load the graph into Neo4j (``cypher-shell < graph.cypher``)."""
    lines = []
    for node, data in graph.nodes(data=True):
        label = str(data.get("type", "entity")).capitalize()
        props = ", ".join(f"n.{k} = {_cypher_value(v)}" for k, v in data.items()
                          if k != "type" and v is not None)
        lines.append(f"MERGE (n:{label} {{id: {_cypher_value(node)}}})"
                     + (f" SET {props};" if props else ";"))
    for u, v, key, data in graph.edges(keys=True, data=True):
        relation = re.sub(r"\W", "_", key).upper()
        ulabel = str(graph.nodes[u].get("type", "entity")).capitalize()
        vlabel = str(graph.nodes[v].get("type", "entity")).capitalize()
        props = ", ".join(f"{k}: {_cypher_value(x)}" for k, x in data.items() if x is not None)
        lines.append(f"MATCH (a:{ulabel} {{id: {_cypher_value(u)}}}), (b:{vlabel} "
                     f"{{id: {_cypher_value(v)}}}) CREATE (a)-[:{relation} {{{props}}}]->(b);")
    return "\n".join(lines) + "\n"


def _page_name(graph: nx.MultiDiGraph, node: str) -> str:
    data = graph.nodes[node]
    name = data.get("name") or node
    if data.get("type") == "meeting":
        name = f"{data.get('date') or node.split(':', 1)[1]} {name}"
    return re.sub(r'[\\/:*?"<>|#^\[\]]+', "-", str(name)).strip()[:120] or "page"


def to_obsidian(graph: nx.MultiDiGraph, folder: Path) -> int:
    """An Obsidian vault: one Markdown page per person, project, issue and meeting,
    with ``[[links]]`` between them.  Returns the number of pages written."""
    if folder.exists():
        shutil.rmtree(folder)
    pages = {}
    for node, data in graph.nodes(data=True):
        if data.get("type") in ("person", "project", "issue", "meeting"):
            pages[node] = _page_name(graph, node)
    for node, page in pages.items():
        data = graph.nodes[node]
        kind = data["type"]
        subfolder = folder / f"{kind}s"
        subfolder.mkdir(parents=True, exist_ok=True)
        out = [f"# {data.get('name')}", "", f"type: {kind}"]
        if data.get("aliases"):
            out.append("aliases: " + ", ".join(data["aliases"]))
        if kind == "meeting":
            out += [f"date: {data.get('date')}", f"source: {data.get('source')}", ""]
            out.append("## Attendees")
            out += [f"- [[{pages[u]}]]" for u, _, k in graph.in_edges(node, keys=True)
                    if k == "attended" and u in pages]
            for section, _, k in graph.out_edges(node, keys=True):
                if k != "has_section":
                    continue
                out += ["", f"## {graph.nodes[section]['name']}"]
                for _, target, key in graph.out_edges(section, keys=True):
                    if target in pages and key in ("mentions", "about", "references"):
                        out.append(f"- {key}: [[{pages[target]}]]")
                    elif key == "has_action":
                        action = graph.nodes[target]
                        owners = ", ".join(f"[[{o}]]" for o in action["owners"])
                        out.append(f"- [ ] {action['text']} ({owners})")
        else:
            links: dict[str, set[str]] = {}
            for u, v, key in list(graph.out_edges(node, keys=True)) + list(graph.in_edges(node, keys=True)):
                other = v if u == node else u
                if graph.nodes[other].get("type") == "section":
                    other = graph.nodes[other]["meeting"]
                if other in pages and other != node:
                    links.setdefault(key, set()).add(pages[other])
            for key, names in sorted(links.items()):
                out += ["", f"## {key.replace('_', ' ')}"] + [f"- [[{n}]]" for n in sorted(names)]
        (subfolder / f"{page}.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(pages)


def export(graph: nx.MultiDiGraph, fmt: str, out: Path) -> str:
    """Write *graph* to *out* in *fmt*; returns a one-line description of what was written."""
    if fmt == "graphml":
        to_graphml(graph, out)
    elif fmt == "json":
        out.write_text(json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False),
                       encoding="utf-8")
    elif fmt == "cypher":
        out.write_text(to_cypher(graph), encoding="utf-8")
    elif fmt == "obsidian":
        pages = to_obsidian(graph, out)
        return f"{pages} pages in {out}/"
    else:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return (f"{graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges "
            f"to {out} ({fmt})")
