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
    # 2025/4/18, 2025-4-8: year first with a one-digit month or day (never with dots: versions)
    re.compile(r"(?<![\w/.])(?P<year>(?:19|20)\d\d)(?P<sep>[-/])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?![\d/.-])"),
]


#: Shapes read only in a header field (``Date: 2024.7.24``, ``Meeting Date/Time: Friday 9/8/17``),
#: where a number with dots or a two-digit year cannot be a version or a ratio.
_HEADER_PATTERNS = [
    re.compile(r"(?<![\w/.])(?P<year>(?:19|20)\d\d)\.(?P<month>[01]?\d)\.(?P<day>[0-3]?\d)(?![\d.])"),
    re.compile(r"(?<![\w/.:])(?P<day>[0-3]?\d)/(?P<month>[0-3]?\d)/(?P<year>\d\d)(?![\d/])"),
    re.compile(rf"(?<!\d){_YEAR}[-/\s]+{_MONTH}[-/\s]*{_DAY}(?!\d)", re.I),  # 2022-Nov.-24
]

_DAY_FIRST = (_PATTERNS[3], _HEADER_PATTERNS[1])
_WEEKDAY_RE = re.compile(r"\b(?P<day>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*$", re.I)
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _weekday_before(match: re.Match[str]) -> int | None:
    """The weekday written just before a date ("Friday 9/8/17"), 0 for Monday."""
    found = _WEEKDAY_RE.search(match.string[max(0, match.start() - 12):match.start()])
    if not found or found.group(0).strip(" ,.").lower().startswith("month"):
        return None
    return _WEEKDAYS.index(found.group("day").lower())


def _to_date(match: re.Match[str]) -> dt.date | None:
    month_text = match.group("month")
    numeric = month_text.isdigit()
    month = int(month_text) if numeric else MONTHS[month_text.lower().rstrip(".")[:3]]
    day = int(match.group("day"))
    year = int(match.group("year"))
    if year < 100:
        year += 2000 if year <= dt.date.today().year % 100 + 1 else 1900
    if numeric and month > 12 and day <= 12:
        month, day = day, month  # 12/31/2015 written month first
    elif numeric and match.re in _DAY_FIRST and month != day and month <= 12:
        weekday = _weekday_before(match)  # "Friday 9/8/17" is 8 September only if that was a Friday
        written, swapped = _valid(year, month, day), _valid(year, day, month)
        if weekday is not None and written and swapped and written.weekday() != weekday == swapped.weekday():
            return swapped
    return _valid(year, month, day)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """Return ``(offset, date)`` for every valid date in *text*, in order.

    >>> [d.isoformat() for _, d in find_dates("from 2024-01-09 to 3rd Feb 2024")]
    ['2024-01-09', '2024-02-03']
    """
    return [(start, date) for start, _, date in date_spans(text)]


def date_spans(text: str, header: bool = False) -> list[tuple[int, int, dt.date]]:
    """Return ``(start, end, date)`` for every valid date in *text*, in order; with *header*,
    also the shapes only a header field's value can be taken for.

    >>> date_spans("on 3rd Feb 2024!")
    [(3, 15, datetime.date(2024, 2, 3))]
    >>> [d.isoformat() for _, _, d in date_spans("Friday 9/8/17, 2024.7.24", header=True)]
    ['2017-09-08', '2024-07-24']
    """
    found: list[tuple[int, int, dt.date]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS + (_HEADER_PATTERNS if header else []):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            date = _to_date(match)
            if date is not None:
                found.append((start, end, date))
                taken.append((start, end))
    found.sort()
    return found


def find_date(text: str, header: bool = False) -> dt.date | None:
    """Return the first valid date written in *text* (a header field's value with *header*),
    or ``None``.

    >>> find_date("Thursday 2022/19/5 at 14:00 UTC", header=True), find_date("v2024.7.24")
    (datetime.date(2022, 5, 19), None)
    """
    dates = date_spans(text, header)
    return dates[0][2] if dates else None


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


_MONTH_DAY_PATTERNS = [
    re.compile(rf"(?<![\w]){_MONTH}\s+{_DAY}(?![\d:])", re.I),  # March 28th, Apr 11
    re.compile(rf"(?<![\w]){_DAY}\s*(?:of\s+)?{_MONTH}(?!\w)", re.I),  # 28 March, 3rd of May
]


def find_month_day(text: str) -> tuple[int, int] | None:
    """``(month, day)`` of the first date written without a year (``March 28th``).

    >>> find_month_day("**When**: March 28th, 4pm-5pm UTC"), find_month_day("on 3rd of May")
    ((3, 28), (5, 3))
    >>> find_month_day("no date"), find_month_day("4pm-5pm")
    (None, None)
    """
    found = []
    for pattern in _MONTH_DAY_PATTERNS:
        match = pattern.search(text)
        if match:
            month = MONTHS[match.group("month").lower().rstrip(".")[:3]]
            day = int(match.group("day"))
            if 1 <= day <= 31:
                found.append((match.start(), month, day))
    if not found:
        return None
    _, month, day = min(found)
    return month, day


def with_year(month_day: tuple[int, int], year: int) -> dt.date | None:
    """The date of *month_day* in *year*, or ``None`` if there is no such day."""
    try:
        return dt.date(year, *month_day)
    except ValueError:
        return None


def years_in_path(path: str) -> list[int]:
    """Years named by a file's folders, nearest folder first (``wasm-cg-2023/`` -> 2023).

    >>> years_in_path("meetings/main/2023/CG-03-28.md"), years_in_path("notes/a.md")
    ([2023], [])
    """
    parts = re.split(r"[\\\\/]", path)[:-1]
    years = []
    for part in reversed(parts):
        for match in re.finditer(r"(?<!\d)((?:19|20)\d\d)(?!\d)", part):
            years.append(int(match.group(1)))
    return years


def month_day_in_name(name: str) -> tuple[int, int] | None:
    """``(month, day)`` of a file name such as ``CG-03-28.md`` that leaves out the year.

    >>> month_day_in_name("CG-03-28.md"), month_day_in_name("notes-2024.md")
    ((3, 28), None)
    """
    stem = re.sub(r"\.\w+$", "", name)
    match = re.search(r"(?<!\d)([01]?\d)[-_.]([0-3]?\d)(?!\d)", stem)
    if not match or re.search(r"(?:19|20)\d\d", stem):
        return None
    month, day = int(match.group(1)), int(match.group(2))
    return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None
