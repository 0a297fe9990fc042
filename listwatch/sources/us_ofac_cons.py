"""OFAC Consolidated (non-SDN) Sanctions List, legacy XML (CONSOLIDATED.XML).

The file has the SDN XML's schema (root ``sdnList``, one ``sdnEntry`` per subject) under a
namespace that changed over time (``http://tempuri.org/sdnList.xsd`` in 2018, the
sanctionslistservice URL in 2025), so elements are matched by local name only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from lxml import etree

from listwatch.names import script_of
from listwatch.records import Detail, Identifier, Name, ParsedList, Record
from listwatch.sources._descriptor import ParseError, Source
from listwatch.sources._readers import clean, parse_xml_root, sorted_unique, xml_root_name
from listwatch.sources._dates import parse_date, parse_period

_ROOT = "sdnList"
_TYPES = {"individual": "person", "entity": "organisation", "vessel": "vessel", "aircraft": "aircraft"}

# The SDN XML has the same root and schema; only the SDN list carries blocking programmes such as
# CUBA, FTO and SDNTK (every SDN publication has entries under them, the non-SDN list never).
_SDN_ONLY_PROGRAMME = re.compile(rb"<(?:\w+:)?program>\s*(?:CUBA|FTO|SDNTK)\s*</")

# idList mixes identifiers with statements ("Secondary sanctions risk:", directive dates, "Target
# Type"); these idTypes name identifiers, every other item becomes a Detail.
_IDENTIFIER_TYPE = re.compile(
    r"passport|identification|\bid\b|no\.|number|registration|isin|swift|mmsi|website|email|gazette"
    r"|cedula|\bnit\b|\bruc\b|legal entity|ticker",
    re.IGNORECASE,
)
_ID_SCHEMES = {"passport": "passport", "national id no.": "national-id"}
_IMO = re.compile(r"IMO (\d{7})")


def sniff(content: bytes) -> str | None:
    if xml_root_name(content) != _ROOT or _SDN_ONLY_PROGRAMME.search(content):
        return None
    return "main"


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    root = parse_xml_root(parts["main"], _ROOT, "an OFAC list")
    records = [_record(entry) for entry in root.iterfind("{*}sdnEntry")]
    if not records:
        raise ParseError("no records: the OFAC consolidated list has no sdnEntry")
    _check_count(root, len(records))
    if len({r.reference for r in records}) != len(records):
        raise ParseError("an sdnEntry uid appears twice")
    return ParsedList(
        records=tuple(sorted(records, key=lambda r: int(r.reference))),
        published=parse_date(_text(root, "{*}publshInformation/{*}Publish_Date"), order="mdy"),
    )


def _check_count(root: etree._Element, found: int) -> None:
    """The file states its own record count: a file that lost entries in editing is refused."""
    stated = _text(root, "{*}publshInformation/{*}Record_Count")
    if stated and stated.isdigit() and int(stated) != found:
        raise ParseError(f"the file states {stated} records but has {found}: edited or incomplete")


def _text(element: etree._Element, path: str) -> str | None:
    return clean(element.findtext(path))


def _full_name(element: etree._Element) -> str | None:
    """OFAC's own form, "LAST, First", as in its CSV files."""
    last, first = _text(element, "{*}lastName"), _text(element, "{*}firstName")
    return f"{last}, {first}" if last and first else last or first


def _record(entry: etree._Element) -> Record:
    uid, name = _text(entry, "{*}uid"), _full_name(entry)
    if not uid or not uid.isdigit():
        raise ParseError(f"sdnEntry without a numeric uid ({name!r})")
    if not name:
        raise ParseError(f"sdnEntry {uid} has no name")
    return Record(
        reference=uid,
        type=_TYPES.get((_text(entry, "{*}sdnType") or "").lower(), "other"),
        name=name,
        aliases=sorted_unique(_aliases(entry)),
        programmes=sorted_unique(_texts(entry, "{*}programList/{*}program")),
        identifiers=sorted_unique(_identifiers(entry)),
        birth_dates=sorted_unique(filter(None, map(parse_period, _texts(
            entry, "{*}dateOfBirthList/{*}dateOfBirthItem/{*}dateOfBirth")))),
        nationalities=sorted_unique(_texts(entry, "{*}nationalityList/{*}nationality/{*}country")),
        countries=sorted_unique(_texts(entry, "{*}addressList/{*}address/{*}country")),
        remarks=_text(entry, "{*}remarks"),
        details=sorted_unique(_details(entry)),
    )


def _texts(element: etree._Element, path: str) -> list[str]:
    return [t for t in (clean(e.text) for e in element.iterfind(path)) if t]


def _aliases(entry: etree._Element) -> Iterator[Name]:
    for aka in entry.iterfind("{*}akaList/{*}aka"):
        if name := _full_name(aka):
            yield Name(
                name,
                kind="former" if _text(aka, "{*}type") == "f.k.a." else "alias",
                quality="weak" if _text(aka, "{*}category") == "weak" else "strong",
                script=script_of(name),
            )


def _id_items(entry: etree._Element) -> Iterator[tuple[str, str]]:
    for item in entry.iterfind("{*}idList/{*}id"):
        kind, number = _text(item, "{*}idType") or "", _text(item, "{*}idNumber")
        if number:
            yield kind, number


def _identifiers(entry: etree._Element) -> Iterator[Identifier]:
    for kind, number in _id_items(entry):
        if imo := _IMO.fullmatch(number):
            yield Identifier("imo", imo.group(1))
        elif _IDENTIFIER_TYPE.search(kind):
            yield Identifier(_ID_SCHEMES.get(kind.lower()) or _slug(kind), number)


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "id"


def _joined(element: etree._Element, tags: tuple[str, ...]) -> str | None:
    return clean(", ".join(filter(None, (_text(element, f"{{*}}{tag}") for tag in tags))))


def _details(entry: etree._Element) -> Iterator[Detail]:
    for kind, number in _id_items(entry):
        if not _IDENTIFIER_TYPE.search(kind) and not _IMO.fullmatch(number):
            yield Detail(_slug(kind), number)
    for address in entry.iterfind("{*}addressList/{*}address"):
        if text := _joined(address, ("address1", "address2", "address3", "city", "stateOrProvince",
                                     "postalCode", "country")):
            yield Detail("address", text)
    for place in _texts(entry, "{*}placeOfBirthList/{*}placeOfBirthItem/{*}placeOfBirth"):
        yield Detail("place-of-birth", place)
    for country in _texts(entry, "{*}citizenshipList/{*}citizenship/{*}country"):
        yield Detail("citizenship", country)
    if title := _text(entry, "{*}title"):
        yield Detail("title", title)
    for field in entry.iterfind("{*}vesselInfo/*"):
        if value := clean(field.text):
            yield Detail(_slug(re.sub(r"(?<!^)(?=[A-Z])", " ", etree.QName(field).localname)), value)


SOURCE = Source(
    id="us-ofac-cons",
    authority="United States",
    list_name="OFAC Consolidated (non-SDN) Sanctions List",
    urls={"main": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML"},
    sniff=sniff,
    parse=parse,
)
