"""OFAC Specially Designated Nationals list, legacy CSV files.

Four files make one publication: sdn.csv ("main": one row per entry), alt.csv (a.k.a.s), add.csv
(addresses) and sdn_comments.csv (remarks too long for sdn.csv's Remarks column). None has a
header; nulls are written "-0- "; the files end with a Ctrl-Z. Only sdn.csv is required: names,
identifiers and details carry the part they came from, so snapshots with and without the aux
files compare on what both have.

Weak a.k.a.s: in the legacy format OFAC writes an entry's *weak* a.k.a.s only inside Remarks and
its strong ones only in alt.csv. Checked on the real files: of the 2,037 remark a.k.a.s in the
2019-01 sdn.csv (2,438 in 2021-07), none is also an alt.csv row of the same entry; ent_num 16937
(AL-NUSRAH FRONT) has 'THE VICTORY FRONT', 'SUPPORT FRONT FOR THE PEOPLE OF THE LEVANT' and 'HTS'
in Remarks and 25 other names, all distinct, in alt.csv. In OFAC's consolidated list, whose XML
states the category, every remark a.k.a. of the CSV that the XML also has is category "weak"
(46 of 46 in 2018, 66 of 66 in 2025). So remark a.k.a.s become Name(quality="weak").
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping

from listwatch.names import script_of
from listwatch.records import Detail, Identifier, Name, ParsedList, Record
from listwatch.sources._descriptor import ParseError, Source
from listwatch.sources._readers import clean, csv_head_rows, csv_rows, decode_text, sorted_unique
from listwatch.sources._dates import parse_period

_BASE_URL = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports"
_NULL = "-0-"
_COLUMNS = {"main": 12, "alt": 5, "add": 6, "comments": 2}
_FILE_NAMES = {"main": "sdn.csv", "alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"}
_TYPES = {"": "organisation", "individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
_ALT_TYPES = {"aka": "alias", "nka": "alias", "fka": "former"}

# Programmes only the SDN list carries (blocking programmes; OFAC's non-SDN consolidated list, in
# the very same CSV format, never has them). Every sdn.csv ever published lists CUBA and FTO
# entries, so this tells sdn.csv from cons_prim.csv by content.
_SDN_ONLY_PROGRAMME = re.compile(rb'"(?:[^"\r\n]*\] \[)?(?:CUBA|FTO|SDNTK)(?:\] \[[^"\r\n]*)?"')


# --- Sniffing ------------------------------------------------------------------------------------


def sniff(content: bytes) -> str | None:
    rows = [row for row in csv_head_rows(content) if row != ["\x1a"]][:5]  # a short file's Ctrl-Z
    if not rows:
        return None
    for part, columns in _COLUMNS.items():
        if all(len(row) == columns and _row_shape_fits(part, row) for row in rows):
            if part == "main" and not _SDN_ONLY_PROGRAMME.search(content):
                return None
            return part
    return None


def _row_shape_fits(part: str, row: list[str]) -> bool:
    if not row[0].strip().isdigit():
        return False
    if part == "main":
        return _value(row[2]).lower() in _TYPES
    if part == "alt":
        return row[1].strip().isdigit() and row[2].strip().lower() in _ALT_TYPES
    if part == "add":
        return row[1].strip().isdigit()
    return True


# --- Reading -------------------------------------------------------------------------------------


def _value(field: str) -> str:
    """The field's text, "" for OFAC's "-0-" null (written "-0- ", or "-0" when a tool trimmed it)."""
    text = clean(field) or ""
    return "" if text in (_NULL, "-0") else text


def _rows(part: str, content: bytes) -> list[list[str]]:
    text = decode_text(content, ("utf-8-sig", "cp1252", "latin-1")).rstrip("\x1a\r\n ")
    if not text.strip():
        raise ParseError(f"empty {_FILE_NAMES[part]}: no rows")
    rows = csv_rows(csv.reader(io.StringIO(text)))
    for number, row in enumerate(rows, start=1):
        if len(row) != _COLUMNS[part] or not row[0].strip().isdigit():
            raise ParseError(
                f"{_FILE_NAMES[part]} row {number}: expected {_COLUMNS[part]} columns starting with an "
                f"ent_num, got {len(row)} ({','.join(row)[:60]!r}): truncated or not an OFAC {part} file"
            )
    return rows


# --- Parsing -------------------------------------------------------------------------------------


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    unknown = set(parts) - set(_COLUMNS)
    if unknown or "main" not in parts:
        raise ParseError(f"OFAC SDN parts must include main and be among {sorted(_COLUMNS)}, got {sorted(parts)}")
    entries = {row[0].strip(): row for row in _rows("main", parts["main"])}
    extras: dict[str, list] = defaultdict(list)  # ent_num → Names and Details from the aux parts
    for part in ("alt", "add", "comments"):
        if part in parts:
            for ent_num, item in _aux_items(part, _rows(part, parts[part])):
                if ent_num not in entries:
                    raise ParseError(
                        f"{_FILE_NAMES[part]} refers to ent_num {ent_num}, absent from sdn.csv: "
                        "the parts come from different publications"
                    )
                extras[ent_num].append(item)
    records = [_record(row, extras[ent_num]) for ent_num, row in entries.items()]
    return ParsedList(
        records=tuple(sorted(records, key=lambda r: int(r.reference))),
        published=None,  # sdn.csv states no date
        parts=frozenset(parts),
    )


def _aux_items(part: str, rows: list[list[str]]) -> Iterator[tuple[str, Name | Detail]]:
    for row in rows:
        ent_num = row[0].strip()
        if part == "alt" and (name := _value(row[3])):
            kind = _ALT_TYPES.get(row[2].strip().lower(), "alias")
            yield ent_num, Name(name, kind=kind, script=script_of(name), part="alt")
        elif part == "add" and (address := ", ".join(filter(None, map(_value, row[2:5])))):
            remarks = _value(row[5])
            yield ent_num, Detail("address", f"{address} ({remarks})" if remarks else address, part="add")
        elif part == "comments" and (text := _value(row[1])):
            yield ent_num, Detail("remarks", text, part="comments")
            for segment in _segments(text):
                if name := _remark_name(segment, "comments"):
                    yield ent_num, name


def _record(row: list[str], extras: list[Name | Detail]) -> Record:
    ent_num, name, sdn_type, programme, title = row[0].strip(), *map(_value, row[1:5])
    if not name:
        raise ParseError(f"sdn.csv ent_num {ent_num} has no name")
    remarks = _Remarks(_value(row[11]))
    vessel = {key: _value(field) for key, field in zip(_VESSEL_DETAILS, row[5:11])}
    return Record(
        reference=ent_num,
        type=_TYPES.get(sdn_type.lower(), "other"),
        name=name,
        aliases=sorted_unique(remarks.names + [x for x in extras if isinstance(x, Name)]),
        programmes=sorted_unique(p.strip("[] ") for p in programme.split("] [") if p.strip("[] ")),
        identifiers=sorted_unique(remarks.identifiers),
        birth_dates=sorted_unique(remarks.birth_dates),
        nationalities=sorted_unique(remarks.nationalities),
        remarks="; ".join(remarks.rest) or None,
        details=sorted_unique(
            remarks.details
            + [Detail(key, value) for key, value in vessel.items() if value]
            + ([Detail("title", title)] if title else [])
            + [x for x in extras if isinstance(x, Detail)]
        ),
    )


_VESSEL_DETAILS = ("call-sign", "vessel-type", "tonnage", "gross-registered-tonnage", "vessel-flag", "vessel-owner")


# --- Remarks -------------------------------------------------------------------------------------

_REMARK_NAME = re.compile(r"(?:alt\. )?([afn])\.k\.a\.,? '(.+)'")
_DOB = re.compile(r"(?:alt\. )?DOB (?:circa |approximately )?(.+)")
_POB = re.compile(r"(?:alt\. )?POB (.+)")
_NATIONALITY = re.compile(r"(?:alt\. )?nationality (.+)")
_CITIZEN = re.compile(r"(?:alt\. )?citizen (.+)")
_LINKED_TO = re.compile(r"Linked To: (.+)")
_GENDER = re.compile(r"Gender (.+)")
_IMO = re.compile(r"Vessel Registration Identification IMO (\d{7})")


def _segments(remarks: str) -> list[str]:
    return [s for s in (clean(part) for part in remarks.rstrip(".").split("; ")) if s]


def _remark_name(segment: str, part: str) -> Name | None:
    if match := _REMARK_NAME.fullmatch(segment):
        kind = "former" if match.group(1) == "f" else "alias"
        name = match.group(2)
        return Name(name, kind=kind, quality="weak", script=script_of(name), part=part)
    return None


class _Remarks:
    """What sdn.csv's Remarks column says, sorted into record fields; ``rest`` is what stays a remark."""

    def __init__(self, remarks: str) -> None:
        self.names: list[Name] = []
        self.identifiers: list[Identifier] = []
        self.birth_dates: list[str] = []
        self.nationalities: list[str] = []
        self.details: list[Detail] = []
        self.rest: list[str] = []
        for segment in _segments(remarks):
            if not self._take(segment):
                self.rest.append(segment)

    def _take(self, segment: str) -> bool:
        if name := _remark_name(segment, "main"):
            self.names.append(name)
        elif (match := _DOB.fullmatch(segment)) and (date := parse_period(match.group(1))):
            self.birth_dates.append(date)
        elif match := _NATIONALITY.fullmatch(segment):
            self.nationalities.append(match.group(1))
        elif match := _IMO.fullmatch(segment):
            self.identifiers.append(Identifier("imo", match.group(1)))
        else:
            return self._take_detail(segment)
        return True

    def _take_detail(self, segment: str) -> bool:
        for key, pattern in (("place-of-birth", _POB), ("citizenship", _CITIZEN),
                             ("linked-to", _LINKED_TO), ("gender", _GENDER)):
            if match := pattern.fullmatch(segment):
                self.details.append(Detail(key, match.group(1)))
                return True
        return False


SOURCE = Source(
    id="us-ofac-sdn",
    authority="United States",
    list_name="OFAC Specially Designated Nationals (SDN) List",
    urls={
        "main": f"{_BASE_URL}/SDN.CSV",
        "alt": f"{_BASE_URL}/ALT.CSV",
        "add": f"{_BASE_URL}/ADD.CSV",
        "comments": f"{_BASE_URL}/SDN_COMMENTS.CSV",
    },
    sniff=sniff,
    parse=parse,
    min_records=6_600,  # genuine files in ../shared: 7,379 (2019) – 14,973 (2024)
)
