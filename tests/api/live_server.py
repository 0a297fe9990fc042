"""Fixtures for the API tests: a live uvicorn on 127.0.0.1 serving the fixture ledger
(tests/fixtures/lists), one server without an API key (read-only) and one with a key. Imported by
the tests, not a conftest.py: that module name would shadow tests/conftest.py."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from listwatch.api import create_app
from listwatch.ledger.importer import import_paths
from listwatch.store import Store

from conftest import fresh_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
API_KEY = "test-key-not-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def ledger_url(tmp_path_factory) -> Iterator[str]:
    with fresh_database(tmp_path_factory.mktemp("api"), "ledger.db") as url:
        store = Store(url)
        store.upgrade()
        results = import_paths(store, [FIXTURES / "lists"])
        assert {r.status for r in results} == {"imported"}
        store.engine.dispose()
        yield url


def serve(url: str, api_key: str | None) -> Iterator[httpx.Client]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(url, api_key=api_key), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        yield client
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def api_key() -> str:
    return API_KEY


@pytest.fixture(scope="session")
def api(ledger_url) -> Iterator[httpx.Client]:
    """The read-only server (no API key configured)."""
    yield from serve(ledger_url, api_key="")


@pytest.fixture(scope="session")
def writable_api(ledger_url) -> Iterator[httpx.Client]:
    yield from serve(ledger_url, api_key=API_KEY)
