"""Safe readers for raw list bytes: XML without entities, DTDs or network; text in the encodings
official lists use; HTML pages; CSV heads for sniffing."""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from datetime import datetime

import lxml.html
from lxml import etree
from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601

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
# (2.2 MB, 2025) holds a 13 MB sheet and 4 MB of shared strings and reads in about 2 CPU seconds;
# twice that leaves room for the list to grow while a zip bomb is refused at once and the
# largest workbook let through still reads within 5 s (bench/bench_xlsx.py). zipfile never
# yields more than a member's declared size, so the declared sizes bound what is read. The cell
# bound caps what rows padded out to a far column (``r="ZZZ1"``, a few bytes each) would cost in
# memory: the real sheet has 0.7 million cells. The tag bound caps the tree lxml builds from
# elements that are not rows (rows are freed as they are read): four million tags cost about
# 500 MB; the real sheet has 0.65 million tags, 20 bytes each, so a part within the size bound
# reaches four million only when its markup is five times denser than a real sheet's.
MAX_XLSX_UNCOMPRESSED = 32 * 2**20
MAX_XLSX_SHARED_STRINGS = 16 * 2**20
MAX_XLSX_CELLS = 16 * 2**20
MAX_XLSX_PART_TAGS = 4 * 2**20
_MAX_XLSX_ROW = 1_048_576  # Excel's last row

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _STRING_ITEM, _TEXT, _RUN, _INLINE = (
    _MAIN + tag for tag in ("row", "c", "v", "si", "t", "r", "is"))
_SAFE_XML = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
             "remove_comments": True, "remove_pis": True}


@dataclass(frozen=True)
class _Worksheet:
    """What reading the first worksheet needs from the workbook's structure."""

    title: str
    part: str
    strings_part: str | None
    date_styles: frozenset[int]
    timedelta_styles: frozenset[int]
    epoch: datetime


def xlsx_rows(content: bytes, limit: int | None = None) -> list[list[object]]:
    """The cell values of the first worksheet, row by row in the sheet's order (rows the sheet
    leaves out are left out), each row padded with None up to its last cell; every row is read
    whatever the sheet's ``<dimension>`` claims, up to row number ``limit``.

    openpyxl reads the workbook's structure (which part is the first worksheet, which styles
    are dates, the date epoch); the shared strings and the cells — nearly all the work — are
    read here with lxml's iterparse, because openpyxl builds Python objects for every string
    and cell (bench/bench_xlsx.py measures both). Failures of a damaged workbook are
    ParseErrors naming the sheet and row."""
    _check_xlsx_sizes(content)
    archive, sheet = _open_workbook(content)
    with archive:
        strings = _SharedStrings(archive, sheet.strings_part)
        rows = _sheet_rows(archive, _Cells(sheet, strings), limit)
        if limit is None:
            strings.read_all()  # a damaged string table is refused even where no cell uses it
        return rows


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


def _open_workbook(content: bytes) -> tuple[zipfile.ZipFile, _Worksheet]:
    """The workbook's archive and its first worksheet, read by openpyxl's own steps short of
    loading strings and sheets."""
    try:
        with warnings.catch_warnings():  # what openpyxl skips with a warning is not our error
            warnings.simplefilter("ignore")
            reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
            reader.read_manifest()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            worksheets = [(sheet.name, rel.target) for sheet, rel in reader.parser.find_sheets()
                          if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
            strings = reader.package.find(SHARED_STRINGS)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a damaged workbook
        raise ParseError(f"unreadable xlsx workbook: {type(exc).__name__}: {exc}") from exc
    if not worksheets:
        raise ParseError("xlsx workbook has no sheets")
    book = reader.wb
    title, part = worksheets[0]
    return reader.archive, _Worksheet(
        title, part, strings.PartName[1:] if strings is not None else None,
        frozenset(book._date_formats), frozenset(book._timedelta_formats), book.epoch)


class _SharedStrings:
    """The workbook's shared strings, read from their part only as far as the cells have asked:
    sniffing the first rows reads a few strings, not the whole table. openpyxl's dropping of
    "x005F_" (an escaped underscore) is kept, so the values stay those earlier imports stored."""

    def __init__(self, archive: zipfile.ZipFile, part: str | None):
        self._items = _elements(archive, part, _STRING_ITEM) if part else iter(())
        self._strings: list[str] = []

    def get(self, index: int) -> str:
        if 0 <= index < len(self._strings):
            return self._strings[index]
        while index >= len(self._strings):
            if not self._read_next():
                raise ValueError(f"the cell names shared string {index}, but there are "
                                 f"{len(self._strings)}")
        if index < 0:
            raise ValueError(f"the cell names shared string {index}")
        return self._strings[index]

    def read_all(self) -> None:
        while self._read_next():
            pass

    def _read_next(self) -> bool:
        try:
            item = next(self._items, None)
        except Exception as exc:  # noqa: BLE001 - zip, zlib and XML errors alike
            raise _xlsx_error(f"xlsx shared strings, string {len(self._strings) + 1}", exc) from exc
        if item is None:
            return False
        self._strings.append(_rich_text(item).replace("x005F_", ""))
        _forget(item)
        return True


def _sheet_rows(archive: zipfile.ZipFile, cells: _Cells, limit: int | None) -> list[list[object]]:
    rows: list[list[object]] = []
    number, place, count = 0, 1, 0  # place: the row being read, for an error message
    try:
        for row in _elements(archive, cells.sheet.part, _ROW):
            number = place = _row_number(row, number)
            if limit is not None and number > limit:
                break
            values = cells.row_values(row)
            count += len(values)
            if count > MAX_XLSX_CELLS:
                raise ValueError(f"more than {MAX_XLSX_CELLS:,} cells")
            rows.append(values)
            _forget(row)
            place = number + 1
    except Exception as exc:  # noqa: BLE001 - zip, zlib, XML and value errors alike
        raise _xlsx_error(f"xlsx sheet {cells.sheet.title!r}, row {place}", exc) from exc
    return rows


def _xlsx_error(where: str, exc: Exception) -> ParseError:
    what = str(exc) if isinstance(exc, ParseError) else f"{type(exc).__name__}: {exc}"
    return ParseError(f"{where}: {what}")


def _elements(archive: zipfile.ZipFile, part: str, tag: str):
    """The ``tag`` elements of a workbook part as they are parsed (without entities, DTDs or
    network); a DOCTYPE with a subset or an external identifier is refused, as in any XML."""
    data = archive.read(part)
    tags = data.count(b"<") - data.count(b"</")  # start and empty tags (and a few declarations)
    if tags > MAX_XLSX_PART_TAGS:
        raise ValueError(f"{part} holds {tags:,} tags, over the {MAX_XLSX_PART_TAGS:,} limit")
    elements = etree.iterparse(io.BytesIO(data), events=("end",), tag=tag, **_SAFE_XML)
    checked = False
    for _, element in elements:
        if not checked:
            _refuse_document_type(element.getroottree(), data)
            checked = True
        yield element
    if not checked and elements.root is not None:
        _refuse_document_type(elements.root.getroottree(), data)


def _forget(element: etree._Element) -> None:
    """Free a processed element and its processed siblings, so a part is read in little memory."""
    element.clear()
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]


def _row_number(row: etree._Element, previous: int) -> int:
    """The row's ``r``, else the row after the previous one (as openpyxl counts)."""
    reference = row.get("r")
    if reference is None:
        return previous + 1
    if not (reference.isascii() and reference.isdigit() and 0 < int(reference) <= _MAX_XLSX_ROW):
        raise ValueError(f"row number {reference[:20]!r} is not one of 1 to {_MAX_XLSX_ROW:,}")
    return int(reference)


def _rich_text(element: etree._Element) -> str:
    """The text of a string item (shared or inline): its own text and that of its rich-text
    runs, not its phonetic readings."""
    pieces = [child.text if child.tag == _TEXT else child.findtext(_TEXT)
              for child in element if child.tag in (_TEXT, _RUN)]
    return "".join(piece for piece in pieces if piece)


@dataclass(frozen=True)
class _Cells:
    """Reads a worksheet's cells to the values openpyxl gives with ``data_only``. ``row_values``
    runs once per cell (0.3 million in the real OFSI sheet), hence its plain shape."""

    sheet: _Worksheet
    strings: _SharedStrings

    def row_values(self, row: etree._Element) -> list[object]:
        values: list[object] = []
        column = 0
        for cell in row.iterchildren(_CELL):
            reference = cell.get("r")
            column = column + 1 if reference is None else _column_of(reference)
            if column > len(values):
                values.extend([None] * (column - len(values)))
            kind = cell.get("t", "n")
            text = None
            for child in cell:
                if child.tag == _VALUE:
                    text = child.text
                elif child.tag == _INLINE and kind == "inlineStr":
                    text = _rich_text(child)
            if text:
                values[column - 1] = text if kind == "inlineStr" else self.value(kind, text, cell)
        return values

    def value(self, kind: str, text: str, cell: etree._Element) -> object:
        """The value of a cell of type ``kind`` whose <v> holds ``text``."""
        read = _VALUE_READERS.get(kind)
        if read is None:
            raise ValueError(f"cell {cell.get('r', '')} has an unknown type {kind[:20]!r}")
        return read(self, text, cell)

    def number(self, text: str, cell: etree._Element) -> object:
        number = float(text) if any(mark in text for mark in ".eE") else int(text)
        style = int(cell.get("s") or 0) if self.sheet.date_styles else 0
        if style not in self.sheet.date_styles:
            return number
        try:
            return from_excel(number, self.sheet.epoch,
                              timedelta=style in self.sheet.timedelta_styles)
        except (OverflowError, ValueError) as exc:
            raise ValueError(f"cell {cell.get('r', '')} is a date, but {text[:20]!r} is no "
                             f"date serial number ({exc})") from exc

    def shared(self, text: str, cell: etree._Element) -> str:
        return self.strings.get(int(text))

    def boolean(self, text: str, cell: etree._Element) -> bool:
        return bool(int(text))

    def iso_date(self, text: str, cell: etree._Element) -> object:
        return from_ISO8601(text)

    def as_is(self, text: str, cell: etree._Element) -> str:
        return text


# The cell types of the spreadsheetml standard ("str": a formula's cached string); an inline
# string ("inlineStr") has no <v> and is read where the cell is.
_VALUE_READERS = {"n": _Cells.number, "s": _Cells.shared, "b": _Cells.boolean,
                  "d": _Cells.iso_date, "str": _Cells.as_is, "e": _Cells.as_is}


def _column_of(reference: str) -> int:
    """The column of a cell reference such as "AJ17" (letters A to ZZZ, then the row)."""
    letters = reference.rstrip("0123456789")
    column = _COLUMNS.get(letters) or _COLUMNS.get(letters.upper())
    if column is None or len(letters) == len(reference):
        raise ValueError(f"bad cell reference {reference[:20]!r}")
    return column


_COLUMNS = {get_column_letter(index): index for index in range(1, 18_279)}


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
