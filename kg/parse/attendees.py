"""Attendee lists in every shape: labels, wrapped lines, bullets, tables, handles.

``Attendees: Amir Chaudhry (chair), Richard (Mort) Mortier and Chris ?``,
a ``Present`` heading over bullets such as ``Jane Smith (@jsmith), Acme``,
a Name/Abbreviation/Organization table, or a bare line of names under the
title.  ``Regrets``/``Absent``/``Not present`` lists are never attendance.

>>> [(a.name, a.role, a.nickname) for a in parse_attendees(
...     "Amir Chaudhry (chair), Richard (Mort) Mortier and Chris ?.")]
[('Amir Chaudhry', 'chair', None), ('Richard Mortier', None, 'Mort'), ('Chris ?', None, None)]
>>> a = attendee_item("Jane Smith (@jsmith), Acme")
>>> a.name, a.handle, a.organization
('Jane Smith', 'jsmith', 'Acme')
"""

from __future__ import annotations

import re

from kg.model import Attendee
from kg.parse.blocks import Table

ATTENDEE_WORDS = (r"attendees|attendance|attending|present|participants|people present|"
                   r"in attendance|who(?:'s| is)? here|people|members present|on the call")
ATTENDEE_LABEL_RE = re.compile(
    rf"^\W*(?:{ATTENDEE_WORDS})\s*(?:\(\s*\d+\s*\))?\s*\W*:\W*\s*(?P<rest>.*)$", re.I | re.S
)
ATTENDEE_HEADING_RE = re.compile(rf"^\W*(?:{ATTENDEE_WORDS})\s*(?:\([^()]{{0,30}}\))?\W*$", re.I)
CHAIR_LABEL_RE = re.compile(
    r"^\W*(?:chair(?:ed by|person)?|facilitator|moderator|host(?:ed by)?|led by)\s*\W*[:\-–]?\W*\s+"
    r"(?P<rest>[^,;]{2,60}?)\W*$"
    # meeting bots (MeetBot, zodbot): "Meeting started by kevin at 16:00:12 UTC."
    r"|^\W*meeting (?:was )?(?:started|opened|chaired|convened|called to order) by "
    r"(?P<bot>[\w.@'-]+(?: [A-Z][\w.'-]+)?)(?: at\b.*)?\W*$",
    re.I,
)
ABSENT_LABEL_RE = re.compile(r"^\W*(?:apologies|regrets|absent|absentees|unable to attend|not present|"
                             r"not attending|missing|excused)\b", re.I)
SCRIBE_LABEL_RE = re.compile(r"^\W*(?:scribe|notes? taker|minutes(?: taken)? by|notes by)\W*:",
                              re.I)
DATE_LABEL_RE = re.compile(r"^\W*(?:date|when|meeting date|time)\W*:", re.I)
_CHAIR_WORDS = {"chair", "chairing", "chairperson", "chairman", "chairwoman", "facilitator",
                "facilitating", "moderator", "host", "lead", "leading"}
_SCRIBE_WORDS = {"scribe", "notes", "note taker", "minutes", "notetaker", "taking notes"}


def split_top_level(text: str) -> list[str]:
    pieces: list[str] = []
    depth = 0
    current: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if depth == 0:
            if char in ",;\n":
                pieces.append("".join(current))
                current = []
                i += 1
                continue
            for word in (" and ", " & ", " und ", " et "):
                if text[i:i + len(word)].lower() == word:
                    pieces.append("".join(current))
                    current = []
                    i += len(word)
                    break
            else:
                current.append(char)
                i += 1
            continue
        current.append(char)
        i += 1
    pieces.append("".join(current))
    return pieces


def parse_attendees(text: str) -> list[Attendee]:
    """Split an attendee list as written into :class:`~kg.model.Attendee` entries.

    >>> [(a.name, a.role, a.nickname) for a in parse_attendees(
    ...     "Amir Chaudhry (chair), Richard (Mort) Mortier and Chris ?.")]
    [('Amir Chaudhry', 'chair', None), ('Richard Mortier', None, 'Mort'), ('Chris ?', None, None)]
    """
    attendees: list[Attendee] = []
    seen: set[str] = set()
    for piece in split_top_level(text):
        attendee = parse_attendee(piece)
        if attendee and attendee.name.lower() not in seen:
            seen.add(attendee.name.lower())
            attendees.append(attendee)
    return attendees


#: The names a video-call tool gives a participant who did not give one ("Zoom user", "Usuario de
#: Zoom", "Guest 3", "Jane's iPhone"): nobody in particular.
_PLACEHOLDER_RE = re.compile(
    r"(?:(?:zoom|teams|webex|meet|jitsi|skype|call-?in|dial-?in)\s+(?:user|guest|participant|caller)"
    r"|(?:usuario|usuaria|utilisateur|utilisatrice|benutzer|utente|gebruiker)\s+(?:de\s+|di\s+|van\s+)?"
    r"(?:zoom|teams|webex|meet)|(?:guest|participant|caller|unknown|anonymous)(?:\s*#?\d+)?"
    r"|(?:[\w'’ ]+['’]s\s+)?(?:iphone|ipad|android|galaxy|phone)"
    r"|(?-i:[a-z][a-z0-9_-]*bot)|[\w.-]+\.ai(?:\s+\w+)?)", re.I)  # meeting bots: zodbot, Otter.ai


def is_placeholder_name(text: str) -> bool:
    """Whether a listed name is a video-call tool's placeholder rather than a person.

    >>> [is_placeholder_name(n) for n in ("Zoom user", "Usuario de Zoom", "Guest 2", "Ann's iPhone",
    ...                                   "Zoom Lee", "Ann Guest", "zodbot", "Otter.ai", "Abbot")]
    [True, True, True, True, False, False, True, True, False]
    """
    return bool(_PLACEHOLDER_RE.fullmatch(text.strip()))


def parse_attendee(piece: str) -> Attendee | None:
    raw = piece.strip()
    if len(raw) > 300:  # no name, role, handle and organisation take that much; bounds the work below
        return None
    text = re.sub(r"^(?:and|&)\s+", "", raw.strip(" \t*_`"), flags=re.I).strip()
    text = re.sub(r"<[^>@\s]+@[^>]+>|\S+@\S+\.\w+", "", text).strip()  # e-mail addresses
    role = nickname = organization = handle = None
    for match in list(re.finditer(r"\(([^()]*)\)|\[([^\[\]]*)\]", text)):
        inner = (match.group(1) or match.group(2) or "").strip()
        low = inner.lower().strip(" .")
        before, after = text[: match.start()].strip(), text[match.end():].strip()
        if low in _CHAIR_WORDS or low.startswith("chair"):
            role = "chair"
        elif low in _SCRIBE_WORDS or low.startswith(("scribe", "notes", "minutes")):
            role = "scribe"
        elif re.fullmatch(r"[A-Z][\w'-]*", inner) and before and after:
            nickname = inner
        elif re.fullmatch(r"@[\w.-]{2,39}|[a-z][a-z0-9._-]*\d[a-z0-9._-]*", inner):
            handle = inner.lstrip("@")
        elif low.startswith(("with ", "guest", "joined", "left", "late", "part", "from ")):
            pass
        elif inner and not low.startswith(("?", "tbc")):
            organization = inner
        text = (before + " " + after).strip() if match.group(0) in text else text
    described = re.match(r"^(?P<name>[^–—]+?)\s+[-–—]\s+(?P<what>\S.{1,40})$", text)  # "Dara — docs lead"
    if described and len(described.group("name").split()) <= 4 and \
            described.group("what").lower() not in ("chair", "chairing", "scribe"):
        text, organization = described.group("name"), organization or described.group("what")
    for word in ("chair", "chairing", "scribe"):
        trailing = re.search(rf"\s*[-–—:,]?\s*\b{word}\b\s*$", text, re.I)
        if trailing and len(text[: trailing.start()].split()) >= 1:
            role = role or ("scribe" if word == "scribe" else "chair")
            text = text[: trailing.start()]
    text = re.sub(r"\s+", " ", text).strip(" \t*_`.,;:-–—").lstrip("@")
    if not text or len(text.split()) > 5 or len(text) > 60:
        return None
    if not re.search(r"[^\W\d_]", text):
        return None
    if text.lower() in ("none", "n/a", "tbd", "others", "everyone", "all", "etc", "and others"):
        return None
    if is_placeholder_name(text):
        return None
    return Attendee(name=text, raw=raw, role=role, nickname=nickname, organization=organization,
                    handle=handle)


def attendee_item(text: str) -> Attendee | None:
    """One bullet of an attendee list: ``Jane Smith (@jsmith), Acme`` is Jane, from Acme."""
    pieces = [p for p in split_top_level(text) if p.strip()]
    if len(pieces) < 2 or not all(len(p.split()) <= 4 for p in pieces):
        return parse_attendee(text)
    attendee = parse_attendee(pieces[0])
    if attendee is not None and looks_like_name_list(text) is False:
        attendee.organization = attendee.organization or ", ".join(p.strip() for p in pieces[1:])
        attendee.raw = text.strip()
    return attendee


_NAME_PIECE_RE = re.compile(r"^(?:[A-ZÀ-Ý][\w'’.-]*|de|da|van|von|der|del|la|le|bin|al|\?)$")


def looks_like_name_list(text: str) -> bool:
    """A bare line of names: ``Amir Chaudhry (chair), Thomas Gazagnaire and Jon Ludlam``."""
    if len(text) > 1200 or text.count(",") + text.count(" and ") < 2:
        return False
    pieces = [p.strip(" .") for p in split_top_level(text) if p.strip(" .")]
    if len(pieces) < 3:
        return False
    good = 0
    for piece in pieces:
        words = re.sub(r"\([^)]*\)", " ", piece).split()
        if 1 <= len(words) <= 4 and all(_NAME_PIECE_RE.match(w) for w in words):
            good += 1
    return good >= 0.8 * len(pieces)


def table_attendees(table: Table, in_attendee_section: bool) -> list[Attendee] | None:
    header = [h.lower().strip(" *") for h in table.header]
    if not header:
        return None
    name_col = next((i for i, h in enumerate(header) if h in ("name", "names", "attendee",
                     "attendees", "participant", "person", "who")), None)  # fmt: skip
    if name_col is None:
        return None
    extra = {"abbreviation", "abbrev", "abbr", "initials", "organization", "organisation",
             "affiliation", "company", "org", "role", "handle", "github"}
    if not in_attendee_section and not any(h in extra for h in header):
        return None

    def col(*names: str) -> int | None:
        return next((i for i, h in enumerate(header) if h in names), None)

    abbr_col = col("abbreviation", "abbrev", "abbr", "initials")
    org_col = col("organization", "organisation", "affiliation", "company", "org")
    role_col = col("role")
    attendees = []
    for row in table.rows:
        if name_col >= len(row):
            continue
        attendee = parse_attendee(row[name_col])
        if attendee is None:
            continue
        if abbr_col is not None and abbr_col < len(row) and row[abbr_col].strip():
            attendee.abbreviation = row[abbr_col].strip()
        if org_col is not None and org_col < len(row) and row[org_col].strip():
            attendee.organization = row[org_col].strip()
        if role_col is not None and role_col < len(row) and "chair" in row[role_col].lower():
            attendee.role = "chair"
        attendees.append(attendee)
    return attendees


_STRAY_BULLET_RE = re.compile(r"^[-*•+]+\s*(?=\S)")


def paragraph_attendees(text: str, line_starts: list[int], kind: str) -> list[Attendee]:
    """The attendees of one paragraph of an attendee list.

    A bullet is one person (with affiliations after a comma); a paragraph is
    a written list, or one name per line when every line is a short name.

    >>> [a.name for a in paragraph_attendees("Tim Beiko Danny Ryan", [0, 10], "p")]
    ['Tim Beiko', 'Danny Ryan']
    >>> [a.name for a in paragraph_attendees("Justin Florentine -* Crypdough.eth", [0, 18], "item")]
    ['Justin Florentine', 'Crypdough.eth']
    """
    lines = [text[a:b].strip() for a, b in zip(line_starts, [*line_starts[1:], len(text)],
                                                 strict=False)] if line_starts else [text]
    if kind == "item":
        if len(lines) > 1 and all(_STRAY_BULLET_RE.match(line) for line in lines[1:]):
            items = [lines[0], *(_STRAY_BULLET_RE.sub("", line) for line in lines[1:])]
        else:  # "-* Crypdough.eth" under a bullet: a mistyped bullet, another person
            items = [text]
        return [a for a in map(attendee_item, items) if a]
    if len(lines) > 1 and all(0 < len(line.split()) <= 4 and "," not in line for line in lines):
        return [a for a in (parse_attendee(line) for line in lines) if a]
    return parse_attendees(text)
