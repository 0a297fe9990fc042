"""Test configuration: where ../shared is, and how tests that need it skip or fail."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SHARED = Path(os.environ.get("LISTWATCH_SHARED", REPO.parent / "shared")).resolve()


# Set to a PostgreSQL URL (postgresql+psycopg://user@host:port/db, a role that may create
# databases) to run the storage-bound suites there (.ci/run does): every database the ledger,
# news and API tests ask for is then created on that server, and dropped after.
POSTGRES_URL = os.environ.get("LISTWATCH_TEST_POSTGRES")


@contextmanager
def fresh_database(folder: Path, name: str = "test.db") -> Iterator[str]:
    """The URL of a new, empty database: a SQLite file in ``folder``, or one of its own on
    LISTWATCH_TEST_POSTGRES."""
    if not POSTGRES_URL:
        yield f"sqlite:///{folder / name}"
        return
    database = f"listwatch_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + database
    finally:
        with admin.connect() as connection:  # FORCE: stores the tests opened may still be pooled
            connection.execute(text(f'DROP DATABASE "{database}" WITH (FORCE)'))
        admin.dispose()


def require_shared(*parts: str) -> Path:
    """Path inside ../shared; skips with a reason when absent, fails when
    LISTWATCH_REQUIRE_SHARED=1 (CI), so CI can never pass by skipping."""
    path = SHARED.joinpath(*parts)
    if path.exists():
        return path
    message = f"../shared data missing: {path}"
    if os.environ.get("LISTWATCH_REQUIRE_SHARED") == "1":
        pytest.fail(message + " (LISTWATCH_REQUIRE_SHARED=1)")
    pytest.skip(message)


@pytest.fixture(autouse=True, scope="session")
def sample_list_floors():
    """The suite's list fixtures are samples of a few records, far under the size a complete
    list is known to have; tests of that first-snapshot floor (tests/ledger/test_safety.py)
    delete this setting to apply the sources' own floors."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LISTWATCH_MIN_RECORDS", "*=0")
        yield


@pytest.fixture
def shared_lists() -> Path:
    return require_shared("data", "lists")
