"""Bytes to text: size and type checks, and decoding with a fallback.

A file that is not text (binary, empty, too large, unreadable) is refused
with :class:`RejectedInput`, whose message is the one-line reason shown to
the user; text in an unexpected encoding is decoded with a warning.

>>> decode("Café".encode("utf-8"))
('Café', [])
>>> decode("Café".encode("cp1252"))
('Café', ['not UTF-8: decoded as Windows-1252'])
>>> decode(b"\\x00\\x01\\x02PNG")
Traceback (most recent call last):
...
kg.parse.reading.RejectedInput: binary file
"""

from __future__ import annotations

import os
import re

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class RejectedInput(Exception):
    """A file that cannot be ingested; ``str(exc)`` is the one-line reason."""


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode a file's bytes to text, with warnings for anything degraded.

    Raises :class:`RejectedInput` for binary and empty files.
    """
    if not data.strip():
        raise RejectedInput("empty file")
    head = data[:8192]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ["UTF-16 text: decoded"]
        except UnicodeDecodeError as exc:
            raise RejectedInput("binary file") from exc
    if b"\x00" in head:
        raise RejectedInput("binary file")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if controls > max(4, len(head) // 20):
        raise RejectedInput("binary file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        fixed = repair_mojibake(text)
        return fixed, ["mis-encoded text repaired"] if fixed != text else []
    try:
        return data.decode("cp1252"), ["not UTF-8: decoded as Windows-1252"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), ["not UTF-8: decoded as Latin-1"]


def read_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a note file's bytes, or raise :class:`RejectedInput` with the reason."""
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise RejectedInput(
                f"file too large ({size / 1e6:.1f} MB, limit {max_bytes / 1e6:.0f} MB)"
            )
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except RejectedInput:
        raise
    except PermissionError as exc:
        raise RejectedInput("unreadable: permission denied") from exc
    except IsADirectoryError as exc:
        raise RejectedInput("unreadable: is a directory") from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise RejectedInput(f"unreadable: {reason.lower()}") from exc


_CONT = ("[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
         "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_MOJIBAKE_RE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 on the lines that show it (``PÃ©ter`` is ``Péter``).

    >>> repair_mojibake("PÃ©ter SzilÃ¡gyi and Ren\u00e9e donâ€™t")
    'Péter Szilágyi and Renée don’t'
    """
    if not _MOJIBAKE_RE.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if _MOJIBAKE_RE.search(line):
            lines[number] = _MOJIBAKE_RE.sub(_repair_match, line)
    return "\n".join(lines)


def _repair_match(match: re.Match[str]) -> str:
    try:
        return match.group(0).encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return match.group(0)
