"""The ``listwatch`` command line. Every command takes ``--json``; without it, Rich tables."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Optional

import typer
import yaml
from sqlalchemy.exc import SQLAlchemyError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from listwatch import dossier, sources
from listwatch.errors import ListwatchError
from listwatch.ledger import queries
from listwatch.ledger.importer import (
    DEFAULT_MAX_REMOVAL_SHARE, ImportRefused, import_paths, parse_observed, utcnow,
)
from listwatch.ledger.linking import add_judgements
from listwatch.store import DEFAULT_DB, Judgement, SchemaNotCurrent, Store

app = typer.Typer(add_completion=False,
                  help="Who lists this organisation or person as terrorist, since when, under "
                       "which name, and who is pushing to change that.", no_args_is_help=True)
lists_app = typer.Typer(help="Official lists: import, update, sources.", no_args_is_help=True)
subjects_app = typer.Typer(help="Subjects linked across lists: judgements.", no_args_is_help=True)
app.add_typer(lists_app, name="lists")
app.add_typer(subjects_app, name="subjects")

console = Console(stderr=False)
# Error messages are never hard-wrapped: they name files and places that a reader (or a script)
# must be able to copy whole, whatever the terminal width.
errors = Console(stderr=True, soft_wrap=True)
JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of tables.")


class State:
    db_url: str = DEFAULT_DB


@app.callback()
def main(db: Optional[str] = typer.Option(
        None, "--db", help="Database URL (default: $LISTWATCH_DB or sqlite:///listwatch.db).")) -> None:
    State.db_url = db or os.environ.get("LISTWATCH_DB") or DEFAULT_DB


def open_store(*, upgrade: bool = False) -> Store:
    """The database of --db. Commands that write bring its schema up to date first (as `db
    upgrade` does); the others create a new, empty database's tables (nothing to lose) but refuse,
    with the reason, an existing database whose schema is older than this listwatch."""
    store = Store(State.db_url)
    try:
        if not upgrade:
            try:
                store.require_current_schema()
                return store
            except SchemaNotCurrent as exc:
                if not exc.empty:
                    raise
        store.upgrade()
    except SchemaNotCurrent as exc:
        fail(f"{State.db_url}: {exc}")
    except SQLAlchemyError as exc:
        fail(f"{State.db_url}: cannot open the database: {exc.__class__.__name__}: {exc}")
    return store


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(message: str, code: int = 1) -> None:
    errors.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def valid_day(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        fail(f"{value!r} is not a date (use YYYY-MM-DD)", 2)


# -- lists ------------------------------------------------------------------------------------

@lists_app.command("import")
def lists_import(
    paths: list[Path] = typer.Argument(..., help="List files or folders of them."),
    source: Optional[str] = typer.Option(None, "--source", help="Force a source id."),
    observed_at: Optional[str] = typer.Option(
        None, "--observed-at", help="When the file was published, for files that do not say."),
    date_from_filename: bool = typer.Option(
        False, "--date-from-filename",
        help="For files that carry no date, take it from a date in the file name "
             "(sdn__2021-08-18T09-39.csv); --observed-at wins over it."),
    allow_mass_removal: bool = typer.Option(
        False, "--allow-mass-removal", help="Accept a snapshot that delists many records at once."),
    max_removal_share: float = typer.Option(
        DEFAULT_MAX_REMOVAL_SHARE, "--max-removal-share", help="Share that counts as mass removal."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import list files as snapshots (one transaction each)."""
    if source is not None and not sources.is_known(source):
        fail(f"unknown source {source!r}; see `listwatch lists sources`", 2)
    if observed_at is not None:
        try:  # checked here, not only for files without a date of their own
            parse_observed(observed_at, "option")
        except ImportRefused as exc:
            fail(f"--observed-at: {exc}")
    store = open_store(upgrade=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=errors, disable=as_json, transient=True) as bar:
        task = bar.add_task("importing", total=None)

        def advance(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=f"imported {label}")

        try:
            results = import_paths(store, paths, source_id=source, observed_at=observed_at,
                                   date_from_name=date_from_filename,
                                   max_removal_share=max_removal_share,
                                   allow_mass_removal=allow_mass_removal, progress=advance)
        except ListwatchError as exc:
            fail(str(exc))
    refresh_screening_index(store, results)
    if as_json:
        emit_json({"imports": [r.to_dict() for r in results]})
    else:
        table = Table("status", "source", "observed", "records", "files", "message")
        for r in results:
            colour = {"imported": "green", "unchanged": "dim", "refused": "red"}[r.status]
            table.add_row(f"[{colour}]{r.status}[/]", r.source or "?", r.observed_on or "",
                          str(r.records or ""), ", ".join(Path(f).name for f in r.files), r.message)
        console.print(table)
    if any(r.status == "refused" for r in results):
        raise typer.Exit(1)


@lists_app.command("update")
def lists_update(
    source: Optional[list[str]] = typer.Option(None, "--source", help="Source id (repeatable)."),
    mirror: Optional[str] = typer.Option(
        None, "--mirror", help="Base URL of a mirror holding the files under their official names."),
    url: Optional[str] = typer.Option(None, "--url", help="Fetch the main file of ONE source here."),
    allow_mass_removal: bool = typer.Option(False, "--allow-mass-removal"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Download lists from their official URLs and import them."""
    from listwatch.ledger.update import update

    chosen = source or [s.id for s in sources.all_sources().values() if s.urls]
    if url and len(chosen) != 1:
        fail("--url needs exactly one --source", 2)
    for source_id in chosen:
        if not sources.is_known(source_id):
            fail(f"unknown source {source_id!r}", 2)
    store = open_store(upgrade=True)
    with console.status("downloading", spinner="dots") if not as_json else nullcontext():
        results = update(store, chosen, mirror=mirror, url=url,
                         allow_mass_removal=allow_mass_removal)
    refresh_screening_index(store, results)
    if as_json:
        emit_json({"updates": [r.to_dict() for r in results]})
    else:
        table = Table("status", "source", "observed", "records", "message")
        for r in results:
            table.add_row(r.status, r.source or "", r.observed_on or "", str(r.records or ""),
                          r.message)
        console.print(table)
    if any(r.status in ("refused", "failed") for r in results):
        raise typer.Exit(1)


def refresh_screening_index(store: Store, results: list) -> None:
    """After new snapshots, persist the screening index now, so that the next `screen` or
    `status` loads it instead of building it."""
    if any(r.status == "imported" for r in results):
        from listwatch.screening import api as screening

        screening.refresh_index(store)


@lists_app.command("sources")
def lists_sources(as_json: bool = JSON_OPTION) -> None:
    """Known sources: ids, authorities, official URLs, last snapshot."""
    rows = queries.source_overview(open_store())
    if as_json:
        emit_json({"sources": rows})
        return
    table = Table("id", "authority", "list", "snapshots", "last observed", "url")
    for r in rows:
        last = r["last_snapshot"]["observed_on"] if r["last_snapshot"] else "—"
        table.add_row(r["id"], r["authority"], r["list"], str(r["snapshots"]), last,
                      r["urls"].get("main", ""))
    console.print(table)


# -- queries ----------------------------------------------------------------------------------

@app.command("status")
def status(query: str = typer.Argument(..., help="Name, alias or list reference (QDe.137)."),
           as_of: Optional[str] = typer.Option(None, "--as-of", help="Date YYYY-MM-DD."),
           as_json: bool = JSON_OPTION) -> None:
    """Who lists this subject, since when, under which name — as of a date."""
    try:
        answer = dossier.status(open_store(), query, valid_day(as_of))
    except queries.NotFound as exc:
        fail(str(exc))
    if as_json:
        emit_json(answer)
        return
    subject = answer["subject"]
    console.print(f"[bold]{subject['name']}[/] ({subject['type']}, {subject['id']})"
                  + (f" as of {answer['as_of']}" if answer["as_of"] else ""))
    if answer["designations"]:
        table = Table("list", "name on the list", "status", "programmes", "rests on")
        for d in answer["designations"]:
            listed = f"on {d['listed_on']}" if d["listed_on"] else "(the list gives no date)"
            state = (f"[red]listed[/] {listed}" if d["status"] == "listed"
                     else f"[yellow]delisted[/] {delisting_text(d)}")
            table.add_row(f"{d['authority']}\n{d['source']} {d['reference']}", d["name"], state,
                          ", ".join(d["programmes"]),
                          f"as of {d['source']} {d['snapshot']['observed_on']}")
        console.print(table)
    else:
        console.print(f"not listed as of {answer['as_of'] or 'today'} on any imported list")
    print_rivals(answer["other_subjects"])
    if answer.get("claims"):
        console.print("[bold]In the news[/] (claims, not official status)")
        print_claims(answer["claims"])


def delisting_text(designation: dict) -> str:
    """The legal delisting date, or the bracket of snapshots it happened between."""
    if designation["delisted_on"]:
        return f"on {designation['delisted_on']}"
    between = designation["delisted_between"]
    return f"between {between[0]} and {between[1]}" if between else ""


def bracket_text(between: list | None) -> str:
    """When an event without a legal date happened: between two snapshots, or by the first."""
    if not between:
        return "?"
    if between[0] is None:
        return f"by {between[1]}"
    return f"between {between[0]} and {between[1] or '?'}"


def event_day(event: dict) -> str:
    """The day an event sorts by: its legal date, else the later end of its bracket."""
    between = event["between"] or [None, None]
    return event["valid_date"] or between[1] or between[0] or ""


def print_rivals(others: list[dict]) -> None:
    if others:
        console.print("also matches: " + "; ".join(f"{o['name']} ({o['id']})" for o in others))


@app.command("history")
def history(query: str = typer.Argument(...), as_json: bool = JSON_OPTION) -> None:
    """Every listing, amendment, delisting and relisting of a subject."""
    try:
        answer = queries.history(open_store(), query)
    except queries.NotFound as exc:
        fail(str(exc))
    if as_json:
        emit_json(answer)
        return
    console.print(f"[bold]{answer['subject']['name']}[/] ({answer['subject']['id']})")
    # One kind of date: the list's own date of the event, or the two snapshots it fell between.
    table = Table("date", "source", "reference", "event", "changes")
    for e in sorted(answer["events"], key=event_day):
        when = e["valid_date"] or bracket_text(e["between"])
        table.add_row(when, e["source"], e["reference"], e["kind"], ", ".join(e["changes"]))
    console.print(table)
    print_rivals(answer["other_subjects"])


@app.command("diff")
def diff(source: str = typer.Argument(..., help="Source id, e.g. un-sc."),
         from_day: str = typer.Option(..., "--from", help="Date YYYY-MM-DD."),
         to_day: str = typer.Option(..., "--to", help="Date YYYY-MM-DD."),
         as_json: bool = JSON_OPTION) -> None:
    """Records added, removed and amended between the snapshots in force on two dates."""
    if not sources.is_known(source):
        fail(f"unknown source {source!r}", 2)
    from_day, to_day = valid_day(from_day), valid_day(to_day)
    if from_day > to_day:
        fail(f"--from {from_day} is later than --to {to_day}", 2)
    try:
        answer = queries.diff(open_store(), source, from_day, to_day)
    except queries.NotFound as exc:
        fail(str(exc))
    if as_json:
        emit_json(answer)
        return
    console.print(f"{source}: {answer['from_snapshot']['observed_on']} → "
                  f"{answer['to_snapshot']['observed_on']}")
    for kind in ("added", "removed", "amended"):
        console.print(f"[bold]{kind}[/] ({len(answer[kind])})")
        for entry in answer[kind]:
            console.print(f"  {entry['reference']}  {entry['name']}")


@app.command("export")
def export(query: Optional[str] = typer.Argument(None, help="Name, alias or reference of one subject."),
           fmt: str = typer.Option("ftm", "--format", help="ftm (FollowTheMoney JSON lines) or csv."),
           source: Optional[str] = typer.Option(None, "--source", help="Subjects with an entry on this source."),
           output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout).")
           ) -> None:
    """Subjects with their designations and history, as FollowTheMoney entities or CSV."""
    from listwatch.ledger.export import FORMATS, ExportError, export as run_export

    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}", 2)
    if query is not None and source is not None:
        fail("give a QUERY or --source, not both", 2)
    if source is not None and not sources.is_known(source):
        fail(f"unknown source {source!r}; see `listwatch lists sources`", 2)
    try:
        text = run_export(open_store(), fmt, query, source)
    except (queries.NotFound, ExportError) as exc:
        fail(str(exc))
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: {exc}")


# -- news -------------------------------------------------------------------------------------

@app.command("ingest")
def ingest(inputs: list[str] = typer.Argument(..., help="Text/HTML/JSONL files, feeds, folders or URLs."),
           published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD."),
           outlet: Optional[str] = typer.Option(None, "--outlet", help="Outlet name."),
           url: Optional[str] = typer.Option(None, "--url", help="The article's URL (one input)."),
           follow_links: bool = typer.Option(
               False, "--follow-links",
               help="Fetch each feed item's page (same limits as every download); without it a "
                    "feed item is read from its own content."),
           as_json: bool = JSON_OPTION) -> None:
    """Read news articles: body, quotes, dates, entities and designation claims (one
    transaction per document; seen documents are not stored twice)."""
    from listwatch.news.ingest import ingest as run_ingest
    from listwatch.news.reader import Reader

    if url and len(inputs) != 1:
        fail("--url needs exactly one input", 2)
    day = valid_day(published)
    store = open_store(upgrade=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=errors, disable=as_json, transient=True) as bar:
        task = bar.add_task("loading the NLP pipeline", total=None)
        reader = Reader.for_store(store)

        def advance(done: int, label: str) -> None:
            bar.update(task, completed=done, description=f"read {label[-50:]}")

        results = run_ingest(store, inputs, published=day, outlet=outlet, url=url, reader=reader,
                             follow_links=follow_links, progress=advance)
    if as_json:
        emit_json({"documents": [r.to_dict() for r in results]})
    else:
        table = Table("status", "id", "published", "outlet", "title", "claims", "message")
        for r in results:
            colour = {"stored": "green", "near-duplicate": "cyan", "duplicate": "dim",
                      "error": "red"}[r.status]
            table.add_row(f"[{colour}]{r.status}[/]", str(r.id or ""), r.published or "?",
                          r.outlet or "", (r.title or "")[:60], str(r.claims), r.message)
        console.print(table)
    if results and all(r.status == "error" for r in results):
        raise typer.Exit(1)


def print_claims(claims: list[dict]) -> None:
    table = Table("id", "doc", "date", "subject", "authority", "action", "modality", "actor",
                  "condition")
    for c in claims:
        subject = c["subject"]["name"] if c["subject"] else f"{c['subject_text']} (unlinked)"
        table.add_row(str(c["id"]), str(c["document"]), c["date"] or "?", subject,
                      c["authority"] or "?", c["action"], c["modality"], c["actor"] or "",
                      c["condition"] or "")
    console.print(table)


@app.command("claims")
def claims(subject: Optional[str] = typer.Option(None, "--subject", help="Name, alias or reference."),
           authority: Optional[str] = typer.Option(None, "--authority", help="Whose list (US, UN, Russia …)."),
           as_json: bool = JSON_OPTION) -> None:
    """Designation claims read from the news (who says a subject is, or should be, listed)."""
    answer = dossier.claims(open_store(), subject, authority)
    if as_json:
        emit_json(answer)
    else:
        print_claims(answer["claims"])


@app.command("doc")
def doc(document_id: int = typer.Argument(..., help="Document id (from ingest)."),
        as_json: bool = JSON_OPTION) -> None:
    """One ingested document: metadata, body, removed blocks, quotes, entities, dates, claims."""
    answer = dossier.document(open_store(), document_id)
    if answer is None:
        fail(f"no document {document_id}")
    if as_json:
        emit_json(answer)
        return
    console.print(f"[bold]{answer['title'] or '(no title)'}[/]  {answer['outlet'] or ''} "
                  f"{answer['published'] or ''}  {answer['author'] or ''}")
    console.print(answer["body"])
    for q in answer["quotes"]:
        console.print(f"[cyan]“{q['text']}”[/] — {q['speaker'] or '?'} ({q['cue'] or ''})")
    print_claims(answer["claims"])


# -- subjects ---------------------------------------------------------------------------------

@subjects_app.command("judge")
def subjects_judge(file: Path = typer.Argument(..., help="YAML judgements file."),
                   by: Optional[str] = typer.Option(None, "--by", help="Analyst (default: OS user)."),
                   as_json: bool = JSON_OPTION) -> None:
    """Apply analyst merges and splits, e.g.::

        merge:
          - [un-sc:QDe.137, us-ofac-sdn:16937]
        split:
          - [un-sc:QDe.137, us-ofac-sdn:24879]
        note: why
    """
    try:
        judgements = read_judgements(file, by or getpass.getuser())
    except (OSError, ValueError, yaml.YAMLError) as exc:
        fail(f"{file}: {exc}")
    store = open_store()
    unknown = sorted({f"{s}:{r}" for j in judgements for s, r in (j.a, j.b)
                      if (s, r) not in store.references_matching(r)})
    if unknown:  # a judgement on a record the ledger lacks would be stored and do nothing
        fail(f"{file}: not in the ledger: {', '.join(unknown)}")
    count = add_judgements(store, judgements, utcnow())
    if as_json:
        emit_json({"judgements": len(judgements), "subjects": count})
    else:
        console.print(f"{len(judgements)} judgements recorded; {count} subjects after relinking")


def read_judgements(path: Path, by: str) -> list[Judgement]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not set(data) <= {"merge", "split", "note"}:
        raise ValueError("expected a mapping with 'merge', 'split' and optional 'note'")
    judgements = []
    for kind in ("merge", "split"):
        for pair in data.get(kind) or []:
            if not (isinstance(pair, list) and len(pair) == 2):
                raise ValueError(f"{kind}: each entry is a pair [source:reference, source:reference]")
            a, b = (_record_key(item) for item in pair)
            judgements.append(Judgement(kind, a, b, by, data.get("note")))
    if not judgements:
        raise ValueError("no merge or split pairs")
    return judgements


def _record_key(text: str) -> tuple[str, str]:
    source_id, sep, reference = str(text).partition(":")
    if not sep or not sources.is_known(source_id) or not reference:
        raise ValueError(f"{text!r} is not source:reference with a known source")
    return source_id, reference


@subjects_app.command("show")
def subjects_show(query: str = typer.Argument(...), as_json: bool = JSON_OPTION) -> None:
    """A subject's linked records and why each was linked."""
    store = open_store()
    try:
        subject_id, others = queries.resolve_subject(store, query)
    except queries.NotFound as exc:
        fail(str(exc))
    subject = {**queries.subject_summary(store, subject_id),
               "other_subjects": [queries.brief(store, s) for s in others]}
    if as_json:
        emit_json(subject)
        return
    console.print(f"[bold]{subject['name']}[/] ({subject['type']}, {subject['id']})")
    table = Table("source", "reference", "reason")
    for m in subject["members"]:
        table.add_row(m["source"], m["reference"], m["reason"])
    console.print(table)
    print_rivals(subject["other_subjects"])


# -- screening --------------------------------------------------------------------------------

class _ScreenGroup(TyperGroup):
    """``listwatch screen NAME …`` screens a name; ``listwatch screen decide …`` records a
    decision: anything that is not a subcommand goes to ``screen name``."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["name", *args]
        return super().parse_args(ctx, args)


screen_app = typer.Typer(cls=_ScreenGroup, no_args_is_help=True,
                         help="Screen names against the ledger (`listwatch screen NAME`), and "
                              "record analysts' decisions (`listwatch screen decide`).")
app.add_typer(screen_app, name="screen")


@screen_app.command("name")
def screen_name(
    name: Optional[str] = typer.Argument(None, help="The name to screen (any script)."),
    type_: Optional[str] = typer.Option(None, "--type", help="organization or person."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date YYYY-MM-DD (default: now)."),
    threshold: Optional[float] = typer.Option(
        None, "--threshold", help="Lowest score shown, 0–1 (default 0.8; 0 shows near misses)."),
    limit: int = typer.Option(10, "--limit", help="Most subjects per name."),
    batch: Optional[Path] = typer.Option(
        None, "--batch", help="File with one name per line ('-': stdin); prints JSONL with --json."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Screen NAME (the default: `listwatch screen NAME` is `listwatch screen name NAME`)."""
    from listwatch.screening import api as screening

    if (name is None) == (batch is None):
        fail("give a NAME or --batch FILE", 2)
    options = {"type_": type_, "as_of": valid_day(as_of), "limit": limit,
               "threshold": screening.DEFAULT_THRESHOLD if threshold is None else threshold}
    store = open_store()
    try:
        if batch is not None:
            try:
                text = sys.stdin.read() if str(batch) == "-" else batch.read_text(encoding="utf-8")
            except OSError as exc:
                fail(f"{batch}: {exc}")
            names = [line.strip() for line in text.splitlines() if line.strip()]
            for answer in screening.screen_many(store, names, **options):
                if as_json:
                    sys.stdout.write(json.dumps(answer, ensure_ascii=False, default=str) + "\n")
                else:
                    top = answer["results"][0] if answer["results"] else None
                    console.print(f"{answer['query']}: " + (
                        f"{top['subject']['name']} ({top['score']:.2f}, {top['listing']})"
                        if top else "no match"))
            return
        answer = screening.screen(store, name, **options)
    except screening.ScreeningError as exc:
        fail(str(exc), 2)
    if as_json:
        emit_json(answer)
        return
    _print_screening(answer)


def _print_screening(answer: dict) -> None:
    algorithm = answer["provenance"]["algorithm"]
    console.print(f"[bold]{answer['query']}[/]" + (f" as of {answer['as_of']}" if answer["as_of"] else "")
                  + f" — {algorithm['name']} {algorithm['version']}, threshold "
                  f"{answer['provenance']['threshold']}")
    if not answer["results"]:
        console.print("no match at or above the threshold")
        return
    table = Table("score", "subject", "listing", "matched name", "lists", "decision")
    for r in answer["results"]:
        lists = "\n".join(f"{d['source']} {d['reference']} {d['status']}"
                          + (f", listed on {d['listed_on']}" if d["listed_on"] else "")
                          for d in r["designations"])
        decision = r["decision"]
        mark = "" if decision is None else decision["verdict"] + (" (review)" if decision["review"] else "")
        table.add_row(f"{r['score']:.2f}", f"{r['subject']['name']} ({r['subject']['id']})",
                      r["listing"], f"{r['matched_name']['value']} [{r['matched_name']['source']}]",
                      lists, mark)
    console.print(table)


@screen_app.command("compare")
def screen_compare(
    name1: str = typer.Argument(..., help="The screened name."),
    name2: str = typer.Argument(..., help="The list name it is compared with."),
    type_: Optional[str] = typer.Option(None, "--type", help="person or organization."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Score NAME1 against NAME2 as the screener would, and explain it (no database)."""
    from listwatch.screening import compare

    try:
        answer = compare(name1, name2, type_)
    except ValueError as exc:
        fail(str(exc), 2)
    if as_json:
        emit_json(answer)
        return
    e = answer["explanation"]
    console.print(f"[bold]{answer['score']:.4f}[/] ({'match' if answer['match'] else 'no match'} "
                  f"at {answer['threshold']}) — {e['formula']}; compared: {e['forms']['compared']}")
    table = Table("query word", "list word", "similarity", "how", "weight")
    for pair in e["pairs"]:
        table.add_row(pair["query"], pair["name"], f"{pair['similarity']:.2f}", pair["how"],
                      f"{pair['weight']:.2f}")
    console.print(table)
    console.print(f"query coverage {e['query_coverage']}, name coverage {e['name_coverage']}; "
                  f"unmatched: {e['unmatched_query'] or '-'} / {e['unmatched_name'] or '-'}")


@screen_app.command("decide")
def screen_decide(
    query: str = typer.Argument(..., help="The screened name the decision is about."),
    subject_id: str = typer.Argument(..., help="The subject id a screen returned."),
    false_positive: bool = typer.Option(False, "--false-positive", help="Not this subject."),
    match: bool = typer.Option(False, "--match", help="A true match."),
    note: Optional[str] = typer.Option(None, "--note", help="Why."),
    by: Optional[str] = typer.Option(None, "--by", help="Analyst (default: OS user)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Remember that QUERY is (--match) or is not (--false-positive) SUBJECT_ID."""
    from listwatch.screening import api as screening

    if false_positive == match:
        fail("give exactly one of --false-positive and --match", 2)
    try:
        decision = screening.decide(open_store(), query, subject_id,
                                    "false-positive" if false_positive else "match",
                                    by or getpass.getuser(), note)
    except screening.ScreeningError as exc:
        fail(str(exc))
    if as_json:
        emit_json({"decision": decision})
    else:
        console.print(f"recorded: {query!r} → {subject_id} is {decision['verdict']} "
                      f"(by {decision['by']})")


# -- db and serve -----------------------------------------------------------------------------

db_app = typer.Typer(help="The database: schema migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or bring its schema to this version (safe to run concurrently;
    `lists import`, `lists update`, `ingest` and `serve` run it themselves)."""
    open_store(upgrade=True)
    console.print(f"{State.db_url}: schema is current")


@app.command("serve")
def serve(host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
          port: int = typer.Option(8000, "--port", help="TCP port.")) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs). Writes need $LISTWATCH_API_KEY; without it
    the server is read-only."""
    import uvicorn

    from listwatch.api import create_app
    from listwatch.api.app import API_KEY_ENV

    open_store(upgrade=True)
    errors.print(f"listwatch API on http://{host}:{port}/ (docs: http://{host}:{port}/docs)"
                 + ("" if os.environ.get(API_KEY_ENV) else f"; read-only: no ${API_KEY_ENV}"))
    uvicorn.run(create_app(State.db_url), host=host, port=port, log_level="warning")


if __name__ == "__main__":
    app()
