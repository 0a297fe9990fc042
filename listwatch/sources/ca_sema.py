"""Canada: Consolidated Canadian Autonomous Sanctions List (Special Economic Measures Act).

The XML is a flat ``data-set`` of ``record`` elements: Country (the regulation, "Russia / Russie"),
LastName/GivenName or EntityOrShip, Aliases, DateOfBirthOrShipBuildDate, Schedule, Item,
DateOfListing, and for ships TitleOrShip (ship type) and ShipIMONumber.

Reference: the file gives no id. An entry is identified in law by its place in a regulation's
schedule: regulation (Country), schedule part and item number; that triple is unique in the file
(4,759 records, 4,759 triples) and stays put when other entries are added. So the reference is
"<country in English>|<schedule>|<item>", e.g. "Russia|1, Part 1|56", with the schedule's spacing
normalised ("1,Part 3" → "1, Part 3") and "-" for regulations without schedule parts (Guatemala).
If Canada renumbers an item, the entry will read as removed and re-added: the honest reading of
a list that has no ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from lxml import etree

from listwatch.names import script_of
from listwatch.records import Detail, Identifier, Name, ParsedList, Record
from listwatch.sources._descriptor import ParseError, Source
from listwatch.sources._readers import clean, parse_xml_root, sorted_unique, xml_root_name
from listwatch.sources._dates import parse_date

_ROOT = "data-set"
_SIGNATURE = re.compile(rb"<record>\s*<Country>")
_RANGE = re.compile(r"(\d{4})\s*-\s*(\d{4})")
# "Belarusian: …", "Russian : …" label the language of a rendering inside Aliases.
_LANGUAGE_LABEL = re.compile(r"^[A-Z][a-z]+\s?:\s*")


def sniff(content: bytes) -> str | None:
    if xml_root_name(content) == _ROOT and _SIGNATURE.search(content[:8192]):
        return "main"
    return None


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    root = parse_xml_root(parts["main"], _ROOT, "the SEMA list")
    records = [_record(element) for element in root.iterfind("record")]
    if not records:
        raise ParseError("no records: the SEMA file has no <record>")
    references = [r.reference for r in records]
    if len(set(references)) != len(references):
        duplicate = next(r for r in references if references.count(r) > 1)
        raise ParseError(f"two records share regulation, schedule and item: {duplicate}")
    return ParsedList(records=tuple(sorted(records, key=lambda r: r.reference)))


def _text(element: etree._Element, tag: str) -> str | None:
    return clean(element.findtext(tag))


def _reference(element: etree._Element) -> str:
    country, item = _text(element, "Country"), _text(element, "Item")
    if not country or not item:
        raise ParseError(f"SEMA record without Country or Item: {etree.tostring(element)[:120]!r}")
    schedule = re.sub(r"\s*,\s*", ", ", _text(element, "Schedule") or "-")
    return f"{country.split(' / ')[0]}|{schedule}|{item}"


def _subject(element: etree._Element) -> tuple[str, str | None]:
    """(type, name) of the record."""
    if entity := _text(element, "EntityOrShip"):
        # Ships carry an IMO number or a ship type in TitleOrShip; entities have neither.
        is_ship = _text(element, "ShipIMONumber") or _text(element, "TitleOrShip")
        return ("vessel" if is_ship else "organisation"), entity
    name = " ".join(filter(None, (_text(element, "GivenName"), _text(element, "LastName"))))
    return "person", name or None


def _record(element: etree._Element) -> Record:
    reference = _reference(element)
    kind, name = _subject(element)
    if not name:
        raise ParseError(f"SEMA record {reference} has no name")
    dates = _dates(_text(element, "DateOfBirthOrShipBuildDate"))
    imo = _text(element, "ShipIMONumber")
    return Record(
        reference=reference,
        type=kind,
        name=name,
        aliases=sorted_unique(_aliases(_text(element, "Aliases"), split_commas=kind == "person")),
        programmes=(_text(element, "Country"),),
        listed_on=parse_date(_text(element, "DateOfListing")),
        identifiers=(Identifier("imo", imo),) if imo else (),
        birth_dates=dates if kind == "person" else (),
        details=sorted_unique(_details(element, kind, dates)),
    )


def _aliases(text: str | None, split_commas: bool) -> Iterator[Name]:
    """Aliases are free text: ";" always separates names; "," does too between people's names but
    not in organisations' names ("Tactical Missiles Corporation, Ravenstvo")."""
    separators = r"[;,]" if split_commas else r";"
    for part in re.split(separators, text or ""):
        name = clean(_LANGUAGE_LABEL.sub("", clean(part) or "").strip(" )"))
        if name:
            yield Name(name, script=script_of(name))


def _dates(text: str | None) -> tuple[str, ...]:
    """"1965-04-29", "1972", "1960-1961" (a range), "1958 or 1959" (alternatives)."""
    found = []
    for part in re.split(r"\s+or\s+", text or ""):
        if match := _RANGE.fullmatch(part.strip()):
            found.append(f"{match.group(1)}/{match.group(2)}")
        elif date := parse_date(part):
            found.append(date)
    return sorted_unique(found)


def _details(element: etree._Element, kind: str, dates: tuple[str, ...]) -> Iterator[Detail]:
    raw_date = _text(element, "DateOfBirthOrShipBuildDate")
    if kind == "vessel":
        yield from (Detail("build-date", date) for date in dates)
    if raw_date and not dates:  # kept as written when it is no date we can read ("born in the early 1970s")
        yield Detail("date-of-birth-text" if kind == "person" else "date-text", raw_date)
    if title := _text(element, "TitleOrShip"):
        yield Detail("vessel-type" if kind == "vessel" else "title", title)


SOURCE = Source(
    id="ca-sema",
    authority="Canada",
    list_name="Consolidated Canadian Autonomous Sanctions List (SEMA)",
    urls={"main": "https://www.international.gc.ca/world-monde/assets/office_docs/"
                  "international_relations-relations_internationales/sanctions/sema-lmes.xml"},
    sniff=sniff,
    parse=parse,
)
