"""Draft an end-of-year review from a year of notes (extractive, deterministic).

The draft has a title and an opening paragraph with the year's numbers, one
section per major piece of work (projects ranked by how many of the year's
meetings discussed them), a community and events section, "Looking ahead",
and a closing "Also this year" list of smaller topics.  Every sentence is
taken from the notes, cleaned of speaker prefixes, and cites the meeting,
section and line it came from in a footnote.

Sentences are scored by what they carry: the project itself, people, issues,
verbs of releasing, deciding and finishing, and their place in the section;
near-duplicates are dropped.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

if TYPE_CHECKING:
    from kg.api import KnowledgeBase

DONE_RE = re.compile(
    r"\b(?:releas(?:ed|es)|shipped|launched|published|merged|landed|finished|completed|done|"
    r"decided|agreed|approved|switched|moved|migrated|fixed|closed|announced|accepted|tagged|"
    r"cut|went\s+(?:live|out)|is\s+out|are\s+out|now\s+(?:runs|supports|works))\b", re.I)
EVENT_RE = re.compile(
    r"\b(?:meetups?|hackathons?|hack\s+(?:day|week)|conferences?|talks?|workshops?|summits?|"
    r"blog\s+posts?|posts?\s+on\s+the\s+blog|mentor(?:s|ing|ship)?|mentees?|interns?|internships?|"
    r"outreach\w*|summer\s+of\s+code|gsoc|programmes?|tutorials?|webinars?|presentations?|"
    r"keynotes?|sprints?|install\s+party|docs?\s+day|newsletter|community\s+call)\b", re.I)
FUTURE_RE = re.compile(
    r"\b(?:will|plans?|planning|next\s+(?:year|quarter|release|steps?)|roadmap|intend|aim|"
    r"going\s+to|in\s+(?:january|february|march|the\s+new\s+year)|early\s+next)\b", re.I)


@dataclass
class _Pick:
    text: str
    meeting: str
    section: str
    source: str
    line: int
    score: float
    people: list[str] = field(default_factory=list)


def clean(sentence: str) -> str:
    """A sentence as the review shows it: no speaker prefix, no stray link syntax.

    >>> clean("TG: we released Irmin 0.9 [on the blog][post].")
    'We released Irmin 0.9 on the blog.'
    """
    prefixed = re.match(r"^\s*\*{0,2}[\w.'’-]{1,30}(?: [\w.'’-]{1,20})?\*{0,2}:\*{0,2}\s", sentence)
    text = re.sub(r"^\s*\*{0,2}[^:]{1,40}?\*{0,2}:\*{0,2}\s+", "", sentence.strip(), count=1) \
        if prefixed else sentence.strip()
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]|\[([^\]]+)\]\([^)]*\)", lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"\s+", " ", text).strip(" -–—*")
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if text and text[-1] not in ".!?":
        text += "."
    return text


class ReviewWriter:
    """Drafts the review of one year from an open KnowledgeBase."""

    def __init__(self, kb: KnowledgeBase, year: int):
        self.kb = kb
        self.graph = kb.graph
        self.year = str(year)
        self.meetings = sorted(
            (n for n, d in self.graph.nodes(data=True)
             if d.get("type") == "meeting" and (d.get("date") or "").startswith(self.year)),
            key=lambda m: self.graph.nodes[m]["date"])
        self.notes: list[dict[str, Any]] = []
        self.used: list[str] = []

    # -- what the year holds ----------------------------------------------------

    def _edges(self, node: str, relation: str, direction: str = "out") -> list[tuple[str, dict]]:
        from kg.graph import neighbours

        return neighbours(self.graph, node, relation, direction)

    def _sections(self) -> list[str]:
        return [s for m in self.meetings for s, _ in self._edges(m, "has_section")]

    def numbers(self) -> dict[str, Any]:
        attendees = {p for m in self.meetings for p, _ in self._edges(m, "attended", "in")}
        earlier = {p for n, d in self.graph.nodes(data=True)
                   if d.get("type") == "meeting" and (d.get("date") or "9999") < self.year
                   for p, _ in self._edges(n, "attended", "in")}
        projects = set()
        actions = []
        issues = set()
        for section in self._sections():
            for target, _ in self._edges(section, "about") + self._edges(section, "mentions"):
                if self.graph.nodes[target]["type"] == "project":
                    projects.add(target)
            actions += [a for a, _ in self._edges(section, "has_action")]
            issues |= {i for i, _ in self._edges(section, "references")}
        return {"meetings": len(self.meetings), "attendees": attendees,
                "newcomers": attendees - earlier if earlier else set(), "projects": projects,
                "actions": actions, "issues": issues}

    def ranked_projects(self) -> list[tuple[str, list[str]]]:
        """Projects by the number of the year's meetings with a section about them."""
        about: dict[str, list[str]] = defaultdict(list)
        for section in self._sections():
            for project, _ in self._edges(section, "about"):
                about[project].append(section)
        meetings = {p: {self.graph.nodes[s]["meeting"] for s in secs} for p, secs in about.items()}
        umbrella = self._community()
        ranked = sorted(about, key=lambda p: (p in umbrella, -len(meetings[p]), -len(about[p]),
                                              self.graph.nodes[p]["name"]))
        return [(p, about[p]) for p in ranked]

    def _community(self) -> set[str]:
        """The project named like the community's own GitHub organisation (MirageOS for
        ``mirage/...``): it is the whole year, not one piece of work, so it goes last."""
        from kg.resolve import project_key

        owners = Counter(d.get("owner") for _, d in self.graph.nodes(data=True)
                         if d.get("type") == "issue" and d.get("owner"))
        if not owners:
            return set()
        org = project_key(owners.most_common(1)[0][0])
        return {n for n, d in self.graph.nodes(data=True) if d.get("type") == "project"
                and project_key(d["name"]) == org}

    # -- choosing sentences -----------------------------------------------------

    def _candidates(self, sections: list[str], project: str | None = None,
                    pattern: re.Pattern[str] | None = None) -> list[_Pick]:
        sentences = self.kb.sentences()
        picks = []
        for section in sections:
            node = self.graph.nodes[section]
            meeting = self.graph.nodes[node["meeting"]]
            rows = sentences.get(section, [])
            for position, (line, text, _, people, projects, *_) in enumerate(rows):
                cleaned = clean(text)
                words = len(cleaned.split())
                if words < 6 or words > 45 or cleaned.endswith("?") or "http" in cleaned:
                    continue
                if pattern is not None and not pattern.search(cleaned):
                    continue
                score = 1.0 + 0.8 * len(people) + 0.5 * len(projects)
                if project and project in projects:
                    score += 2.0
                if DONE_RE.search(cleaned):
                    score += 2.5
                if re.search(r"#\d+|\bv?\d+\.\d+", cleaned):
                    score += 0.5
                if position == 0:
                    score += 0.7
                if re.search(r"\b(?:I|we)\s+(?:think|guess|wonder)|\?|maybe|perhaps", cleaned, re.I):
                    score -= 1.0
                picks.append(_Pick(cleaned, meeting.get("date") or node["meeting"], node["name"],
                                   meeting.get("source"), line, score, people))
        return picks

    def _choose(self, picks: list[_Pick], count: int) -> list[_Pick]:
        chosen: list[_Pick] = []
        for pick in sorted(picks, key=lambda p: (-p.score, p.meeting, p.line)):
            if len(chosen) >= count:
                break
            if any(fuzz.ratio(pick.text, seen) >= 85 for seen in self.used):
                continue
            chosen.append(pick)
            self.used.append(pick.text)
        return sorted(chosen, key=lambda p: (p.meeting, p.line))

    def _cite(self, pick: _Pick) -> str:
        self.notes.append({"meeting": pick.meeting, "section": pick.section, "source": pick.source,
                           "line": pick.line, "text": pick.text})
        return f"{pick.text}[^{len(self.notes)}]"

    # -- the draft --------------------------------------------------------------------

    def draft(self, max_words: int | None = None, major: int = 6, per_project: int = 4) -> str:
        if not self.meetings:
            dates = sorted(d.get("date") for _, d in self.graph.nodes(data=True)
                           if d.get("type") == "meeting" and d.get("date"))
            span = f" (the notes cover {dates[0]} to {dates[-1]})" if dates else ""
            raise ValueError(f"no meetings in {self.year}{span}")
        while True:  # fewer sentences per project, then fewer projects, until it fits
            self.notes, self.used = [], []
            text = self._compose(major, per_project)
            if max_words is None or _words(text) <= max_words:
                return text
            if per_project > 1:
                per_project -= 1
            elif major > 1:
                major -= 1
            else:
                return _truncate(text, max_words)

    def _compose(self, major: int, per_project: int) -> str:
        numbers = self.numbers()
        name = lambda node: self.graph.nodes[node]["name"]  # noqa: E731
        first = self.graph.nodes[self.meetings[0]]["date"]
        last = self.graph.nodes[self.meetings[-1]]["date"]
        ranked = self.ranked_projects()
        lines = [f"# {self.year} in review", ""]
        top_names = ", ".join(name(p) for p, _ in ranked[:3])
        lines.append(
            f"In {self.year} we met {numbers['meetings']} times, from {first} to {last}. "
            f"{len(numbers['attendees'])} people took part"
            + (f", {len(numbers['newcomers'])} of them for the first time" if numbers["newcomers"]
               else "")
            + f". We discussed {len(numbers['projects'])} projects"
            + (f" (most of all {top_names})" if top_names else "")
            + f", recorded {len(numbers['actions'])} action items and referenced "
            f"{len(numbers['issues'])} issues.")
        if numbers["newcomers"]:
            lines += ["", "Welcome to " + _join(sorted(name(p) for p in numbers["newcomers"])) + "."]
        shown: list[str] = []
        for project, sections in ranked:
            if len(shown) >= major:
                break
            picks = self._choose(self._candidates(sections, project), per_project)
            if not picks:
                continue
            shown.append(project)
            lines += ["", f"## {name(project)}", ""]
            lines += [self._cite(p) for p in picks]
            people = self._credited(project)
            if people:
                lines += ["", "With " + _join(people) + "."]
            issues = self._issues(project, sections)
            if issues:
                lines += ["", "Issues: " + ", ".join(issues) + "."]
        events = self._choose(self._candidates(self._sections(), pattern=EVENT_RE), 5)
        if events:
            lines += ["", "## Community and events", ""] + [f"- {self._cite(p)}" for p in events]
        ahead = self._looking_ahead()
        if ahead:
            lines += ["", "## Looking ahead", ""] + ahead
        rest = [name(p) for p, secs in ranked if p not in shown and len(
            {self.graph.nodes[s]["meeting"] for s in secs}) >= 1][:12]
        if rest:
            lines += ["", "## Also this year", "", _join(rest) + "."]
        if self.notes:
            lines += [""] + [f"[^{i}]: {n['meeting']}, *{n['section']}* ({n['source']}:{n['line']})"
                             for i, n in enumerate(self.notes, start=1)]
        return "\n".join(lines) + "\n"

    def _credited(self, project: str) -> list[str]:
        scores: Counter[str] = Counter()
        for person, data in self._edges(project, "works_on", "in"):
            for item in data.get("evidence", []):
                if str(item.get("meeting", "")).startswith(self.year) and item.get("points", 0) >= 1.5:
                    scores[person] += item["points"]
        return [self.graph.nodes[p]["name"] for p, _ in scores.most_common(5)]

    def _issues(self, project: str, sections: list[str]) -> list[str]:
        found = []
        for section in sections:
            for issue, _ in self._edges(section, "references"):
                label = self.graph.nodes[issue]["name"]
                if label not in found:
                    found.append(label)
        for issue, _ in self._edges(project, "in_repo", "in"):
            if any(self.graph.nodes[s]["meeting"] in self.meetings
                   for s, _ in self._edges(issue, "references", "in")):
                label = self.graph.nodes[issue]["name"]
                if label not in found:
                    found.append(label)
        return found[:8]

    def _looking_ahead(self) -> list[str]:
        late = self.meetings[-max(2, len(self.meetings) // 4):]
        items = []
        actions = [a for m in late for s, _ in self._edges(m, "has_section")
                   for a, _ in self._edges(s, "has_action") if not self.graph.nodes[a].get("done")]
        for action in actions[:6]:
            data = self.graph.nodes[action]
            text = clean(data["text"])
            if any(fuzz.ratio(text, seen) >= 85 for seen in self.used):
                continue
            self.used.append(text)
            owners = f" ({_join(data['owners'])})" if data["owners"] else ""
            pick = _Pick(text, data.get("date") or data["meeting"], data["section"], data["source"],
                         data["line"], 0.0)
            items.append(f"- {self._cite(pick)}{owners}")
        sections = [s for m in late for s, _ in self._edges(m, "has_section")]
        for pick in self._choose(self._candidates(sections, pattern=FUTURE_RE), 3):
            items.append(f"- {self._cite(pick)}")
        return items


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _words(text: str) -> int:
    body = "\n".join(line for line in text.splitlines() if not line.startswith("[^"))
    return len(re.sub(r"\[\^\d+\]", "", body).split())


def _truncate(text: str, max_words: int) -> str:
    out, count = [], 0
    body = [line for line in text.splitlines() if not line.startswith("[^")]
    notes = [line for line in text.splitlines() if line.startswith("[^")]
    for line in body:
        words = len(re.sub(r"\[\^\d+\]", "", line).split())
        if count + words > max_words:
            break
        out.append(line)
        count += words
    cited = set(re.findall(r"\[\^(\d+)\]", "\n".join(out)))
    kept = [n for n in notes if re.match(r"\[\^(\d+)\]", n).group(1) in cited]  # type: ignore[union-attr]
    return "\n".join(out + [""] + kept) + "\n"


def draft_review(kb: KnowledgeBase, year: int, max_words: int | None = None) -> str:
    """The Markdown draft of *year*'s review; ``ValueError`` if no meeting was held then."""
    return ReviewWriter(kb, year).draft(max_words=max_words)
