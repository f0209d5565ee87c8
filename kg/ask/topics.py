"""Topic grounding: the sections of the notes that are about any words, used by every intent.

A topic is whatever the question asks about; it need not be in any catalog.
The full-text index proposes the sections that hold its words (headings
weigh most); each is then checked against the topic's core words, where a
linked entity stands for all its spellings (``Irmin`` also matches
``Irminsule``) and a name with a number also matches the number alone
(``EIP-7702`` matches "3074/7702").

A word with a number (``EIP-7623``, ``#1215``) identifies a topic on its own;
names must all be matched, plain words mostly (see :meth:`Topic.matches`).
A section is *about* the topic when its heading names it, when more than
one of its sentences do, when a third of them do, or when a row of its
table does (a summary table gives each topic one row).  When no section is about
it, the sections that merely mention it are returned instead, marked so:
a topic named once is still found, but never outranks one discussed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from kg.ask.context import Context, SentenceRow
from kg.index import light_stem
from kg.lemmas import is_english, split_compound
from kg.resolve import project_key

if TYPE_CHECKING:
    from kg.ask.question import Question

#: Words that say what kind of thing a topic is rather than which one.
GENERIC = frozenset("""
update updates status progress plan plans proposal proposals discussion discussions work stuff
things effort overview news report review presentation presentations talk item items topic
topics thing issue issues problem question questions idea ideas support feature features new
phase vote poll
""".split())


@dataclass
class SectionMatch:
    """A section found for a topic, and how strongly it is about it."""

    section: str
    meeting: str
    date: str
    score: float
    heading: bool
    sentences: list[SentenceRow] = field(default_factory=list)  # the ones that name the topic
    total: int = 0  # sentences in the section
    about: bool = False
    coverage: int = 0  # how many of the topic's words the section names
    partly: bool = False  # the heading names the topic's rarer words, the section all of them
    scattered: bool = False  # no one sentence names the topic: its words are spread over the section

    @property
    def rank(self) -> tuple[float, ...]:
        """Best first: named in the heading, naming more of the topic, more often, then by score."""
        return (-self.heading, -self.coverage, -self.count, -self.score)

    @property
    def count(self) -> int:
        return len(self.sentences)


def core_words(topic: str) -> list[str]:
    """The words of a topic that say which one: generic words go when others remain.

    >>> core_words("flexible vectors update"), core_words("the update")
    (['flexible', 'vectors'], ['update'])
    """
    words = [w for w in re.findall(r"[\w#@+]+(?:[-.'/][\w#@+]+)*", topic) if len(w) > 1 or w.isdigit()]
    words = [w for w in words if w.lower() not in ("the", "a", "an", "of", "and", "or", "to", "for", "in",
                                                   "from", "with", "by", "on", "at", "into", "via",
                                                   "everything", "anything", "something")]
    core = [w for w in words if w.lower() not in GENERIC]
    return core or words


def word_pattern(word: str) -> str:
    """A regular expression for one topic word, its inflections and compound spellings.

    >>> bool(re.search(word_pattern("relaxed-simd"), "the Relaxed SIMD poll", re.I))
    True
    >>> bool(re.search(word_pattern("EIP-7702"), "EIP 3074/7702 update", re.I))
    True
    """
    if word.isdigit():  # "6" also as "6th"
        return rf"(?<![\w.]){word}(?:st|nd|rd|th)?(?!\w)"
    parts = [p for p in re.split(r"[-_./\s]+", word) if p]
    if len(parts) > 1:
        joined = r"[\s_./-]*".join(_stem_form(p, last=i == len(parts) - 1) for i, p in enumerate(parts))
        number = next((p for p in parts if p.isdigit() and len(p) >= 3), None)
        return rf"(?<!\w){joined}" + (rf"|(?<![\w.]){number}(?!\d)" if number else "")
    return rf"(?<!\w){_stem_form(word, last=True)}"


def _stem_form(word: str, last: bool) -> str:
    low = word.lower()
    if low != word and low.isalpha():  # a name as written ("QubesOS", "Docker"): no stemming
        parts = split_compound(low) if word.isupper() or word.islower() else _camel_parts(word)
        written = r"[\s_-]?".join(map(re.escape, parts)) if parts else re.escape(low)
        return f"(?:{written})" + (r"(?:s|es|'s)?(?!\w)" if last else "")
    if low.isalpha() and len(low) > 3:
        stem = light_stem(low)
        return re.escape(stem) + (r"\w*" if last else r"\w*?")
    return re.escape(low) + (r"(?!\w)" if last and low[-1:].isalnum() else "")


def _camel_parts(word: str) -> list[str] | None:
    """"QubesOS" is also written "Qubes OS", "MirageOS" "Mirage OS": its capitalised parts, lower case.

    >>> _camel_parts("QubesOS"), _camel_parts("Docker"), _camel_parts("iPhone")
    (['qubes', 'os'], None, None)
    """
    parts = re.findall(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|\d+", word)
    if len(parts) < 2 or "".join(parts) != word or any(len(p) < 2 for p in parts):
        return None
    return [p.lower() for p in parts]


class SectionText:
    """A section's whole text, asked once per pattern whether it names it."""

    def __init__(self, text: str):
        self.text = text
        self._seen: dict[str, bool] = {}

    def names(self, pattern: re.Pattern[str]) -> bool:
        if pattern.pattern not in self._seen:
            self._seen[pattern.pattern] = bool(pattern.search(self.text))
        return self._seen[pattern.pattern]


class Topic:
    """The core words of a topic as patterns, sharpened by the entities it names."""

    def __init__(self, text: str, ctx: Context, entities: list[str] | None = None, titled: bool = True):
        self.text = text
        self.alternatives = [Topic(part, ctx, entities) for part in _ALTERNATIVES_RE.split(text)] \
            if len(_ALTERNATIVES_RE.split(text)) > 1 else []
        words = core_words(text)
        if titled and not self.alternatives:
            self.alternatives = _titled(text, words, ctx)
        # a word in nearly every meeting finds nothing; one in most, when a rarer name is left
        rarer = [w for w in words if not ctx.common(w, 0.9)]
        rare = [w for w in rarer if not ctx.common(w)]
        self.words = rare if any(not is_english(w) for w in rare) else rarer or words
        self.patterns: list[re.Pattern[str]] = []
        self.names: list[re.Pattern[str]] = []  # names and coined words: each must be matched
        self.aliases: list[str] = []
        self._needs: dict[str, set[str]] = {}  # per pattern: texts one of which a match contains
        covered: set[str] = set()
        for entity in entities or []:
            data = ctx.node(entity)
            forms = {data["name"], *data.get("aliases", [])}
            keys = {project_key(f) for f in forms}
            named = [w for w in self.words if project_key(w) in keys or any(
                w.lower() in f.lower().split() for f in forms)] or _run_named(self.words, keys)
            if named:
                covered |= {w.lower() for w in named}
                self.patterns.append(_alternatives(forms))
                self._needs[self.patterns[-1].pattern] = {h for f in forms for h in _hints(f)}
                self.names.append(self.patterns[-1])
                self.aliases += sorted(f for f in forms if "/" not in f)
        self.keys: list[re.Pattern[str]] = []  # identifiers (EIP-7702, #1215): enough on their own
        for word in self.words:
            if word.lower() not in covered:
                pattern = re.compile(word_pattern(word), re.I)
                self.patterns.append(pattern)
                self._needs[pattern.pattern] = _hints(word)
                if len(re.sub(r"\D", "", word)) >= 3:
                    self.keys.append(pattern)
                if not is_english(word) or word[:1].isupper():  # "Goerli", "ARM" as the asker wrote them
                    self.names.append(pattern)

    def query_words(self) -> list[str]:
        """The words to ask the index for: each core word, its parts, and its entities' names."""
        words = list(self.words) + list(self.aliases)
        for word in self.words:
            parts = [p for p in re.split(r"[-_./]+", word) if p]
            if len(parts) > 1:
                words += [p for p in parts if len(p) >= 3 and (p.isdigit() or p.lower() not in GENERIC)]
        for alternative in self.alternatives:
            words += alternative.query_words()
        return list(dict.fromkeys(words))

    @property
    def needed(self) -> int:
        """How many of the core words a sentence or heading must name."""
        n = len(self.patterns)
        return n if n <= 2 else max(2, math.ceil(0.6 * n))

    @property
    def hints(self) -> set[str]:
        """Pieces of text one of which any text the topic's own patterns match contains."""
        return set().union(*self._needs.values())

    def _in(self, pattern: re.Pattern[str], text: str, low: str) -> bool:
        needs = self._needs.get(pattern.pattern)
        if needs and "" not in needs and not any(h in low for h in needs):
            return False  # a substring test saves a regular expression over a long text
        return bool(pattern.search(text))

    def named_in(self, text: str) -> int:
        if self.alternatives:
            return max(a.named_in(text) for a in self.alternatives)
        low = text.lower()
        return sum(1 for p in self.patterns if self._in(p, text, low))

    def matches(self, text: str, context: SectionText | None = None) -> bool:
        """Whether *text* names the topic.

        An identifier is enough; else every name or coined word of the topic
        and half its plain English words ("issues we hit with Codio" needs
        Codio, not "hit"); a topic of plain words needs most of them.  Names
        may also be found in *context* (the section around *text*): a row
        "Add testnet fork times" of a summary about Dencun is about Dencun's
        testnet fork times.
        """
        if self.alternatives:
            return any(a.matches(text, context) for a in self.alternatives)
        low = text.lower()
        if any(self._in(k, text, low) for k in self.keys):
            return True
        if self.names:
            if not all(self._in(p, text, low) or (context and context.names(p)) for p in self.names):
                return False
            if context and 2 * sum(1 for p in self.patterns if self._in(p, text, low)) < len(self.patterns):
                return False
            plain = [p for p in self.patterns if p not in self.names]
            return sum(1 for p in plain if self._in(p, text, low)) >= len(plain) // 2
        return bool(self.patterns) and self.named_in(text) >= self.needed

    def might_name(self, text: str) -> bool:
        """A fast test that is true of every text the topic's patterns match (and of some others)."""
        hints = self.all_hints
        if "" in hints:
            return True
        low = text.lower()
        return any(h in low for h in hints)

    @cached_property
    def all_hints(self) -> frozenset[str]:
        return frozenset(self.hints.union(*(a.hints for a in self.alternatives)))

    @cached_property
    def any_pattern(self) -> re.Pattern[str]:
        """One pattern for any word of the topic or its alternatives: a cheap first test of a text."""
        patterns = self.patterns + [p for a in self.alternatives for p in a.patterns]
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns) or r"(?!x)x", re.I)


def _run_named(words: list[str], keys: set[str]) -> list[str]:
    """Consecutive words that together spell an entity's name ("metadata v3" is MetaDataV3).

    >>> _run_named(["metadata", "v3", "spec"], {"metadatav3"})
    ['metadata', 'v3']
    """
    for size in range(len(words), 1, -1):
        for start in range(len(words) - size + 1):
            if project_key("".join(words[start:start + size])) in keys:
                return words[start:start + size]
    return []


def _titled(text: str, words: list[str], ctx: Context) -> list[Topic]:
    """A numbered item asked about alone ("EIP-2935") is also named by the titles headings give it."""
    if len(words) != 1 or len(re.sub(r"\D", "", words[0])) < 3:
        return []
    numbers = re.findall(r"\d{3,}", words[0])
    titles = ctx.titles(numbers[-1]) if numbers else []  # "v1.2.3" has digits but no number
    if not titles:
        return []
    plain = [" ".join(w.lower() if is_english(w) else w for w in t.split()) for t in titles]
    return [Topic(text, ctx, titled=False)] + [Topic(t, ctx, titled=False) for t in plain]


def _hints(word: str) -> set[str]:
    """Texts one of which every match of :func:`word_pattern` (or of a name as written) contains.

    >>> sorted(_hints("EL-triggered")), sorted(_hints("expiry/EIP-4444")), sorted(_hints("policies"))
    (['trigger'], ['4444', 'expiry'], ['polic'])
    >>> sorted(_hints("QubesOS")), sorted(_hints("BLOBBASEFEE"))
    (['qubes'], ['blob'])
    """
    pieces = [p for p in re.split(r"[-_./\s]+", word) if p]
    parts = [p.lower() for p in pieces]
    part = max(parts, key=len, default="")
    written = pieces[parts.index(part)] if part else ""
    split = (split_compound(written) if written.isupper() or written.islower() else _camel_parts(written)) \
        if written.isalpha() and written.lower() != written else None
    if split:  # the pattern also takes it written apart ("Qubes OS"): a part is what every match holds
        longest = max(split, key=len)
        return {longest} if len(longest) >= 3 else {""}
    if part.isalpha() and len(part) > 3:
        stem = light_stem(part)
        part = part[:next((i for i, (a, b) in enumerate(zip(part, stem, strict=False)) if a != b),
                          min(len(part), len(stem)))]
    numbers = {p for p in parts if p.isdigit() and len(p) >= 3}  # "EIP-4444" also matches "4444"
    return {part, *numbers} if len(part) >= 3 else {""}


#: "history expiry / Portal", "Irmin or Irminsule": a topic named two ways.
_ALTERNATIVES_RE = re.compile(r"\s+/\s+|\s+or\s+|(?<=[A-Za-z]{4})/(?=[A-Za-z]{4})", re.I)


def _alternatives(forms: set[str]) -> re.Pattern[str]:
    """Any spelling of an entity; a name of several words also in other inflections ("Inclusion List")."""
    def spelled(form: str) -> str:
        words = form.split()
        if len(words) == 1:
            return word_pattern(form)
        return r"(?<!\w)" + r"\s+".join(_stem_form(w.lower(), last=i == len(words) - 1)
                                        for i, w in enumerate(words))

    parts = [spelled(f) for f in sorted(forms, key=len, reverse=True) if len(f) >= 2]
    return re.compile("|".join(parts), re.I)


def find_sections(topic: Topic, ctx: Context, q: Question | None = None, limit: int = 400,
                  mentions: bool = False, loose: bool = False) -> list[SectionMatch]:
    """The sections about *topic* (or, if none, that mention it), best first.

    With a question, only its meetings or dates are searched; with
    *mentions*, sections that only mention the topic are kept as well; when
    *loose*, the topic's names may be named anywhere in a section rather
    than in the sentence that names the rest.
    """
    if not topic.patterns:
        return []
    hits = ctx.search(" ".join(topic.query_words()), limit=limit, any_word=True)
    found = []
    for hit in hits:
        if hit.section_id not in ctx.graph:
            continue
        date = ctx.date_of(hit.section_id)
        if q is not None and q.dated and not q.in_range(hit.meeting_id, date):
            continue
        match = _check(topic, ctx, hit.section_id, hit.meeting_id, date, hit.score, loose)
        if match is not None:
            found.append(match)
    about = [m for m in found if m.about]
    chosen = found if mentions else about or found
    return sorted(chosen, key=lambda m: (*m.rank, m.date))


def _check(topic: Topic, ctx: Context, section: str, meeting: str, date: str, score: float,
           loose: bool = False) -> SectionMatch | None:
    heading = ctx.node(section).get("heading") or ""
    rows = ctx.rows(section)
    context = SectionText(heading + " " + " ".join(r.text for r in rows)) if loose else None
    scattered = loose
    named = [r for r in rows if topic.might_name(r.text) and topic.matches(r.text, context)]
    in_heading = topic.matches(heading)
    if not in_heading and not named:
        whole = heading + " " + " ".join(r.text for r in rows)
        if not topic.matches(whole) or len(topic.patterns) < 2:
            return None
        named = [r for r in rows if topic.named_in(r.text)][:1]
        scattered = True
    total = max(1, len(rows))
    about = in_heading or len(named) >= 2 or len(named) * 3 > total or any(r.kind == "row" for r in named)
    coverage = max((topic.named_in(heading + " " + r.text) for r in named), default=topic.named_in(heading))
    partly = not in_heading and bool(named) and _partly_named(topic, heading, ctx)
    return SectionMatch(section, meeting, date, score, in_heading, named, total, about, coverage, partly,
                        scattered)


def _partly_named(topic: Topic, heading: str, ctx: Context) -> bool:
    """A heading that names the rarer half of a topic its section names in full ("Frozen
    proposal" for "frozen values", not "Libraries" for "actor library"): the section is about
    the topic as much as one whose heading says it all."""
    if topic.alternatives or topic.keys or len(topic.patterns) < 2 or len(topic.words) < 2:
        return False
    if 2 * topic.named_in(heading) < len(topic.patterns) or not all(p.search(heading) for p in topic.names):
        return False
    rarest = min(topic.words, key=lambda w: ctx.frequency(w))
    return bool(re.search(word_pattern(rarest), heading, re.I))


def meetings_of(matches: list[SectionMatch]) -> list[str]:
    """The meetings of some section matches, oldest first."""
    return [m for m, _ in sorted({(m.meeting, m.date) for m in matches}, key=lambda x: x[1])]
