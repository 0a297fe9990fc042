"""Ledger benchmark: importing every shared UN and OFAC SDN version, and `status` queries.

    python bench/bench_ledger.py [--shared ../shared] [--repeat 50]

Prints wall times, records per second, peak resident memory and query latencies, with the
machine and date, as the README's table reports them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    files = shared_files(args.shared)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {dt.date.today().isoformat()}")
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
