"""`lists update`: downloads from a local HTTP server (127.0.0.1 only), refusals change nothing."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from listwatch.cli import app
from listwatch.download import Limits
from listwatch.ledger import queries
from listwatch.ledger.update import part_urls, update
from listwatch.sources import get
from listwatch.store import Store
from listwatch.store.ledger import EventRow, MembershipRunRow, RecordVersionRow, SnapshotRow

from conftest import FIXTURES
from .unxml import Entry, un_xml

SDN_FIXTURES = FIXTURES / "lists" / "us-ofac-sdn"
FRONT = Entry("QDe.901", "NORTHERN EXAMPLE FRONT", aliases=["Example Liberation Army"])
WORKS = Entry("QDe.902", "SOUTHERN EXAMPLE WORKS")
UN_LIST = un_xml([FRONT, WORKS], "2024-03-05T19:00:00-05:00")
HTML_ERROR = (b"<!DOCTYPE html><html><head><title>Service Unavailable</title></head>"
              b"<body><h1>Sorry, the list is unavailable</h1></body></html>")


class Server:
    """A tiny HTTP server on 127.0.0.1 serving ``routes``: path → (status, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.requests: list[str] = []
        routes, requests = self.routes, self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                requests.append(self.path)
                status, body = routes.get(self.path, (404, b"not found"))
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")


@pytest.fixture
def server(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    srv = Server()
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()
        srv.thread.join(5)


def table_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {table.__tablename__: connection.scalar(select(func.count()).select_from(table))
                for table in (SnapshotRow, RecordVersionRow, MembershipRunRow, EventRow)}


def one(results):
    assert len(results) == 1, results
    return results[0]


# -- the Python API -------------------------------------------------------------------------------

def test_update_from_a_url_imports_then_reports_unchanged(store, server):
    server.routes["/consolidated.xml"] = (200, UN_LIST)
    url = server.url("consolidated.xml")
    first = one(update(store, ["un-sc"], url=url))
    assert (first.source, first.status, first.observed_on, first.records) == (
        "un-sc", "imported", "2024-03-05", 2)
    assert first.files == [url]
    assert server.requests == ["/consolidated.xml"]
    # the download went through relinking: the subject answers a status query
    answer = queries.status(store, "Northern Example Front")
    assert [(d.source, d.reference, d.status) for d in answer.designations] == [
        ("un-sc", "QDe.901", "listed")]
    (snapshot,) = store.snapshots("un-sc")
    assert snapshot.files == ("consolidated.xml",) and snapshot.observed_from == "file"

    before = table_counts(store)
    second = one(update(store, ["un-sc"], url=url))
    assert second.status == "unchanged"
    assert second.snapshot_id == first.snapshot_id
    assert table_counts(store) == before


def test_mirror_fetches_every_ofac_part_under_its_official_name(store, server):
    for official, fixture in (("SDN.CSV", "sdn.csv"), ("ALT.CSV", "alt.csv"),
                              ("ADD.CSV", "add.csv"), ("SDN_COMMENTS.CSV", "sdn_comments.csv")):
        server.routes[f"/{official}"] = (200, (SDN_FIXTURES / fixture).read_bytes())
    result = one(update(store, ["us-ofac-sdn"], mirror=server.base))
    assert (result.source, result.status, result.records) == ("us-ofac-sdn", "imported", 5)
    assert sorted(server.requests) == ["/ADD.CSV", "/ALT.CSV", "/SDN.CSV", "/SDN_COMMENTS.CSV"]
    (snapshot,) = store.snapshots("us-ofac-sdn")
    assert sorted(snapshot.parts) == ["add", "alt", "comments", "main"]
    assert sorted(snapshot.files) == ["ADD.CSV", "ALT.CSV", "SDN.CSV", "SDN_COMMENTS.CSV"]
    # the parts were used: an alias from ALT.CSV and one from SDN_COMMENTS.CSV find the person
    for alias in ("AL-FICTI, Karim", "KARIM THE EXAMPLE"):
        subject = queries.status(store, alias).subject
        assert ("us-ofac-sdn", "90002") in {(m.source, m.reference)
                                            for m in subject.members}, alias


def test_mirror_urls_keep_the_official_file_names():
    urls = part_urls(get("us-ofac-sdn"), "http://127.0.0.1:9/lists", None)
    assert urls == {"main": "http://127.0.0.1:9/lists/SDN.CSV",
                    "alt": "http://127.0.0.1:9/lists/ALT.CSV",
                    "add": "http://127.0.0.1:9/lists/ADD.CSV",
                    "comments": "http://127.0.0.1:9/lists/SDN_COMMENTS.CSV"}
    assert part_urls(get("us-ofac-sdn"), None, "http://127.0.0.1:9/x.csv") == {
        "main": "http://127.0.0.1:9/x.csv"}
    assert part_urls(get("un-sc"), None, None) == {"main": get("un-sc").url}


def test_a_missing_part_refuses_the_whole_snapshot(store, server):
    server.routes["/SDN.CSV"] = (200, (SDN_FIXTURES / "sdn.csv").read_bytes())
    server.routes["/ALT.CSV"] = (200, (SDN_FIXTURES / "alt.csv").read_bytes())
    result = one(update(store, ["us-ofac-sdn"], mirror=server.base))
    assert result.status == "failed"
    assert "ADD.CSV: HTTP 404" in result.message
    assert store.snapshots() == []


@pytest.mark.parametrize("status,body,outcome,expected", [
    (404, b"not found", "failed", "HTTP 404"),
    (500, b"oops", "failed", "HTTP 500"),
    (200, b"", "refused", "empty download"),
    (200, b" \r\n\t ", "refused", "empty download"),
    (200, HTML_ERROR, "refused", "not a un-sc main file"),
    (200, b"SDN.CSV,is,not,what,we,asked,for\n", "refused", "not a un-sc main file"),
    (200, UN_LIST[: len(UN_LIST) // 2], "refused", "truncated"),
])
def test_bad_downloads_are_refused_and_change_nothing(store, server, status, body, outcome,
                                                      expected):
    # the ledger already holds one snapshot; a refused update must leave it exactly so
    server.routes["/good.xml"] = (200, UN_LIST)
    assert one(update(store, ["un-sc"], url=server.url("good.xml"))).status == "imported"
    links, before = store.subject_links(), table_counts(store)

    server.routes["/consolidated.xml"] = (status, body)
    result = one(update(store, ["un-sc"], url=server.url("consolidated.xml")))
    assert (result.source, result.status) == ("un-sc", outcome)
    assert expected in result.message
    assert result.files == [server.url("consolidated.xml")]
    assert result.snapshot_id is None
    assert table_counts(store) == before
    assert store.subject_links() == links


def test_body_over_the_limit_fails_and_changes_nothing(store, server):
    server.routes["/consolidated.xml"] = (200, UN_LIST)
    url = server.url("consolidated.xml")
    result = one(update(store, ["un-sc"], url=url, limits=Limits(max_bytes=len(UN_LIST) - 1)))
    assert result.status == "failed"
    assert "body over" in result.message
    assert store.snapshots() == []
    # the same body at the limit passes
    assert one(update(store, ["un-sc"], url=url,
                      limits=Limits(max_bytes=len(UN_LIST)))).status == "imported"


def test_unreachable_server_is_refused(store, server):
    address = server.url("consolidated.xml")
    server.httpd.shutdown()
    server.httpd.server_close()  # nothing listens on the port any more
    result = one(update(store, ["un-sc"], url=address))
    assert result.status == "failed" and "ConnectError" in result.message
    assert store.snapshots() == []


def test_one_refused_source_does_not_stop_the_others(store, server):
    server.routes["/SDN.CSV"] = (200, (SDN_FIXTURES / "sdn.csv").read_bytes())
    for name in ("ALT.CSV", "ADD.CSV", "SDN_COMMENTS.CSV"):
        server.routes[f"/{name}"] = (200, (SDN_FIXTURES / name.lower()).read_bytes())
    # un-sc's official name on the mirror is consolidated.xml, which serves an error page
    server.routes["/consolidated.xml"] = (200, HTML_ERROR)
    results = update(store, ["un-sc", "us-ofac-sdn"], mirror=server.base)
    assert [(r.source, r.status) for r in results] == [("un-sc", "refused"),
                                                       ("us-ofac-sdn", "imported")]
    assert [s.source_id for s in store.snapshots()] == ["us-ofac-sdn"]


# -- the CLI ------------------------------------------------------------------------------------------

def run_cli(*args: str):
    return CliRunner().invoke(app, list(args))


def test_cli_update_json(tmp_path, server):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    server.routes["/consolidated.xml"] = (200, UN_LIST)
    url = server.url("consolidated.xml")
    result = run_cli("--db", db, "lists", "update", "--source", "un-sc", "--url", url, "--json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)["updates"]
    assert (row["source"], row["status"], row["records"], row["observed_on"], row["files"]) == (
        "un-sc", "imported", 2, "2024-03-05", [url])

    again = run_cli("--db", db, "lists", "update", "--source", "un-sc", "--url", url, "--json")
    assert again.exit_code == 0, again.output
    assert [r["status"] for r in json.loads(again.stdout)["updates"]] == ["unchanged"]

    server.routes["/consolidated.xml"] = (200, HTML_ERROR)
    refused = run_cli("--db", db, "lists", "update", "--source", "un-sc", "--url", url, "--json")
    assert refused.exit_code == 1, refused.output
    (row,) = json.loads(refused.stdout)["updates"]
    assert row["status"] == "refused" and "not a un-sc main file" in row["message"]
    assert len(Store(db).snapshots()) == 1


def test_cli_update_mirror_table_output(tmp_path, server):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    for official, fixture in (("SDN.CSV", "sdn.csv"), ("ALT.CSV", "alt.csv"),
                              ("ADD.CSV", "add.csv"), ("SDN_COMMENTS.CSV", "sdn_comments.csv")):
        server.routes[f"/{official}"] = (200, (SDN_FIXTURES / fixture).read_bytes())
    result = run_cli("--db", db, "lists", "update", "--source", "us-ofac-sdn",
                     "--mirror", server.base)
    assert result.exit_code == 0, result.output
    assert "imported" in result.stdout and "us-ofac-sdn" in result.stdout
    (snapshot,) = Store(db).snapshots()
    assert sorted(snapshot.parts) == ["add", "alt", "comments", "main"]


@pytest.mark.parametrize("sources", [[], ["--source", "un-sc", "--source", "eu-fsf"]])
def test_cli_url_needs_exactly_one_source(tmp_path, server, sources):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = run_cli("--db", db, "lists", "update", *sources,
                     "--url", server.url("consolidated.xml"), "--json")
    assert result.exit_code == 2
    assert "--url needs exactly one --source" in result.stderr
    assert server.requests == []


def test_cli_unknown_source_exits_2(tmp_path, server):
    result = run_cli("--db", f"sqlite:///{tmp_path / 'cli.db'}", "lists", "update",
                     "--source", "nowhere", "--mirror", server.base, "--json")
    assert result.exit_code == 2 and "unknown source 'nowhere'" in result.stderr
    assert server.requests == []
