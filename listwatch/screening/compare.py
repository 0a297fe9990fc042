"""Explain one pair: the score the screener gives name2 when name1 is screened, without a
database. Word weights are those of a word no list name shares (1.0): the index lowers the
weight of words many list names carry, so a screen can score a pair somewhat lower."""

from __future__ import annotations

from listwatch.names import script_of
from listwatch.screening import keys, scorer
from listwatch.screening.index import comparison
from listwatch.screening.models import Algorithm, Comparison

TYPES = ("person", "organization", "organisation")


def compare(name1: str, name2: str, type: str | None = None) -> Comparison:  # noqa: A002
    """The score, and its explanation, of screening ``name1`` against a list name ``name2``
    (``type``: the API's word); raises ValueError on an unknown type or a name without
    letters."""
    if type is not None and type.strip().lower() not in TYPES:
        raise ValueError(f"unknown type {type!r} (person or organization)")
    query, name = keys.tokens(name1), keys.tokens(name2)
    for label, value, toks in (("name1", name1, query), ("name2", name2, name)):
        if not toks:
            raise ValueError(f"{label} {value!r} has no name in it")
    scripts = (script_of(name1), script_of(name2))
    cross, vowel_tolerant = comparison(scripts[1], scripts[0])
    value, explanation = scorer.score(
        query, [scorer.role_weight(t, 1.0) for t in query],
        name, [scorer.role_weight(t, 1.0) for t in name], cross_script=cross,
        vowel_tolerant=vowel_tolerant)
    explanation["scripts"] = {"name1": scripts[0], "name2": scripts[1]}
    return Comparison(name1=name1, name2=name2, type=type, score=value,
                      threshold=scorer.DEFAULT_THRESHOLD, match=value >= scorer.DEFAULT_THRESHOLD,
                      explanation=explanation, algorithm=Algorithm.of_scorer())
