"""Dates at the precision the editor knows: a day, a month, a year, "c. 1891", a range, a dispute.

Annotations write dates as text, never as YAML dates: ``1936-09-26``, ``1936-09``,
``1936``, ``c. 1891``, or a range ``1936-08-19/1936-08-24`` (ISO 8601's interval
notation). One module parses them, checks them, sorts them, and writes them for
people (``26 September 1936``) and for machines (``<time datetime="1936-09-26">``).
"""

from __future__ import annotations

import dataclasses
import datetime
import re

_ONE = r"(c\. ?)?(-?\d{3,4})(?:-(\d{2})(?:-(\d{2}))?)?"
DATE_RE = re.compile(rf"^{_ONE}$")
RANGE_RE = re.compile(rf"^{_ONE}\s*/\s*{_ONE}$")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

#: What a contributor may write, for messages and field help.
FORMATS = "YYYY-MM-DD, YYYY-MM, YYYY, 'c. YYYY', or a range such as 1936-08-19/1936-08-24"


@dataclasses.dataclass(frozen=True, order=True)
class Date:
    """One date at year, month or day precision, possibly approximate ("c.")."""

    year: int
    month: int = 0
    day: int = 0
    circa: bool = False

    def iso(self) -> str:
        """The HTML ``datetime`` value: ``1936``, ``1936-09`` or ``1936-09-26``."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def human(self) -> str:
        """``26 September 1936``, ``September 1936``, ``1936`` or ``c. 1891``."""
        text = str(self.year)
        if self.month:
            text = f"{MONTHS[self.month - 1]} {text}"
        if self.day:
            text = f"{self.day} {text}"
        return ("c. " if self.circa else "") + text

    def sort_key(self) -> tuple[int, int, int]:
        """Sorts a year before its months and a month before its days."""
        return (self.year, self.month, self.day)

    def latest(self) -> datetime.date:
        """The last day this date can mean (for "is it in the future?")."""
        if self.day:
            return datetime.date(self.year, self.month, self.day)
        if self.month:
            return datetime.date(self.year, self.month, _DAYS[self.month - 1] if self.month != 2 else 28)
        return datetime.date(self.year, 12, 31)


@dataclasses.dataclass(frozen=True)
class Span:
    """A date or a range of dates (``end`` is ``None`` for a single date)."""

    start: Date
    end: Date | None = None

    def iso(self) -> str:
        """The ``<time datetime>`` value: the start (HTML has no value for a range of days)."""
        return self.start.iso()

    def human(self) -> str:
        """``19–24 August 1936``, ``1929–1930``, or the single date."""
        if self.end is None:
            return self.start.human()
        a, b = self.start, self.end
        if not a.circa and not b.circa and a.year == b.year and a.month and a.month == b.month and a.day and b.day:
            return f"{a.day}–{b.day} {MONTHS[a.month - 1]} {a.year}"
        if not a.circa and not b.circa and a.year == b.year and a.month and b.month and a.day and b.day:
            return f"{a.day} {MONTHS[a.month - 1]} – {b.day} {MONTHS[b.month - 1]} {a.year}"
        return f"{a.human()} – {b.human()}" if (a.month or b.month) else f"{a.human()}–{b.human()}"

    def sort_key(self) -> tuple[int, int, int]:
        """The start's sort key."""
        return self.start.sort_key()


def _one(groups: tuple[str | None, ...], text: str) -> Date:
    circa, year, month, day = groups
    m, d = int(month or 0), int(day or 0)
    if month and not 1 <= m <= 12:
        raise ValueError(f"month {month} in '{text}' is not 01-12")
    if day and not 1 <= d <= _DAYS[m - 1]:
        raise ValueError(f"day {day} in '{text}' does not exist in month {month}")
    if day and m == 2 and d == 29 and not _leap(int(year or 0)):
        raise ValueError(f"29 February {year} does not exist ({year} is not a leap year)")
    return Date(int(year or 0), m, d, bool(circa))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def parse(text: str) -> Span:
    """Parse a date or a range; raise ``ValueError`` with a message a contributor can act on."""
    value = str(text).strip()
    m = DATE_RE.match(value)
    if m:
        return Span(_one(m.groups(), value))
    m = RANGE_RE.match(value)
    if m:
        start, end = _one(m.groups()[:4], value), _one(m.groups()[4:], value)
        if end.sort_key() < start.sort_key():
            raise ValueError(f"the range '{value}' ends before it starts")
        return Span(start, end)
    raise ValueError(f"'{value}' is not a date Glossa understands; write {FORMATS}")


def check(text: str) -> str:
    """Validate ``text`` as a date or range and return it stripped (for the model's validators)."""
    parse(text)
    return str(text).strip()


def human(text: str | None) -> str:
    """A date or range as people write it (``26 September 1936``); unparsable text is returned as is."""
    if not text:
        return ""
    try:
        return parse(text).human()
    except ValueError:
        return str(text)


def sort_key(text: str | None) -> tuple[int, int, int]:
    """Sort key of a date or range; unknown dates sort last."""
    try:
        return parse(text or "").sort_key()
    except ValueError:
        return (99999, 0, 0)
