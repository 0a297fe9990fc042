"""The news reader's tables (documents, claims) and their reads and writes.

A document is stored once (same URL or same normalised-text fingerprint); a near-duplicate
(another outlet's wire copy) is stored with ``twin_of`` pointing at the first copy. Its claims
are stored with it in the same transaction. Claims never change official status.

Near-duplicates are found without reading every stored SimHash. Two 64-bit hashes within ``d``
bits, cut into ``SIMHASH_BLOCKS`` blocks, differ in at most ``d // SIMHASH_BLOCKS`` bits in one
block at least (else every block would differ in more, ``d`` bits in all). So each first copy
stores its blocks as keys (block number and value) in an indexed table, and a lookup probes
every value within that radius of the new document's blocks (4 blocks of 16 bits, radius 1 for
6 bits: 68 keys), then checks the exact distance of the few documents found: the same twin as
comparing with every stored hash, at a cost set by the probes, not by the archive's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import combinations

from sqlalchemy import (
    JSON, BigInteger, DateTime, ForeignKey, Index, Integer, String, Text, insert, select,
)
from sqlalchemy.orm import Mapped, mapped_column

from listwatch.store.base import Base, StoreBase
from listwatch.store.ledger import NameRow, SubjectLinkRow, SubjectRow


class NewsDocumentRow(Base):
    __tablename__ = "news_document"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    simhash: Mapped[str] = mapped_column(String(16))
    twin_of: Mapped[int | None] = mapped_column(ForeignKey("news_document.id"))
    source: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))
    dateline: Mapped[dict | None] = mapped_column(JSON)
    body: Mapped[str] = mapped_column(Text)
    removed: Mapped[list] = mapped_column(JSON)
    analysis: Mapped[dict] = mapped_column(JSON)  # quotes, entities, dates, subheadings, notes
    reader_version: Mapped[str] = mapped_column(String(32))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)


class NewsClaimRow(Base):
    __tablename__ = "news_claim"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("news_document.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[str | None] = mapped_column(String(32), index=True)
    subject_text: Mapped[str | None] = mapped_column(Text)
    authority: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(8))
    modality: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str | None] = mapped_column(Text)
    actor_kind: Mapped[str | None] = mapped_column(String(16))
    condition: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(32))
    date_granularity: Mapped[str | None] = mapped_column(String(8))
    evidence: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    quote_start: Mapped[int | None] = mapped_column(Integer)
    # every statement of the document that makes this claim, [[start, end], …]
    evidence_spans: Mapped[list | None] = mapped_column(JSON)


Index("ix_news_claim_authority", NewsClaimRow.authority)


class NewsSimhashKeyRow(Base):
    """One block of a first copy's SimHash (see the module's docstring), the hash beside it so
    that checking a candidate needs no other read."""

    __tablename__ = "news_simhash_key"
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("news_document.id", ondelete="CASCADE"), primary_key=True)
    simhash: Mapped[str] = mapped_column(String(16))


SIMHASH_BLOCKS = 4
_BLOCK_BITS = 64 // SIMHASH_BLOCKS
_BLOCK_MASK = (1 << _BLOCK_BITS) - 1


def simhash_keys(simhash: str) -> list[int]:
    """The stored keys of a SimHash: block number above the block's bits."""
    value = int(simhash, 16)
    return [(block << _BLOCK_BITS) | ((value >> (block * _BLOCK_BITS)) & _BLOCK_MASK)
            for block in range(SIMHASH_BLOCKS)]


def probe_keys(simhash: str, bits: int) -> list[int]:
    """Every key within ``bits // SIMHASH_BLOCKS`` bits of one of the SimHash's own."""
    radius = bits // SIMHASH_BLOCKS
    probes = []
    for key in simhash_keys(simhash):
        for count in range(radius + 1):
            for flipped in combinations(range(_BLOCK_BITS), count):
                probes.append(key ^ sum(1 << bit for bit in flipped))
    return probes


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()

_DOC_FIELDS = ("url", "fingerprint", "simhash", "source", "format", "title", "author", "outlet",
               "published", "dateline", "body", "removed")


class NewsStore(StoreBase):
    """Reads and writes of the news tables, mixed into :class:`listwatch.store.Store`."""

    def subject_name_rows(self) -> list[tuple[str, str, str, str]]:
        """(subject id, subject name, subject type, name value) for every strong Latin-script
        name of a linked list entry — the reader's gazetteer."""
        query = (select(SubjectRow.id, SubjectRow.name, SubjectRow.type, NameRow.value)
                 .join(SubjectLinkRow, SubjectLinkRow.subject_id == SubjectRow.id)
                 .join(NameRow, (NameRow.source_id == SubjectLinkRow.source_id)
                       & (NameRow.reference == SubjectLinkRow.reference))
                 .where(NameRow.quality == "strong", NameRow.script == "Latn").distinct())
        with self._read() as s:
            return [tuple(r) for r in s.execute(query)]

    def find_document(self, url: str | None, fingerprint: str) -> int | None:
        with self._read() as s:
            if url:
                found = s.scalar(select(NewsDocumentRow.id).where(NewsDocumentRow.url == url))
                if found:
                    return found
            return s.scalar(select(NewsDocumentRow.id)
                            .where(NewsDocumentRow.fingerprint == fingerprint))

    def near_duplicate_of(self, simhash: str, bits: int) -> int | None:
        """The first stored copy (lowest id, itself no twin) within ``bits`` of the SimHash."""
        probes = probe_keys(simhash, bits)
        found: set[tuple[int, str]] = set()
        with self._read() as s:
            for chunk in (probes[i:i + 500] for i in range(0, len(probes), 500)):
                found.update(s.execute(select(NewsSimhashKeyRow.document_id,
                                              NewsSimhashKeyRow.simhash)
                                       .where(NewsSimhashKeyRow.key.in_(chunk))).all())
        return min((doc for doc, other in found if hamming(other, simhash) <= bits), default=None)

    def document_simhashes(self) -> list[tuple[int, str]]:
        with self._read() as s:
            return [tuple(r) for r in s.execute(
                select(NewsDocumentRow.id, NewsDocumentRow.simhash)
                .where(NewsDocumentRow.twin_of.is_(None)).order_by(NewsDocumentRow.id))]

    def add_document(self, article: dict, claims: Sequence[dict], twin_of: int | None,
                     at: dt.datetime, reader_version: str) -> int:
        session = self._write()
        row = NewsDocumentRow(
            **{k: article.get(k) for k in _DOC_FIELDS}, twin_of=twin_of,
            analysis={k: article.get(k) for k in ("quotes", "entities", "dates", "subheadings", "notes")},
            reader_version=reader_version, ingested_at=at)
        session.add(row)
        session.flush()
        if twin_of is None:  # only first copies are ever a twin's original
            session.execute(insert(NewsSimhashKeyRow), [
                {"key": key, "document_id": row.id, "simhash": row.simhash}
                for key in simhash_keys(row.simhash)])
        if claims:
            session.execute(insert(NewsClaimRow), [{
                "document_id": row.id, "subject_id": c["subject"], "subject_text": c["subject_text"],
                "authority": c["authority"], "action": c["action"], "modality": c["modality"],
                "actor": c["actor"], "actor_kind": c["actor_kind"], "condition": c["condition"],
                "date": c["date"], "date_granularity": c["date_granularity"],
                "evidence": c["evidence"], "evidence_start": c["evidence_start"],
                "evidence_end": c["evidence_end"], "quote": c["quote"],
                "quote_start": c["quote_start"],
                "evidence_spans": [list(x) for x in c.get("evidence_spans") or
                                   [(c["evidence_start"], c["evidence_end"])]]} for c in claims])
        return row.id

    def document(self, document_id: int) -> dict | None:
        with self._read() as s:
            row = s.get(NewsDocumentRow, document_id)
            if row is None:
                return None
            out = {"id": row.id, **{k: getattr(row, k) for k in _DOC_FIELDS}, "twin_of": row.twin_of,
                   "ingested_at": row.ingested_at.isoformat(), "reader_version": row.reader_version,
                   **(row.analysis or {})}
            twins = s.scalars(select(NewsDocumentRow.id).where(NewsDocumentRow.twin_of == row.id))
            out["twins"] = list(twins)
            return out

    def document_briefs(self, document_ids: Iterable[int]) -> dict[int, dict]:
        """id → the documents' metadata without their bodies (a dossier cites many)."""
        wanted = sorted(set(document_ids))
        if not wanted:
            return {}
        with self._read() as s:
            rows = s.execute(select(NewsDocumentRow.id, NewsDocumentRow.title, NewsDocumentRow.outlet,
                                    NewsDocumentRow.published, NewsDocumentRow.url)
                             .where(NewsDocumentRow.id.in_(wanted)))
            return {r.id: {"id": r.id, "title": r.title, "outlet": r.outlet,
                           "published": r.published, "url": r.url} for r in rows}

    def claims(self, *, document_id: int | None = None, subject_ids: Sequence[str] | None = None,
               subject_texts: Sequence[str] | None = None, authority: str | None = None) -> list[dict]:
        query = select(NewsClaimRow).order_by(NewsClaimRow.document_id, NewsClaimRow.id)
        if document_id is not None:
            query = query.where(NewsClaimRow.document_id == document_id)
        if subject_ids is not None or subject_texts is not None:
            cond = NewsClaimRow.subject_id.in_(list(subject_ids or []))
            if subject_texts:
                cond = cond | (NewsClaimRow.subject_id.is_(None)
                               & NewsClaimRow.subject_text.in_(list(subject_texts)))
            query = query.where(cond)
        if authority is not None:
            query = query.where(NewsClaimRow.authority == authority)
        with self._read() as s:
            found = list(s.scalars(query))
            # only the subjects these claims name: reading every subject's name cost ~0.1 s a
            # call on a ledger of 17,000 subjects, on every status request
            linked = {c.subject_id for c in found if c.subject_id}
            names = dict(s.execute(select(SubjectRow.id, SubjectRow.name)
                                   .where(SubjectRow.id.in_(linked))).all()) if linked else {}
            return [{
                "id": c.id, "document": c.document_id,
                "subject": {"id": c.subject_id, "name": names.get(c.subject_id)} if c.subject_id else None,
                "subject_text": c.subject_text, "authority": c.authority, "action": c.action,
                "modality": c.modality, "actor": c.actor, "actor_kind": c.actor_kind,
                "condition": c.condition, "date": c.date, "date_granularity": c.date_granularity,
                "evidence": c.evidence, "evidence_start": c.evidence_start,
                "evidence_end": c.evidence_end, "quote": c.quote,
                "evidence_spans": c.evidence_spans or [[c.evidence_start, c.evidence_end]]}
                for c in found]

    def unlinked_subject_texts(self) -> list[str]:
        with self._read() as s:
            return list(s.scalars(select(NewsClaimRow.subject_text)
                                  .where(NewsClaimRow.subject_id.is_(None)).distinct()))
