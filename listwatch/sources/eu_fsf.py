"""EU Financial Sanctions Files (FSF): the consolidated list of persons, groups and entities
subject to EU financial sanctions, XML format 1.1 (root ``export``, namespace
``http://eu.europa.ec/fpi/fsd/export``).

Reference: ``sanctionEntity/@logicalId``. Every entity has one and it survives amendments,
whereas ``@euReferenceNumber`` is missing on older entries; the EU reference number is kept as
an ``eu-ref`` identifier, and ``@unitedNationId`` as ``un-ref`` (what links an entry to the UN
list).
"""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from listwatch.names import script_of
from listwatch.records import Detail, Identifier, Name, ParsedList, Record
from listwatch.sources._descriptor import ParseError, Source
from listwatch.sources._readers import clean, parse_xml_root, xml_root_name
from listwatch.sources._dates import iso_date, parse_date

_NAMESPACE = b"http://eu.europa.ec/fpi/fsd/export"
_SUBJECT_TYPES = {"person": "person", "enterprise": "organisation"}
# "00"/"UNKNOWN" is how the file says that a country is not known.
_UNKNOWN_COUNTRY = "00"


def sniff(content: bytes) -> str | None:
    head = content[:8192]
    if xml_root_name(content) == "export" and _NAMESPACE in head:
        return "main"
    return None


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    root = parse_xml_root(parts["main"], "export", "an FSF export")
    records = tuple(_record(entity) for entity in root.iterfind("{*}sanctionEntity"))
    if not records:
        raise ParseError("FSF export contains no sanctionEntity")
    return ParsedList(records=records, published=root.get("generationDate") or None)


def _record(entity: etree._Element) -> Record:
    reference = clean(entity.get("logicalId"))
    if not reference:
        raise ParseError("sanctionEntity without logicalId")
    names = _names(entity)
    if not names:
        raise ParseError(f"sanctionEntity {reference} has no name")
    regulations = _regulations_by_date(entity)
    listed_on = parse_date(entity.get("designationDate")) or (regulations[0][0] if regulations else None)
    return Record(
        reference=reference,
        type=_subject_type(entity),
        name=names[0].value,
        aliases=tuple(names[1:]),
        programmes=_unique(r.get("programme") for r in entity.iterfind("{*}regulation")),
        listed_on=listed_on,
        amended_on=_unique(date for date, _ in regulations if listed_on and date > listed_on),
        identifiers=_identifiers(entity),
        birth_dates=_unique(map(_birth_date, entity.iterfind("{*}birthdate"))),
        nationalities=_countries(entity, "citizenship"),
        countries=_countries(entity, "address"),
        legal_basis="; ".join(_unique(r.get("numberTitle") for _, r in regulations)) or None,
        remarks=" ".join(_unique(r.text for r in entity.iterfind("{*}remark"))) or None,
        details=tuple(Detail("address", a) for a in _unique(map(_address, entity.iterfind("{*}address")))),
    )


def _subject_type(entity: etree._Element) -> str:
    subject = entity.find("{*}subjectType")
    code = subject.get("code") if subject is not None else None
    return _SUBJECT_TYPES.get(code or "", "other")


def _names(entity: etree._Element) -> list[Name]:
    """The entity's names in file order, the first as primary; the same spelling given for
    several languages is one name."""
    names: dict[str, Name] = {}
    for alias in entity.iterfind("{*}nameAlias"):
        value = clean(alias.get("wholeName")) or clean(
            " ".join(alias.get(key) or "" for key in ("firstName", "middleName", "lastName"))
        )
        if value and value not in names:
            quality = "strong" if alias.get("strong", "true") == "true" else "weak"
            names[value] = Name(value, kind="primary" if not names else "alias",
                                quality=quality, script=script_of(value))
    return list(names.values())


def _regulations_by_date(entity: etree._Element) -> list[tuple[str, etree._Element]]:
    dated = [(parse_date(r.get("publicationDate")), r) for r in entity.iterfind("{*}regulation")]
    return sorted(((d, r) for d, r in dated if d), key=lambda pair: pair[0])


def _identifiers(entity: etree._Element) -> tuple[Identifier, ...]:
    found = []
    if un_ref := clean(entity.get("unitedNationId")):
        found.append(Identifier("un-ref", un_ref))
    if eu_ref := clean(entity.get("euReferenceNumber")):
        found.append(Identifier("eu-ref", eu_ref))
    for document in entity.iterfind("{*}identification"):
        number = clean(document.get("number")) or clean(document.get("latinNumber"))
        if number:
            found.append(Identifier(document.get("identificationTypeCode") or "other", number))
    return tuple(dict.fromkeys(found))


def _birth_date(birth: etree._Element) -> str | None:
    return parse_date(birth.get("birthdate")) or iso_date(
        birth.get("year"), birth.get("monthOfYear"), birth.get("dayOfMonth")
    )


def _countries(entity: etree._Element, tag: str) -> tuple[str, ...]:
    codes = (node.get("countryIso2Code") for node in entity.iterfind("{*}" + tag))
    return _unique(code for code in codes if code != _UNKNOWN_COUNTRY)


def _address(address: etree._Element) -> str | None:
    keys = ("street", "poBox", "zipCode", "city", "place", "region")
    country = address.get("countryDescription")
    parts = [address.get(key) for key in keys] + [None if country == "UNKNOWN" else country]
    return ", ".join(p for p in map(clean, parts) if p) or None


def _unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in map(clean, values) if v))


SOURCE = Source(
    id="eu-fsf",
    authority="European Union",
    list_name="Consolidated list of persons, groups and entities subject to EU financial sanctions",
    urls={"main": "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"},
    sniff=sniff,
    parse=parse,
)
