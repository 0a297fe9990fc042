"""Public Safety Canada, "Currently listed entities" under the Criminal Code (s. 83.05): the
Atom feed behind the web page. Each ``<entry>`` is one entity: ``title`` its name (often with
its acronym in parentheses), ``id`` the department's number, ``summary`` its aliases ("N/A"
when none), ``content`` a description, ``published`` the date it was listed and ``updated`` the
date of its last statutory review ("Not yet reviewed" for recent listings).

A review (s. 83.05(9)) is the Minister's decision that the entity stays listed, the Canadian
form of a renewal, so review dates go to ``relisted_on``.

Reference: the entry ``id``, the department's own number for the entity.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml import etree

from listwatch.names import script_of
from listwatch.records import Detail, Name, ParsedList, Record
from listwatch.sources._descriptor import ParseError, Source
from listwatch.sources._readers import clean, parse_xml_root, xml_root_name
from listwatch.sources._dates import parse_date
from listwatch.sources._names import name_variants

_ATOM = b"http://www.w3.org/2005/Atom"
_NO_ALIASES = "N/A"
_ALIAS_SEPARATOR = re.compile(r"\s*[;,]\s*")


def sniff(content: bytes) -> str | None:
    if xml_root_name(content) == "feed" and _ATOM in content[:8192] and b"publicsafety.gc.ca" in content:
        return "main"
    return None


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    root = parse_xml_root(parts["main"], "feed", "an Atom feed")
    records = tuple(_record(entry) for entry in root.iterfind("{*}entry"))
    if not records:
        raise ParseError("the listed entities feed has no entries")
    if len({r.reference for r in records}) != len(records):
        raise ParseError("the listed entities feed repeats an entry id")
    return ParsedList(records=records, published=parse_date(root.findtext("{*}updated")))


def _record(entry: etree._Element) -> Record:
    reference = clean(entry.findtext("{*}id"))
    title = clean(entry.findtext("{*}title"))
    if not reference or not title:
        raise ParseError(f"entry without id or title (id={reference!r}, title={title!r})")
    primary, title_aliases = name_variants(title)
    aliases = {n.value: n for n in title_aliases}
    for alias in _summary_aliases(entry.findtext("{*}summary")):
        aliases.setdefault(alias, Name(alias, kind="alias", script=script_of(alias)))
    aliases.pop(primary, None)
    reviewed = parse_date(entry.findtext("{*}updated"))
    link = entry.find("{*}link")
    page = clean(link.get("href")) if link is not None else None
    return Record(
        reference=reference,
        type="organisation",
        name=primary,
        aliases=tuple(aliases.values()),
        listed_on=parse_date(entry.findtext("{*}published")),
        relisted_on=(reviewed,) if reviewed else (),
        remarks=clean(entry.findtext("{*}content")),
        details=(Detail("listing-page", page),) if page else (),
    )


def _summary_aliases(summary: str | None) -> list[str]:
    summary = clean(summary)
    if not summary or summary.upper() == _NO_ALIASES:
        return []
    return [a for a in _ALIAS_SEPARATOR.split(summary) if a]


SOURCE = Source(
    id="ca-listed",
    authority="Canada",
    list_name="Currently listed entities (Criminal Code)",
    urls={"main": "https://www.publicsafety.gc.ca/cnt/_xml/lstd-ntts-eng.xml"},
    sniff=sniff,
    parse=parse,
)
