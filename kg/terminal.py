"""Text for a terminal: note text and file names never reach it as control sequences.

Notes, file names and stores come from other people.  A note holding
``ESC [2J`` would clear the screen of whoever runs ``kg ask``, an OSC
sequence can set the window title or write to the clipboard, and a file
name with a newline in it would forge a line of ``kg ingest``'s report.
Everything :mod:`kg.cli` prints in text form goes through :func:`plain`:
escape sequences are removed and the other control characters (C0, DEL,
C1, bidirectional overrides, line separators) are shown as visible escapes.

>>> clean("red \\x1b[31mtext\\x1b[0m and a title\\x1b]0;pwned\\x07")
'red text and a title'
>>> clean("notes/a\\nforged: line.md")
'notes/a\\\\nforged: line.md'
>>> clean("line one\\nline two\\tend", multiline=True)
'line one\\nline two\\tend'
>>> clean("\\u202eevil\\x9b31m")
'\\\\u202eevil\\\\x9b31m'
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

#: Escape sequences, removed whole: CSI (``ESC [ ... m``), OSC (``ESC ] ... BEL``), DCS/PM/APC
#: strings and two-character escapes.
_SEQUENCE_RE = re.compile(
    r"\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
#: Characters that a terminal acts on rather than shows, or that reorder what it shows.
_CONTROL_RE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                         "\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str, multiline: bool = False) -> str:
    """*text* without escape sequences, its other control characters made visible.

    With *multiline*, newlines and tabs are kept as they are (for Markdown
    such as ``kg review`` prints); otherwise a newline shows as ``\\n``, so
    that a value never spans two lines of output.
    """
    text = _SEQUENCE_RE.sub("", text)
    if multiline:
        return _CONTROL_RE.sub(lambda m: m.group(0) if m.group(0) == "\n" else _visible(m),
                               text.replace("\r\n", "\n"))
    return _CONTROL_RE.sub(_visible, text)


def plain(value: Any) -> Any:
    """A copy of *value* (strings, lists, dicts, dataclasses) with every string :func:`clean`.

    >>> plain({"source": "a\\x1b[2Jb.md", "lines": [1, "x\\ny"]})
    {'source': 'ab.md', 'lines': [1, 'x\\\\ny']}
    """
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list | tuple):
        return type(value)(plain(v) for v in value)
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if f.init}
        copy = dataclasses.replace(value, **changes)
        for name, item in vars(value).items():  # attributes set outside the fields
            if name not in changes:
                setattr(copy, name, plain(item))
        return copy
    return value


#: Characters that JSON leaves raw but a terminal acts on.
_JSON_UNSAFE_RE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(data: Any) -> str:
    """*data* as indented JSON with every control character escaped (``\\u009b``).

    The result parses to the same data; it is only safer to print.

    >>> json_text({"t": "a\\x9bb\\x1b"})
    '{\\n  "t": "a\\\\u009bb\\\\u001b"\\n}'
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
