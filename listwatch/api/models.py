"""The HTTP API's own models: requests, errors and the yente-compatible match shapes.

The answers themselves are the domain's typed models, the same the CLI renders
(:mod:`listwatch.ledger.models`, :mod:`listwatch.news.models`, :mod:`listwatch.screening.models`,
:class:`listwatch.dossier.StatusAnswer`); the OpenAPI schema at /docs is generated from them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from listwatch.screening.models import ScreeningAnswer


class Problem(BaseModel):
    """Every error: what went wrong, in words a caller can act on."""

    detail: str = Field(..., examples=["no subject named or referenced 'Xyz' in the ledger"])


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


class ArticleRequest(BaseModel):
    """One article to ingest: its text or its HTML page, and what the caller knows of it."""

    text: str | None = Field(None, description="Plain text (the first line is the title).")
    html: str | None = Field(None, description="An HTML page (body and metadata are extracted).")
    url: str | None = None
    published: dt.date | None = None
    outlet: str | None = None


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
