"""UN Security Council Consolidated List (the XML the UN publishes at scsanctions.un.org).

One ``INDIVIDUAL`` or ``ENTITY`` element per listed subject; the record is everything the element
says except DATAID and VERSIONNUM, which are database bookkeeping (VERSIONNUM never changes even
when the entry does) and would make identical content hash differently.
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

_ROOT = "CONSOLIDATED_LIST"
_TYPES = {"INDIVIDUAL": "person", "ENTITY": "organisation"}
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")

# Alias QUALITY: "Good"/"a.k.a." are the UN's strong aliases, "Low" its low-quality ones.
_WEAK_QUALITIES = {"low"}
_FORMER_QUALITIES = {"f.k.a."}


def sniff(content: bytes) -> str | None:
    return "main" if xml_root_name(content) == _ROOT else None


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    root = parse_xml_root(parts["main"], _ROOT, "a UN consolidated list")
    records = [_record(element) for element in root.iter(*_TYPES)]
    if not records:
        raise ParseError("no records: the UN list has no INDIVIDUAL or ENTITY element")
    _refuse_duplicates(records)
    return ParsedList(
        records=tuple(sorted(records, key=lambda r: r.reference)),
        published=clean(root.get("dateGenerated")),
    )


def _refuse_duplicates(records: list[Record]) -> None:
    seen: set[str] = set()
    for record in records:
        if record.reference in seen:
            raise ParseError(f"reference {record.reference} appears twice")
        seen.add(record.reference)


def _record(element: etree._Element) -> Record:
    reference = _text(element, "REFERENCE_NUMBER")
    if not reference:
        raise ParseError(f"{element.tag} with DATAID {_text(element, 'DATAID')} has no REFERENCE_NUMBER")
    name = " ".join(filter(None, (_text(element, part) for part in _NAME_PARTS)))
    if not name:
        raise ParseError(f"{reference} has no name")
    return Record(
        reference=reference,
        type=_TYPES[element.tag],
        name=name,
        aliases=sorted_unique(_aliases(element)),
        programmes=sorted_unique(filter(None, [_text(element, "UN_LIST_TYPE")])),
        listed_on=parse_date(_text(element, "LISTED_ON")),
        amended_on=sorted_unique(filter(None, map(parse_date, _values(element, "LAST_DAY_UPDATED")))),
        identifiers=sorted_unique([Identifier("un-ref", reference), *_document_identifiers(element)]),
        birth_dates=sorted_unique(filter(None, map(_birth_date, element.iter("INDIVIDUAL_DATE_OF_BIRTH")))),
        nationalities=sorted_unique(_values(element, "NATIONALITY")),
        countries=sorted_unique(filter(None, (_text(a, "COUNTRY") for a in _addresses(element)))),
        remarks=_text(element, "COMMENTS1"),
        details=sorted_unique(_details(element)),
    )


def _text(element: etree._Element, tag: str) -> str | None:
    return clean(element.findtext(tag))


def _values(element: etree._Element, tag: str) -> list[str]:
    return [v for v in (clean(value.text) for value in element.findall(f"{tag}/VALUE")) if v]


def _addresses(element: etree._Element) -> list[etree._Element]:
    return element.findall("INDIVIDUAL_ADDRESS") + element.findall("ENTITY_ADDRESS")


# --- Names ---------------------------------------------------------------------------------------


def _aliases(element: etree._Element) -> Iterator[Name]:
    original = _text(element, "NAME_ORIGINAL_SCRIPT")
    if original:
        yield Name(original, kind="original-script", script=script_of(original))
    for alias in element.findall("INDIVIDUAL_ALIAS") + element.findall("ENTITY_ALIAS"):
        quality = (_text(alias, "QUALITY") or "").lower()
        kind = "former" if quality in _FORMER_QUALITIES else "alias"
        weight = "weak" if quality in _WEAK_QUALITIES else "strong"
        for value in split_packed_names(alias.findtext("ALIAS_NAME") or ""):
            yield Name(value, kind=kind, quality=weight, script=script_of(value))


# Annotations the UN writes inside alias text; they say what a name is, they are not part of it.
_ANNOTATION = re.compile(r"^original script:\s*|\s*\(original script\)$|\s+-\s+sub-unit name$", re.IGNORECASE)
# "a) X; b) Y" enumerations inside one alias field.
_ENUMERATOR = re.compile(r"(?:^|\s+)[a-h]\)\s+")
# An acronym given in brackets after a name: "(HTS)", "(ISIS-GS)", "(LRM/A)"; not "(KPE.018)".
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]*(?:[-/][A-Z0-9]+)*")


def split_packed_names(text: str) -> list[str]:
    """The separate names the UN packs into one ALIAS_NAME, in order, without annotations.

    "Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); Hayat Tahrir al-Sham)" →
    ["Hay’at Tahrir al-Sham", "HTS", "هيئة تحرير الشام", "Hayat Tahrir al-Sham"]. A bracket is read
    as more names only when it closes the text and holds a ";" list, an acronym or a name in
    another script; any other bracket is part of the name and kept as written ("Leader (Hong Kong)
    International Trading Limited", "EL PARA (COMBAT NAME)", "STATE ESTABLISHMENT … (SOUTHERN AREA)")."""
    text = _ENUMERATOR.sub("; ", clean(text) or "").strip(" ,;")
    names: list[str] = []
    for item in _split_top_level(text, ";"):
        for name in _split_bracketed(item):
            if name not in names:
                names.append(name)
    return names


def _split_bracketed(item: str) -> list[str]:
    item = _without_annotations(item)
    head, inner = _trailing_bracket(item)
    if head and inner and _is_more_names(head, inner):
        return _split_bracketed(head) + split_packed_names(inner)
    return [item] if item else []


def _without_annotations(item: str) -> str:
    previous = None
    while previous != item:
        # A leading ")" is always stray (the UN has ") Abdelrahman …" left over from "a) … b) …").
        previous, item = item, _ANNOTATION.sub("", item).strip(" ,;").lstrip(") ")
    return item


def _trailing_bracket(item: str) -> tuple[str | None, str | None]:
    """("head", "inner") when ``item`` is "head (inner)" with a balanced bracket closing it."""
    if not item.endswith(")"):
        return None, None
    depth = 0
    for index in range(len(item) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(item[index], 0)
        if depth == 0:
            return clean(item[:index]), clean(item[index + 1 : -1])
    return None, None


def _is_more_names(head: str, inner: str) -> bool:
    if len(_split_top_level(inner, ";")) > 1:
        return True
    if _ACRONYM.fullmatch(inner) and sum(c.isalpha() for c in inner) >= 2:
        return True
    return script_of(_without_annotations(inner)) != script_of(head)


def _split_top_level(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside brackets; a stray ")" does not open a level."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [p for p in (clean(part) for part in parts) if p]


# --- Identifiers, dates and details --------------------------------------------------------------


def _document_scheme(kind: str) -> str:
    kind = kind.lower()
    if "pass" in kind:  # "Passport", "Numéro de passeport", "Número de pasaporte"
        return "passport"
    if "identification" in kind:
        return "national-id"
    return "document"


def _document_identifiers(element: etree._Element) -> Iterator[Identifier]:
    for document in element.findall("INDIVIDUAL_DOCUMENT"):
        number = _text(document, "NUMBER")
        if number:
            yield Identifier(_document_scheme(_text(document, "TYPE_OF_DOCUMENT") or ""), number)


def _birth_date(element: etree._Element) -> str | None:
    if date := parse_date(_text(element, "DATE")):
        return date
    if year := _text(element, "YEAR"):
        return parse_date(year)
    start, end = _text(element, "FROM_YEAR"), _text(element, "TO_YEAR")
    return f"{start}/{end}" if start and end else None


def _joined(element: etree._Element, tags: tuple[str, ...]) -> str | None:
    return clean(", ".join(filter(None, (_text(element, tag) for tag in tags))))


def _details(element: etree._Element) -> Iterator[Detail]:
    for address in _addresses(element):
        text = _joined(address, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"))
        note = _text(address, "NOTE")
        if text or note:
            yield Detail("address", f"{text} ({note})" if text and note else text or note)
    for place in element.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        if text := _joined(place, ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE")):
            yield Detail("place-of-birth", text)
    for document in element.findall("INDIVIDUAL_DOCUMENT"):
        fields = ("TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2", "NUMBER", "ISSUING_COUNTRY", "COUNTRY_OF_ISSUE",
                  "CITY_OF_ISSUE", "DATE_OF_ISSUE", "NOTE")
        if text := _joined(document, fields):
            yield Detail("document", text)
    for birth in element.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        if _text(birth, "NOTE"):
            yield Detail("date-of-birth-note", _joined(birth, ("TYPE_OF_DATE", "NOTE")))
    for key, tag in (("title", "TITLE"), ("designation", "DESIGNATION")):
        for value in _values(element, tag):
            yield Detail(key, value)
    if gender := _text(element, "GENDER"):
        yield Detail("gender", gender)


SOURCE = Source(
    id="un-sc",
    authority="United Nations",
    list_name="UN Security Council Consolidated List",
    urls={"main": "https://scsanctions.un.org/resources/xml/en/consolidated.xml"},
    sniff=sniff,
    parse=parse,
    min_records=900,  # genuine files in ../shared: 1,000–1,118 records
)
