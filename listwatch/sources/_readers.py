"""Safe readers for raw list bytes: XML without entities, DTDs or network; text in the encodings
official lists use; HTML pages; CSV heads for sniffing."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile

import lxml.html
from lxml import etree
from openpyxl import load_workbook

from listwatch.sources._descriptor import ParseError


def parse_xml(content: bytes) -> etree._Element:
    """Parse XML without entity expansion, DTD loading or network access.

    A document type declaration with an internal subset or an external identifier is refused
    wherever it stands (a DOCTYPE after megabytes of padding included): no official list needs
    one, and it is the shape of the billion-laughs and external-entity attacks. lxml reports the
    declaration it parsed, so the check cannot be dodged by spelling it in another encoding."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True, dtd_validation=False,
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed or truncated XML: {exc}") from exc
    if root is None:
        raise ParseError("XML document has no root element")
    _refuse_document_type(root.getroottree(), content)
    return root


# A DOCTYPE with an internal subset: "[" after the name and optional external identifier.
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE\s+[^\s>\[]+(?:\s+(?:SYSTEM|PUBLIC)(?:\s+(?:\"[^\"]*\"|'[^']*'))+)?\s*\[")


def _refuse_document_type(tree: etree._ElementTree, content: bytes) -> None:
    """An external identifier is read from what lxml parsed; an internal subset from the bytes
    too, since lxml keeps no trace of attribute-list or notation declarations, with the
    entity and element declarations lxml does keep as the check for other encodings."""
    docinfo = tree.docinfo
    if docinfo.public_id or docinfo.system_url:
        raise ParseError(f"XML names an external DTD ({docinfo.public_id or docinfo.system_url!r}): "
                         "refused as unsafe")
    dtd = docinfo.internalDTD
    if _INTERNAL_SUBSET.search(content) or (dtd is not None and (dtd.entities() or dtd.elements())):
        raise ParseError("XML declares entities or other markup in an internal DOCTYPE subset "
                         "(<!ENTITY …>): refused as unsafe")


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
        document = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"malformed HTML: {exc}") from exc
    _refuse_cut_short(parser.error_log)
    return document


def _refuse_cut_short(log) -> None:
    """libxml2's HTML parser forgives almost anything, but stops reading where a resource limit
    (tags nested thousands deep) is hit and returns what it had: the rows after that point would
    vanish without a word, so such a page is refused instead."""
    for entry in log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or entry.level_name == "FATAL":
            raise ParseError(f"HTML line {entry.line}: {entry.message.strip()} — the page cannot "
                             "be read to its end, so rows would be lost")


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


def csv_rows(reader, lines_before: int = 0) -> list:
    """Every row of a ``csv`` reader (plain or dict); a malformed row — a bare carriage return
    in an unquoted field, a field over the size limit — is a ParseError naming its line of the
    file (``lines_before``: lines the caller cut off before handing the text to the reader)."""
    try:
        return list(reader)
    except csv.Error as exc:
        raise ParseError(f"CSV line {reader.line_num + lines_before}: {exc}") from exc


# --- xlsx --------------------------------------------------------------------------------------

# Bounds checked on the zip directory before anything is decompressed: the real OFSI workbook
# (2.2 MB) holds a 13 MB sheet and 4 MB of shared strings, and reading it takes seconds; four
# times that leaves room for the list to grow while a zip bomb, or a sheet that would take
# minutes to read, is refused at once. zipfile never yields more than a member's declared size,
# so the declared sizes bound what is read.
MAX_XLSX_UNCOMPRESSED = 64 * 2**20
MAX_XLSX_SHARED_STRINGS = 16 * 2**20


def xlsx_rows(content: bytes, limit: int | None = None) -> list[list[object]]:
    """The cell values of the first sheet, row by row, every row read whatever the sheet's
    ``<dimension>`` claims; failures of a damaged workbook are ParseErrors naming the sheet."""
    _check_xlsx_sizes(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a damaged workbook
        raise ParseError(f"unreadable xlsx workbook: {type(exc).__name__}: {exc}") from exc
    rows: list[list[object]] = []
    where = "xlsx workbook"
    try:
        if not workbook.worksheets:
            raise ParseError("xlsx workbook has no sheets")
        sheet = workbook.worksheets[0]
        where = f"xlsx sheet {sheet.title!r}"
        sheet.reset_dimensions()  # a <dimension> that under-states the rows must not cut them
        for row in sheet.iter_rows(values_only=True, max_row=limit):
            rows.append(list(row))
        return rows
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - truncated XML, bad cell references, CRC errors …
        place = where if where == "xlsx workbook" else f"{where}, row {len(rows) + 1}"
        raise ParseError(f"{place}: {type(exc).__name__}: {exc}") from exc
    finally:
        with contextlib.suppress(Exception):  # closing a damaged archive adds nothing to say
            workbook.close()


def _check_xlsx_sizes(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: zip features Python does not read (a newer zip version, patched
        # data, strong encryption), declared in the directory itself
        raise ParseError(f"unreadable xlsx workbook: {type(exc).__name__}: {exc}") from exc
    total = sum(member.file_size for member in members)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise ParseError(f"xlsx expands to {total / 2**20:.0f} MiB, over the "
                         f"{MAX_XLSX_UNCOMPRESSED / 2**20:.0f} MiB limit (a zip bomb?)")
    strings = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
    if strings > MAX_XLSX_SHARED_STRINGS:
        raise ParseError(f"xlsx shared strings are {strings / 2**20:.0f} MiB, over the "
                         f"{MAX_XLSX_SHARED_STRINGS / 2**20:.0f} MiB limit")


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
