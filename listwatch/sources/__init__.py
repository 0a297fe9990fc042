"""Official list adapters, one module per source, found by discovery rather than an if-chain.

Each module in this package that does not start with an underscore defines ``SOURCE``, a
:class:`listwatch.sources._descriptor.Source`.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from listwatch.sources._descriptor import ParseError, Source

__all__ = ["ParseError", "Source", "all_sources", "get", "detect", "sniff_safely"]


@cache
def all_sources() -> dict[str, Source]:
    found: dict[str, Source] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_"):
            continue
        source = importlib.import_module(f"{__name__}.{module.name}").SOURCE
        found[source.id] = source
    return dict(sorted(found.items()))


def get(source_id: str) -> Source:
    try:
        return all_sources()[source_id]
    except KeyError:
        known = ", ".join(all_sources())
        raise KeyError(f"unknown source {source_id!r} (known: {known})") from None


def sniff_safely(source: Source, content: bytes) -> str | None:
    """A sniffer sees every file, hostile ones included: one that trips over content not of
    its format has answered "not mine"."""
    try:
        return source.sniff(content)
    except Exception:  # noqa: BLE001 - any failure to recognise is a "no"
        return None


def detect(content: bytes) -> tuple[Source, str]:
    """The source and part whose format this content is, judged from the content alone."""
    if not content.strip():
        raise ParseError("empty file")
    hits = [(s, part) for s in all_sources().values() if (part := sniff_safely(s, content))]
    if not hits:
        raise ParseError("format not recognised by any source adapter (use --source to force one)")
    if len(hits) > 1:
        names = ", ".join(f"{s.id}:{p}" for s, p in hits)
        raise ParseError(f"content matches several adapters ({names}): use --source")
    return hits[0]
