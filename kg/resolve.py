"""Resolution: who is ``Dave``, which words are projects, whose repo is ``www#9``.

People
    :class:`Directory` is seeded by the attendee lists of every note (and an
    optional curated ``people.yaml``).  Written forms that are the same
    person (``Dave Scott``/``David Scott``, ``Hannes Menhert``/``Hannes
    Mehnert``, ``Daniel Bunzli``/``Daniel Bünzli``) are merged; each person
    gets aliases (first name, nickname variants, ``ThomasL`` handles,
    initials, table abbreviations, GitHub handle).  :meth:`Directory.resolve`
    maps a mention to one person, using who attended the meeting and who was
    active near its date to settle ambiguity, and returns no one rather than
    a guess.

Projects
    :class:`ProjectCatalog` keeps the terms that recur: headings, code
    spans, repositories and capitalised names seen in at least two meetings,
    merges their variants (``QubesOS``/``Qubes OS``/``Qubes``) and drops
    generic words and people's names.

>>> from kg.model import Attendee, Note
>>> notes = [Note(source="a.md", title="a", id="meeting:2024-01-02", date="2024-01-02",
...               attendees=[Attendee("Thomas Leonard", "x"), Attendee("Thomas Gazagnaire", "x"),
...                          Attendee("Dave Scott", "x")]),
...          Note(source="b.md", title="b", id="meeting:2024-02-02", date="2024-02-02",
...               attendees=[Attendee("David Scott", "x"), Attendee("Thomas Leonard", "x")])]
>>> d = Directory.build(notes)
>>> sorted(p.name for p in d.people.values())
['David Scott', 'Thomas Gazagnaire', 'Thomas Leonard']
>>> [d.resolve(m, "meeting:2024-02-02").person for m in ("ThomasG", "TL", "Dave", "Thomas")]
['person:thomas-gazagnaire', 'person:thomas-leonard', 'person:david-scott', 'person:thomas-leonard']
>>> d.resolve("Thomas", "meeting:2024-01-02").person is None   # two Thomases were there
True
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from kg.extract import Extraction, Term
from kg.model import Note
from kg.projects import (
    head_nouns,
    heading_key,
    misspelt_of,
    plain_tail,
    plural_in,
    skeleton_headings,
    used_as_noun,
)

ACTIVE_DAYS = 75
_PARTICLES = {"van", "von", "der", "den", "de", "da", "del", "della", "la", "le", "di", "du", "ten",
              "ter", "bin", "al", "y", "e"}
#: Nickname variants that are more often ordinary words ("May" is a month before it is Mary).
_WORDS_NOT_NAMES = {"may", "june", "april", "august", "will", "art", "pat", "sue", "rob", "mark",
                    "grant", "rich", "faith", "hope", "joy", "bill", "jack", "sunny", "nat", "dean",
                    "frank", "earl", "guy", "ray", "val", "jan"}
_CLASSIC_NICKNAMES = {"bob": "robert", "rob": "robert", "bobby": "robert", "bill": "william",
                      "will": "william", "dick": "richard", "rick": "richard", "jack": "john",
                      "ted": "edward", "ned": "edward", "hank": "henry", "chuck": "charles",
                      "peggy": "margaret", "meg": "margaret", "sasha": "alexander",
                      "kate": "katherine", "liz": "elizabeth", "beth": "elizabeth"}


def _plain_form(text: str) -> str | None:
    """A speaker label's name without its decoration: ``Neville (Dedaub)`` -> ``Neville``,
    ``MariusVanDerWijden`` -> ``Marius Van Der Wijden``."""
    plain = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", text).strip()
    if re.fullmatch(r"(?:[A-Z][a-z]+){2,4}", plain):
        plain = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", plain)
    return plain or None


def _english(word: str) -> bool:
    from kg.lemmas import is_english

    return is_english(word)


def _reads_as_name(name: str) -> bool:
    """Whether a label reads as a person's name: capitalised words, none an English word alone."""
    from kg.lemmas import is_english
    from kg.parse.attendees import is_placeholder_name

    words = name.split()
    if not 1 <= len(words) <= 4 or not all(re.fullmatch(r"[A-ZÀ-Ý][\w'’.-]+", w) for w in words):
        return False
    if is_placeholder_name(name):
        return False
    if len(words) > 1 and re.fullmatch(r"[A-Z]{2,}", words[0]) and all(is_english(w) for w in words[1:]):
        return False  # "EF Security", "IT Support": a team, not a person
    if len(words) > 1 and is_english(words[-1]) and not _is_given_name(words[0]):
        return False  # "Devconnect Berlin", "Release Team": an event or a group
    return not (len(words) == 1 and is_english(words[0]))


_NOUN_INITIALS_RE = re.compile(
    r"\b(?:(?i:a|an|the|this|that|these|those|my|our|your|his|her|their|its|each|every|any|no|some|"
    r"another|which|what|whose|new|open|small|big|first|second)\s+(?:[a-z]{3,}\s+)?(?P<noun>[A-Z]{2,3})\b|"
    r"(?P<plural>[A-Z]{2,3})s\b)")


def noun_initials(texts: Iterable[str]) -> set[str]:
    """Capital-letter words the notes use as nouns ("a PR", "the IR", "PRs"), not as initials.

    >>> sorted(noun_initials(["Open a PR for it.", "LGTM: TL reviews the PRs", "As TL said",
    ...                       "it throws a fatal IR"]))
    ['IR', 'PR']
    """
    found: set[str] = set()
    for text in texts:
        for match in _NOUN_INITIALS_RE.finditer(text):
            found.add(match.group("noun") or match.group("plural"))
    return found


def copied_rosters(notes: Iterable[Note], size: int = 20, overlap: float = 0.9) -> set[str]:
    """Meetings whose long attendee list is (nearly) the same as another meeting's: a roster
    copied from note to note, which does not tell who was there.

    >>> from kg.model import Attendee, Note
    >>> names = [f"Person {chr(65 + i)}{chr(97 + i)}" for i in range(24)]
    >>> def note(mid, who):
    ...     return Note(source=mid, title=mid, id=mid, attendees=[Attendee(n, n) for n in who])
    >>> sorted(copied_rosters([note("a", names), note("b", names[1:]), note("c", names[:12])]))
    ['a', 'b']
    """
    rosters = [(n.id, frozenset(fold(a.name) for a in n.attendees)) for n in notes]
    rosters = [(mid, names) for mid, names in rosters if len(names) >= size]
    copied = set()
    for i, (mid, names) in enumerate(rosters):
        for other, others in rosters[i + 1:]:
            if len(names & others) >= overlap * len(names | others):
                copied.update({mid, other})
    return copied


_NAME_WORD = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:['’](?!s\b)[a-zà-ÿ]{2,})?(?:-[A-Z][a-zà-ÿ]+)?"  # "Prud'hommeaux"
_TEXT_NAME_RE = re.compile(
    rf"(?<![\w@/.#-]){_NAME_WORD}(?:\s(?:(?:[Vv]an|[Vv]on|[Dd]e[rn]?|[Dd]el|[Dd]i|[Dd]a|[Ll][ae])\s)*"
    rf"{_NAME_WORD}){{1,2}}(?![\w@/#-])")
_PERSON_VERBS = (
    r"said|says|presented|presents|expressed|agreed|agrees|asked|asks|mentioned|mentions|noted|"
    r"commented|suggested|suggests|proposed|proposes|explained|argued|added|raised|shared|gave|"
    r"gives|will|would|can|could|thinks|believes|replied|responded|confirmed|disagreed|objected|"
    r"pointed|stated|reported|highlighted|emphasi[sz]ed|clarified|walked|wrote|opened|volunteered|"
    r"offered|joined|is|was|has|had|wants|wanted|plans|recommended|requested|announced|demoed|"
    r"spoke|talked")
_PERSON_AFTER_RE = re.compile(
    rf"(?:['’]s\b|\s*(?:\([^)]*\)\s*)?,?\s*(?:also\s+|then\s+)?(?:{_PERSON_VERBS})\b)")
_ROLE_BEFORE_RE = re.compile(  # "Nimbus developer Etan Kissling": a role says it is a person
    r"\b(?:developers?|researchers?|engineers?|maintainers?|authors?|editors?|name is|I'm|I am)"
    r"\s*,?\s*$")
_PERSON_BEFORE_RE = re.compile(r"\b(?:lead|by|thanks|thank you|cc)\s*,?\s*$", re.I)
_ROLES = (r"developers?|researchers?|engineers?|maintainers?|authors?|editors?|leads?|members?|"
          r"managers?|founders?|contributors?|coordinators?|co-?authors?|champions?|chairs?")
_ROLE_AFTER_RE = re.compile(  # "Parithosh Jayanthi, a DevOps Engineer at ...": an apposition
    rf",\s*(?:a|an|the|our|one of the)\s+(?:[\w-]+\s+){{0,3}}?(?i:{_ROLES})\b")


def _text_after_speaker(paragraph: Any) -> str:
    """A paragraph's text past its speaker label (labels are read as speakers, not here)."""
    text = paragraph.text
    if paragraph.speaker and paragraph.speaker in text[:len(paragraph.speaker) + 12]:
        return text[text.index(paragraph.speaker) + len(paragraph.speaker):]
    return text


def names_in_text(notes: Iterable[Note], known_firsts: set[str]) -> list[str]:
    """Full names written in running text that read as people, most used first.

    A name qualifies when its first word is a given name (or a name the notes use alone for
    someone, *known_firsts*, folded) and it sits in a person's context ("Etan Kissling
    said", "Nimbus developer Etan Kissling", "Jake Donham's"), or recurs with a surname
    that is not an English word.  Two one-name people side by side ("Ansgar Lightclient")
    are two people, not one.

    >>> from kg.model import Note, Paragraph, Section
    >>> text = ("Nimbus developer Etan Kissling raised it. Guillaume Ballet presented Verkle. "
    ...         "Ansgar Lightclient please look. Saw Prague Electra. Ognyan Genev, a Nimbus developer, "
    ...         "agrees.")
    >>> note = Note(source="a", title="a", sections=[Section("", 0, 1, [Paragraph(text, 1)])])
    >>> names_in_text([note], {"guillaume", "ansgar", "lightclient", "ognyan"})
    ['Etan Kissling', 'Guillaume Ballet', 'Ognyan Genev']
    """
    seen: Counter[str] = Counter()
    context: Counter[str] = Counter()
    for note in notes:
        for section in note.sections:
            for paragraph in section.paragraphs:
                text = _text_after_speaker(paragraph)
                for match in _TEXT_NAME_RE.finditer(text):
                    name, before = match.group(0), text[max(0, match.start() - 40):match.start()]
                    role = bool(_ROLE_BEFORE_RE.search(before))
                    if not _could_be_full_name(name, known_firsts, role):
                        continue
                    seen[name] += 1
                    if role or _PERSON_AFTER_RE.match(text, match.end()) or \
                            _ROLE_AFTER_RE.match(text, match.end()) or _PERSON_BEFORE_RE.search(before):
                        context[name] += 1
    found = [n for n, c in seen.items() if context[n] or c >= 2 and not _english(n.split()[-1])]
    return sorted(found, key=lambda n: (-seen[n], n))


def _could_be_full_name(name: str, known_firsts: set[str], role: bool = False) -> bool:
    """A first word that is a given name (any name after a role), a surname of three letters or
    more, and not two people."""
    from kg.parse.attendees import is_placeholder_name

    words = name.split()
    first, last = fold(words[0]), fold(words[-1])
    if len(last) < 3 or is_placeholder_name(name):
        return False
    given = _is_given_name(words[0]) and first not in _WORDS_NOT_NAMES and not _english(words[-1])
    # "Eric Prud'hommeaux" though "eric" is in the word list; not "Jane Street", nor "Mark"
    if first not in known_firsts and not given and (_english(words[0]) or not role):
        return False
    return not (first in known_firsts and last in known_firsts)


_GITHUB_OWNER_RE = re.compile(r"github\.com/([A-Za-z0-9][A-Za-z0-9-]{0,38})(?:[/#?]|$)", re.I)
_CAPITALISED_RUN_RE = re.compile(r"[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)*")
_POSSESSIVE_END_RE = re.compile(r"([A-Z][\w-]*(?:\s[A-Z][\w-]*)?)['’]s\s*$")
_POSSESSED_RE = re.compile(r"([A-Z][\w-]*(?:\s[A-Z][\w-]*)?)['’]s\s+(?i:git\s?hub|repos?|"
                           r"repositor(?:y|ies)|fork|account|page)\b")
_BY_RE = re.compile(r"\s*by\s+([A-Z][\w-]*(?:\s[A-Z][\w-]*)?)")
_NOT_ACCOUNTS = {"orgs", "settings", "notifications", "issues", "pulls", "topics", "features",
                 "about", "marketplace", "sponsors", "apps", "collections", "explore"}


def github_links(paragraph: Any) -> Iterable[tuple[str, str, int, int]]:
    """``(owner, sentence, start, end)`` for each GitHub link of a paragraph: the account, the
    sentence the link sits in, and where its text sits in that sentence."""
    text = paragraph.text
    for link in paragraph.links:
        owner = _GITHUB_OWNER_RE.search(link.url)
        at = text.find(link.text) if link.text else -1
        if not owner or at < 0 or owner.group(1).lower() in _NOT_ACCOUNTS:
            continue
        start = max(text.rfind(". ", 0, at), text.rfind("? ", 0, at), text.rfind("! ", 0, at))
        start = start + 2 if start >= 0 else 0
        end = min([i for i in (text.find(". ", at), text.find("? ", at)) if i >= 0] or [len(text)])
        yield owner.group(1), text[start:end + 1], at - start, at - start + len(link.text)


_WORD_RE = re.compile(r"[\w'’]+(?:[.-][\w'’]+)*")


def _alias_key(word: str, alias: str) -> str:
    """How a word of *alias* is compared: exactly, or in lower case for a lower-case handle."""
    return word if any(c.isupper() for c in alias) else word.lower()


def _note_texts(notes: Iterable[Note]) -> Iterable[tuple[str, bool]]:
    """Every piece of a note a name can be written in, and whether it is a link's address
    (where case does not count: ``github.com/Gballet`` is the account ``gballet``)."""
    for note in notes:
        yield note.title, False
        yield from ((a.raw or a.name, False) for a in note.attendees)
        yield from ((v, False) for v in (note.chair, note.scribe) if v)
        for section in note.sections:
            yield section.heading, False
            yield from ((p, False) for p in section.presenters)
            for paragraph in section.paragraphs:
                yield paragraph.text, False
                yield from ((link.url, True) for link in paragraph.links)


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Fold a name for comparison: lower case, no accents, ``ue`` as ``u``.

    >>> fold("Daniel Bünzli") == fold("Daniel Buenzli") == fold("daniel  bunzli")
    True
    """
    text = text.lower().replace("ß", "ss")
    text = re.sub(r"([aou])e", r"\1", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s._'’-]+", " ", text).strip()


def cut_short(one: list[str], other: list[str]) -> bool:
    """Whether one of two names (folded words) is the other cut short: the same first word,
    then words that begin the other's (``Roberto B`` / ``Roberto Bayardo``, ``Fabio Di`` /
    ``Fabio Di Fabio``).

    >>> cut_short(["roberto", "b"], ["roberto", "bayardo"])
    True
    >>> cut_short(["fabio", "di"], ["fabio", "di", "fabio"])
    True
    >>> cut_short(["alex", "s"], ["alex", "beregszaszi"]), cut_short(["ana"], ["ana", "lima"])
    (False, False)
    """
    short, long = sorted((one, other), key=len)
    if len(short) < 2 or short[0] != long[0] or short == long:
        return False
    return all(long[i] == short[i] for i in range(1, len(short) - 1)) and \
        long[len(short) - 1].startswith(short[-1])


def _misspelt_surname(known: str, written: str) -> bool:
    """A surname written with a typo or two (``Lehmer`` / ``Lehrner``): long, the same first
    two letters, close in spelling; asked only when the first names are the same."""
    return len(known) >= 5 and len(written) >= 5 and known[:2] == written[:2] and \
        fuzz.ratio(known, written) >= 70


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def slug(text: str) -> str:
    """An id-friendly form: ``Qubes OS`` -> ``qubes-os``."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9#/.]+", "-", text).strip("-") or "x"


@lru_cache(maxsize=4096)
def first_name_variants(first: str) -> frozenset[str]:
    """The folded forms a first name goes by: ``David`` -> ``{david, dave, davey}``.

    >>> sorted(first_name_variants("Dave"))
    ['dave', 'davey', 'david']
    >>> "mike" in first_name_variants("Michael")  # looked up as written, not as folded ("michal")
    True
    """
    namer = _namer()
    base = re.sub(r"[^a-z]", "", _ascii(first))
    if not base:
        return frozenset({fold(first)})
    variants = {base}
    formal = set(namer.canonicals_of(base)) | ({_CLASSIC_NICKNAMES[base]}
                                                if base in _CLASSIC_NICKNAMES else set())
    for name in formal | {base}:
        variants.add(name)
        for nick in namer.nicknames_of(name):
            if len(nick) >= 3 and nick[0] == name[0] and nick not in ("day", "dob", "nathan"):
                variants.add(nick)
    variants |= {k for k, v in _CLASSIC_NICKNAMES.items() if v in variants}
    return frozenset(fold(v) for v in variants if v[0] == base[0] or v in _CLASSIC_NICKNAMES
                     or base in _CLASSIC_NICKNAMES) | {fold(first)}


@lru_cache(maxsize=4096)
def _is_given_name(word: str) -> bool:
    """Whether *word* is a person's given name (``Martin``, ``Lucas``): never a project alone.

    >>> _is_given_name("Martin"), _is_given_name("Geth"), _is_given_name("Martin Kay")
    (True, False, False)
    """
    if not re.fullmatch(r"[A-Z][a-z]+", word):
        return False
    low = word.lower()
    return bool(_namer().nicknames_of(low) or _namer().canonicals_of(low))


@lru_cache(maxsize=1)
def _namer() -> Any:
    from nicknames import NickNamer

    return NickNamer()


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass
class Person:
    """One canonical person and every way the notes write them."""

    id: str
    name: str
    aliases: set[str] = field(default_factory=set)
    github: str | None = None
    curated: bool = False
    given: set[str] = field(default_factory=set)  # the aliases a curated file gives
    variants: set[str] = field(default_factory=set)  # nickname forms: Dave for David
    seen: set[str] | None = None  # the aliases the notes write (None: not checked)
    written: Counter[str] = field(default_factory=Counter)
    meetings: dict[str, str | None] = field(default_factory=dict)  # meeting id -> date

    @property
    def first(self) -> str:
        return self.name.split()[0]

    @property
    def last(self) -> str:
        parts = self.name.split()
        return parts[-1] if len(parts) > 1 else ""

    @property
    def shown(self) -> set[str]:
        """The aliases to show: those the notes write ("ThomasL") and those a curated file
        gives, not the forms kg only looks for ("tleonard")."""
        return set(self.aliases) if self.seen is None else self.aliases & (self.seen | self.given)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "aliases": sorted(self.shown - {self.name}),
                "github": self.github, "meetings": len(self.meetings)}


@dataclass
class Resolution:
    """The person a mention resolved to (or ``None``), how, and the candidates."""

    person: str | None
    how: str
    candidates: list[str] = field(default_factory=list)


class Directory:
    """The people of a corpus; see the module doc."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}
        self.index: dict[str, set[str]] = defaultdict(set)
        self.variant_index: dict[str, set[str]] = defaultdict(set)
        self.curated_index: dict[str, str] = {}
        self.attendance: dict[str, list[tuple[str, str | None]]] = {}
        self._full: dict[str, str] = {}
        self.legend: dict[str, dict[str, str]] = {}  # meeting -> folded form -> person ("DG (Dan)")
        self.usual: dict[str, str] = {}  # folded form -> the person it names in most meetings
        self.stated: set[str] = set()  # initials a legend or table states ("Tim Beiko | TB")
        self.nouns: set[str] = set()  # capital-letter words the notes use as nouns ("a PR")
        self.spoke: dict[str, set[str]] = defaultdict(set)  # meeting -> people with a turn in it
        self.copied: set[str] = set()  # meetings whose attendee list is another meeting's copy
        self.apart: dict[str, set[str]] = defaultdict(set)  # folded name -> names it never joins

    # -- building -------------------------------------------------------------

    @classmethod
    def build(cls, notes: Iterable[Note], curated: list[dict[str, Any]] | None = None) -> Directory:
        directory = cls()
        for entry in curated or []:
            if isinstance(entry.get("distinct"), list):
                directory.keep_apart(entry["distinct"])
        for entry in curated or []:
            directory._add_curated(entry)
        notes = list(notes)
        entries = [(note, a) for note in notes for a in note.attendees]
        multi = Counter(fold(a.name) for _, a in entries if len(a.name.split()) > 1)
        entries.sort(key=lambda e: (-multi[fold(e[1].name)], e[0].date or "", e[1].name))
        singles = []
        for note, attendee in entries:
            if len(attendee.name.split()) == 1 or "?" in attendee.name:
                singles.append((note, attendee))
                continue
            person = directory._match_attendee(attendee.name, note) or directory._new_person(
                attendee.name)
            directory._attend(person, note, attendee)
        for person in list(directory.people.values()):
            directory._finish(person)
        singles.sort(key=lambda e: (e[0].date or "", e[1].name))
        for note, attendee in singles:
            name = attendee.name
            if "?" in name or not re.search(r"[^\W\d_]", name):
                directory.attendance.setdefault(note.id, []).append((name, None))
                continue
            found = directory.resolve(name, None, note.date)
            if found.person is None and not found.candidates:
                handles = directory._handle_candidates(name)
                if len(handles) > 1:
                    handles = directory._active_near(handles, note.date) or handles
                found = Resolution(handles[0], "handle") if len(handles) == 1 else found
            if found.person is None and found.candidates:
                same = [c for c in found.candidates if fold(directory.people[c].first) == fold(name)]
                found = Resolution(same[0], "first name") if len(same) == 1 else found
            if found.person is None and found.candidates:
                directory.attendance.setdefault(note.id, []).append((name, None))
                continue
            if found.person and directory.kept_apart(directory.people[found.person], name):
                found = Resolution(None, "kept apart")
            if found.person is None:
                person = directory._new_person(name)
                directory._attend(person, note, attendee)
                directory._finish(person)
            else:
                person = directory.people[found.person]
                person.aliases.add(name)
                directory._attend(person, note, attendee)
        for note in notes:  # attendance in the order the note lists it
            order = {a.name: i for i, a in enumerate(note.attendees)}
            rows = directory.attendance.get(note.id, [])
            rows.sort(key=lambda row: order.get(row[0], len(order)))
        directory.nouns = noun_initials(p.text for n in notes for s in n.sections for p in s.paragraphs)
        directory.learn_speakers(notes)
        directory.add_text_names(notes)
        directory.tie_accounts(notes)
        directory.copied = copied_rosters(notes)  # labels were read with the roster's help
        directory.mark_seen(notes)
        return directory

    def keep_apart(self, names: Iterable[Any]) -> None:
        """Record a curated ``distinct:`` list: names of different people that must never be
        merged, however alike they look (``Dave Scott`` and ``David Scott``).

        >>> d = Directory()
        >>> d.keep_apart(["Dave Scott", "David Scott", ""])
        >>> sorted(d.apart["dave scott"])
        ['david scott']
        """
        folded = {fold(str(n)) for n in names if str(n).strip()}
        for name in folded:
            self.apart[name] |= folded - {name}

    def kept_apart(self, person: Person, name: str) -> bool:
        """Whether a ``distinct:`` list says *name* is not *person* (who goes by another
        name of the same list)."""
        others = self.apart.get(fold(name))
        if not others:
            return False
        forms = {person.name, *person.written, *person.aliases}
        return any(fold(form) in others for form in forms)

    def mark_seen(self, notes: list[Note]) -> None:
        """Record which aliases of each person the notes write anywhere (text, headings,
        attendee lists, links), so that only those are shown: a lower-case handle as
        written (``carlbeek`` is not shown because the notes write ``Carlbeek``), or in a
        link's address in any case."""
        wanted: dict[str, list[tuple[tuple[str, ...], Person, str, bool]]] = defaultdict(list)
        for person in self.people.values():
            person.seen = set()
            for alias in person.aliases:
                words = tuple(_alias_key(w, alias) for w in _WORD_RE.findall(alias))
                if words:  # compared as written when the alias has a capital (_alias_key)
                    wanted[words[0]].append((words, person, alias, any(c.isupper() for c in alias)))
        for text, address in _note_texts(notes):
            tokens = _WORD_RE.findall(text)
            lowered = [t.lower() for t in tokens] if address else tokens  # "Carlbeek" is not "carlbeek"
            i = 0
            while i < len(tokens):  # the longest name written at each place: "Thomas Leonard"
                if tokens[i] not in wanted and lowered[i] not in wanted:
                    i += 1
                    continue
                found = [(len(words), person, alias) for key in {tokens[i], lowered[i]}
                         for words, person, alias, upper in wanted.get(key, ())
                         if tuple((tokens if upper else lowered)[i:i + len(words)]) == words]
                longest = max((n for n, _, _ in found), default=1)
                for n, person, alias in found:
                    if n == longest:
                        person.seen.add(alias)
                i += longest

    def add_text_names(self, notes: list[Note]) -> None:
        """People named in full in running text ("Nimbus developer Etan Kissling said").

        A name joins the person it names (typos and shortened surnames included) or
        becomes a person; a one-name person ("Etan", a speaker label) whose name is the
        first name of exactly one person named in full is that person.
        """
        firsts = {fold(p.first) for p in self.people.values()}
        firsts |= {fold(a.name) for n in notes for a in n.attendees if len(a.name.split()) == 1}
        for name in names_in_text(notes, firsts):
            person = self._match_attendee(name, Note(source="", title=""))
            if person is None:  # a name met in text does not rename someone already known
                person = self._new_person(name)
                person.written[name] += 1
            person.aliases.add(name)
            self._finish(person)
        for single in [p for p in self.people.values() if len(p.name.split()) == 1 and not p.curated]:
            full = [p for p in self.people.values()
                    if len(p.name.split()) > 1 and fold(p.first) == fold(single.name)]
            full = full or self._run_together(single.name)
            if len(full) == 1 and not self.kept_apart(full[0], single.name) and \
                    not self.kept_apart(single, full[0].name):
                self._absorb(single, full[0])

    def _run_together(self, handle: str) -> list[Person]:
        """People whose name run together is *handle*: ``Gballet``, ``dannyryan``, ``danny.ryan``."""
        key = re.sub(r"[^a-z]", "", _ascii(handle))
        if len(key) < 5:
            return []
        found = []
        for person in self.people.values():
            parts = [re.sub(r"[^a-z]", "", _ascii(w)) for w in person.name.split()]
            if len(parts) > 1 and parts[0] and key in (parts[0][0] + parts[-1], parts[0] + parts[-1]):
                found.append(person)
        return found

    def tie_accounts(self, notes: list[Note]) -> None:
        """GitHub accounts the notes tie to one person, as ``github`` and an alias.

        A link sits beside the name ("Jake Donham's [Froc](github.com/jaked/froc)",
        "[bindings](github.com/yallop/...) by Jeremy Yallop", "on Mort's github"), or
        the sentence that holds it is about one person, who is its subject ("Mort spoke
        about [froctal](github.com/mor1/froctal)").  An account tied to two people, or
        written in prose as a name of its own (``mirage``), is an organisation.
        """
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for note in notes:
            for section in note.sections:
                for paragraph in section.paragraphs:
                    for owner, sentence, start, end in github_links(paragraph):
                        found = self._account_vote(sentence, start, end, note)
                        if found:
                            votes[owner.lower()][found[0]] += found[1]
        prose = {fold(w) for n in notes for s in n.sections for p in s.paragraphs
                 for w in re.findall(r"(?<![/\w.-])[A-Z]\w+", p.text)}
        names = {fold(w) for p in self.people.values() for w in p.name.split()}
        for owner, counter in votes.items():
            if len(counter) != 1 or sum(counter.values()) < 2 or (owner in prose and owner not in names):
                continue
            person = self.people[next(iter(counter))]
            person.github = person.github or owner
            person.aliases.add(owner)
            self.index[fold(owner)].add(person.id)

    def _account_vote(self, sentence: str, start: int, end: int, note: Note) -> tuple[str, int] | None:
        """Who a link in *sentence* belongs to, and how surely (2: named beside it, 1: subject)."""
        def who(name: str) -> str | None:
            return self.resolve(name, note.id, note.date).person

        beside = _POSSESSIVE_END_RE.search(sentence[:start]) or _BY_RE.match(sentence, end) or \
            _POSSESSED_RE.search(sentence)
        if beside and who(beside.group(1)):
            return who(beside.group(1)), 2
        named = {who(m.group(0)) for m in _CAPITALISED_RUN_RE.finditer(sentence)} - {None}
        subject = _CAPITALISED_RUN_RE.match(sentence.lstrip(" *_"))
        if subject and len(named) == 1 and who(subject.group(0)) in named:
            return who(subject.group(0)), 1
        return None

    def _absorb(self, source: Person, target: Person) -> None:
        """Merge *source* into *target*: one person written two ways."""
        target.written.update(source.written)
        target.aliases |= source.aliases
        target.meetings.update(source.meetings)
        target.github = target.github or source.github
        del self.people[source.id]
        self._replace_id(source.id, target.id)
        self._finish(target)

    # -- speakers ---------------------------------------------------------------

    def learn_speakers(self, notes: Iterable[Note]) -> None:
        """Read who each speaker prefix stands for: per meeting, then across meetings.

        A note's own legend comes first (``DG (Dan): ...`` makes ``DG`` Dan in
        that note).  A prefix that names one person in most of the meetings
        where it is unambiguous (``CW`` is Conrad there) names that person
        where it is not.  A speaker label that names no one known but reads
        like a name (``Keith Winstein``, ``Marcin`` in several meetings)
        becomes a person.
        """
        notes = list(notes)
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        unknown: dict[str, set[str]] = defaultdict(set)
        turns: Counter[str] = Counter()
        for note in notes:
            legend = self.legend.setdefault(note.id, {})
            forms: dict[str, str | None] = {}
            for section in note.sections:
                for paragraph in section.paragraphs:
                    if paragraph.speaker and paragraph.checkbox is None:  # "[ ] Ann: ..." is a task
                        forms.setdefault(paragraph.speaker, None)
                        turns[paragraph.speaker] += 1
                        if paragraph.speaker_hint:
                            forms[paragraph.speaker] = paragraph.speaker_hint
            for form, hint in forms.items():
                found = self._hinted(form, hint, note) if hint else None
                if found:
                    legend[fold(form)] = found
                    self.spoke[note.id].add(found)
                    continue
                found = self.resolve(form, note.id, note.date).person
                if found:
                    votes[fold(form)][found] += 1
                    self.spoke[note.id].add(found)
                else:
                    unknown[form].add(note.id)
            for value in (note.chair, note.scribe):
                if value and not self.resolve(value, note.id, note.date).person:
                    unknown[value].add(note.id)
                    turns[value] += 2  # a header field names one person: "Notes: Metago"
        for key, counter in votes.items():
            (best, top), *rest = counter.most_common(2) + [("", 0)]
            if top >= 2 and top >= 2 * rest[0][1]:
                self.usual[key] = best
        self._speakers_as_people(unknown, turns, notes)

    def _hinted(self, form: str, hint: str, note: Note) -> str | None:
        """Who ``DG (Dan)`` is: the Dan present, or of the Dans the one whose initials are DG."""
        found = self.resolve(hint, note.id, note.date)
        if found.person:
            return found.person
        letters = [c for c in form if c.isupper()]
        fits = [c for c in found.candidates if letters and
                [w[0].upper() for w in self.people[c].name.split()][:len(letters)] == letters]
        return fits[0] if len(fits) == 1 else None

    def _speakers_as_people(self, unknown: dict[str, set[str]], turns: Counter[str],
                            notes: list[Note]) -> None:
        """Speaker labels and header names that name no one known become people when they read
        as names: a full name, or one name used in two meetings or for two turns."""
        by_id = {n.id: n for n in notes}
        for form, meetings in unknown.items():
            name = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", form).strip()
            known = self.resolve(form, next(iter(meetings)))
            if not name or known.person or known.candidates or not _reads_as_name(name):
                continue
            if len(name.split()) < 2 and len(meetings) < 2 and turns[form] < 2:
                continue
            person = self._new_person(name)
            person.written[name] += 1
            for mid in meetings:
                person.meetings[mid] = by_id[mid].date
            self._finish(person)

    def _attend(self, person: Person, note: Note, attendee: Any) -> None:
        person.written[attendee.name] += 1
        person.meetings[note.id] = note.date
        for extra in (attendee.nickname, attendee.abbreviation, getattr(attendee, "handle", None)):
            if extra:
                person.aliases.add(extra)
        if attendee.abbreviation:
            self.stated.add(attendee.abbreviation)
        self._index_person(person)
        self.attendance.setdefault(note.id, []).append((attendee.name, person.id))

    def _handle_candidates(self, handle: str) -> list[str]:
        """People a lower-case handle such as ``tlindqvist`` or ``kwame-a`` may stand for."""
        key = re.sub(r"[^a-z]", "", _ascii(handle))
        if len(key) < 3:
            return []
        found = []
        for person in self.people.values():
            parts = [re.sub(r"[^a-z]", "", _ascii(w)) for w in person.name.split()]
            if len(parts) < 2 or not parts[0] or not parts[-1]:
                continue
            first, last = parts[0], parts[-1]
            forms = {first + last, first[0] + last, first + last[0], last + first[0], last,
                     first + "." + last}
            if key in forms or (len(first) >= 4 and key == first):
                found.append(person.id)
        return found

    def _new_person(self, name: str) -> Person:
        base = f"person:{slug(name)}"
        pid, n = base, 2
        while pid in self.people:
            pid, n = f"{base}-{n}", n + 1
        person = Person(id=pid, name=name)
        self.people[pid] = person
        return person

    def _add_curated(self, entry: dict[str, Any]) -> None:
        name = str(entry.get("name", "")).strip()
        if not name:
            return
        person = self._new_person(name)
        person.curated = True
        person.aliases.update(str(a) for a in entry.get("aliases", []) or []
                              if str(a).strip() and fold(str(a)) not in self.apart.get(fold(name), ()))
        if entry.get("github"):
            person.github = str(entry["github"]).lstrip("@")
            person.aliases.add(person.github)
        person.given = set(person.aliases)
        for alias in person.aliases | {name}:
            self.curated_index[fold(alias)] = person.id
        self._index_person(person)

    def _index_person(self, person: Person) -> None:
        for form in {person.name, *person.aliases, *person.written}:
            self.index[fold(form)].add(person.id)
            if len(form.split()) > 1:
                self._full[fold(form)] = person.id

    def _match_attendee(self, name: str, note: Note) -> Person | None:
        """The known person an attendee (or a name met in text) is, unless a curated
        ``distinct:`` list keeps the two apart."""
        person = self._match_any(name, note)
        return None if person is None or self.kept_apart(person, name) else person

    def _match_any(self, name: str, note: Note) -> Person | None:
        key = fold(name)
        if key in self.curated_index:
            return self.people[self.curated_index[key]]
        words = name.split()
        exact = [p for p in self.index.get(key, ()) if len(self.people[p].name.split()) > 1
                 or len(words) == 1]
        if len(exact) == 1:
            return self.people[exact[0]]
        if len(words) > 1:
            initialled = self._initialled(words)
            if initialled is not None:
                return initialled
            first, last = fold(words[0]), fold(words[-1])
            firsts = first_name_variants(words[0])
            found = []
            for person in self.people.values():
                parts = [fold(w) for w in person.name.split()]
                if len(parts) < 2:
                    continue
                same_first = parts[0] in firsts or parts[0] == first or (
                    len(first) >= 3 and len(parts[0]) >= 3
                    and (parts[0].startswith(first) or first.startswith(parts[0])))
                same_last = parts[-1] == last or fuzz.ratio(parts[-1], last) >= 80 or (
                    len(last) >= 4 and parts[-1].startswith(last)) or (  # "Carl Beek"
                    parts[0] == first and _misspelt_surname(parts[-1], last))
                if same_first and same_last or cut_short(parts, [fold(w) for w in words]):
                    found.append(person)
            if len(found) == 1:
                return found[0]
            if self._full:
                best = process.extractOne(key, list(self._full), scorer=fuzz.ratio,
                                          score_cutoff=90)
                if best:
                    return self.people[self._full[best[0]]]
            return None
        candidates = self._single_name_candidates(name)
        if len(candidates) > 1:
            near = self._active_near(candidates, note.date)
            candidates = near if near else candidates
        return self.people[candidates[0]] if len(candidates) == 1 else None

    def _initialled(self, words: list[str]) -> Person | None:
        """``Kolby ML`` is Kolby Moroz Liebl: a first name and the initials of the rest."""
        if len(words) != 2 or not re.fullmatch(r"[A-Z]{2,3}", words[1]):
            return None
        found = [p for p in self.people.values() if len(p.name.split()) > 2
                 and fold(p.first) == fold(words[0])
                 and "".join(w[0] for w in p.name.split()[1:]).upper() == words[1]]
        return found[0] if len(found) == 1 else None

    def _single_name_candidates(self, name: str) -> list[str]:
        key = fold(name)
        found = set(self.index.get(key, ()))
        variants = first_name_variants(name) if name[:1].isupper() else frozenset({key})
        for person in self.people.values():
            parts = person.name.split()
            if len(parts) > 1 and fold(parts[0]) in variants:
                found.add(person.id)
        return sorted(found)

    def _active_near(self, candidates: Iterable[str], date: str | None) -> list[str]:
        when = _date(date)
        if when is None:
            return []
        near = []
        for pid in candidates:
            days = [abs((d - when).days) for d in map(_date, self.people[pid].meetings.values()) if d]
            if days and min(days) <= ACTIVE_DAYS:
                near.append(pid)
        return near

    def _finish(self, person: Person) -> None:
        if not person.curated and person.written:
            person.name = self._canonical_name(person)
        forms = {person.name, *person.written}
        for form in list(forms):
            words = form.split()
            if len(words) < 2:
                person.aliases.add(form)
                continue
            if any(w[:1].islower() and w.lower() not in _PARTICLES for w in words[1:]):
                person.aliases.update({form, "".join(words)})  # "Light client": one name, not two
                continue
            first, last = words[0], words[-1]
            if len(first.strip(".")) < 2:  # "F. Smirnov": an initial is not a first name
                person.aliases.update({form, last} if len(last) >= 4 else {form})
                continue
            person.aliases.update({form, first, f"{first} {last[0]}", f"{first}{last[0]}"})
            if len(last) >= 4 and not _english(last):  # "Berlin" alone is the city, not the person
                person.aliases.add(last)
            initials = "".join(w[0] for w in words if w[0].isupper())
            if len(initials) >= 2:
                person.aliases.add(initials)
            parts = [p for w in words for p in w.split("-") if p]
            if len(parts) > len(words) and 3 <= len(parts) <= 4 and all(p[0].isupper() for p in parts):
                person.aliases.add("".join(p[0] for p in parts))  # "SJG": Sean Jensen-Grey
            if len(words) > 2 and words[1][:1].isupper():
                person.aliases.update({first[0] + last[0], first[0] + words[1][0], f"{first} {words[1]}",
                                       f"{first} {last}"})
            for variant in first_name_variants(first):
                nick = variant.capitalize()
                person.variants.update({f"{nick}{last[0]}", f"{nick} {last}"})
                if variant not in _WORDS_NOT_NAMES:
                    person.variants.add(nick)
            plain_first = re.sub(r"[^a-z]", "", _ascii(first))
            plain_last = re.sub(r"[^a-z]", "", _ascii(last))
            if plain_first and len(plain_last) >= 4:
                person.aliases.add(plain_first[0] + plain_last)
            if plain_first and len(plain_first + plain_last) >= 6:
                person.aliases.add(plain_first + plain_last)  # "@dannyryan"
        person.aliases.discard("")
        person.variants -= person.aliases
        for alias in person.aliases:
            self.index[fold(alias)].add(person.id)
        for alias in person.variants:
            self.variant_index[fold(alias)].add(person.id)
        pid = f"person:{slug(person.name)}"
        if pid != person.id and pid not in self.people:
            self._rename(person, pid)

    def _rename(self, person: Person, pid: str) -> None:
        old = person.id
        del self.people[old]
        person.id = pid
        self.people[pid] = person
        self._replace_id(old, pid)

    def _replace_id(self, old: str, pid: str) -> None:
        """Point every index, attendance row and speaker record at *pid* instead of *old*."""
        for ids in [*self.index.values(), *self.variant_index.values(), *self.spoke.values()]:
            if old in ids:
                ids.discard(old)
                ids.add(pid)
        for table in [self.curated_index, self._full, self.usual, *self.legend.values()]:
            for key, value in list(table.items()):
                if value == old:
                    table[key] = pid
        for rows in self.attendance.values():
            for i, (written, who) in enumerate(rows):
                if who == old:
                    rows[i] = (written, pid)

    @staticmethod
    def _canonical_name(person: Person) -> str:
        full = {f: c for f, c in person.written.items() if len(f.split()) > 1}
        if not full:
            return person.written.most_common(1)[0][0]
        firsts: Counter[str] = Counter()
        lasts: Counter[str] = Counter()
        middles: dict[str, str] = {}
        for form, count in full.items():
            words = form.split()
            firsts[words[0]] += count
            lasts[words[-1]] += count
            if len(words) > 2:
                middles[words[-1]] = " ".join(words[1:-1])
        formal = [f for f in firsts if any(f.lower() in _namer().canonicals_of(o.lower())
                                           for o in firsts if o != f)]
        first = max(formal or list(firsts), key=lambda f: (firsts[f], len(f)))

        def last_key(last: str) -> tuple[bool, int, bool, int]:
            group = sum(c for other, c in lasts.items() if fold(other) == fold(last))
            cut = any(len(o) > len(last) and fold(o).startswith(fold(last)) for o in lasts)
            whole = not cut and last.lower() not in _PARTICLES  # "Bayardo", not "B"; not "Di"
            return (whole, group, not last.isascii(), lasts[last])

        last = max(lasts, key=last_key)
        middle = middles.get(last)
        name = f"{first} {middle} {last}" if middle else f"{first} {last}"
        if name in full:
            return name
        same = [f for f in full if fold(f) == fold(name)]  # a name the notes write, as they write it
        return max(same, key=lambda f: (full[f], not f.isascii())) if same else name

    # -- using -------------------------------------------------------------------

    def attendees(self, meeting_id: str) -> list[tuple[str, str | None]]:
        """``(as written, person id or None)`` for each attendee of a meeting."""
        return self.attendance.get(meeting_id, [])

    def resolve(self, text: str, meeting_id: str | None = None, date: str | None = None
                ) -> Resolution:
        """Resolve a mention as written in a meeting to one person, or to no one."""
        text = text.strip().strip(":*_").lstrip("@")
        key = fold(text)
        if key in self.curated_index:
            return Resolution(self.curated_index[key], "curated")
        if meeting_id and key in self.legend.get(meeting_id, {}):
            return Resolution(self.legend[meeting_id][key], "legend")
        result = self._resolve_written(text, key, meeting_id, date)
        if result.person is None and key in self.usual and (
                not result.candidates or self.usual[key] in result.candidates):
            return Resolution(self.usual[key], "usual", result.candidates)
        if result.person is None and result.how == "unknown":
            plain = _plain_form(text)
            if plain and plain != text:
                return self.resolve(plain, meeting_id, date)
            suffixed = re.fullmatch(r"([A-Z]{2,4})\d", text)
            if suffixed and meeting_id:
                return self._second_of(suffixed.group(1), meeting_id, date)
        return result

    def _second_of(self, base: str, meeting_id: str, date: str | None) -> Resolution:
        """``CW2`` is the other person present whose initials are ``CW``."""
        first = self.resolve(base, meeting_id, date).person
        present = {pid for _, pid in self.attendees(meeting_id) if pid}
        others = [p for p in self.index.get(fold(base), ()) if p != first and p in present]
        if len(others) == 1:
            return Resolution(others[0], "second of initials")
        return Resolution(None, "unknown")

    def _resolve_written(self, text: str, key: str, meeting_id: str | None, date: str | None
                         ) -> Resolution:
        candidates = sorted(self.index.get(key, ()))
        how = "alias"
        if not candidates and key in self.variant_index:
            candidates = sorted(self.variant_index[key])
            how = "nickname"
        if not candidates:
            handle = re.fullmatch(r"([A-Z][a-z]+)([A-Z]{1,2})", text)
            if handle:
                variants = first_name_variants(handle.group(1))
                candidates = [p.id for p in self.people.values()
                              if p.last and fold(p.first) in variants
                              and p.last[0] == handle.group(2)[0]]
                how = "handle"
            elif len(text.split()) > 1 and self._full:
                best = process.extractOne(key, list(self._full), scorer=fuzz.ratio, score_cutoff=88)
                if best:
                    candidates = [self._full[best[0]]]
                    how = "fuzzy"
            elif len(key) >= 6 and text[:1].isupper():
                candidates = self._misspelt_alias(key)
                how = "misspelt"
        candidates = [c for c in candidates if not self.kept_apart(self.people[c], text)]
        if not candidates:
            return Resolution(None, "unknown")
        present = {pid for _, pid in self.attendees(meeting_id) if pid} if meeting_id else set()
        if how == "nickname" and date:
            candidates = [c for c in candidates if c in present] or self._active_near(candidates, date)
            if not candidates:
                return Resolution(None, "unknown")
        result = self._narrow(candidates, how, present, meeting_id, date)
        if result.person and re.fullmatch(r"[A-Z]{2,3}", text) and meeting_id and \
                result.person not in present and not self._is_abbreviation(result.person, text):
            return Resolution(None, "initials of someone absent", [result.person])
        return result

    def _misspelt_alias(self, key: str) -> list[str]:
        """The one person a single misspelt word names: a one-word alias of six letters or
        more spelt nearly the same (``Gajindert``, ``Geogios``, ``Ligthclient``); ``[]``
        when it is no one's, or could be several people's."""
        state = (len(self.people), len(self.index))  # the directory grows while it is built
        if self.__dict__.get("_misspelt_state") != state:
            self._misspelt_state, self._misspelt_cache = state, {}
            self._one_word = sorted(k for k, ids in self.index.items() if " " not in k and len(k) >= 6
                                    and len(ids) == 1 and not _english(k))
        cache = self._misspelt_cache
        if key not in cache:
            found = process.extract(key, self._one_word, scorer=fuzz.ratio, score_cutoff=88, limit=5)
            people = {p for alias, _, _ in found for p in self.index.get(alias, ())}
            cache[key] = sorted(people) if len(people) == 1 else []
        return cache[key]

    def _narrow(self, candidates: list[str], how: str, present: set[str], meeting_id: str | None,
                date: str | None) -> Resolution:
        """One of several people a name may be: the one who spoke in the meeting, else the one
        who attended it, else the one active near its date.  An attendee list copied from
        meeting to meeting says who is on the roster, not who was there: it settles nothing."""
        if len(candidates) == 1:
            return Resolution(candidates[0], how)
        if meeting_id:
            spoke = [c for c in candidates if c in self.spoke.get(meeting_id, ())]
            if len(spoke) == 1:
                return Resolution(spoke[0], "speaker", candidates)
            if meeting_id in self.copied:
                return Resolution(None, "ambiguous", candidates)
            here = [c for c in candidates if c in present]
            if len(here) == 1:
                return Resolution(here[0], "attendee", candidates)
            if len(here) > 1:
                return Resolution(None, "ambiguous", candidates)
        near = self._active_near(candidates, date)
        if len(near) == 1:
            return Resolution(near[0], "active near date", candidates)
        return Resolution(None, "ambiguous", candidates)

    def _is_abbreviation(self, pid: str, text: str) -> bool:
        person = self.people[pid]
        return person.curated and text in person.aliases

    def surface_forms(self) -> tuple[list[str], list[str], list[str]]:
        """What the ``kg_people`` matcher looks for: names, lower-case handles, first names."""
        names, lower, firsts = set(), set(), set()
        for person in self.people.values():
            for alias in person.aliases | person.variants | {person.name}:
                if not alias or "?" in alias or (alias in self.nouns and alias not in self.stated
                                                  and fold(alias) not in self.curated_index):
                    continue
                if alias[0].isupper():
                    names.add(alias)
                elif len(alias) >= 4:
                    lower.update({alias, "@" + alias})  # "@jsmith" is one token
            if person.last:
                firsts.update(v.capitalize() for v in first_name_variants(person.first))
        return sorted(names), sorted(lower), sorted(firsts)


# ---------------------------------------------------------------------------
# Projects

_GENERIC_WORDS = """
agenda minutes notes note meeting meetings call calls attendees present apologies update
updates action actions todo aob any other business discussion discussions summary next steps
status release releases other misc questions question introduction welcome overview plans plan
roadmap blog post posts news review reviews topic topics item items issue issues decision
decisions project projects team community general open source code docs documentation testing
tests test website site week weeks month months year years day days today tomorrow yesterday
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december jan feb mar apr jun jul aug sep sept oct nov
dec mr mrs ms dr we i you he she they it this that there here the a an and or but so if thanks
thank hello hi yes no ok okay also however perhaps maybe some one two three first second last
new old current previous following pending done wip tbd see note fyi re lots january's the-end
hack hackathon meetup talk talks conference workshop summit event events problem problems bug
bugs fix fixes feature features support help time times quick short long
lab labs computer developer developers homepage doc master street canvas outreach tracing api apis
participants dates date communication logistics announcements intro housekeeping retrospective
university college department school office building room people person group groups member
"""
_GENERIC = frozenset(_GENERIC_WORDS.split())
_MONTHS_DAYS = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|"
                          r"fri|sat|sun)", re.I)


_SUFFIXES = {"ci", "fund", "labs", "lab", "audit", "university", "logistics", "project", "inc", "ltd",
             "foundation", "team", "library", "lib", "tool", "tools", "app", "programme", "program",
             "os", "org", "group", "systems", "co", "co-op", "company", "corp", "gmbh"}
_NOT_A_NAME_RE = re.compile(  # plural acronyms, versions, file names
    r"[A-Z]{2,}s|v?[\d.]+|.*\.(?:[Tt][Oo][Mm][Ll]|md|ya?ml|json|py|ml|txt|html?|sh|js|cfg|ini|lock)")


@lru_cache(maxsize=1 << 16)
def project_key(name: str) -> str:
    """The key that merges a project's spellings.

    >>> project_key("QubesOS") == project_key("Qubes OS") == project_key("Qubes")
    True
    >>> project_key("fern-sync") == project_key("FernSync")
    True
    >>> project_key("ocaml-conduit") == project_key("Conduit")
    True
    """
    key = re.sub(r"[^a-z0-9]+", "", fold(name))
    if key.endswith("os") and len(key) > 5:
        key = key[:-2]
    prefix = re.match(r"(?:ocaml|py|python|go|node|rust|lib|js)(?=[a-z]{3})", key)
    if prefix and re.match(r"(?:ocaml|py|python|go|node|rust|lib|js)[-_.]", name.lower()):
        key = key[prefix.end():]  # ocaml-conduit is Conduit
    return key


_NAME = r"[A-Z][\w+-]*(?:\.\w[\w+-]*)*(?:[ -][A-Z][\w+-]*(?:\.\w[\w+-]*)*){0,2}"
_RENAME_RES = (
    re.compile(rf"(?:^|[:;(]\s*|\bproject\s+)(?P<old>{_NAME})\s+(?:has\s+been|have\s+been|was|were|is|"
               rf"got|is\s+being|will\s+be)\s+renamed\s+(?:to\s+|as\s+|into\s+)+\W*(?P<new>{_NAME})"),
    re.compile(rf"\b(?P<new>{_NAME})\s*[(,]\s*(?:formerly|previously|once|née)\s+(?:known\s+as\s+|"
               rf"called\s+|named\s+)?\W*(?P<old>{_NAME})"),
    re.compile(rf"\brenamed\s+(?P<old>{_NAME})\s+(?:to|as|into)\s+\W*(?P<new>{_NAME})"),
)


def renames(texts: Iterable[str]) -> list[tuple[str, str]]:
    """``(old, new)`` names of what the notes say was renamed.

    >>> renames(["Note: Irminsule has been renamed to to **Irmin** and moved.",
    ...          "Bramble (formerly Thicket) ships today.", "We renamed FernSync to Fern.",
    ...          "the channel in the Chat has been renamed to Roll"])
    [('Irminsule', 'Irmin'), ('Thicket', 'Bramble'), ('FernSync', 'Fern')]
    """
    found = []
    for text in texts:
        for regex in _RENAME_RES:
            for match in regex.finditer(text):
                old, new = match.group("old"), match.group("new")
                if project_key(old) != project_key(new):
                    found.append((old, new))
    return found


def _misspelt_name(form: str, names: list[str]) -> bool:
    """Whether one capitalised word is a person's name misspelt or cut short (``Dankard``,
    ``Beiko1``, ``Guilla``); *names* are the folded words of people's names.

    >>> _misspelt_name("Dankard", ["dankrad", "feist"]), _misspelt_name("Verkle", ["dankrad"])
    (True, False)
    """
    key = fold(form)
    if not re.fullmatch(r"[A-Z][a-z]+\d?", form) or len(key) < 4:
        return False
    if any(len(key) >= 5 and name.startswith(key) for name in names):
        return True
    return process.extractOne(key, names, scorer=fuzz.ratio, score_cutoff=85) is not None


def boilerplate(notes: list[Note], share: float = 0.5) -> set[tuple[str, int, int]]:
    """``(meeting id, section, paragraph)`` of the folder's template: paragraphs whose text
    recurs word for word in at least half the notes (and three), such as a registration
    paragraph, a "Closure" agenda item or a table's header row, and the headings (paragraph
    -1) of sections that are template all through.  They say nothing about one meeting; a
    heading that recurs over different text (a project's weekly section) is not template.

    >>> from kg.model import Note, Paragraph, Section
    >>> def note(i):
    ...     return Note(source=str(i), title="t", id=f"m{i}", sections=[
    ...         Section("Registration", 2, 1, [Paragraph("Email the chair.", 2)]),
    ...         Section("Fern", 2, 3, [Paragraph(f"Fern 0.{i} is out.", 4), Paragraph("Closure", 5)])])
    >>> sorted(p for p in boilerplate([note(i) for i in range(4)]) if p[0] == "m0")
    [('m0', 0, -1), ('m0', 0, 0), ('m0', 1, 1)]
    """
    places: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    counts: Counter[int] = Counter()
    for note in notes:
        keys = set()
        for s_index, section in enumerate(note.sections):
            for p_index, paragraph in enumerate(section.paragraphs):
                key = hash(re.sub(r"\W+", " ", paragraph.text.lower()).strip())
                places[key].append((note.id, s_index, p_index))
                keys.add(key)
        counts.update(keys)
    need = max(3, share * len(notes))
    found = {place for key, count in counts.items() if count >= need for place in places[key]}
    for note in notes:
        for s_index, section in enumerate(note.sections):
            if section.paragraphs and all((note.id, s_index, p) in found
                                          for p in range(len(section.paragraphs))):
                found.add((note.id, s_index, -1))
    return found


def _skeleton_term(term: Term, note: Note | None, skeleton: set[str]) -> bool:
    """Whether *term* was read in a heading of the folder's skeleton (``Closure``)."""
    return note is not None and term.paragraph < 0 and term.section < len(note.sections) and \
        heading_key(note.sections[term.section].heading) in skeleton


def _label_term(term: Term, note: Note | None) -> bool:
    """Whether *term* is a label: an English word opening a heading before a colon
    (``Announcement: ...``, ``Reminder: ...``), or a name given a number (``SA: 0``, a
    poll's count)."""
    if note is None or term.section >= len(note.sections):
        return False
    section = note.sections[term.section]
    if term.paragraph < 0:
        opening = re.match(rf"\W*{re.escape(term.text)}\s*:", section.heading)
        return _english(term.text) and opening is not None
    if term.paragraph >= len(section.paragraphs):
        return False
    text = section.paragraphs[term.paragraph].text
    return re.fullmatch(rf"\W*{re.escape(term.text)}\s*:\s*[\d.,%]+\W*", text) is not None


def column_labels(text: str) -> set[str]:
    """The column headers a table row repeats before its cells (``Description: ...``).

    >>> sorted(column_labels("Decision Item: 163.1 | Description: Cancun Progress: we agreed"))
    ['Decision Item', 'Description']
    """
    return {m.group(1).strip() for m in re.finditer(r"(?:^|\|)\s*([^|:]{1,40}?):\s", text)}


def _template_term(term: Term, note: Note | None, template: set[tuple[str, int, int]]) -> bool:
    """Whether *term* was read in the folder's template or in a table's column headers."""
    if note is None:
        return False
    if (note.id, term.section, term.paragraph) in template:
        return True
    if term.paragraph < 0 or term.section >= len(note.sections):
        return False
    paragraphs = note.sections[term.section].paragraphs
    if term.paragraph >= len(paragraphs) or paragraphs[term.paragraph].kind != "row":
        return False
    labels = column_labels(paragraphs[term.paragraph].text)
    return term.text in labels or any(term.text in label.split() for label in labels)


@dataclass
class Project:
    """A project (software, product, organisation, programme or event)."""

    id: str
    name: str
    aliases: set[str] = field(default_factory=set)
    repos: set[str] = field(default_factory=set)
    meetings: set[str] = field(default_factory=set)
    curated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "aliases": sorted(self.aliases - {self.name}),
                "repos": sorted(self.repos), "meetings": len(self.meetings)}


class AliasFinder:
    """Finds names in text: at each word start, the longest name that starts there.

    Each name stands alone: nothing word-like or a hyphen before or after it,
    and a lower-case name not after ``/``.  The names that could start at a
    word are looked up by that word, so the cost is linear in the text
    whatever the number of names (a regular expression alternating between
    thousands of names tries each of them at every word).

    >>> finder = AliasFinder(["Qubes OS", "Qubes", "mirage-www", "Conduit"])
    >>> finder.find("Qubes OS, QubesOS, x/mirage-www and Vchan/Conduit")
    [(0, 8, 'Qubes OS'), (42, 49, 'Conduit')]
    """

    _WORD_START = re.compile(r"(?<![\w-])\w+")
    _TOUCHING = re.compile(r"[\w-]")
    _SLASH_WORD = re.compile(r"/\w")

    def __init__(self, forms: list[str]):
        self._by_word: dict[str, list[str]] = {}
        others = []
        ordered = sorted(forms, key=lambda f: (not f[:1].isupper(), -len(f)))  # capitals first
        for form in ordered:
            word = re.match(r"\w+", form)
            if word:
                self._by_word.setdefault(word.group(0), []).append(form)
            else:
                others.append(re.escape(form))
        self._others = re.compile(rf"(?<![\w/-])(?:{'|'.join(others)})(?![\w-]|/\w)") if others else None

    def _stands_alone(self, text: str, start: int, end: int, form: str) -> bool:
        if not form[:1].isupper() and start and text[start - 1] == "/":
            return False
        after = text[end:end + 2]
        return not (self._TOUCHING.match(after) or self._SLASH_WORD.match(after))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, name)`` of each name in *text*, left to right, not overlapping."""
        found: list[tuple[int, int, str]] = []
        last = 0
        for word in self._WORD_START.finditer(text):
            start = word.start()
            if start < last:
                continue
            for form in self._by_word.get(word.group(0), ()):
                end = start + len(form)
                if text.startswith(form, start) and self._stands_alone(text, start, end, form):
                    found.append((start, end, form))
                    last = end
                    break
        if self._others is not None:
            taken = found + [(m.start(), m.end(), m.group(0)) for m in self._others.finditer(text)]
            found, last = [], 0
            for start, end, form in sorted(taken):
                if start >= last:
                    found.append((start, end, form))
                    last = end
        return found


class ProjectCatalog:
    """The projects of a corpus, found in the terms of every note."""

    def __init__(self, projects: dict[str, Project]):
        self.projects = projects
        self._by_key = {project_key(a): p.id for p in projects.values() for a in p.aliases}
        forms = sorted({a for p in projects.values() for a in p.aliases if len(a) >= 2},
                       key=len, reverse=True)
        self._alias_to_id = {a: p.id for p in projects.values() for a in p.aliases}
        self._finder = AliasFinder(forms)  # "Vchan/Conduit" names Conduit

    @classmethod
    def build(cls, notes: list[Note], extractions: list[Extraction], directory: Directory,
              curated: list[dict[str, Any]] | None = None) -> ProjectCatalog:
        person_forms = {fold(a) for p in directory.people.values() for a in p.aliases | {p.name}}
        person_forms |= {fold(w) for p in directory.people.values() for w in p.name.split()}
        names = sorted({w for w in person_forms if " " not in w and len(w) >= 4})
        word_counts: Counter[str] = Counter()
        noun_counts: Counter[str] = Counter()  # "the CL is": a word used as a common noun
        for ex in extractions:
            for sentence in ex.sentences:
                plain = re.sub(r"\S*[/#@]\S*", " ", sentence.text)
                word_counts.update(re.findall(r"[\w-]+", plain))
                noun_counts.update(head_nouns(plain))
        groups: dict[str, dict[str, Any]] = {}
        known_owners = {t.text.split("/")[0].lower() for ex in extractions for t in ex.terms
                        if t.kind == "repo"} | {i.owner.lower() for ex in extractions
                                                for i in ex.issues if i.owner}
        template = boilerplate(notes)
        skeleton = skeleton_headings(notes)
        by_id = {note.id: note for note in notes}
        for ex in extractions:
            note = by_id.get(ex.note_id)
            for term in ex.terms:
                if _template_term(term, note, template) or _label_term(term, note):
                    continue
                text = term.text
                if term.kind == "repo-text":
                    if text.split("/")[0].lower() not in known_owners:
                        continue
                    term = Term(text, "repo", term.section, term.initial)
                if term.kind == "repo":
                    owner, _, repo = text.partition("/")
                    text = repo
                key = project_key(text)
                if len(key) < 2 or fold(text) in person_forms or text.lower() in _GENERIC or (
                        _NOT_A_NAME_RE.fullmatch(text)):
                    continue
                if " " in text and (all(w.lower() in _GENERIC for w in text.split())
                                     or all(fold(w) in person_forms for w in text.split())):
                    continue
                group = groups.setdefault(key, {"forms": Counter(), "meetings": set(), "kinds": Counter(),
                                                "repos": set(), "noninitial": 0, "prose": set()})
                group["forms"][text] += 1
                group["meetings"].add(ex.note_id)
                if term.paragraph >= 0:
                    group["prose"].add(ex.note_id)
                if _skeleton_term(term, note, skeleton):  # "Closure" in every note: no evidence
                    group["kinds"]["skeleton"] += 1
                    continue
                group["kinds"][term.kind] += 1
                if term.kind == "repo":
                    group["repos"].add(term.text)
                if not term.initial:
                    group["noninitial"] += 1
            for issue in ex.issues:
                key = project_key(issue.repo)
                group = groups.setdefault(key, {"forms": Counter(), "meetings": set(), "kinds": Counter(),
                                                "repos": set(), "noninitial": 0, "prose": set()})
                group["forms"][issue.repo] += 1
                group["meetings"].add(ex.note_id)
                group["kinds"]["repo"] += 1
                if issue.owner:
                    group["repos"].add(f"{issue.owner}/{issue.repo}")
        projects: dict[str, Project] = {}
        curated_keys: dict[str, Project] = {}
        for entry in curated or []:
            name = str(entry.get("name", "")).strip()
            if not name:
                continue
            project = Project(id=f"project:{slug(name)}", name=name, curated=True,
                              aliases={name, *(str(a) for a in entry.get("aliases", []) or [])})
            projects[project.id] = project
            for alias in project.aliases:
                curated_keys[project_key(alias)] = project
        ignored = {project_key(str(x)) for e in curated or [] for x in e.get("ignore", []) or []}
        for key, group in groups.items():
            if key in ignored:
                continue
            kinds, forms = group["kinds"], group["forms"]
            total = sum(forms.values())
            lower_uses = sum(word_counts[f.lower()] for f in forms if f != f.lower())
            capital_uses = sum(c for f, c in forms.items() if f != f.lower())
            generic = capital_uses and lower_uses > capital_uses
            plain_word = all(re.fullmatch(r"[A-Z][a-z]+", f) for f in forms if f != f.lower())
            lower_seen = sum(word_counts[f.lower()] for f in forms)
            named_like_person = not (kinds["repo"] or kinds["code"]) and (
                all(_is_given_name(f) for f in forms) or all(_misspelt_name(f, names) for f in forms))
            common = (plural_in(forms, word_counts) or used_as_noun(forms, word_counts, noun_counts)) \
                and kinds["repo"] * 4 < total
            # two letters ("EA", "Q3") say little: initials, a label, a misheard word
            short = all(len(f) <= 2 for f in forms) and not (kinds["repo"] or kinds["code"]) and (
                len(group["meetings"]) < 3 or total < 6)
            keep = key in curated_keys or (
                not generic and not named_like_person and not common and not short and total >= 2 and (
                    kinds["repo"] >= 1 or kinds["code"] >= 1 and len(group["meetings"]) >= 2
                    or kinds["heading"] >= 1 and total >= 2 and group["noninitial"] >= 1
                    or kinds["skeleton"] >= 1 and len(group["prose"]) >= 2  # a weekly section
                    or group["noninitial"] >= 4
                    and not (plain_word and lower_seen * 4 > capital_uses)
                    or len(group["meetings"]) >= 2 and group["noninitial"] >= 2
                    and any(not _MONTHS_DAYS.match(f) for f in forms)
                    and not (plain_word and (lower_seen * 4 > capital_uses
                                             or len(group["meetings"]) < 3))
                )
            )
            if not keep:
                continue
            if key in curated_keys:
                project = curated_keys[key]
            else:
                named = [f for f in forms if f != f.lower() and "/" not in f]
                name = max(named or list(forms), key=lambda f: (forms[f], " " in f, len(f)))
                project = Project(id=f"project:{slug(name)}", name=name)
                while project.id in projects:
                    project.id += "-2"
                projects[project.id] = project
            project.aliases.update(forms)
            project.repos.update(group["repos"])
            project.meetings.update(group["meetings"])
        cls._merge_suffixed(projects, {w for w in word_counts if w.islower()})
        cls._merge_renamed(projects, renames(s.text for ex in extractions for s in ex.sentences))
        cls._merge_misspelt(projects)
        cls._drop_combined(projects)
        for project in projects.values():
            for repo in project.repos:
                project.aliases.add(repo)
        return cls(projects)

    @staticmethod
    def _merge_suffixed(projects: dict[str, Project], lower: set[str] | None = None) -> None:
        """Fold ``Thicket CI`` into ``Thicket``, ``Cedar Audit Labs`` into ``Cedar`` and
        ``Verkle Tree`` into ``Verkle`` (see :func:`kg.projects.plain_tail`; *lower* are the
        words the notes also write in lower case)."""
        by_key = {project_key(p.name): p for p in projects.values()}
        for pid, project in list(projects.items()):
            words = project.name.split()
            if len(words) < 2 or project.curated:
                continue
            for cut in range(len(words) - 1, 0, -1):
                rest = [w.lower() for w in words[cut:]]
                if not (all(w in _SUFFIXES for w in rest) or plain_tail(words[cut:], lower)):
                    continue
                target = by_key.get(project_key(" ".join(words[:cut])))
                if target is not None and target is not project:
                    target.aliases |= project.aliases | {project.name}
                    target.repos |= project.repos
                    target.meetings |= project.meetings
                    del projects[pid]
                    break

    @staticmethod
    def _fold_into(source: Project, target: Project, projects: dict[str, Project]) -> None:
        target.aliases |= source.aliases | {source.name}
        target.repos |= source.repos
        target.meetings |= source.meetings
        del projects[source.id]

    @classmethod
    def _merge_misspelt(cls, projects: dict[str, Project]) -> None:
        """Fold a misspelling into the project it misspells (see :func:`kg.projects.misspelt_of`)."""
        for project in sorted(projects.values(), key=lambda p: len(p.meetings)):
            if project.id not in projects or project.curated or project.repos:
                continue
            counts = {p.name: len(p.meetings) for p in projects.values()}
            target = misspelt_of(project.name, len(project.meetings), counts)
            if target:
                cls._fold_into(project, next(p for p in projects.values() if p.name == target), projects)

    @staticmethod
    def _drop_combined(projects: dict[str, Project]) -> None:
        """``GSoC/OPW`` is not a project when ``GSoC`` and ``OPW`` are."""
        keys = {project_key(p.name) for p in projects.values()}
        for pid, project in list(projects.items()):
            parts = project.name.split("/")
            if len(parts) > 1 and not project.repos and not project.curated and \
                    all(project_key(part) in keys for part in parts):
                del projects[pid]

    @staticmethod
    def _merge_renamed(projects: dict[str, Project], pairs: list[tuple[str, str]]) -> None:
        """Fold a project into what it was renamed to, under the new name."""
        for old, new in pairs:
            by_key = {project_key(a): p for p in projects.values() for a in p.aliases | {p.name}}
            source, target = by_key.get(project_key(old)), by_key.get(project_key(new))
            if source is None or source.curated:
                continue
            if target is not None and target is not source:
                target.aliases |= source.aliases | {source.name}
                target.repos |= source.repos
                target.meetings |= source.meetings
                del projects[source.id]
            elif target is None:
                source.aliases.add(new)
                source.name = new

    def lookup(self, name: str) -> str | None:
        """The project id a name refers to (any alias or spelling), or ``None``."""
        if name in self._alias_to_id:
            return self._alias_to_id[name]
        return self._by_key.get(project_key(name))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, project id)`` for each project named in *text*."""
        return [(start, end, self._alias_to_id[form]) for start, end, form in self._finder.find(text)]


def repo_owners(extractions: Iterable[Extraction]) -> dict[str, str]:
    """The owner of each repository name, where the corpus names exactly one."""
    owners: dict[str, set[str]] = defaultdict(set)
    for ex in extractions:
        for issue in ex.issues:
            if issue.owner:
                owners[issue.repo.lower()].add(issue.owner)
        for term in ex.terms:
            if term.kind == "repo":
                owner, _, repo = term.text.partition("/")
                owners[repo.lower()].add(owner)
    return {repo: next(iter(found)) for repo, found in owners.items() if len(found) == 1}
