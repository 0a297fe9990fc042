"""The xlsx reader (listwatch.sources._readers.xlsx_rows): the values openpyxl would give, read
with lxml, and the damage it refuses with the sheet and row."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from bench.fuzz_sources import shared_strings_workbook
from listwatch.sources._descriptor import ParseError
from listwatch.sources._readers import xlsx_rows

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_member(content: bytes, name: str, change) -> bytes:
    """The workbook with member ``name`` passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item.filename, change(data) if item.filename == name else data)
    return out.getvalue()


def openpyxl_rows(content: bytes) -> list[list[object]]:
    """What openpyxl's own read-only reader gives, without trailing empty cells or empty rows."""
    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    sheet.reset_dimensions()
    return trimmed(sheet.iter_rows(values_only=True))


def trimmed(rows) -> list[list[object]]:
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        if row:
            out.append(row)
    return out


def mixed_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Mixed"
    sheet.append(["Last Updated", datetime(2025, 4, 10), None, "a_x005F_b"])
    sheet.append([12, 12.5, -3e-7, True, False, date(2024, 2, 29), time(12, 30)])
    sheet.append(["text with  spaces ", None, None, "Хайят", "هيئة تحرير الشام"])
    sheet["C5"] = "after a gap row and two empty cells"
    sheet["B6"] = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold"), " end"])
    sheet["A7"] = "=1+1"  # a formula openpyxl writes without a cached value: None with data_only
    sheet.cell(row=8, column=30, value="far column")
    return shared_strings_workbook(saved(book))


def test_the_workbook_for_these_tests_has_shared_strings():
    with zipfile.ZipFile(io.BytesIO(mixed_workbook())) as archive:
        assert b'<si><t>Last Updated</t></si>' in archive.read(STRINGS)
        assert b't="inlineStr"' not in archive.read(SHEET)


def test_values_are_the_ones_openpyxl_gives():
    content = mixed_workbook()
    ours = trimmed(xlsx_rows(content))
    assert ours == openpyxl_rows(content)
    assert ours[0][:3] == ["Last Updated", datetime(2025, 4, 10), None]
    assert ours[1][:6] == [12, 12.5, -3e-7, True, False, datetime(2024, 2, 29)]
    assert ours[4] == [None, "plain bold end"]
    assert ours[-1][29] == "far column"


def test_inline_strings_give_the_values_shared_strings_give():
    book = load_workbook(io.BytesIO(mixed_workbook()))
    inline = saved(book)  # openpyxl writes inline strings
    assert b't="inlineStr"' in zipfile.ZipFile(io.BytesIO(inline)).read(SHEET)
    assert xlsx_rows(inline) == xlsx_rows(mixed_workbook())


def test_inline_strings_and_cells_without_references_are_read():
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row><c t="inlineStr"><is><t>one</t></is></c><c><v>2</v></c></row>'
             b'<row><c t="str"><v>three</v></c><c t="e"><v>#N/A</v></c></row></sheetData></worksheet>')
    content = with_member(mixed_workbook(), SHEET, lambda _: sheet)
    assert xlsx_rows(content) == [["one", 2], ["three", "#N/A"]]


def test_limit_stops_at_that_row_number():
    content = mixed_workbook()
    assert [row[0] for row in xlsx_rows(content, limit=2)] == ["Last Updated", 12]


def test_rows_out_of_order_are_all_kept():
    """openpyxl drops a row numbered below the one before it; here no row is lost."""
    book = Workbook()
    for number in (1, 2, 3):
        book.active.append([f"row {number}"])
    content = with_member(saved(book), SHEET, lambda data: data.replace(b'r="2"', b'r="9"')
                          .replace(b'r="A2"', b'r="A9"'))
    assert [row[0] for row in xlsx_rows(content)] == ["row 1", "row 2", "row 3"]


@pytest.mark.parametrize("damage,expected", [
    (lambda d: d.replace(b'r="A2"', b'r="2A"', 1), r"sheet 'Mixed', row 2: .*bad cell reference '2A'"),
    (lambda d: d.replace(b'<row r="3"', b'<row r="x3"', 1), r"row 3: .*row number 'x3'"),
    (lambda d: d.replace(b'<row r="3"', b'<row r="2000000"', 1), r"row number '2000000'"),
    (lambda d: re.sub(rb'<c r="A3" ([^>]*)t="s"', rb'<c r="A3" \1t="q"', d, count=1),
     r"row 3: .*unknown type 'q'"),
    (lambda d: d[: len(d) // 2], r"sheet 'Mixed', row \d+: XMLSyntaxError"),
])
def test_a_damaged_sheet_is_refused_with_its_row(damage, expected):
    content = with_member(mixed_workbook(), SHEET, damage)
    with pytest.raises(ParseError, match=expected):
        xlsx_rows(content)


def test_a_cell_naming_a_missing_shared_string_is_refused():
    content = with_member(mixed_workbook(), SHEET,
                          lambda d: re.sub(rb'(<c r="A1"[^>]*t="s"[^>]*><v>)\d+', rb"\g<1>999", d))
    with pytest.raises(ParseError, match=r"row 1: .*shared string 999, but there are \d+"):
        xlsx_rows(content)


def test_a_damaged_string_table_is_refused_even_where_no_cell_uses_the_damage():
    content = with_member(mixed_workbook(), STRINGS, lambda d: d[:-20])
    assert xlsx_rows(content, limit=1)  # sniffing the first row reads only what it needs
    with pytest.raises(ParseError, match="xlsx shared strings, string"):
        xlsx_rows(content)


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE worksheet [<!ENTITY x "y">]>',
    b'<!DOCTYPE worksheet SYSTEM "http://127.0.0.1:9/x.dtd">',
])
@pytest.mark.parametrize("member", [SHEET, STRINGS])
def test_a_doctype_in_a_part_is_refused(doctype, member):
    def declare(data: bytes) -> bytes:
        declaration, rest = data.split(b"?>", 1)
        return declaration + b"?>" + doctype + rest
    content = with_member(mixed_workbook(), member, declare)
    assert doctype in zipfile.ZipFile(io.BytesIO(content)).read(member)
    with pytest.raises(ParseError, match="DOCTYPE|DTD"):
        xlsx_rows(content)
