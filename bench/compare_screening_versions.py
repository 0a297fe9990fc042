"""Per-query screening time of two listwatch checkouts, side by side, in alternating runs.

Each run is a fresh process that imports listwatch from one checkout, screens the query mix of
``bench/bench_screening.py`` (2,000 perturbed list names and 500 invented person names, seed 5)
once to warm the caches and again to measure, pinned to one core, and prints p50/p99 wall
time and mean CPU time per ``api.screen`` call (state check, scoring, as-of designations).
Runs alternate A, B, A, B … so that a change in the machine's load hits both alike.

    git worktree add /tmp/lw-old fa905f5          # an older version (scorer 1.0.0)
    python bench/compare_screening_versions.py --a . --a-db sqlite:///new.db \\
        --b /tmp/lw-old --b-db sqlite:///old.db --rounds 3

Each checkout reads a ledger made by its own code (``bench/bench_screening.py --quick`` there
builds one); the shared lists imported are the same.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

RUN = r"""
import json, random, sys, time
code, url = sys.argv[1], sys.argv[2]
sys.path.insert(0, code)
sys.argv = [sys.argv[0]]
import bench.bench_screening as b
from listwatch.screening import api
from listwatch.screening.scorer import VERSION
from listwatch.store import Store
b.one_core()
store = Store(url)
api.screener_for(store)
rng = random.Random(5)
names = [n[2] for n in store.screening_names()]
queries = [b.perturb(rng.choice(names), rng) for _ in range(2000)]
queries += [f"{rng.choice(b.FIRST)} {rng.choice(b.LAST)}" for _ in range(500)]
rng.shuffle(queries)
for q in queries:
    api.screen(store, q)
times = []
cpu = time.process_time()
for q in queries:
    t = time.perf_counter()
    api.screen(store, q)
    times.append(time.perf_counter() - t)
cpu = time.process_time() - cpu
times.sort()
print(json.dumps({"version": VERSION, "p50": times[len(times) // 2] * 1e3,
                  "p99": times[int(len(times) * 0.99)] * 1e3,
                  "cpu": cpu / len(times) * 1e3, "queries": len(times)}))
"""


def run(code: str, db: str) -> dict:
    out = subprocess.run([sys.executable, "-c", RUN, str(Path(code).resolve()), db],
                         cwd="/", capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", required=True, help="checkout A (e.g. .)")
    parser.add_argument("--a-db", required=True)
    parser.add_argument("--b", required=True, help="checkout B (e.g. an older version)")
    parser.add_argument("--b-db", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[dict]] = {"a": [], "b": []}
    for round_ in range(1, args.rounds + 1):
        for side in ("a", "b"):
            r = run(getattr(args, side), getattr(args, f"{side}_db"))
            results[side].append(r)
            print(f"round {round_} {side.upper()} ({r['version']}): p50 {r['p50']:.3f} ms, "
                  f"p99 {r['p99']:.2f} ms, CPU {r['cpu']:.3f} ms/query", flush=True)
    a, b = results["a"], results["b"]
    for key, label in (("p50", "p50 wall"), ("cpu", "mean CPU")):
        ma, mb = (statistics.median(r[key] for r in side) for side in (a, b))
        print(f"median over rounds, {label}: A {ma:.3f} ms, B {mb:.3f} ms, A/B {ma / mb:.2f}×")


if __name__ == "__main__":
    main()
