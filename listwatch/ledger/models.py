"""The ledger's answers as typed models: what `status`, `history`, `diff`, `subjects show` and
`lists sources` return, to the CLI, the HTTP API and the web dossier alike.

Field names and their order are those of the JSON the README documents (``--json`` prints
``model_dump(mode="json")``). Dates are ISO text, as the lists state them: a date we do not know
is null, and where only a bracket is known the bracket is given instead.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    """Every answer: a field the model does not declare is a bug, not data to pass through."""

    model_config = ConfigDict(extra="forbid")


class SubjectBrief(Answer):
    id: str
    name: str
    type: str


class Member(Answer):
    """One list entry linked into a subject, and why it was linked."""

    source: str
    reference: str
    reason: str
    score: float | None = None


class Subject(SubjectBrief):
    aliases: list[str]
    members: list[Member]


class SubjectAnswer(Subject):
    """`subjects show`: the subject's linked entries, and other subjects the query could mean."""

    other_subjects: list[SubjectBrief]


class SnapshotRef(Answer):
    observed_on: str
    sha256: str


class Designation(Answer):
    """One list entry's state as of a date (see :mod:`listwatch.ledger.asof`)."""

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
    # Only where no snapshot is as old as the date asked and the list's legal date alone says
    # the entry was listed; absent otherwise, as in the JSON documented before it was typed.
    basis: str | None = Field(None, exclude_if=lambda value: value is None)


class LedgerStatus(Answer):
    """`status` from the ledger alone (the dossier adds the news claims)."""

    query: str
    as_of: str | None
    subject: Subject
    designations: list[Designation]
    other_subjects: list[SubjectBrief]


class Event(Answer):
    source: str
    reference: str
    kind: str = Field(..., examples=["listed", "amended", "delisted", "relisted"])
    valid_date: str | None
    recorded_at: str
    between: list[str | None] | None
    changes: dict[str, Any]


class HistoryAnswer(Answer):
    subject: Subject
    events: list[Event]
    other_subjects: list[SubjectBrief]


class SnapshotBrief(Answer):
    id: int
    observed_on: str
    observed_at: str
    sha256: str
    records: int
    files: list[str]


class DiffEntry(Answer):
    reference: str
    name: str


class AmendedEntry(DiffEntry):
    changes: dict[str, Any]


class DiffAnswer(Answer):
    source: str
    from_snapshot: SnapshotBrief
    to_snapshot: SnapshotBrief
    added: list[DiffEntry]
    removed: list[DiffEntry]
    amended: list[AmendedEntry]


class SourceRow(Answer):
    id: str
    authority: str
    list: str
    urls: dict[str, str]
    keeps_removed: bool
    snapshots: int
    last_snapshot: SnapshotBrief | None


class SourcesAnswer(Answer):
    sources: list[SourceRow]


class ImportResult(Answer):
    """One snapshot's import (or download, for `lists update`)."""

    source: str | None
    files: list[str]
    status: str = Field(..., examples=["imported", "unchanged", "refused", "failed"])
    message: str
    snapshot_id: int | None = None
    observed_on: str | None = None
    records: int | None = None

    @classmethod
    def refused(cls, source: str | None, files: list[str], message: str, *,
                status: str = "refused") -> ImportResult:
        """A file or download that stored nothing ("failed": the network failed us)."""
        return cls(source=source, files=files, status=status, message=message)


class ImportsAnswer(Answer):
    imports: list[ImportResult]


class UpdatesAnswer(Answer):
    updates: list[ImportResult]


class JudgementsAnswer(Answer):
    judgements: int
    subjects: int
