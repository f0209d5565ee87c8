"""Who does the work in a section: presenters, role labels, lead statements, speakers, owners.

:func:`section_credits` gives each person in a section the points of what
the notes say they did there.  A *strong* credit is evidence of ownership
on its own (named as presenter in the heading, a ``Champion:`` label, "X is
leading ...", the main speaker of a section headed by the topic); a weak
one (being named, speaking once) only adds to someone who has a strong one.

>>> bool(LEAD_RE.search("Petr is championing flexible vectors")), bool(LEAD_RE.search("we ate"))
(True, False)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kg.ask.context import Context, SentenceRow
from kg.ask.topics import SectionMatch, Topic
from kg.graph import OWNERSHIP_RE
from kg.model import Evidence

LEAD_RE = re.compile(
    r"\b(?:lead|leads|leading|led|driv(?:e|es|ing)|drove|own(?:s|er|ers|ing)?|maintain(?:s|er|ers|ing)?|"
    r"responsible|in charge|champion(?:s|ed|ing)?|co-?champion(?:s)?|coordinat(?:e|es|ed|ing|or)|"
    r"organi[sz](?:e|es|ed|ing|er)|present(?:s|ed|ing|er|ation)?|propos(?:e|es|ed|ing|al)|"
    r"author(?:s|ed)?|work(?:s|ed|ing)? on|prototyp(?:e|es|ed|ing)|behind|pushing for|pushed for|"
    r"rais(?:e|es|ed|ing)|introduc(?:e|es|ed|ing)|evangelist|wrote|writing|building|built|"
    r"analy[sz](?:is|ed|ing)|updat(?:e|es|ed|ing)|implement(?:s|ed|ing)?|port(?:ed|ing)|"
    r"suggest(?:s|ed|ing)?)\b", re.I)
#: Asking someone to present their work: "Neville, do you want to give us a rundown of your analysis".
_ASK_TO_PRESENT_RE = re.compile(
    r"\byou(?:'re| are)? (?:the one|who)\b|\b(?:give|walk|take|tell|show|share|present|run)\b"
    r"(?: us| everyone| the group)?\b.*\byour\b", re.I)
ROLE_RE = re.compile(
    r"\b(?:presenters?|champions?|champion\(s\)|co-?champions?|owners?|leads?|dri|facilitators?|"
    r"authors?|maintainers?|speakers?|contacts?)\s*[:=]", re.I)
_PRESENTING_RE = re.compile(
    r"^\W*(?:(?P<who>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})\s+)?(?:is\s+|am\s+|'m\s+)?(?i:presenting|presents|presented|"
    r"showing|demoing|demos|walk(?:s|ed|ing)? (?:us )?through|gave (?:a|the) (?:talk|presentation|demo))\b")
_FIRST_PERSON_RE = re.compile(r"\b(?:I|I'm|I've|I'll|we|we're|we've|we'll|my|our)\b")


@dataclass
class Credit:
    """Points for one person in one section, with the sentence that earns them."""

    person: str
    points: float
    strong: bool
    evidence: Evidence
    date: str
    titled: bool = False  # the notes give the person the asked-for role as a title
    takes_over: bool = False  # the notes say the person takes the topic over from whoever had it


def subject(ctx: Context, text: str, people: tuple[str, ...]) -> str | None:
    """The person named first in a sentence (its likely subject)."""
    best, where = None, len(text) + 1
    for person in people:
        data = ctx.node(person)
        for alias in [data["name"], *data.get("aliases", [])]:
            if len(alias) < 2:
                continue
            match = re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text)
            if match and match.start() < where:
                best, where = person, match.start()
    return best


def _turns(rows: list[SentenceRow]) -> Counter[str]:
    turns: Counter[str] = Counter()
    seen = set()
    for row in rows:
        if row.speaker and row.paragraph not in seen:
            seen.add(row.paragraph)
            turns[row.speaker] += 1
    return turns


def addressed(ctx: Context, row: SentenceRow, speakers: set[str]) -> str | None:
    """The speaker a sentence asks to present their work, or credits to their face.

    "Oh lee, you're the one that proposed that?", "Neville, do you want to
    give us a rundown of your impact analysis": a name followed by a comma,
    then "you"; the name is someone who speaks in the section, whatever its case.
    """
    if not _ASK_TO_PRESENT_RE.search(row.text) or not LEAD_RE.search(row.text) and "your" not in row.text:
        return None
    for person in speakers - {row.speaker}:
        data = ctx.node(person)
        for alias in {data["name"], data["name"].split()[0], *data.get("aliases", [])}:
            if len(alias) >= 2 and re.search(rf"(?<!\w){re.escape(alias)},\s+(?:\w+\s+){{0,4}}you",
                                              row.text, re.I):
                return person
    return None


#: A change of hands: "Kwame offered to take over as maintainer", "handing the release over to Noor".
_TAKE_OVER_RE = re.compile(
    r"\b(?:take|takes|taking|took|taken)\s+over\b|\bsucceed(?:s|ed)?\b|"
    r"\b(?:is|as|be) the new (?:main )?(?:maintainer|owner|lead|chair|coordinator)\b", re.I)
_HAND_OVER_RE = re.compile(r"\bhand(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?over\s+to\s+(?P<to>[A-Z][\w.'-]+)", re.I)


def successor(ctx: Context, row: SentenceRow) -> str | None:
    """Who a sentence says takes over ("Kwame offered to take over as the main maintainer")."""
    given = _HAND_OVER_RE.search(row.text)
    if given:
        return subject(ctx, given.group("to"), row.people)
    taken = _TAKE_OVER_RE.search(row.text)
    if not taken:
        return None
    before = row.text[:taken.start()]
    if row.speaker and re.search(r"\b(?:I|I'll|I'm|I've)\b", before):
        return row.speaker
    return subject(ctx, before, row.people)


def titled(ctx: Context, row: SentenceRow, topic: Topic) -> str | None:
    """The person a sentence gives the topic as a title or role: "Russell Pavlicek (Xen Project
    Evangelist) joins us", "Tim Beiko, the release coordinator, ..."."""
    for person in row.people:
        data = ctx.node(person)
        for alias in {data["name"], *data.get("aliases", [])}:
            if len(alias) < 2:
                continue
            for match in re.finditer(rf"(?<!\w){re.escape(alias)}(?:\s*\(([^)]{{3,60}})\)|,\s+(?:the|our)\s+"
                                     rf"([^,.;]{{3,60}})[,.;])", row.text):
                role = match.group(1) or match.group(2)
                if topic.matches(role):
                    return person
    return None


def _leads(topic: Topic, text: str) -> bool:
    """Whether a lead verb governs the topic: within a few words of where the topic is named."""
    spans = [m.span() for p in topic.patterns for m in p.finditer(text)]
    for lead in LEAD_RE.finditer(text):
        for start, end in spans:
            gap = text[lead.end():start] if lead.end() <= start else text[end:lead.start()]
            if len(gap.split()) <= 3:
                return True
    return False


#: Nouns that name a role ("who is the Xen Project evangelist?"): with the topic, what a title says.
ROLE_NOUNS = frozenset("""
evangelist evangelists maintainer maintainers owner owners lead leads leader leaders champion champions
coordinator coordinators organiser organisers organizer organizers driver drivers author authors
presenter presenters editor editors manager managers chair chairs contact contacts point
""".split())


def section_credits(ctx: Context, match: SectionMatch, topic: Topic | None = None,
                    topic_rows: bool = True, role: Topic | None = None) -> list[Credit]:
    """The credits of everyone in one section found for a topic (see the module doc)."""
    section = match.section
    rows = ctx.rows(section)
    credits: list[Credit] = []

    def add(person: str, points: float, strong: bool, row: SentenceRow | None, titled: bool = False,
            takes_over: bool = False) -> None:
        evidence = ctx.evidence(section, row.line, row.text) if row else ctx.section_evidence(section)
        credits.append(Credit(person, points, strong, evidence, match.date, titled, takes_over))

    headed = match.heading or match.partly  # who presents or champions the heading's topic
    for person in ctx.node(section).get("presenters", []):
        if person in ctx.graph:
            add(person, 6.0 if headed else 2.0, headed, None)
    named = {id(r) for r in match.sentences}
    speakers = {r.speaker for r in rows if r.speaker}
    for row in rows:
        body = re.sub(r"^[^:]{1,40}:\s*", "", row.text) if row.speaker else row.text
        presenting = _PRESENTING_RE.match(body) or _PRESENTING_RE.match(row.text)
        if presenting and (headed or id(row) in named):
            first_person = presenting.group("who") in (None, "I")
            who = row.speaker if first_person and row.speaker else subject(ctx, row.text, row.people)
            if who:
                add(who, 6.0, True, row)
                continue
        if ROLE_RE.search(row.text) and (headed or id(row) in named):
            for person in row.people:
                add(person, 6.0, True, row)
            continue
        if id(row) not in named and not (match.heading and topic_rows):
            continue
        asked = addressed(ctx, row, speakers)
        if asked:
            add(asked, 4.0, True, row)
        heir = successor(ctx, row) if match.heading or id(row) in named else None
        if heir:
            add(heir, 4.0, True, row, takes_over=True)
        holder = titled(ctx, row, role or topic) if topic is not None and id(row) in named else None
        if holder:
            add(holder, 6.0, True, row, titled=role is not None)
        first_person = bool(row.speaker and _FIRST_PERSON_RE.search(body))
        others = tuple(p for p in row.people if p != row.speaker)
        if topic is not None and _leads(topic, body):
            who = row.speaker if first_person else subject(ctx, body, others)
            if who:
                add(who, 4.0, True, row)
        elif match.heading and not first_person and OWNERSHIP_RE.search(body):
            who = subject(ctx, body, others)  # "ThomasL has been working on it", under its heading
            if who:
                add(who, 3.0, True, row)
        for person in row.people:
            if person != row.speaker:
                add(person, 0.5, False, row)
    hosts = ctx.hosts(match.meeting)
    turns = _turns(rows)
    for host in hosts:
        turns.pop(host, None)  # the host opens every topic and owns none by it
    total = sum(turns.values())
    if match.heading and total:
        first = next((r for r in rows if r.speaker and r.speaker not in hosts), None)
        for person, count in turns.items():
            share = count / total
            row = next(r for r in rows if r.speaker == person)
            add(person, 3.0 * share + (2.0 if first and first.speaker == person else 0.0),
                share >= 0.5 or (first is not None and first.speaker == person and share >= 0.2), row)
    elif total:
        for person, count in turns.items():
            row = next(r for r in match.sentences or rows if r.speaker == person) \
                if any(r.speaker == person for r in match.sentences or rows) else None
            add(person, min(2.0, 0.5 * count), False, row)
    for action, _ in ctx.edges(section, "has_action"):
        node = ctx.node(action)
        if match.heading or any(r.line == node.get("line") for r in match.sentences):
            for person, _ in ctx.edges(action, "owns", "in"):
                add(person, 1.5, False, None)
    return credits
