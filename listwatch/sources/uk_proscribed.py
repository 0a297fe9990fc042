"""UK Home Office, "Proscribed terrorist groups or organisations" (Terrorism Act 2000,
Schedule 2): the GOV.UK HTML publication. Its govspeak body has sections (``<h2>``): the
proscribed international groups, each a bold paragraph or sub-heading followed by description
paragraphs and a "Proscribed: <date>" line; the Northern Ireland groups proscribed under earlier
legislation, as a bullet list; and groups that were deproscribed, with "Deproscribed: <date>".

Reference: the page has no ids; the reference is the slug of the group's main name (the name
before its acronym and "also known as" names, see ``name_slug``), which is what the Home Office
keeps a group under when it adds aliases by order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import lxml.html

from listwatch.names import script_of
from listwatch.records import Name, ParsedList, Record
from listwatch.sources._descriptor import ParseError, Source
from listwatch.sources._readers import element_text, parse_html
from listwatch.sources._dates import english_date, last_updated
from listwatch.sources._names import name_slug, name_variants

_DATE_LINE = re.compile(r"^(?P<de>de)?proscribed\b\s*(?:on|in)?\s*:?\s*(?P<date>.*)$", re.IGNORECASE)
_ALIAS_LINE = re.compile(r"^(?:also\s+known\s+as|aliases?)\s*:?\s*(?P<names>.+)$", re.IGNORECASE)
_ALIAS_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+and\s+")


def sniff(content: bytes) -> str | None:
    text = content.lower()
    if b"<html" in text[:4096] and b"proscribed terrorist groups or organisations" in text \
            and b"gov.uk" in text:
        return "main"
    return None


@dataclass
class _Group:
    heading: str
    section: str  # the <h2> the group is listed under, as the page words it
    deproscribed: bool
    lines: list[str] = field(default_factory=list)


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    document = parse_html(parts["main"])
    body = next(iter(document.find_class("govspeak")), None)
    if body is None:
        raise ParseError("no GOV.UK govspeak body found")
    records = {}
    for group in _groups(body):
        record = _record(group)
        if record.reference in records:
            raise ParseError(f"group {record.name!r} is listed twice")
        records[record.reference] = record
    if not records:
        raise ParseError("no proscribed groups found")
    return ParsedList(records=tuple(records.values()), published=last_updated(document))


def _groups(body: lxml.html.HtmlElement) -> list[_Group]:
    """The groups in page order. A group starts at a sub-heading or a bold paragraph (or, in
    the Northern Ireland section, a bullet); the paragraphs after it describe it."""
    groups: list[_Group] = []
    section = kind = current = None
    for element in body.iter("h2", "h3", "h4", "p", "li"):
        text = element_text(element)
        if element.tag == "h2":
            section, kind, current = text, _section_kind(text), None
            continue
        if kind is None or not text:
            continue
        if element.tag in ("h3", "h4") or _is_bold_paragraph(element) \
                or (element.tag == "li" and kind == "northern-ireland"):
            current = _Group(text, section, deproscribed=kind == "deproscribed")
            groups.append(current)
        elif current is not None:
            current.lines.append(text)
    return groups


def _section_kind(heading: str) -> str | None:
    """What a section lists: "deproscribed", "northern-ireland" or "proscribed" groups; None for
    the sections about the law itself."""
    heading = heading.lower()
    if "deproscribed" in heading or "no longer proscribed" in heading:
        return "deproscribed"
    if "northern ireland" in heading:
        return "northern-ireland"
    if "proscribed" in heading or "international" in heading:
        return "proscribed"
    return None


def _is_bold_paragraph(element: lxml.html.HtmlElement) -> bool:
    bold = [child for child in element if child.tag in ("strong", "b")]
    return element.tag == "p" and bool(bold) and element_text(bold[0]) == element_text(element)


def _record(group: _Group) -> Record:
    primary, aliases = name_variants(group.heading)
    if not primary:
        raise ParseError(f"group without a name: {group.heading!r}")
    listed_on = delisted_on = None
    extra_aliases, remarks = [], []
    for line in group.lines:
        if date_line := _DATE_LINE.match(line):
            date = english_date(date_line["date"])
            if date_line["de"]:
                delisted_on = date
            else:
                listed_on = date
        elif alias_line := _ALIAS_LINE.match(line):
            extra_aliases += [a.strip(" .") for a in _ALIAS_SEPARATOR.split(alias_line["names"])]
        else:
            remarks.append(line)
    if group.deproscribed and delisted_on is None:
        raise ParseError(f"deproscribed group {primary!r} has no 'Deproscribed: <date>' line")
    names = {n.value: n for n in aliases}
    names.update({a: Name(a, kind="alias", script=script_of(a)) for a in extra_aliases if a and a not in names})
    return Record(
        reference=name_slug(primary),
        type="organisation",
        name=primary,
        aliases=tuple(names.values()),
        programmes=(group.section,),
        listed_on=listed_on,
        delisted_on=delisted_on,
        remarks=" ".join(remarks) or None,
    )


SOURCE = Source(
    id="uk-proscribed",
    authority="United Kingdom",
    list_name="Proscribed terrorist groups or organisations",
    urls={"main": "https://www.gov.uk/government/publications/proscribed-terror-groups-or-organisations--2"},
    sniff=sniff,
    parse=parse,
    keeps_removed=True,
)
