"""Official list adapters, one module per source, found by discovery rather than an if-chain.

Each module in this package that does not start with an underscore defines ``SOURCE``, a
:class:`listwatch.sources._descriptor.Source`, or ``FAMILY``, a
:class:`listwatch.sources._descriptor.SourceFamily` whose member sources are named by the data
(one per FollowTheMoney dataset: "ftm-eu_fsf").
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from listwatch.sources._descriptor import ParseError, Source, SourceFamily

__all__ = ["ParseError", "Source", "SourceFamily", "all_sources", "families", "get", "is_known",
           "detect", "sniff_safely"]


@cache
def _modules() -> tuple:
    return tuple(importlib.import_module(f"{__name__}.{module.name}")
                 for module in pkgutil.iter_modules(__path__) if not module.name.startswith("_"))


@cache
def all_sources() -> dict[str, Source]:
    """The sources with a fixed id (family members are found through ``get``)."""
    found = {m.SOURCE.id: m.SOURCE for m in _modules() if hasattr(m, "SOURCE")}
    return dict(sorted(found.items()))


@cache
def families() -> tuple[SourceFamily, ...]:
    return tuple(m.FAMILY for m in _modules() if hasattr(m, "FAMILY"))


def get(source_id: str) -> Source:
    if source_id in all_sources():
        return all_sources()[source_id]
    for family in families():
        if (member := family.source(source_id)) is not None:
            return member
    known = ", ".join([*all_sources(), *(f"{f.prefix}<dataset>" for f in families())])
    raise KeyError(f"unknown source {source_id!r} (known: {known})")


def is_known(source_id: str) -> bool:
    try:
        get(source_id)
    except KeyError:
        return False
    return True


def sniff_safely(source: Source | SourceFamily, content: bytes):
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
    for family in families():
        if part := sniff_safely(family, content):
            name = family.dataset(content)
            if name is None:
                raise ParseError(f"{part} file of no single dataset: use --source "
                                 f"{family.prefix}<dataset>")
            hits.append((family.member(name), part))
    if not hits:
        raise ParseError("format not recognised by any source adapter (use --source to force one)")
    if len(hits) > 1:
        names = ", ".join(f"{s.id}:{p}" for s, p in hits)
        raise ParseError(f"content matches several adapters ({names}): use --source")
    return hits[0]
