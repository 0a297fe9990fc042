"""The HTTP API: the CLI's answers over HTTP, from the same domain functions.

One store per app (the engine pools connections); each request reads inside one unit of work of
its own (``store.reading()``), so a request never sees half of a concurrent import. The
screening index is built once, when the server starts, and rebuilt only when the ledger changes
(see :func:`listwatch.screening.api.screener_for`).
"""

import datetime as dt
import hmac
import os
import tempfile
import threading
from pathlib import Path as FilePath
from collections.abc import Callable
from contextlib import asynccontextmanager
from typing import Annotated, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader

from listwatch import dossier, sources
from listwatch.api import match as matching
from listwatch.api import models
from listwatch.dossier import StatusAnswer
from listwatch.ledger import queries
from listwatch.ledger.importer import MAX_FILE_BYTES, ImportRefused, import_paths
from listwatch.ledger.models import (
    DiffAnswer, HistoryAnswer, ImportsAnswer, SourcesAnswer, SubjectAnswer,
)
from listwatch.news.ingest import ingest_document
from listwatch.news.models import ClaimsAnswer, Document, IngestResult
from listwatch.news.intake import RawDocument
from listwatch.screening import api as screening
from listwatch.screening.models import DecisionAnswer, ScreeningAnswer
from listwatch.store import Store
from listwatch.web import add_pages

T = TypeVar("T")
API_KEY_ENV = "LISTWATCH_API_KEY"
ERRORS = {404: {"model": models.Problem}, 422: {"model": models.Problem}}
WRITE_ERRORS = {**ERRORS, 401: {"model": models.Problem}, 403: {"model": models.Problem}}
Day = Annotated[dt.date | None, Query(description="Date YYYY-MM-DD (default: now).")]


def create_app(db_url: str, api_key: str | None = None) -> FastAPI:
    """The app for one database. ``api_key`` (default: $LISTWATCH_API_KEY) allows writes; with
    none configured the server is read-only."""
    store = Store(db_url)
    key = (api_key if api_key is not None else os.environ.get(API_KEY_ENV)) or None

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        store.require_current_schema()
        if store.snapshots():
            screening.screener_for(store)  # build the index before the first request waits on it
        yield
        store.engine.dispose()

    app = FastAPI(title="listwatch", lifespan=lifespan,
                  description="Who lists this organisation or person as terrorist, since when, "
                              "under which name, and who is pushing to change that.")
    install_error_handlers(app)
    add_pages(app, store)  # first: a browser's /documents/{id} is the page, not the JSON
    add_read_routes(app, store)
    add_write_routes(app, store, key)
    return app


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'] if p != 'body')}: {e['msg']}"
                             for e in exc.errors())
        return JSONResponse({"detail": problems}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        # never a traceback to the caller; the server log keeps it
        return JSONResponse({"detail": f"internal error ({exc.__class__.__name__})"},
                            status_code=500)


def read(store: Store, answer: Callable[[], T]) -> T:
    """One read unit of work; the domain's 'not found' becomes 404, a bad request 422."""
    try:
        with store.reading():
            return answer()
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except screening.ScreeningError as exc:
        raise HTTPException(422, str(exc)) from None


def day_text(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def add_read_routes(app: FastAPI, store: Store) -> None:
    @app.get("/status", response_model=StatusAnswer, responses=ERRORS, tags=["ledger"])
    def status(q: Annotated[str, Query(min_length=1, description="Name, alias or list reference.")],
               as_of: Day = None):
        """Who lists this subject, since when, under which name, as of a date; with the news
        claims about it."""
        return read(store, lambda: dossier.status(store, q, day_text(as_of)))

    @app.get("/history", response_model=HistoryAnswer, responses=ERRORS, tags=["ledger"])
    def history(q: Annotated[str, Query(min_length=1)]):
        """Every listing, amendment, delisting and relisting of a subject."""
        return read(store, lambda: queries.history(store, q))

    @app.get("/diff/{source}", response_model=DiffAnswer, responses=ERRORS, tags=["ledger"])
    def diff(source: Annotated[str, Path(description="Source id, e.g. un-sc.")],
             from_day: Annotated[dt.date, Query(alias="from")],
             to_day: Annotated[dt.date, Query(alias="to")]):
        """Records added, removed and amended between the snapshots in force on two dates."""
        if not sources.is_known(source):
            raise HTTPException(404, f"unknown source {source!r}; see /sources")
        if from_day > to_day:
            raise HTTPException(422, f"from {from_day} is later than to {to_day}")
        return read(store, lambda: queries.diff(store, source, from_day.isoformat(),
                                                to_day.isoformat()))

    @app.get("/sources", response_model=SourcesAnswer, tags=["ledger"])
    def source_list():
        """Every official source, with its newest snapshot."""
        return read(store, lambda: queries.source_overview(store))

    @app.get("/subjects", response_model=SubjectAnswer, responses=ERRORS, tags=["ledger"])
    def subject(q: Annotated[str, Query(min_length=1)]):
        """A subject's linked records and why each was linked."""
        return read(store, lambda: queries.subject_answer(store, q))

    @app.get("/claims", response_model=ClaimsAnswer, tags=["news"])
    def claims(subject: str | None = None, authority: str | None = None):
        """Designation claims read from the news, for a subject and/or an authority."""
        return read(store, lambda: dossier.claims(store, subject, authority))

    @app.get("/documents/{document_id}", response_model=Document, responses=ERRORS,
             tags=["news"])
    def document(document_id: int):
        """One ingested document: body, quotes, entities, dates and claims."""
        answer = read(store, lambda: dossier.document(store, document_id))
        if answer is None:
            raise HTTPException(404, f"no document {document_id}")
        return answer

    @app.get("/screen", response_model=ScreeningAnswer, responses=ERRORS,
             tags=["screening"])
    def screen(q: Annotated[str, Query(min_length=1, description="The name, any script.")],
               type: str | None = None, as_of: Day = None,
               threshold: Annotated[float, Query(ge=0.0, le=1.0)] = screening.DEFAULT_THRESHOLD,
               limit: Annotated[int, Query(ge=1, le=100)] = screening.DEFAULT_LIMIT):
        """Screen one name against the ledger."""
        return read(store, lambda: screening.screen(store, q, type_=type, as_of=day_text(as_of),
                                                    threshold=threshold, limit=limit))

    @app.post("/screen", response_model=models.BatchScreeningAnswer, responses=ERRORS,
              tags=["screening"])
    def screen_batch(request: models.BatchScreeningRequest):
        """Screen many names in one request."""
        as_of = day_text(request.as_of)
        threshold = screening.DEFAULT_THRESHOLD if request.threshold is None else request.threshold
        return read(store, lambda: models.BatchScreeningAnswer(answers=list(screening.screen_many(
            store, request.names, type_=request.type, as_of=as_of, threshold=threshold,
            limit=request.limit))))

    @app.post("/match/{dataset}", response_model=models.EntityMatchResponse,
              response_model_by_alias=True, responses=ERRORS, tags=["screening"])
    def match(dataset: str, request: models.EntityMatchQuery,
              threshold: Annotated[float, Query(ge=0.0, le=1.0)] = screening.DEFAULT_THRESHOLD,
              cutoff: Annotated[float, Query(ge=0.0, le=1.0)] = 0.5,
              limit: Annotated[int, Query(ge=1, le=100)] = 5, as_of: Day = None):
        """yente-compatible matching of FollowTheMoney-style query entities. ``dataset`` is
        ``default`` (every list) or a source id (subjects on that list)."""
        if dataset != "default" and not sources.is_known(dataset):
            raise HTTPException(404, f"unknown dataset {dataset!r} (default, or a source id)")
        return read(store, lambda: matching.match(
            screening.screener_for(store), request, None if dataset == "default" else dataset,
            threshold=threshold, cutoff=min(cutoff, threshold), limit=limit,
            as_of=day_text(as_of)))


def add_write_routes(app: FastAPI, store: Store, key: str | None) -> None:
    header = APIKeyHeader(name="X-API-Key", auto_error=False,
                          description=f"The server's ${API_KEY_ENV}.")

    def writer(given: Annotated[str | None, Depends(header)]) -> None:
        if key is None:
            raise HTTPException(403, f"this server is read-only: start it with ${API_KEY_ENV} set "
                                     "to allow writes")
        if given is None or not hmac.compare_digest(given.encode(), key.encode()):
            raise HTTPException(401, "writes need the server's API key in the X-API-Key header")

    readers = ArticleReaders(store)

    @app.post("/lists/import", response_model=ImportsAnswer, responses=WRITE_ERRORS,
              dependencies=[Depends(writer)], tags=["ledger"],
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
    async def import_list(
            request: Request,
            filename: Annotated[str, Query(min_length=1, description=(
                "The file's name (dates in it count with date_from_filename)."))],
            source: str | None = None, observed_at: str | None = None,
            date_from_filename: bool = False, allow_mass_removal: bool = False):
        """Import one list file, sent as the request body, as `listwatch lists import` does
        (one snapshot, one transaction; a file seen before is unchanged)."""
        if source is not None and not sources.is_known(source):
            raise HTTPException(422, f"unknown source {source!r}; see /sources")
        with tempfile.TemporaryDirectory() as folder:
            # only the name's last part: a caller never chooses where the server writes
            path = FilePath(folder) / (FilePath(filename).name or "upload")
            await receive_bounded(request, path)
            try:
                results = await run_in_threadpool(
                    import_paths, store, [path], source_id=source, observed_at=observed_at,
                    date_from_name=date_from_filename, allow_mass_removal=allow_mass_removal)
            except ImportRefused as exc:
                raise HTTPException(422, str(exc)) from None
        # only the file's name: the server's temporary folder is none of the caller's business
        answers = [r.model_copy(update={"files": [FilePath(f).name for f in r.files]})
                   for r in results]
        refused = [f"{', '.join(a.files)}: {a.message}" for a in answers if a.status == "refused"]
        if refused:
            raise HTTPException(422, "; ".join(refused))
        return ImportsAnswer(imports=answers)

    @app.post("/documents", response_model=IngestResult, responses=WRITE_ERRORS,
              dependencies=[Depends(writer)], tags=["news"])
    def ingest(request: models.ArticleRequest):
        """Read one article (text or HTML) into a document, its quotes, dates and designation
        claims, as `listwatch ingest` does; a document seen before is not stored again."""
        if (request.text is None) == (request.html is None):
            raise HTTPException(422, "give exactly one of text and html")
        raw = RawDocument("http", "text" if request.text is not None else "html",
                          text=request.text, html=request.html, url=request.url)
        result = readers.ingest(raw, published=day_text(request.published),
                                outlet=request.outlet, url=request.url)
        if result.status == "error":
            raise HTTPException(422, result.message)
        return result

    @app.post("/screening/decisions", response_model=DecisionAnswer,
              responses=WRITE_ERRORS, dependencies=[Depends(writer)], tags=["screening"])
    def decide(request: models.DecisionRequest):
        """Remember that a screened name is (match) or is not (false-positive) a subject."""
        try:
            return DecisionAnswer(decision=screening.decide(
                store, request.query, request.subject_id, request.verdict, request.by,
                request.note))
        except screening.ScreeningError as exc:
            raise HTTPException(422, str(exc)) from None


class ArticleReaders:
    """The news reader for one server: loaded at the first ingest (the NLP pipeline takes
    seconds), rebuilt when the ledger's subjects change (it links claims to them). One article is
    read at a time: the pipeline is not shared between threads."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = threading.Lock()
        self.reader = None
        self.state: tuple | None = None

    def ingest(self, raw: RawDocument, **options) -> IngestResult:
        from listwatch.news.reader import Reader

        with self.lock:
            state = self.store.screening_state()[:-1]
            if self.reader is None or state != self.state:
                nlp = self.reader.nlp if self.reader is not None else None
                self.reader, self.state = Reader.for_store(self.store, nlp), state
            return ingest_document(self.store, self.reader, raw, **options)


async def receive_bounded(request: Request, path: FilePath) -> None:
    """Write the request body to ``path``, refusing (413) a body over the import size limit."""
    size = 0
    with path.open("wb") as out:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise HTTPException(413, f"the file is over the {MAX_FILE_BYTES // 2**20} MiB "
                                         "limit (LISTWATCH_MAX_FILE_MB)")
            out.write(chunk)
