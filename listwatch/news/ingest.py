"""Ingesting: inputs → read articles → stored documents and claims (one transaction each).

A document seen before (same URL, or same normalised text) is not stored again; a
near-duplicate (SimHash within ``NEAR_DUPLICATE_BITS``) is stored linked to its twin. Reading
happens before the transaction opens, so a document that fails to read leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from listwatch.news.intake import IntakeError, RawDocument, read_inputs
from listwatch.news.models import IngestResult
from listwatch.news.reader import READER_VERSION, Reader, ReadError

NEAR_DUPLICATE_BITS = 6


def ingest(store, inputs: list[str], *, published: str | None = None, outlet: str | None = None,
           url: str | None = None, reader: Reader | None = None, client=None,
           follow_links: bool = False, progress: Callable[[int, str], None] | None = None) -> list[IngestResult]:
    reader = reader or Reader.for_store(store)
    results = []
    for item in read_inputs(inputs, client, follow_links=follow_links):
        if isinstance(item, IntakeError):
            results.append(IngestResult(source=item.source, status="error", message=str(item)))
        else:
            results.append(ingest_document(store, reader, item, published=published,
                                           outlet=outlet, url=url))
        if progress:
            progress(len(results), results[-1].source)
    return results


def ingest_document(store, reader: Reader, raw: RawDocument, *, published=None, outlet=None,
                    url=None) -> IngestResult:
    try:
        article = reader.read(raw, published=published, outlet=outlet, url=url).to_dict()
    except ReadError as exc:
        return IngestResult(source=raw.source, status="error", message=str(exc))
    except Exception as exc:  # noqa: BLE001 — one bad document must not stop a batch
        return IngestResult(source=raw.source, status="error",
                            message=f"{raw.source}: {exc.__class__.__name__}: {exc}")
    base = dict(title=article["title"], outlet=article["outlet"], published=article["published"],
                url=article["url"], notes=article["notes"])
    with store.transaction():
        existing = store.find_document(article["url"], article["fingerprint"])
        if existing:
            return IngestResult(source=raw.source, status="duplicate", id=existing, **base,
                                message=f"already stored as document {existing}")
        twin = store.near_duplicate_of(article["simhash"], NEAR_DUPLICATE_BITS)
        doc_id = store.add_document(article, article["claims"], twin,
                                    dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                                    READER_VERSION)
    return IngestResult(source=raw.source, status="near-duplicate" if twin else "stored",
                        id=doc_id, **base, claims=len(article["claims"]), twin_of=twin)
