"""Ledger benchmark: importing every shared UN and OFAC SDN version, and `status` queries; or,
with --versions N, the growth of import cost with the snapshots already stored.

    python bench/bench_ledger.py [--shared ../shared] [--repeat 50]
    python bench/bench_ledger.py --versions 300 [--adds 0.002 --removals 0.002 --amendments 0.003]

The first prints wall times, records per second, peak resident memory and query latencies, with
the machine and date, as the README's table reports them. The second imports N synthetic
SDN-like versions made from the newest real sdn.csv, each a small share of adds, removals and
amendments away from the one before, and prints the CPU time of import k (k = 1, 10, 50, 100,
… 300, with the median of the five imports up to k), the database size, the bytes an unchanged version
(the same records, rows reordered) adds, and peak resident memory.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import platform
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from listwatch.ledger import queries
from listwatch.ledger.importer import import_paths
from listwatch.ledger.linking import relink_subjects
from listwatch.store import Store


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def shared_files(shared: Path) -> list[tuple[Path, str | None]]:
    lists = shared / "data" / "lists"
    un = [(p, None) for p in sorted((lists / "un_consolidated").glob("*.xml"))]
    ofac = [(p, re.match(r"sdn__([^_]+)__", p.name).group(1))
            for p in sorted((lists / "ofac_sdn_csv").glob("*.csv"))]
    if not un or not ofac:
        sys.exit(f"no list files under {lists}")
    return un + ofac


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


# -- import cost against snapshots stored (synthetic versions) ---------------------------------

def _csv_line(row: list[str]) -> str:
    """An sdn.csv line: nulls ("-0- ") and entry numbers bare, everything else quoted."""
    return ",".join(f if f == "-0- " or f.isdigit() else '"' + f.replace('"', '""') + '"'
                    for f in row)


class SyntheticSdn:
    """Versions of a real sdn.csv, each a few adds, removals and amendments on the previous."""

    def __init__(self, path: Path, adds: float, removals: float, amendments: float, seed: int):
        lines = path.read_bytes().decode("cp1252").split("\r\n")
        self.tail = lines[-1]  # the Ctrl-Z
        self.lines = {line.split(",", 1)[0]: line for line in lines[:-1] if line}
        self.next_number = max(map(int, self.lines)) + 1
        self.rng = random.Random(seed)
        self.counts = tuple(max(1, round(share * len(self.lines)))
                            for share in (adds, removals, amendments))

    def step(self, k: int) -> None:
        adds, removals, amendments = self.counts
        numbers = sorted(self.lines, key=int)
        for number in self.rng.sample(numbers, removals):
            del self.lines[number]
        numbers = sorted(self.lines, key=int)
        for number in self.rng.sample(numbers, amendments):
            row = next(csv.reader([self.lines[number]]))
            remark = "" if row[11].strip() == "-0-" else row[11]
            row[11] = f"{remark} Synthetic amendment {k}.".strip()
            self.lines[number] = _csv_line(row)
        for number in self.rng.sample(numbers, adds):
            row = next(csv.reader([self.lines[number]]))
            row[0], row[1] = str(self.next_number), f"{row[1]} SYNTHETIC {self.next_number}"
            self.lines[row[0]] = _csv_line(row)
            self.next_number += 1

    def content(self, shuffle: bool = False) -> bytes:
        lines = list(self.lines.values())
        if shuffle:  # the same records in another order: another file, an unchanged version
            self.rng.shuffle(lines)
        return "\r\n".join([*lines, self.tail]).encode("cp1252")


def sqlite_bytes(store: Store) -> int:
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        size = connection.exec_driver_sql("PRAGMA page_size").scalar()
        free = connection.exec_driver_sql("PRAGMA freelist_count").scalar()
    return (pages - free) * size


def growth(args) -> None:
    base = max((args.shared / "data" / "lists" / "ofac_sdn_csv").glob("sdn__*.csv"))
    lists = SyntheticSdn(base, args.adds, args.removals, args.amendments, seed=20261203)
    marks = [k for k in (1, 10, 50, 100, 150, 200, 250, 300) if k <= args.versions]
    day = dt.date(2025, 1, 1)
    cpu: list[float] = []
    print(f"{args.versions} versions of {base.name} ({len(lists.lines)} records); per step "
          f"{lists.counts[0]} adds, {lists.counts[1]} removals, {lists.counts[2]} amendments")
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/bench.db")
        store.upgrade()

        def import_version(k: int, content: bytes) -> float:
            path = Path(folder, f"sdn__{(day + dt.timedelta(days=k)).isoformat()}__synthetic.csv")
            path.write_bytes(content)
            start = time.process_time()
            results = import_paths(store, [path], date_from_name=True, relink=False)
            spent = time.process_time() - start
            assert [r.status for r in results] == ["imported"], results
            path.unlink()
            return spent

        for k in range(1, args.versions + 1):
            if k > 1:
                lists.step(k)
            cpu.append(import_version(k, lists.content()))
            if k in marks:
                recent = cpu[max(0, k - 5):k]
                print(f"import #{k}: {cpu[-1]:.2f} s CPU (median of #{max(1, k - 4)}–#{k}: "
                      f"{statistics.median(recent):.2f} s); database "
                      f"{sqlite_bytes(store) / 2**20:.1f} MiB; peak RSS {peak_rss_mib():.0f} MiB",
                      flush=True)
        before = sqlite_bytes(store)
        unchanged = 20
        for k in range(args.versions + 1, args.versions + 1 + unchanged):
            import_version(k, lists.content(shuffle=True))
        added = (sqlite_bytes(store) - before) / unchanged
        print(f"unchanged version (same records, rows reordered): {added / 1000:.1f} KB each "
              f"(over {unchanged})")
        if 10 in marks and marks[-1] > 10:
            ratio = statistics.median(cpu[marks[-1] - 5:marks[-1]]) / statistics.median(cpu[5:10])
            print(f"import #{marks[-1]} / import #10 (medians of five): {ratio:.2f}")
        print(f"peak RSS: {peak_rss_mib():.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--versions", type=int, help="synthetic SDN versions to import (growth)")
    parser.add_argument("--adds", type=float, default=0.002, help="share of records added per step")
    # as many removals as adds: the list keeps its size, so what grows is the history stored
    parser.add_argument("--removals", type=float, default=0.002)
    parser.add_argument("--amendments", type=float, default=0.003)
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {dt.date.today().isoformat()}")
    if args.versions:
        growth(args)
        return
    files = shared_files(args.shared)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/bench.db")
        store.upgrade()
        baseline = peak_rss_mib()
        records = 0
        start = time.perf_counter()
        for path, observed in files:
            for result in import_paths(store, [path], observed_at=observed, relink=False):
                assert result.status == "imported", result
                records += result.records
        imported = time.perf_counter() - start
        start = time.perf_counter()
        subjects = relink_subjects(store)
        linked = time.perf_counter() - start
        size = Path(folder, "bench.db").stat().st_size / 2**20
        print(f"import: {len(files)} snapshots, {records} records in {imported:.1f} s "
              f"({records / imported:,.0f} records/s, {imported / len(files):.2f} s per snapshot)")
        print(f"relink: {subjects} subjects in {linked:.1f} s")
        print(f"peak RSS: {peak_rss_mib():.0f} MiB (process start {baseline:.0f} MiB); "
              f"database {size:.0f} MiB")
        # A name lookup goes through the screening index, built once per process and ledger
        # state: the first one pays for it.
        start = time.perf_counter()
        queries.resolve_subject(store, "Hezbollah")
        print(f"first name lookup (builds the screening index): "
              f"{time.perf_counter() - start:.1f} s")
        for query, as_of in (("Hayat Tahrir al-Sham", None), ("QDe.137", "2020-12-01"),
                             ("Abu Mohammed al-Jawlani", None)):
            times = timed(lambda: queries.status(store, query, as_of), args.repeat)
            print(f"status {query!r} as_of={as_of}: median {statistics.median(times):.1f} ms, "
                  f"p95 {sorted(times)[int(0.95 * len(times)) - 1]:.1f} ms over {args.repeat}")


if __name__ == "__main__":
    main()
