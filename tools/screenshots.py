"""Screenshots of the web dossier: starts `listwatch serve` on a database, opens a subject's page
(found through the search page, as a person would) and its first claim's document in Chromium,
and writes PNGs at desktop (1280 px) and phone (390 px) width.

    python tools/screenshots.py --db sqlite:///demo.db --query "Hayat Tahrir al-Sham" --out screenshots

Needs Debian's chromium (/usr/bin/chromium) and the `playwright` package (the `test` extra)."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("LISTWATCH_CHROMIUM", "/usr/bin/chromium")
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("listwatch")), "--db", db, "serve",
               "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"listwatch serve stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except httpx.TransportError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("listwatch serve did not answer within 120 s")


def shoot(base: str, query: str, out: Path) -> list[Path]:
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for label, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + "/")
            page.fill("input[name=q]", query)
            page.press("input[name=q]", "Enter")
            page.click("article.result h1 a")
            page.wait_for_selector("table.matrix, section.standing .empty")
            written.append(out / f"subject-{label}.png")
            page.screenshot(path=written[-1], full_page=True)
            claim_links = page.locator("li.item.claim .source a")
            if claim_links.count():
                claim_links.first.click()
                page.wait_for_selector("article.body")
                written.append(out / f"document-{label}.png")
                page.screenshot(path=written[-1], full_page=True)
            page.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database URL the server reads")
    parser.add_argument("--query", required=True, help="the subject to show, as typed in the search box")
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = start_server(args.db, port)
    try:
        for path in shoot(f"http://127.0.0.1:{port}", args.query, args.out):
            print(path)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
