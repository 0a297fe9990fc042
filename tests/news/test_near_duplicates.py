"""Near-duplicate lookup through the SimHash key table decides as comparing with every stored
hash does, and a database upgraded to it finds the documents stored before."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import column, insert, table

from listwatch.news.ingest import NEAR_DUPLICATE_BITS
from listwatch.store import Store
from listwatch.store.base import _alembic_config
from listwatch.store.news import hamming

from conftest import fresh_database

AT = dt.datetime(2026, 1, 1)


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    with fresh_database(tmp_path, "news.db") as url:
        store = Store(url)
        store.upgrade()
        yield store
        store.engine.dispose()


def article(number: int, simhash: str) -> dict:
    return {"url": None, "fingerprint": f"{number:064x}", "simhash": simhash,
            "source": f"doc{number}.txt", "format": "text", "body": "-", "removed": []}


def scan(stored: list[tuple[int, str, int | None]], simhash: str) -> int | None:
    """The decision as it was made before the key table: the first first-copy within range."""
    return next((doc for doc, other, twin in stored
                 if twin is None and hamming(other, simhash) <= NEAR_DUPLICATE_BITS), None)


def flipped(simhash: str, bits: int, rng: random.Random) -> str:
    value = int(simhash, 16)
    for bit in rng.sample(range(64), bits):
        value ^= 1 << bit
    return f"{value:016x}"


def test_lookup_decides_as_the_scan(store):
    rng = random.Random(15)
    stored: list[tuple[int, str, int | None]] = []
    decided = {"twin": 0, "none": 0}
    for number in range(800):
        if stored and rng.random() < 0.5:  # a copy of a stored one, 0 to 10 bits away
            simhash = flipped(rng.choice(stored)[1], rng.randrange(11), rng)
        else:
            simhash = f"{rng.getrandbits(64):016x}"
        with store.transaction():
            twin = store.near_duplicate_of(simhash, NEAR_DUPLICATE_BITS)
            assert twin == scan(stored, simhash), number
            doc = store.add_document(article(number, simhash), [], twin, AT, "test")
        stored.append((doc, simhash, twin))
        decided["twin" if twin else "none"] += 1
    assert decided["twin"] > 150 and decided["none"] > 150


def test_upgrade_indexes_the_documents_already_stored(store):
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005_membership_runs")
    documents = table("news_document", *(column(c) for c in (
        "id", "fingerprint", "simhash", "twin_of", "source", "format", "body", "removed",
        "analysis", "reader_version", "ingested_at")))
    with store.engine.begin() as connection:
        connection.execute(insert(documents), [
            {"id": 1, "fingerprint": "a", "simhash": "00ff00ff00ff00ff", "twin_of": None,
             "source": "a", "format": "text", "body": "-", "removed": "[]", "analysis": "{}",
             "reader_version": "x", "ingested_at": AT},
            {"id": 2, "fingerprint": "b", "simhash": "00ff00ff00ff00fe", "twin_of": 1,
             "source": "b", "format": "text", "body": "-", "removed": "[]", "analysis": "{}",
             "reader_version": "x", "ingested_at": AT}])
    store.upgrade()
    assert store.near_duplicate_of("00ff00ff00ff00fc", NEAR_DUPLICATE_BITS) == 1
    assert store.near_duplicate_of("ff00ff00ff00ff00", NEAR_DUPLICATE_BITS) is None
