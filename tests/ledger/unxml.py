"""Writes small lists in the UN Security Council consolidated XML format, for ledger tests.

The entries are invented; the markup follows the published schema (sc-sanctions.xsd)."""

from __future__ import annotations

from dataclasses import dataclass, field
import zlib
from xml.sax.saxutils import escape


@dataclass
class Entry:
    reference: str
    name: str
    kind: str = "ENTITY"  # or "INDIVIDUAL"
    listed_on: str = "2015-03-02"
    aliases: list[str] = field(default_factory=list)
    comments: str = ""
    updated: list[str] = field(default_factory=list)
    list_type: str = "Al-Qaida"


def un_xml(entries: list[Entry], generated: str) -> bytes:
    individuals = [e for e in entries if e.kind == "INDIVIDUAL"]
    entities = [e for e in entries if e.kind == "ENTITY"]
    body = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<CONSOLIDATED_LIST xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            "xsi:noNamespaceSchemaLocation=\"https://www.un.org/sc/resources/sc-sanctions.xsd\" "
            f"dateGenerated=\"{generated}\">",
            "<INDIVIDUALS>", *map(_entry, individuals), "</INDIVIDUALS>",
            "<ENTITIES>", *map(_entry, entities), "</ENTITIES>",
            "</CONSOLIDATED_LIST>"]
    return "\n".join(body).encode("utf-8")


def _entry(e: Entry) -> str:
    tag = e.kind
    names = e.name.split(" ", 1) if tag == "INDIVIDUAL" else [e.name]
    name_xml = "".join(f"<{t}>{escape(n)}</{t}>" for t, n in zip(("FIRST_NAME", "SECOND_NAME"), names))
    aliases = "".join(f"<{tag}_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>{escape(a)}</ALIAS_NAME>"
                      f"</{tag}_ALIAS>" for a in e.aliases)
    updated = "".join(f"<VALUE>{u}</VALUE>" for u in e.updated) or "<VALUE/>"
    return (f"<{tag}><DATAID>{zlib.crc32(e.reference.encode()) % 10**7}</DATAID><VERSIONNUM>1</VERSIONNUM>"
            f"{name_xml}<UN_LIST_TYPE>{e.list_type}</UN_LIST_TYPE>"
            f"<REFERENCE_NUMBER>{e.reference}</REFERENCE_NUMBER><LISTED_ON>{e.listed_on}</LISTED_ON>"
            f"<COMMENTS1>{escape(e.comments)}</COMMENTS1><LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>"
            f"<LAST_DAY_UPDATED>{updated}</LAST_DAY_UPDATED>{aliases}</{tag}>")


def many(count: int, prefix: str = "QDe", start: int = 500) -> list[Entry]:
    """``count`` plain invented entities, for lists large enough to test removal shares."""
    return [Entry(f"{prefix}.{start + i}", f"Example Brigade Number {start + i}") for i in range(count)]
