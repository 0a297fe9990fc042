from __future__ import annotations

from pathlib import Path

import pytest

from listwatch.store import Store

from conftest import fresh_database


@pytest.fixture
def store(tmp_path: Path):
    """A new ledger (on LISTWATCH_TEST_POSTGRES when set, see tests/conftest.py)."""
    with fresh_database(tmp_path, "ledger.db") as url:
        store = Store(url)
        store.upgrade()
        yield store
        store.engine.dispose()


@pytest.fixture
def write(tmp_path: Path):
    """Write bytes to a file in the test's folder and return its path."""
    def _write(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path
    return _write
