"""Shared helpers for hostile-input tests: a ledger with one genuine snapshot in it, and the
counts that must not move when a hostile file is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from listwatch.ledger.importer import import_paths
from listwatch.store import Store
from listwatch.store.ledger import (
    EventRow, MembershipRunRow, NameRow, RecordVersionRow, SnapshotRow, SourceRow,
)

from tests.ledger.conftest import store, write  # noqa: F401 - the ledger tests' fixtures
from tests.ledger.unxml import many, un_xml

TABLES = (SourceRow, SnapshotRow, RecordVersionRow, MembershipRunRow, EventRow, NameRow)


def table_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {table.__tablename__: connection.scalar(select(func.count()).select_from(table))
                for table in TABLES}


@pytest.fixture
def seeded(store, write):  # noqa: F811
    """A ledger holding one small UN snapshot, so "unchanged" is checked on a ledger with rows."""
    [result] = import_paths(store, [write("seed.xml", un_xml(many(20), "2019-01-07T10:00:00Z"))])
    assert result.status == "imported"
    return store


def refused(results) -> str:
    assert [r.status for r in results] == ["refused"], results
    return results[0].message
