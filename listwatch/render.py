"""One registry of renderers for the faces: every answer model, in every output format.

* ``table`` — Rich tables for people; each answer model registers how it draws itself;
* ``json`` — the answer as one JSON document (the shape the README documents);
* ``jsonl`` — the answer's rows (designations, events, claims, results …), one JSON object a line;
* ``csv`` — the same rows, nested fields flattened to ``a.b`` columns and lists written as JSON.

A stream of answers (``screen --batch``) prints, in ``json``, one answer a line (JSON lines, as
documented for batches); in ``table`` each answer's one-line summary where its model registers one
(else its table); in ``jsonl`` and ``csv`` the rows of every answer.

The CSV guards spreadsheet users against hostile text: a cell that a spreadsheet would run as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a
leading apostrophe, which spreadsheets show as text; list names and news text come from outside.
For the same reason the tables escape Rich markup in data: a name like "[/]" is text, not a tag.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, TypeVar

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from listwatch.dossier import StatusAnswer
from listwatch.ledger.models import (
    Designation, DiffAnswer, Event, HistoryAnswer, ImportResult, ImportsAnswer, JudgementsAnswer,
    LedgerStatus, SourcesAnswer, SubjectAnswer, SubjectBrief, UpdatesAnswer,
)
from listwatch.news.models import Claim, ClaimsAnswer, Document, IngestAnswer
from listwatch.screening.models import Comparison, DecisionAnswer, ScreeningAnswer

FORMATS = ("table", "json", "jsonl", "csv")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

M = TypeVar("M", bound=BaseModel)
Row = dict[str, Any]


@dataclass(frozen=True)
class View:
    """How one answer model renders: its table, the rows of its JSONL and CSV, and the line
    that stands for it among many (a batch)."""

    table: Callable[[Console, Any], None]
    rows: Callable[[Any], Iterable[Row]]
    line: Callable[[Any], str] | None = None


VIEWS: dict[type[BaseModel], View] = {}


def view(model: type[M], rows: Callable[[M], Iterable[Row]],
         line: Callable[[M], str] | None = None) -> Callable:
    """Register the decorated function as ``model``'s table, ``rows`` as its rows and ``line``
    as its summary in a batch."""
    def register(table: Callable[[Console, M], None]) -> Callable[[Console, M], None]:
        VIEWS[model] = View(table, rows, line)
        return table
    return register


def view_of(answer: BaseModel) -> View:
    for cls in type(answer).__mro__:
        if cls in VIEWS:
            return VIEWS[cls]
    raise TypeError(f"no renderer registered for {type(answer).__name__}")


def render(answer: BaseModel, fmt: str, console: Console) -> None:
    """Print one answer in ``fmt`` (one of :data:`FORMATS`)."""
    render_stream([answer], fmt, console, single=True)


def render_stream(answers: Iterable[BaseModel], fmt: str, console: Console, *,
                  single: bool = False) -> None:
    """Print answers as they come (a batch): each answer's table, rows, or JSON line."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    out = console.file
    if fmt == "csv":  # the header is the union of every row's columns: the rows are kept
        write_csv([row for a in answers for row in flat_rows(a)], out)
        return
    for answer in answers:
        if fmt == "table" and not single and (line := view_of(answer).line):
            console.print(escape(line(answer)))
        elif fmt == "table":
            view_of(answer).table(console, answer)
        elif fmt == "jsonl":
            for row in view_of(answer).rows(answer):
                out.write(json_text(row) + "\n")
        elif single:
            out.write(json_text(answer.model_dump(mode="json"), indent=2) + "\n")
        else:
            out.write(json_text(answer.model_dump(mode="json")) + "\n")
        out.flush()


def json_text(data: Any, indent: int | None = None) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent)


def dumped(model: BaseModel, **context: Any) -> Row:
    """A row: the model's JSON fields, after the ``context`` columns that say whose row it is."""
    return {**context, **model.model_dump(mode="json")}


def flat_rows(answer: BaseModel) -> list[Row]:
    return [flatten(row) for row in view_of(answer).rows(answer)]


def flatten(row: Row, prefix: str = "") -> Row:
    """Nested objects become ``a.b`` columns; lists stay whole, as JSON text."""
    flat: Row = {}
    for key, value in row.items():
        if isinstance(value, dict) and value:
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json_text(value)
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def write_csv(rows: list[Row], out: TextIO) -> None:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    # RFC 4180's CRLF: with it the writer also quotes a lone CR in a cell, which a "\n"
    # terminator leaves bare (and a reader then splits the record there)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([cell(row.get(c)) for c in columns] for row in rows)



# -- the ledger ---------------------------------------------------------------------------------

def status_rows(answer: LedgerStatus) -> list[Row]:
    return [dumped(d, subject_id=answer.subject.id, subject_name=answer.subject.name)
            for d in answer.designations]


@view(LedgerStatus, status_rows)
def status_table(console: Console, answer: LedgerStatus) -> None:
    subject = answer.subject
    console.print(f"[bold]{escape(subject.name)}[/] ({subject.type}, {subject.id})"
                  + (f" as of {answer.as_of}" if answer.as_of else ""))
    if answer.designations:
        table = Table("list", "name on the list", "status", "programmes", "rests on")
        for d in answer.designations:
            listed = f"on {d.listed_on}" if d.listed_on else "(the list gives no date)"
            state = (f"[red]listed[/] {listed}" if d.status == "listed"
                     else f"[yellow]delisted[/] {delisting_text(d)}")
            table.add_row(escape(f"{d.authority}\n{d.source} {d.reference}"), escape(d.name),
                          state, escape(", ".join(d.programmes)),
                          f"as of {d.source} {d.snapshot.observed_on}")
        console.print(table)
    else:
        console.print(f"not listed as of {answer.as_of or 'today'} on any imported list")
    rivals_line(console, answer.other_subjects)


def delisting_text(designation: Designation) -> str:
    """The legal delisting date, or the bracket of snapshots it happened between."""
    if designation.delisted_on:
        return f"on {designation.delisted_on}"
    between = designation.delisted_between
    return f"between {between[0]} and {between[1]}" if between else ""


def bracket_text(between: list | None) -> str:
    """When an event without a legal date happened: between two snapshots, or by the first."""
    if not between:
        return "?"
    if between[0] is None:
        return f"by {between[1]}"
    return f"between {between[0]} and {between[1] or '?'}"


def event_day(event: Event) -> str:
    """The day an event sorts by: its legal date, else the later end of its bracket."""
    between = event.between or [None, None]
    return event.valid_date or between[1] or between[0] or ""


def rivals_line(console: Console, others: list[SubjectBrief]) -> None:
    if others:
        console.print("also matches: " + "; ".join(f"{escape(o.name)} ({o.id})" for o in others))


@view(HistoryAnswer, lambda a: [dumped(e, subject_id=a.subject.id) for e in a.events])
def history_table(console: Console, answer: HistoryAnswer) -> None:
    console.print(f"[bold]{escape(answer.subject.name)}[/] ({answer.subject.id})")
    # One kind of date: the list's own date of the event, or the two snapshots it fell between.
    table = Table("date", "source", "reference", "event", "changes")
    for e in sorted(answer.events, key=event_day):
        table.add_row(e.valid_date or bracket_text(e.between), e.source, escape(e.reference),
                      e.kind, ", ".join(e.changes))
    console.print(table)
    rivals_line(console, answer.other_subjects)


def diff_rows(answer: DiffAnswer) -> list[Row]:
    return [dumped(entry, source=answer.source, change=kind)
            for kind in ("added", "removed", "amended") for entry in getattr(answer, kind)]


@view(DiffAnswer, diff_rows)
def diff_table(console: Console, answer: DiffAnswer) -> None:
    console.print(f"{answer.source}: {answer.from_snapshot.observed_on} → "
                  f"{answer.to_snapshot.observed_on}")
    for kind in ("added", "removed", "amended"):
        entries = getattr(answer, kind)
        console.print(f"[bold]{kind}[/] ({len(entries)})")
        for entry in entries:
            console.print(escape(f"  {entry.reference}  {entry.name}"))


@view(SubjectAnswer, lambda a: [dumped(m, subject_id=a.id, subject_name=a.name) for m in a.members])
def subject_table(console: Console, subject: SubjectAnswer) -> None:
    console.print(f"[bold]{escape(subject.name)}[/] ({subject.type}, {subject.id})")
    table = Table("source", "reference", "reason")
    for m in subject.members:
        table.add_row(m.source, escape(m.reference), escape(m.reason))
    console.print(table)
    rivals_line(console, subject.other_subjects)


@view(SourcesAnswer, lambda a: [dumped(s) for s in a.sources])
def sources_table(console: Console, answer: SourcesAnswer) -> None:
    table = Table("id", "authority", "list", "snapshots", "last observed", "url")
    for r in answer.sources:
        last = r.last_snapshot.observed_on if r.last_snapshot else "—"
        table.add_row(r.id, r.authority, r.list, str(r.snapshots), last, r.urls.get("main", ""))
    console.print(table)



def import_rows(results: list[ImportResult]) -> list[Row]:
    return [dumped(r) for r in results]


@view(ImportsAnswer, lambda a: import_rows(a.imports))
def imports_table(console: Console, answer: ImportsAnswer) -> None:
    table = Table("status", "source", "observed", "records", "files", "message")
    for r in answer.imports:
        colour = {"imported": "green", "unchanged": "dim", "refused": "red"}[r.status]
        table.add_row(f"[{colour}]{r.status}[/]", r.source or "?", r.observed_on or "",
                      str(r.records or ""), escape(", ".join(Path(f).name for f in r.files)),
                      escape(r.message))
    console.print(table)


@view(UpdatesAnswer, lambda a: import_rows(a.updates))
def updates_table(console: Console, answer: UpdatesAnswer) -> None:
    table = Table("status", "source", "observed", "records", "message")
    for r in answer.updates:
        table.add_row(r.status, r.source or "", r.observed_on or "", str(r.records or ""),
                      escape(r.message))
    console.print(table)


@view(JudgementsAnswer, lambda a: [dumped(a)])
def judgements_line(console: Console, answer: JudgementsAnswer) -> None:
    console.print(f"{answer.judgements} judgements recorded; {answer.subjects} subjects after "
                  "relinking")


# -- the news -----------------------------------------------------------------------------------

@view(StatusAnswer, status_rows)
def dossier_status_table(console: Console, answer: StatusAnswer) -> None:
    status_table(console, answer)
    if answer.claims:
        console.print("[bold]In the news[/] (claims, not official status)")
        claims_table(console, answer.claims)


def claims_table(console: Console, claims: list[Claim]) -> None:
    table = Table("id", "doc", "date", "subject", "authority", "action", "modality", "actor",
                  "condition")
    for c in claims:
        subject = c.subject.name if c.subject else f"{c.subject_text} (unlinked)"
        table.add_row(str(c.id), str(c.document), c.date or "?", escape(subject),
                      escape(c.authority or "?"), c.action, c.modality, escape(c.actor or ""),
                      escape(c.condition or ""))
    console.print(table)


@view(ClaimsAnswer, lambda a: [dumped(c) for c in a.claims])
def claims_answer_table(console: Console, answer: ClaimsAnswer) -> None:
    claims_table(console, answer.claims)


@view(Document, lambda a: [dumped(c) for c in a.claims])
def document_table(console: Console, doc: Document) -> None:
    console.print(f"[bold]{escape(doc.title or '(no title)')}[/]  "
                  + escape(f"{doc.outlet or ''} {doc.published or ''}  {doc.author or ''}"))
    console.print(escape(doc.body))
    for q in doc.quotes:
        console.print(f"[cyan]“{escape(q.text)}”[/] — "
                      + escape(f"{q.speaker or '?'} ({q.cue or ''})"))
    claims_table(console, doc.claims)


@view(IngestAnswer, lambda a: [dumped(r) for r in a.documents])
def ingest_table(console: Console, answer: IngestAnswer) -> None:
    table = Table("status", "id", "published", "outlet", "title", "claims", "message")
    for r in answer.documents:
        colour = {"stored": "green", "near-duplicate": "cyan", "duplicate": "dim",
                  "error": "red"}[r.status]
        table.add_row(f"[{colour}]{r.status}[/]", str(r.id or ""), r.published or "?",
                      escape(r.outlet or ""), escape((r.title or "")[:60]), str(r.claims),
                      escape(r.message))
    console.print(table)


# -- screening ----------------------------------------------------------------------------------

def screening_line(answer: ScreeningAnswer) -> str:
    """The name, and the subject it matches best."""
    top = answer.results[0] if answer.results else None
    return f"{answer.query}: " + (f"{top.subject.name} ({top.score:.2f}, {top.listing})"
                                  if top else "no match")


@view(ScreeningAnswer, lambda a: [dumped(r, query=a.query, as_of=a.as_of) for r in a.results],
      line=screening_line)
def screening_table(console: Console, answer: ScreeningAnswer) -> None:
    algorithm = answer.provenance.algorithm
    console.print(f"[bold]{escape(answer.query)}[/]"
                  + (f" as of {answer.as_of}" if answer.as_of else "")
                  + f" — {algorithm.name} {algorithm.version}, threshold "
                  f"{answer.provenance.threshold}")
    if not answer.results:
        console.print("no match at or above the threshold")
        return
    table = Table("score", "subject", "listing", "matched name", "lists", "decision")
    for r in answer.results:
        lists = escape("\n".join(f"{d.source} {d.reference} {d.status}"
                                 + (f", listed on {d.listed_on}" if d.listed_on else "")
                                 for d in r.designations))
        decision = r.decision
        mark = "" if decision is None else decision.verdict + (" (review)" if decision.review else "")
        table.add_row(f"{r.score:.2f}", escape(f"{r.subject.name} ({r.subject.id})"), r.listing,
                      escape(f"{r.matched_name.value} [{r.matched_name.source}]"), lists, mark)
    console.print(table)


@view(Comparison, lambda a: [dumped(a)])
def comparison_table(console: Console, answer: Comparison) -> None:
    e = answer.explanation
    console.print(f"[bold]{answer.score:.4f}[/] ({'match' if answer.match else 'no match'} "
                  f"at {answer.threshold}) — {e['formula']}; compared: {e['forms']['compared']}")
    table = Table("query word", "list word", "similarity", "how", "weight")
    for pair in e["pairs"]:
        table.add_row(escape(pair["query"]), escape(pair["name"]), f"{pair['similarity']:.2f}",
                      pair["how"], f"{pair['weight']:.2f}")
    console.print(table)
    console.print(escape(f"query coverage {e['query_coverage']}, name coverage "
                         f"{e['name_coverage']}; unmatched: {e['unmatched_query'] or '-'} / "
                         f"{e['unmatched_name'] or '-'}"))


@view(DecisionAnswer, lambda a: [dumped(a.decision)])
def decision_line(console: Console, answer: DecisionAnswer) -> None:
    d = answer.decision
    console.print(escape(f"recorded: {d.query!r} → {d.subject_id} is {d.verdict} (by {d.by})"))
