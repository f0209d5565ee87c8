"""An Obsidian vault of the notes: one page per meeting, person and project.

A meeting's page has YAML front matter Dataview can query (``type``,
``date``, ``title``, ``aliases``, ``chair``, ``attendees``, ``projects``,
``source``), the note's sections and text with the people and projects each
names as ``[[links]]``, its issues as web links, and its action items as
``- [ ]`` / ``- [x]`` tasks.  Person and project pages carry their aliases in
the front matter and link back to their meetings.  Note text is escaped so
it never becomes a link, an image, HTML or a heading in Obsidian.

Pages live in ``meetings/``, ``people/`` and ``projects/``; every page name
is unique in the vault (ignoring case), so ``[[links]]`` resolve to one page.
The folder is recognised as kg's by the marker file ``.kg-vault``, which
lists the pages kg wrote: a new export replaces those and nothing else.

>>> page_name("Weekly Meeting: 2014-08-20", "2014-08-20")
'2014-08-20 Weekly Meeting'
>>> escape_text("see [[x]] and ![i](http://h/i.png) <b>")
'see \\\\[\\\\[x]] and !\\\\[i](http://h/i.png) &lt;b>'
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from kg.export import MARKER, ExportError, clean
from kg.model import Note, Paragraph

FOLDERS = {"meeting": "meetings", "person": "people", "project": "projects"}
_UNSAFE = re.compile(r'[\\/:*?"<>|#^\[\]\x00-\x1f\x7f]+')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.I)


def page_name(name: str, date: str | None = None) -> str:
    """A file name for a page: no characters Obsidian or a file system refuse, the date first
    for a meeting (and not twice when the title holds it too)."""
    if date:
        name = f"{date} {name.replace(date, ' ')}"
    name = re.sub(r"\s+", " ", _UNSAFE.sub(" ", clean(name)))
    name = re.sub(r"\s+([,.;-])(?=\s|$)", "", name).strip(" .-,;")
    name = name[:100].strip(" .") or "page"
    return name + "_" if _RESERVED.match(name) else name


def escape_text(text: str) -> str:
    """Note text as Markdown Obsidian shows as written: no ``[[links]]``, images, HTML,
    comments, or block syntax at the start."""
    text = " ".join(clean(text).split())
    text = text.replace("[[", "\\[\\[").replace("![", "!\\[").replace("<", "&lt;").replace("%%", "\\%\\%")
    return re.sub(r"^([#>]|\d+[.)]\s|[-+*]\s|---)", r"\\\1", text)


def _link(names: dict[str, str], node: str) -> str:
    return f"[[{names[node]}]]"


def _front_matter(data: dict[str, Any]) -> str:
    kept = {k: v for k, v in data.items() if v not in (None, "", [])}
    return "---\n" + yaml.safe_dump(clean(kept), allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def _names(graph: nx.MultiDiGraph) -> dict[str, str]:
    """A unique page name for every meeting, person and project (numbered when two clash)."""
    taken: set[str] = set()
    names = {}
    order = {"person": 0, "project": 1, "meeting": 2}
    nodes = sorted((n for n, d in graph.nodes(data=True) if d.get("type") in FOLDERS),
                   key=lambda n: (order[graph.nodes[n]["type"]], graph.nodes[n].get("date") or "", n))
    for node in nodes:
        data = graph.nodes[node]
        date = data.get("date") if data["type"] == "meeting" else None
        base = page_name(str(data.get("name") or node), date)
        name, count = base, 1
        while name.lower() in taken:
            count += 1
            name = f"{base} ({count})"
        taken.add(name.lower())
        names[node] = name
    return names


def _edges(graph: nx.MultiDiGraph, node: str, relation: str, out: bool = True) -> list[str]:
    if out:
        return [v for _, v, k in graph.out_edges(node, keys=True) if k == relation]
    return [u for u, _, k in graph.in_edges(node, keys=True) if k == relation]


def _paragraph(paragraph: Paragraph) -> str:
    text = escape_text(paragraph.text)
    for item in paragraph.links:
        if re.match(r"https?://[^\s<>()]+$", item.url) and item.text and escape_text(item.text) in text:
            text = text.replace(escape_text(item.text), f"[{escape_text(item.text)}]({item.url})", 1)
    if paragraph.checkbox is not None:
        return f"- {'☑' if paragraph.checkbox else '☐'} {text}"
    return f"- {text}" if paragraph.kind == "item" else f"> {text}" if paragraph.kind == "quote" else text


def _issues(graph: nx.MultiDiGraph, issues: list[str]) -> str:
    links = []
    for issue in dict.fromkeys(issues):
        data = graph.nodes[issue]
        url = data.get("url") or ""
        name = escape_text(str(data.get("name", issue)))
        links.append(f"[{name}]({url})" if re.match(r"https?://[^\s<>()]+$", url) else name)
    return ", ".join(links)


def _section(graph: nx.MultiDiGraph, names: dict[str, str], sid: str, heading: str,
             paragraphs: list[Paragraph]) -> list[str]:
    out = [f"## {escape_text(heading) or 'Notes'}", ""]
    named = [n for n in _edges(graph, sid, "mentions") + _edges(graph, sid, "about") if n in names]
    people = [_link(names, n) for n in dict.fromkeys(named) if graph.nodes[n]["type"] == "person"]
    projects = [_link(names, n) for n in dict.fromkeys(named) if graph.nodes[n]["type"] == "project"]
    tags = ([f"People: {', '.join(people)}"] if people else []) + (
        [f"Projects: {', '.join(projects)}"] if projects else [])
    issues = _issues(graph, _edges(graph, sid, "references"))
    if issues:
        tags.append(f"Issues: {issues}")
    if tags:
        out += [" · ".join(tags), ""]
    lines = [_paragraph(p) for p in paragraphs]
    for i, line in enumerate(lines):  # consecutive list items stay one list
        out.append(line)
        following = lines[i + 1] if i + 1 < len(lines) else None
        if following is None or not (line.startswith("- ") and following.startswith("- ")):
            out.append("")
    return out


def _meeting_page(graph: nx.MultiDiGraph, names: dict[str, str], node: str, note: Note | None) -> str:
    data = graph.nodes[node]
    attendees = [n for n in _edges(graph, node, "attended", out=False) if n in names]
    chair = data.get("chair") if data.get("chair") in names else None
    sections = _edges(graph, node, "has_section")
    projects = {n for s in sections for n in _edges(graph, s, "about") + _edges(graph, s, "mentions")
                if n in names and graph.nodes[n]["type"] == "project"}
    out = [_front_matter({
        "type": "meeting", "date": data.get("date"), "title": data.get("name"), "aliases": [data.get("name")],
        "chair": _link(names, chair) if chair else None, "attendees": [_link(names, a) for a in attendees],
        "projects": [_link(names, p) for p in sorted(projects, key=lambda p: names[p])],
        "source": data.get("source")}), f"# {escape_text(str(data.get('name') or ''))}", ""]
    if note is not None:
        for number, section in enumerate(note.sections):
            if not section.heading and not section.paragraphs:
                continue
            out += _section(graph, names, f"section:{node.split(':', 1)[1]}/{number}",
                            section.heading, section.paragraphs)
    actions = sorted((a for s in sections for a in _edges(graph, s, "has_action")),
                     key=lambda a: graph.nodes[a].get("line") or 0)
    if actions:
        out += ["## Action items", ""]
        for action in actions:
            item = graph.nodes[action]
            owners = [_link(names, o) for o in _edges(graph, action, "owns", out=False) if o in names]
            box = "x" if (item.get("status") or ("done" if item.get("done") else "open")) == "done" else " "
            out.append(f"- [{box}] {escape_text(item.get('text') or item.get('name') or '')}"
                       + (f" — {', '.join(owners)}" if owners else ""))
        out.append("")
    return "\n".join(out)


def _meetings_of(graph: nx.MultiDiGraph, node: str) -> list[str]:
    sections = _edges(graph, node, "mentions", out=False) + _edges(graph, node, "about", out=False)
    return sorted({graph.nodes[s]["meeting"] for s in sections if graph.nodes[s].get("type") == "section"},
                  key=lambda m: (graph.nodes[m].get("date") or "", m))


def _by_date(graph: nx.MultiDiGraph, nodes: list[str]) -> list[str]:
    return sorted(nodes, key=lambda n: (graph.nodes[n].get("date") or "", n))


def _person_body(graph: nx.MultiDiGraph, names: dict[str, str], node: str) -> list[str]:
    attended = [m for m in _by_date(graph, _edges(graph, node, "attended")) if m in names]
    works = sorted(((p, d.get("weight", 0)) for _, p, k, d in graph.out_edges(node, keys=True, data=True)
                    if k == "works_on" and p in names), key=lambda x: -x[1])
    out = ["## Meetings", ""] + [f"- {_link(names, m)}" for m in attended] + [""]
    out += ["## Projects", ""] + [f"- {_link(names, p)}" for p, _ in works] + [""]
    owned = [graph.nodes[a] for a in _by_date(graph, _edges(graph, node, "owns"))]
    owned = [a for a in owned if a.get("meeting") in names]
    if owned:
        out += ["## Action items", ""]
        out += [f"- {_link(names, a['meeting'])}: {escape_text(a.get('text') or '')}" for a in owned] + [""]
    return out


def _project_body(graph: nx.MultiDiGraph, names: dict[str, str], node: str) -> list[str]:
    workers = sorted(((u, d.get("weight", 0)) for u, _, k, d in graph.in_edges(node, keys=True, data=True)
                      if k == "works_on" and u in names), key=lambda x: -x[1])
    out = ["## Discussed in", ""] + [f"- {_link(names, m)}" for m in _meetings_of(graph, node) if m in names]
    out += ["", "## People", ""] + [f"- {_link(names, u)}" for u, _ in workers] + [""]
    issues = _issues(graph, _edges(graph, node, "in_repo", out=False))
    return out + (["## Issues", "", issues, ""] if issues else [])


def _entity_page(graph: nx.MultiDiGraph, names: dict[str, str], node: str) -> str:
    data = graph.nodes[node]
    front: dict[str, Any] = {"type": data["type"], "aliases": list(data.get("aliases") or [])}
    if data["type"] == "person":
        front["github"] = data.get("github")
        body = _person_body(graph, names, node)
    else:
        front["repos"] = list(data.get("repos") or [])
        body = _project_body(graph, names, node)
    return "\n".join([_front_matter(front), f"# {escape_text(str(data.get('name') or node))}", ""] + body)


def _previous(folder: Path) -> list[str] | None:
    """The pages an earlier export wrote into *folder*, or ``None`` if it is not kg's vault."""
    marker = folder / MARKER
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != "kg" or not isinstance(data.get("files"), list):
        return None
    return [f for f in data["files"] if isinstance(f, str)]


def _inside(folder: Path, relative: str) -> Path | None:
    """*relative* below *folder*, or ``None`` when it would lead outside it."""
    path = folder / relative
    try:
        return path if path.resolve().is_relative_to(folder.resolve()) and ".." not in Path(relative).parts \
            else None
    except OSError:
        return None


def _prepare(folder: Path, planned: list[str]) -> list[str]:
    """Check that the vault may be written into *folder*; returns the pages of the previous
    export.  Raises :class:`ExportError` (touching nothing) otherwise."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; obsidian needs a folder")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise ExportError(f"{folder.parent} does not exist: create it first (kg never creates "
                              "folders outside the one you name)")
        return []
    previous = _previous(folder)
    if previous is None:
        if any(folder.iterdir()):
            raise ExportError(f"{folder} holds files kg did not write (no {MARKER} in it): refusing "
                              "to write a vault there; choose a new or empty folder")
        return []
    for sub in FOLDERS.values():
        if (folder / sub).is_symlink() or ((folder / sub).exists() and not (folder / sub).is_dir()):
            raise ExportError(f"{folder / sub} is not a folder kg wrote: refusing to write into it")
    mine = set(previous)
    clash = [p for p in planned if p not in mine and (folder / p).exists()]
    if clash:
        raise ExportError(f"{folder / clash[0]} exists and kg did not write it: refusing to overwrite it")
    return previous


def write_vault(graph: nx.MultiDiGraph, notes: list[Note], folder: Path) -> int:
    """Write the vault into *folder*; returns the number of pages written."""
    folder = Path(folder)
    names = _names(graph)
    planned = {node: f"{FOLDERS[graph.nodes[node]['type']]}/{name}.md" for node, name in names.items()}
    previous = _prepare(folder, list(planned.values()))
    by_id = {note.id: note for note in notes}
    pages = {}
    for node, relative in planned.items():
        kind = graph.nodes[node]["type"]
        pages[relative] = (_meeting_page(graph, names, node, by_id.get(node)) if kind == "meeting"
                           else _entity_page(graph, names, node))
    folder.mkdir(exist_ok=True)
    for relative in previous:
        path = _inside(folder, relative)
        if path is not None and relative not in pages and path.is_file() and not path.is_symlink():
            path.unlink()
    for relative, text in pages.items():
        path = folder / relative
        path.parent.mkdir(exist_ok=True)
        if path.is_symlink():  # never write through a link to somewhere else
            path.unlink()
        path.write_text(text, encoding="utf-8")
    (folder / MARKER).write_text(json.dumps({"generator": "kg", "files": sorted(pages)}, indent=1),
                                 encoding="utf-8")
    return len(pages)
