"""Screening's answers as typed models: a screen (results with their explanation and the
provenance of the index), an analyst's decision, and the explanation of one pair.

Field names and their order are those docs/screening.md documents. ``explanation`` is the
scorer's own account of a score (its keys are the scorer's, versioned with it: see
docs/screening.md), kept as an object rather than frozen into a schema here.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from listwatch.ledger.models import Answer, Designation, SubjectBrief
from listwatch.screening import scorer


class MatchedName(Answer):
    """The list name that scored best, and the list entry that carries it."""

    value: str
    script: str | None
    kind: str
    quality: str
    source: str
    reference: str


class DecisionView(Answer):
    """An analyst's decision on this query and subject, flagged for review once the subject's
    designations changed since."""

    verdict: str = Field(..., examples=["false-positive", "match"])
    by: str
    at: str
    note: str | None
    query: str
    review: bool
    review_reason: str | None


class ScreeningResult(Answer):
    subject: SubjectBrief
    score: float
    listing: str = Field(..., examples=["listed", "formerly-listed", "not-listed-as-of"])
    matched_name: MatchedName
    explanation: dict[str, Any]
    designations: list[Designation]
    decision: DecisionView | None


class SnapshotInForce(Answer):
    source: str
    observed_at: str
    observed_on: str
    sha256: str


class Algorithm(Answer):
    name: str
    version: str
    config_sha256: str

    @classmethod
    def of_scorer(cls) -> Algorithm:
        """The scorer this listwatch runs: its name, version and the hash of its settings."""
        return cls(name=scorer.ALGORITHM, version=scorer.VERSION,
                   config_sha256=scorer.CONFIG_HASH)


class Provenance(Answer):
    """What a screen rests on: the snapshots in force, the algorithm and its settings."""

    snapshots: list[SnapshotInForce]
    algorithm: Algorithm
    threshold: float
    as_of: str | None
    index_built_at: str


class ScreeningAnswer(Answer):
    query: str
    as_of: str | None
    results: list[ScreeningResult]
    provenance: Provenance


class Decision(Answer):
    """A stored decision, as `screen decide` recorded it."""

    id: int
    query: str
    query_key: str
    subject_id: str
    verdict: str
    by: str
    note: str | None
    at: str


class DecisionAnswer(Answer):
    decision: Decision


class Comparison(Answer):
    """`screen compare`: the score name2 gets when name1 is screened, and why."""

    name1: str
    name2: str
    type: str | None
    score: float
    threshold: float
    match: bool
    explanation: dict[str, Any]
    algorithm: Algorithm
