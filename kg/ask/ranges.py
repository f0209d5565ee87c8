"""Date ranges named in a question: quarters, halves, "between March and May 2024", "since June".

Each reader returns ``(since, until, span)`` with ISO dates (either may be
``None`` for an open end) and the characters of the question it used, or
``None`` when the question names no such range.

>>> read_range("what did we decide in Q3 2024?")[:2]
('2024-07-01', '2024-09-30')
>>> read_range("what happened between March and May 2024?")[:2]
('2024-03-01', '2024-05-31')
>>> read_range("who chaired since June 2024?")[:2]
('2024-06-01', None)
>>> read_range("what did Ann do before 2024-03-05?")[:2]
(None, '2024-03-04')
>>> read_range("what did Lena do in the first half of 2024?")[:2]
('2024-01-01', '2024-06-30')
>>> read_range("who attended in 2024?") is None
True
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from kg.dates import MONTHS, date_spans

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
#: One end of a range: a full date, a month with or without its year, or a year.
_POINT = (rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}|"
          rf"{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?(?:\s+(?:19|20)\d\d)?|(?:19|20)\d\d)")
_BETWEEN_RE = re.compile(rf"\b(?:between|from)\s+(?P<a>{_POINT})\s+(?:and|to|until|till|-|–)\s+"
                         rf"(?P<b>{_POINT})\b", re.I)
_SINCE_RE = re.compile(rf"\b(?:since|after|starting(?:\s+(?:in|from))?)\s+(?P<a>{_POINT})\b", re.I)
_UNTIL_RE = re.compile(rf"\b(?:before|until|till|up\s+to|prior\s+to)\s+(?P<b>{_POINT})\b", re.I)
_QUARTER_RE = re.compile(r"\bQ(?P<q>[1-4])\s*(?:of\s+)?(?P<y>(?:19|20)\d\d)\b", re.I)
_HALF_RE = re.compile(r"\b(?:(?P<which>first|second|1st|2nd)\s+half\s+of|H(?P<h>[12]))\s+"
                      r"(?P<y>(?:19|20)\d\d)\b", re.I)

Range = tuple[str | None, str | None, tuple[int, int]]


def read_range(text: str) -> Range | None:
    """The range of dates *text* names, if any (see the module doc)."""
    for reader in (_quarter, _half, _between, _since, _until):
        found = reader(text)
        if found is not None:
            return found
    return None


def _quarter(text: str) -> Range | None:
    match = _QUARTER_RE.search(text)
    if not match:
        return None
    year, first = int(match.group("y")), 3 * int(match.group("q")) - 2
    return _month_start(year, first), _month_end(year, first + 2), match.span()


def _half(text: str) -> Range | None:
    match = _HALF_RE.search(text)
    if not match:
        return None
    year = int(match.group("y"))
    second = (match.group("which") or "").lower() in ("second", "2nd") or match.group("h") == "2"
    return (_month_start(year, 7), _month_end(year, 12), match.span()) if second else \
        (_month_start(year, 1), _month_end(year, 6), match.span())


def _between(text: str) -> Range | None:
    match = _BETWEEN_RE.search(text)
    if not match:
        return None
    a, b = _point(match.group("a")), _point(match.group("b"))
    if a is None or b is None:
        return None
    year_a, year_b = a[2] or b[2], b[2] or a[2]
    if year_a is None or year_b is None:
        return None
    return _start(a, year_a), _end(b, year_b), match.span()


def _since(text: str) -> Range | None:
    match = _SINCE_RE.search(text)
    point = _point(match.group("a")) if match else None
    if match is None or point is None or point[2] is None:
        return None
    return _start(point, point[2]), None, match.span()


def _until(text: str) -> Range | None:
    match = _UNTIL_RE.search(text)
    point = _point(match.group("b")) if match else None
    if match is None or point is None or point[2] is None:
        return None
    if point[1] is not None:  # "before 2024-03-05": the day before
        day = dt.date(point[2], point[0] or 1, point[1]) - dt.timedelta(days=1)
        return None, day.isoformat(), match.span()
    return None, _end(point, point[2]), match.span()


def _point(text: str) -> tuple[int | None, int | None, int | None] | None:
    """``(month, day, year)`` of one end as written; any part may be missing."""
    spans = date_spans(text)
    if spans:
        date = spans[0][2]
        return date.month, date.day, date.year
    year = re.search(r"(?:19|20)\d\d", text)
    month = re.match(r"[A-Za-z]+", text.strip())
    day = re.search(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?(?!\d)", text)
    month_number = MONTHS.get(month.group(0).lower()[:3]) if month else None
    if month_number is None and year is None:
        return None
    return (month_number, int(day.group(1)) if day and month_number else None,
            int(year.group(0)) if year else None)


def _start(point: tuple[int | None, int | None, int | None], year: int) -> str:
    month, day, _ = point
    return dt.date(year, month or 1, day or 1).isoformat()


def _end(point: tuple[int | None, int | None, int | None], year: int) -> str:
    month, day, _ = point
    if day is not None and month is not None:
        return dt.date(year, month, day).isoformat()
    return _month_end(year, month or 12)


def _month_start(year: int, month: int) -> str:
    return dt.date(year, month, 1).isoformat()


def _month_end(year: int, month: int) -> str:
    return dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
