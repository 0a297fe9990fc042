"""The ``listwatch`` command line. Every command takes ``--format table|json|jsonl|csv`` (and
``--json``, its shorthand); answers are typed models printed through :mod:`listwatch.render`."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
import yaml
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from listwatch import dossier, render, sources
from listwatch.errors import ListwatchError
from listwatch.ledger import queries
from listwatch.ledger.importer import (
    DEFAULT_MAX_REMOVAL_SHARE, ImportRefused, import_paths, parse_observed, utcnow,
)
from listwatch.ledger.linking import add_judgements
from listwatch.ledger.models import ImportsAnswer, JudgementsAnswer, UpdatesAnswer
from listwatch.news.models import IngestAnswer
from listwatch.screening.models import DecisionAnswer
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
JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of tables (--format json).")
Format = Enum("Format", {name: name for name in render.FORMATS}, type=str)
FORMAT_OPTION = typer.Option(
    "table", "--format", help="table, json, jsonl (one row a line) or csv (the same rows).")


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


def output_format(fmt: Format, as_json: bool) -> str:
    """The format asked for: --json is --format json."""
    if as_json and fmt.value not in ("table", "json"):
        fail(f"--json and --format {fmt.value} ask for different formats", 2)
    return "json" if as_json else fmt.value


def show(answer: BaseModel, fmt: Format, as_json: bool) -> None:
    render.render(answer, output_format(fmt, as_json), console)


def fail(message: str, code: int = 1) -> None:
    # the message quotes what the user typed or a file held: text, never Rich markup
    errors.print(f"[bold red]error:[/] {escape(message)}")
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
    fmt: Format = FORMAT_OPTION, as_json: bool = JSON_OPTION,
) -> None:
    """Import list files as snapshots (one transaction each)."""
    if source is not None and not sources.is_known(source):
        fail(f"unknown source {source!r}; see `listwatch lists sources`", 2)
    if observed_at is not None:
        try:  # checked here, not only for files without a date of their own
            parse_observed(observed_at, "option")
        except ImportRefused as exc:
            fail(f"--observed-at: {exc}")
    fmt_name = output_format(fmt, as_json)
    store = open_store(upgrade=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=errors, disable=fmt_name != "table",
                  transient=True) as bar:
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
    render.render(ImportsAnswer(imports=results), fmt_name, console)
    if any(r.status == "refused" for r in results):
        raise typer.Exit(1)


@lists_app.command("update")
def lists_update(
    source: Optional[list[str]] = typer.Option(None, "--source", help="Source id (repeatable)."),
    mirror: Optional[str] = typer.Option(
        None, "--mirror", help="Base URL of a mirror holding the files under their official names."),
    url: Optional[str] = typer.Option(None, "--url", help="Fetch the main file of ONE source here."),
    allow_mass_removal: bool = typer.Option(False, "--allow-mass-removal"),
    fmt: Format = FORMAT_OPTION, as_json: bool = JSON_OPTION,
) -> None:
    """Download lists from their official URLs and import them."""
    from listwatch.ledger.update import update

    chosen = source or [s.id for s in sources.all_sources().values() if s.urls]
    if url and len(chosen) != 1:
        fail("--url needs exactly one --source", 2)
    for source_id in chosen:
        if not sources.is_known(source_id):
            fail(f"unknown source {source_id!r}", 2)
    fmt_name = output_format(fmt, as_json)
    store = open_store(upgrade=True)
    with console.status("downloading", spinner="dots") if fmt_name == "table" else nullcontext():
        results = update(store, chosen, mirror=mirror, url=url,
                         allow_mass_removal=allow_mass_removal)
    refresh_screening_index(store, results)
    render.render(UpdatesAnswer(updates=results), fmt_name, console)
    if any(r.status in ("refused", "failed") for r in results):
        raise typer.Exit(1)


def refresh_screening_index(store: Store, results: list) -> None:
    """After new snapshots, persist the screening index now, so that the next `screen` or
    `status` loads it instead of building it."""
    if any(r.status == "imported" for r in results):
        from listwatch.screening import api as screening

        screening.refresh_index(store)


@lists_app.command("sources")
def lists_sources(fmt: Format = FORMAT_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Known sources: ids, authorities, official URLs, last snapshot."""
    show(queries.source_overview(open_store()), fmt, as_json)


# -- queries ----------------------------------------------------------------------------------

@app.command("status")
def status(query: str = typer.Argument(..., help="Name, alias or list reference (QDe.137)."),
           as_of: Optional[str] = typer.Option(None, "--as-of", help="Date YYYY-MM-DD."),
           fmt: Format = FORMAT_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Who lists this subject, since when, under which name — as of a date."""
    try:
        answer = dossier.status(open_store(), query, valid_day(as_of))
    except queries.NotFound as exc:
        fail(str(exc))
    show(answer, fmt, as_json)


@app.command("history")
def history(query: str = typer.Argument(...), fmt: Format = FORMAT_OPTION,
            as_json: bool = JSON_OPTION) -> None:
    """Every listing, amendment, delisting and relisting of a subject."""
    try:
        answer = queries.history(open_store(), query)
    except queries.NotFound as exc:
        fail(str(exc))
    show(answer, fmt, as_json)


@app.command("diff")
def diff(source: str = typer.Argument(..., help="Source id, e.g. un-sc."),
         from_day: str = typer.Option(..., "--from", help="Date YYYY-MM-DD."),
         to_day: str = typer.Option(..., "--to", help="Date YYYY-MM-DD."),
         fmt: Format = FORMAT_OPTION, as_json: bool = JSON_OPTION) -> None:
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
    show(answer, fmt, as_json)


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
           fmt: Format = FORMAT_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Read news articles: body, quotes, dates, entities and designation claims (one
    transaction per document; seen documents are not stored twice)."""
    from listwatch.news.ingest import ingest as run_ingest
    from listwatch.news.reader import Reader

    if url and len(inputs) != 1:
        fail("--url needs exactly one input", 2)
    day = valid_day(published)
    fmt_name = output_format(fmt, as_json)
    store = open_store(upgrade=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=errors, disable=fmt_name != "table",
                  transient=True) as bar:
        task = bar.add_task("loading the NLP pipeline", total=None)
        reader = Reader.for_store(store)

        def advance(done: int, label: str) -> None:
            bar.update(task, completed=done, description=f"read {label[-50:]}")

        results = run_ingest(store, inputs, published=day, outlet=outlet, url=url, reader=reader,
                             follow_links=follow_links, progress=advance)
    render.render(IngestAnswer(documents=results), fmt_name, console)
    if results and all(r.status == "error" for r in results):
        raise typer.Exit(1)


@app.command("claims")
def claims(subject: Optional[str] = typer.Option(None, "--subject", help="Name, alias or reference."),
           authority: Optional[str] = typer.Option(None, "--authority", help="Whose list (US, UN, Russia …)."),
           fmt: Format = FORMAT_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Designation claims read from the news (who says a subject is, or should be, listed)."""
    show(dossier.claims(open_store(), subject, authority), fmt, as_json)


@app.command("doc")
def doc(document_id: int = typer.Argument(..., help="Document id (from ingest)."),
        fmt: Format = FORMAT_OPTION, as_json: bool = JSON_OPTION) -> None:
    """One ingested document: metadata, body, removed blocks, quotes, entities, dates, claims."""
    answer = dossier.document(open_store(), document_id)
    if answer is None:
        fail(f"no document {document_id}")
    show(answer, fmt, as_json)


# -- subjects ---------------------------------------------------------------------------------

@subjects_app.command("judge")
def subjects_judge(file: Path = typer.Argument(..., help="YAML judgements file."),
                   by: Optional[str] = typer.Option(None, "--by", help="Analyst (default: OS user)."),
                   fmt: Format = FORMAT_OPTION, as_json: bool = JSON_OPTION) -> None:
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
    show(JudgementsAnswer(judgements=len(judgements), subjects=count), fmt, as_json)


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
def subjects_show(query: str = typer.Argument(...), fmt: Format = FORMAT_OPTION,
                  as_json: bool = JSON_OPTION) -> None:
    """A subject's linked records and why each was linked."""
    try:
        answer = queries.subject_answer(open_store(), query)
    except queries.NotFound as exc:
        fail(str(exc))
    show(answer, fmt, as_json)


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
    fmt: Format = FORMAT_OPTION, as_json: bool = JSON_OPTION,
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
            render.render_stream(screening.screen_many(store, names, **options),
                                 output_format(fmt, as_json), console)
            return
        answer = screening.screen(store, name, **options)
    except screening.ScreeningError as exc:
        fail(str(exc), 2)
    show(answer, fmt, as_json)


@screen_app.command("compare")
def screen_compare(
    name1: str = typer.Argument(..., help="The screened name."),
    name2: str = typer.Argument(..., help="The list name it is compared with."),
    type_: Optional[str] = typer.Option(None, "--type", help="person or organization."),
    fmt: Format = FORMAT_OPTION, as_json: bool = JSON_OPTION,
) -> None:
    """Score NAME1 against NAME2 as the screener would, and explain it (no database)."""
    from listwatch.screening import compare

    try:
        answer = compare(name1, name2, type_)
    except ValueError as exc:
        fail(str(exc), 2)
    show(answer, fmt, as_json)


@screen_app.command("decide")
def screen_decide(
    query: str = typer.Argument(..., help="The screened name the decision is about."),
    subject_id: str = typer.Argument(..., help="The subject id a screen returned."),
    false_positive: bool = typer.Option(False, "--false-positive", help="Not this subject."),
    match: bool = typer.Option(False, "--match", help="A true match."),
    note: Optional[str] = typer.Option(None, "--note", help="Why."),
    by: Optional[str] = typer.Option(None, "--by", help="Analyst (default: OS user)."),
    fmt: Format = FORMAT_OPTION, as_json: bool = JSON_OPTION,
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
    show(DecisionAnswer(decision=decision), fmt, as_json)


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
