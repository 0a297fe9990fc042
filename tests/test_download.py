"""Bounded downloads against a hostile local server on 127.0.0.1: a slow-loris body, a server
that never answers, redirects across hosts, a gzip bomb. Each ends within its deadline with a
clear error."""

from __future__ import annotations

import gzip
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from listwatch.download import MAX_REDIRECTS, DownloadError, Limits, fetch, make_client


class Hostile:
    """path → handler(request) on 127.0.0.1; handlers write whatever they like."""

    def __init__(self) -> None:
        self.routes = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                route = routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02},
                         daemon=True).start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
def hostile(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = Hostile()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def client():
    with make_client("listwatch tests") as c:
        yield c


def ok(body: bytes, **headers):
    def handler(request):
        request.send_response(200)
        request.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            request.send_header(key.replace("_", "-"), value)
        request.end_headers()
        request.wfile.write(body)
    return handler


def redirect(location: str):
    def handler(request):
        request.send_response(302)
        request.send_header("Location", location)
        request.send_header("Content-Length", "0")
        request.end_headers()
    return handler


# Both hostile servers hold a download for a minute: far past the deadlines the tests set, so
# a download can only end with a time error through its deadline, however loaded the machine
# is. The tests assert that outcome, never a duration.
HOLD_S = 60


def slow_loris(request):
    request.send_response(200)
    request.send_header("Content-Length", "100000")
    request.end_headers()
    for _ in range(int(HOLD_S / 0.3)):
        request.wfile.write(b"x")
        request.wfile.flush()
        time.sleep(0.3)


def silent(request):
    time.sleep(HOLD_S)


# What a download ended by its time limits says: the deadline passed between two chunks, or a
# read (whose timeout is never more than what is left of the deadline) got nothing in time.
TIME_RAN_OUT = r"deadline|no answer within the time allowed"


def failure(call) -> str:
    """The message of the DownloadError ``call`` raises."""
    try:
        call()
    except DownloadError as exc:
        return str(exc)
    raise AssertionError("the download should have failed")


def test_a_plain_body_is_returned(hostile, client):
    hostile.routes["/list.xml"] = ok(b"<list/>")
    assert fetch(client, hostile.url("/list.xml"), Limits(max_bytes=100)) == b"<list/>"


def test_slow_loris_ends_at_the_deadline(hostile, client):
    """Every read gets a byte in time; only the deadline for the whole download can end it
    before the server's minute is up."""
    hostile.routes["/slow"] = slow_loris
    message = failure(lambda: fetch(client, hostile.url("/slow"),
                                    Limits(max_bytes=10**6, deadline_s=1.5, read_s=HOLD_S)))
    assert re.search(TIME_RAN_OUT, message) and message.startswith(hostile.url("/slow"))


def test_a_server_that_never_answers_ends_at_the_deadline(hostile, client):
    hostile.routes["/silent"] = silent
    message = failure(lambda: fetch(client, hostile.url("/silent"),
                                    Limits(max_bytes=10**6, deadline_s=1.0, read_s=HOLD_S)))
    assert re.search(TIME_RAN_OUT, message) and message.startswith(hostile.url("/silent"))


def test_a_redirect_within_the_host_is_followed(hostile, client):
    hostile.routes["/old"] = redirect("/new")
    hostile.routes["/new"] = ok(b"moved here")
    assert fetch(client, hostile.url("/old"), Limits(max_bytes=100)) == b"moved here"


def test_a_redirect_to_another_host_is_refused_unless_allowed(hostile, client):
    # "localhost" is another host name for the same server: enough to show the rule
    hostile.routes["/away"] = redirect(hostile.url("/there", host="localhost"))
    hostile.routes["/there"] = ok(b"elsewhere")
    message = failure(lambda: fetch(client, hostile.url("/away"), Limits(max_bytes=100)))
    assert "redirect to another host (localhost) refused" in message
    assert fetch(client, hostile.url("/away"), Limits(max_bytes=100),
                 allowed_hosts={"localhost"}) == b"elsewhere"


def test_a_redirect_off_http_is_refused(hostile, client):
    hostile.routes["/file"] = redirect("file:///etc/passwd")
    message = failure(lambda: fetch(client, hostile.url("/file"), Limits(max_bytes=100)))
    assert "another host" in message or "only http and https" in message


def test_a_redirect_loop_ends(hostile, client):
    hostile.routes["/loop"] = redirect("/loop")
    message = failure(lambda: fetch(client, hostile.url("/loop"), Limits(max_bytes=100)))
    assert f"more than {MAX_REDIRECTS} redirects" in message


def test_a_gzip_bomb_is_cut_at_the_decoded_limit(hostile, client):
    bomb = gzip.compress(b"\0" * (64 * 2**20), compresslevel=9)  # 64 MiB in ~64 KiB
    assert len(bomb) < 200_000
    hostile.routes["/bomb"] = ok(bomb, Content_Encoding="gzip")
    message = failure(lambda: fetch(client, hostile.url("/bomb"),
                                    Limits(max_bytes=2**20, deadline_s=HOLD_S)))
    assert "body over 1 MiB (decoded)" in message


def test_http_errors_say_the_status(hostile, client):
    message = failure(lambda: fetch(client, hostile.url("/missing"), Limits(max_bytes=100)))
    assert message == f"{hostile.url('/missing')}: HTTP 404"
