"""UK OFSI Consolidated List of Financial Sanctions Targets, 2022 format (ConList.xlsx / .csv).

Both forms hold one sheet: a "Last Updated, DD/MM/YYYY" row, a header row, then one row per name
*and* address of a target, so a target with 3 names and 2 addresses has 6 rows. Rows are grouped
by "Group ID", OFSI's stable id for the target, into one record.

Dirty input: a CSV that does not start with the "Last Updated" row, or whose rows do not have as
many cells as its header, is refused, not repaired. The real edited extract in ../shared
(77 rows, cp1252) has both defects: its header carries an extra empty leading cell, so every
label sits one column off its data ("Group Type" over the alias types, "Group ID" over nothing),
it uses the pre-2022 vocabulary ("Prime Alias") and it holds fragments of groups (group 13349's
AKA rows without its primary name). Any reading of it would be a guess, and a 77-row fragment
imported as a snapshot of a 4,700-target list would read as mass delisting. Refusing with the
reason lets the operator fetch a clean file.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from functools import lru_cache


from listwatch.names import script_of
from listwatch.records import Detail, Identifier, Name, ParsedList, Record
from listwatch.sources._descriptor import ParseError, Source
from listwatch.sources._readers import (
    clean, csv_head_rows, csv_rows, decode_text, sorted_unique, xlsx_rows,
)
from listwatch.sources._dates import parse_date

_TYPES = {"individual": "person", "entity": "organisation", "ship": "vessel"}
_NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")  # Name 6: surname / entity name
_REQUIRED = ("Name 6", "Group Type", "Alias Type", "Regime", "Listed On", "Last Updated", "Group ID")
_FORMER_ALIAS_TYPES = {"fka"}
_PRIMARY = "primary name"
_ADDRESS_COLUMNS = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6",
                    "Post/Zip Code", "Country")
# Cross-references in "Other Information": "(UK Sanctions List Ref):AQD0026. (UN Ref):QDe.137."
_CROSS_REFERENCES = {
    "un-ref": re.compile(r"\(UN Ref\):\s*([A-Za-z]{2,4}\.\d+)"),
    "uk-sanctions-list-ref": re.compile(r"\(UK Sanctions List Ref\):\s*([A-Z]{2,4}\d+)"),
    "imo": re.compile(r"\(IMO number\):\s*(\d{7})"),
}
_NUMBERED = re.compile(r"\(\d+\)\s*")


# --- Sniffing ------------------------------------------------------------------------------------


def sniff(content: bytes) -> str | None:
    if content.startswith(b"PK\x03\x04"):
        return "main" if _is_conlist_workbook(content) else None
    rows = csv_head_rows(content, size=8192)[:2]
    return "main" if any(_is_header(row) for row in rows) else None


def _is_header(row: list) -> bool:
    labels = {clean(str(cell)) for cell in row if cell is not None}
    return {"Group ID", "Alias Type", "Regime", "Name 6"} <= labels


def _is_conlist_workbook(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                return False
        return any(_is_header(row) for row in _sheet_rows(content, limit=2))
    except (zipfile.BadZipFile, ParseError):
        return False


# --- Reading -------------------------------------------------------------------------------------


def _sheet_rows(content: bytes, limit: int | None = None) -> list[list[str | None]]:
    return [[None if cell is None else _cell_text(cell) for cell in row]
            for row in xlsx_rows(content, limit)]


def _cell_text(cell: object) -> str | None:
    if isinstance(cell, (datetime, date)):  # a date cell: write it the way the CSV does
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float) and cell.is_integer():  # a numeric Group ID
        return str(int(cell))
    return clean(str(cell))


def _csv_rows(content: bytes) -> list[list[str | None]]:
    text = decode_text(content)
    return [[clean(cell) for cell in row] for row in csv_rows(csv.reader(io.StringIO(text)))]


def _table(content: bytes) -> tuple[str, list[str], list[list[str | None]]]:
    """(the file's Last Updated date, the header, the data rows), refusing what is not the 2022 format."""
    if not content.strip():
        raise ParseError("empty OFSI file")
    is_xlsx = content.startswith(b"PK\x03\x04")
    rows = _sheet_rows(content) if is_xlsx else _csv_rows(content)
    rows = [row for row in rows if any(row)]
    if len(rows) < 3 or (rows[0][0] or "").lower() != "last updated":
        raise ParseError("not the OFSI 2022 format: the file must start with a 'Last Updated' row, "
                         "then the header and data (an older or edited export?)")
    published = parse_date(rows[0][1] if len(rows[0]) > 1 else None, order="dmy")
    if not published:
        raise ParseError(f"OFSI 'Last Updated' row has no DD/MM/YYYY date: {rows[0][:2]}")
    header = [cell or "" for cell in rows[1]]
    missing = [column for column in _REQUIRED if column not in header]
    if missing:
        raise ParseError(f"OFSI header lacks the columns {missing}")
    if not is_xlsx:  # a workbook pads rows to the sheet's width; a CSV row of another width is damaged
        for number, row in enumerate(rows[2:], start=3):
            if len(row) != len(header):
                raise ParseError(f"OFSI CSV row {number} has {len(row)} cells but the header has "
                                 f"{len(header)}: the columns do not line up")
    return published, header, rows[2:]


# --- Parsing -------------------------------------------------------------------------------------


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    published, header, rows = _table(parts["main"])
    groups: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    for number, cells in enumerate(rows, start=3):
        row = dict(zip(header, cells))
        group = row.get("Group ID")
        if not group:
            raise ParseError(f"OFSI row {number} has no Group ID")
        groups[group].append(row)
    if not groups:
        raise ParseError("no records: the OFSI file has no data rows")
    records = [_record(group, group_rows) for group, group_rows in groups.items()]
    records.sort(key=lambda r: (len(r.reference), r.reference))  # numeric order of the digit ids
    return ParsedList(records=tuple(records), published=published)


@lru_cache(maxsize=8192)
def _uk_date(value: str | None) -> str | None:
    """A DD/MM/YYYY date as ISO; cached because every row of a group repeats the group's dates."""
    return parse_date(value, "dmy")


def _full_name(row: dict[str, str | None]) -> str | None:
    return clean(" ".join(row.get(column) or "" for column in _NAME_COLUMNS))


def _record(group: str, rows: list[dict[str, str | None]]) -> Record:
    names = sorted_unique(_row_names(rows))
    primary = _primary_name(group, rows)
    first = rows[0]
    group_type = (first.get("Group Type") or "").lower()
    other_information = first.get("Other Information") or ""
    return Record(
        reference=group,
        type=_TYPES.get(group_type, "other"),
        name=primary,
        aliases=tuple(n for n in names if not (n.value == primary and n.kind == "alias")),
        programmes=sorted_unique(filter(None, (row.get("Regime") for row in rows))),
        listed_on=min(filter(None, (_uk_date(row.get("Listed On")) for row in rows)), default=None),
        amended_on=sorted_unique(filter(None, (_uk_date(row.get("Last Updated")) for row in rows))),
        identifiers=sorted_unique(
            Identifier(scheme, match)
            for scheme, pattern in _CROSS_REFERENCES.items()
            for match in pattern.findall(other_information)
        ),
        birth_dates=sorted_unique(filter(None, (_uk_date(row.get("DOB")) for row in rows))),
        nationalities=sorted_unique(n for row in rows for n in _numbered_values(row.get("Nationality"))),
        countries=sorted_unique(filter(None, (row.get("Country") for row in rows))),
        remarks=clean(other_information),
        details=sorted_unique(d for row in rows for d in _details(row)),
    )


def _primary_name(group: str, rows: list[dict[str, str | None]]) -> str:
    """The group's primary name; when OFSI gives two (it does for a few groups) or none, the
    alphabetically first candidate, so the choice does not depend on row order."""
    by_type: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if name := _full_name(row):
            by_type[(row.get("Alias Type") or "").lower()].append(name)
    for alias_type in (_PRIMARY, "primary name variation", "aka", "fka"):
        if by_type.get(alias_type):
            return min(by_type[alias_type])
    if by_type:
        return min(min(names) for names in by_type.values())
    raise ParseError(f"OFSI group {group} has no name in any row")


def _row_names(rows: list[dict[str, str | None]]) -> Iterator[Name]:
    for row in rows:
        alias_type = (row.get("Alias Type") or "").lower()
        quality = "weak" if (row.get("Alias Quality") or "").lower().startswith("low") else "strong"
        if name := _full_name(row):
            kind = "former" if alias_type in _FORMER_ALIAS_TYPES else "alias"
            yield Name(name, kind=kind, quality=quality, script=script_of(name))
        if original := row.get("Name Non-Latin Script"):
            yield Name(original, kind="original-script", quality=quality, script=script_of(original))


def _numbered_values(value: str | None) -> list[str]:
    """"(1) Germany. (2) Morocco" → ["Germany", "Morocco"]."""
    return [v for v in (clean(part.strip(" .")) for part in _NUMBERED.split(value or "")) if v]


def _details(row: dict[str, str | None]) -> Iterator[Detail]:
    address = ", ".join(filter(None, (row.get(column) for column in _ADDRESS_COLUMNS)))
    if address and any(row.get(column) for column in _ADDRESS_COLUMNS[:-1]):  # not just a country
        yield Detail("address", address)
    place = ", ".join(filter(None, (row.get("Town of Birth"), row.get("Country of Birth"))))
    if place:
        yield Detail("place-of-birth", place)
    for key, columns in (("passport", ("Passport Number", "Passport Details")),
                         ("national-id", ("National Identification Number", "National Identification Details")),
                         ("position", ("Position",)), ("title", ("Title",))):
        if value := " ".join(filter(None, (row.get(column) for column in columns))):
            yield Detail(key, value)
    if designated := _uk_date(row.get("UK Sanctions List Date Designated")):
        yield Detail("uk-sanctions-list-date-designated", designated)


SOURCE = Source(
    id="uk-ofsi",
    authority="United Kingdom",
    list_name="OFSI Consolidated List of Financial Sanctions Targets",
    # The same list is published as .../2022format/ConList.xlsx; parse reads either form.
    urls={"main": "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv"},
    sniff=sniff,
    parse=parse,
    min_records=4_200,  # the genuine 2025 workbook in ../shared: 4,686 groups
)
