"""Question words and their lemmas, from spaCy's English lookup table.

Questions are short, so they are tokenised with one regular expression and
each word's lemma is read from ``en_lemma_lookup`` of Explosion's
``spacy-lookups-data`` (the table spaCy's lookup lemmatizer uses).  Loading
that table takes milliseconds; importing spaCy itself would cost most of a
second on every ``kg ask`` from the shell.

>>> [(t.lower, t.lemma) for t in tokenize("Who ran the calls?")]
[('who', 'who'), ('ran', 'run'), ('the', 'the'), ('calls', 'call'), ('?', '?')]
>>> [t.lemma for t in tokenize("who's Mort's lead? don't")]
['who', 'be', 'mort', 'be', 'lead', '?', 'do', 'not']
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import orjson

_TOKEN_RE = re.compile(r"\d{4}-\d{2}-\d{2}|['’](?:s|re|ve|ll|d|m)\b|n['’]t\b|[\w@#]+?(?=n['’]t\b)|"
                       r"[\w@#]+(?:[-.\/]\w+|['’](?!(?:s|re|ve|ll|d|m)\b)\w+)*|[^\w\s]")
#: The lemmas of clitics, which the lookup table leaves as they are.
_CLITICS = {"'s": "be", "'re": "be", "'m": "be", "'ve": "have", "'ll": "will", "'d": "would", "n't": "not"}


@dataclass(frozen=True)
class Token:
    """One word of a question: as written, lower-cased, its lemma and its offset."""

    text: str
    lower: str
    lemma: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """The English lookup lemma table (``ran`` -> ``run``); empty if the data is missing."""
    try:
        data = resources.files("spacy_lookups_data").joinpath("data/en_lemma_lookup.json.gz")
        return orjson.loads(gzip.decompress(data.read_bytes()))
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        return {}


def lemma(word: str) -> str:
    """The lemma of one lower-case word."""
    return lemma_table().get(word, word)


def tokenize(text: str) -> list[Token]:
    """The tokens of *text*, each with its lemma."""
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        word = match.group(0)
        low = word.lower().replace("’", "'")
        tokens.append(Token(word, low, _CLITICS.get(low) or lemma(low), match.start()))
    return tokens


@lru_cache(maxsize=1)
def _lemmas() -> frozenset[str]:
    return frozenset(lemma_table().values())


#: Words at least this common in English text (log probability) are words, not names.
COMMON_LOG_PROB = -15.5


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """English words common enough to be words rather than names (``deprecation``, not ``docker``).

    Read from ``en_lexeme_prob`` of spacy-lookups-data once, then kept in the
    user's cache folder, because the full table takes most of a second to load.
    """
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg" / "common-words-1.txt"
    try:
        return frozenset(cache.read_text(encoding="utf-8").split())
    except OSError:
        pass
    try:
        data = resources.files("spacy_lookups_data").joinpath("data/en_lexeme_prob.json.gz")
        probs = orjson.loads(gzip.decompress(data.read_bytes()))
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        return frozenset()
    words = frozenset(w for w, p in probs.items() if p >= COMMON_LOG_PROB and w.isalpha() and w.islower())
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f".{cache.name}.{os.getpid()}")
        tmp.write_text("\n".join(sorted(words)), encoding="utf-8")
        os.replace(tmp, cache)
    return words


def is_english(word: str) -> bool:
    """Whether *word* is a common English word (``firewall``, ``referenced``), not a name.

    >>> is_english("referenced"), is_english("Codio"), is_english("tool-conventions")
    (True, False, False)
    """
    low = word.lower()
    return low in lemma_table() or low in _lemmas() or low in common_words()


def split_compound(word: str) -> list[str] | None:
    """A word run together from common English words, split back (``BLOBBASEFEE``, ``filesystem``).

    Notes write an identifier both ways ("SELFDESTRUCT", "self destruct"); a
    word that is English itself, or cannot be split into words of three or
    more letters, is None.

    >>> split_compound("BLOBBASEFEE"), split_compound("selfdestruct"), split_compound("release")
    (['blob', 'base', 'fee'], ['self', 'destruct'], None)
    """
    low = word.lower()
    words = common_words()
    if len(low) < 7 or not low.isalpha() or low in words or not words:
        return None
    best: list[list[str] | None] = [[]] + [None] * len(low)
    for end in range(3, len(low) + 1):
        for start in range(max(0, end - 12), end - 2):
            head = best[start]
            piece = low[start:end]
            if head is not None and piece in words and (best[end] is None or len(head) + 1 < len(best[end])):
                best[end] = [*head, piece]
    found = best[len(low)]
    return found if found and len(found) > 1 else None
