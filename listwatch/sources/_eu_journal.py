"""OpenSanctions' CSV consolidation of the EU's sanctions annexes in the Official Journal.

OpenSanctions (``datasets/eu/journal_sanctions/data/consolidated/<CELEX>.csv``, CC BY-NC) writes
one CSV per legal act: one row per annex entry with the act's CELEX number, the EU programme key,
the annex, the measure, the listing date where the annex gives one ("startDate", day-first
"6.10.2001"), the FollowTheMoney schema, the name, ";"-separated aliases, and the identifying
details as the annex words them. The column set grows over time (2024 added ``motherName``,
``sector``, ``leiCode`` …), so columns are read by name and only the core ones are required.

The files carry no date of their own and no stable ids: ``recordId`` is the entry's number in its
annex (renumbered when entries leave) or empty, so the reference is the slug of the name as the
annex writes it, brackets included ("Al-Haramain (Albanian branch)").
An entry the extract repeats (it keeps two amendments of one entry, e.g. in the 881 annex) is one
record: its rows are merged. This module reads the format; each act is its own source module.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from functools import partial

from listwatch.names import script_of
from listwatch.records import Detail, Identifier, Name, ParsedList, Record
from listwatch.sources._dates import dotted_dates, parse_date
from listwatch.sources._descriptor import ParseError, Source
from listwatch.sources._names import bracketed_parts, is_acronym, name_slug
from listwatch.sources._readers import clean, csv_head_rows, decode_text, sorted_unique

REQUIRED = ("celex", "programKey", "annex", "schema", "name", "alias")
_REQUIRED_VALUES = ("name", "schema", "programKey")  # every row of a genuine extract has them
_TYPES = {"Person": "person", "Organization": "organisation", "LegalEntity": "organisation",
          "Company": "organisation", "Vessel": "vessel", "Airplane": "aircraft"}
# Columns kept as identifiers (scheme) or details (key) when filled.
_IDENTIFIERS = {"passportNumber": "passport", "idNumber": "national-id", "taxNumber": "tax-number",
                "registrationNumber": "registration", "imoNumber": "imo", "website": "website"}
_DETAILS = {"address": "address", "birthPlace": "place-of-birth", "position": "position",
            "gender": "gender", "fatherName": "father-name", "motherName": "mother-name",
            "phone": "phone", "email": "email", "annex": "annex", "measure": "measure"}
_OPENING_QUOTES = "‘'\"“"
_CLOSING_QUOTES = "’'\"”"
_SEPARATOR = re.compile(r";|(?:^|(?<=[\s,;]))\(?[a-z]\)\s+")


ANNEX_URL = ("https://raw.githubusercontent.com/opensanctions/opensanctions/main/datasets/eu/"
             "journal_sanctions/data/consolidated/{celex}.csv")


def annex_source(*, id: str, celex: str, list_name: str) -> Source:
    """The source of one act's annexes: everything but its id, act and name is the same for every
    act, so each EU list module is one call."""
    return Source(id=id, authority="European Union", list_name=list_name,
                  urls={"main": ANNEX_URL.format(celex=celex)},
                  sniff=partial(_sniff_act, celex), parse=partial(_parse_act, celex))


def _sniff_act(celex: str, content: bytes) -> str | None:
    return "main" if sniff_celex(content) == celex else None


def _parse_act(celex: str, parts: Mapping[str, bytes]) -> ParsedList:
    return parse_annex(parts["main"], celex)


def sniff_celex(content: bytes) -> str | None:
    """The CELEX number of a journal-annex CSV (its first data row's), or None when the content is
    not one."""
    rows = csv_head_rows(content, size=8192)
    if len(rows) < 2 or not set(REQUIRED) <= set(rows[0]):
        return None
    return dict(zip(rows[0], rows[1])).get("celex")


def parse_annex(content: bytes, celex: str) -> ParsedList:
    """The records of one act's consolidated annexes; refuses a file of another act."""
    rows = _rows(content)
    acts = {row.get("celex") for row in rows}
    if acts != {celex}:
        raise ParseError(f"expected the annexes of CELEX {celex}, found {sorted(filter(None, acts))}")
    by_reference: dict[str, list[dict[str, str]]] = {}
    for number, row in enumerate(rows, start=2):
        empty = [column for column in _REQUIRED_VALUES if not row.get(column)]
        if empty:
            raise ParseError(f"row {number} has no {' and no '.join(empty)}")
        by_reference.setdefault(name_slug(row["name"]), []).append(row)
    records = [_record(reference, group) for reference, group in by_reference.items()]
    return ParsedList(records=tuple(sorted(records, key=lambda r: r.reference)))


def _rows(content: bytes) -> list[dict[str, str]]:
    text = decode_text(content, ("utf-8-sig",))
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
        missing = [column for column in REQUIRED if column not in header]
        if missing:
            raise ParseError(f"journal-annex CSV header lacks the columns {missing}")
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(cells):
                continue
            if len(cells) != len(header):
                raise ParseError(f"row {number} has {len(cells)} cells but the header has "
                                 f"{len(header)}: the columns do not line up")
            rows.append({key: value for key, cell in zip(header, cells) if (value := clean(cell))})
    except csv.Error as exc:
        raise ParseError(f"malformed CSV: {exc}") from exc
    except StopIteration:
        raise ParseError("empty CSV") from None
    if not rows:
        raise ParseError("no records: the CSV has no data rows")
    return rows


def split_name(name: str) -> tuple[str, tuple[Name, ...]]:
    """The annex name and the acronyms it brackets: "Afghan Support Committee (ASC)" →
    ("Afghan Support Committee", (ASC,)). A bracket that is not all acronyms is part of the name:
    "Al-Haramain (Afghanistan branch)" and "Al-Haramain (Albanian branch)" are two entries."""
    outside, groups = bracketed_parts(name)
    pieces = [piece for group in groups for piece in re.split(r"[;,]\s+", group)]
    if not outside or not pieces or not all(is_acronym(piece) for piece in pieces):
        return name, ()
    return outside, tuple(Name(p, quality="weak", script=script_of(p)) for p in pieces)


def _record(reference: str, rows: list[dict[str, str]]) -> Record:
    first = rows[0]
    name, _ = split_name(first["name"])
    schema = first["schema"]
    if schema not in _TYPES:
        raise ParseError(f"entry {first['name']!r}: unknown schema {schema!r}")
    remarks = "; ".join(sorted_unique(v for row in rows for v in (row.get("notes"), row.get("reason")) if v))
    return Record(
        reference=reference,
        type=_TYPES[schema],
        name=name,
        aliases=tuple(n for n in sorted_unique(_names(rows)) if n.value != name),
        programmes=sorted_unique(row["programKey"] for row in rows),
        listed_on=min(filter(None, (parse_date(row.get("startDate")) for row in rows)), default=None),
        # No "un-ref": the UN references these annexes quote ("listed as Al-Qaida in Iraq
        # (QDe.115)") name *other* entries the entry is associated with, never the entry itself.
        identifiers=sorted_unique(_identifiers(rows)),
        birth_dates=sorted_unique(d for row in rows for d in dotted_dates(row.get("birthDate", ""))),
        nationalities=sorted_unique(_split(row.get("nationality") for row in rows)),
        countries=sorted_unique(_split(row.get(k) for row in rows for k in ("country", "jurisdiction"))),
        legal_basis=f"CELEX {first['celex']}",
        remarks=remarks or None,
        details=sorted_unique(Detail(key, row[column]) for row in rows
                              for column, key in _DETAILS.items() if row.get(column)),
    )


def _names(rows: list[dict[str, str]]) -> Iterable[Name]:
    for row in rows:
        _, acronyms = split_name(row["name"])
        yield from acronyms
        for column, kind, quality in (("alias", "alias", "strong"), ("weakAlias", "alias", "weak"),
                                      ("previousName", "former", "strong")):
            for value in _split([row.get(column)]):
                weak = quality == "weak" or (kind == "alias" and is_acronym(value))
                yield Name(value, kind=kind, quality="weak" if weak else "strong",
                           script=script_of(value))


def _split(values: Iterable[str | None]) -> list[str]:
    """The values of the given cells, separated by ";" or lettered "(a) … (b) …", without
    surrounding quotes or list punctuation."""
    return [piece for value in values if value
            for piece in map(_unquoted, _SEPARATOR.split(value)) if piece]


def _unquoted(text: str) -> str | None:
    """``text`` without list punctuation and without quotes around it ("‘The Base’"); a closing
    mark of its own ("Abu Shaima’", an ʿayn) stays."""
    text = (clean(text) or "").strip(",. ")
    if text[:1] in _OPENING_QUOTES:
        text = text.strip(_OPENING_QUOTES + _CLOSING_QUOTES)
    return clean(text)


def _identifiers(rows: list[dict[str, str]]) -> Iterable[Identifier]:
    for row in rows:
        for column, scheme in _IDENTIFIERS.items():
            for value in _split([row.get(column)]):
                yield Identifier(scheme, value)
