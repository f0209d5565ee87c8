"""The note readers, one per format, declared with :func:`reader`.

A reader turns a note's text into :class:`~kg.parse.blocks.Read` (blocks,
front matter, warnings).  To read a new format, write a function and
declare it; ``kg ingest --help`` and the README list what is declared.

>>> sorted(READERS)
['html', 'markdown', 'text']
>>> READERS["markdown"].extensions
('.md', '.markdown')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kg.parse.blocks import Read


@dataclass(frozen=True)
class Reader:
    """A declared reader: its name, file extensions, one line of help, and what it does."""

    name: str
    extensions: tuple[str, ...]
    help: str
    read: Callable[[str], Read]
    sniff: Callable[[str], bool] | None = None  # does this text look like the format?


#: Every reader, by name, in the order declared.
READERS: dict[str, Reader] = {}


def reader(name: str, *, extensions: tuple[str, ...], help: str,
           sniff: Callable[[str], bool] | None = None) -> Callable[[Callable[[str], Read]],
                                                                   Callable[[str], Read]]:
    """Declare a reader for files with *extensions* (``@reader("markdown", ...)``)."""
    def register(read: Callable[[str], Read]) -> Callable[[str], Read]:
        READERS[name] = Reader(name, tuple(extensions), help, read, sniff)
        return read
    return register


def extensions() -> dict[str, str]:
    """Each note file extension and the reader that takes it."""
    return {ext: r.name for r in READERS.values() for ext in r.extensions}
