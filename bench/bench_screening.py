"""Screening benchmark: index build time and memory, single-query latency (p50/p99) and batch
throughput on one core — on the shared lists, then on synthetic names (1,000,000 by default).

    python bench/bench_screening.py                      # all shared lists (imports ~2 min)
    python bench/bench_screening.py --db sqlite:///x.db  # an existing ledger
    python bench/bench_screening.py --synthetic 200000   # a smaller synthetic run
    python bench/bench_screening.py --quick              # latest UN/OFAC/OFSI files only
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from listwatch.ledger.importer import import_paths  # noqa: E402
from listwatch.ledger.linking import relink_subjects  # noqa: E402
from listwatch.screening import api  # noqa: E402
from listwatch.screening.index import IndexInput, ScreeningIndex  # noqa: E402
from listwatch.store import Snapshot, Store  # noqa: E402

SHARED = Path(os.environ.get("LISTWATCH_SHARED", REPO.parent / "shared")) / "data" / "lists"


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def one_core() -> str:
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        return "pinned to one core"
    except (AttributeError, OSError):
        return "single-threaded (not pinned)"


def build_ledger(url: str, quick: bool) -> None:
    store = Store(url)
    store.upgrade()
    un = sorted((SHARED / "un_consolidated").glob("*.xml"))
    ofac = sorted((SHARED / "ofac_sdn_csv").glob("*.csv"))
    if quick:
        un, ofac = [p for p in un if "2020-12-01" in p.name or "2025-11-20" in p.name] + un[-1:], ofac[-1:]
    files = [(p, None) for p in un]
    files += [(p, p.name.split("__")[1]) for p in ofac]
    files += [(p, None) for p in (SHARED / "uk_ofsi_conlist").glob("*.xlsx")]
    started = time.perf_counter()
    for path, observed in files:
        import_paths(store, [path], observed_at=observed, relink=False)
    relink_subjects(store)
    print(f"ledger: {len(files)} files imported in {time.perf_counter() - started:.1f} s")


def perturb(name: str, rng: random.Random) -> str:
    words = name.split()
    roll = rng.random()
    if roll < 0.25 and len(words) > 1:
        rng.shuffle(words)  # token order
    elif roll < 0.5:
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 3:
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]  # transposition typo
    elif roll < 0.6:
        words = words[:-1] or words  # a word left out
    return " ".join(words)


def latency(run, queries: list[str]) -> tuple[float, float, float]:
    for q in queries[:50]:
        run(q)  # warm-up (record cache, lru caches)
    times = []
    for q in queries:
        t = time.perf_counter()
        run(q)
        times.append(time.perf_counter() - t)
    times.sort()
    return (times[len(times) // 2] * 1e3, times[int(len(times) * 0.99)] * 1e3,
            len(times) / sum(times))


def bench_ledger(url: str, queries_n: int) -> None:
    store = Store(url)
    gc.collect()
    before = rss_mib()
    started = time.perf_counter()
    screener = api.screener_for(store)
    build = time.perf_counter() - started
    gc.collect()
    size = screener.index.size()
    print(f"real lists: index of {size['names']:,} names ({size['entries']:,} entries, "
          f"{size['subjects']:,} subjects, {size['tokens']:,} tokens) {screener.origin} in "
          f"{build:.2f} s "
          f"(ledger reads included), +{rss_mib() - before:.0f} MiB resident")
    load_vs_build(store)
    rng = random.Random(5)
    names = [n[2] for n in store.screening_names()]
    queries = [perturb(rng.choice(names), rng) for _ in range(queries_n)]
    queries += [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(queries_n // 4)]
    rng.shuffle(queries)
    p50, p99, _ = latency(lambda q: api.screen(store, q), queries)
    print(f"real lists: single query (api.screen, state check + designations) p50 {p50:.2f} ms, "
          f"p99 {p99:.2f} ms over {len(queries):,} queries")
    started = time.perf_counter()
    count = sum(1 for _ in api.screen_many(store, queries))
    print(f"real lists: batch throughput {count / (time.perf_counter() - started):,.0f} queries/s")


def load_vs_build(store: Store, runs: int = 3) -> None:
    """A new process's first screen: the persisted index loaded, against building it."""
    path = store.screening_index_path()
    if path is None:
        print("real lists: no persisted index for an in-memory database")
        return
    timings: dict[str, list[float]] = {"built": [], "loaded": []}
    for run in range(runs):
        for origin in ("built", "loaded"):
            if origin == "built":
                path.unlink(missing_ok=True)
            api._CACHE.pop(store.url, None)
            gc.collect()
            started = time.perf_counter()
            screener = api.screener_for(store)
            timings[screener.origin].append(time.perf_counter() - started)
    built, loaded = (sorted(timings[k])[len(timings[k]) // 2] for k in ("built", "loaded"))
    print(f"real lists: index built from the ledger {built:.2f} s, loaded from "
          f"{path.name} ({path.stat().st_size / 2**20:.1f} MiB) {loaded:.2f} s "
          f"(median of {runs}; {built / loaded:.0f}× faster)")


# -- synthetic -----------------------------------------------------------------------------------
SYLLABLES = ["ka", "ra", "mi", "lo", "an", "sa", "vi", "de", "to", "ne", "bu", "rin", "dal", "mor",
             "hel", "tar", "zen", "gor", "lin", "pas", "ud", "ev", "ish", "am", "or", "el", "qu",
             "ba", "ti", "no", "ser", "jak", "vol", "min", "ros", "fa"]
RNG = random.Random(2026)


def word(rng: random.Random, low: int = 2, high: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high))).capitalize()


FIRST = [word(RNG, 2, 2) for _ in range(3000)] + ["John", "Mohammed", "Maria", "Ali", "Anna"]
LAST = [word(RNG, 2, 4) for _ in range(40000)] + ["Smith", "Khan", "Ivanov", "Garcia"]
ORG = [word(RNG, 2, 4) for _ in range(20000)]
ORG_TAIL = ["Trading LLC", "Holding", "Group", "Bank", "Shipping Co", "Industries", "Front",
            "Brigade", "Foundation", "Ltd"]


def synthetic(count: int, rng: random.Random) -> IndexInput:
    names, entries = [], {}
    reference = 0
    while len(names) < count:
        reference += 1
        ref = str(reference)
        if rng.random() < 0.65:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            primary = f"{last.upper()}, {first}" + (f" {rng.choice(FIRST)}" if rng.random() < 0.4 else "")
            aliases = [f"{first} {last}"] if rng.random() < 0.5 else []
            type_ = "person"
        else:
            primary = f"{rng.choice(ORG)} {rng.choice(ORG)} {rng.choice(ORG_TAIL)}"
            aliases = [f"{rng.choice(ORG)} {rng.choice(ORG_TAIL)}"] if rng.random() < 0.5 else []
            type_ = "organisation"
        entries[("synthetic", ref)] = (type_, primary)
        names.append(("synthetic", ref, primary, "primary", "strong", "Latn"))
        for alias in aliases:
            names.append(("synthetic", ref, alias, "alias", "weak" if rng.random() < 0.2 else "strong", "Latn"))
    now = dt.datetime(2026, 1, 1)
    snapshot = Snapshot(1, "synthetic", "0" * 64, now, "2026-01-01", "option", now, len(entries),
                        "bench", ("main",), ())
    members = {ref: int(ref) for _, ref in entries}

    def records(versions):
        return {v: {"reference": str(v), "type": entries[("synthetic", str(v))][0],
                    "name": entries[("synthetic", str(v))][1]} for v in versions}

    return IndexInput(names=names, entries=entries, links={}, subjects={},
                      snapshots={"synthetic": [snapshot]}, memberships={"synthetic": {1: members}},
                      authorities={"synthetic": {"authority": "Synthetic"}}, records=records)


def bench_synthetic(count: int, queries_n: int) -> None:
    rng = random.Random(7)
    gc.collect()
    before = rss_mib()
    data = synthetic(count, rng)
    after_data = rss_mib()
    started = time.perf_counter()
    index = ScreeningIndex.build(data)
    build = time.perf_counter() - started
    gc.collect()
    size = index.size()
    print(f"synthetic: {size['names']:,} names ({size['tokens']:,} tokens) indexed in {build:.1f} s; "
          f"input {after_data - before:.0f} MiB, index +{rss_mib() - after_data:.0f} MiB, "
          f"process {rss_mib():.0f} MiB resident")
    screener = api.Screener(index, build)
    screener.decision_state = None
    names = [n[2] for n in data.names]
    queries = [perturb(rng.choice(names), rng) for _ in range(queries_n)]
    queries += [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(queries_n // 4)]
    rng.shuffle(queries)
    p50, p99, qps = latency(lambda q: api.screen_with(screener, q), queries)
    print(f"synthetic: single query p50 {p50:.2f} ms, p99 {p99:.2f} ms, {qps:,.0f} queries/s "
          f"over {len(queries):,} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing ledger (default: import the shared lists)")
    parser.add_argument("--quick", action="store_true", help="latest files only")
    parser.add_argument("--synthetic", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()
    print(f"screening bench: {one_core()}; Python {sys.version.split()[0]}")
    url = args.db
    if url is None:
        folder = tempfile.mkdtemp(prefix="listwatch-bench-")
        url = f"sqlite:///{folder}/ledger.db"
        build_ledger(url, args.quick)
    bench_ledger(url, args.queries)
    if args.synthetic:
        bench_synthetic(args.synthetic, args.queries)


if __name__ == "__main__":
    main()
