"""The question intents, declared with :func:`intent`, and how a question is scored against them.

An intent declares its *cues*: short phrases whose words match a question's
words by lemma or lower-case form (``champion`` matches "championing",
``run`` matches "ran"), each with a weight.  A question's score for an
intent is the weight of the cues it contains plus what the intent's
``fit`` says of its slots (a date, a person, a topic); the best score wins.
No cue is a whole sentence, so paraphrases keep their intent.

Cue syntax: words separated by spaces; ``a|b`` is either word, a trailing
``?`` makes a word optional, ``*`` skips up to four words, and a leading
``=`` matches the word exactly as written (``=present`` is not "presented",
``=actions`` is not "GitHub Actions"), and a leading ``~`` matches a word's ending
(``~ing`` is any word in -ing: "who is porting X?").

>>> from kg.lemmas import tokenize
>>> steps = parse_cue("who be? present at|on")
>>> matches(steps, tokenize("who was present at the call"))
[0, 1, 2, 3]
>>> matches(parse_cue("who * chair"), tokenize("who was the chair"))
[0, 3]
>>> matches(parse_cue("who be ~ing"), tokenize("who is porting it"))
[0, 1, 2]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.lemmas import Token

if TYPE_CHECKING:
    from kg.ask.context import Context
    from kg.ask.question import Question
    from kg.model import Answer

_SKIP = 4


@dataclass(frozen=True)
class Step:
    """One word of a cue: the forms it accepts, and whether it may be left out."""

    forms: frozenset[str]
    optional: bool = False
    skip: bool = False
    exact: bool = False
    suffix: bool = False


def parse_cue(text: str) -> tuple[Step, ...]:
    """Parse a cue phrase (see the module doc)."""
    steps = []
    for word in text.split():
        if word == "*":
            steps.append(Step(frozenset(), skip=True))
            continue
        optional = word.endswith("?")
        forms = word.rstrip("?").split("|")
        exact = all(f.startswith("=") for f in forms)
        suffix = all(f.startswith("~") for f in forms)
        steps.append(Step(frozenset(f.lstrip("=~") for f in forms), optional, exact=exact, suffix=suffix))
    return tuple(steps)


def _match_at(steps: tuple[Step, ...], tokens: list[Token], i: int) -> list[int] | None:
    if not steps:
        return []
    step, rest = steps[0], steps[1:]
    if step.skip:
        for gap in range(0, _SKIP + 1):
            found = _match_at(rest, tokens, i + gap)
            if found is not None:
                return found  # the words skipped are not the cue's: they may be the topic
        return None
    token = tokens[i] if i < len(tokens) else None
    if token and _accepts(step, token):
        found = _match_at(rest, tokens, i + 1)
        if found is not None:
            return [i, *found]
    return _match_at(rest, tokens, i) if step.optional else None


def _accepts(step: Step, token: Token) -> bool:
    if step.exact:
        return token.text in step.forms
    if step.suffix:
        return any(token.lower.endswith(f) and len(token.lower) > len(f) + 2 for f in step.forms)
    return token.lower in step.forms or token.lemma in step.forms or _typo(token.lower, step.forms)


def _typo(word: str, forms: frozenset[str]) -> bool:
    """A long word one letter off a cue word ("resposible" for "responsible")."""
    if len(word) < 7:
        return False
    from rapidfuzz.distance import Levenshtein

    return any(len(f) >= 7 and Levenshtein.distance(word, f, score_cutoff=1) <= 1 for f in forms)


def matches(steps: tuple[Step, ...], tokens: list[Token]) -> list[int]:
    """The token indexes of the first place *steps* match in *tokens*, or ``[]``."""
    for start in range(len(tokens)):
        found = _match_at(steps, tokens, start)
        if found:
            return found
    return []


Handler = Callable[["Question", "Context"], "Answer"]


@dataclass
class Intent:
    """A declared intent: its cues, how it fits a question's slots, and its handler."""

    name: str
    help: str
    answers: str
    examples: list[str]
    cues: dict[str, float]
    handler: Handler
    fit: Callable[[Question], float] = field(default=lambda q: 0.0)
    steps: dict[str, tuple[Step, ...]] = field(default_factory=dict)

    def cue_score(self, tokens: list[Token]) -> tuple[float, set[int]]:
        """The weight of the cues found in *tokens*, and the tokens they used."""
        score, used = 0.0, set()
        for cue, weight in self.cues.items():
            found = matches(self.steps[cue], tokens)
            if found:
                score += weight
                used.update(found)
        return score, used


#: Every intent, by name, in the order declared (earlier wins a tie).
INTENTS: dict[str, Intent] = {}


def intent(name: str, *, help: str, answers: str, examples: list[str], cues: dict[str, float],
           fit: Callable[[Question], float] | None = None) -> Callable[[Handler], Handler]:
    """Declare an intent and its handler (``@intent("owner", help=..., cues=...)``)."""
    def register(handler: Handler) -> Handler:
        INTENTS[name] = Intent(name, help, answers, list(examples), dict(cues), handler,
                               fit or (lambda q: 0.0), {c: parse_cue(c) for c in cues})
        return handler
    return register


def describe() -> list[dict[str, Any]]:
    """Each intent's name, help, what its answers hold and its examples (for --help and docs)."""
    return [{"name": i.name, "help": i.help, "answers": i.answers, "examples": i.examples}
            for i in INTENTS.values()]
