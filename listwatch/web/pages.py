"""The dossier's pages: server-rendered HTML from the same query functions as the HTTP API.

Every page reads inside one unit of work (``store.reading()``), as an API request does. Errors
are pages too (a person reads them): an unknown subject or document is a 404 page, a date that
is not one a 422 page naming the field, both with the search box.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import jinja2
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import Headers
from starlette.routing import Match
from starlette.types import Scope

from listwatch import dossier, sources
from listwatch.ledger import queries
from listwatch.store import Store
from listwatch.web import views

HERE = Path(__file__).parent

# Pages are HTML the server writes: no script, style or font from anywhere, and none inline.
HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Vary": "Accept",
}


class PageError(Exception):
    """A request the page cannot answer, with the status and the words to show."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def prefers_html(accept: str) -> bool:
    """Whether a client names HTML itself and ranks it at least as high as JSON (a browser);
    ``*/*`` alone (curl, httpx, API clients) gets the API's JSON."""
    ranks: dict[str, float] = {}
    for item in accept.split(","):
        media, *params = [p.strip() for p in item.split(";")]
        q = next((p[2:] for p in params if p.startswith("q=")), "1")
        try:
            ranks[media.lower()] = float(q)
        except ValueError:
            continue
    html = ranks.get("text/html", 0.0)
    json = ranks.get("application/json", ranks.get("application/*", ranks.get("*/*", 0.0)))
    return html > 0 and html >= json


class PageRoute(APIRoute):
    """A page at an address the JSON API also answers (``/documents/{id}``): it matches only a
    request that prefers HTML; any other falls through to the API route registered after it."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child = super().matches(scope)
        if match is not Match.NONE and not prefers_html(Headers(scope=scope).get("accept", "")):
            return Match.NONE, {}
        return match, child


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["short_hash"] = lambda sha: (sha or "")[:12]
    env.filters["label"] = lambda text: (text or "").replace("_", " ").replace("-", " ")
    env.filters["headline"] = lambda group: views.headline(
        group[0]["action"], group[0]["modality"], [c["authority"] for c in group])
    return env


def addresses(request: Request) -> dict:
    """``path(route name, **params)``: a page's address, under the app's root path (relative,
    so a link never names a host the request supplied)."""
    root = request.scope.get("root_path", "")
    return {"path": lambda name, **params: root + str(request.app.url_path_for(name, **params))}


def parse_day(text: str | None, field: str) -> str | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise PageError(422, f"{field}: {text!r} is not a date (YYYY-MM-DD)") from None


def lists_held(store: Store) -> list[dict]:
    """The sources the ledger holds snapshots of, with the newest (as `/sources` answers)."""
    return [s for s in views.plain(queries.source_overview(store))["sources"] if s["snapshots"]]


def add_pages(app: FastAPI, store: Store) -> None:
    """Mount the dossier on ``app``: call before the API's routes, so a browser asking for
    ``/documents/{id}`` gets the page and every other client the JSON."""
    templates = Jinja2Templates(env=environment(), context_processors=[addresses])
    router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

    def render(request: Request, template: str, build: Callable[[], dict]) -> HTMLResponse:
        try:
            with store.reading():
                context, status = build(), 200
        except queries.NotFound as exc:
            template, context, status = "error.html", {"message": str(exc)}, 404
        except PageError as exc:
            template, context, status = "error.html", {"message": str(exc)}, exc.status
        return templates.TemplateResponse(request, template, {"status": status, **context},
                                          status_code=status, headers=HEADERS)

    @router.get("/", name="page_home")
    def home(request: Request):
        return render(request, "home.html", lambda: {"sources": lists_held(store)})

    @router.get("/search", name="page_search")
    def search(request: Request, q: str = ""):
        def build() -> dict:
            if not q.strip():
                raise PageError(422, "type a name, alias or list reference to search for")
            answer = views.plain(queries.status(store, q))
            return {"q": q, "answer": answer}
        return render(request, "search.html", build)

    @router.get("/subjects/{subject_id}", name="page_subject")
    def subject(request: Request, subject_id: str, as_of: str | None = None):
        def build() -> dict:
            day = parse_day(as_of, "as of")
            if store.subject(subject_id) is None:
                raise PageError(404, f"no subject {subject_id!r} in the ledger")
            answer = views.plain(dossier.status(store, subject_id, day))
            events = views.plain(queries.history(store, subject_id))["events"]
            cited = {d for c in answer["claims"] for d in [c["document"], *c.get("documents", ())]}
            listed = {d["source"] for d in answer["designations"]}
            return {"answer": answer, "as_of": day,
                    "timeline": views.timeline(events, answer["claims"],
                                               store.document_briefs(cited), day),
                    "not_on": [s for s in lists_held(store) if s["id"] not in listed],
                    "names_on": {(d["source"], d["reference"]): d["name"]
                                 for d in answer["designations"]}}
        return render(request, "subject.html", build)

    def document(request: Request, document_id: int):
        def build() -> dict:
            found = dossier.document(store, document_id)
            if found is None:
                raise PageError(404, f"no document {document_id} in the ledger")
            doc = views.plain(found)
            return {"doc": doc, "link": views.safe_link(doc.get("url")),
                    "statements": views.statements(doc["claims"]),
                    "paragraphs": views.marked_paragraphs(doc["body"], doc.get("quotes") or [],
                                                          doc["claims"])}
        return render(request, "document.html", build)

    router.add_api_route("/documents/{document_id}", document, methods=["GET"],
                         name="page_document", route_class_override=PageRoute)

    @router.get("/sources/{source_id}/diff", name="page_diff")
    def diff(request: Request, source_id: str,
             from_day: Annotated[str | None, Query(alias="from")] = None,
             to_day: Annotated[str | None, Query(alias="to")] = None):
        def build() -> dict:
            if not sources.is_known(source_id):
                raise PageError(404, f"no source {source_id!r}; the lists are on the home page")
            taken = [s.observed_on for s in store.snapshots(source_id)]
            if not taken:
                raise PageError(404, f"no snapshot of {source_id} in the ledger yet")
            start = parse_day(from_day, "from") or taken[max(len(taken) - 2, 0)]
            end = parse_day(to_day, "to") or taken[-1]
            if start > end:
                raise PageError(422, f"from {start} is later than to {end}")
            answer = views.plain(queries.diff(store, source_id, start, end))
            links = store.subject_links()
            authority, list_name = views.list_label(source_id)
            return {"answer": answer, "from_day": start, "to_day": end, "snapshots": taken,
                    "authority": authority, "list_name": list_name,
                    "subject_of": {r: links.get((source_id, r)) for part in
                                   ("added", "removed", "amended") for r in
                                   (e["reference"] for e in answer[part])},
                    "changes": {e["reference"]: views.field_changes(e["changes"])
                                for e in answer["amended"]}}
        return render(request, "diff.html", build)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(router)
