from __future__ import annotations

from pathlib import Path

import pytest

from listwatch.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'ledger.db'}")


@pytest.fixture
def write(tmp_path: Path):
    """Write bytes to a file in the test's folder and return its path."""
    def _write(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path
    return _write
