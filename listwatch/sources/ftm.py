"""FollowTheMoney entity files as sources, one source per dataset ("ftm-<dataset>").

OpenSanctions and the tools around it (yente, zavod, nomenklatura) exchange entities as JSON
lines in the FollowTheMoney (FtM) model: ``entities.ftm.json`` is a full export, one entity per
line (``id``, ``schema``, ``properties``, and OpenSanctions' ``datasets``, ``target``,
``first_seen`` …); ``entities.delta.json`` is what changed since the previous version, one
``{"op": "ADD"|"MOD"|"DEL", "entity": …}`` per line, which yente applies to its index.

A record is a *target* entity (``"target": true``, or the ``entity`` of a ``Sanction``), with
its reference the entity id — the id deltas use. The ``Sanction`` entities that point at it give
the legal dates (``listingDate``/``startDate`` → listed, ``endDate`` on every sanction →
delisted), the programmes, the authority and the UN reference (``unscId``). ``Address`` entities
it points at give its addresses. A file names its dataset in each entity's ``datasets``: a file
of one dataset is recognised as ``ftm-<that dataset>``; a collection (entities of many datasets)
needs ``--source ftm-<dataset>``, which reads the entities of that dataset only.

Neither file kind states when it was exported (``last_seen`` is per entity, and in yente's own
fixtures later than the deltas that follow), so the observation date comes from
``--observed-at`` or from the version in the file name (``20240527194702-wnk``,
``--date-from-filename``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache, partial

from listwatch.names import script_of
from listwatch.records import Detail, Identifier, Name, ParsedList, Record
from listwatch.sources._dates import parse_date
from listwatch.sources._descriptor import ParseError, Source, SourceFamily
from listwatch.sources._readers import clean, sorted_unique

PREFIX = "ftm-"
_DATASET = re.compile(r"[A-Za-z0-9][\w.-]{0,99}")
_TYPES = {"Person": "person", "Organization": "organisation", "Company": "organisation",
          "LegalEntity": "organisation", "PublicBody": "organisation", "Vessel": "vessel",
          "Airplane": "aircraft"}
# name kind and quality of each FtM name property
_NAMES = {"name": ("alias", "strong"), "alias": ("alias", "strong"),
          "weakAlias": ("alias", "weak"), "abbreviation": ("alias", "weak"),
          "previousName": ("former", "strong")}
# FtM identifier properties → our identifier schemes
_IDENTIFIERS = {"unscId": "un-ref", "registrationNumber": "registration", "idNumber": "national-id",
                "passportNumber": "passport", "taxNumber": "tax-number", "innCode": "inn",
                "ogrnCode": "ogrn", "leiCode": "lei", "imoNumber": "imo", "swiftBic": "swift-bic",
                "wikidataId": "wikidata", "website": "website"}
_DETAILS = {"birthPlace": "place-of-birth", "position": "position", "gender": "gender",
            "title": "title", "description": "description"}
# A sanction our own export marks as ended without a known date (gone from the list between two
# snapshots): the entity is not listed, and no delisting date is invented for it.
_ENDED_WITHOUT_DATE = "delisted"
_OPERATIONS = ("ADD", "MOD", "DEL")


# --- Reading -----------------------------------------------------------------------------------


def json_lines(content: bytes) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-empty line; a line that is not a JSON object is refused
    with its number."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 text: {exc}") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ParseError(f"line {number}: not JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(value, dict):
            raise ParseError(f"line {number}: a JSON {type(value).__name__}, not an object")
        yield number, value


def _entity(number: int, value: object) -> dict:
    if not (isinstance(value, dict) and isinstance(value.get("id"), str) and value["id"]
            and isinstance(value.get("schema"), str) and isinstance(value.get("properties", {}), dict)):
        raise ParseError(f"line {number}: not a FollowTheMoney entity (needs id, schema, properties)")
    return value


def _values(entity: dict, prop: str) -> list[str]:
    """The texts of a property; one that is not text or a list of texts (and numbers) is refused.
    Only the properties read are checked: real exports carry others holding objects."""
    values = entity.get("properties", {}).get(prop) or []
    if isinstance(values, (str, int, float)):
        values = [values]
    if not (isinstance(values, list) and all(isinstance(x, (str, int, float)) for x in values)):
        raise ParseError(f"entity {entity['id'][:60]!r}: property {prop!r} is not a list of texts")
    return [v for v in (clean(str(x)) for x in values) if v]


def _datasets(entity: dict) -> list[str] | None:
    """OpenSanctions' ``datasets`` of the entity (None in plain FtM), refused unless a list of names."""
    datasets = entity.get("datasets")
    if datasets is not None and not (isinstance(datasets, list)
                                     and all(isinstance(name, str) for name in datasets)):
        raise ParseError(f"entity {entity['id'][:60]!r}: its datasets are not a list of names")
    return datasets


def _in_dataset(entity: dict, dataset: str) -> bool:
    """An entity without OpenSanctions' ``datasets`` key (plain FtM) belongs to the file's dataset."""
    datasets = _datasets(entity)
    return datasets is None or dataset in datasets


# --- Sniffing ----------------------------------------------------------------------------------


def sniff(content: bytes) -> str | None:
    """"main" for an entities file, "delta" for a delta file, judged from the first line; None
    when the content is not FtM JSON lines."""
    text = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"{"):
        return None
    first = json.loads(text.split(b"\n", 1)[0])  # an entity with many names is a long line
    if set(first) >= {"op", "entity"} and first["op"] in _OPERATIONS:
        return "delta"
    if set(first) >= {"id", "schema", "properties"}:
        return "main"
    return None


def dataset_of(content: bytes) -> str | None:
    """The one dataset every target (and Sanction) of the file names, or None when they name
    several in common (a collection) or none; a malformed line is refused with its number."""
    if sniff(content) == "delta":
        entities = (_entity(n, v.get("entity")) for n, v in json_lines(content)
                    if v.get("op") in ("ADD", "MOD"))
    else:
        entities = (_entity(n, v) for n, v in json_lines(content))
    common: set[str] | None = None
    for entity in entities:
        if entity.get("target") or entity.get("schema") == "Sanction":
            datasets = set(_datasets(entity) or ())
            common = datasets if common is None else common & datasets
    if common is None or len(common) != 1:
        return None
    (dataset,) = common
    return dataset if _DATASET.fullmatch(dataset) else None


# --- Records -----------------------------------------------------------------------------------


def parse(dataset: str, parts: Mapping[str, bytes]) -> ParsedList:
    if "main" not in parts:
        raise ParseError("a delta file needs the snapshot before it: import an entities file first")
    entities = {}
    for number, value in json_lines(parts["main"]):
        if set(value) >= {"op", "entity"}:
            raise ParseError(f"line {number}: a delta operation inside an entities file")
        entity = _entity(number, value)
        entities[entity["id"]] = entity
    records = _records(dataset, entities, entities)
    return ParsedList(records=tuple(sorted(records.values(), key=lambda r: r.reference)))


def apply_delta(dataset: str, content: bytes, previous: Mapping[str, Record]) -> ParsedList:
    """The snapshot after applying a delta to the records of the one before it: ADD and MOD
    replace a target, DEL and a MOD that takes it out of the dataset remove it. A target whose
    Sanction the delta does not carry keeps the legal dates and programmes it had."""
    changed, removed = {}, set()
    for number, value in json_lines(content):
        op = value.get("op")
        if op not in _OPERATIONS:
            raise ParseError(f"line {number}: unknown delta operation {op!r} (expected ADD, MOD or DEL)")
        entity = value.get("entity")
        if op == "DEL":
            if not (isinstance(entity, dict) and isinstance(entity.get("id"), str)):
                raise ParseError(f"line {number}: DEL without an entity id")
            removed.add(entity["id"])
            continue
        entity = _entity(number, entity)
        if _in_dataset(entity, dataset):
            changed[entity["id"]] = entity
            removed.discard(entity["id"])
        else:
            removed.add(entity["id"])
    records = dict(previous)
    for reference in removed:
        records.pop(reference, None)
    for reference, record in _records(dataset, changed, changed).items():
        old = previous.get(reference)
        if old is not None and not _sanctions_of(changed).get(reference):
            record = replace(record, **_sanction_fields(old),
                             identifiers=sorted_unique(record.identifiers + _un_references(old)))
        records[reference] = record
    for reference, sanctions in _sanctions_of(changed).items():  # a changed Sanction alone
        if reference not in changed and reference in records:
            old = records[reference]
            records[reference] = replace(old, **_from_sanctions(sanctions), identifiers=sorted_unique(
                [*old.identifiers, *_sanction_identifiers(sanctions)]))
    if not records:
        raise ParseError("the delta leaves no records")
    # a full snapshot again, comparable with the entities file's ("main") field by field
    return ParsedList(records=tuple(sorted(records.values(), key=lambda r: r.reference)))


def _sanctions_of(entities: Mapping[str, dict]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    for entity in entities.values():
        if entity["schema"] == "Sanction":
            for target in _values(entity, "entity"):
                found[target].append(entity)
    return found


def _records(dataset: str, candidates: Mapping[str, dict], lookup: Mapping[str, dict]) -> dict[str, Record]:
    sanctions = _sanctions_of(candidates)
    records = {}
    for entity_id, entity in candidates.items():
        if entity["schema"] == "Sanction" or not _in_dataset(entity, dataset):
            continue
        if not (entity.get("target") or sanctions.get(entity_id)):
            continue  # an address, a family tie, a position: context, not a listed subject
        own = [s for s in sanctions.get(entity_id, ()) if _in_dataset(s, dataset)]
        if own and all(_values(s, "status") == [_ENDED_WITHOUT_DATE] and not _values(s, "endDate")
                       for s in own):
            continue
        records[entity_id] = _record(entity, own, lookup)
    return records


def _record(entity: dict, sanctions: list[dict], lookup: Mapping[str, dict]) -> Record:
    names = [Name(value, kind=kind, quality=quality, script=script_of(value))
             for prop, (kind, quality) in _NAMES.items() for value in _values(entity, prop)]
    caption = entity.get("caption")
    if caption is not None and not isinstance(caption, str):
        raise ParseError(f"entity {entity['id'][:60]!r}: its caption is not text")
    primary = clean(caption) or (names[0].value if names else None)
    if not primary:
        raise ParseError(f"entity {entity['id']}: no name")
    addresses = [value for ref in _values(entity, "addressEntity")
                 for value in _values(lookup.get(ref, {}), "full")] + _values(entity, "address")
    return Record(
        reference=entity["id"],
        type=_TYPES.get(entity["schema"], "other"),
        name=primary,
        aliases=tuple(n for n in sorted_unique(names) if n.value != primary),
        amended_on=sorted_unique(d for v in _values(entity, "modifiedAt") if (d := parse_date(v))),
        identifiers=sorted_unique([Identifier(scheme, value) for prop, scheme in _IDENTIFIERS.items()
                                   for value in _values(entity, prop)] + _sanction_identifiers(sanctions)),
        birth_dates=sorted_unique(d for v in _values(entity, "birthDate") if (d := parse_date(v))),
        nationalities=sorted_unique(_values(entity, "nationality")),
        countries=sorted_unique(_values(entity, "country") + _values(entity, "jurisdiction")),
        source_url=next(iter(_values(entity, "sourceUrl")), None),
        remarks="; ".join(_values(entity, "notes")) or None,
        details=sorted_unique([Detail("address", a) for a in addresses]
                              + [Detail(key, v) for prop, key in _DETAILS.items()
                                 for v in _values(entity, prop)]),
        **_from_sanctions(sanctions),
    )


def _from_sanctions(sanctions: list[dict]) -> dict:
    """The record fields a target's Sanction entities give."""
    starts = [d for s in sanctions for prop in ("listingDate", "startDate")
              for v in _values(s, prop) if (d := parse_date(v))]
    ends = [max(ds) for s in sanctions if (ds := [d for v in _values(s, "endDate") if (d := parse_date(v))])]
    authorities = sorted_unique(v for s in sanctions for v in _values(s, "authority"))
    return {
        "listed_on": min(starts, default=None),
        "delisted_on": max(ends) if sanctions and len(ends) == len(sanctions) else None,
        "programmes": sorted_unique(v for s in sanctions for v in _values(s, "program")),
        "authority": authorities[0] if len(authorities) == 1 else None,
        "legal_basis": "; ".join(sorted_unique(v for s in sanctions for v in _values(s, "provisions"))) or None,
    }


def _sanction_identifiers(sanctions: list[dict]) -> list[Identifier]:
    return [Identifier("un-ref", v) for s in sanctions for v in _values(s, "unscId")]


def _un_references(record: Record) -> tuple[Identifier, ...]:
    return tuple(i for i in record.identifiers if i.scheme == "un-ref")


def _sanction_fields(record: Record) -> dict:
    return {"listed_on": record.listed_on, "delisted_on": record.delisted_on,
            "programmes": record.programmes, "authority": record.authority,
            "legal_basis": record.legal_basis}


@cache
def member(dataset: str) -> Source | None:
    if not _DATASET.fullmatch(dataset):
        return None
    return Source(
        id=PREFIX + dataset,
        authority=f"FollowTheMoney dataset {dataset}",
        list_name=f"FollowTheMoney entities of dataset {dataset!r}",
        urls={},
        sniff=sniff,
        parse=partial(parse, dataset),
        apply_delta=partial(apply_delta, dataset),
    )


FAMILY = SourceFamily(prefix=PREFIX, sniff=sniff, dataset=dataset_of, member=member)
