"""Compose a review: the period's numbers, a section per topic, community, looking ahead."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

from rapidfuzz import fuzz

from kg.ask.context import Context, SentenceRow
from kg.model import Citation, Review, ReviewSection, ReviewSentence
from kg.review.credits import credited
from kg.review.text import (
    EVENT_RE,
    FIRST_PERSON,
    FUTURE_RE,
    GATHERING_RE,
    clean,
    needs_context,
    score,
    usable,
)
from kg.review.topics import Cluster, clusters

if TYPE_CHECKING:
    from kg.api import KnowledgeBase

APP_URL = "http://127.0.0.1:8501"


@dataclass
class _Pick:
    text: str
    section: str
    line: int
    score: float
    date: str
    names_topic: bool = False
    owners: list[str] = field(default_factory=list)


@dataclass
class _Line:
    row: SentenceRow
    position: int  # in its section
    text: str  # cleaned
    date: str


class ReviewWriter:
    """Drafts the review of the meetings from *since* to *until* (ISO dates, both included)."""

    def __init__(self, kb: KnowledgeBase, since: str, until: str, title: str, app_url: str = APP_URL):
        self.kb = kb
        self.ctx = Context(kb)
        self.graph = kb.graph
        self.since, self.until, self.title = since, until, title
        self.app_url = app_url.rstrip("/")
        self.meetings = [m for m, d in self.ctx.meetings if since <= d <= until]
        self.used: list[str] = []
        self._usable: dict[str, list[_Line]] | None = None

    # -- the draft ----------------------------------------------------------------

    def build(self, major: int = 10, per_topic: int = 3) -> Review:
        """The review with at most *major* topics of at most *per_topic* sentences each."""
        if not self.meetings:
            raise ValueError(f"no meetings in {self.title}{self._span()}")
        self.used = []
        review = Review(title=f"{self.title} in review", since=self.since, until=self.until,
                        intro=self._intro(), welcome=self._newcomers())
        opened: list[tuple[Cluster, _Pick, list[_Pick]]] = []
        gatherings: list[Cluster] = []
        for cluster in clusters(self.ctx, self.meetings, major + 6):
            if self._gathering(cluster):
                gatherings.append(cluster)
                continue
            if len(opened) >= major:
                review.also.append(cluster.title)
                continue
            picks = self._candidates(cluster)
            head = self._opening(picks)
            if head is not None:  # every topic's opening first: then no topic spends another's
                self.used.append(head.text)
                opened.append((cluster, head, picks))
        for cluster, head, picks in opened:
            rest = self._choose([p for p in picks if p is not head], per_topic - 1)
            review.sections.append(self._topic(cluster, [head] + rest))
        for extra in (self._community(gatherings), self._ahead()):
            if extra is not None:
                review.sections.append(extra)
        return review

    def _span(self) -> str:
        dates = [d for _, d in self.ctx.meetings]
        return f" (the notes cover {dates[0]} to {dates[-1]})" if dates else ""

    def _intro(self) -> str:
        dates = [self.ctx.date_of(m) for m in self.meetings]
        people = {p for m in self.meetings for p, _ in self.ctx.edges(m, "attended", "in")}
        actions = [a for s in self._sections() for a, _ in self.ctx.edges(s, "has_action")]
        issues = {i for s in self._sections() for i, _ in self.ctx.edges(s, "references")}
        newcomers = self._newcomers()
        met = "once" if len(dates) == 1 else f"{len(dates)} times"
        text = f"From {dates[0]} to {dates[-1]} we met {met}. {len(people)} people took part"
        text += f", {len(newcomers)} of them for the first time. " if newcomers else ". "
        recorded = f"We recorded {_count(len(actions), 'action item')}"
        return text + f"{recorded} and referenced {_count(len(issues), 'issue')}."

    def _sections(self) -> list[str]:
        return [s for m in self.meetings for s in self.ctx.sections(m)]

    def _newcomers(self) -> list[str]:
        before = [m for m, d in self.ctx.meetings if d < self.since]
        if not before:
            return []
        earlier = {p for m in before for p, _ in self.ctx.edges(m, "attended", "in")}
        now = {p for m in self.meetings for p, _ in self.ctx.edges(m, "attended", "in")}
        return sorted(self.ctx.node(p)["name"] for p in now - earlier)

    # -- one topic ------------------------------------------------------------------

    def _topic(self, cluster: Cluster, chosen: list[_Pick]) -> ReviewSection:
        section = ReviewSection(cluster.title, "topic", [self._sentence(p) for p in chosen])
        section.people = credited(self.ctx, cluster, self.meetings)
        section.issues = self._issues(cluster)
        return section

    def _opening(self, picks: list[_Pick]) -> _Pick | None:
        """The sentence a topic opens with: the best that names it and is not used yet."""
        for pick in sorted(picks, key=lambda p: (-p.score, _days_before(p.date), p.line)):
            if pick.names_topic and not self._seen(pick.text):
                return pick
        return None

    def _seen(self, text: str) -> bool:
        return any(fuzz.ratio(text, seen) >= 85 for seen in self.used)

    def _candidates(self, cluster: Cluster) -> list[_Pick]:
        """Sentences that can stand in the topic's section: any that names it in the period's
        notes (a summary table's row most of all), and the rest of the sections it heads."""
        picks = []
        for section, lines in self._lines().items():
            in_heading = section in cluster.sections
            decided = self._decisions(section) if cluster.sections.get(section) else set()
            for line in lines:
                names = bool(cluster.pattern.search(line.text))
                if names or in_heading:
                    value = score(line.text, line.row, line.position, cluster.pattern)
                    # a decision recorded under the topic's own heading may open it too
                    opens = names or line.row.line in decided
                    picks.append(_Pick(line.text, section, line.row.line, value, line.date, opens))
        return picks

    def _decisions(self, section: str) -> set[int]:
        """The lines of a section where the notes record a decision."""
        return {self.ctx.node(d).get("line") for d, _ in self.ctx.edges(section, "has_decision")}

    def _lines(self) -> dict[str, list[_Line]]:
        """The period's sentences that a review can show, cleaned, per section (made once)."""
        if self._usable is None:
            self._usable = {}
            for section in self._sections():
                date = self.ctx.date_of(section)
                agenda = _AGENDA_RE.search(self.ctx.node(section).get("heading") or "")
                self._usable[section] = [
                    _Line(row, position, text, date) for position, row in enumerate(self.ctx.rows(section))
                    if row.kind != "heading" and not (agenda and row.kind == "item")
                    and usable(text := clean(row.text))
                    and not needs_context(text, bool(row.people))]
            template = _templates(self._usable, self.ctx)
            self._usable = {s: [line for line in lines if line.text.lower() not in template]
                            for s, lines in self._usable.items()}
        return self._usable

    def _choose(self, picks: list[_Pick], count: int) -> list[_Pick]:
        """The best *count* picks, no two alike, in date order."""
        chosen: list[_Pick] = []
        for pick in sorted(picks, key=lambda p: (-p.score, p.date, p.line)):
            if len(chosen) >= count:
                break
            if not self._seen(pick.text):
                chosen.append(pick)
                self.used.append(pick.text)
        return sorted(chosen, key=lambda p: (p.date, p.line))

    def _sentence(self, pick: _Pick) -> ReviewSentence:
        return ReviewSentence(pick.text, self.citation(pick.section, pick.line))

    def citation(self, section: str, line: int) -> Citation:
        """Where a sentence is: the git web link for a note from a repository, else the app's
        meeting page opened at the section and line."""
        data = self.ctx.node(section)
        meeting = self.ctx.node(data["meeting"])
        source = meeting.get("source") or ""
        url = self.kb.source_link(source, line) or (
            f"{self.app_url}/meetings?meeting={quote(data['meeting'], safe='')}"
            f"&section={section.rsplit('/', 1)[-1]}&line={line}")
        return Citation(meeting.get("date") or data["meeting"], data["meeting"], data["name"], section,
                        source, line, url)

    def _issues(self, cluster: Cluster) -> list[str]:
        found: list[str] = []
        for section in cluster.sections:
            for issue, _ in self.ctx.edges(section, "references"):
                label = self.ctx.node(issue)["name"]
                if label not in found:
                    found.append(label)
        return found[:6]

    # -- community and looking ahead ------------------------------------------------------

    def _gathering(self, cluster: Cluster) -> bool:
        """Whether a topic is a gathering (most of its headings name a summit, a hackathon, a
        tutorial day): community, not a piece of work."""
        headings = [self.ctx.node(s).get("heading") or "" for s in cluster.sections]
        return sum(bool(GATHERING_RE.search(h)) for h in headings) * 2 > len(headings)

    def _community(self, gatherings: list[Cluster]) -> ReviewSection | None:
        """Events and community: the period's gatherings first (what their notes say of them
        that names them), then any sentence about a talk, a meetup, mentoring."""
        picks = [_Pick(line.text, section, line.row.line, score(line.text, line.row, line.position),
                       line.date) for section, lines in self._lines().items()
                 for line in lines if EVENT_RE.search(line.text)]
        for cluster in gatherings:
            best = self._opening(self._candidates(cluster))
            if best is not None:
                best.score += 10.0  # each gathering of the period is told first
                picks.append(best)
        chosen = self._choose(picks, 5)
        if not chosen:
            return None
        return ReviewSection("Community and events", "community", [self._sentence(p) for p in chosen])

    def _open_actions(self, section: str) -> list[_Pick]:
        """The open action items of a section that read well on their own, owners first."""
        picks = []
        for action, _ in self.ctx.edges(section, "has_action"):
            data = self.ctx.node(action)
            text = clean(data["text"])
            if data.get("status", "open") != "open" or not usable(text) or needs_context(text, True):
                continue
            owners = [self.ctx.node(p)["name"] for p, _ in self.ctx.edges(action, "owns", "in")]
            picks.append(_Pick(text, section, data["line"], 2.0 + bool(owners), self.ctx.date_of(section),
                               owners=owners))
        return picks

    def _ahead(self) -> ReviewSection | None:
        """Open action items and plans from the last quarter of the period's meetings."""
        late = self.meetings[-max(2, len(self.meetings) // 4):]
        sections = [s for m in late for s in self.ctx.sections(m)]
        picks = []
        for section in sections:
            picks += self._open_actions(section)
            for line in self._lines()[section]:
                if _plan(line.text):
                    value = score(line.text, line.row, line.position) - 1
                    picks.append(_Pick(line.text, section, line.row.line, value, line.date))
        chosen = self._choose(picks, 6)
        if not chosen:
            return None
        section = ReviewSection("Looking ahead", "ahead", [self._sentence(p) for p in chosen])
        section.owners = [p.owners for p in chosen]
        return section


#: A meeting's agenda: its entries say what was to be discussed, not what happened.
_AGENDA_RE = re.compile(r"\bagenda\b", re.I)
#: Who can plan something, when no name is given: "We will ...", "The client teams will ...".
_AGENTS = frozenset("""we team teams developers devs chairs chair group everyone everybody maintainers
champions authors editors editor organisers organizers committee""".split())


def _plan(text: str) -> bool:
    """Whether a sentence says what someone will do: the future early on, as the sentence's
    verb, said of someone ("Developers will update ...", "We plan to ...", "Lena will ..."):
    not a remark on how a thing will behave ("Each instruction will know ..."), nor one
    speaker's own intention ("I'm planning to merge those")."""
    found = FUTURE_RE.search(text)
    if not found or FIRST_PERSON.search(text):
        return False
    before = text[:found.start()].split()
    return len(before) <= 8 and any(w.lower().strip(",") in _AGENTS or (i and w[:1].isupper() or w[:1] == "@")
                                    for i, w in enumerate(before))


def _templates(lines: dict[str, list[_Line]], ctx: Context) -> set[str]:
    """Sentences written the same way in three meetings or more: the note template's
    ("The meeting will be on a zoom.us video conference."), not what happened."""
    meetings: dict[str, set[str]] = {}
    for section, found in lines.items():
        for line in found:
            meetings.setdefault(line.text.lower(), set()).add(ctx.node(section)["meeting"])
    return {text for text, where in meetings.items() if len(where) >= 3}


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def period_title(since: str, until: str) -> str:
    """"2014" for a whole year, else "2023-04-27 to 2024-06-06"."""
    if since[:4] == until[:4] and since[5:] == "01-01" and until[5:] == "12-31":
        return since[:4]
    return f"{since} to {until}"


def last_complete_year(dates: list[str]) -> int | None:
    """The newest year whose meetings run from its first quarter to its last one; when none
    does, the year with the most meetings (``None`` without dates).

    >>> last_complete_year(["2024-01-09", "2024-12-10", "2025-01-07", "2025-03-18"])
    2024
    >>> last_complete_year(["2013-05-01", "2013-09-01", "2014-02-01", "2014-06-01"])
    2014
    """
    months: dict[int, list[int]] = {}
    for day in dates:
        if re.match(r"\d{4}-\d\d", day):
            months.setdefault(int(day[:4]), []).append(int(day[5:7]))
    if not months:
        return None
    complete = [y for y, m in months.items() if min(m) <= 3 and max(m) >= 10]
    if complete:
        return max(complete)
    return max(months, key=lambda y: (len(months[y]), y))


def _days_before(date: str) -> int:
    """A key that sorts later dates first: of two sentences as good, the later tells how
    things ended up."""
    return -int(re.sub(r"\D", "", date) or 0)
