"""Safe readers for raw list bytes: XML without entities, DTDs or network; text in the encodings
official lists use; HTML pages; CSV heads for sniffing."""

from __future__ import annotations

import csv
import io
import re

import lxml.html
from lxml import etree

from listwatch.sources._descriptor import ParseError


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
