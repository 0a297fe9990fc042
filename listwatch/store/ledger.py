"""The ledger's tables and their reads and writes.

Tables follow ../shared/DESIGN.md: snapshots and their memberships are the whole truth; record
versions are stored once per distinct content; events and subject links are derived data that
the ledger recomputes and replaces. Memberships are stored as runs (a version is a member of a
source's snapshots from one position to another), so a snapshot that changes little costs little;
the reads below answer per snapshot as if each held its own list. Nothing here is
SQLite-specific: the URL decides the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
    delete, func, insert, select, update,
)
from sqlalchemy.orm import Mapped, aliased, mapped_column

from listwatch.store.base import Base, StoreBase


class SourceRow(Base):
    __tablename__ = "source"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    authority: Mapped[str] = mapped_column(String(200))
    list_name: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)


class SnapshotRow(Base):
    __tablename__ = "snapshot"
    __table_args__ = (UniqueConstraint("source_id", "sha256"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    observed_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    observed_on: Mapped[str] = mapped_column(String(10))  # the date the source itself states
    observed_from: Mapped[str] = mapped_column(String(16))  # "file" | "option" | "file-name" | "import-time"
    # Position among the source's snapshots in valid-time order (0, 1, …): membership runs span
    # positions, so an import out of order shifts the later snapshots by one.
    seq: Mapped[int] = mapped_column(Integer, server_default="0")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)  # recorded time, UTC
    record_count: Mapped[int] = mapped_column(Integer)
    parser_version: Mapped[str] = mapped_column(String(32))
    parts: Mapped[list] = mapped_column(JSON)
    files: Mapped[list] = mapped_column(JSON)


class RecordVersionRow(Base):
    __tablename__ = "record_version"
    __table_args__ = (UniqueConstraint("source_id", "content_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"))
    reference: Mapped[str] = mapped_column(String(128))
    content_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict] = mapped_column(JSON)
    # Small derived summary (legal dates, part hashes, linking keys) so that event derivation
    # and subject linking need not read whole records.
    facts: Mapped[dict] = mapped_column(JSON)


Index("ix_record_version_ref", RecordVersionRow.source_id, RecordVersionRow.reference)


class MembershipRunRow(Base):
    """A record version that is a member of every snapshot of its source from the first to the
    last (by position): an unchanged record adds nothing when a snapshot is imported in order,
    its run only reaches further."""

    __tablename__ = "membership_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"), index=True)
    record_version_id: Mapped[int] = mapped_column(ForeignKey("record_version.id"), index=True)
    first_snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id"), index=True)
    last_snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id"), index=True)


class NameRow(Base):
    """Every distinct name a (source, reference) has carried, with its comparison key."""

    __tablename__ = "name"
    __table_args__ = (UniqueConstraint("source_id", "reference", "value", "kind", "quality"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"))
    reference: Mapped[str] = mapped_column(String(128))
    value: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    quality: Mapped[str] = mapped_column(String(8))
    script: Mapped[str] = mapped_column(String(4))
    key: Mapped[str] = mapped_column(Text, index=True)


class EventRow(Base):
    __tablename__ = "event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"), index=True)
    reference: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    valid_date: Mapped[str | None] = mapped_column(String(10))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    between_from: Mapped[str | None] = mapped_column(String(10))
    between_to: Mapped[str | None] = mapped_column(String(10))
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="CASCADE"))
    changes: Mapped[dict] = mapped_column(JSON)


Index("ix_event_ref", EventRow.source_id, EventRow.reference)


class SubjectLinkRow(Base):
    __tablename__ = "subject_link"
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"), primary_key=True)
    reference: Mapped[str] = mapped_column(String(128), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(32), index=True)
    reason: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)


class SubjectRow(Base):
    __tablename__ = "subject"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16))
    anchor_source: Mapped[str] = mapped_column(String(64))
    anchor_reference: Mapped[str] = mapped_column(String(128))


class JudgementRow(Base):
    __tablename__ = "judgement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # "merge" | "split"
    a_source: Mapped[str] = mapped_column(String(64))
    a_reference: Mapped[str] = mapped_column(String(128))
    b_source: Mapped[str] = mapped_column(String(64))
    b_reference: Mapped[str] = mapped_column(String(128))
    by: Mapped[str] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


@dataclass(frozen=True)
class Snapshot:
    id: int
    source_id: str
    sha256: str
    observed_at: dt.datetime
    observed_on: str
    observed_from: str
    imported_at: dt.datetime
    record_count: int
    parser_version: str
    parts: tuple[str, ...]
    files: tuple[str, ...]

    @classmethod
    def of(cls, row: SnapshotRow) -> "Snapshot":
        return cls(row.id, row.source_id, row.sha256, row.observed_at, row.observed_on,
                   row.observed_from, row.imported_at, row.record_count, row.parser_version,
                   tuple(row.parts), tuple(row.files))


@dataclass(frozen=True)
class Judgement:
    kind: str
    a: tuple[str, str]
    b: tuple[str, str]
    by: str
    note: str | None


class LedgerStore(StoreBase):
    """Typed reads and writes of the ledger tables, mixed into :class:`listwatch.store.Store`."""

    # -- sources and snapshots ----------------------------------------------------------------
    def ensure_source(self, source_id: str, authority: str, list_name: str, url: str | None) -> None:
        session = self._write()
        row = session.get(SourceRow, source_id)
        if row is None:
            session.add(SourceRow(id=source_id, authority=authority, list_name=list_name, url=url))
        else:
            row.authority, row.list_name, row.url = authority, list_name, url
        session.flush()

    def snapshot_by_hash(self, source_id: str, sha256: str) -> Snapshot | None:
        with self._read() as s:
            row = s.scalar(select(SnapshotRow).where(
                SnapshotRow.source_id == source_id, SnapshotRow.sha256 == sha256))
            return Snapshot.of(row) if row else None

    def snapshots(self, source_id: str | None = None) -> list[Snapshot]:
        """Snapshots in valid-time order (observed date, then observed instant, then id)."""
        query = select(SnapshotRow).order_by(
            SnapshotRow.source_id, SnapshotRow.observed_on, SnapshotRow.observed_at, SnapshotRow.id)
        if source_id is not None:
            query = query.where(SnapshotRow.source_id == source_id)
        with self._read() as s:
            return [Snapshot.of(r) for r in s.scalars(query)]

    def add_snapshot(self, **values) -> int:
        """Store a snapshot at its place in valid-time order (after every snapshot observed at or
        before it), moving the later ones of its source one position on."""
        session = self._write()
        source_id, on, at = values["source_id"], values["observed_on"], values["observed_at"]
        seq = session.scalar(select(func.count()).select_from(SnapshotRow).where(
            SnapshotRow.source_id == source_id,
            (SnapshotRow.observed_on < on)
            | ((SnapshotRow.observed_on == on) & (SnapshotRow.observed_at <= at))))
        session.execute(update(SnapshotRow)
                        .where(SnapshotRow.source_id == source_id, SnapshotRow.seq >= seq)
                        .values(seq=SnapshotRow.seq + 1))
        row = SnapshotRow(**values, seq=seq)
        session.add(row)
        session.flush()
        return row.id

    def version_ids_for(self, source_id: str, hashes: Iterable[str]) -> dict[str, int]:
        """content hash → record version id, for those of the hashes already stored."""
        wanted = list(set(hashes))
        result: dict[str, int] = {}
        with self._read() as s:
            for chunk in (wanted[i:i + 900] for i in range(0, len(wanted), 900)):
                rows = s.execute(select(RecordVersionRow.content_hash, RecordVersionRow.id).where(
                    RecordVersionRow.source_id == source_id,
                    RecordVersionRow.content_hash.in_(chunk)))
                result.update(dict(rows.all()))
        return result

    def add_record_versions(self, source_id: str,
                            versions: Sequence[tuple[str, str, dict, dict]]) -> None:
        """Store (reference, content_hash, data, facts) rows."""
        if versions:
            self._write().execute(insert(RecordVersionRow), [
                {"source_id": source_id, "reference": ref, "content_hash": h, "data": data,
                 "facts": facts} for ref, h, data, facts in versions])

    def add_memberships(self, snapshot_id: int, version_ids: Iterable[int]) -> None:
        """Make the versions the members of a snapshot that add_snapshot has placed: runs that
        reach it from a neighbour extend to it (two runs of one version join when it fills the
        gap between them), runs that pass over it without one of its members split, and the
        rest start a run of their own."""
        session = self._write()
        run = MembershipRunRow
        snapshot = session.get(SnapshotRow, snapshot_id)
        source_id, seq = snapshot.source_id, snapshot.seq
        around = dict(session.execute(select(SnapshotRow.seq, SnapshotRow.id).where(
            SnapshotRow.source_id == source_id, SnapshotRow.seq.in_((seq - 1, seq + 1)))).all())
        before, after = around.get(seq - 1), around.get(seq + 1)
        ending = dict(session.execute(select(run.record_version_id, run.id)
                                      .where(run.last_snapshot_id == before)).all()
                      ) if before is not None else {}
        starting = {v: (i, last) for v, i, last in session.execute(
            select(run.record_version_id, run.id, run.last_snapshot_id)
            .where(run.first_snapshot_id == after))} if after is not None else {}
        pending = set(version_ids)
        extend: list[int] = []
        changes: list[dict] = []
        new: list[tuple[int, int, int]] = []
        deleted: list[int] = []
        if before is not None and after is not None:
            first, last = aliased(SnapshotRow), aliased(SnapshotRow)
            passing = session.execute(
                select(run.id, run.record_version_id, run.last_snapshot_id)
                .join(first, first.id == run.first_snapshot_id)
                .join(last, last.id == run.last_snapshot_id)
                .where(run.source_id == source_id, first.seq < seq, last.seq > seq))
            for run_id, version, last_id in passing:
                if version in pending:
                    pending.discard(version)
                else:
                    changes.append({"id": run_id, "last_snapshot_id": before})
                    new.append((version, after, last_id))
        for version in pending:
            end, start = ending.get(version), starting.get(version)
            if end is not None and start is not None:
                changes.append({"id": end, "last_snapshot_id": start[1]})
                deleted.append(start[0])
            elif end is not None:
                extend.append(end)
            elif start is not None:
                changes.append({"id": start[0], "first_snapshot_id": snapshot_id})
            else:
                new.append((version, snapshot_id, snapshot_id))
        for chunk in (extend[i:i + 900] for i in range(0, len(extend), 900)):
            session.execute(update(run).where(run.id.in_(chunk)).values(last_snapshot_id=snapshot_id),
                            execution_options={"synchronize_session": False})
        if changes:
            session.execute(update(run), changes)
        if deleted:
            session.execute(delete(run).where(run.id.in_(deleted)))
        if new:
            session.execute(insert(run), [
                {"source_id": source_id, "record_version_id": v, "first_snapshot_id": a,
                 "last_snapshot_id": b} for v, a, b in new])

    def known_names(self, source_id: str, references: Iterable[str]
                    ) -> set[tuple[str, str, str, str]]:
        """(reference, value, kind, quality) of the names stored for the references: those of
        one snapshot's records, not every name the source ever had."""
        wanted = sorted(set(references))
        query = select(NameRow.reference, NameRow.value, NameRow.kind, NameRow.quality)
        found: set[tuple[str, str, str, str]] = set()
        with self._read() as s:
            for chunk in (wanted[i:i + 900] for i in range(0, len(wanted), 900)):
                found.update(tuple(r) for r in s.execute(query.where(
                    NameRow.source_id == source_id, NameRow.reference.in_(chunk))))
        return found

    def add_names(self, source_id: str, rows: Sequence[dict]) -> None:
        if rows:
            self._write().execute(insert(NameRow), [{"source_id": source_id, **r} for r in rows])

    @staticmethod
    def _runs_query(source_id: str):
        """(reference, version id, first position, last position) of a source's runs."""
        run, first, last = MembershipRunRow, aliased(SnapshotRow), aliased(SnapshotRow)
        return (select(RecordVersionRow.reference, run.record_version_id, first.seq, last.seq)
                .join(RecordVersionRow, RecordVersionRow.id == run.record_version_id)
                .join(first, first.id == run.first_snapshot_id)
                .join(last, last.id == run.last_snapshot_id)
                .where(run.source_id == source_id)), first, last

    def _snapshot_ids(self, session, source_id: str) -> list[int]:
        """The source's snapshot ids by position."""
        return list(session.scalars(select(SnapshotRow.id).where(SnapshotRow.source_id == source_id)
                                    .order_by(SnapshotRow.seq)))

    def memberships(self, source_id: str) -> dict[int, dict[str, int]]:
        """snapshot id → {reference: record version id} for every snapshot of a source."""
        query, _, _ = self._runs_query(source_id)
        result: dict[int, dict[str, int]] = {}
        with self._read() as s:
            ids = self._snapshot_ids(s, source_id)
            for reference, version_id, first, last in s.execute(query):
                for position in range(first, last + 1):
                    result.setdefault(ids[position], {})[reference] = version_id
        return result

    def member_runs(self, source_id: str, references: Iterable[str]
                    ) -> list[tuple[str, int, int, int]]:
        """(reference, version id, first position, last position) of every run of the references:
        their whole presence on the list, without reading the snapshots between."""
        wanted = sorted(set(references))
        query, _, _ = self._runs_query(source_id)
        result: list[tuple[str, int, int, int]] = []
        with self._read() as s:
            for chunk in (wanted[i:i + 900] for i in range(0, len(wanted), 900)):
                result += [tuple(r) for r in s.execute(
                    query.where(RecordVersionRow.reference.in_(chunk)))]
        return result

    def snapshot_members(self, snapshot_id: int) -> dict[str, int]:
        with self._read() as s:
            source_id, seq = s.execute(select(SnapshotRow.source_id, SnapshotRow.seq)
                                       .where(SnapshotRow.id == snapshot_id)).one()
            run = MembershipRunRow
            # Through the index on the run's last snapshot: for the newest snapshots (what an
            # import reads) only the runs that reach them, not every run the source ever had.
            reaching = select(SnapshotRow.id).where(SnapshotRow.source_id == source_id,
                                                    SnapshotRow.seq >= seq)
            started = select(SnapshotRow.id).where(SnapshotRow.source_id == source_id,
                                                   SnapshotRow.seq <= seq)
            rows = s.execute(select(RecordVersionRow.reference, run.record_version_id)
                             .join(RecordVersionRow, RecordVersionRow.id == run.record_version_id)
                             .where(run.last_snapshot_id.in_(reaching),
                                    run.first_snapshot_id.in_(started)))
            return dict(rows.all())

    def snapshots_containing(self, source_id: str, reference: str) -> dict[int, int]:
        """snapshot id → record version id, for every snapshot that carries the reference."""
        query, _, _ = self._runs_query(source_id)
        with self._read() as s:
            ids = self._snapshot_ids(s, source_id)
            return {ids[position]: version_id for _, version_id, first, last in
                    s.execute(query.where(RecordVersionRow.reference == reference))
                    for position in range(first, last + 1)}

    def record_data(self, version_ids: Iterable[int]) -> dict[int, dict]:
        ids = list(set(version_ids))
        result: dict[int, dict] = {}
        with self._read() as s:
            for chunk in (ids[i:i + 900] for i in range(0, len(ids), 900)):
                rows = s.execute(select(RecordVersionRow.id, RecordVersionRow.data)
                                 .where(RecordVersionRow.id.in_(chunk)))
                result.update(dict(rows.all()))
        return result

    def version_facts(self, version_ids: Iterable[int]) -> dict[int, dict]:
        ids = list(set(version_ids))
        result: dict[int, dict] = {}
        with self._read() as s:
            for chunk in (ids[i:i + 900] for i in range(0, len(ids), 900)):
                rows = s.execute(select(RecordVersionRow.id, RecordVersionRow.facts)
                                 .where(RecordVersionRow.id.in_(chunk)))
                result.update(dict(rows.all()))
        return result

    def all_facts(self) -> dict[tuple[str, str], list[dict]]:
        """(source, reference) → the facts of every stored version, oldest first."""
        result: dict[tuple[str, str], list[dict]] = {}
        with self._read() as s:
            rows = s.execute(select(RecordVersionRow.source_id, RecordVersionRow.reference,
                                    RecordVersionRow.facts).order_by(RecordVersionRow.id))
            for source_id, reference, facts in rows:
                result.setdefault((source_id, reference), []).append(facts)
        return result

    def linking_names(self) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
        """(source, reference) → (value, kind, quality) of every name any version gave."""
        result: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        with self._read() as s:
            rows = s.execute(select(NameRow.source_id, NameRow.reference, NameRow.value,
                                    NameRow.kind, NameRow.quality))
            for source_id, reference, value, kind, quality in rows:
                result.setdefault((source_id, reference), []).append((value, kind, quality))
        return result

    # -- events -------------------------------------------------------------------------------
    def replace_events(self, source_id: str, events: Sequence[dict]) -> None:
        session = self._write()
        session.execute(delete(EventRow).where(EventRow.source_id == source_id))
        if events:
            session.execute(insert(EventRow), [{"source_id": source_id, **e} for e in events])

    def add_events(self, source_id: str, events: Sequence[dict]) -> None:
        if events:
            self._write().execute(insert(EventRow), [{"source_id": source_id, **e} for e in events])

    def delete_events(self, source_id: str, snapshot_ids: Iterable[int],
                      references: Iterable[str] | None = None) -> None:
        """Drop the events of the snapshots (of only the references, when given)."""
        session = self._write()
        ids = list(snapshot_ids)
        refs = None if references is None else sorted(set(references))
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            query = delete(EventRow).where(EventRow.source_id == source_id,
                                           EventRow.snapshot_id.in_(chunk))
            if refs is None:
                session.execute(query)
                continue
            for part in (refs[i:i + 400] for i in range(0, len(refs), 400)):
                session.execute(query.where(EventRow.reference.in_(part)))

    def source_events(self, source_id: str) -> list[dict]:
        query = (select(EventRow.reference, EventRow.kind, EventRow.valid_date,
                        EventRow.recorded_at, EventRow.between_from, EventRow.between_to,
                        EventRow.changes)
                 .join(SnapshotRow, SnapshotRow.id == EventRow.snapshot_id)
                 .where(EventRow.source_id == source_id).order_by(SnapshotRow.seq, EventRow.id))
        with self._read() as s:
            return [{"reference": r, "kind": k, "valid_date": v, "recorded_at": t,
                     "between": [a, b], "changes": c} for r, k, v, t, a, b, c in s.execute(query)]

    def events(self, keys: Iterable[tuple[str, str]]) -> list[dict]:
        result = []
        with self._read() as s:
            for source_id, reference in keys:
                # snapshot position before id: incremental imports insert the events of a
                # snapshot observed earlier after those of the ones observed later
                rows = s.scalars(select(EventRow)
                                 .join(SnapshotRow, SnapshotRow.id == EventRow.snapshot_id)
                                 .where(EventRow.source_id == source_id,
                                        EventRow.reference == reference)
                                 .order_by(EventRow.recorded_at, SnapshotRow.seq, EventRow.id))
                result.extend({
                    "source": r.source_id, "reference": r.reference, "kind": r.kind,
                    "valid_date": r.valid_date, "recorded_at": r.recorded_at,
                    "between": [r.between_from, r.between_to], "changes": r.changes,
                    "snapshot_id": r.snapshot_id} for r in rows)
        return result

    # -- names and subjects -------------------------------------------------------------------
    def references_matching(self, reference: str) -> list[tuple[str, str]]:
        with self._read() as s:
            rows = s.execute(select(RecordVersionRow.source_id, RecordVersionRow.reference)
                             .where(RecordVersionRow.reference == reference).distinct())
            return [tuple(r) for r in rows]

    def names_with_key(self, key: str) -> list[dict]:
        with self._read() as s:
            rows = s.scalars(select(NameRow).where(NameRow.key == key))
            return [{"source": r.source_id, "reference": r.reference, "value": r.value,
                     "kind": r.kind, "quality": r.quality, "script": r.script} for r in rows]

    def name_keys(self) -> list[str]:
        with self._read() as s:
            return list(s.scalars(select(NameRow.key).distinct()))

    def subject_links(self) -> dict[tuple[str, str], str]:
        with self._read() as s:
            rows = s.execute(select(SubjectLinkRow.source_id, SubjectLinkRow.reference,
                                    SubjectLinkRow.subject_id))
            return {(a, b): c for a, b, c in rows}

    def replace_subjects(self, subjects: Sequence[dict], links: Sequence[dict]) -> None:
        session = self._write()
        session.execute(delete(SubjectLinkRow))
        session.execute(delete(SubjectRow))
        if subjects:
            session.execute(insert(SubjectRow), list(subjects))
        if links:
            session.execute(insert(SubjectLinkRow), list(links))

    def subject_of(self, source_id: str, reference: str) -> str | None:
        with self._read() as s:
            return s.scalar(select(SubjectLinkRow.subject_id).where(
                SubjectLinkRow.source_id == source_id, SubjectLinkRow.reference == reference))

    def subject(self, subject_id: str) -> dict | None:
        with self._read() as s:
            row = s.get(SubjectRow, subject_id)
            if row is None:
                return None
            links = s.scalars(select(SubjectLinkRow).where(SubjectLinkRow.subject_id == subject_id)
                              .order_by(SubjectLinkRow.source_id, SubjectLinkRow.reference))
            return {"id": row.id, "name": row.name, "type": row.type,
                    "members": [{"source": l.source_id, "reference": l.reference,
                                 "reason": l.reason, "score": l.score} for l in links]}

    def names_of(self, keys: Iterable[tuple[str, str]]) -> list[dict]:
        result = []
        with self._read() as s:
            for source_id, reference in keys:
                rows = s.scalars(select(NameRow).where(
                    NameRow.source_id == source_id, NameRow.reference == reference)
                    .order_by(NameRow.id))
                result.extend({"source": r.source_id, "reference": r.reference, "value": r.value,
                               "kind": r.kind, "quality": r.quality, "script": r.script,
                               "key": r.key} for r in rows)
        return result

    # -- judgements ---------------------------------------------------------------------------
    def add_judgements(self, judgements: Sequence[Judgement], at: dt.datetime) -> None:
        session = self._write()
        session.execute(insert(JudgementRow), [{
            "kind": j.kind, "a_source": j.a[0], "a_reference": j.a[1], "b_source": j.b[0],
            "b_reference": j.b[1], "by": j.by, "note": j.note, "created_at": at, "active": True}
            for j in judgements])

    def judgements(self) -> list[Judgement]:
        with self._read() as s:
            rows = s.scalars(select(JudgementRow).where(JudgementRow.active.is_(True))
                             .order_by(JudgementRow.id))
            return [Judgement(r.kind, (r.a_source, r.a_reference), (r.b_source, r.b_reference),
                              r.by, r.note) for r in rows]

    def source_rows(self) -> dict[str, dict]:
        with self._read() as s:
            return {r.id: {"authority": r.authority, "list_name": r.list_name, "url": r.url}
                    for r in s.scalars(select(SourceRow))}
