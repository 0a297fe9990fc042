"""The storage foundation: the declarative base, the engine, migrations and units of work.

Each layer keeps its tables and queries in one module of this package (ledger.py, …) as a mixin
of :class:`StoreBase`; :class:`listwatch.store.Store` combines them. Nothing outside this
package writes SQL, and nothing here is specific to SQLite: the URL decides the engine.

Sharing rules (one store may serve many threads, many processes may share one database):

* constructing a store never touches the schema; :meth:`StoreBase.upgrade` migrates, under a
  database-wide write lock so that two processes upgrading one new database both succeed;
* a unit of work belongs to the thread that opened it (threads never share a session);
* writers take the database write lock when their unit of work *begins* (SQLite ``BEGIN
  IMMEDIATE``, a PostgreSQL advisory lock), so concurrent writers queue instead of failing on a
  race halfway through; the SQLite busy timeout bounds the wait.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Session

DEFAULT_DB = "sqlite:///listwatch.db"
MIGRATIONS = Path(__file__).with_name("migrations")
# Seconds a writer waits for another writer before giving up: an import of a large list holds
# the lock for a minute or more on a slow machine, and a waiting ingest must outlast it.
BUSY_TIMEOUT_S = float(os.environ.get("LISTWATCH_BUSY_TIMEOUT", "600"))
# Any fixed number: the key of the PostgreSQL advisory lock that serialises listwatch writers.
_PG_WRITE_LOCK = 0x6C69_7374
_WRITE = "listwatch_write"
NO_TABLES = "the database has no listwatch tables yet"


class Base(DeclarativeBase):
    pass


class SchemaNotCurrent(RuntimeError):
    """The database lacks the tables this version of listwatch needs."""

    def __init__(self, message: str, *, empty: bool) -> None:
        super().__init__(message)
        self.empty = empty  # no listwatch tables at all (a new database)


def _sqlite_connect(dbapi_connection, _record) -> None:
    # The driver must not open transactions by itself (it would start them lazily, after reads,
    # too late to take the write lock); _sqlite_begin opens each one explicitly.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock now, waiting up to the busy timeout; a deferred transaction
    # that reads first and writes later fails at once (SQLITE_BUSY) when another writer got in.
    writes = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def take_write_lock(connection: Connection) -> None:
    """On PostgreSQL, queue behind any other listwatch writer until this transaction ends (on
    SQLite, ``BEGIN IMMEDIATE`` already did)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK})


def create_db_engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade_schema(engine: Engine) -> None:
    """Bring the database to the newest Alembic revisions (creating it when new), holding the
    write lock throughout so that concurrent upgrades run one after the other."""
    from alembic import command

    config = _alembic_config()
    with engine.execution_options(**{_WRITE: True}).begin() as connection:
        take_write_lock(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def schema_problem(engine: Engine) -> str | None:
    """Why this database cannot be used as it is (None when its schema is current)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    wanted = set(ScriptDirectory.from_config(_alembic_config()).get_heads())
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if not current:
        return NO_TABLES
    if current != wanted:
        return (f"the database schema is at revision {', '.join(sorted(current))}, this listwatch "
                f"needs {', '.join(sorted(wanted))}: run `listwatch db upgrade`")
    return None


class StoreBase:
    """An open database. Reads and writes happen in units of work: ``transaction()`` for writes,
    ``reading()`` for a consistent view across several reads; a read outside both runs alone."""

    def __init__(self, url: str = DEFAULT_DB) -> None:
        self.url = url
        self.engine = create_db_engine(url)
        self._writer = self.engine.execution_options(**{_WRITE: True})
        self._local = threading.local()

    def upgrade(self) -> None:
        upgrade_schema(self.engine)

    def require_current_schema(self) -> None:
        problem = schema_problem(self.engine)
        if problem is not None:
            raise SchemaNotCurrent(problem, empty=problem == NO_TABLES)

    @property
    def _session(self) -> Session | None:
        return getattr(self._local, "session", None)

    @property
    def _writable(self) -> bool:
        return getattr(self._local, "writable", False)

    @contextmanager
    def transaction(self, *, join: bool = False) -> Iterator["StoreBase"]:
        """One unit of work that writes: everything inside commits together or not at all.

        Nesting is explicit: ``join=True`` makes an inner block part of the enclosing write
        unit (committed with it); without it, nesting is a programming error."""
        if self._session is not None:
            if join and self._writable:
                yield self
                return
            raise RuntimeError("a store unit of work is already open in this thread "
                               "(pass join=True to take part in an enclosing transaction)")
        with self._unit(writable=True):
            yield self

    @contextmanager
    def reading(self) -> Iterator["StoreBase"]:
        """One read-only unit of work: every read inside sees the same database state. Inside
        an open unit of work (of either kind) it simply takes part in it."""
        if self._session is not None:
            yield self
            return
        with self._unit(writable=False):
            yield self

    @contextmanager
    def _unit(self, *, writable: bool) -> Iterator[None]:
        session = Session(self._writer if writable else self.engine, future=True)
        self._local.session, self._local.writable = session, writable
        try:
            if writable:
                with session.begin():
                    take_write_lock(session.connection())
                    yield
            else:  # the session begins at its first read; closing it ends the transaction
                yield
        finally:
            session.close()
            self._local.session, self._local.writable = None, False

    @contextmanager
    def _read(self) -> Iterator[Session]:
        if self._session is not None:
            yield self._session
        else:
            with Session(self.engine, future=True) as session:
                yield session

    def _write(self) -> Session:
        if self._session is None or not self._writable:
            raise RuntimeError("store writes need store.transaction()")
        return self._session
