"""The renderer registry (listwatch.render): every answer model in every format, from answers
built here (no database), and hostile text in tables and CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.console import Console

from listwatch import render
from listwatch.dossier import StatusAnswer
from listwatch.ledger.models import (
    AmendedEntry, Designation, DiffAnswer, DiffEntry, Event, HistoryAnswer, ImportResult,
    ImportsAnswer, JudgementsAnswer, LedgerStatus, Member, SnapshotBrief, SnapshotRef, SourceRow,
    SourcesAnswer, Subject, SubjectAnswer, SubjectBrief, UpdatesAnswer,
)
from listwatch.news.models import (
    Claim, ClaimsAnswer, ClaimSubject, Document, IngestAnswer, IngestResult, Quote,
)
from listwatch.screening.models import (
    Algorithm, Comparison, Decision, DecisionAnswer, DecisionView, MatchedName, Provenance,
    ScreeningAnswer, ScreeningResult, SnapshotInForce,
)

# Text a list or an article may carry: formulas, CSV separators, quotes, line breaks, Rich markup.
HOSTILE = ['=HYPERLINK("http://example.invalid","click")', "+1-555", "-2+3", "@SUM(A1:A2)",
           "\tTAB", "\rCR", 'Front "Al-Example", Inc.', "two\nlines", "[/] [bold]not a tag[/bold]",
           "حزب الله", "Хезболла"]
NAME = HOSTILE[0]

BRIEF = SubjectBrief(id="S1", name=NAME, type="organisation")
SUBJECT = Subject(id="S1", name=NAME, type="organisation", aliases=HOSTILE[1:],
                  members=[Member(source="un-sc", reference="QDe.9", reason="primary", score=None)])
SNAP = SnapshotRef(observed_on="2024-03-05", sha256="a" * 64)


def designation(name: str, status: str = "listed", **extra) -> Designation:
    return Designation(source="un-sc", authority="United Nations", reference="QDe.9", status=status,
                       listed_on="2014-05-14", delisted_on=None,
                       delisted_between=["2020-12-01", "2025-11-20"] if status == "delisted" else None,
                       programmes=["Al-Qaida", "a, b"], name=name, names=[name, *HOSTILE],
                       legal_basis=None, first_seen="2019-01-07", last_seen="2024-03-05",
                       snapshot=SNAP, **extra)


DESIGNATIONS = [designation(text) for text in HOSTILE] + [
    designation("Delisted Example", "delisted"),
    designation("Legal Date Only", basis="legal-date: no snapshot before as_of")]
CLAIM = Claim(id=1, document=2, subject=ClaimSubject(id="S1", name=NAME), subject_text=HOSTILE[8],
              authority="Russia", action="delist", modality="considering", actor=HOSTILE[6],
              actor_kind="person", condition=HOSTILE[7], date="2024-12-18", date_granularity="day",
              evidence=HOSTILE[3], evidence_start=0, evidence_end=10, quote=None,
              evidence_spans=[[0, 10]], documents=[2, 3])
UNLINKED = CLAIM.model_copy(update={"id": 2, "subject": None})
SNAPSHOT = SnapshotBrief(id=1, observed_on="2024-03-05", observed_at="2024-03-05T00:00:00",
                         sha256="b" * 64, records=4, files=["consolidated.xml"])
IMPORT = ImportResult(source="un-sc", files=["/x/consolidated.xml"], status="imported",
                      message="4 records", snapshot_id=1, observed_on="2024-03-05", records=4)
REFUSED = ImportResult.refused(None, ["/x/bad.xml"], HOSTILE[8])
RESULT = ScreeningResult(
    subject=BRIEF, score=0.93, listing="listed",
    matched_name=MatchedName(value=NAME, script="Latn", kind="primary", quality="strong",
                             source="un-sc", reference="QDe.9"),
    explanation={"formula": "q", "pairs": [{"query": "a", "name": "b"}], "cross_script": False},
    designations=DESIGNATIONS[:2],
    decision=DecisionView(verdict="false-positive", by="ana", at="2024-01-01T00:00:00",
                          note=HOSTILE[0], query=NAME, review=True, review_reason="changed"))
PROVENANCE = Provenance(
    snapshots=[SnapshotInForce(source="un-sc", observed_at="2024-03-05T00:00:00",
                               observed_on="2024-03-05", sha256="c" * 64)],
    algorithm=Algorithm.of_scorer(), threshold=0.8, as_of=None, index_built_at="2024-01-01")

# One answer of every type the registry renders, and how many rows (JSONL, CSV) each has.
SAMPLES: dict[type, tuple] = {
    LedgerStatus: (LedgerStatus(query=NAME, as_of=None, subject=SUBJECT, designations=DESIGNATIONS,
                                other_subjects=[BRIEF]), len(DESIGNATIONS)),
    StatusAnswer: (StatusAnswer(query=NAME, as_of="2020-01-01", subject=SUBJECT, designations=[],
                                other_subjects=[], claims=[CLAIM, UNLINKED]), 0),
    HistoryAnswer: (HistoryAnswer(subject=SUBJECT, other_subjects=[BRIEF], events=[
        Event(source="un-sc", reference="QDe.9", kind="listed", valid_date="2014-05-14",
              recorded_at="2019-01-08T00:00:00", between=None, changes={}),
        Event(source="un-sc", reference="QDe.9", kind="delisted", valid_date=None,
              recorded_at="2025-11-21T00:00:00", between=["2020-12-01", "2025-11-20"],
              changes={"aliases": {"added": HOSTILE, "removed": []}})]), 2),
    DiffAnswer: (DiffAnswer(source="un-sc", from_snapshot=SNAPSHOT, to_snapshot=SNAPSHOT,
                            added=[DiffEntry(reference="QDe.1", name=HOSTILE[1])],
                            removed=[DiffEntry(reference="QDe.2", name=HOSTILE[8])],
                            amended=[AmendedEntry(reference="QDe.3", name=NAME,
                                                  changes={"name": {"from": "a", "to": NAME}})]),
                 3),
    SubjectAnswer: (SubjectAnswer(**dict(SUBJECT), other_subjects=[BRIEF]), 1),
    SourcesAnswer: (SourcesAnswer(sources=[
        SourceRow(id="un-sc", authority="United Nations", list="Consolidated",
                  urls={"main": "https://example.invalid/un.xml"}, keeps_removed=False,
                  snapshots=1, last_snapshot=SNAPSHOT),
        SourceRow(id="curated", authority="Various", list="Curated", urls={}, keeps_removed=True,
                  snapshots=0, last_snapshot=None)]), 2),
    ImportsAnswer: (ImportsAnswer(imports=[IMPORT, REFUSED]), 2),
    UpdatesAnswer: (UpdatesAnswer(updates=[IMPORT, REFUSED.model_copy(update={"status": "failed"})]),
                    2),
    JudgementsAnswer: (JudgementsAnswer(judgements=2, subjects=17), 1),
    ClaimsAnswer: (ClaimsAnswer(claims=[CLAIM, UNLINKED]), 2),
    Document: (Document(id=2, url=None, fingerprint="f", simhash="0f", source="a.txt", format="text",
                        title=HOSTILE[8], author=None, outlet=HOSTILE[6], published="2024-12-18",
                        dateline=None, body="Body with [citation needed] and [/] in it.",
                        removed=[], twin_of=None, ingested_at="2024-12-18T00:00:00",
                        reader_version="news-0.1",
                        quotes=[Quote(text=HOSTILE[7], start=0, end=9, kind="direct",
                                      speaker=HOSTILE[8], speaker_kind="person", speaker_text=None,
                                      speaker_start=None, affiliation=None, cue="said")],
                        twins=[3], claims=[CLAIM]), 1),
    IngestAnswer: (IngestAnswer(documents=[
        IngestResult(source="a.txt", status="stored", id=2, title=HOSTILE[0], claims=1),
        IngestResult(source="b.txt", status="error", message=HOSTILE[8])]), 2),
    ScreeningAnswer: (ScreeningAnswer(query=NAME, as_of=None, results=[RESULT, RESULT],
                                      provenance=PROVENANCE), 2),
    Comparison: (Comparison(name1=NAME, name2=HOSTILE[1], type=None, score=0.5, threshold=0.8,
                            match=False, algorithm=Algorithm.of_scorer(), explanation={
                                "formula": "f", "forms": {"compared": "folded"},
                                "pairs": [{"query": "[/]", "name": "x", "similarity": 1.0,
                                           "how": "exact", "weight": 1.0}],
                                "query_coverage": 1.0, "name_coverage": 0.5,
                                "unmatched_query": [], "unmatched_name": ["[b]"]}), 1),
    DecisionAnswer: (DecisionAnswer(decision=Decision(
        id=1, query=NAME, query_key="k", subject_id="S1", verdict="match", by="ana", note=None,
        at="2024-01-01T00:00:00")), 1),
}


def printed(answer, fmt: str) -> str:
    out = io.StringIO()
    render.render(answer, fmt, Console(file=out, width=200, color_system=None))
    return out.getvalue()


def test_every_registered_answer_has_a_sample_here():
    assert set(render.VIEWS) == set(SAMPLES)


@pytest.mark.parametrize("kind", SAMPLES, ids=lambda kind: kind.__name__)
def test_json_is_the_models_json(kind):
    answer, _ = SAMPLES[kind]
    assert json.loads(printed(answer, "json")) == answer.model_dump(mode="json")


@pytest.mark.parametrize("kind", SAMPLES, ids=lambda kind: kind.__name__)
def test_jsonl_has_one_object_a_row(kind):
    answer, rows = SAMPLES[kind]
    lines = printed(answer, "jsonl").splitlines()
    assert len(lines) == rows
    assert all(isinstance(json.loads(line), dict) for line in lines)


@pytest.mark.parametrize("kind", SAMPLES, ids=lambda kind: kind.__name__)
def test_csv_has_a_header_and_one_record_a_row(kind):
    answer, rows = SAMPLES[kind]
    records = list(csv.reader(io.StringIO(printed(answer, "csv"), newline="")))
    header, body = records[0], records[1:]
    assert len(body) == rows and all(len(r) == len(header) for r in body)
    assert len(set(header)) == len(header)


@pytest.mark.parametrize("kind", SAMPLES, ids=lambda kind: kind.__name__)
def test_table_renders_hostile_text_as_text(kind):
    answer, _ = SAMPLES[kind]
    text = printed(answer, "table")
    assert text.strip()
    # markup-looking text shows as it is written: it is not taken for a tag
    shown = {LedgerStatus: "[/] [bold]not a tag[/bold]", DiffAnswer: "[/]",
             Document: "[citation needed] and [/]", ScreeningAnswer: f"{NAME} [un-sc]",
             Comparison: "['[b]']", ClaimsAnswer: "[/]", ImportsAnswer: "[/]"}
    if kind in shown:
        assert shown[kind] in text


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted_as_text():
    answer, _ = SAMPLES[LedgerStatus]
    rows = list(csv.DictReader(io.StringIO(printed(answer, "csv"), newline="")))
    written = [row["name"] for row in rows[:len(HOSTILE)]]
    expected = ["'" + t if t[0] in "=+-@\t\r" else t for t in HOSTILE]
    assert written == expected
    # nested fields are columns; lists are JSON, every value kept whole
    assert rows[0]["snapshot.observed_on"] == "2024-03-05"
    assert json.loads(rows[0]["names"]) == [NAME, *HOSTILE]
    assert rows[0]["delisted_on"] == "" and rows[-1]["basis"].startswith("legal-date")
    assert rows[0]["subject_id"] == "S1"


def test_a_designation_has_a_basis_only_where_a_legal_date_alone_speaks():
    assert "basis" not in DESIGNATIONS[0].model_dump(mode="json")
    assert DESIGNATIONS[-1].model_dump(mode="json")["basis"].startswith("legal-date")


def test_a_batch_prints_one_json_answer_a_line_and_one_csv_header():
    answer, _ = SAMPLES[ScreeningAnswer]
    out = io.StringIO()
    render.render_stream(iter([answer, answer, answer]), "json", Console(file=out))
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [answer.model_dump(mode="json")] * 3
    out = io.StringIO()
    render.render_stream(iter([answer, answer]), "csv", Console(file=out))
    records = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert len(records) == 1 + 4 and records[0][0] == "query"
    out = io.StringIO()
    render.render_stream(iter([answer, answer]), "table", Console(file=out, width=300))
    assert out.getvalue().splitlines() == [f"{NAME}: {NAME} (0.93, listed)"] * 2


def test_an_unknown_format_or_model_is_refused():
    answer, _ = SAMPLES[JudgementsAnswer]
    with pytest.raises(ValueError, match="unknown format"):
        printed(answer, "xml")
    with pytest.raises(TypeError, match="no renderer"):
        printed(SNAP, "table")
