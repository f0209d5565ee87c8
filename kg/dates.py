"""Find calendar dates written the ways meeting notes write them.

Notes date themselves as ``2015-12-02``, ``2nd December 2015``,
``21 March, 2023``, ``Dec 2, 2015`` or ``02/12/2015``.  :func:`find_date`
returns the first valid one in a string, as a :class:`datetime.date`.

>>> find_date("Weekly Meeting: 2015-12-02")
datetime.date(2015, 12, 2)
>>> find_date("# 21 March, 2023 Meeting Notes")
datetime.date(2023, 3, 21)
>>> find_date("2nd December 2015: Website stability")
datetime.date(2015, 12, 2)
>>> find_date("call on December 2, 2015") == find_date("2015/12/02")
True
>>> find_date("no date here") is None
True
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS = [
    # 2015-12-02, 2015/12/02, 2015.12.02, 20151202 (in file names)
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-/._]?(?P<month>[01]\d)[-/._]?(?P<day>[0-3]\d)(?!\d)"),
    # 2nd December 2015, 21 March, 2023, 16th of April 2013
    re.compile(rf"(?<![\w]){_DAY}\s*(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d)", re.I),
    # December 2, 2015, Dec 2nd 2015
    re.compile(rf"(?<![\w]){_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I),
    # 02/12/2015 or 2.12.2015 (day first, as most of the world writes it)
    re.compile(r"(?<![\w/.])(?P<day>[0-3]?\d)[/.](?P<month>[0-3]?\d)[/.](?P<year>(?:19|20)\d\d)(?!\d)"),
]


def _to_date(match: re.Match[str]) -> dt.date | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower().rstrip(".")[:3]]
    day = int(match.group("day"))
    year = int(match.group("year"))
    if match.re is _PATTERNS[3] and month > 12 and day <= 12:
        month, day = day, month  # 12/31/2015 written month first
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """Return ``(offset, date)`` for every valid date in *text*, in order.

    >>> [d.isoformat() for _, d in find_dates("from 2024-01-09 to 3rd Feb 2024")]
    ['2024-01-09', '2024-02-03']
    """
    found: list[tuple[int, int, dt.date]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            date = _to_date(match)
            if date is not None:
                found.append((start, end, date))
                taken.append((start, end))
    found.sort()
    return [(start, date) for start, _, date in found]


def find_date(text: str) -> dt.date | None:
    """Return the first valid date written in *text*, or ``None``."""
    dates = find_dates(text)
    return dates[0][1] if dates else None


def coerce_date(value: object) -> dt.date | None:
    """Turn a front-matter value (a YAML date, datetime or string) into a date.

    >>> coerce_date("2013-04-16")
    datetime.date(2013, 4, 16)
    >>> coerce_date(dt.datetime(2020, 1, 2, 10, 30))
    datetime.date(2020, 1, 2)
    >>> coerce_date(42) is None
    True
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return find_date(value)
    return None
