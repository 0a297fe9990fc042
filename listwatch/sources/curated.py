"""Curated designations: entries an analyst types in by hand for lists that are not published in
a machine-readable form. The format is ours and documented in ``docs/curated-format.md``: YAML
whose first line is ``listwatch: curated-designations/1``, or the same fields as CSV whose first
line is ``# listwatch: curated-designations/1``, then optional "#" comment lines and a header row.

Every entry names the authority whose list it transcribes, so one file can hold several
authorities; the reference is the analyst's own id and must be unique in the file. Validation
is strict: a typo in a key or a date must fail loudly, not become a silently missing fact.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Mapping
from typing import Any

import yaml

from listwatch.names import script_of
from listwatch.records import SUBJECT_TYPES, Name, ParsedList, Record
from listwatch.sources._descriptor import ParseError, Source
from listwatch.sources._readers import clean, csv_rows, decode_text
from listwatch.sources._dates import iso_date

_MARKER = re.compile(r"^(?P<csv>#\s*)?listwatch:\s*curated-designations/(?P<version>\d+)\s*$")
_VERSION = "1"
_ENTRY_KEYS = {"authority", "reference", "type", "names", "listed", "delisted", "legal_act",
               "source_url", "programmes", "notes"}
_REQUIRED_KEYS = {"authority", "reference", "type", "names"}
_NAME_KEYS = {"primary", "aliases", "former"}
# CSV columns: the entry keys with the names flattened; several values are separated by "|".
_CSV_COLUMNS = ["authority", "reference", "type", "name", "aliases", "former", "listed", "delisted",
                "legal_act", "source_url", "programmes", "notes"]
_CSV_SEPARATOR = "|"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def sniff(content: bytes) -> str | None:
    return "main" if _marker(content) else None


def _marker(content: bytes) -> re.Match | None:
    first_line = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].split(b"\n", 1)[0]
    return _MARKER.match(first_line.decode("utf-8", "replace").strip())


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    content = parts["main"]
    marker = _marker(content)
    if marker is None:
        raise ParseError("not a curated designations file: the first line must be "
                         "'listwatch: curated-designations/1'")
    if marker["version"] != _VERSION:
        raise ParseError(f"unsupported curated format version {marker['version']} (this reads {_VERSION})")
    text = decode_text(content, ("utf-8-sig",))
    entries = _csv_entries(text) if marker["csv"] else _yaml_entries(text)
    if not entries:
        raise ParseError("curated file has no entries")
    records = [_record(index, entry) for index, entry in enumerate(entries, 1)]
    seen: set[str] = set()
    for index, record in enumerate(records, 1):
        if record.reference in seen:
            raise ParseError(f"entry {index} ({record.reference}): field 'reference': used twice")
        seen.add(record.reference)
    return ParsedList(records=tuple(records))


class _Loader(yaml.SafeLoader):
    """Safe YAML whose plain dates stay text, read by ``_date``: a date that does not exist
    (2020-13-45) is then refused naming its entry and field, where PyYAML's own timestamp type
    raises a bare ValueError."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _yaml_entries(text: str) -> list[Any]:
    try:
        document = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
    except (yaml.YAMLError, ValueError, OverflowError) as exc:  # ValueError: "!!timestamp 0000-00-00"
        raise ParseError(f"malformed YAML: {exc}") from exc
    if not isinstance(document, dict):
        raise ParseError("the curated YAML must be a mapping with 'listwatch' and 'entries'")
    unknown = set(document) - {"listwatch", "entries"}
    if unknown:
        raise ParseError(f"unknown top-level keys: {', '.join(sorted(map(str, unknown)))}")
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise ParseError("'entries' must be a list of entries")
    return entries


def _csv_entries(text: str) -> list[dict]:
    """CSV rows in the YAML entry shape, so both forms are validated by the same code.
    Comment lines ("#") between the marker and the header are skipped."""
    lines = text.splitlines(keepends=True)
    skipped = 1
    while skipped < len(lines) and lines[skipped].startswith("#"):
        skipped += 1
    reader = csv.DictReader(io.StringIO("".join(lines[skipped:])))
    rows = csv_rows(reader, lines_before=skipped)
    if reader.fieldnames is None:
        raise ParseError("CSV has no header row")
    unknown = set(reader.fieldnames) - set(_CSV_COLUMNS)
    if unknown:
        raise ParseError(f"unknown CSV columns: {', '.join(sorted(unknown))}")
    return [_csv_entry(row) for row in rows]


def _csv_entry(row: dict[str, str | None]) -> dict:
    if None in row:
        raise ParseError(f"CSV row has more cells than the header: {row[None]!r}")
    values = {key: value for key, value in row.items() if clean(value)}
    names = {"primary": values.pop("name", None)}
    for key in ("aliases", "former"):
        if key in values:
            names[key] = values.pop(key).split(_CSV_SEPARATOR)
    if "programmes" in values:
        values["programmes"] = values["programmes"].split(_CSV_SEPARATOR)
    return {**values, "names": names}


def _record(index: int, entry: Any) -> Record:
    if not isinstance(entry, dict):
        raise ParseError(f"entry {index}: must be a mapping of fields")
    label = f"entry {index} ({entry.get('reference', 'no reference')})"

    def fail(field: str, message: str) -> ParseError:
        return ParseError(f"{label}: field {field!r}: {message}")

    if unknown := sorted(set(entry) - _ENTRY_KEYS, key=str):
        raise fail(unknown[0], "unknown field")
    if missing := sorted(_REQUIRED_KEYS - set(entry)):
        raise fail(missing[0], "missing")
    subject_type = _text(entry, "type", fail)
    if subject_type not in SUBJECT_TYPES:
        raise fail("type", f"{subject_type!r} is not one of {', '.join(SUBJECT_TYPES)}")
    primary, aliases = _names(entry["names"], fail)
    listed_on, delisted_on = _date(entry, "listed", fail), _date(entry, "delisted", fail)
    if listed_on and delisted_on and delisted_on < listed_on:
        raise fail("delisted", f"{delisted_on} is before the listing date {listed_on}")
    return Record(
        reference=_text(entry, "reference", fail),
        type=subject_type,
        name=primary,
        aliases=aliases,
        programmes=tuple(_text_list(entry, "programmes", fail)),
        listed_on=listed_on,
        delisted_on=delisted_on,
        legal_basis=_optional_text(entry, "legal_act", fail),
        authority=_text(entry, "authority", fail),
        source_url=_url(entry, fail),
        remarks=_optional_text(entry, "notes", fail),
    )


def _names(names: Any, fail) -> tuple[str, tuple[Name, ...]]:
    if not isinstance(names, dict):
        raise fail("names", "must be a mapping with 'primary' and optional 'aliases', 'former'")
    if unknown := sorted(set(names) - _NAME_KEYS, key=str):
        raise fail(f"names.{unknown[0]}", "unknown field")
    primary = clean(names.get("primary")) if isinstance(names.get("primary"), str) else None
    if not primary:
        raise fail("names.primary", "missing")
    found: dict[str, Name] = {}
    for key, kind in (("aliases", "alias"), ("former", "former")):
        for value in _text_list(names, key, fail, field=f"names.{key}"):
            if value != primary:
                found.setdefault(value, Name(value, kind=kind, script=script_of(value)))
    return primary, tuple(found.values())


def _text(entry: dict, key: str, fail) -> str:
    value = _optional_text(entry, key, fail)
    if value is None:
        raise fail(key, "missing")
    return value


def _optional_text(entry: dict, key: str, fail) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise fail(key, f"must be text, not {type(value).__name__}")
    return clean(str(value))


def _text_list(entry: dict, key: str, fail, field: str | None = None) -> list[str]:
    value = entry.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(field or key, "must be a list of text")
    return list(dict.fromkeys(v for v in map(clean, value) if v))


def _date(entry: dict, key: str, fail) -> str | None:
    """A full or partial ISO date: 2020, 2020-05 or 2020-05-14 (or a date tagged !!timestamp)."""
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    match = _PARTIAL_DATE.match(str(value).strip()) if isinstance(value, (str, int)) else None
    date = iso_date(*match.groups()) if match else None
    if date is None:
        raise fail(key, f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return date


def _url(entry: dict, fail) -> str | None:
    url = _optional_text(entry, "source_url", fail)
    if url is not None and not re.match(r"^https?://\S+$", url):
        raise fail("source_url", f"{url!r} is not an http(s) URL")
    return url


SOURCE = Source(
    id="curated",
    authority="Curated by analysts",
    list_name="Curated designations",
    urls={},  # entered by analysts: there is nothing to download
    sniff=sniff,
    parse=parse,
    keeps_removed=True,
)
