"""Notes that cover several days: one meeting per day.

A workshop, an in-person meeting or a summit is often written up as one file
with a heading per day (``## Day 1 (October 10, 2023)``, ``## Day 2 —
Wednesday 11 October``).  Each day is a meeting of its own: its own date, its
own sections, its own attendees when the day lists them (rather than the list
the days share).  What comes before the first day (the title, the header
fields, a shared attendee list) belongs to every day.

A note splits when it has two or more headings of the same level that start
with ``Day`` and a number and each name a different date; a day heading
without a year takes the note's year.

>>> from kg.parse.blocks import Heading, Paragraph
>>> blocks = [Heading("Summit", 1, 1), Heading("Day 1: 10 Oct 2023", 2, 3), Paragraph("a", 4),
...           Heading("Day 2: 11 Oct", 2, 6), Heading("Wasm GC", 3, 7), Paragraph("b", 8)]
>>> [(start, end, str(day)) for start, end, day in day_spans(blocks, 2023)]
[(1, 3, '2023-10-10'), (3, 6, '2023-10-11')]
>>> day_spans(blocks[:3], 2023)
[]
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from kg.dates import find_date, find_month_day, with_year
from kg.parse.blocks import Block, Heading

_DAY_RE = re.compile(r"^\W*day\s*(?:\d{1,2}|one|two|three|four|five|six|seven)\b", re.I)


def heading_date(text: str, year: int | None) -> dt.date | None:
    """The date a day heading names, completed by *year* when it gives none.

    >>> heading_date("Day 2 (Wednesday, 11 October)", 2023), heading_date("Day 2", 2023)
    (datetime.date(2023, 10, 11), None)
    """
    found = find_date(text)
    if found is None and year is not None:
        month_day = find_month_day(text)
        found = with_year(month_day, year) if month_day else None
    return found


def day_spans(blocks: list[Block], year: int | None) -> list[tuple[int, int, dt.date]]:
    """``(first block, end block, date)`` of each day of a note, or ``[]`` when the note is
    one meeting.  A day runs from its heading to the next day heading (the last to the end)."""
    found = [(i, b.level, heading_date(b.text, year)) for i, b in enumerate(blocks)
             if isinstance(b, Heading) and _DAY_RE.match(b.text)]
    levels = {level for _, level, _ in found}
    dates = [date for _, _, date in found]
    if len(found) < 2 or len(levels) != 1 or None in dates or len(set(dates)) != len(dates):
        return []
    ends = [i for i, _, _ in found[1:]] + [len(blocks)]
    return [(i, end, date) for (i, _, date), end in zip(found, ends, strict=True) if date]


def attendee_blocks(blocks: list[Block], meta: dict[str, Any], source: str, fmt: str) -> set[int]:
    """The indexes of the blocks that hold the attendee list of *blocks* read as a note
    (none when they list nobody): a day's own list, or the one the days share."""
    from kg.parse.assemble import Draft, attendees, date_lines, description, header_fields, title

    draft = Draft(blocks=copy.deepcopy(blocks), meta=meta, source=source, fmt=fmt)
    for step in (header_fields, title, description, date_lines):
        step(draft)
    before = set(draft.consumed)
    attendees(draft)
    return draft.consumed - before if draft.attendees else set()

