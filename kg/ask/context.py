"""What the intent handlers read: the graph, the sentences, the index and the entity linker.

One :class:`Context` wraps an open :class:`~kg.api.KnowledgeBase`; handlers
never reach into the store themselves.  Sentences come as
:class:`SentenceRow` records (line, text, paragraph, the people and projects
in it, the speaker of its paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from kg.graph import neighbours
from kg.model import AnswerItem, Evidence

if TYPE_CHECKING:
    from kg.api import KnowledgeBase
    from kg.index import Hit

#: Words that never name an entity on their own.
STOP = frozenset("""
the a an our this that of about on for to in any all we did do is was what who when where which
how are were be been has have had will would could should can with from by at as it its their
there here me us you i my they them his her he she and or not no yes
""".split())
_GENERIC_TAIL = frozenset("""
release releases work project library lib port team effort discussion discussions update updates
status plans plan stuff things talk programme program website site repo repository code stream
initiative migration patchset patch patches support integration stack bindings tool tooling
proposal proposals
""".split())


#: "EIP-2935: Serve historical block hashes from state", "PEP 8 - Style Guide", "#1215: Fix the build".
_TITLED_RE = re.compile(r"^\W*(?:\[[^\]]{1,20}\]\s*)?[A-Za-z#]{0,8}[\s-]*(?P<number>\d{3,6})\s*[:–—]\s+"
                        r"(?P<title>[A-Za-z][^\[\](|\d]{10,100})(?:$|[\[(])")


@dataclass(frozen=True)
class SentenceRow:
    """One stored sentence of a section."""

    line: int
    text: str
    paragraph: int
    people: tuple[str, ...]
    projects: tuple[str, ...]
    speaker: str | None
    kind: str = "p"  # the paragraph's kind: p, item, row (a table row), quote, code, heading

    @classmethod
    def from_row(cls, row: list[Any]) -> SentenceRow:
        speaker = row[5] if len(row) > 5 else None
        kind = row[6] if len(row) > 6 else "p"
        return cls(int(row[0]), str(row[1]), int(row[2]), tuple(row[3]), tuple(row[4]), speaker, kind)


class Context:
    """Read access for the intent handlers; built once per knowledge base."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.graph = kb.graph
        self._rows: dict[str, list[SentenceRow]] = {}
        self._unlinked: set[str] = set()  # sources from plain folders: no link for any of their lines

    # -- meetings and sections -------------------------------------------------

    @cached_property
    def meetings(self) -> list[tuple[str, str]]:
        """``(meeting id, date)`` of every dated meeting, oldest first."""
        return sorted(((n, d["date"]) for n, d in self.graph.nodes(data=True)
                       if d.get("type") == "meeting" and d.get("date")), key=lambda m: (m[1], m[0]))

    def node(self, node_id: str) -> dict[str, Any]:
        return self.graph.nodes[node_id]

    def edges(self, node: str, relation: str, direction: str = "out") -> list[tuple[str, dict]]:
        return neighbours(self.graph, node, relation, direction)

    def of_type(self, kind: str) -> list[str]:
        return self.kb._of_type(kind)

    def date_of(self, node_id: str) -> str:
        """The date of a meeting, or of the meeting a section, action or decision belongs to."""
        data = self.graph.nodes[node_id]
        if data.get("type") == "meeting":
            return data.get("date") or ""
        meeting = data.get("meeting")
        return (self.graph.nodes[meeting].get("date") or "") if meeting in self.graph else ""

    def sections(self, meeting: str) -> list[str]:
        """The section ids of one meeting, in order."""
        found = [s for s, _ in self.edges(meeting, "has_section")]
        return sorted(found, key=lambda s: self.graph.nodes[s].get("index", 0))

    @cached_property
    def _sentences(self) -> dict[str, list[list[Any]]]:
        return self.kb.sentences()  # read once: a context lives as long as the store generation

    def rows(self, section: str) -> list[SentenceRow]:
        """The sentences of one section."""
        if section not in self._rows:
            self._rows[section] = [SentenceRow.from_row(r) for r in self._sentences.get(section, [])]
        return self._rows[section]

    def search(self, query: str, limit: int = 300, any_word: bool = False) -> list[Hit]:
        """Sections for *query*, best first; names in it also match their entities' sections."""
        cache = self.__dict__.setdefault("_searches", {})
        key = (query, limit, any_word)
        if key not in cache:
            cache[key], _ = self.kb.index().search(query, limit=limit, any_word=any_word,
                                                   expand=self.kb._expansions(query), snippets=False)
        return cache[key]

    def hosts(self, meeting: str) -> set[str]:
        """Who runs a meeting: its chair, and whoever opens most of its discussions.

        The host speaks first in every section, so opening one is no sign of
        owning its topic.
        """
        cache = self.__dict__.setdefault("_hosts", {})
        if meeting not in cache:
            found = {self.graph.nodes[meeting].get("chair")} - {None}
            openers: dict[str, int] = {}
            opened = 0
            for section in self.sections(meeting):
                first = next((r.speaker for r in self.rows(section) if r.speaker), None)
                if first:
                    opened += 1
                    openers[first] = openers.get(first, 0) + 1
            found |= {p for p, n in openers.items() if opened >= 3 and n * 2 >= opened}
            cache[meeting] = found
        return cache[meeting]

    def frequency(self, word: str) -> int:
        """In how many meetings *word* occurs."""
        return self._meeting_frequency(word)[0]

    def common(self, word: str, share: float = 0.6) -> bool:
        """Whether *word* occurs in at least *share* of the meetings: little help in finding one.

        With ``share=0.9`` it is the community's own name ("Mirage" in MirageOS notes).
        """
        found, total = self._meeting_frequency(word)
        return total >= 5 and found >= share * total

    def _meeting_frequency(self, word: str) -> tuple[int, int]:
        cache = self.__dict__.setdefault("_frequency", {})
        if word not in cache:
            cache[word] = self.kb.index().meeting_frequency(word)
        return cache[word]

    def titles(self, number: str) -> list[str]:
        """The titles headings give a numbered item: ``EIP-2935: Serve historical block hashes``.

        Notes name a proposal, RFC or pull request by its number in one place
        and by its title in another; a heading that gives both ties them.
        """
        cache = self.__dict__.get("_titles")
        if cache is None:
            from kg.ask.evidence import clean_heading

            cache = {}
            for section in self.of_type("section"):
                for match in _TITLED_RE.finditer((self.graph.nodes[section].get("heading") or "").strip()):
                    title = clean_heading(match.group("title"))
                    if len(title.split()) >= 3:
                        cache.setdefault(match.group("number"), set()).add(title)
            self.__dict__["_titles"] = cache
        return sorted(cache.get(number, ()))

    # -- entities ---------------------------------------------------------------

    def item(self, node_id: str, **extra: Any) -> AnswerItem:
        """An answer item for a graph node."""
        data = self.graph.nodes[node_id]
        return AnswerItem(id=node_id, type=data["type"], name=data["name"], **extra)

    def lookup(self, text: str, types: tuple[str, ...], fuzzy: bool = True) -> list[str]:
        return self.kb.lookup(text, types, fuzzy=fuzzy)

    def link(self, thing: str, types: tuple[str, ...] = ("person", "project", "issue")) -> list[str]:
        """Entities named by *thing*: the whole phrase, else its longest known part.

        A part counts only when the rest of the phrase is generic ("the Irmin
        release" names Irmin; "Quantum Sync" does not name Sync).
        """
        thing = re.sub(r"'s\b", "", thing).strip(" ?.,'\"")
        if not thing:
            return []
        found = self.lookup(thing, types)
        if found:
            return found
        parts = re.split(r"\s+(?:or|and|&)\s+|\s*/\s*", thing)
        if len(parts) > 1:
            linked = [[i for i in self.link(part, types)] for part in parts]
            if all(linked):
                return list(dict.fromkeys(i for ids in linked for i in ids))
        words = re.findall(r"[\w.#/+-]+", thing)
        for size in range(min(4, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                gram = words[start:start + size]
                rest = words[:start] + words[start + size:]
                if size == 1 and (gram[0].lower() in STOP or len(gram[0]) < 3):
                    continue
                if any(w.lower() not in STOP | _GENERIC_TAIL for w in rest):
                    continue
                found = self.lookup(" ".join(gram), types, fuzzy=size > 1 or len(gram[0]) >= 5)
                if found:
                    return found
        return []

    # -- evidence ---------------------------------------------------------------

    def evidence(self, section: str, line: int, text: str) -> Evidence:
        """Evidence from one sentence of a section."""
        data = self.graph.nodes[section]
        meeting = self.graph.nodes[data["meeting"]]
        return self._linked(Evidence(
            meeting=meeting.get("date") or data["meeting"], section=data["name"], text=text,
            source=meeting.get("source") or "", line=line, meeting_id=data["meeting"],
            section_id=section))

    def section_evidence(self, section: str, pattern: re.Pattern[str] | None = None) -> Evidence:
        """Evidence for a whole section: its first sentence that matches *pattern*, else its heading."""
        for row in self.rows(section):
            if pattern is None or pattern.search(row.text):
                return self.evidence(section, row.line, row.text)
        data = self.graph.nodes[section]
        return self.evidence(section, data.get("line") or 1, data["name"])

    def attendee_evidence(self, meeting: str) -> Evidence:
        """Evidence for who attended: the note's attendee list as written."""
        node = self.graph.nodes[meeting]
        written = node.get("attendees_written") or []
        return self._linked(Evidence(
            meeting=node.get("date") or meeting, section="Attendees",
            text="Attendees: " + ", ".join(written), source=node.get("source") or "",
            line=node.get("attendee_line") or 1, meeting_id=meeting))

    def header_evidence(self, meeting: str, field: str, value: str) -> Evidence:
        """Evidence from a header field of the note (``Moderator: Tim``)."""
        node = self.graph.nodes[meeting]
        return self._linked(Evidence(
            meeting=node.get("date") or meeting, section=field.capitalize(),
            text=f"{field.capitalize()}: {value}", source=node.get("source") or "",
            line=node.get("header_lines", {}).get(field) or 1, meeting_id=meeting))

    def _linked(self, evidence: Evidence) -> Evidence:
        if evidence.source not in self._unlinked:
            evidence.url = self.kb.source_link(evidence.source, evidence.line)
            if evidence.url is None:
                self._unlinked.add(evidence.source)
        return evidence


#: Words of headings that give a note its shape rather than a topic ("AOB", "Other updates").
_STRUCTURE_WORDS = frozenset("""
aob any other business misc miscellaneous updates update notes note agenda attendees present
actions action items next steps round table roundtable intro introduction welcome summary minutes
closing closure wrap up announcements housekeeping logistics questions q a and of the
""".split())


def heading_key(heading: str) -> str:
    """A heading's comparison key: lower case words only."""
    return " ".join(re.findall(r"[a-z0-9]+", heading.lower()))


def structural_headings(ctx: Context) -> set[str]:
    """Heading keys that recur in most meetings ("Agenda", "Intro", "Attendees"): structure, not topics."""
    cache = ctx.__dict__.setdefault("_structural", None)
    if cache is not None:
        return cache
    per_meeting: dict[str, set[str]] = {}
    for meeting, _ in ctx.meetings:
        per_meeting[meeting] = {heading_key(ctx.node(s).get("heading") or "") for s in ctx.sections(meeting)}
    counts: dict[str, int] = {}
    for keys in per_meeting.values():
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    total = len(per_meeting)
    found = {k for k, n in counts.items() if total >= 5 and n >= max(3, 0.4 * total)} | {""}
    found |= {k for k in counts if k and all(w in _STRUCTURE_WORDS for w in k.split())}
    ctx.__dict__["_structural"] = found
    return found
