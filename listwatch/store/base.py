"""The storage foundation: the declarative base, the engine, migrations and transactions.

Each layer keeps its tables and queries in one module of this package (ledger.py, …) as a mixin
of :class:`StoreBase`; :class:`listwatch.store.Store` combines them. Nothing outside this
package writes SQL, and nothing here is specific to SQLite: the URL decides the engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session

DEFAULT_DB = "sqlite:///listwatch.db"
MIGRATIONS = Path(__file__).with_name("migrations")


class Base(DeclarativeBase):
    pass


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def upgrade_schema(engine: Engine) -> None:
    """Bring the database to the newest Alembic revisions (creating it when new)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


class StoreBase:
    """An open database and the current unit of work. Writes happen inside ``transaction()``."""

    def __init__(self, url: str = DEFAULT_DB) -> None:
        self.url = url
        self.engine = create_db_engine(url)
        upgrade_schema(self.engine)
        self._session: Session | None = None

    @contextmanager
    def transaction(self) -> Iterator["StoreBase"]:
        """One unit of work: everything written inside commits together or not at all."""
        if self._session is not None:
            raise RuntimeError("nested store transactions are not supported")
        self._session = Session(self.engine, future=True)
        try:
            with self._session.begin():
                yield self
        finally:
            self._session.close()
            self._session = None

    @contextmanager
    def _read(self) -> Iterator[Session]:
        if self._session is not None:
            yield self._session
        else:
            with Session(self.engine, future=True) as session:
                yield session

    def _write(self) -> Session:
        if self._session is None:
            raise RuntimeError("store writes need store.transaction()")
        return self._session
