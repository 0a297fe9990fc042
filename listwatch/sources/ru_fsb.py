"""FSB of Russia, "Единый федеральный список организаций, в том числе иностранных и
международных организаций, признанных в соответствии с законодательством Российской Федерации
террористическими": an HTML table (№ п/п | name | court decision), served as windows-1251 by
older versions of the page and as UTF-8 by newer ones.

The name cell gives the Russian name, often followed by other names in parentheses (Cyrillic
renderings and the foreign name in Latin script); they all become aliases with their script.
The court decision is the legal basis, and its date ("от 14.02.2003") is the listing date.

Reference: the row number (№ п/п). It is the only identifier the list has and how Russian
documents cite an entry; the FSB appends new organisations at the end, so numbers have been
stable. Should the FSB ever renumber after a removal, the ledger shows it as a run of renamed
entries, which is visible rather than silently wrong – a name slug would instead break at every
re-wording of the long Russian names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import lxml.html

from listwatch.names import script_of
from listwatch.records import Detail, Name, ParsedList, Record
from listwatch.sources._descriptor import ParseError, Source
from listwatch.sources._readers import clean, element_text, parse_html
from listwatch.sources._dates import iso_date
from listwatch.sources._names import bracketed_parts

_TITLE = "Единый федеральный список"
_ROW_NUMBER = re.compile(r"^(\d+)\.?$")
_RUSSIAN_MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_DATE = re.compile(
    r"(?P<d1>\d{1,2})\.(?P<m1>\d{1,2})\.(?P<y1>\d{4})"  # 14.02.2003
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{'|'.join(_RUSSIAN_MONTHS)})\s+(?P<y2>\d{{4}})",  # 2 июня 2020
    re.IGNORECASE,
)
_DECISION_DATE = re.compile(r"\bот\s+(?=\d)", re.IGNORECASE)
_IN_FORCE = re.compile(r"вступил\w*\s+в\s+(?:законную\s+)?силу\s+", re.IGNORECASE)
_OTHER_NAMES = re.compile(r"^(?:другие|другое|иные|иное)\s+(?:названи|наименовани)\w*\s*[:–—-]?\s*", re.IGNORECASE)
_FORMER_NAME = re.compile(r"^(?:ранее|прежнее\s+(?:название|наименование)|бывш\w+)\s*[:–—-]?\s*", re.IGNORECASE)
_COMMA_OUTSIDE_QUOTES = re.compile(r"\s*[,;]\s*(?![^«]*»)")


def sniff(content: bytes) -> str | None:
    if b"<html" not in content[:4096].lower():
        return None
    if any(_TITLE.encode(encoding) in content for encoding in ("utf-8", "cp1251")):
        return "main"
    return None


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    document = parse_html(parts["main"], fallback="cp1251")
    records: dict[str, Record] = {}
    for row in document.iter("tr"):
        record = _record(row)
        if record is None:
            continue
        if record.reference in records:
            raise ParseError(f"row number {record.reference} appears twice")
        records[record.reference] = record
    if not records:
        raise ParseError("no numbered rows found in the FSB list")
    return ParsedList(records=tuple(records.values()))


def _record(row: lxml.html.HtmlElement) -> Record | None:
    """The organisation in one table row; None for header and layout rows (no row number)."""
    cells = [element_text(cell) for cell in row.findall("td")]
    number = _ROW_NUMBER.match(cells[0]) if len(cells) >= 2 else None
    if number is None:
        return None
    primary, aliases = _names(cells[1])
    if not primary:
        raise ParseError(f"row {number[1]} has no organisation name")
    decision = clean(cells[2]) if len(cells) > 2 else None
    in_force = _date_after(_IN_FORCE, decision)
    return Record(
        reference=number[1],
        type="organisation",
        name=primary,
        aliases=aliases,
        listed_on=_date_after(_DECISION_DATE, decision) or _first_date(decision),
        legal_basis=decision,
        details=(Detail("decision-in-force", in_force),) if in_force else (),
    )


def _names(cell: str) -> tuple[str, tuple[Name, ...]]:
    """The main name (without its enclosing «») and the names given in parentheses."""
    outside, groups = bracketed_parts(cell)
    aliases: dict[str, Name] = {}
    for group in groups:
        kind = "former" if _FORMER_NAME.match(group) else "alias"
        group = _FORMER_NAME.sub("", _OTHER_NAMES.sub("", group, count=1), count=1)
        for value in map(_unquoted, _COMMA_OUTSIDE_QUOTES.split(group)):
            if value:
                aliases.setdefault(value, Name(value, kind=kind, script=script_of(value)))
    primary = _unquoted(outside)
    aliases.pop(primary, None)
    return primary, tuple(aliases.values())


def _unquoted(name: str) -> str:
    """«База» → База; a name that only quotes a part of itself keeps its quotes."""
    name = name.strip(" .,;–—-")
    if name.startswith("«") and name.endswith("»") and name.count("«") == 1:
        return name[1:-1].strip()
    return name


def _date_after(marker: re.Pattern, text: str | None) -> str | None:
    found = marker.search(text or "")
    return _first_date(text[found.end():]) if found else None


def _first_date(text: str | None) -> str | None:
    match = _DATE.search(text or "")
    if not match:
        return None
    if match["y1"]:
        return iso_date(match["y1"], match["m1"], match["d1"])
    return iso_date(match["y2"], _RUSSIAN_MONTHS[match["m2"].lower()], match["d2"])


SOURCE = Source(
    id="ru-fsb",
    authority="Russia",
    list_name=(
        "Единый федеральный список организаций, в том числе иностранных и международных "
        "организаций, признанных в соответствии с законодательством Российской Федерации "
        "террористическими"
    ),
    urls={"main": "http://www.fsb.ru/fsb/npd/terror.htm"},
    sniff=sniff,
    parse=parse,
)
