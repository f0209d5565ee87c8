"""Reading a question: its dates, people, intent, topic, order and status.

:func:`read_question` fills a :class:`Question` in steps: the dates it names
(a day, a month, a year, "the last meeting") become meetings or a range;
the people it names are linked; every intent's cues are scored with the
slots found; what is left, less the question's own scaffolding, is the
topic, whatever words those are.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.ask.ranges import read_range
from kg.ask.registry import INTENTS
from kg.dates import MONTHS, date_spans
from kg.lemmas import Token, lemma_table, tokenize

if TYPE_CHECKING:
    from kg.ask.context import Context

#: Words that frame a question without saying what it is about.
SCAFFOLD = frozenset("""
the a an our this that these those of about on for to in into any all every each we did do does
's 're 've 'll 'd 'm n't
is was what who whom whose when where which how are were be been being has have had will would
could should can may might must shall with from by at as it its their there here me us you i my
they them his her he she and not no yes please kg tell show list give find hey so ok okay
someone anyone everyone people person folks
discussion discussions discuss discussed talk talks talked conversation conversations section
sections note notes mention mentions mentioned thing things stuff come came up one ones time
ever far since during between also just really exactly then currently now recently lately out
get gets getting got make makes making made
""".split())
_PERSON_INTENTS = {"attendance", "person_work", "action_items", "chair", "scribe", "said", "profile"}
#: Intents whose question is about a topic: a date with no meeting on it is part of the topic there
#: ("when did we settle on January 17 for the fork?").
_TOPIC_INTENTS = {"when", "decisions", "discussions", "owner", "issues"}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_MONTH_DAY_RE = re.compile(
    rf"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})|(?P<m2>{_MONTH})\s+"
    r"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)\b(?!,?\s*\d{4})", re.I)
_MONTH_YEAR_RE = re.compile(rf"\b(?P<m>{_MONTH}),?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
_YEAR_RE = re.compile(r"\b(?:in|of|during|for|from)\s+(?P<y>(?:19|20)\d\d)\b", re.I)
_RELATIVE_RE = re.compile(r"\b(?P<which>last|latest|most recent|previous|first|earliest|newest|next)\s+"
                          r"(?:(?P<count>two|three|four|five|six|\d)\s+)?"
                          r"(?P<series>(?:[\w'-]+\s+){0,3}?)"
                          r"(?:call|meeting|sync|standup|stand-up|session|breakout|workshop|one)s?\b", re.I)
_COUNT = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, **{str(n): n for n in range(1, 10)}}
_FIRST_RE = re.compile(r"\b(?:first|initially|originally|earliest|start|started|begin|began|"
                       r"introduc\w*)\b", re.I)
_LAST_RE = re.compile(r"\b(?:last|latest|most recently|recently|lately|final(?:ly)?)\b", re.I)
_OPEN_RE = re.compile(r"\b(?:open|outstanding|pending|owe|owes|owed|still|unfinished|todo)\b", re.I)
_DONE_RE = re.compile(r"\b(?:done|completed|finished|closed|delivered)\b", re.I)


@dataclass
class Question:
    """A question as read: intent, topic, linked entities and people, dates, order, status."""

    text: str
    tokens: list[Token]
    intent: str = "search"
    scores: dict[str, float] = field(default_factory=dict)
    meetings: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    missing: str | None = None  # a date the question names, with no meeting on it
    people: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    topic: str = ""
    order: str | None = None  # "first" or "last"
    status: str | None = None  # "open" or "done"
    used: set[int] = field(default_factory=set)
    person_tokens: set[int] = field(default_factory=set)
    date_tokens: set[int] = field(default_factory=set)  # the words of dates with no meeting

    @property
    def dated(self) -> bool:
        return bool(self.meetings or self.since or self.until or self.missing)

    def in_range(self, meeting: str, date: str) -> bool:
        """Whether a meeting falls within the dates the question names (if any)."""
        if self.meetings:
            return meeting in self.meetings
        if self.since and date < self.since:
            return False
        return not (self.until and date > self.until)

    def explain(self) -> dict[str, Any]:
        """How the question was read, for ``kg ask --explain``."""
        top = sorted(self.scores.items(), key=lambda kv: -kv[1])[:4]
        return {"intent": self.intent, "scores": {k: round(v, 2) for k, v in top},
                "topic": self.topic, "people": self.people, "entities": self.entities,
                "meetings": self.meetings, "since": self.since, "until": self.until,
                "missing_date": self.missing, "order": self.order, "status": self.status}


def topic_fit(q: Question) -> float:
    """The fit of an intent that needs a topic and does not answer "who ..." or "when ..."."""
    first = q.tokens[0].lower if q.tokens else ""
    return (0.0 if q.topic else -3.0) - (3.0 if first == "who" else 2.0 if first == "when" else 0.0)


def _span_tokens(tokens: list[Token], start: int, end: int) -> set[int]:
    return {i for i, t in enumerate(tokens) if t.start < end and start < t.end}


def read_dates(q: Question, ctx: Context) -> None:
    """The meetings, or the range of dates, that the question names."""
    text, meetings = q.text, ctx.meetings
    found: list[str] = []
    named = read_range(text)
    if named is not None:  # "in Q3 2024", "between March and May", "since June 2024"
        q.since, q.until, span = named
        q.used |= _span_tokens(q.tokens, *span)
        text = text[:span[0]] + " " * (span[1] - span[0]) + text[span[1]:]
    for match in _find_full_dates(text):
        iso, start, end = match
        same = [m for m, d in meetings if d == iso]
        found += same
        q.missing = q.missing if same else iso
        q.used |= _span_tokens(q.tokens, start, end)
        if not same:
            q.date_tokens |= _span_tokens(q.tokens, start, end)
    if not found and not q.missing and named is None:
        _month_day(q, ctx, found)
    if not found and not q.missing and named is None:
        _month_or_year(q)
    relative = _RELATIVE_RE.search(text)
    if relative and meetings:
        which = relative.group("which").lower()
        count = _COUNT.get((relative.group("count") or "one").lower(), 1)
        pool = [(m, d) for m, d in meetings if (m in found or not found) and q.in_range(m, d)]
        pool = _of_series(relative.group("series"), pool, ctx) or pool
        if pool and which != "next" and (not found or len(found) > 1):
            chosen = pool[:count] if which in ("first", "earliest") else pool[-count:]
            found = [m for m, _ in chosen]
            q.missing = None
            q.used |= _span_tokens(q.tokens, *relative.span())
    q.meetings = list(dict.fromkeys(found))


def _of_series(words: str, pool: list[tuple[str, str]], ctx: Context) -> list[tuple[str, str]]:
    """The meetings of one series named in "the last EOF implementers call": those whose title or
    folder holds every word (an archive of several series, one folder or title each)."""
    wanted = [w.lower().strip("'") for w in words.split()]
    wanted = [w.rstrip("s") for w in wanted if w not in _DETERMINERS and len(w) >= 2]
    if not wanted:
        return []
    chosen = []
    for meeting, date in pool:
        node = ctx.node(meeting)
        where = f"{node.get('title') or ''} {Path(node.get('source') or '').parent.name}".lower()
        if all(re.search(rf"(?<![a-z0-9]){re.escape(w)}", where) for w in wanted):
            chosen.append((meeting, date))
    return chosen if len(chosen) < len(pool) else []


def _find_full_dates(text: str) -> list[tuple[str, int, int]]:
    return [(date.isoformat(), start, end) for start, end, date in date_spans(text)]


def _month_day(q: Question, ctx: Context, found: list[str]) -> None:
    for match in _MONTH_DAY_RE.finditer(q.text):
        month_text = (match.group("m1") or match.group("m2") or "").lower()[:3]
        day = int(match.group("d1") or match.group("d2"))
        month = MONTHS.get(month_text)
        if not month:
            continue
        same = [m for m, d in ctx.meetings if int(d[5:7]) == month and int(d[8:10]) == day]
        found += same[-1:]
        if not same:
            q.missing = f"--{month:02d}-{day:02d}"
            q.date_tokens |= _span_tokens(q.tokens, *match.span())
        q.used |= _span_tokens(q.tokens, *match.span())


def _month_or_year(q: Question) -> None:
    month_year = _MONTH_YEAR_RE.search(q.text)
    if month_year:
        year, month = int(month_year.group("y")), MONTHS[month_year.group("m").lower().rstrip(".")[:3]]
        last = calendar.monthrange(year, month)[1]
        q.since, q.until = f"{year}-{month:02d}-01", f"{year}-{month:02d}-{last:02d}"
        q.used |= _span_tokens(q.tokens, *month_year.span())
        return
    year = _YEAR_RE.search(q.text)
    if year:
        q.since, q.until = f"{year.group('y')}-01-01", f"{year.group('y')}-12-31"
        q.used |= _span_tokens(q.tokens, year.start("y"), year.end("y"))


def read_people(q: Question, ctx: Context) -> None:
    """The people the question names (full names, first names, handles, close spellings)."""
    tokens = q.tokens
    english = lemma_table()
    i = 0
    while i < len(tokens):
        for size in (4, 3, 2, 1):
            gram = tokens[i:i + size]
            if len(gram) < size or any(k in q.used for k in range(i, i + size)):
                continue
            if not _could_name(gram, english):
                continue
            phrase = q.text[gram[0].start:gram[-1].end]
            ids = ctx.lookup(phrase, ("person",), fuzzy=size > 1 or len(phrase) >= 5)
            if ids and (size > 1 or _exact(ctx, phrase, ids) or phrase[:1].isupper()):
                q.people += [p for p in _best_person(ctx, phrase, ids)[:1] if p not in q.people]
                q.person_tokens |= set(range(i, i + size))
                i += size - 1
                break
            if size == 2 and _full_name(gram, english):
                i += 1  # "Eric Prud'hommeaux" is someone the notes do not know, not a "Rick"
                break
        i += 1


def _could_name(gram: list[Token], english: dict[str, str]) -> bool:
    if any(t.lower in SCAFFOLD or not re.search(r"\w", t.text) for t in gram):
        return False
    first = gram[0].text
    return first[:1].isupper() or first.startswith("@") or (
        len(gram) == 1 and len(first) >= 4 and first.lower() not in english)


def _full_name(gram: list[Token], english: dict[str, str]) -> bool:
    """Two capitalised words, the second not an English word: a full name (``Eric Prud'hommeaux``)."""
    first, last = gram[0].text, gram[1].text
    return first[:1].isupper() and last[:1].isupper() and last.lower() not in english and \
        last.lower() not in SCAFFOLD and first.lower() not in SCAFFOLD


def _best_person(ctx: Context, phrase: str, ids: list[str]) -> list[str]:
    """Of the people a name may be, first the one written so (not a nickname), then the most seen."""
    from kg.resolve import fold

    key = fold(phrase)

    def rank(pid: str) -> tuple[bool, int]:
        data = ctx.node(pid)
        written = {fold(a) for a in [data["name"], *data.get("aliases", [])]}
        return key not in written, -len(ctx.edges(pid, "attended"))

    return sorted(ids, key=rank)


def _exact(ctx: Context, phrase: str, ids: list[str]) -> bool:
    return bool(ctx.lookup(phrase, ("person",), fuzzy=False))


def classify(q: Question) -> set[int]:
    """Score every intent; sets ``q.intent`` and returns the tokens its cues used."""
    tokens = [t for i, t in enumerate(q.tokens) if i not in q.used]
    index = [i for i in range(len(q.tokens)) if i not in q.used]
    best, best_used = "search", set()
    for name, declared in INTENTS.items():
        score, used = declared.cue_score(tokens)
        if score <= 0:
            continue
        q.intent = name
        q.topic = _topic_words(q, {index[k] for k in used})  # as this intent would read it
        score += declared.fit(q)
        q.scores[name] = score
        if score > q.scores.get(best, 0.0):
            best, best_used = name, {index[k] for k in used}
    q.intent = best if q.scores.get(best, 0) > 0 else "search"
    q.topic = ""
    return best_used


#: Words that start a request ("list the ...", "show me ...") and are topic words anywhere else.
_IMPERATIVES = {"list", "show", "tell", "find", "give", "please"}


def _topic_words(q: Question, cue_tokens: set[int]) -> str:
    used = q.used - q.date_tokens if q.missing and q.intent in _TOPIC_INTENTS else q.used
    skip = used | cue_tokens | (q.person_tokens if q.intent in _PERSON_INTENTS else set())
    skip |= _relation_verb(q)
    words = [t for i, t in enumerate(q.tokens) if i not in skip and _topic_word(q, i)]
    words = _bracketed_as_alternative(q, words)
    while words and (not re.search(r"\w", words[-1].text) or words[-1].lower == "or"):
        words.pop()
    while words and words[0].lower == "or":
        words.pop(0)
    topic = " ".join(t.text for t in words).replace(" / ", "/").replace("' s", "'s").strip(" /&")
    return re.sub(r"(?:'s|’s)\b", "", topic).strip()


#: Nouns that say what kind of answer a "which ..." question wants ("which PRs", "which meetings").
_ANSWER_NOUNS = frozenset("""
issue issues pr prs ticket tickets bug bugs request requests meeting meetings call calls person people
eip eips proposal proposals change changes commit commits document documents decision decisions
""".split())


def _relation_verb(q: Question) -> set[int]:
    """The verb that ties a "which X" answer to its topic ("which PRs *set* the fork times?").

    A word right after the answer noun and right before a determiner is that
    verb: it says how the answer relates to the topic, not what the topic is.
    """
    tokens = q.tokens
    for i in range(len(tokens) - 3):
        if tokens[i].lower in ("which", "what") and tokens[i + 1].lower in _ANSWER_NOUNS \
                and tokens[i + 3].lower in _DETERMINERS and tokens[i + 2].lower not in SCAFFOLD:
            return {i + 2}
    return set()


def _bracketed_as_alternative(q: Question, words: list[Token]) -> list[Token]:
    """"stack switching (WasmFX)": the bracketed words are another name for the topic, so an "or"."""
    opens = [t for t in q.tokens if t.text == "("]
    if not opens or not words:
        return words
    out: list[Token] = []
    for token in words:
        if out and any(out[-1].end <= o.start < token.start for o in opens):
            out.append(Token("or", "or", "or", token.start))
        out.append(token)
    return out


def read_topic(q: Question, ctx: Context, cue_tokens: set[int]) -> None:
    """What the question is about: the words left once dates, cues and scaffolding are gone."""
    q.topic = _topic_words(q, cue_tokens)
    q.entities = [e for e in ctx.link(q.topic, ("project", "issue")) if e not in q.people] if q.topic else []


_ORDER_WORDS = {"first", "last", "initially", "originally", "earliest", "latest", "recently", "lately",
                "most", "final", "finally", "start", "started", "begin", "began", "begun"}
_STATUS_WORDS = {"open", "outstanding", "pending", "still", "unfinished", "done", "completed",
                 "finished", "closed"}
_MEETING_NOUNS = {"call", "calls", "meeting", "meetings", "session", "sessions", "sync", "standup"}
_DETERMINERS = {"the", "a", "an", "this", "that", "our", "each", "every", "last", "first", "next",
                "which", "what", "any", "all", "whose"}


def _topic_word(q: Question, i: int) -> bool:
    token = q.tokens[i]
    if token.lower in _IMPERATIVES and i > 0 and q.tokens[i - 1].lower not in SCAFFOLD:
        return True  # "inclusion list discussions"
    if "/" in token.lower and all(part in _ANSWER_NOUNS for part in token.lower.split("/")):
        return False  # "issues/PRs"
    return token.lower not in SCAFFOLD and bool(re.search(r"\w", token.text) or token.text in "/&") \
        and not _meeting_word(q, i)


def _meeting_word(q: Question, i: int) -> bool:
    """"the call", "the 2024-01-09 meeting", "the CG call": the meeting itself, not a topic."""
    if q.tokens[i].lower not in _MEETING_NOUNS:
        return False
    before = [k for k in range(max(0, i - 3), i)]
    return any(k in q.used or q.tokens[k].lower in _DETERMINERS for k in before) or i == len(q.tokens) - 1 \
        or (i + 1 < len(q.tokens) and not re.search(r"\w", q.tokens[i + 1].text))


def read_question(text: str, ctx: Context) -> Question:
    """Read *text* as a :class:`Question` (see the module doc)."""
    clean = re.sub(r"\s+", " ", text.strip())
    q = Question(text=clean, tokens=tokenize(clean))
    read_dates(q, ctx)
    read_people(q, ctx)
    q.order = "first" if _FIRST_RE.search(clean) else "last" if _LAST_RE.search(
        _RELATIVE_RE.sub(" ", clean)) else None
    q.status = "open" if _OPEN_RE.search(clean) else "done" if _DONE_RE.search(clean) else None
    cue_tokens = classify(q)
    for i, token in enumerate(q.tokens):  # "first", "last", "open" say how, not what
        if token.lower in _ORDER_WORDS and q.order or token.lower in _STATUS_WORDS and q.status:
            cue_tokens.add(i)
    read_topic(q, ctx, cue_tokens)
    return q
