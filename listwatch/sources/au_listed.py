"""Australian National Security, "Listed terrorist organisations" (Criminal Code Act 1995,
Division 102): the web page's table of organisations with their listing dates – the date first
listed and the "Re-listed:" dates of each renewal (listings used to lapse after three years).

Reference: the page gives no ids; the reference is the slug of the organisation's main name
(before its acronym and "also known as" names, see ``name_slug``).
"""

from __future__ import annotations

from collections.abc import Mapping

import lxml.html

from listwatch.records import ParsedList, Record
from listwatch.sources._descriptor import ParseError, Source
from listwatch.sources._readers import element_lines, element_text, parse_html
from listwatch.sources._dates import english_dates, last_updated
from listwatch.sources._names import name_slug, name_variants


def sniff(content: bytes) -> str | None:
    text = content.lower()
    if b"<html" in text[:4096] and b"listed terrorist organisations" in text \
            and b"australian national security" in text:
        return "main"
    return None


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    document = parse_html(parts["main"])
    records: dict[str, Record] = {}
    for table in document.iter("table"):
        for record in _table_records(table):
            if record.reference in records:
                raise ParseError(f"organisation {record.name!r} is listed twice")
            records[record.reference] = record
    if not records:
        raise ParseError("no listed terrorist organisations table found")
    return ParsedList(records=tuple(records.values()), published=last_updated(document))


def _table_records(table: lxml.html.HtmlElement) -> list[Record]:
    """The organisations of a table whose header has an organisation and a date column."""
    header = [element_text(th).lower() for th in table.iterfind(".//tr/th")]
    name_column = next((i for i, h in enumerate(header) if "organisation" in h or "name" in h), None)
    date_column = next((i for i, h in enumerate(header) if "date" in h or "listed" in h), None)
    if name_column is None or date_column is None:
        return []
    records = []
    for row in table.iter("tr"):
        cells = row.findall("td")
        if len(cells) > max(name_column, date_column):
            # Dates are often separated by <br> only, so the cell is read line by line.
            dates_text = "\n".join(element_lines(cells[date_column]))
            records.append(_record(element_text(cells[name_column]), dates_text))
    return records


def _record(name: str, dates_text: str) -> Record:
    primary, aliases = name_variants(name)
    if not primary:
        raise ParseError(f"row without an organisation name (dates: {dates_text!r})")
    # The first date is the original listing, every later one a re-listing.
    dates = english_dates(dates_text)
    return Record(
        reference=name_slug(primary),
        type="organisation",
        name=primary,
        aliases=aliases,
        listed_on=dates[0] if dates else None,
        relisted_on=tuple(dates[1:]),
    )


SOURCE = Source(
    id="au-listed",
    authority="Australia",
    list_name="Listed terrorist organisations",
    urls={"main": "https://www.nationalsecurity.gov.au/what-australia-is-doing/terrorist-organisations/listed-terrorist-organisations"},
    sniff=sniff,
    parse=parse,
)
