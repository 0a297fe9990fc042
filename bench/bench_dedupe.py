"""Near-duplicate lookup against the archive's size: the SimHash key table vs reading every hash.

    python bench/bench_dedupe.py [--sizes 1000,10000,100000] [--lookups 200]

Fills a SQLite database with synthetic documents (random 64-bit SimHashes, a tenth of them
stored as twins of an earlier one), and at each size times ``near_duplicate_of`` (what ingest
uses) and the former scan (every first copy's hash read and compared) on the same lookups, half
of them copies of a stored document a few bits away. Both must give the same twin.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import tempfile
import time

from listwatch.news.ingest import NEAR_DUPLICATE_BITS
from listwatch.store import Store
from listwatch.store.news import hamming

AT = dt.datetime(2026, 1, 1)


def scan(store: Store, simhash: str) -> int | None:
    return next((doc for doc, other in store.document_simhashes()
                 if hamming(other, simhash) <= NEAR_DUPLICATE_BITS), None)


def near(simhash: str, rng: random.Random) -> str:
    value = int(simhash, 16)
    for bit in rng.sample(range(64), rng.randrange(NEAR_DUPLICATE_BITS + 1)):
        value ^= 1 << bit
    return f"{value:016x}"


def fill(store: Store, hashes: list[str], start: int, end: int, rng: random.Random) -> None:
    with store.transaction():
        for number in range(start, end):
            twin = rng.randrange(1, number) if number > 1 and rng.random() < 0.1 else None
            simhash = near(hashes[twin - 1], rng) if twin else f"{rng.getrandbits(64):016x}"
            hashes.append(simhash)
            # a twin's original is whatever the lookup finds: stored as ingest would store it
            original = store.near_duplicate_of(simhash, NEAR_DUPLICATE_BITS) if twin else None
            store.add_document({"fingerprint": f"{number:064x}", "simhash": simhash,
                                "source": f"synthetic-{number}", "format": "text", "body": "-",
                                "removed": []}, [], original, AT, "bench")


def timed_ms(function, queries: list[str]) -> tuple[list[float], list]:
    times, answers = [], []
    for query in queries:
        start = time.perf_counter()
        answers.append(function(query))
        times.append((time.perf_counter() - start) * 1000)
    return times, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--scan-lookups", type=int, default=20, help="the scan is slow")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {dt.date.today().isoformat()}")
    rng = random.Random(20261203)
    hashes: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/dedupe.db")
        store.upgrade()
        for size in map(int, args.sizes.split(",")):
            fill(store, hashes, len(hashes) + 1, size + 1, rng)
            queries = [near(rng.choice(hashes), rng) if i % 2 else f"{rng.getrandbits(64):016x}"
                       for i in range(args.lookups)]
            keyed, found = timed_ms(lambda q: store.near_duplicate_of(q, NEAR_DUPLICATE_BITS),
                                    queries)
            scanned, expected = timed_ms(lambda q: scan(store, q), queries[:args.scan_lookups])
            assert found[:args.scan_lookups] == expected, "the key table decided otherwise"
            print(f"{size:>7} documents: key lookup median {statistics.median(keyed):.2f} ms, "
                  f"p95 {sorted(keyed)[int(0.95 * len(keyed)) - 1]:.2f} ms "
                  f"({sum(f is not None for f in found)} of {len(found)} found a twin); "
                  f"scan median {statistics.median(scanned):.1f} ms", flush=True)


if __name__ == "__main__":
    main()
