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
from collections.abc import Callable
from dataclasses import dataclass, field

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
    section: str
    row: SentenceRow | None  # the sentence, or None for the section as a whole
    date: str
    ctx: Context = field(repr=False, compare=False)
    titled: bool = False  # the notes give the person the asked-for role as a title
    takes_over: bool = False  # the notes say the person takes the topic over from whoever had it
    given: Evidence | None = None  # evidence that is not a sentence (an attendee list)

    @property
    def evidence(self) -> Evidence:
        """The sentence as evidence (made when asked for: most credits are never shown)."""
        if self.given is not None:
            return self.given
        if self.row is None:
            return self.ctx.section_evidence(self.section)
        return self.ctx.evidence(self.section, self.row.line, self.row.text)


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
_TENTATIVE_RE = re.compile(r"\b(?:maybe|perhaps|possibly)\b", re.I)
_HANDOVER_WORDS = re.compile(r"over|succeed|new ")
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
    if "(" not in row.text and ", the " not in row.text and ", our " not in row.text:
        return None
    for person in row.people:
        for match in _title_pattern(ctx, person).finditer(row.text):
            role = match.group(1) or match.group(2)
            if topic.matches(role):
                return person
    return None


def _title_pattern(ctx: Context, person: str) -> re.Pattern[str]:
    """A person's names followed by a title in brackets or after ", the" (compiled once)."""
    cache = ctx.__dict__.setdefault("_title_patterns", {})
    if person not in cache:
        data = ctx.node(person)
        names = sorted((a for a in {data["name"], *data.get("aliases", [])} if len(a) >= 2),
                       key=len, reverse=True)
        cache[person] = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, names)) or '(?!x)x'})"
                                   r"(?:\s*\(([^)]{3,60})\)|,\s+(?:the|our)\s+([^,.;]{3,60})[,.;])")
    return cache[person]


def attendee_titles(ctx: Context, role: Topic, when: Callable[[str, str], bool] | None = None
                    ) -> list[Credit]:
    """People an attendee list describes by the role asked about ("Dara Okafor — docs lead",
    "Alice Moreau (maintainer)"), one credit per meeting (within *when*) that says so."""
    credits = []
    for meeting, date in ctx.meetings:
        if when is not None and not when(meeting, date):
            continue
        written = ctx.node(meeting).get("attendees_written") or []
        for person, data in ctx.edges(meeting, "attended", "in"):
            name = data.get("written") or ""
            entry = next((w for w in written if name and w.startswith(name)), "")
            described = entry[len(name):].strip(" ,()[]-–—:")
            if described and role.matches(described):
                credits.append(Credit(person, 6.0, True, "", None, date, ctx, titled=True,
                                      given=ctx.attendee_evidence(meeting)))
    return credits


def _leads(topic: Topic, text: str) -> bool:
    """Whether a lead verb governs the topic: within a few words of where the topic is named."""
    if not topic.might_name(text) or not LEAD_RE.search(text):
        return False
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
    credits: list[Credit] = []

    def add(person: str, points: float, strong: bool, row: SentenceRow | None, **flags: bool) -> None:
        credits.append(Credit(person, points, strong, match.section, row, match.date, ctx, **flags))

    headed = match.heading or match.partly  # who presents or champions the heading's topic
    for person in ctx.node(match.section).get("presenters", []):
        if person in ctx.graph:
            add(person, 6.0 if headed else 2.0, headed, None)
    rows = ctx.rows(match.section)
    named = {id(r) for r in match.sentences}
    speakers = {r.speaker for r in rows if r.speaker}
    for row in rows:
        in_topic = id(row) in named
        if _presenter(ctx, row, headed or in_topic, add):
            continue
        if not in_topic and not (match.heading and topic_rows):
            continue
        _statements(ctx, row, match, in_topic, topic, role, speakers, add)
        for person in row.people:
            if person != row.speaker:
                add(person, 0.5, False, row)
    _turn_credits(ctx, match, rows, add)
    for action, _ in ctx.edges(match.section, "has_action"):
        node = ctx.node(action)
        if match.heading or any(r.line == node.get("line") for r in match.sentences):
            for person, _ in ctx.edges(action, "owns", "in"):
                add(person, 1.5, False, None)
    return credits


def _body(row: SentenceRow) -> str:
    """A sentence without its speaker's prefix."""
    return re.sub(r"^[^:]{1,40}:\s*", "", row.text) if row.speaker else row.text


def _presenter(ctx: Context, row: SentenceRow, on_topic: bool, add: Callable[..., None]) -> bool:
    """"X presenting", "Champion: X" on the topic: the strongest credit there is."""
    if not on_topic:
        return False
    presenting = _PRESENTING_RE.match(_body(row)) or _PRESENTING_RE.match(row.text)
    if presenting:
        first_person = presenting.group("who") in (None, "I")
        who = row.speaker if first_person and row.speaker else subject(ctx, row.text, row.people)
        if who:
            add(who, 6.0, True, row)
            return True
    if (":" in row.text or "=" in row.text) and ROLE_RE.search(row.text):
        for person in row.people:
            add(person, 6.0, True, row)
        return True
    return False


def _statements(ctx: Context, row: SentenceRow, match: SectionMatch, in_topic: bool, topic: Topic | None,
                role: Topic | None, speakers: set[str], add: Callable[..., None]) -> None:
    """What a sentence says someone does: asked to present, taking over, titled, leading, working."""
    low = row.text.lower()
    asked = addressed(ctx, row, speakers) if "you" in low else None
    if asked:
        add(asked, 4.0, True, row)
    heir = successor(ctx, row) if (match.heading or in_topic) and _HANDOVER_WORDS.search(low) else None
    if heir:
        add(heir, 4.0, True, row, takes_over=True)
    holder = titled(ctx, row, role or topic) if topic is not None and in_topic else None
    if holder:
        add(holder, 6.0, True, row, titled=role is not None)
    body = _body(row)
    first_person = bool(row.speaker and _FIRST_PERSON_RE.search(body))
    others = tuple(p for p in row.people if p != row.speaker)
    sure = not _TENTATIVE_RE.search(body)  # "maybe Nik can look at this" is a suggestion, not work
    if topic is not None and _leads(topic, body):
        who = row.speaker if first_person else subject(ctx, body, others)
        if who:
            add(who, 4.0 if sure else 1.0, sure, row)
    elif match.heading and not first_person and others and OWNERSHIP_RE.search(body):
        who = subject(ctx, body, others)  # "ThomasL has been working on it", under its heading
        if who:
            add(who, 3.0 if sure else 1.0, sure, row)


def _turn_credits(ctx: Context, match: SectionMatch, rows: list[SentenceRow],
                  add: Callable[..., None]) -> None:
    """Speaking in a section: the main speaker of a section headed by the topic, or who opens it."""
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
            row = next((r for r in match.sentences or rows if r.speaker == person), None)
            add(person, min(2.0, 0.5 * count), False, row)
