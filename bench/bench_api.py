"""HTTP API load benchmark: `listwatch serve` on loopback, driven at 1× and 8× concurrency.

    python bench/bench_api.py [--db URL] [--shared ../shared] [--requests 200]

Without --db it builds a ledger in a temporary folder from the newest shared UN, OFAC SDN and UK
OFSI files (the project's fixture lists when ../shared is absent). It starts the real server
(`listwatch --db URL serve`, a subprocess), waits until it answers (the screening index is built
at start-up), then sends a bounded number of requests per mix and concurrency:

* screening — GET /screen?q=NAME and POST /match/default (yente-style), alternating;
* status    — GET /status?q=NAME.

Names are a fixed random sample (seed 0) of the names the ledger holds, in every script it holds.
Prints requests/s, p50/p99 latency, errors (5xx or no answer) and not-found answers, and the
server's CPU seconds beside the wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from listwatch.ledger.importer import import_paths
from listwatch.store import Store

REPO = Path(__file__).resolve().parents[1]
LISTWATCH = Path(sys.executable).with_name("listwatch")


def ledger_files(shared: Path) -> list[tuple[Path, str | None]]:
    lists = shared / "data" / "lists"
    un = sorted((lists / "un_consolidated").glob("*.xml"))
    ofac = sorted((lists / "ofac_sdn_csv").glob("*.csv"))
    uk = sorted((lists / "uk_ofsi_conlist").glob("*.xlsx"))
    if not (un and ofac):
        return [(REPO / "tests" / "fixtures" / "lists", None)]
    files = [(un[-1], None), (ofac[-1], ofac[-1].name.split("__")[1])]
    return files + [(uk[-1], None)] if uk else files


def build_ledger(url: str, shared: Path) -> None:
    store = Store(url)
    store.upgrade()
    for path, observed in ledger_files(shared):
        for result in import_paths(store, [path], observed_at=observed):
            if result.status == "refused":
                sys.exit(f"{path}: {result.message}")
    store.engine.dispose()


def sample_names(url: str, count: int) -> list[str]:
    names = sorted({value for _, _, value, _, _, _ in Store(url).screening_names()})
    return random.Random(0).sample(names, min(count, len(names)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(url: str, port: int) -> tuple[subprocess.Popen, float]:
    started = time.perf_counter()
    server = subprocess.Popen([str(LISTWATCH), "--db", url, "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while True:
        if server.poll() is not None:
            sys.exit(f"the server stopped: {server.stderr.read()}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/sources", timeout=5).raise_for_status()
            return server, time.perf_counter() - started
        except httpx.HTTPError:
            time.sleep(0.2)


def request_for(mix: str, name: str, n: int) -> tuple[str, str, dict]:
    if mix == "status":
        return "GET", "/status", {"params": {"q": name}}
    if n % 2:
        return "POST", "/match/default", {"json": {"queries": {"q": {
            "schema": "LegalEntity", "properties": {"name": [name]}}}}}
    return "GET", "/screen", {"params": {"q": name}}


def run(base: str, mix: str, names: list[str], requests: int, concurrency: int,
        server_pid: int) -> dict:
    local = threading.local()
    latencies: list[float] = []
    codes: list[int] = []

    def one(n: int) -> None:
        client = getattr(local, "client", None) or httpx.Client(base_url=base, timeout=120)
        local.client = client
        method, path, options = request_for(mix, names[n % len(names)], n)
        started = time.perf_counter()
        try:
            code = client.request(method, path, **options).status_code
        except httpx.HTTPError:
            code = 0
        latencies.append((time.perf_counter() - started) * 1000)
        codes.append(code)

    cpu_before, wall_started = cpu_seconds(server_pid), time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(requests)))
    wall = time.perf_counter() - wall_started
    latencies.sort()
    return {"mix": mix, "concurrency": concurrency, "requests": requests,
            "rps": requests / wall, "p50": statistics.median(latencies),
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
            "errors": sum(1 for c in codes if c == 0 or c >= 500),
            "not_found": codes.count(404), "server_cpu": cpu_seconds(server_pid) - cpu_before,
            "wall": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="An existing ledger's URL (default: build one).")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--requests", type=int, default=200, help="Requests per mix and concurrency.")
    parser.add_argument("--names", type=int, default=200, help="Distinct names sampled.")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
          f"{dt.date.today().isoformat()}")
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/bench.db"
        if not args.db:
            started = time.perf_counter()
            build_ledger(url, args.shared)
            print(f"ledger: {', '.join(p.name for p, _ in ledger_files(args.shared))} "
                  f"imported in {time.perf_counter() - started:.1f} s")
        names = sample_names(url, args.names)
        port = free_port()
        server, ready = start_server(url, port)
        print(f"server ready in {ready:.1f} s (start-up, schema check, screening index build); "
              f"{len(names)} names, {args.requests} requests per row")
        try:
            print(f"{'mix':<10}{'conc':>5}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
                  f"{'404':>6}{'server CPU s':>14}{'wall s':>8}")
            for mix in ("screening", "status"):
                for concurrency in (1, 8):
                    r = run(f"http://127.0.0.1:{port}", mix, names, args.requests, concurrency,
                            server.pid)
                    print(f"{r['mix']:<10}{r['concurrency']:>5}{r['rps']:>9.1f}{r['p50']:>9.1f}"
                          f"{r['p99']:>9.1f}{r['errors']:>8}{r['not_found']:>6}"
                          f"{r['server_cpu']:>14.1f}{r['wall']:>8.1f}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
