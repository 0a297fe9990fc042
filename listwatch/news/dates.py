"""Date expressions in article text, normalised against the publication date.

``find_dates(text, published)`` → ``DateMention`` list (offsets into ``text``). Granularity is
kept: ``day`` ("on Monday", "On Dec. 8"), ``month`` ("in late November", value "2024-11" with a
``part`` early/mid/late), ``year`` ("in 2015") and ``range`` ("in recent days": start..end).
News is read in the past tense: a weekday is the latest such day on or before publication unless
"next"/"coming" says otherwise; a day-month without a year is the latest one not more than a
month after publication. Expressions that need the publication date stay unresolved
(``value`` None) when it is unknown; absolute ones ("8 December 2024") resolve anyway.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

MONTHS = {m: i for i, names in enumerate([
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for m in names}
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_MONTH = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_PATTERNS = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("month_day", re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4})\b)?")),
    ("day_month", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH
                             + r"(?:,?\s+(?P<year>\d{4})\b)?")),
    ("weekday", re.compile(r"\b(?:(?P<rel>last|next|this|coming|previous)\s+)?(?P<wd>Monday|Tuesday|"
                           r"Wednesday|Thursday|Friday|Saturday|Sunday)\b(?:\s+(?P<part>morning|"
                           r"afternoon|evening|night))?", re.IGNORECASE)),
    ("month", re.compile(r"\b(?:(?P<part>early|mid|late|the end of|the beginning of|the start of)"
                         r"[\s-]+)?" + _MONTH + r"(?:\s+(?P<year>\d{4}))?\b(?!\s+\d)")),
    ("relative", re.compile(r"\b(?P<rel>today|yesterday|tomorrow|(?:in\s+)?(?:recent|past|last|coming)\s+"
                            r"(?:few\s+)?(?:days|weeks|months)|(?:earlier|later)\s+this\s+(?:week|month|year)|"
                            r"(?:last|this|next)\s+(?:week|month|year))\b", re.IGNORECASE)),
    ("year", re.compile(r"\b(?:in|since|until|by|from|of)\s+(?P<year>(?:19|20)\d{2})\b")),
]


@dataclass
class DateMention:
    text: str
    start: int
    end: int
    value: str | None          # "2024-12-16" | "2024-11" | "2015" | "2024-12-09/2024-12-16"
    granularity: str           # day | month | year | range
    part: str | None = None    # early | mid | late … for months
    range: tuple[str, str] | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["range"] = list(self.range) if self.range else None
        return d


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _year_for(month: int, day: int, published: dt.date) -> int:
    try:
        candidate = dt.date(published.year, month, day)
    except ValueError:
        return published.year
    return published.year - 1 if candidate > published + dt.timedelta(days=31) else published.year


def _resolve(kind: str, m: re.Match, published: dt.date | None) -> tuple[str | None, str, str | None, tuple | None]:
    g = m.groupdict()
    if kind == "iso":
        try:
            return _iso(dt.date(int(g["y"]), int(g["m"]), int(g["d"]))), "day", None, None
        except ValueError:
            return None, "day", None, None
    if kind in ("month_day", "day_month"):
        month, day = MONTHS[g["month"].lower().rstrip(".")], int(g["day"])
        year = int(g["year"]) if g.get("year") else (
            _year_for(month, day, published) if published else None)
        if year is None:
            return None, "day", None, None
        try:
            return _iso(dt.date(year, month, day)), "day", None, None
        except ValueError:
            return None, "day", None, None
    if kind == "weekday":
        if published is None:
            return None, "day", g.get("part"), None
        target = WEEKDAYS[g["wd"].lower()]
        rel = (g.get("rel") or "").lower()
        delta = (published.weekday() - target) % 7
        if rel in ("next", "coming"):
            day = published + dt.timedelta(days=(target - published.weekday()) % 7 or 7)
        elif rel in ("last", "previous"):
            day = published - dt.timedelta(days=delta or 7)
        else:
            day = published - dt.timedelta(days=delta)
        return _iso(day), "day", g.get("part"), None
    if kind == "month":
        month = MONTHS[g["month"].lower().rstrip(".")]
        part = g.get("part")
        if g.get("year"):
            year = int(g["year"])
        elif published:
            year = published.year if month <= published.month + 1 else published.year - 1
        else:
            return None, "month", part, None
        return f"{year:04d}-{month:02d}", "month", part, None
    if kind == "year":
        return g["year"], "year", None, None
    if kind == "relative":
        if published is None:
            return None, "range", None, None
        rel = " ".join(g["rel"].lower().split())
        if rel == "today":
            return _iso(published), "day", None, None
        if rel == "yesterday":
            return _iso(published - dt.timedelta(days=1)), "day", None, None
        if rel == "tomorrow":
            return _iso(published + dt.timedelta(days=1)), "day", None, None
        monday = published - dt.timedelta(days=published.weekday())
        if rel.endswith("days"):
            span = (published - dt.timedelta(days=7), published)
        elif rel.endswith("weeks"):
            span = (published - dt.timedelta(days=28), published)
        elif rel.endswith("months"):
            span = (published - dt.timedelta(days=92), published)
        elif rel in ("last week",):
            span = (monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
        elif rel.endswith("this week") or rel == "this week":
            span = (monday, published if rel.startswith("earlier") else monday + dt.timedelta(days=6))
        elif rel == "next week":
            span = (monday + dt.timedelta(days=7), monday + dt.timedelta(days=13))
        elif rel.endswith("month"):
            first = published.replace(day=1)
            if rel.startswith("last"):
                prev = first - dt.timedelta(days=1)
                return f"{prev.year:04d}-{prev.month:02d}", "month", None, None
            return f"{first.year:04d}-{first.month:02d}", "month", None, None
        elif rel.endswith("year"):
            year = published.year - 1 if rel.startswith("last") else published.year
            return str(year), "year", None, None
        else:
            span = (published - dt.timedelta(days=7), published)
        return f"{_iso(span[0])}/{_iso(span[1])}", "range", None, (_iso(span[0]), _iso(span[1]))
    raise AssertionError(kind)


def parse_published(value: str | None) -> dt.date | None:
    """A publication date from metadata text (ISO, RFC 822, "Dec 16, 2024" …), or None."""
    if not value:
        return None
    value = str(value).strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    import dateparser  # slow to import; only for unusual metadata

    parsed = dateparser.parse(value, settings={"PREFER_DAY_OF_MONTH": "first",
                                               "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None


def find_dates(text: str, published: dt.date | str | None) -> list[DateMention]:
    if isinstance(published, str):
        published = parse_published(published)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if kind == "month" and m.group("month") == "May" and not (m.group("year") or m.group("part")):
                before = text[max(0, m.start() - 6):m.start()].lower()
                if not re.search(r"\b(in|of|since|until|by)\s+$", before):
                    continue
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            value, granularity, part, span = _resolve(kind, m, published)
            taken.append((s, e))
            found.append(DateMention(m.group(0), s, e, value, granularity, part, span))
    found.sort(key=lambda d: d.start)
    return found
