"""What every source adapter shares: the adapter description and safe readers for raw bytes.

An adapter is data plus two pure functions (``sniff`` and ``parse``); the ledger never needs to
know which list it is reading. Adapters import this module, never each other.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import datetime

import lxml.html
from lxml import etree

from listwatch.names import latin_key, script_of
from listwatch.records import Name, ParsedList


class ParseError(ValueError):
    """The content is not a well-formed instance of the format the adapter reads."""


@dataclass(frozen=True)
class Source:
    id: str  # "un-sc", "us-ofac-sdn", …
    authority: str  # whose list: "United Nations", "United States", …
    list_name: str
    urls: Mapping[str, str]  # part → official download URL; the "main" part first
    # content → the part of this source it is ("main", "alt", …), or None when it is not ours.
    sniff: Callable[[bytes], str | None]
    # part → content; must contain "main". Raises ParseError on content it cannot read.
    parse: Callable[[Mapping[str, bytes]], ParsedList]
    parser_version: str = "1"
    # Whether the list keeps delisted entries with their removal date (the US FTO page) rather
    # than dropping them (most lists); `lists sources` shows it, since it says how a delisting
    # from this list is known: a legal date, or only the bracket of two snapshots.
    keeps_removed: bool = False

    @property
    def url(self) -> str | None:
        return self.urls.get("main")


_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def parse_xml(content: bytes) -> etree._Element:
    """Parse XML without entity expansion, DTD loading or network access.

    A document declaring entities is refused outright: no official list needs them, and it is
    the shape of the billion-laughs and external-entity attacks."""
    head = content[:4096]
    if _DOCTYPE.search(head) and _ENTITY_DECLARATION.search(content):
        raise ParseError("XML declares entities (<!ENTITY>): refused as unsafe")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed or truncated XML: {exc}") from exc
    if root is None:
        raise ParseError("XML document has no root element")
    return root


def parse_xml_root(content: bytes, root_name: str, what: str) -> etree._Element:
    """``parse_xml``, refusing a document whose root element is not ``root_name``."""
    root = parse_xml(content)
    if etree.QName(root).localname != root_name:
        raise ParseError(f"not {what}: root element is <{etree.QName(root).localname}>")
    return root


def xml_root_name(content: bytes) -> str | None:
    """The local name of the first element of an XML document, read from its head only."""
    match = re.search(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]", _strip_prolog(content[:8192]))
    return match.group(2).decode("ascii") if match else None


def _strip_prolog(head: bytes) -> bytes:
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return re.sub(rb"^(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s)+", b"", head, flags=re.S)


def decode_text(content: bytes, encodings: tuple[str, ...] = ("utf-8-sig", "cp1252")) -> str:
    """Decode with the first encoding that fits; cp1252 covers the legacy OFAC and OFSI files."""
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(f"text is in none of the expected encodings ({', '.join(encodings)})")


def clean(value: str | None) -> str | None:
    """Collapse white space (line breaks inside values included); empty becomes None."""
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


# --- Dates -------------------------------------------------------------------------------------

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ENGLISH_DATE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\s+(?P<y1>\d{{4}})\b"  # 14 November 2002
    rf"|\b(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})\b"  # November 14, 2002
    rf"|\b(?P<m3>{_MONTH}),?\s+(?P<y3>\d{{4}})\b",  # November 2002
    re.IGNORECASE,
)


def iso_date(year: int | str, month: int | str | None = None, day: int | str | None = None) -> str | None:
    """ISO date, partial when month or day is missing ("2014", "2014-05"); None when not a real date."""
    try:
        year, month, day = int(year), int(month) if month else None, int(day) if day else None
        datetime.date(year, month or 1, day or 1)
    except (TypeError, ValueError):
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def english_dates(text: str) -> list[str]:
    """Every date written with an English month name in ``text``, in order, as ISO strings:
    "14 November 2002", "November 14, 2002" and "Nov. 2002" (kept partial: "2002-11")."""
    found = []
    for match in _ENGLISH_DATE.finditer(text):
        day = match["d1"] or match["d2"]
        month = MONTHS[(match["m1"] or match["m2"] or match["m3"]).rstrip(".").lower()]
        date = iso_date(match["y1"] or match["y2"] or match["y3"], month, day)
        if date:
            found.append(date)
    return found


def english_date(text: str) -> str | None:
    """The first date written with an English month name in ``text``."""
    dates = english_dates(text)
    return dates[0] if dates else None


# --- HTML --------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode_html(content: bytes, fallback: str = "cp1252") -> str:
    """The page as text: in the charset its ``<meta>`` declares, else UTF-8, else ``fallback``
    (old government pages are often windows-1251 or windows-1252 without saying so)."""
    declared = _META_CHARSET.search(content[:4096])
    if declared:
        try:
            return content.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to guessing
    return decode_text(content, ("utf-8-sig", fallback))


def parse_html(content: bytes, fallback: str = "cp1252") -> lxml.html.HtmlElement:
    """Parse an HTML page without network access; comments (fixture notes) are dropped."""
    text = _XML_DECLARATION.sub("", decode_html(content, fallback))
    if not text.strip():
        raise ParseError("empty HTML document")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"malformed HTML: {exc}") from exc


def element_text(element: lxml.html.HtmlElement) -> str:
    """The element's text with white space collapsed ("" when it has none)."""
    return clean(element.text_content()) or ""


_LINE_BREAKING = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}


def element_lines(element: lxml.html.HtmlElement) -> list[str]:
    """The element's text split where the page breaks lines (``<br>``, paragraphs, list items),
    each line with white space collapsed; empty lines are dropped."""
    lines = "".join(_text_with_breaks(element)).split("\n")
    return [line for line in map(clean, lines) if line]


def _text_with_breaks(element: lxml.html.HtmlElement):
    breaks = element.tag in _LINE_BREAKING  # a <br> ends its line; a block is its own lines
    if breaks:
        yield "\n"
    yield element.text or ""
    for child in element:
        if isinstance(child.tag, str):
            yield from _text_with_breaks(child)
        yield child.tail or ""
    if breaks:
        yield "\n"


_LAST_UPDATED = re.compile(r"\b(?:last\s+)?(?:updated|modified)\s*:?\s*(?:on\s+)?(?P<date>[^<\n]{6,40})", re.IGNORECASE)


def last_updated(document: lxml.html.HtmlElement) -> str | None:
    """The date of a page's "Last updated 7 March 2025" / "Updated: …" line, when it has one."""
    for match in _LAST_UPDATED.finditer(document.text_content()):
        date = english_date(match["date"])
        if date:
            return date
    return None


# --- Names -------------------------------------------------------------------------------------


def bracketed_parts(text: str) -> tuple[str, list[str]]:
    """``text`` without its top-level parenthesised groups, and the groups' contents in order:
    "Hizballah (Party of God (Lebanon))" → ("Hizballah", ["Party of God (Lebanon)"]).
    An unclosed group is kept as text outside."""
    outside, groups, depth, start = [], [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                outside.append(text[start:index])
                start = index + 1
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append(text[start:index])
                start = index + 1
    outside.append(text[start - 1 if depth else start:])
    return clean(" ".join(outside)) or "", [g for g in map(clean, groups) if g]


def name_slug(name: str) -> str:
    """A stable reference made from a name, for lists that give no ids: its transliterated,
    case-, accent- and punctuation-free form with hyphens ("Hay’at Tahrir al-Sham" →
    "hayat-tahrir-al-sham")."""
    return "-".join(latin_key(name).split())


# --- Date text and CSV heads (added with the UN, OFAC, OFSI and SEMA adapters) -----------------

_ISO_DATE_TEXT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ].*|Z|[+-]\d{2}:\d{2})?)?)?")
_SLASHED_DATE = re.compile(r"(?:(\d{1,2})/)?(\d{1,2})/(\d{4})")
_WORDED_DATE = re.compile(r"(?:(\d{1,2}) )?([A-Za-z]+)\.? (\d{4})")


def parse_date(value: str | None, order: str = "ymd") -> str | None:
    """The ISO form of a date field, partial when the source gives only a year or a month; None
    when ``value`` is not a date.

    Reads ISO dates followed by any time or offset ("2015-03-27-04:00", "2025-11-20T23:00:09Z" →
    the day as written), "12 Feb 1962" and "Feb 1962" (OFAC), and slashed dates in the day order
    ``order`` says ("dmy": UK, "mdy": US; "05/1980" is month/year). A 00 day or month means unknown
    (OFSI writes "00/00/1980"), so the date is kept partial rather than invented."""
    text = clean(value)
    if text is None:
        return None
    if match := _ISO_DATE_TEXT.fullmatch(text):
        year, month, day = match.groups()
        return iso_date(int(year), int(month or 0), int(day or 0))
    if match := _SLASHED_DATE.fullmatch(text):
        first, second, year = match.groups()
        if first is None:
            return iso_date(int(year), int(second))
        day, month = (first, second) if order == "dmy" else (second, first)
        return iso_date(int(year), int(month), int(day))
    if (match := _WORDED_DATE.fullmatch(text)) and match.group(2).lower() in MONTHS:
        day, month, year = match.groups()
        return iso_date(int(year), MONTHS[month.lower()], int(day or 0))
    return None


def parse_period(value: str | None, order: str = "ymd") -> str | None:
    """``parse_date``, or an ISO 8601 interval "start/end" for "A to B" (OFAC's date ranges)."""
    text = clean(value)
    if text is None:
        return None
    if " to " in text:
        start, end = (parse_date(part, order) for part in text.split(" to ", 1))
        return f"{start}/{end}" if start and end else None
    return parse_date(text, order)


def sorted_unique(values) -> tuple:
    """The distinct values in sorted order: records must not depend on the order a file uses."""
    return tuple(sorted(set(values)))


def csv_head_rows(content: bytes, size: int = 16384) -> list[list[str]]:
    """The complete CSV rows within the first ``size`` bytes, for sniffing without a full parse."""
    head = content[:size]
    if len(content) > size:
        head = head[: head.rfind(b"\n") + 1]
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        return [row for row in csv.reader(io.StringIO(text)) if row]
    except csv.Error:  # binary content (a zip, a PDF): no CSV rows
        return []


_AKA = re.compile(r"^(?:a\.?k\.?a\.?|also\s+known\s+as)[\s:]+|,?\s+(?:a\.?k\.?a\.?|also\s+known\s+as)[\s:]+", re.IGNORECASE)
_FORMERLY = re.compile(r"^formerly(?:\s+(?:known|listed)\s+as)?[\s:]+|,?\s+formerly(?:\s+(?:known|listed)\s+as)?[\s:]+", re.IGNORECASE)
_NAME_JUNK = " ,;:.-–—"


def name_variants(text: str) -> tuple[str, tuple[Name, ...]]:
    """The main name and the other names of a list entry written the way government web pages
    write them: "al-Nusrah Front, aka Hay’at Tahrir al-Sham (ANF/HTS)", "ISIS-Sinai Province
    (formerly Ansar Bayt al-Maqdis)", "Kurdistan Workers Party (PKK, aka Kongra-Gel)".

    "aka"/"also known as" names become aliases, "formerly" names former names, and bare
    acronyms ("PKK") weak aliases: an acronym alone names many organisations."""
    outside, groups = bracketed_parts(text)
    current, *former = _FORMERLY.split(outside)
    primary, *aliases = _AKA.split(current)
    names = [_variant(a, "alias") for a in aliases] + [_variant(f, "former") for f in former]
    for group in groups:
        for piece in re.split(r"[;,]\s+", group):
            kind = "former" if _FORMERLY.match(piece) else "alias"
            piece = _AKA.sub("", _FORMERLY.sub("", piece, count=1), count=1)
            names.append(_variant(piece, kind))
    primary = primary.strip(_NAME_JUNK)
    unique = {n.value: n for n in names if n.value and n.value != primary}
    return primary, tuple(unique.values())


def _variant(value: str, kind: str) -> Name:
    value = value.strip(_NAME_JUNK)
    quality = "weak" if kind == "alias" and _is_acronym(value) else "strong"
    return Name(value, kind=kind, quality=quality, script=script_of(value))


def _is_acronym(value: str) -> bool:
    """One word, mostly capitals: "PKK", "ANF/HTS", "LeT"."""
    letters = [c for c in value if c.isalpha()]
    return " " not in value and bool(letters) and 2 * sum(c.isupper() for c in letters) >= len(letters)
