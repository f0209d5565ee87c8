"""What keeps a word from being a project: the rules :class:`kg.resolve.ProjectCatalog`
applies beside recurrence.

- A heading that recurs in most notes of a folder is the notes' skeleton (``Closure``,
  ``Agenda items``, ``Meeting Notes``): it says nothing about a project.
- A name the notes also write in the plural (``L2s``, ``EIPs``, ``Devnets``) is a common
  noun, a kind of thing, not one project.
- A name written ``A/B`` whose parts are both projects (``GSoC/OPW``) is the two of them.
- A misspelling of a project used much more often (``Dancun`` for ``Dencun``) is that
  project.
- A label is not a name: an English word opening a heading before a colon
  (``Announcement: ...``), a name given a count (``SA: 0`` in a poll).
- Two letters (``EA``, ``Q3``) name a project only when they recur widely.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from rapidfuzz import fuzz

from kg.model import Note

#: A heading in at least this share of a folder's notes (and three) is its skeleton.
SKELETON_SHARE = 0.5


def heading_key(heading: str) -> str:
    """A heading compared across notes: lower case, no numbering or punctuation.

    >>> heading_key("3. Closure"), heading_key("## Agenda items:")
    ('closure', 'agenda items')
    """
    return re.sub(r"[\W\d_]+", " ", heading.lower()).strip()


def skeleton_headings(notes: list[Note], share: float = SKELETON_SHARE) -> set[str]:
    """The :func:`heading_key` of headings that recur in at least *share* of the notes
    (and three): the folder's template, whatever its words.

    >>> from kg.model import Section
    >>> def note(i, *heads):
    ...     return Note(source=str(i), title="t", sections=[Section(h, 2, 1) for h in heads])
    >>> sorted(skeleton_headings([note(1, "Closure", "Irmin"), note(2, "2. Closure"),
    ...                           note(3, "Closure", "Irmin"), note(4, "Closure")]))
    ['closure']
    """
    counts: Counter[str] = Counter()
    for note in notes:
        counts.update({heading_key(s.heading) for s in note.sections if s.heading})
    need = max(3, share * len(notes))
    return {key for key, count in counts.items() if key and count >= need}


def plural_in(forms: Iterable[str], word_counts: Counter[str], share: float = 0.1) -> bool:
    """Whether the notes write one of *forms* (capitalised) in the plural, as a common
    noun: the plural in at least *share* of the uses (``L2s`` beside ``L2``, ``EOAS``
    beside ``EOA``), not the odd slip (``Verkles`` once beside ``Verkle`` a hundred times).

    >>> plural_in(["L2"], Counter({"L2": 3, "L2s": 2})), plural_in(["L2s"], Counter({"L2": 2, "L2s": 1}))
    (True, True)
    >>> plural_in(["Verkle"], Counter({"Verkle": 90, "Verkles": 1}))
    False
    """
    for form in forms:
        if not form[:1].isupper() or len(form) < 2:
            continue
        if form[-1] in "sS" and len(form) >= 3:
            single = form[:-1]
            singular = word_counts[single] + (word_counts[single.upper()] if single != single.upper() else 0)
            plural = word_counts[form]
        else:
            singular = word_counts[form]
            plural = word_counts[form + "s"] + word_counts[form + "es"]
        if singular and plural and plural >= share * (singular + plural):
            return True
    return False


_HEAD_NOUN_RE = re.compile(
    r"\b(?:a|an|the|this|that|each|every|any|another|which|our|your|their)\s+([A-Z][\w-]*)"
    r"(?=\s*(?:[.,;:?!)]|$|\s+(?:is|are|was|were|be|been|that|which|and|or|to|in|on|for|with|of|"
    r"side|layer|level|itself|will|would|can|could|has|have|does|do)\b))", re.I)


def head_nouns(text: str) -> list[str]:
    """Capitalised words *text* uses as a common noun: after an article or a determiner and
    before the end of the phrase ("the CL is", "an EOA,", "on the EL side").

    >>> head_nouns("So the CL is ready, and an EOA. The Geth team and the EL side agree.")
    ['CL', 'EOA', 'EL']
    """
    return [m.group(1) for m in _HEAD_NOUN_RE.finditer(text) if not m.group(1).islower()]


def used_as_noun(forms: Iterable[str], word_counts: Counter[str], noun_counts: Counter[str],
                 share: float = 0.2) -> bool:
    """Whether *forms* are used as a common noun ("the CL", "the MVP") in at least *share*
    of their uses; a name is rarely ("the Geth team", "in Geth").

    >>> used_as_noun(["CL"], Counter({"CL": 10}), Counter({"CL": 3}))
    True
    """
    uses = sum(word_counts[f] for f in forms if " " not in f)
    return uses > 0 and sum(noun_counts[f] for f in forms) >= share * uses


def misspelt_of(name: str, meetings: int, others: dict[str, int]) -> str | None:
    """The project *name* (seen in *meetings* meetings) is a misspelling of: one spelt
    nearly the same, with the same first letter, seen in at least twice as many meetings
    (or in more, when one letter differs).

    >>> misspelt_of("Dancun", 5, {"Dencun": 17, "Denver": 30}), misspelt_of("Pectra", 8, {"Petra": 6})
    ('Dencun', None)
    >>> misspelt_of("Petra", 6, {"Pectra": 8})
    'Pectra'
    """
    if len(name) < 5 or not name[:1].isupper():
        return None
    best = None
    for other, count in others.items():
        if other == name or other[:1] != name[:1] or len(other) < 5:
            continue
        similar = fuzz.ratio(name.lower(), other.lower())
        if (similar >= 80 and count >= 2 * max(meetings, 1) or similar >= 90 and count > meetings) and (
                best is None or count > others[best]):
            best = other
    return best


#: Words that make a name an event, not the project it is named after ("Xen Hackathon").
EVENT_WORDS = frozenset("""hack hacks hackathon hackathons meetup meetups talk talks conference
conferences workshop workshops summit summits event events day days week weeks sprint sprints
retreat retreats session sessions camp bootcamp jam symposium forum demo demos""".split())


def plain_tail(words: list[str], lower: set[str] | None = None) -> bool:
    """Whether the words after a project's name only describe it: English words or words
    the notes also write in lower case (*lower*: ``devnet``, ``trie``), as in ``Verkle
    Tree``, ``Goerli Shadow Fork``, ``Dencun Updates``; not a name of their own, a version
    (``Mirage 1.2`` is a release) nor an event (``Xen Hackathon``).

    >>> plain_tail(["Tree"]), plain_tail(["Devnet"], {"devnet"}), plain_tail(["Electra"])
    (True, True, False)
    >>> plain_tail(["Hackathon"], {"hackathon"}), plain_tail(["1.2"]), plain_tail([])
    (False, False, False)
    """
    from kg.lemmas import is_english

    lower = lower or set()
    if not words or any(w.lower() in EVENT_WORDS or not w.isalpha() for w in words):
        return False
    return all(is_english(w) or w.lower() in lower for w in words)

