"""Time reading the real OFSI workbook (../shared/data/lists/uk_ofsi_conlist/*.xlsx): the two ways
to read its sheet — openpyxl's read-only reader with values only, and the project's reader
(listwatch.sources._readers.xlsx_rows: lxml iterparse, openpyxl for the workbook's structure) —
then the whole adapter (sniff + read, what an import and the fuzzer do per file) and the largest
workbook the size bounds let through (the real sheet's rows repeated up to
MAX_XLSX_UNCOMPRESSED), which bounds what any one hostile workbook can cost.

    python bench/bench_xlsx.py [--runs 5]

Prints wall and CPU seconds (median and best of the runs): wall on a shared machine measures the
neighbours too, CPU seconds what the reading itself costs.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from openpyxl import load_workbook  # noqa: E402

from listwatch import sources  # noqa: E402
from listwatch.sources._readers import MAX_XLSX_UNCOMPRESSED, xlsx_rows  # noqa: E402

SHARED_OFSI = REPO.parent / "shared" / "data" / "lists" / "uk_ofsi_conlist"


def openpyxl_rows(content: bytes) -> list[list[object]]:
    """The sheet read by openpyxl alone (read-only, values only), every row whatever
    <dimension> says: the reader the project used before."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def adapter_read(content: bytes) -> object:
    source = sources.get("uk-ofsi")
    sources.sniff_safely(source, content)
    return source.read({"main": content})


def largest_allowed(content: bytes) -> bytes:
    """The workbook with its data rows repeated (renumbered) until it is just under the
    uncompressed-size bound."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = {item.filename: archive.read(item) for item in archive.infolist()}
    sheet_name = next(name for name in members if name.startswith("xl/worksheets/sheet"))
    sheet = members[sheet_name]
    head, rest = sheet.split(b"<sheetData>", 1)
    body, tail = rest.split(b"</sheetData>", 1)
    data_rows = _unnumbered(body.split(b"</row>", 2)[2])  # not "Last Updated" and the header
    copies = (MAX_XLSX_UNCOMPRESSED - sum(map(len, members.values())) - 2**20) // len(data_rows)
    members[sheet_name] = (head + b"<sheetData>" + body + data_rows * copies
                           + b"</sheetData>" + tail)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _unnumbered(body: bytes) -> bytes:
    """Rows without their row numbers, so the copies follow one another (a row without one is
    the row after the one before); cells keep their references, which give their columns."""
    return re.sub(rb'<row r="\d+"', b"<row", body)


def timed(function, content: bytes, runs: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function(content)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    workbooks = sorted(SHARED_OFSI.glob("*.xlsx"))
    if not workbooks:
        print(f"no OFSI workbook in {SHARED_OFSI}", file=sys.stderr)
        return 2
    content = workbooks[0].read_bytes()
    biggest = largest_allowed(content)
    assert openpyxl_rows(content) == xlsx_rows(content), "the two readers disagree"
    print(f"{workbooks[0].name}: {len(content) / 2**20:.1f} MB; largest allowed workbook "
          f"{len(biggest) / 2**20:.1f} MB ({MAX_XLSX_UNCOMPRESSED / 2**20:.0f} MiB uncompressed)")
    print(f"{'what':<44} {'wall median':>11} {'wall best':>9} {'cpu median':>10} {'cpu best':>8}")
    for label, function, data in (
        ("sheet, openpyxl read-only values only", openpyxl_rows, content),
        ("sheet, xlsx_rows (lxml iterparse)", xlsx_rows, content),
        ("uk-ofsi adapter: sniff + read", adapter_read, content),
        ("uk-ofsi adapter, largest allowed workbook", adapter_read, biggest),
    ):
        walls, cpus = timed(function, data, args.runs)
        print(f"{label:<44} {statistics.median(walls):>10.2f}s {min(walls):>8.2f}s "
              f"{statistics.median(cpus):>9.2f}s {min(cpus):>7.2f}s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
