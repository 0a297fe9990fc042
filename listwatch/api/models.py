"""The HTTP API's answers as pydantic models (the OpenAPI schema at /docs is generated from them).

Field names are those of the CLI's ``--json`` output (README). The domain layers still return
dicts; these models validate them on the way out. Nested detail that the README does not pin down
(a claim's spans, a document's entities …) is declared loosely and passes through unchanged
(``extra="allow"``) rather than being silently dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    """A model whose undeclared fields pass through to the JSON unchanged."""

    model_config = ConfigDict(extra="allow")


class Problem(BaseModel):
    """Every error: what went wrong, in words a caller can act on."""

    detail: str = Field(..., examples=["no subject named or referenced 'Xyz' in the ledger"])


class SubjectBrief(Open):
    id: str
    name: str
    type: str


class Member(Open):
    source: str
    reference: str
    reason: str
    score: float | None = None


class Subject(SubjectBrief):
    aliases: list[str]
    members: list[Member]


class SubjectAnswer(Subject):
    other_subjects: list[SubjectBrief]


class SnapshotRef(Open):
    observed_on: str
    sha256: str


class Designation(Open):
    source: str
    authority: str
    reference: str
    status: str = Field(..., examples=["listed", "delisted"])
    listed_on: str | None
    delisted_on: str | None
    delisted_between: list[str | None] | None
    programmes: list[str]
    name: str
    names: list[str]
    legal_basis: str | None
    first_seen: str | None
    last_seen: str | None
    snapshot: SnapshotRef | None


class Claim(Open):
    id: int
    document: int
    subject: SubjectBrief | None
    subject_text: str | None
    authority: str | None
    action: str
    modality: str
    actor: str | None
    condition: str | None
    date: str | None
    evidence: str
    documents: list[int] = []


class StatusAnswer(Open):
    query: str
    as_of: str | None
    subject: Subject
    designations: list[Designation]
    other_subjects: list[SubjectBrief]
    claims: list[Claim]


class Event(Open):
    source: str
    reference: str
    kind: str
    valid_date: str | None
    recorded_at: str
    between: list[str | None] | None
    changes: dict[str, Any]


class HistoryAnswer(Open):
    subject: Subject
    events: list[Event]
    other_subjects: list[SubjectBrief]


class SnapshotBrief(Open):
    id: int
    observed_on: str
    observed_at: str
    sha256: str
    records: int
    files: list[str]


class DiffEntry(Open):
    reference: str
    name: str


class AmendedEntry(DiffEntry):
    changes: dict[str, Any]


class DiffAnswer(Open):
    source: str
    from_snapshot: SnapshotBrief
    to_snapshot: SnapshotBrief
    added: list[DiffEntry]
    removed: list[DiffEntry]
    amended: list[AmendedEntry]


class ClaimsAnswer(Open):
    claims: list[Claim]


class DocumentAnswer(Open):
    id: int
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    body: str
    quotes: list[dict[str, Any]]
    claims: list[Claim]


class SourceRow(Open):
    id: str
    authority: str
    list: str
    urls: dict[str, str]
    keeps_removed: bool
    snapshots: int
    last_snapshot: SnapshotBrief | None


class SourcesAnswer(Open):
    sources: list[SourceRow]


class MatchedName(Open):
    value: str
    script: str | None
    kind: str
    quality: str
    source: str
    reference: str


class Decision(Open):
    verdict: str
    by: str
    at: str
    note: str | None
    query: str
    review: bool
    review_reason: str | None


class ScreeningResult(Open):
    subject: SubjectBrief
    score: float
    listing: str = Field(..., examples=["listed", "formerly-listed", "not-listed-as-of"])
    matched_name: MatchedName
    explanation: dict[str, Any]
    designations: list[Designation]
    decision: Decision | None


class ScreeningAnswer(Open):
    query: str
    as_of: str | None
    results: list[ScreeningResult]
    provenance: dict[str, Any]


class BatchScreeningRequest(BaseModel):
    names: list[str] = Field(..., min_length=1, max_length=1000, examples=[["Хайят Тахрир аш-Шам"]])
    type: str | None = Field(None, examples=["organization"])
    as_of: dt.date | None = Field(None, examples=["2020-12-01"])
    threshold: float | None = Field(None, ge=0.0, le=1.0)
    limit: int = Field(10, ge=1, le=100)


class BatchScreeningAnswer(BaseModel):
    answers: list[ScreeningAnswer]


class DecisionRequest(BaseModel):
    query: str = Field(..., min_length=1)
    subject_id: str = Field(..., min_length=1)
    verdict: str = Field(..., examples=["false-positive", "match"])
    by: str = Field(..., min_length=1)
    note: str | None = None


class DecisionAnswer(BaseModel):
    decision: dict[str, Any]


class ImportResult(Open):
    source: str | None
    files: list[str]
    status: str = Field(..., examples=["imported", "unchanged"])
    message: str
    snapshot_id: int | None
    observed_on: str | None
    records: int | None


class ImportAnswer(BaseModel):
    imports: list[ImportResult]


class ArticleRequest(BaseModel):
    """One article to ingest: its text or its HTML page, and what the caller knows of it."""

    text: str | None = Field(None, description="Plain text (the first line is the title).")
    html: str | None = Field(None, description="An HTML page (body and metadata are extracted).")
    url: str | None = None
    published: dt.date | None = None
    outlet: str | None = None


class IngestAnswer(Open):
    """As one entry of `listwatch ingest --json`'s ``documents``."""

    source: str
    status: str = Field(..., examples=["stored", "duplicate", "near-duplicate", "error"])
    id: int | None
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    claims: int
    twin_of: int | None
    message: str


# -- yente-compatible matching (POST /match/{dataset}) -------------------------------------------

class EntityExample(BaseModel):
    """A FollowTheMoney-style query entity, as yente takes it."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = None
    schema_: str = Field(..., alias="schema", examples=["Organization"])
    properties: dict[str, str | list[Any]] = Field(..., examples=[{"name": ["Хайят Тахрир аш-Шам"]}])


class EntityMatchQuery(BaseModel):
    weights: dict[str, float] = Field({}, description="Accepted for yente compatibility; unused.")
    queries: dict[str, EntityExample]


class ScoredEntity(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(..., alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str]
    target: bool
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None
    score: float
    match: bool
    features: dict[str, float]
    explanation: dict[str, Any] = Field(..., description="listwatch's own account of the score.")


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntity]
    total: TotalSpec
    query: EntityExample
    error: str | None = Field(None, description="Why this query got no answer (status 400).")


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, Any]
    limit: int
