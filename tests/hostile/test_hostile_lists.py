"""Each class of hostile or broken list file: refused with a message that says what and where,
and the ledger exactly as it was (issue 11)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from listwatch.cli import app
from listwatch.ledger.importer import import_paths
from listwatch.sources._readers import (
    MAX_XLSX_CELLS, MAX_XLSX_PART_TAGS, MAX_XLSX_SHARED_STRINGS, MAX_XLSX_UNCOMPRESSED,
)
from tests.conftest import FIXTURES, require_shared
from tests.ledger.unxml import Entry, many, un_xml

from .conftest import refused, table_counts

SDN = (FIXTURES / "lists" / "us-ofac-sdn" / "sdn.csv").read_bytes()
FTO = (FIXTURES / "lists" / "us-fto" / "foreign-terrorist-organizations.html").read_bytes()
OFSI_CSV = (FIXTURES / "lists" / "uk-ofsi" / "ConList.csv").read_bytes()


def assert_refused_unchanged(store, path, expected: str, **options) -> str:
    before = table_counts(store)
    message = refused(import_paths(store, [path], **options))
    assert re.search(expected, message), message
    assert table_counts(store) == before
    return message


# -- CSV ----------------------------------------------------------------------------------------

def sdn_with_row(row: bytes) -> bytes:
    return SDN.rstrip(b"\r\n\x1a") + b"\r\n" + row + b"\r\n"


@pytest.mark.parametrize("row,expected", [
    (b'90099,BROKEN\rFRONT,-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ', r"line \d+"),
    (b'90099,"' + b"A" * 140_000 + b'",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
     r"line \d+.*field larger than field limit"),
    (b'90099,"NUL\x00FRONT",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
     r"U\+0000|line \d+"),
    (b'90099,"CTRL\x07FRONT",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ', r"U\+0007"),
])
def test_damaged_csv_rows_are_refused_with_their_place(seeded, write, row, expected):
    content = sdn_with_row(row)
    if b"\r" in row:  # the bare \r must stay bare, so no CRLF rows
        content = content.replace(b"\r\n", b"\n")
    assert_refused_unchanged(seeded, write("sdn.csv", content), expected, source_id="us-ofac-sdn")


def test_nul_in_an_ofsi_csv_name_is_refused(seeded, write):
    content = OFSI_CSV.replace(b"HAYAT MITHAL AL-SHAM", b"HAYAT MITHAL\x00AL-SHAM", 1)
    assert_refused_unchanged(seeded, write("ConList.csv", content), r"U\+0000",
                             source_id="uk-ofsi")


def test_a_name_that_cleans_to_nothing_is_refused_not_a_crash(seeded, write):
    content = sdn_with_row(b'90099," ",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ')
    assert_refused_unchanged(seeded, write("sdn.csv", content), "name", source_id="us-ofac-sdn")


# -- XML ----------------------------------------------------------------------------------------

def with_doctype(doctype: bytes, padding: int) -> bytes:
    body = un_xml([Entry("QDe.1", "EXAMPLE FRONT")], "2019-09-01T10:00:00Z")
    declaration, rest = body.split(b"\n", 1)
    return declaration + b"\n<!--" + b" " * padding + b"-->\n" + doctype + b"\n" + rest


@pytest.mark.parametrize("doctype,expected", [
    (b'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x "y">]>', "ENTITY"),
    (b'<!DOCTYPE CONSOLIDATED_LIST [<!ELEMENT CONSOLIDATED_LIST ANY>]>', "internal DOCTYPE"),
    (b'<!DOCTYPE CONSOLIDATED_LIST SYSTEM "http://127.0.0.1:9/list.dtd">', "external DTD"),
    (b'<!DOCTYPE CONSOLIDATED_LIST PUBLIC "-//X//DTD X//EN" "file:///etc/passwd">', "external DTD"),
])
@pytest.mark.parametrize("padding", [0, 64 * 1024])
def test_doctype_anywhere_is_refused(seeded, write, doctype, expected, padding):
    assert_refused_unchanged(seeded, write("list.xml", with_doctype(doctype, padding)), expected,
                             source_id="un-sc")


# -- xlsx ---------------------------------------------------------------------------------------

def ofsi_xlsx(extra_members: dict[str, bytes] = {}, dimension: str | None = None) -> bytes:
    """The OFSI fixture rewritten as a workbook; members added, the sheet's <dimension> set."""
    import csv
    book = Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(OFSI_CSV.decode("utf-8-sig"))):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if dimension and item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data)
            target.writestr(item.filename, data)
        for name, data in extra_members.items():
            target.writestr(name, data)
    return out.getvalue()


def test_xlsx_dimension_that_understates_the_rows_does_not_cut_them(store, write):
    full = import_paths(store, [write("a.xlsx", ofsi_xlsx())], source_id="uk-ofsi")
    [result] = import_paths(store, [write("b.xlsx", ofsi_xlsx(dimension="A1:B3"))],
                            source_id="uk-ofsi", observed_at="2025-06-01")
    assert full[0].status == "imported" and full[0].records > 1
    assert result.status == "unchanged" or result.records == full[0].records, result


def test_xlsx_zip_bomb_is_refused_before_it_is_read(seeded, write):
    bomb = ofsi_xlsx({"xl/media/padding.bin": b"\x00" * (MAX_XLSX_UNCOMPRESSED + 1)})
    # the message comes from the check of the zip directory, made before anything is read
    assert_refused_unchanged(seeded, write("bomb.xlsx", bomb), "zip bomb", source_id="uk-ofsi")


def test_xlsx_huge_shared_strings_are_refused(seeded, write):
    strings = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
               b'2006/main"><si><t>' + b"A" * MAX_XLSX_SHARED_STRINGS + b"</t></si></sst>")
    content = ofsi_xlsx({"xl/sharedStrings.xml": strings})
    assert_refused_unchanged(seeded, write("strings.xlsx", content), "shared strings",
                             source_id="uk-ofsi")


def test_xlsx_of_an_unsupported_zip_version_is_refused(seeded, write):
    book = bytearray(ofsi_xlsx())
    directory = book.rfind(b"PK\x01\x02")  # the last central directory entry
    book[directory + 6] = 99  # "version needed to extract": 9.9
    assert_refused_unchanged(seeded, write("version.xlsx", bytes(book)), "zip file version",
                             source_id="uk-ofsi")


@pytest.mark.parametrize("damage,expected", [
    (lambda data: data[: len(data) // 2], "unreadable xlsx|xlsx"),
    (lambda data: data.replace(b'r="A3"', b'r="A#3"', 1), "xlsx"),
])
def test_damaged_xlsx_is_refused(seeded, write, damage, expected):
    book = ofsi_xlsx()
    with zipfile.ZipFile(io.BytesIO(book)) as source:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = damage(data)
                target.writestr(item.filename, data)
    assert_refused_unchanged(seeded, write("damaged.xlsx", out.getvalue()), expected,
                             source_id="uk-ofsi")


def ofsi_xlsx_sheet(change) -> bytes:
    """The OFSI workbook with its sheet XML passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(ofsi_xlsx())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item.filename, change(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


def test_xlsx_rows_padded_out_to_far_columns_are_refused(seeded, write):
    """A cell in column ZZZ makes a row of 18,278 cells in a few bytes: past MAX_XLSX_CELLS the
    workbook is refused instead of filling memory."""
    rows = 1 + MAX_XLSX_CELLS // 18_278
    far = b"".join(b'<row r="%d"><c r="ZZZ%d"><v>1</v></c></row>' % (n, n)
                   for n in range(1000, 1000 + rows))
    content = ofsi_xlsx_sheet(lambda data: data.replace(b"</sheetData>", far + b"</sheetData>"))
    assert_refused_unchanged(seeded, write("wide.xlsx", content), r"row \d+: .*more than .* cells",
                             source_id="uk-ofsi")


def test_xlsx_parts_dense_with_tags_are_refused_before_they_are_parsed(seeded, write):
    """Elements outside rows stay in lxml's tree (about 125 bytes each): millions of ``<x/>``
    would fill memory, so a part with more than MAX_XLSX_PART_TAGS tags is refused unread."""
    junk = b"<x/>" * (MAX_XLSX_PART_TAGS + 1)
    content = ofsi_xlsx_sheet(lambda data: data.replace(b"</sheetData>", b"</sheetData>" + junk))
    assert_refused_unchanged(seeded, write("dense.xlsx", content), r"tags, over the .* limit",
                             source_id="uk-ofsi")


def test_xlsx_rows_out_of_order_are_all_imported(store, write):
    """A row numbered below the one before it is read, not dropped (openpyxl dropped it)."""
    [full] = import_paths(store, [write("a.xlsx", ofsi_xlsx())], source_id="uk-ofsi")
    swapped = ofsi_xlsx_sheet(lambda data: re.sub(rb'r="3"', b'r="999"', data, count=1))
    [result] = import_paths(store, [write("b.xlsx", swapped)], source_id="uk-ofsi",
                            observed_at="2025-06-01")
    assert full.status == "imported" and full.records > 1
    assert result.status == "unchanged" or result.records == full.records, result


# -- HTML ---------------------------------------------------------------------------------------

def test_deep_nesting_that_would_drop_rows_is_refused(seeded, write):
    nested = FTO.replace(b"<tr><td>March 18, 2008</td>", b"<b>" * 100_000 + b"<tr><td>March 18, 2008</td>", 1)
    assert_refused_unchanged(seeded, write("fto.html", nested), "cannot be read to its end",
                             source_id="us-fto")


def test_delisted_rows_that_vanish_are_a_partial_file(store, write):
    [first] = import_paths(store, [write("fto-1.html", FTO)], source_id="us-fto",
                           observed_at="2025-03-01")
    assert first.status == "imported"
    start = FTO.index(b"<h2>Delisted")
    cut = FTO[:start] + FTO[FTO.index(b"</table>", start) + len(b"</table>"):]
    assert_refused_unchanged(store, write("fto-2.html", cut), "delisted ones included",
                             source_id="us-fto", observed_at="2025-04-01")


# -- the partial-file guard ---------------------------------------------------------------------

@pytest.mark.shared
def test_the_suspect_un_file_is_refused_into_an_empty_ledger(store, write, monkeypatch):
    monkeypatch.delenv("LISTWATCH_MIN_RECORDS")
    suspect = next(require_shared("data", "lists", "suspect").glob("un_consolidated__*"))
    message = assert_refused_unchanged(store, suspect, "877 records.*at least 900")
    assert "--allow-mass-removal" in message
    genuine = sorted(require_shared("data", "lists", "un_consolidated").glob("*.xml"))[-1]
    assert [r.status for r in import_paths(store, [genuine])] == ["imported"]


def test_a_small_first_snapshot_is_refused_at_the_sources_floor(store, write, monkeypatch):
    monkeypatch.delenv("LISTWATCH_MIN_RECORDS")
    path = write("small.xml", un_xml(many(50), "2019-01-07T10:00:00Z"))
    assert_refused_unchanged(store, path, "50 records.*at least 900")
    [result] = import_paths(store, [path], allow_mass_removal=True)
    assert result.status == "imported"


def test_a_loose_removal_share_needs_the_override(store, write):
    path = write("a.xml", un_xml(many(50), "2019-01-07T10:00:00Z"))
    with pytest.raises(Exception, match="above 0.5.*--allow-mass-removal"):
        import_paths(store, [path], max_removal_share=0.9)
    assert table_counts(store)["snapshot"] == 0
    result = CliRunner().invoke(app, ["--db", str(store.engine.url), "lists", "import", str(path),
                                      "--max-removal-share", "0.9"])
    assert result.exit_code == 1 and "--allow-mass-removal" in result.output
    assert "Traceback" not in result.output


# -- the CLI goes on with the next file ---------------------------------------------------------

def test_cli_reports_a_bad_file_and_imports_the_next(tmp_path, write):
    bad = write("sdn.csv", sdn_with_row(b'90099,"' + b"A" * 140_000 + b'",-0- ,"SDGT"'))
    good = write("un.xml", un_xml(many(5), "2019-01-07T10:00:00Z"))
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(app, ["--db", db, "lists", "import", str(bad), str(good), "--json"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert '"imported"' in result.stdout and '"refused"' in result.stdout
    assert "line" in result.stdout
