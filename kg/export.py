"""Export the knowledge graph: GraphML, node-link JSON, Cypher or an Obsidian vault.

Exports never delete or overwrite what kg did not write.  A file is replaced
only when it is a kg export (GraphML and JSON carry ``generator: kg`` as a
graph attribute, Cypher starts with a ``// kg export`` line); a vault folder
is emptied of kg's own pages only when it holds the marker file
``.kg-vault`` (which lists them), and any other non-empty folder makes the
export refuse, leaving it untouched.  Parent folders are never created.
Characters XML cannot hold (ESC, ``\\x0b``, ``\\x0c`` ...) are dropped from every
export, so GraphML reads back with networkx.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("person:ana", type="person", name="Ana", aliases=["A"])
>>> g.add_node("project:x", type="project", name="X", aliases=[])
>>> _ = g.add_edge("person:ana", "project:x", key="works_on", weight=2.0, evidence=[])
>>> print(to_cypher(g).splitlines()[1])
MERGE (n:Person {id: 'person:ana'}) SET n.name = 'Ana', n.aliases = ['A'];
>>> clean("a\\x1b[31mb\\x0c")
'a[31mb'
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import networkx as nx

from kg.model import Note

FORMATS = ("graphml", "json", "cypher", "obsidian")
MARKER = ".kg-vault"
CYPHER_HEAD = "// kg export: the knowledge graph of a folder of meeting notes"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class ExportError(Exception):
    """An export that would damage something: refused, nothing written."""


def clean(value: Any) -> Any:
    """*value* with the characters XML 1.0 cannot hold removed (in nested lists and dicts too)."""
    if isinstance(value, str):
        return _XML_INVALID.sub("", value)
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    return value


def _scalar(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return clean(value)
    return json.dumps(clean(value), ensure_ascii=False)


def to_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """GraphML (lists and records are stored as JSON strings)."""
    flat = nx.MultiDiGraph(generator="kg")
    for node, data in graph.nodes(data=True):
        flat.add_node(clean(node), **{k: _scalar(v) for k, v in data.items()})
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(clean(u), clean(v), key=clean(key), relation=clean(key),
                      **{k: _scalar(x) for k, x in data.items()})
    nx.write_graphml(flat, path)


def to_json(graph: nx.MultiDiGraph) -> str:
    """Node-link JSON, with ``"graph": {"generator": "kg"}``."""
    data = nx.node_link_data(graph, edges="edges")
    data["graph"] = {**data.get("graph", {}), "generator": "kg"}
    return json.dumps(clean(data), ensure_ascii=False)


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
    for raw, escaped in (("\\", "\\\\"), ("'", "\\'"), ("\n", "\\n"), ("\r", "\\r")):
        value = value.replace(raw, escaped)
    return "'" + clean(value) + "'"


def to_cypher(graph: nx.MultiDiGraph) -> str:
    """Cypher statements that load the graph into Neo4j (``cypher-shell < graph.cypher``)."""
    lines = [CYPHER_HEAD]
    for node, data in graph.nodes(data=True):
        label = _label(data.get("type", "entity"))
        props = ", ".join(f"n.{k} = {_cypher_value(v)}" for k, v in data.items()
                          if k != "type" and v is not None and re.fullmatch(r"\w+", k))
        lines.append(f"MERGE (n:{label} {{id: {_cypher_value(node)}}})"
                     + (f" SET {props};" if props else ";"))
    for u, v, key, data in graph.edges(keys=True, data=True):
        relation = re.sub(r"\W", "_", key).upper()
        ulabel = _label(graph.nodes[u].get("type", "entity"))
        vlabel = _label(graph.nodes[v].get("type", "entity"))
        props = ", ".join(f"{k}: {_cypher_value(x)}" for k, x in data.items()
                          if x is not None and re.fullmatch(r"\w+", k))
        lines.append(f"MATCH (a:{ulabel} {{id: {_cypher_value(u)}}}), (b:{vlabel} "
                     f"{{id: {_cypher_value(v)}}}) CREATE (a)-[:{relation} {{{props}}}]->(b);")
    return "\n".join(lines) + "\n"


def _label(kind: Any) -> str:
    return re.sub(r"\W", "_", str(kind)).capitalize() or "Entity"


def _written_by_kg(path: Path, fmt: str) -> bool:
    """Whether the existing file *path* is an export kg wrote (and so may be replaced)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 16).decode("utf-8", "replace")
            handle.seek(max(0, path.stat().st_size - 4096))
            tail = handle.read().decode("utf-8", "replace")
    except OSError:
        return False
    if fmt == "cypher":
        return head.startswith(CYPHER_HEAD)
    if fmt == "graphml":  # networkx writes the graph's attributes after its nodes
        key = re.search(r'<key id="([^"]+)" for="graph" attr\.name="generator"', head)
        return "<graphml" in head and key is not None and f'<data key="{key.group(1)}">kg</data>' in tail
    return head.startswith("{") and '"generator": "kg"' in head


def _check_file_target(out: Path, fmt: str) -> None:
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent} does not exist: create it first (kg never creates folders "
                          "outside the one you name)")
    if out.is_dir():
        raise ExportError(f"{out} is a folder; {fmt} needs a file")
    if out.exists() and not _written_by_kg(out, fmt):
        raise ExportError(f"{out} exists and kg did not write it: refusing to overwrite it")


def export(graph: nx.MultiDiGraph, fmt: str, out: Path, notes: list[Note] | None = None) -> str:
    """Write *graph* to *out* in *fmt*; returns a one-line description of what was written.

    *notes* give the Obsidian pages their text.  Raises :class:`ExportError`,
    having written nothing, when *out* holds something kg did not write.
    """
    out = Path(out)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "obsidian":
        from kg.vault import write_vault

        pages = write_vault(graph, notes or [], out)
        return f"{pages} pages in {out}/"
    _check_file_target(out, fmt)
    tmp = out.with_name(f".{out.name}.kg-tmp")
    try:
        if fmt == "graphml":
            to_graphml(graph, tmp)
        else:
            tmp.write_text(to_json(graph) if fmt == "json" else to_cypher(graph), encoding="utf-8")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return (f"{graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges "
            f"to {out} ({fmt})")
