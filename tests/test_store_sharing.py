"""The store shared by processes and threads: no migration on construction, concurrent writers
wait for each other instead of failing (real processes, one new SQLite database)."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from listwatch.store import SchemaNotCurrent, Store

from conftest import FIXTURES

LISTS = FIXTURES / "lists"
# A PostgreSQL URL (a role that may create databases) runs the sharing tests there too.
POSTGRES_URL = os.environ.get("LISTWATCH_TEST_POSTGRES")


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(request, tmp_path: Path):
    """The URL of a database that does not exist yet (PostgreSQL: created empty)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("LISTWATCH_TEST_POSTGRES is not set")
    name = f"listwatch_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def listwatch(db: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "listwatch.cli", "--db", db, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return json.loads(out)


def test_constructing_a_store_leaves_a_new_database_without_tables(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path / 'new.db'}")
    with pytest.raises(SchemaNotCurrent) as raised:
        store.require_current_schema()
    assert raised.value.empty
    store.upgrade()
    store.require_current_schema()
    assert store.snapshots() == []


def test_two_processes_importing_into_one_new_database_both_succeed(new_database: str):
    db = new_database
    running = [listwatch(db, "lists", "import", str(LISTS), "--json") for _ in range(2)]
    first, second = ([r["status"] for r in finished(p)["imports"]] for p in running)
    assert "refused" not in first + second
    # each list file ends up stored once: whichever process came second found it unchanged
    assert len(first) == len(second)
    assert all(sorted(pair) == ["imported", "unchanged"] for pair in zip(first, second))
    assert len(Store(db).snapshots()) == first.count("imported") + second.count("imported")


def test_concurrent_ingests_wait_for_each_other(new_database: str):
    db = new_database
    articles = sorted((FIXTURES / "news").glob("*.txt"))[:2]
    running = [listwatch(db, "ingest", str(article), "--published", "2025-03-10", "--json")
               for article in articles]
    answers = [finished(p) for p in running]
    statuses = [d["status"] for answer in answers for d in answer["documents"]]
    assert statuses and set(statuses) <= {"stored", "near-duplicate"}


def test_units_of_work_belong_to_their_thread(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    store.upgrade()
    seen: list[object] = []
    with store.transaction():
        thread = threading.Thread(target=lambda: seen.append(store._session))
        thread.start()
        thread.join()
        assert store._session is not None
    assert seen == [None]


def test_nesting_units_of_work_is_explicit(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    store.upgrade()
    with store.transaction():
        with pytest.raises(RuntimeError, match="join=True"):
            with store.transaction():
                pass
        with store.transaction(join=True):
            store.ensure_source("us-fto", "US State Department", "FTO", None)
    assert list(store.source_rows()) == ["us-fto"]


def test_an_older_schema_is_refused_until_db_upgrade(tmp_path: Path):
    from alembic import command
    from alembic.config import Config

    from listwatch.store.base import MIGRATIONS

    db = f"sqlite:///{tmp_path / 'old.db'}"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", db)
    command.upgrade(config, "0001")  # the first schema only
    refused = subprocess.run([sys.executable, "-m", "listwatch.cli", "--db", db, "status", "x"],
                             capture_output=True, text=True)
    assert refused.returncode == 1 and "run `listwatch db upgrade`" in refused.stderr
    assert "Traceback" not in refused.stderr
    subprocess.run([sys.executable, "-m", "listwatch.cli", "--db", db, "db", "upgrade"], check=True,
                   capture_output=True)
    Store(db).require_current_schema()
