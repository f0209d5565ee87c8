"""How a heading reads: its runs of content words, what it spells out, how it writes a phrase.

A heading is cut into runs of content words at punctuation and at small
words ("GC & strings" is two runs, "Google Summer of Code" too); words that
say what happens to a topic ("update", "poll", "release") are dropped, a
numbered item is known by its number ("EIP-4844", "EIP 4844" and "4844" are
one), and a run after "in", "for", "on" only gives a setting ("Strings in
Wasm" is about strings).

>>> content_words("Relaxed SIMD phase 4 poll: https://github.com/x [5 min]")
['relaxed', 'simd']
>>> content_words("Update EIP-4788: Bound precompile storage EIPs#7178")
['4788', 'bound', 'precompile', 'storage']
>>> heading_runs("Compile-time imports and string builtins [Ryan, 25 mins]")
[['compile', 'time', 'imports'], ['string', 'builtins']]
>>> runs("TLS on Xen")
[(['tls'], False), (['xen'], True)]
"""

from __future__ import annotations

import re

from kg.ask.context import STOP
from kg.ask.evidence import clean_heading
from kg.ask.topics import GENERIC

#: Words of headings that say what happens to a topic, not which topic it is.
MOVES = frozenset("""
announcement announcements reminder upcoming follow followup up advance advancing vote voting
polls presentation presenting overview intro introduce introduction next steps recap meeting
meetings discussions discuss discussed proposal proposals phase updates status progress
aob other misc notes new possible potential continued continuing quick brief short teaser
review reviews summary info information initial general open questions question feedback
add adding update updated remove removing rename consider considering clarify clarifications
part session sessions day days s vs via re release releases released releasing merge merged
merging launch launched launching shutdown deployment deploy deployed prep preparation
patchset patch patches thoughts preliminary lives libs lib libraries library
""".split())
_WORD_RE = re.compile(r"[A-Za-z_][\w+#']*(?:-[\w+#']+)*|\d+\.\d+(?:\.\d+)?|\d{3,}")
_SPLIT_RE = re.compile(r"\s*(?:[:;,&|!?\"“”<>=()\[\]{}]|\s[-–—]{1,2}\s|[–—]|\.\s)\s*")

#: A numbered item, known by its number: "EIP-4844", "EIP 4844" and "4844" are one.
_IDENTIFIER_RE = re.compile(r"\b[A-Za-z]{2,6}[- ]?(\d{3,6})\b")
#: The kind of a numbered item ("EIP" of "EIP-4844"): many things, not one topic.
PREFIX_RE = re.compile(r"\b([A-Za-z]{2,6})[- ]?\d{3,6}\b")
#: Small words after which a heading names where or what for, not its subject ("Strings in Wasm").
_SETTING = frozenset("in for on at to into with from across inside within".split())


def _pieces(word: str) -> list[str]:
    """A word as heading words: "compile-time" is "compile time", "devnet-8" is "devnet 8",
    "v1.4.0-beta" stays whole."""
    if re.search(r"-\d", word):
        return re.split(r"-(?=\d)", word)
    return [p for p in word.split("-") if p] if not re.search(r"\d", word) else [word]


def _words(run: str, setting: bool = False) -> list[tuple[list[str], bool]]:
    """The content words of a run of a heading, split again where a small word stands; True
    for a part that only says where or what for ("TLS on Xen", "on testnets and mainnet")."""
    parts: list[tuple[list[str], bool]] = [([], setting)]
    for word in _WORD_RE.findall(run):
        for piece in _pieces(word):
            low = piece.lower().strip("'")
            if low in STOP:
                after = low in _SETTING and any(p for p, _ in parts) or low in ("and", "or") and parts[-1][1]
                parts.append(([], after))
            elif low[:1].isdigit() and "." not in low and len(low) < 3:
                continue
            elif len(low) >= 2 and low not in GENERIC and low not in MOVES:
                parts[-1][0].append(low)
    return [(p, flag) for p, flag in parts if p]


def runs(heading: str, slash: bool = False) -> list[tuple[list[str], bool]]:
    """The runs of content words of a heading, each with whether it only gives a setting."""
    text = re.sub(r"https?://\S+|\S+#\d+", " ", heading)
    text = _IDENTIFIER_RE.sub(r"\1", clean_heading(text))
    found: list[tuple[list[str], bool]] = []
    separators = [""] + _SPLIT_RE.findall(text)
    for run, separator in zip(_SPLIT_RE.split(text), separators, strict=True):
        listed = separator.strip() in ("&", ",", "/") and bool(found) and found[-1][1]  # "on A & B"
        for piece in (run.split("/") if slash else [run]):
            found += _words(piece, listed)
    return found


def heading_runs(heading: str, slash: bool = False) -> list[list[str]]:
    """The runs of content words of a heading, lower case: split at punctuation, small words
    and (with *slash*) at "/"."""
    return [run for run, _ in runs(heading, slash)]


def content_words(heading: str) -> list[str]:
    """The words of a heading that can name a topic, lower case, in order."""
    return [w for run in heading_runs(heading) for w in run]


def written_form(heading: str, gram: tuple[str, ...]) -> str:
    """How a heading writes a phrase ("Relaxed SIMD", "EIP-4788"), else the phrase itself."""
    parts = [re.escape(w) + "s?" for w in gram]
    if len(gram) == 1 and gram[0].isdigit():
        match = re.search(rf"\b[A-Za-z]{{2,6}}[- ]?{parts[0]}\b", heading)
        if match:
            return match.group(0)
    match = re.search(r"\b" + r"[\s/&,-]+".join(parts) + r"\b", heading, re.I)
    return match.group(0) if match else " ".join(gram)


def spelled_out(letters: str, heading: str) -> str | None:
    """The capitalised words of *heading* whose initials spell *letters* (small words may be
    skipped or spelled): ``spelled_out("gsoc", "Google Summer of Code")`` is the whole heading.

    >>> spelled_out("opw", "GSoC / Outreach Program for Women"), spelled_out("eof", "End of it")
    ('Outreach Program for Women', None)
    """
    words = re.findall(r"[A-Za-z][\w'-]*", heading)
    for start, first in enumerate(words):
        if not first[0].isupper() or first[0].lower() != letters[0] or first.lower() == letters:
            continue
        k, end = 1, start + 1
        while end < len(words) and k < len(letters):
            word = words[end]
            if word[0].lower() == letters[k] and (word[0].isupper() or word.lower() in STOP):
                k += 1
            elif word.lower() not in STOP:
                break
            end += 1
        if k == len(letters) and end - start >= 2:
            return " ".join(words[start:end])
    return None




def blend_of(word: str, first: str, second: str) -> bool:
    """Whether *word* is blended from the start of *first* and the end of *second*.

    >>> blend_of("pectra", "Prague", "Electra"), blend_of("pectin", "Prague", "Electra")
    (True, False)
    """
    word, first, second = word.lower(), first.lower(), second.lower()
    return len(word) >= 5 and word not in (first, second) and any(
        word[:k] == first[:k] and word[k:] == second[k - len(word):] for k in range(1, len(word) - 2))
