"""The one registry of authorities — whose list a record, a claim or a dossier line belongs to.

``authorities.yaml`` holds each authority under its short name with the ways text names it
(names, bodies, titles, capitals and metonyms such as "the bloc") and its adjectives; the
sources' descriptors (``authority=``), the news reader and the dossier all use these keys.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

REGISTRY_FILE = Path(__file__).resolve().parent / "authorities.yaml"


@lru_cache(maxsize=1)
def registry() -> dict:
    """The registry as written: {authority: {names, adjectives}, "demonyms": {…}}."""
    return yaml.safe_load(REGISTRY_FILE.read_text(encoding="utf-8"))


def names() -> frozenset[str]:
    """Every authority's short name (the keys the sources and claims use)."""
    return frozenset(k for k in registry() if k != "demonyms")
