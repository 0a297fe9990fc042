"""The record schema: what every source adapter produces and the ledger stores.

A record is one entry of one official list as that list states it, normalised into plain data.
Records are immutable and serialise to canonical JSON, whose hash identifies a record version:
two snapshots carrying the same content share one stored version.

Dates are ISO strings and may be partial (``"2014"``, ``"2014-05"``, ``"2014-05-14"``): a source
that gives only a year keeps only a year; we never invent a day.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields

from listwatch.errors import BadInput

# Subject types, after followthemoney's schema names but in plain words.
SUBJECT_TYPES = ("organisation", "person", "vessel", "aircraft", "other")

# Name kinds: the list's main name, its aliases, former names and names in another script that the
# list itself gives as a rendering of the main name.
NAME_KINDS = ("primary", "alias", "former", "original-script")

# OFAC's "weak" a.k.a.s and the UN's "Low" quality aliases are kept but flagged, so screening can
# weigh them lower and subject linking can ignore them.
NAME_QUALITIES = ("strong", "weak")

# NUL and the other C0/C1 control characters never belong in a name or a reference: they are
# what a damaged or mis-decoded file looks like, and they break screening keys and terminals.
# Tab and line breaks are white space, which the adapters collapse before building a record.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def checked_text(value: str, what: str) -> str:
    """``value`` when it holds no control characters; else BadInput saying which and where."""
    if (found := _CONTROL.search(value)) is not None:
        raise BadInput(f"{what} {value[:60]!r} holds the control character "
                       f"U+{ord(found.group()):04X} at position {found.start()}")
    return value


@dataclass(frozen=True, order=True)
class Name:
    value: str
    kind: str = "alias"
    quality: str = "strong"
    script: str = "Latn"  # ISO 15924 code of the dominant script, see listwatch.names.script_of
    part: str = "main"  # which part of a multi-file list gave it (OFAC: "main" sdn.csv, "alt" alt.csv)

    def __post_init__(self) -> None:
        if self.kind not in NAME_KINDS:
            raise BadInput(f"unknown name kind {self.kind!r}")
        if self.quality not in NAME_QUALITIES:
            raise BadInput(f"unknown name quality {self.quality!r}")
        if not self.value or not self.value.strip():
            raise BadInput(f"an empty {self.kind} name")
        checked_text(self.value, f"{self.kind} name")


@dataclass(frozen=True, order=True)
class Identifier:
    """An identifier the list gives: ``un-ref`` (a UN reference such as QDe.137, used for linking
    across lists), ``passport``, ``national-id``, ``imo``, ``registration``, ``website`` …"""

    scheme: str
    value: str
    part: str = "main"


@dataclass(frozen=True, order=True)
class Detail:
    """Anything else the list says that is worth keeping and diffing but is not a first-class
    field: an address, a place of birth, a continuation of remarks (``key`` says which)."""

    key: str
    value: str
    part: str = "main"


@dataclass(frozen=True)
class Record:
    reference: str  # the source's own id: "QDe.137", "16937", OFSI group id "12981"
    type: str
    name: str
    aliases: tuple[Name, ...] = ()
    programmes: tuple[str, ...] = ()  # programmes / regimes / list types, as the source names them
    listed_on: str | None = None  # legal date of (first) listing, when the source gives one
    delisted_on: str | None = None  # legal date of removal, for sources that keep removed entries
    relisted_on: tuple[str, ...] = ()  # the source's own re-listing / renewal dates (Australia)
    amended_on: tuple[str, ...] = ()  # the source's own amendment dates (UN LAST_DAY_UPDATED)
    identifiers: tuple[Identifier, ...] = ()
    birth_dates: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # addresses / countries of operation
    legal_basis: str | None = None  # legal act, court decision, statutory instrument
    authority: str | None = None  # overrides the source's authority (curated entries)
    source_url: str | None = None  # where an analyst found a curated entry
    remarks: str | None = None
    details: tuple[Detail, ...] = ()

    def __post_init__(self) -> None:
        if not self.reference or not self.reference.strip():
            raise BadInput(f"a record named {self.name!r} has an empty reference")
        checked_text(self.reference, "reference")
        if self.type not in SUBJECT_TYPES:
            raise BadInput(f"record {self.reference}: unknown subject type {self.type!r}")
        if not self.name or not self.name.strip():
            raise BadInput(f"record {self.reference} has no name")
        checked_text(self.name, f"record {self.reference}: name")

    def names(self) -> tuple[Name, ...]:
        """The primary name followed by every alias."""
        return (Name(self.name, kind="primary"),) + self.aliases

    def to_dict(self) -> dict:
        # Hand-written rather than dataclasses.asdict, which deep-copies and is the slowest
        # step of importing a large list.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in _NESTED:
            data[key] = [item.__dict__.copy() for item in data[key]]
        for key in _TUPLES:
            data[key] = list(data[key])
        return data

    def canonical_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    @classmethod
    def from_dict(cls, data: dict) -> "Record":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["aliases"] = tuple(Name(**n) for n in data.get("aliases", ()))
        values["identifiers"] = tuple(Identifier(**i) for i in data.get("identifiers", ()))
        values["details"] = tuple(Detail(**d) for d in data.get("details", ()))
        for key in _TUPLES:
            values[key] = tuple(data.get(key, ()))
        return cls(**values)


_NESTED = ("aliases", "identifiers", "details")
_TUPLES = ("programmes", "relisted_on", "amended_on", "birth_dates", "nationalities", "countries")


@dataclass(frozen=True)
class ParsedList:
    """What an adapter returns for one snapshot: the records, the file's own publication time
    (ISO datetime or date, when the file states one) and the parts the snapshot was built from."""

    records: tuple[Record, ...]
    published: str | None = None
    parts: frozenset[str] = field(default_factory=lambda: frozenset({"main"}))
