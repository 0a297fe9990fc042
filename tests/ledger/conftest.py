from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from listwatch.store import Store

# Set to a PostgreSQL URL (postgresql+psycopg://user:pass@host/db, a role that may create
# databases) to run the ledger tests on PostgreSQL: each test gets a database of its own.
POSTGRES_URL = os.environ.get("LISTWATCH_TEST_POSTGRES")


@pytest.fixture
def store(tmp_path: Path):
    if not POSTGRES_URL:
        store = Store(f"sqlite:///{tmp_path / 'ledger.db'}")
        store.upgrade()
        yield store
        return
    name = f"listwatch_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    store = Store(POSTGRES_URL.rsplit("/", 1)[0] + "/" + name)
    store.upgrade()
    yield store
    store.engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}"'))
    admin.dispose()


@pytest.fixture
def write(tmp_path: Path):
    """Write bytes to a file in the test's folder and return its path."""
    def _write(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path
    return _write
