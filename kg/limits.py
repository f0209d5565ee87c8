"""Limits that keep every stage bounded, whatever a note holds.

Notes come from anywhere: a 100 KB line of backticks, a paragraph of a
million characters, a YAML "billion laughs" in the front matter.  Each
stage is written to take time linear in the size of a note, and these
limits bound what a single element can cost:

- YAML (front matter, curated files) is read without aliases, tags of
  Python objects or more than :data:`MAX_FRONT_MATTER` bytes
  (:func:`load_yaml`);
- a note is read up to its :data:`MAX_LINES`-th line or table cell and its
  :data:`MAX_TAGS`-th HTML tag, with a warning when there is more;
- a paragraph longer than :data:`MAX_PARAGRAPH` characters is split, a
  heading longer than :data:`MAX_HEADING` cut, each with a warning
  (:func:`split_long_blocks`);
- spaCy's tokenizer, quadratic in the length of a "word" (``:):):)...``),
  sees runs of punctuation cut short and no run without spaces longer than
  :data:`MAX_WORD` (:func:`for_tokenizer`), and a sentence longer than
  :data:`MAX_SENTENCE_TOKENS` tokens is split by the pipeline;
- Markdown's inline syntax is parsed for the first :data:`MAX_MARKUP`
  markup characters of a note; paragraphs past that are read as plain text;
- each file has :data:`FILE_SECONDS` for reading, parsing and extracting
  (:func:`deadline`), after which it is rejected with that reason and the
  ingest goes on.

>>> load_yaml("title: Call\\ndate: 2024-01-02\\n")
{'title': 'Call', 'date': datetime.date(2024, 1, 2)}
>>> load_yaml("a: &x [1, 2]\\nb: *x\\n")
Traceback (most recent call last):
...
kg.limits.YamlRefused: YAML aliases are not allowed (line 2)
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import yaml

MAX_FRONT_MATTER = 16 * 1024  # bytes of YAML at the top of a note
MAX_CURATED_YAML = 2 * 1024 * 1024  # bytes of a people.yaml or projects.yaml
MAX_YAML_DEPTH = 50  # nested lists and mappings
MAX_LINES = 50_000  # lines and table cells read from one note (real notes: under 1,000 lines)
MAX_TAGS = 100_000  # HTML tags read from one note
MAX_PARAGRAPH = 20_000  # characters; real notes' longest paragraphs are about 25,000
MAX_HEADING = 300  # characters
MAX_SENTENCE_TOKENS = 250
MAX_WORD = 200  # characters without a space that spaCy's tokenizer sees as one piece
MAX_MARKUP = 25_000  # Markdown inline markup characters parsed per note (real notes: < 1,500)
FILE_SECONDS = 10.0  # per file: reading, parsing and extracting


class YamlRefused(yaml.YAMLError):
    """YAML that is not read: aliases, too deep or too large."""


class OverBudget(Exception):
    """A file that took longer than its time budget; ``str(exc)`` is the one-line reason."""

    def __init__(self, seconds: float):
        super().__init__(f"took longer than {seconds:g} s to read (time budget): skipped")


# ---------------------------------------------------------------------------
# YAML


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases (no "billion laughs") and with a depth limit."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlRefused(f"YAML aliases are not allowed (line {event.start_mark.line + 1})")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise YamlRefused(f"YAML nested more than {MAX_YAML_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_yaml(text: str | bytes, limit: int = MAX_FRONT_MATTER) -> Any:
    """Read YAML safely: plain data only, no aliases, at most *limit* bytes.

    Raises :class:`YamlRefused` (a ``yaml.YAMLError``) for what it will not read.
    """
    size = len(text.encode("utf-8", "replace") if isinstance(text, str) else text)
    if size > limit:
        raise YamlRefused(f"YAML over {limit // 1024} KB is not read ({size // 1024} KB)")
    if _flow_depth(text if isinstance(text, str) else text.decode("utf-8", "replace")) > MAX_YAML_DEPTH:
        raise YamlRefused(f"YAML nested more than {MAX_YAML_DEPTH} levels deep")
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _flow_depth(text: str) -> int:
    """How deeply ``[`` and ``{`` nest (quotes not counted out: an upper bound).

    PyYAML's scanner takes time quadratic in that depth, so it is checked first.

    >>> _flow_depth("a: [1, {b: [2]}]"), _flow_depth("a: '[[['")
    (3, 3)
    """
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}" and depth:
            depth -= 1
    return deepest


# ---------------------------------------------------------------------------
# Text for spaCy

_PUNCTUATION_RUN_RE = re.compile(r"[^\w\s]{4,}")
_LONG_WORD_RE = re.compile(rf"\S{{{MAX_WORD + 1},}}")


def for_tokenizer(text: str) -> str:
    """*text* as spaCy's tokenizer may safely see it, with every offset unchanged.

    spaCy strips prefixes and suffixes of a word one at a time, each time
    copying the rest, so a 3,000-character word of ``:)`` takes 16 seconds.
    Runs of four or more punctuation characters keep their first three and
    the rest become spaces; a longer run without spaces gets a space every
    :data:`MAX_WORD` characters.  Words, sentence ends, URLs and names are
    as written.

    >>> for_tokenizer("Done!!!!!! See https://github.com/o/r/issues/1 ;-)")
    'Done!!!    See https://github.com/o/r/issues/1 ;-)'
    >>> len(for_tokenizer(":)" * 500).split())
    1
    """
    if len(text) <= 3:
        return text
    text = _PUNCTUATION_RUN_RE.sub(lambda m: m.group(0)[:3] + " " * (len(m.group(0)) - 3), text)
    return _LONG_WORD_RE.sub(_break_word, text)


def _break_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return " ".join(word[i:i + MAX_WORD] for i in range(0, len(word), MAX_WORD + 1))


# ---------------------------------------------------------------------------
# Time budget

#: ``(CPU time when it is up, seconds given)`` of the budget in force.  CPU time, not the
#: clock: a file's budget is what it costs, however busy the machine is.
_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "kg_deadline", default=None)
_DEADLINE_DEPTH = [0]  # budgets open in this process: only the outermost arms the timer


def checkpoint() -> None:
    """Raise :class:`OverBudget` when the current file's time is up.

    Called at safe points of loops (between paragraphs, between blocks):
    nothing is half-done there, so stopping leaves no state corrupted.
    """
    budget = _DEADLINE.get()
    if budget is not None and time.process_time() > budget[0]:
        raise OverBudget(budget[1])


def remaining() -> float | None:
    """Seconds left in the current budget, or ``None`` outside one."""
    budget = _DEADLINE.get()
    return None if budget is None else max(0.0, budget[0] - time.process_time())


@contextlib.contextmanager
def deadline(seconds: float | None, interrupt: bool = False, budget: float | None = None
             ) -> Iterator[None]:
    """Give the code in the block *seconds* of CPU time (``None``: no limit).

    :func:`checkpoint` raises once the time is up.  With *interrupt*, in the
    main thread, a timer signal also stops code that does not reach a
    checkpoint (a library's own loop); use it only around code that builds
    a new value from its input and changes nothing shared, such as parsing
    one file, so that stopping it anywhere is safe.  *budget* is the number
    of seconds the rejection names (the whole file's, when this is the rest).
    """
    if seconds is None:
        yield
        return
    token = _DEADLINE.set((time.process_time() + seconds, seconds if budget is None else budget))
    armed = interrupt and threading.current_thread() is threading.main_thread() and \
        hasattr(signal, "setitimer") and _DEADLINE_DEPTH[0] == 0
    previous: Any = None
    if armed:  # a timer of this process's CPU time (SIGVTALRM)
        previous = signal.signal(signal.SIGVTALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_VIRTUAL, max(seconds, 0.001))
    _DEADLINE_DEPTH[0] += 1
    try:
        yield
    finally:
        _DEADLINE_DEPTH[0] -= 1
        if armed:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGVTALRM, previous)
        _DEADLINE.reset(token)


def _on_alarm(signum: int, frame: Any) -> None:
    budget = _DEADLINE.get()
    if budget is not None:
        raise OverBudget(budget[1])
