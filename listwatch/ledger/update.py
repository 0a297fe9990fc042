"""Downloading lists from their official URLs (or a mirror) and importing them as snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from listwatch import sources
from listwatch.ledger.importer import (
    MAX_FILE_BYTES, ImportResult, ImportUnit, InputFile, ImportRefused, import_unit,
)
from listwatch.ledger.linking import relink_subjects
from listwatch.store import Store
from listwatch.sources import ParseError, Source

TIMEOUT = httpx.Timeout(60.0, connect=15.0)
USER_AGENT = "listwatch (terrorist-list ledger; https://github.com/listwatch)"


class DownloadError(Exception):
    pass


def part_urls(source: Source, mirror: str | None, url: str | None) -> dict[str, str]:
    """Where to fetch each part: the official URLs, a mirror holding files under the official
    file names, or (main part only) an explicit URL."""
    if url:
        return {"main": url}
    if mirror:
        base = mirror.rstrip("/") + "/"
        return {part: base + Path(urlsplit(u).path).name for part, u in source.urls.items()}
    return dict(source.urls)


def fetch(client: httpx.Client, url: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The body at ``url``, refusing errors, redirects off http(s) and bodies over the limit."""
    chunks, size = [], 0
    try:
        with client.stream("GET", url) as response:
            if response.status_code != 200:
                raise DownloadError(f"{url}: HTTP {response.status_code}")
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise DownloadError(f"{url}: body over {limit // 2**20} MiB")
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise DownloadError(f"{url}: {exc.__class__.__name__}: {exc}") from exc
    return b"".join(chunks)


def update(store: Store, source_ids: Sequence[str], *, mirror: str | None = None,
           url: str | None = None, allow_mass_removal: bool = False,
           client: httpx.Client | None = None) -> list[ImportResult]:
    """Download and import each source; one result per source (a failed download changes
    nothing). The downloaded bytes are parsed exactly like a file given to ``lists import``."""
    own_client = client is None
    client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=True,
                                    headers={"User-Agent": USER_AGENT})
    results = []
    try:
        for source_id in source_ids:
            results.append(_update_one(store, sources.get(source_id), client, mirror, url,
                                       allow_mass_removal))
    finally:
        if own_client:
            client.close()
    if any(r.status == "imported" for r in results):
        relink_subjects(store)
    return results


def _downloaded(client: httpx.Client, source: Source, part: str, url: str) -> InputFile:
    content = fetch(client, url)
    if not content.strip():
        raise ParseError(f"{url}: empty download")
    if sources.sniff_safely(source, content) != part:
        raise ParseError(f"{url}: the download is not a {source.id} {part} file "
                         f"(starts {content[:60]!r})")
    return InputFile(url, content, source, part)


def _update_one(store, source, client, mirror, url, allow_mass_removal) -> ImportResult:
    urls = part_urls(source, mirror, url)
    if not urls:  # curated entries and FtM datasets have no official download address
        return ImportResult(source.id, (), "refused", f"{source.id} has no download URL: give --url")
    try:
        unit = ImportUnit(source, {part: _downloaded(client, source, part, address)
                                   for part, address in urls.items()})
        return import_unit(store, unit, allow_mass_removal=allow_mass_removal)
    except (DownloadError, ParseError, ImportRefused) as exc:
        return ImportResult(source.id, tuple(urls.values()), "refused", str(exc))
