"""The news layer's answers as typed models: claims, documents and ingest results.

Field names and their order are those of the JSON the README and docs/news.md document. A
document's finer analysis (entities, dates, removed blocks …) keeps the reader's own records
(:mod:`listwatch.news.reader`), declared as objects here so that a reader version adding a key
does not need a schema change to reach the caller.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from listwatch.ledger.models import Answer


class ClaimSubject(Answer):
    """The ledger subject a claim was linked to."""

    id: str
    name: str | None


class Claim(Answer):
    """Who says a subject is, or should be, listed or delisted, on whose list — never official
    status. ``documents``: every document that makes this statement (a wire copy stored as a
    twin repeats its original's claims word for word)."""

    id: int
    document: int
    subject: ClaimSubject | None
    subject_text: str | None
    authority: str | None
    action: str = Field(..., examples=["list", "delist"])
    modality: str = Field(..., examples=["called_for", "considering", "conditional", "decided"])
    actor: str | None
    actor_kind: str | None
    condition: str | None
    date: str | None
    date_granularity: str | None
    evidence: str
    evidence_start: int | None
    evidence_end: int | None
    quote: str | None
    evidence_spans: list[list[int]]
    documents: list[int]


class ClaimsAnswer(Answer):
    claims: list[Claim]


class Quote(Answer):
    text: str
    start: int
    end: int
    kind: str = Field(..., examples=["direct", "partial"])
    speaker: str | None
    speaker_kind: str | None
    speaker_text: str | None
    speaker_start: int | None
    affiliation: str | None
    cue: str | None


class Document(Answer):
    """One ingested document: its metadata, clean body and what the reader found in it."""

    id: int
    url: str | None
    fingerprint: str | None
    simhash: str | None
    source: str | None
    format: str | None
    title: str | None
    author: str | None
    outlet: str | None
    published: str | None
    dateline: dict[str, Any] | None
    body: str
    removed: list[dict[str, Any]] | None
    twin_of: int | None
    ingested_at: str
    reader_version: str | None
    quotes: list[Quote] = []
    entities: list[dict[str, Any]] = []
    dates: list[dict[str, Any]] = []
    subheadings: list[Any] = []
    notes: list[Any] = []
    twins: list[int]
    claims: list[Claim]


class IngestResult(Answer):
    """One input of `ingest`: stored, a duplicate (of ``id``), a near-duplicate (a twin of
    ``twin_of``), or an error with its reason."""

    source: str
    status: str = Field(..., examples=["stored", "duplicate", "near-duplicate", "error"])
    id: int | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    claims: int = 0
    twin_of: int | None = None
    message: str = ""
    notes: list[str] = []


class IngestAnswer(Answer):
    documents: list[IngestResult]
