"""U.S. Department of State, "Foreign Terrorist Organizations" (section 219 INA): the web page
with a table of designated FTOs (Date Designated | Name) and a table of delisted FTOs (Date
Removed | Name | Date Originally Designated).

Reference: the page gives no ids, so the reference is the slug of the organisation's main name
(``name_slug``, i.e. ``latin_key`` with hyphens) – the name before any "aka", acronym or
"formerly" note. Those notes and the "— … Amendment (date)" lines change over time, while the
main name is what the Department keeps the row under; transliteration and case folding keep it
stable across spellings like Hay'at/Hay’at. An organisation that is delisted and designated again
under the same name is told apart by its designation date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import lxml.html

from listwatch.names import script_of
from listwatch.records import Name, ParsedList, Record
from listwatch.sources._descriptor import ParseError, Source
from listwatch.sources._readers import clean, element_lines, element_text, parse_html
from listwatch.sources._dates import english_date, last_updated, parse_date
from listwatch.sources._names import name_slug, name_variants

# "— Jabhat Fath al-Sham Amendment (November 14, 2016)"
_AMENDMENT = re.compile(r"^(?P<name>.+?)\s+Amendment\s*\((?P<date>[^)]*)\)", re.IGNORECASE)
_DASHES = "—–-‒―"


def sniff(content: bytes) -> str | None:
    text = content.lower()
    if b"<html" in text[:4096] and b"designated foreign terrorist organizations" in text \
            and b"date designated" in text:
        return "main"
    return None


@dataclass
class _Row:
    """One organisation as the tables give it, before it becomes a record."""

    line: str
    listed_on: str | None
    delisted_on: str | None
    amendments: list[str] = field(default_factory=list)


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    document = parse_html(parts["main"])
    rows = [row for table in document.iter("table") for row in _table_rows(table)]
    if not rows:
        raise ParseError("no Foreign Terrorist Organization table rows found")
    records: dict[str, Record] = {}
    for row in rows:
        record = _record(row)
        if record.reference in records:
            record = replace(record, reference=f"{record.reference}-{record.listed_on}")
        if record.reference in records:
            raise ParseError(f"organisation {record.name!r} appears twice with the same date")
        records[record.reference] = record
    return ParsedList(records=tuple(records.values()), published=_published(document))


def _table_rows(table: lxml.html.HtmlElement) -> list[_Row]:
    """The organisations in one FTO table; tables without a Name column are not FTO tables."""
    columns = _columns(table)
    if "name" not in columns or "designated" not in columns:
        return []
    rows: list[_Row] = []
    for tr in table.iter("tr"):
        cells = tr.findall("td")
        if len(cells) <= max(columns.values()):
            continue
        for line in element_lines(cells[columns["name"]]):
            if line[0] in _DASHES:
                if not rows:
                    raise ParseError(f"amendment line before any organisation: {line!r}")
                rows[-1].amendments.append(line.lstrip(_DASHES + " "))
            else:
                removed = cells[columns["removed"]] if "removed" in columns else None
                rows.append(_Row(
                    line,
                    listed_on=_date(element_text(cells[columns["designated"]])),
                    delisted_on=_date(element_text(removed)) if removed is not None else None,
                ))
    return rows


def _columns(table: lxml.html.HtmlElement) -> dict[str, int]:
    """Column role → index, from the header row ("Date Removed" before "Designated": the
    delisted table's "Date Originally Designated" is the designation date)."""
    header = next((tr for tr in table.iter("tr") if tr.findall("th")), None)
    if header is None:
        return {}
    columns: dict[str, int] = {}
    for index, cell in enumerate(header.findall("th")):
        label = element_text(cell).lower()
        if "removed" in label or "delisted" in label:
            columns["removed"] = index
        elif "designated" in label:
            columns["designated"] = index
        elif "name" in label or "organization" in label:
            columns["name"] = index
    return columns


def _record(row: _Row) -> Record:
    primary, aliases = name_variants(row.line)
    if not primary:
        raise ParseError(f"organisation without a name: {row.line!r}")
    amended_names, amended_on = _amendments(row.amendments)
    names = {n.value: n for n in aliases + amended_names if n.value != primary}
    return Record(
        reference=name_slug(primary),
        type="organisation",
        name=primary,
        aliases=tuple(names.values()),
        listed_on=row.listed_on,
        delisted_on=row.delisted_on,
        amended_on=amended_on,
    )


def _amendments(lines: list[str]) -> tuple[tuple[Name, ...], tuple[str, ...]]:
    """The names an organisation was amended to and the amendment dates."""
    names, dates = [], []
    for line in lines:
        match = _AMENDMENT.match(line)
        if not match:
            raise ParseError(f"unrecognised amendment line: {line!r}")
        name = clean(match["name"])
        names.append(Name(name, kind="alias", script=script_of(name)))
        if date := _date(match["date"]):
            dates.append(date)
    return tuple(names), tuple(dates)


def _date(text: str | None) -> str | None:
    """"October 8, 1997" or, on older versions of the page, "10/8/1997" (month first)."""
    return parse_date(text, order="mdy") or english_date(text or "")


def _published(document: lxml.html.HtmlElement) -> str | None:
    """The page's own modification time (WordPress ``article:modified_time``), else its
    "Last updated" line."""
    for meta in document.iter("meta"):
        if meta.get("property") == "article:modified_time" and clean(meta.get("content")):
            return clean(meta.get("content"))
    return last_updated(document)


SOURCE = Source(
    id="us-fto",
    authority="United States",
    list_name="Foreign Terrorist Organizations",
    urls={"main": "https://www.state.gov/foreign-terrorist-organizations/"},
    sniff=sniff,
    parse=parse,
    keeps_removed=True,
)
