"""Export benchmark: `listwatch export` of every subject of a ledger holding the newest shared UN,
OFAC SDN and OFSI files and the EU annex CSVs, as FollowTheMoney and as CSV, and the FtM import
of the export's UN dataset back into a fresh ledger.

    python bench/bench_export.py [--shared ../shared]

Prints wall and CPU times, entity and row counts, with the machine and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from listwatch.ledger.export import collect, write_csv, write_ftm
from listwatch.ledger.importer import import_paths
from listwatch.store import Store


def newest(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if not found:
        sys.exit(f"no {pattern} under {folder}")
    return found[-1]


class Clock:
    def __init__(self, label: str) -> None:
        self.label = label

    def __enter__(self) -> "Clock":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu
        print(f"{self.label}: {self.wall:.1f} s wall, {self.cpu:.1f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    args = parser.parse_args()
    lists = args.shared / "data" / "lists"
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {dt.date.today().isoformat()}")
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/ledger.db")
        with Clock("import UN 2026-02-27, OFSI 2025-04-10, EU annexes, OFAC SDN 2024-05-03"):
            import_paths(store, [newest(lists / "un_consolidated", "*.xml"),
                                 newest(lists / "uk_ofsi_conlist", "*.xlsx")])
            import_paths(store, [newest(lists / "eu_terrorist_list_cp2001_931", "*42e69fc45.csv"),
                                 newest(lists / "eu_isil_alqaida_reg881", "*42e69fc45.csv")],
                         observed_at="2026-03-30")
            import_paths(store, [lists / "ofac_sdn_csv" / "sdn__2024-05-03T18-43__jackdwyer_a5ec3c5e.csv"],
                         observed_at="2024-05-03")
        with Clock("collect every subject's designations and history") as clock:
            subjects = collect(store)
        entries = sum(len(s.entries) for s in subjects)
        print(f"  {len(subjects)} subjects, {entries} designations "
              f"({entries / clock.wall:.0f} designations/s)")
        with Clock("write FollowTheMoney"):
            ftm = write_ftm(subjects)
        print(f"  {ftm.count(chr(10))} entities, {len(ftm.encode()) / 2**20:.1f} MiB")
        with Clock("write CSV"):
            rows = write_csv(subjects)
        print(f"  {rows.count(chr(10)) - 1} rows")
        path = Path(folder) / "export.ftm.json"
        path.write_text(ftm, encoding="utf-8")
        again = Store(f"sqlite:///{folder}/again.db")
        with Clock("import the export's un-sc dataset (ftm-un-sc)"):
            [result] = import_paths(again, [path], source_id="ftm-un-sc")
        print(f"  {result.status}: {result.records} records")


if __name__ == "__main__":
    main()
