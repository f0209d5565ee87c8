"""Who a review credits for a topic: the people the notes say did the work, not who talked most.

Credits come from :func:`kg.ask.credit.section_credits` over the sections a
topic heads and the sentences elsewhere that name it, with one change for a
review: what a person says of themselves in a transcript ("Yeah, sure", "I
was working on 4844 too") or how much they speak is no credit on its own.  A
credit stands when someone else says it: the note-taker ("Danno Ferrin
presented the work on EOF", "Lightclient has merged EIP 7685"), the heading
or the agenda naming a presenter ("Flexible vectors [Petr Penzin, 30 mins]"),
a role ("Champion: ..."), or the chair asking someone to present their work.
A presenter of a section about the topic alone is credited, and in a
transcript of a topic that a few meetings take up, when the notes name no
presenter, whoever speaks first after the chair and most there; for a topic that
runs through many meetings anyone else must be credited so in two of them
(one remark in a year of a fork's calls is not the work on it).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from kg.ask.context import Context, SentenceRow, heading_key, structural_headings
from kg.ask.credit import Credit, section_credits
from kg.ask.topics import SectionMatch, Topic
from kg.review.headings import content_words
from kg.review.topics import Cluster

#: An agenda entry's presenter: "GC & strings (presentation) [Adam Klein, 45min]".
_BRACKETS_RE = re.compile(r"[\[(]([^\])]{2,80})[\])]")


def credited(ctx: Context, cluster: Cluster, meetings: list[str], most: int = 4) -> list[str]:
    """The names of the people credited for a topic, best first, at most *most*: presenters of
    sections about the topic alone, and people credited by others (in two meetings or more
    when the topic runs through more than four)."""
    topic = Topic(cluster.title, ctx, [cluster.entity] if cluster.entity else None, titled=False)
    points: Counter[str] = Counter()
    said: dict[str, set[str]] = defaultdict(set)  # person -> meetings where others credit them
    sure: set[str] = set(_agenda_presenters(ctx, cluster, meetings))
    few = len(cluster.meetings(ctx)) <= 4  # a long-running topic has many bystanders
    for match in _matches(ctx, cluster, meetings):
        alone = _alone(ctx, cluster, ctx.node(match.section).get("heading") or "")
        credits = section_credits(ctx, match, topic)
        presented = any(c.strong and c.points >= 6.0 and not _self_said(c) for c in credits)
        if alone and cluster.sections.get(match.section) and few and not presented:
            sure |= _opener(ctx, match)
        for credit in credits:
            if ctx.graph.nodes.get(credit.person, {}).get("type") != "person":
                continue
            points[credit.person] += credit.points
            about = alone or credit.row is None or bool(cluster.pattern.search(credit.row.text))
            if credit.strong and about and not _self_said(credit):
                said[credit.person].add(match.meeting)
                if credit.row is None and alone:  # the heading's presenter
                    sure.add(credit.person)
    for person in sure:
        points[person] += 6.0
    need = 1 if few else 2
    ranked = [p for p, _ in points.most_common() if p in sure or len(said[p]) >= need]
    top = points[ranked[0]] if ranked else 0
    return [ctx.node(p)["name"] for p in ranked if points[p] >= max(4.0, 0.4 * top)][:most]


def _opener(ctx: Context, match: SectionMatch) -> set[str]:
    """Who presents a section of a transcript about the topic alone when the notes name no
    presenter: the first to speak after the chair, when they also speak most there."""
    hosts = ctx.hosts(match.meeting)
    rows = [r for r in ctx.rows(match.section) if r.speaker and r.speaker not in hosts]
    if len(rows) < 3:
        return set()
    turns = Counter(r.speaker for r in rows)
    first = rows[0].speaker
    return {first} if turns[first] == max(turns.values()) and turns[first] >= 2 else set()


def _alone(ctx: Context, cluster: Cluster, text: str) -> bool:
    """Whether a heading or an agenda entry is about the topic alone ("GC & strings" is not)."""
    words = set(content_words(_BRACKETS_RE.sub(" ", text)))
    return bool(words) and words <= cluster.vocabulary


def _self_said(credit: Credit) -> bool:
    """Whether a credit rests on the person's own words (or on how much they speak)."""
    row = credit.row
    return row is not None and row.speaker == credit.person and not credit.titled


def _matches(ctx: Context, cluster: Cluster, meetings: list[str]) -> list[SectionMatch]:
    """The sections a topic heads, and the others with sentences that name it (not agenda
    entries: :func:`_agenda_presenters` reads those)."""
    structural = structural_headings(ctx)
    found = []
    for meeting in meetings:
        for section in ctx.sections(meeting):
            rows = ctx.rows(section)
            agenda = heading_key(ctx.node(section).get("heading") or "") in structural
            named = [r for r in rows if cluster.pattern.search(r.text) and not (agenda and r.kind == "item")]
            headed = section in cluster.sections
            if headed or named:
                found.append(SectionMatch(section, meeting, ctx.date_of(section), 0.0, headed, named,
                                          len(rows), True))
    return found


def _agenda_presenters(ctx: Context, cluster: Cluster, meetings: list[str]) -> set[str]:
    """People an agenda names in brackets beside the topic ("Strings [Adam Klein, 45 min]")."""
    structural = structural_headings(ctx)
    found: set[str] = set()
    for meeting in meetings:
        for section in ctx.sections(meeting):
            if heading_key(ctx.node(section).get("heading") or "") not in structural:
                continue
            for row in ctx.rows(section):
                if row.kind == "item" and cluster.pattern.search(row.text) and _alone(ctx, cluster, row.text):
                    found |= _bracketed(ctx, row)
    return found


def _bracketed(ctx: Context, row: SentenceRow) -> set[str]:
    """The people of a row named inside its brackets."""
    inside = " ".join(m.group(1) for m in _BRACKETS_RE.finditer(row.text))
    found = set()
    for person in row.people:
        data = ctx.node(person)
        names = {data["name"], *data.get("aliases", [])}
        if any(len(n) >= 3 and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", inside) for n in names):
            found.add(person)
    return found
