"""Lookup benchmark: do `status` queries for well-known groups, typed in several scripts and
spellings, answer with the right subject?

    python bench/lookup_groups.py [--list dev|heldout] [--db sqlite:///lookup.db] [--shared ../shared]

Builds (or reuses, with --db) a ledger of the newest shared UN list, the OFSI xlsx, the OFAC
SDN file of 2024-05-03 and the EU annex CSVs, resolves every query of the list
(bench/lookup/groups_<list>.yaml) as `status` does, and prints top-1 accuracy by kind and by
script, then every miss. An answer is *found* when its subject holds the group's first
expected entry, *whole* when it holds every expected entry (lookup and linking both right).
The development list is for tuning and error analysis; the held-out list (other groups) is
measured once. Nothing here is tuned per query: the figures go into the README as printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

from listwatch.errors import ListwatchError
from listwatch.ledger import queries
from listwatch.ledger.importer import import_paths
from listwatch.ledger.linking import relink_subjects
from listwatch.names import script_of
from listwatch.store import Store

LISTS = Path(__file__).resolve().parent / "lookup"


def ledger_files(shared: Path) -> list[tuple[list[Path], str | None]]:
    lists = shared / "data" / "lists"
    found = [([max((lists / "un_consolidated").glob("*.xml"))], None),
             ([next((lists / "uk_ofsi_conlist").glob("*.xlsx"))], None),
             ([next((lists / "ofac_sdn_csv").glob("sdn__2024-05-03T*.csv"))], "2024-05-03"),
             (sorted((lists / "eu_terrorist_list_cp2001_931").glob("*.csv"))
              + sorted((lists / "eu_isil_alqaida_reg881").glob("*.csv")), "2026-03-30")]
    for paths, _ in found:
        if not paths:
            sys.exit(f"missing list files under {lists}")
    return found


def open_ledger(url: str | None, shared: Path) -> Store:
    fresh = url is None
    if fresh:
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'lookup.db'}"
    store = Store(url)
    store.upgrade()
    if fresh or not store.snapshots():
        for paths, observed in ledger_files(shared):
            for result in import_paths(store, paths, observed_at=observed, relink=False):
                if result.status != "imported":
                    sys.exit(f"import failed: {result}")
    relink_subjects(store)  # always: the linking rules under test may have changed
    return store


def groups(name: str) -> list[dict]:
    return yaml.safe_load((LISTS / f"groups_{name}.yaml").read_text(encoding="utf-8"))


def answer(store: Store, query: str) -> tuple[set[str], str]:
    """The entries (source:reference) of the subject a query resolves to, and its name."""
    try:
        subject_id, _ = queries.resolve_subject(store, query)
    except ListwatchError as error:
        return set(), f"not found ({error})"
    subject = store.subject(subject_id)
    return {f"{m['source']}:{m['reference']}" for m in subject["members"]}, subject["name"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", choices=["dev", "heldout"], default="dev")
    parser.add_argument("--db", help="Ledger URL to reuse (built there when empty).")
    parser.add_argument("--shared", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared")
    args = parser.parse_args()
    store = open_ledger(args.db, args.shared)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # label → [n, found, whole]
    misses = []
    started = time.perf_counter()
    count = 0
    for group in groups(args.list):
        expect = group["expect"]
        for kind, texts in group.items():
            if kind == "expect":
                continue
            for query in texts:
                count += 1
                members, name = answer(store, query)
                found, whole = expect[0] in members, set(expect) <= members
                for label in ("all", f"kind {kind}", f"script {script_of(query)}"):
                    row = totals[label]
                    row[0] += 1
                    row[1] += found
                    row[2] += whole
                if not whole:
                    missing = sorted(set(expect) - members)
                    misses.append(f"  {'partial' if found else 'MISS   '} [{kind}] {query!r} → "
                                  f"{name}; lacks {', '.join(missing)}")
    seconds = time.perf_counter() - started
    print(f"# lookup_groups --list {args.list} {dt.date.today()} on {platform.node()} "
          f"({platform.processor() or platform.machine()}); {count} queries in {seconds:.1f} s")
    print(f"{'':18} {'queries':>7} {'found':>12} {'whole':>12}")
    for label in sorted(totals, key=lambda k: (k != "all", k)):
        n, found, whole = totals[label]
        print(f"{label:18} {n:7d} {found / n:6.3f} ({found:3d}) {whole / n:6.3f} ({whole:3d})")
    print("misses (not whole):")
    print("\n".join(misses))


if __name__ == "__main__":
    main()
