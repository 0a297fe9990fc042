"""Date expressions in article text, normalised against the publication date.

``find_dates(text, published)`` → ``DateMention`` list (offsets into ``text``). Each resolved
mention has a ``value`` at its own granularity and ``range``, the [first day, last day] bracket
the value stands for — uncertainty is a bracket, never a guessed day:

* ``day``      "on Monday", "On Dec. 8", "today"          → "2024-12-16"
* ``month``    "in late November" (``part`` early/mid/late) → "2024-11"
* ``quarter``  "the first quarter of 2024", "Q3 2023"     → "2024-01/2024-03"
* ``season``   "the summer of 2012"                         → "2012-06/2012-09"
* ``year``     "in 2015", "1999", "mid-2023" (``part`` mid)  → "2015"
* ``decade``   "the 1990s"; ``century`` "the 19th century" → "1990-01-01/1999-12-31"
* ``range``    "in recent days", "the past 35 years", "2014–2016", "between 2014 and 2016",
  "Dec. 8–10", "from March to May 2024"

Expressions relative to the publication date follow the tense of their clause (vocabulary in
``dates.yaml``): "will take effect on Thursday" published on a Monday is the coming Thursday,
"said on Thursday" the last one; a day-month or a month without a year likewise. With no tense
cue the news default holds: a weekday is the latest such day on or before publication, a
day-month the latest one not more than a month after it. Expressions that need the publication
date stay unresolved (``value`` None) when it is unknown; absolute ones resolve anyway.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from listwatch.news.rules import FLAGS

DATES_FILE = Path(__file__).resolve().parent / "dates.yaml"

MONTHS = {m: i for i, names in enumerate([
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for m in names}
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
# an abbreviation may take a full stop; a full name's full stop ends the sentence
_MONTH = (r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|Jun(?:e|\.)?|"
          r"Jul(?:y|\.)?|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
          r"Dec(?:ember|\.)?)")
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_DASH = r"\s*(?:[–—-]|to|until|through)\s*"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1\d{3}|20\d{2})"
_NUM = r"(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?|decades?)"
_ORD = (r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last|final|fifth|sixth|seventh|eighth|"
        r"ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
        r"eighteenth|nineteenth|twentieth|twenty-first|\d{1,2}(?:st|nd|rd|th))")
_REL_YEAR = r"(?:(?P<year>\d{4})|(?P<ryear>this|last|next|the)\s+year)"

# kind → pattern, in priority order: a later match overlapping an earlier one is dropped
_PATTERNS = [
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    ("day_range", r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})" + _DASH + r"(?P<day2>\d{1,2})\b(?:,?\s+(?P<year>\d{4})\b)?"
     r"|\b(?P<dayb>\d{1,2})" + _DASH + r"(?P<day2b>\d{1,2})\s+" + _MONTH2 + r"(?:,?\s+(?P<yearb>\d{4})\b)?"),
    ("month_range", r"\b(?:from|between)\s+" + _MONTH + r"\s+(?:to|and|until|through)\s+" + _MONTH2
     + r"(?:,?\s+(?P<year>\d{4}))?\b"),
    ("month_day", r"(?:\b" + _WEEKDAY + r",?\s+)?\b" + _MONTH
     + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4})\b)?"),
    ("day_month", r"(?:\b" + _WEEKDAY + r",?\s+(?:the\s+)?)?\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
     + _MONTH + r"(?:,?\s+(?P<year>\d{4})\b)?"),
    ("quarter", r"\b(?:the\s+)?" + _ORD + r"\s+quarter\s+(?:of\s+)?" + _REL_YEAR
     + r"|\bQ(?P<q>[1-4])\s*(?P<qyear>\d{4})\b"),
    # "of" before a relative year: "prices fall next year" is a verb
    ("season", r"\b(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:(?:of\s+)?(?P<year>\d{4})|"
     r"of\s+(?P<ryear>this|last|next|the)\s+year)"
     r"|\b(?P<rseason>this|last|next)\s+(?P<season2>spring|summer|autumn|fall|winter)\b"),
    ("year_range", r"\b(?:from|between)\s+(?P<a>" + _YEAR + r")\s+(?:to|and|until|till|through)\s+(?P<b>"
     + _YEAR + r")\b|(?<![\d-])\b(?P<a2>" + _YEAR + r")\s*[–—-]\s*(?P<b2>" + _YEAR + r"|\d{2})\b(?![-\d])"),
    ("decade", r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+)?(?P<decade>1\d{2}0|20\d0)[’']?s\b"),
    ("century", r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+)?" + _ORD + r"[\s-]+century\b"),
    ("weekday", r"\b(?:(?P<rel>last|next|this|coming|previous)\s+)?(?P<wd>" + _WEEKDAY[3:-1]
     + r")\b(?:\s+(?P<part>morning|afternoon|evening|night))?"),
    ("month", r"\b(?:(?P<part>early|mid|late|the end of|the beginning of|the start of)[\s-]+)?"
     + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?\b(?!\s+\d)"),
    ("period_end", r"\b(?:the\s+)?(?P<edge>end|beginning|start)\s+of\s+(?:(?P<which>the|this|next|last)\s+"
     r"(?P<unit>year|month)\b|(?P<year>" + _YEAR + r")\b)"),
    ("part_year", r"\b(?P<part>early|mid|late)[\s-]+(?:(?P<year>" + _YEAR + r")|(?P<ryear>this|last|next)\s+year)\b"),
    ("span", r"\b(?:in\s+|over\s+|during\s+)?(?P<the>the\s+)?(?P<dir>past|last|next|coming)\s+(?:" + _NUM + r"\s+)?"
     + _UNIT + r"\b"),
    ("ago", r"(?<![\d,.])\b" + _NUM + r"\s+" + _UNIT + r"\s+ago\b"),
    ("relative", r"\b(?P<rel>today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|"
     r"(?:in\s+)?(?:recent|past|coming)\s+(?:few\s+)?(?:days|weeks|months)|"
     r"(?:earlier|later)\s+this\s+(?:week|month|year)|(?:last|this|next)\s+(?:weekend|week|month|year))\b"),
    ("year", r"(?<![\d.,/-])\b(?P<year>" + _YEAR + r")\b(?![.,]\d|[-/]\d)"),
]


# month names are matched as written (capitalised): "may", "march" are also verbs
_CASED = {"month", "month_day", "day_month", "day_range", "month_range"}
# A word a pattern cannot match without: the pattern is not run over a text that lacks it (most
# articles name no quarter, season or century, and scanning for each costs as much as the rest).
_GATES = {"quarter": r"quarter|\bQ[1-4]", "season": r"spring|summer|autumn|fall|winter",
          "decade": r"\d0[’']?s\b", "century": r"century", "period_end": r"(end|beginning|start) of",
          "part_year": r"early|mid|late", "ago": r"\bago\b"}


@dataclass
class DateMention:
    text: str
    start: int
    end: int
    value: str | None          # "2024-12-16" | "2024-11" | "2015" | "2024-12-09/2024-12-16"
    granularity: str           # day | month | quarter | season | year | decade | century | range
    part: str | None = None    # early | mid | late … for months, decades, centuries
    range: tuple[str, str] | None = None  # the [first day, last day] bracket of the value
    tense: str | None = None   # future | past, when the clause's tense decided the resolution

    def to_dict(self) -> dict:
        # a shallow copy (the fields are plain values): asdict's deep copy cost more than
        # finding the dates
        return {**self.__dict__, "range": list(self.range) if self.range else None}


@dataclass(frozen=True)
class _Vocabulary:
    patterns: list[tuple[str, re.Pattern, re.Pattern | None]]  # kind, pattern, gate
    future: re.Pattern
    past: re.Pattern
    clause_break: re.Pattern
    numbers: dict[str, int]
    ordinals: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    year_not_before: re.Pattern
    year_not_after: re.Pattern
    year_followers: frozenset[str]
    year_after_preposition: re.Pattern
    vague_counts: dict[str, int]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    raw = yaml.safe_load(DATES_FILE.read_text(encoding="utf-8"))
    return _Vocabulary(
        patterns=[(kind, re.compile(p, 0 if kind in _CASED else FLAGS),
                   re.compile(_GATES[kind], FLAGS) if kind in _GATES else None)
                  for kind, p in _PATTERNS],
        future=re.compile(raw["tense"]["future"], FLAGS), past=re.compile(raw["tense"]["past"], FLAGS),
        clause_break=re.compile(raw["clause_break"], FLAGS),
        numbers=dict(raw["number_words"]), ordinals={str(k): v for k, v in raw["ordinals"].items()},
        seasons={k: tuple(v) for k, v in raw["seasons"].items()},
        year_not_before=re.compile(raw["year_not_before"], FLAGS),
        year_not_after=re.compile(raw["year_not_after"], FLAGS),
        year_followers=frozenset(raw["year_followers"]),
        year_after_preposition=re.compile(raw["year_after_preposition"], FLAGS), vague_counts=dict(raw["vague_counts"]))


# -- small calendar helpers ---------------------------------------------------------------------

def _iso(d: dt.date) -> str:
    return d.isoformat()


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + month - 1 + n
    return k // 12, k % 12 + 1


def _months_bracket(year: int, first: int, last: int) -> tuple[str, tuple[str, str]]:
    """Months first..last of ``year`` (last may pass December) → value "YYYY-MM/YYYY-MM", days."""
    y2, m2 = _add_months(year, 1, last - 1)
    return (f"{year:04d}-{first:02d}/{y2:04d}-{m2:02d}",
            (_iso(dt.date(year, first, 1)), _iso(_month_end(y2, m2))))


def _year_bracket(y1: int, y2: int) -> tuple[str, str]:
    return _iso(dt.date(y1, 1, 1)), _iso(dt.date(y2, 12, 31))


def _day(d: dt.date, part: str | None = None, tense: str | None = None) -> tuple:
    return _iso(d), "day", part, (_iso(d), _iso(d)), tense


def _month(year: int, month: int, part: str | None = None, tense: str | None = None) -> tuple:
    return (f"{year:04d}-{month:02d}", "month", part,
            (_iso(dt.date(year, month, 1)), _iso(_month_end(year, month))), tense)


def _unresolved(granularity: str, part: str | None = None) -> tuple:
    return None, granularity, part, None, None


# -- tense ---------------------------------------------------------------------------------------

def _cues(window: str) -> list[tuple[int, int, str]]:
    """(start, end, future|past) of the tense cues in ``window``; a past-looking word inside a
    future cue ("scheduled to") is part of that cue."""
    v = _vocabulary()
    future = [(m.start(), m.end(), "future") for m in v.future.finditer(window)]
    past = [(m.start(), m.end(), "past") for m in v.past.finditer(window)
            if not any(s <= m.start() < e for s, e, _ in future)]
    return future + past


def _tense(text: str, start: int, end: int, previous_end: int) -> str | None:
    """future | past from the nearest tense cue of the clause around ``text[start:end]``."""
    v = _vocabulary()
    left = text[max(previous_end, start - 120):start]
    breaks = list(v.clause_break.finditer(left))
    if breaks:
        left = left[breaks[-1].end():]
    cues = _cues(left)
    if cues:
        return max(cues, key=lambda c: (c[1], c[2] == "future"))[2]
    right = text[end:end + 120]
    stop = v.clause_break.search(right)
    cues = _cues(right[:stop.start()] if stop else right)
    return min(cues, key=lambda c: (c[0], c[2] != "future"))[2] if cues else None


# -- resolvers, one per pattern kind --------------------------------------------------------------

def _year_for(month: int, day: int, published: dt.date, tense: str | None) -> int:
    try:
        candidate = dt.date(published.year, month, day)
    except ValueError:
        return published.year
    if tense == "future":
        return published.year + 1 if candidate < published else published.year
    if tense == "past":
        return published.year - 1 if candidate > published else published.year
    horizon = published + dt.timedelta(days=31)  # the latest one not after a month from now
    if candidate > horizon:
        return published.year - 1
    return published.year + 1 if _same_day_next_year(candidate) <= horizon else published.year


def _same_day_next_year(d: dt.date) -> dt.date:
    return d.replace(year=d.year + 1) if (d.month, d.day) != (2, 29) else dt.date(d.year + 1, 3, 1)


def _relative_year(g: dict, published: dt.date | None) -> int | None:
    if g.get("year") or g.get("qyear"):
        return int(g.get("year") or g["qyear"])
    which = (g.get("ryear") or "").lower()
    if not which or published is None:
        return None
    return published.year + {"last": -1, "next": 1}.get(which, 0)


def _r_iso(g, published, tense):
    try:
        return _day(dt.date(int(g["y"]), int(g["m"]), int(g["d"])))
    except ValueError:
        return _unresolved("day")


def _r_day_month(g, published, tense):
    month, day = MONTHS[g["month"].lower().rstrip(".")], int(g["day"])
    if g.get("year"):
        year, tense = int(g["year"]), None
    elif published:
        year = _year_for(month, day, published, tense)
    else:
        return _unresolved("day")
    try:
        return _day(dt.date(year, month, day), tense=tense)
    except ValueError:
        return _unresolved("day")


def _r_day_range(g, published, tense):
    month = MONTHS[(g.get("month") or g["month2"]).lower().rstrip(".")]
    first, last = int(g.get("day") or g["dayb"]), int(g.get("day2") or g["day2b"])
    year_text = g.get("year") or g.get("yearb")
    if year_text:
        year = int(year_text)
    elif published:
        year = _year_for(month, first, published, tense)
    else:
        return _unresolved("range")
    try:
        lo, hi = dt.date(year, month, first), dt.date(year, month, last)
    except ValueError:
        return _unresolved("range")
    if hi <= lo:
        return _unresolved("range")
    return f"{_iso(lo)}/{_iso(hi)}", "range", None, (_iso(lo), _iso(hi)), None


def _r_month_range(g, published, tense):
    first, last = MONTHS[g["month"].lower().rstrip(".")], MONTHS[g["month2"].lower().rstrip(".")]
    if g.get("year"):  # the year written after the range is the last month's
        year = int(g["year"]) - (last < first)
    elif published:
        year = _month_year(last, published, tense) - (last < first)
    else:
        return _unresolved("range")
    value, days = _months_bracket(year, first, last + 12 * (last < first))
    return value, "range", None, days, None


def _r_quarter(g, published, tense):
    year = _relative_year(g, published)
    q = int(g["q"]) if g.get("q") else _vocabulary().ordinals.get((g.get("ord") or "").lower(), 0)
    if year is None or not 1 <= q <= 4:
        return _unresolved("quarter")
    value, days = _months_bracket(year, 3 * q - 2, 3 * q)
    return value, "quarter", None, days, None


def _r_season(g, published, tense):
    season = (g.get("season") or g.get("season2")).lower()
    if g.get("rseason"):
        g = {**g, "ryear": g["rseason"]}
    year = _relative_year(g, published)
    if year is None:
        return _unresolved("season")
    first, last = _vocabulary().seasons[season]
    value, days = _months_bracket(year, first, last)
    return value, "season", None, days, None


def _r_year_range(g, published, tense):
    a = int(g.get("a") or g["a2"])
    b_text = g.get("b") or g["b2"]
    b = int(b_text) if len(b_text) == 4 else a // 100 * 100 + int(b_text)
    if b <= a:
        return _unresolved("range")
    return f"{a}/{b}", "range", None, _year_bracket(a, b), None


def _r_decade(g, published, tense):
    y = int(g["decade"])
    days = _year_bracket(y, y + 9)
    return f"{days[0]}/{days[1]}", "decade", g.get("part"), days, None


def _r_century(g, published, tense):
    n = _vocabulary().ordinals.get(g["ord"].lower())
    if n is None:
        digits = re.match(r"\d+", g["ord"])
        n = int(digits.group(0)) if digits else None
    if not n or n > 21 or g["ord"].lower() in ("last", "final"):
        return _unresolved("century")
    days = _year_bracket((n - 1) * 100, (n - 1) * 100 + 99)
    return f"{days[0]}/{days[1]}", "century", g.get("part"), days, None


def _r_weekday(g, published, tense):
    if published is None:
        return _unresolved("day", g.get("part"))
    target = WEEKDAYS[g["wd"].lower()]
    rel = (g.get("rel") or "").lower()
    back = (published.weekday() - target) % 7
    ahead = (target - published.weekday()) % 7 or 7
    if rel in ("next", "coming"):
        return _day(published + dt.timedelta(days=ahead), g.get("part"))
    if not rel and tense == "future":  # news names today by its weekday too ("will vote on Monday")
        return _day(published + dt.timedelta(days=(target - published.weekday()) % 7), g.get("part"), tense)
    if rel in ("last", "previous"):
        return _day(published - dt.timedelta(days=back or 7), g.get("part"))
    if rel == "this":  # the day of the publication's own week (Monday to Sunday)
        return _day(published + dt.timedelta(days=target - published.weekday()), g.get("part"))
    return _day(published - dt.timedelta(days=back), g.get("part"), None if rel else tense)


def _month_year(month: int, published: dt.date, tense: str | None) -> int:
    """The year of a month named without one: by tense, else the latest not more than a month ahead."""
    if tense == "future":
        return published.year + (month < published.month)
    if tense == "past":
        return published.year - (month > published.month)
    return published.year if month <= published.month + 1 else published.year - 1


def _r_month(g, published, tense):
    month = MONTHS[g["month"].lower().rstrip(".")]
    part = g.get("part")
    if g.get("year"):
        return _month(int(g["year"]), month, part)
    if published is None:
        return _unresolved("month", part)
    return _month(_month_year(month, published, tense), month, part, tense)


def _r_period_end(g, published, tense):
    end = g["edge"].lower() == "end"
    if g.get("year"):
        year = int(g["year"])
        return _day(dt.date(year, 12, 31) if end else dt.date(year, 1, 1), g["edge"].lower())
    if published is None:
        return _unresolved("day")
    shift = {"next": 1, "last": -1}.get(g["which"].lower(), 0)
    if g["unit"].lower() == "year":
        year = published.year + shift
        return _day(dt.date(year, 12, 31) if end else dt.date(year, 1, 1), g["edge"].lower())
    year, month = _add_months(published.year, published.month, shift)
    return _day(_month_end(year, month) if end else dt.date(year, month, 1), g["edge"].lower())


def _r_part_year(g, published, tense):
    year = _relative_year(g, published)
    if year is None:
        return _unresolved("year", g["part"].lower())
    return str(year), "year", g["part"].lower(), _year_bracket(year, year), None


def _count(g) -> int:
    """The number of units: written out, in digits, or — "the coming days" — a vague few."""
    n = (g.get("n") or "").lower()
    if n.isdigit():
        return int(n)
    if n:
        return _vocabulary().numbers[n]
    unit = g["unit"].lower()
    return _vocabulary().vague_counts[unit.rstrip("s")] if unit.endswith("s") else 1


def _shift(published: dt.date, n: int, unit: str) -> dt.date:
    """``published`` moved by ``n`` units (negative: back), clamped to the month's end."""
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return published + dt.timedelta(days=n)
    if unit == "week":
        return published + dt.timedelta(weeks=n)
    months = n * {"month": 1, "year": 12, "decade": 120}[unit]
    y, m = _add_months(published.year, published.month, months)
    return dt.date(y, m, min(published.day, calendar.monthrange(y, m)[1]))


def _r_span(g, published, tense):
    if published is None:
        return _unresolved("range")
    n = _count(g)
    if g["dir"].lower() in ("next", "coming"):
        lo, hi = published, _shift(published, n, g["unit"])
    else:
        lo, hi = _shift(published, -n, g["unit"]), published
    return f"{_iso(lo)}/{_iso(hi)}", "range", None, (_iso(lo), _iso(hi)), None


def _r_ago(g, published, tense):
    if published is None:
        return _unresolved("day")
    day = _shift(published, -_count(g), g["unit"])
    unit = g["unit"].lower().rstrip("s")
    if unit in ("year", "decade"):
        return str(day.year), "year", None, _year_bracket(day.year, day.year), None
    if unit == "month":
        return _month(day.year, day.month)
    if unit == "week":
        monday = day - dt.timedelta(days=day.weekday())
        days = (_iso(monday), _iso(monday + dt.timedelta(days=6)))
        return f"{days[0]}/{days[1]}", "range", None, days, None
    return _day(day)


def _r_relative(g, published, tense):
    if published is None:
        return _unresolved("range")
    rel = " ".join(g["rel"].lower().split())
    if rel in ("today", "tonight") or rel.startswith("this ") and rel.split()[1] in (
            "morning", "afternoon", "evening"):
        return _day(published, rel.split()[-1] if " " in rel else None)
    if rel == "yesterday":
        return _day(published - dt.timedelta(days=1))
    if rel == "tomorrow":
        return _day(published + dt.timedelta(days=1))
    monday = published - dt.timedelta(days=published.weekday())
    if rel.endswith("days"):
        span = (published - dt.timedelta(days=7), published)
    elif rel.endswith("weeks"):
        span = (published - dt.timedelta(days=28), published)
    elif rel.endswith("months"):
        span = (published - dt.timedelta(days=92), published)
    elif rel == "last week":
        span = (monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
    elif rel.endswith("this week"):
        span = (monday, published if rel.startswith("earlier") else monday + dt.timedelta(days=6))
    elif rel.endswith("weekend"):
        saturday = monday + dt.timedelta(days=5 + 7 * {"last": -1, "next": 1}.get(rel.split()[0], 0))
        span = (saturday, saturday + dt.timedelta(days=1))
    elif rel == "next week":
        span = (monday + dt.timedelta(days=7), monday + dt.timedelta(days=13))
    elif rel.endswith("month"):
        year, month = _add_months(published.year, published.month,
                                  {"last": -1, "next": 1}.get(rel.split()[0], 0))
        return _month(year, month)
    else:  # … year
        year = published.year + {"last": -1, "next": 1}.get(rel.split()[0], 0)
        return str(year), "year", None, _year_bracket(year, year), None
    if "coming" in rel:
        span = (published, published + (span[1] - span[0]))
    return f"{_iso(span[0])}/{_iso(span[1])}", "range", None, (_iso(span[0]), _iso(span[1])), None


def _r_year(g, published, tense):
    y = int(g["year"])
    return str(y), "year", None, _year_bracket(y, y), None


_RESOLVERS = {"iso": _r_iso, "day_range": _r_day_range, "month_range": _r_month_range,
              "month_day": _r_day_month, "day_month": _r_day_month,
              "quarter": _r_quarter, "season": _r_season, "year_range": _r_year_range,
              "decade": _r_decade, "century": _r_century, "weekday": _r_weekday, "month": _r_month,
              "period_end": _r_period_end, "part_year": _r_part_year, "span": _r_span, "ago": _r_ago, "relative": _r_relative,
              "year": _r_year}
# kinds whose resolution depends on the tense of their clause
_TENSED = {"month_day", "day_month", "weekday", "month", "day_range", "month_range"}


# -- filters: matches that are not dates ----------------------------------------------------------

def _is_modal_may(text: str, m: re.Match) -> bool:
    """"may" the verb, not the month: a bare "May" after no temporal preposition."""
    if m.group("month") != "May" or m.group("year") or m.group("part"):
        return False
    before = text[max(0, m.start() - 6):m.start()].lower()
    return not re.search(r"\b(in|of|since|until|by)\s+$", before)


def _is_count(text: str, m: re.Match) -> bool:
    """A four-digit number that counts something ("1709 schoolchildren", "$2000", "1230 BC")."""
    v = _vocabulary()
    after, before = text[m.end():m.end() + 20], text[max(0, m.start() - 12):m.start()]
    if v.year_not_before.match(after) or v.year_not_after.search(before):
        return True
    following = re.match(r"\s+([a-z][a-z-]*)\b", after)
    if not following or following.group(1) in v.year_followers or v.year_after_preposition.search(before):
        return False
    return not re.search(r"(\bthe|\ba|\bits|\btheir|\bhis|\bher|[’']s)\s+$", before, re.IGNORECASE)


def _is_not_from_publication(text: str, m: re.Match) -> bool:
    """"last week", "next month" are calendar periods (kind ``relative``), not spans back or
    forward from publication ("the past week", "the last 3 weeks"); "the last five months of her
    life" counts back from something else."""
    return not (m.group("the") or m.group("n")) or bool(re.match(r"\s+of\b", text[m.end():]))


def _is_before_the_era(text: str, m: re.Match) -> bool:
    """"the 7th century BC": no ISO value here."""
    return bool(_vocabulary().year_not_before.match(text[m.end():m.end() + 8])
                and re.match(r"\s*b\.?c", text[m.end():], re.IGNORECASE))


_NOT_A_DATE = {"month": _is_modal_may, "year": _is_count, "span": _is_not_from_publication,
               "decade": _is_before_the_era, "century": _is_before_the_era}


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
    matches: list[tuple[str, re.Match]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern, gate in _vocabulary().patterns:
        if gate is not None and not gate.search(text):
            continue
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            if kind in _NOT_A_DATE and _NOT_A_DATE[kind](text, m):
                continue
            taken.append((s, e))
            matches.append((kind, m))
    matches.sort(key=lambda km: km[1].start())
    found: list[DateMention] = []
    for kind, m in matches:
        previous_end = found[-1].end if found else 0
        tense = _tense(text, m.start(), m.end(), previous_end) if kind in _TENSED and published else None
        value, granularity, part, days, decided = _RESOLVERS[kind](m.groupdict(), published, tense)
        found.append(DateMention(m.group(0), m.start(), m.end(), value, granularity,
                                 part, days, decided))
    return found
