"""Storage: the only package that knows tables and SQL. ``Store`` is every layer's mixin."""

from listwatch.store.base import DEFAULT_DB, Base, create_db_engine
from listwatch.store.ledger import Judgement, LedgerStore, Snapshot


class Store(LedgerStore):
    """One database, all layers' reads and writes."""


__all__ = ["DEFAULT_DB", "Base", "Judgement", "Snapshot", "Store", "create_db_engine"]
