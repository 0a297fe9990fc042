"""Storage: the only package that knows tables and SQL. ``Store`` is every layer's mixin."""

from listwatch.store.base import DEFAULT_DB, Base, SchemaNotCurrent, create_db_engine
from listwatch.store.ledger import Judgement, LedgerStore, Snapshot
from listwatch.store.news import NewsStore
from listwatch.store.screening import ScreeningStore


class Store(LedgerStore, ScreeningStore, NewsStore):
    """One database, all layers' reads and writes."""


__all__ = ["DEFAULT_DB", "Base", "Judgement", "SchemaNotCurrent", "Snapshot", "Store",
           "create_db_engine"]
