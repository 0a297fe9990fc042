"""Downloading lists from their official URLs (or a mirror) and importing them as snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from listwatch import sources
from listwatch.download import Limits, allowed_hosts, fetch, make_client
from listwatch.errors import DownloadFailed, ListwatchError
from listwatch.ledger.importer import (
    MAX_FILE_BYTES, ImportResult, ImportUnit, InputFile, import_unit,
)
from listwatch.ledger.linking import relink_subjects
from listwatch.store import Store
from listwatch.sources import ParseError, Source

USER_AGENT = "listwatch (terrorist-list ledger; https://github.com/listwatch)"
# Official files are large (OFAC's SDN XML ~100 MB): a generous deadline, the import size limit.
LIMITS = Limits(max_bytes=MAX_FILE_BYTES, deadline_s=600.0)


def part_urls(source: Source, mirror: str | None, url: str | None) -> dict[str, str]:
    """Where to fetch each part: the official URLs, a mirror holding files under the official
    file names, or (main part only) an explicit URL."""
    if url:
        return {"main": url}
    if mirror:
        base = mirror.rstrip("/") + "/"
        return {part: base + Path(urlsplit(u).path).name for part, u in source.urls.items()}
    return dict(source.urls)


def update(store: Store, source_ids: Sequence[str], *, mirror: str | None = None,
           url: str | None = None, allow_mass_removal: bool = False,
           client: httpx.Client | None = None, limits: Limits = LIMITS) -> list[ImportResult]:
    """Download and import each source; one result per source (a failed download changes
    nothing). The downloaded bytes are parsed exactly like a file given to ``lists import``."""
    own_client = client is None
    client = client or make_client(USER_AGENT)
    results = []
    try:
        for source_id in source_ids:
            results.append(_update_one(store, sources.get(source_id), client, mirror, url,
                                       allow_mass_removal, limits))
    finally:
        if own_client:
            client.close()
    if any(r.status == "imported" for r in results):
        relink_subjects(store)
    return results


def _downloaded(client: httpx.Client, source: Source, part: str, url: str,
                limits: Limits) -> InputFile:
    content = fetch(client, url, limits, allowed_hosts())
    if not content.strip():
        raise ParseError(f"{url}: empty download")
    if sources.sniff_safely(source, content) != part:
        raise ParseError(f"{url}: the download is not a {source.id} {part} file "
                         f"(starts {content[:60]!r})")
    return InputFile(url, content, source, part)


def _update_one(store, source, client, mirror, url, allow_mass_removal, limits) -> ImportResult:
    urls = part_urls(source, mirror, url)
    if not urls:  # curated entries and FtM datasets have no official download address
        return ImportResult.refused(source.id, [], f"{source.id} has no download URL: give --url")
    try:
        unit = ImportUnit(source, {part: _downloaded(client, source, part, address, limits)
                                   for part, address in urls.items()})
        return import_unit(store, unit, allow_mass_removal=allow_mass_removal)
    except DownloadFailed as exc:  # the network failed us: nothing was refused
        return ImportResult.refused(source.id, list(urls.values()), str(exc), status="failed")
    except ListwatchError as exc:
        return ImportResult.refused(source.id, list(urls.values()), str(exc))
