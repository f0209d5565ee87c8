"""Header fields of a meeting: date, chair, scribe, duration, agenda link, recording.

Notes open with lines such as ``### Meeting Date/Time: Apr 27, 2023``,
``#### Moderator: Tim``, ``- **When**: March 28th, 4pm-5pm UTC``,
``### Notes: Alen (Santhosh)`` or ``### [GitHub Agenda](https://...)``.
They are fields of the meeting, never sections or topics.  A ``Next
meeting`` line is a field too, but never the meeting's date.

>>> field_of("### Meeting Date/Time: Apr 27, 2023, 14:00-15:30 UTC")
('date', 'Apr 27, 2023, 14:00-15:30 UTC')
>>> field_of("Moderator:: Tim Beiko"), field_of("**When**: March 28th, 4pm-5pm UTC")
(('chair', 'Tim Beiko'), ('date', 'March 28th, 4pm-5pm UTC'))
>>> field_of("Next Meeting Date/Time: Thursday 6 July"), field_of("Update: devnet 8 is live")
(('next', 'Thursday 6 July'), None)
>>> link_field("GitHub Agenda"), link_field("Audio Video of the Meeting"), link_field("EIP-4844")
('agenda', 'recording', None)
"""

from __future__ import annotations

import re

#: Each field and the labels that name it, as notes write them.
FIELD_LABELS: dict[str, str] = {
    "next": r"next (?:meeting|call)(?: date(?:/time)?| time)?",
    "date": r"(?:meeting )?(?:date(?: ?/ ?time)?|time|when)|meeting date/time",
    "chair": r"chair(?:ed by|person|s)?|moderator|moderated by|facilitator|facilitated by|host(?:ed by)?|"
             r"led by|administrator",
    "scribe": r"scribe|note ?takers?|notes? by|notes|meeting notes|minutes(?: taken)? by|minute taker",
    "duration": r"(?:meeting )?duration|length",
    "agenda": r"(?:github )?agenda(?: link)?",
    "recording": r"(?:audio )?video|recording|livestream|youtube|audio",
    "location": r"location|where|venue|call link|zoom(?: link)?",
}
_FIELD_RE = re.compile(
    r"^[\s*_#>-]*(?P<label>" + "|".join(f"(?P<{k}>{v})" for k, v in FIELD_LABELS.items()) +
    r")[\s*_]*:{1,2}[\s*_]*(?P<value>\S.*)$", re.I)
_LINK_FIELD_RE = re.compile(r"\b(?:(?P<agenda>agenda)|(?P<recording>video|recording|livestream|"
                            r"youtube|audio)|(?P<scribe>notes|minutes))\b", re.I)


def field_of(text: str) -> tuple[str, str] | None:
    """``(field, value)`` of a header line, or ``None`` when it is not one."""
    if len(text) > 200:
        return None
    match = _FIELD_RE.match(text)
    if not match:
        return None
    value = match.group("value").strip(" *_")
    if not value:
        return None
    kind = next(k for k in FIELD_LABELS if match.group(k))
    if kind == "agenda" and not re.match(r"(?:https?://|\[|<)", value):
        return None  # "Agenda: release; docs" is the agenda itself, not a link to it
    return kind, value


def link_field(label: str) -> str | None:
    """The field a header link stands for (``[GitHub Agenda](...)`` is the agenda)."""
    if len(label.split()) > 6:
        return None
    match = _LINK_FIELD_RE.search(label)
    if not match:
        return None
    return next(k for k in ("agenda", "recording", "scribe") if match.group(k))
