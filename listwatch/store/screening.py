"""Screening's tables and reads: analyst decisions on screening results, the whole-ledger reads
the in-memory screening index is built from, and the ledger state that says when to rebuild it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from sqlalchemy import JSON, DateTime, Integer, String, Text, func, make_url, select
from sqlalchemy.orm import Mapped, mapped_column

from listwatch.store.base import Base, StoreBase
from listwatch.store.ledger import (
    JudgementRow, NameRow, SnapshotRow, SubjectLinkRow, SubjectRow,
)


class ScreeningDecisionRow(Base):
    """An analyst's verdict on one screening result: query (normalised) × subject."""

    __tablename__ = "screening_decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    query_key: Mapped[str] = mapped_column(Text, index=True)
    query: Mapped[str] = mapped_column(Text)
    subject_id: Mapped[str] = mapped_column(String(32), index=True)
    verdict: Mapped[str] = mapped_column(String(16))  # "false-positive" | "match"
    by: Mapped[str] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # The subject's designations when the decision was taken (fingerprint), for review flags.
    designations: Mapped[list] = mapped_column(JSON)


_DECISION_FIELDS = ("id", "query_key", "query", "subject_id", "verdict", "by", "note",
                    "created_at", "designations")


_STATE_QUERY = select(
    select(func.count(SnapshotRow.id)).scalar_subquery(),
    select(func.max(SnapshotRow.id)).scalar_subquery(),
    select(func.max(JudgementRow.id)).scalar_subquery(),
    select(func.count()).select_from(SubjectRow).scalar_subquery(),
    select(func.count()).select_from(SubjectLinkRow).scalar_subquery(),
    select(func.max(ScreeningDecisionRow.id)).scalar_subquery(),
)
_STATE_SQL: dict[str, str] = {}  # dialect name → the state query compiled for it


class ScreeningStore(StoreBase):
    """Reads for the screening index and writes of screening decisions."""

    def screening_state(self) -> tuple:
        """Changes whenever a snapshot is imported, subjects are relinked or a judgement or a
        decision is added: the screening index cache key (see listwatch.screening.api)."""
        if self._session is not None:
            return tuple(self._session.execute(_STATE_QUERY).one())
        # Called before every screen: one statement on a pooled driver connection, without a
        # Session or an explicit transaction (a single SELECT reads one consistent state), which
        # costs a third of going through SQLAlchemy's connection and result layers.
        sql = _STATE_SQL.get(self.engine.dialect.name)
        if sql is None:
            sql = _STATE_SQL[self.engine.dialect.name] = str(_STATE_QUERY.compile(
                dialect=self.engine.dialect))
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            row = cursor.fetchone()
            cursor.close()
        finally:
            connection.close()  # back to the pool, which ends any transaction the driver began
        return tuple(row)

    def screening_fingerprint(self) -> str:
        """A hash of the ledger state the screening index depends on, stronger than
        :meth:`screening_state`: it also covers every snapshot's content hash, so a persisted
        index made from another database with the same counts never passes for this one's."""
        with self._read() as s:
            state = list(s.execute(_STATE_QUERY).one())[:-1]  # decisions do not change the index
            snapshots = [list(r) for r in s.execute(
                select(SnapshotRow.id, SnapshotRow.source_id, SnapshotRow.sha256)
                .order_by(SnapshotRow.id))]
        return hashlib.sha256(json.dumps([state, snapshots]).encode()).hexdigest()

    def screening_index_path(self) -> Path | None:
        """Where this database's persisted screening index lives: beside an SQLite file; for a
        server database, in ``$LISTWATCH_INDEX_DIR`` (default ``~/.cache/listwatch``) under a hash
        of the URL; None for an in-memory database (nothing outlives the process)."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            database = url.database or ""
            if database in ("", ":memory:") or database.startswith("file:"):
                return None
            return Path(database + ".screening-index")
        folder = Path(os.environ.get("LISTWATCH_INDEX_DIR")
                      or Path.home() / ".cache" / "listwatch")
        key = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:24]
        return folder / f"screening-{key}.index"

    def screening_names(self) -> list[tuple[str, str, str, str, str, str]]:
        """Every name the ledger has seen: (source, reference, value, kind, quality, script)."""
        with self._read() as s:
            return [tuple(r) for r in s.execute(
                select(NameRow.source_id, NameRow.reference, NameRow.value, NameRow.kind,
                       NameRow.quality, NameRow.script).order_by(NameRow.id))]

    def screening_subjects(self) -> dict[str, tuple[str, str]]:
        """subject id → (name, type)."""
        with self._read() as s:
            return {i: (n, t) for i, n, t in s.execute(
                select(SubjectRow.id, SubjectRow.name, SubjectRow.type))}

    def add_decision(self, *, query_key: str, query: str, subject_id: str, verdict: str, by: str,
                     note: str | None, at: dt.datetime, designations: list) -> int:
        session = self._write()
        row = ScreeningDecisionRow(query_key=query_key, query=query, subject_id=subject_id,
                                   verdict=verdict, by=by, note=note, created_at=at,
                                   designations=designations)
        session.add(row)
        session.flush()
        return row.id

    def decisions(self, query_key: str | None = None) -> list[dict]:
        """Decisions, oldest first (all, or those on one normalised query)."""
        query = select(ScreeningDecisionRow).order_by(ScreeningDecisionRow.id)
        if query_key is not None:
            query = query.where(ScreeningDecisionRow.query_key == query_key)
        with self._read() as s:
            return [{f: getattr(r, f) for f in _DECISION_FIELDS} for r in s.scalars(query)]
