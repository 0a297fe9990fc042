"""Inputs → raw documents: plain text files, HTML pages, RSS/Atom feeds (each item's own
content, or its page when asked to follow links), JSONL ({url, title, published, outlet,
text | html} per line), and URLs of any of these. Nothing here parses language; ``read_inputs``
yields ``RawDocument`` or ``IntakeError`` per document so that one broken item never stops the
others. Every download goes through :func:`listwatch.download.fetch` (deadline, size limit,
same-host redirects).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from listwatch import download
from listwatch.errors import BadInput

MAX_BYTES = 8 * 2**20          # one document (HTML page, text file, JSONL line, feed item)
MAX_FEED_BYTES = 16 * 2**20    # a feed or a JSONL file
DEADLINE_S = 60.0              # one download, connect to last byte
# A feed item whose page cannot be fetched is read from its own content when that carries at
# least this much text (a teaser of a sentence or two is not an article).
MIN_INLINE_CHARS = 200
USER_AGENT = "listwatch news reader (terrorist-list claims; https://github.com/listwatch)"


class IntakeError(BadInput):
    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source


@dataclass
class RawDocument:
    source: str
    format: str                       # text | html | feed-item | jsonl
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    notes: list[str] = field(default_factory=list)


# -- bytes → text ---------------------------------------------------------------------------
def decode(content: bytes, source: str) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 with BOM, else a single-byte
    Cyrillic (cp1251) or Western (cp1252) page chosen by which reads as letters. Binary and
    empty input are refused."""
    if not content.strip():
        raise IntakeError(source, "empty input")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    head = content[:4096]
    if b"\x00" in head or _control_share(head) > 0.05:
        raise IntakeError(source, "binary content, not text, HTML, a feed or JSONL")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    cyr = content.decode("cp1251", errors="replace")
    letters = [c for c in cyr if c.isalpha()]
    if letters and sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters) > 0.3:
        return cyr
    return content.decode("cp1252", errors="replace")


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(data)


def sniff(text: str) -> str:
    """html | feed | jsonl | text, from the content."""
    head = text.lstrip()[:2048].lower()
    if head.startswith("<?xml") or head.startswith("<rss") or head.startswith("<feed") or "<rdf:rdf" in head:
        if re.search(r"<(rss|feed|rdf:rdf)\b", head):
            return "feed"
    if head.startswith("<!doctype html") or head.startswith("<html") or re.search(r"<(body|article|p|div)\b", head):
        return "html"
    if head.startswith("{"):
        first = text.lstrip().split("\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
    return "text"


# -- fetching -------------------------------------------------------------------------------
def fetch(client: httpx.Client, url: str, limit: int = MAX_BYTES) -> bytes:
    """The body at ``url`` within ``limit`` bytes and the deadline; IntakeError otherwise."""
    try:
        return download.fetch(client, url, download.Limits(max_bytes=limit, deadline_s=DEADLINE_S),
                              download.allowed_hosts())
    except download.DownloadError as exc:
        raise IntakeError(url, str(exc).removeprefix(f"{url}: ")) from exc


def make_client() -> httpx.Client:
    return download.make_client(USER_AGENT)


# -- inputs → documents -----------------------------------------------------------------------
def read_inputs(inputs: list[str], client: httpx.Client | None = None, *,
                follow_links: bool = False) -> Iterator[RawDocument | IntakeError]:
    """The documents in ``inputs``; a feed item's page is fetched only with ``follow_links``
    (a feed must not make listwatch fetch URLs nobody asked for)."""
    own = client is None
    client = client or make_client()
    try:
        for item in inputs:
            try:
                if re.match(r"https?://", item):
                    content = fetch(client, item, MAX_FEED_BYTES)
                    yield from _documents(content, item, client, follow_links, url=item)
                else:
                    path = Path(item)
                    if path.is_dir():
                        for child in sorted(p for p in path.rglob("*") if p.is_file()):
                            yield from _from_path(child, client, follow_links)
                    else:
                        yield from _from_path(path, client, follow_links)
            except IntakeError as exc:
                yield exc
    finally:
        if own:
            client.close()


def _from_path(path: Path, client: httpx.Client, follow_links: bool
               ) -> Iterator[RawDocument | IntakeError]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield IntakeError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    if size > MAX_FEED_BYTES:
        yield IntakeError(str(path), f"file of {size // 2**20} MiB is over the "
                                     f"{MAX_FEED_BYTES // 2**20} MiB limit")
        return
    try:
        yield from _documents(path.read_bytes(), str(path), client, follow_links)
    except IntakeError as exc:
        yield exc


def _documents(content: bytes, source: str, client: httpx.Client, follow_links: bool,
               url: str | None = None) -> Iterator[RawDocument | IntakeError]:
    text = decode(content, source)
    kind = "jsonl" if source.endswith((".jsonl", ".ndjson")) else sniff(text)
    if kind in ("text", "html") and len(content) > MAX_BYTES:
        raise IntakeError(source, f"document of {len(content) // 2**20} MiB is over the "
                                  f"{MAX_BYTES // 2**20} MiB limit")
    if kind == "text":
        yield RawDocument(source, "text", text=text, url=url)
    elif kind == "html":
        yield RawDocument(source, "html", html=text, url=url)
    elif kind == "jsonl":
        yield from _jsonl(text, source)
    else:
        yield from _feed(content, source, client if follow_links else None)


def _jsonl(text: str, source: str) -> Iterator[RawDocument | IntakeError]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        if len(line) > MAX_BYTES:  # counted in characters: at least as many bytes
            yield IntakeError(where, f"item over the {MAX_BYTES // 2**20} MiB limit of one document")
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            yield IntakeError(where, f"not JSON ({exc})")
            continue
        if not isinstance(item, dict) or not (item.get("text") or item.get("html")):
            yield IntakeError(where, "needs an object with 'text' or 'html'")
            continue
        yield RawDocument(where, "jsonl", text=item.get("text"), html=item.get("html"),
                          url=item.get("url"), title=item.get("title"),
                          published=item.get("published"), outlet=item.get("outlet"),
                          author=item.get("author"))


def _feed(content: bytes, source: str, client: httpx.Client | None
          ) -> Iterator[RawDocument | IntakeError]:
    """The feed's items; each item's page is fetched when a client is given (--follow-links),
    else the item is read from its own content."""
    import feedparser

    parsed = feedparser.parse(content)
    if parsed.bozo and not parsed.entries:
        raise IntakeError(source, f"not a readable feed ({parsed.get('bozo_exception')})")
    outlet = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, 1):
        link = entry.get("link")
        where = f"{source}#{number}" + (f" ({link})" if link else "")
        published = _feed_date(entry)
        inline = _inline_content(entry)
        if len(inline) > MAX_BYTES:
            yield IntakeError(where, f"item over the {MAX_BYTES // 2**20} MiB limit of one document")
            continue
        enough = len(" ".join(re.sub(r"<[^>]+>", " ", inline).split())) >= MIN_INLINE_CHARS
        if client is not None and link and re.match(r"https?://", link):
            try:
                page = fetch(client, link)
                yield RawDocument(where, "feed-item", html=decode(page, link), url=link,
                                  title=entry.get("title"), published=published, outlet=outlet,
                                  author=entry.get("author"))
                continue
            except IntakeError as exc:
                if not enough:
                    yield IntakeError(where, str(exc))
                    continue
                note = f"page not fetched ({exc}); the feed's own content was read"
        elif enough:
            note = ("no page link; the feed's own content was read" if client is not None or not link
                    else "the feed's own content was read (--follow-links fetches the page)")
        else:
            yield IntakeError(where, "item has neither a fetchable link nor content" if client
                              is not None or not link else
                              "item has too little content of its own; --follow-links fetches its page")
            continue
        yield RawDocument(where, "feed-item", html=inline, url=link, title=entry.get("title"),
                          published=published, outlet=outlet, author=entry.get("author"),
                          notes=[note])


def _inline_content(entry) -> str:
    """The item's own text: the longest of its full content (Atom ``content``, RSS
    ``content:encoded``) and its summary (RSS ``description``), as HTML."""
    texts = [c.get("value") or "" for c in entry.get("content") or []]
    texts.append(entry.get("summary") or "")
    return max(texts, key=len)


def _feed_date(entry) -> str | None:
    import time

    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%d", value)
    return entry.get("published") or entry.get("updated")
