"""Dates as official lists write them, read into ISO strings that stay partial when the list is
("2014", "2014-05"): a day the list does not give is never invented."""

from __future__ import annotations

import datetime
import re

import lxml.html

from listwatch.sources._readers import clean


_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ENGLISH_DATE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\s+(?P<y1>\d{{4}})\b"  # 14 November 2002
    rf"|\b(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})\b"  # November 14, 2002
    rf"|\b(?P<m3>{_MONTH}),?\s+(?P<y3>\d{{4}})\b",  # November 2002
    re.IGNORECASE,
)


def iso_date(year: int | str, month: int | str | None = None, day: int | str | None = None) -> str | None:
    """ISO date, partial when month or day is missing ("2014", "2014-05"); None when not a real date."""
    try:
        year, month, day = int(year), int(month) if month else None, int(day) if day else None
        datetime.date(year, month or 1, day or 1)
    except (TypeError, ValueError):
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def english_dates(text: str) -> list[str]:
    """Every date written with an English month name in ``text``, in order, as ISO strings:
    "14 November 2002", "November 14, 2002" and "Nov. 2002" (kept partial: "2002-11")."""
    found = []
    for match in _ENGLISH_DATE.finditer(text):
        day = match["d1"] or match["d2"]
        month = MONTHS[(match["m1"] or match["m2"] or match["m3"]).rstrip(".").lower()]
        date = iso_date(match["y1"] or match["y2"] or match["y3"], month, day)
        if date:
            found.append(date)
    return found


def english_date(text: str) -> str | None:
    """The first date written with an English month name in ``text``."""
    dates = english_dates(text)
    return dates[0] if dates else None


_ISO_DATE_TEXT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ].*|Z|[+-]\d{2}:\d{2})?)?)?")
_SLASHED_DATE = re.compile(r"(?:(\d{1,2})/)?(\d{1,2})/(\d{4})")
_WORDED_DATE = re.compile(r"(?:(\d{1,2}) )?([A-Za-z]+)\.? (\d{4})")
# The Official Journal of the EU writes dates day first with dots: "6.10.2001", "04.03.2020".
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DOTTED_DATE_OR_YEAR = re.compile(r"(?<![\d.])(?:(\d{1,2})\.(\d{1,2})\.)?(\d{4})(?![\d.])")


def parse_date(value: str | None, order: str = "ymd") -> str | None:
    """The ISO form of a date field, partial when the source gives only a year or a month; None
    when ``value`` is not a date.

    Reads ISO dates followed by any time or offset ("2015-03-27-04:00", "2025-11-20T23:00:09Z" →
    the day as written), "12 Feb 1962" and "Feb 1962" (OFAC), and slashed dates in the day order
    ``order`` says ("dmy": UK, "mdy": US; "05/1980" is month/year), and the EU's dotted
    day-first dates ("6.10.2001"). A 00 day or month means unknown
    (OFSI writes "00/00/1980"), so the date is kept partial rather than invented."""
    text = clean(value)
    if text is None:
        return None
    if match := _ISO_DATE_TEXT.fullmatch(text):
        year, month, day = match.groups()
        return iso_date(int(year), int(month or 0), int(day or 0))
    if match := _SLASHED_DATE.fullmatch(text):
        first, second, year = match.groups()
        if first is None:
            return iso_date(int(year), int(second))
        day, month = (first, second) if order == "dmy" else (second, first)
        return iso_date(int(year), int(month), int(day))
    if match := _DOTTED_DATE.fullmatch(text):
        day, month, year = match.groups()
        return iso_date(int(year), int(month), int(day))
    if (match := _WORDED_DATE.fullmatch(text)) and match.group(2).lower() in MONTHS:
        day, month, year = match.groups()
        return iso_date(int(year), MONTHS[month.lower()], int(day or 0))
    return None


def dotted_dates(text: str) -> list[str]:
    """Every dotted day-first date or bare year in ``text``, in order, as ISO strings: the EU
    writes alternatives in one field ("14.4.1965 or 1.3.1964", "(a) 30.7.1957 (b) 1956",
    "circa 1957")."""
    found = []
    for day, month, year in _DOTTED_DATE_OR_YEAR.findall(text):
        if date := iso_date(int(year), int(month or 0), int(day or 0)):
            found.append(date)
    return found


def parse_period(value: str | None, order: str = "ymd") -> str | None:
    """``parse_date``, or an ISO 8601 interval "start/end" for "A to B" (OFAC's date ranges)."""
    text = clean(value)
    if text is None:
        return None
    if " to " in text:
        start, end = (parse_date(part, order) for part in text.split(" to ", 1))
        return f"{start}/{end}" if start and end else None
    return parse_date(text, order)


_LAST_UPDATED = re.compile(r"\b(?:last\s+)?(?:updated|modified)\s*:?\s*(?:on\s+)?(?P<date>[^<\n]{6,40})", re.IGNORECASE)


def last_updated(document: lxml.html.HtmlElement) -> str | None:
    """The date of a page's "Last updated 7 March 2025" / "Updated: …" line, when it has one."""
    for match in _LAST_UPDATED.finditer(document.text_content()):
        date = english_date(match["date"])
        if date:
            return date
    return None
