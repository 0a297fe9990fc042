"""yente-compatible matching: FollowTheMoney-style query entities in, scored subjects out.

A bank's screening system that speaks to OpenSanctions' yente (``POST /match/{dataset}``) can
point at listwatch unchanged. Each query entity's names are screened with the same screener as
``listwatch screen``; a subject found under several of the names keeps its best score.
"""

from __future__ import annotations

from listwatch.api.models import (
    EntityExample, EntityMatches, EntityMatchQuery, EntityMatchResponse, ScoredEntity, TotalSpec,
)
from listwatch.screening import api as screening
from listwatch.screening import scorer
from listwatch.screening.models import ScreeningAnswer, ScreeningResult

# FollowTheMoney schemata → the screener's subject types (None: any type).
SCHEMA_TYPES = {"Person": "person", "Organization": "organization", "Company": "organization",
                "PublicBody": "organization", "LegalEntity": None, "Thing": None}
# The ledger's subject types → the FollowTheMoney schema a result is given.
TYPE_SCHEMATA = {"person": "Person", "organisation": "Organization"}
NAME_PROPERTIES = ("name", "alias", "weakAlias", "previousName")
TERROR_TOPIC = "crime.terror"  # FollowTheMoney's topic for listed terrorist entities


class MatchRequestError(ValueError):
    """A query entity that cannot be screened (unknown schema, no name)."""


def query_names(example: EntityExample) -> list[str]:
    names: list[str] = []
    for prop in NAME_PROPERTIES:
        value = example.properties.get(prop, [])
        for item in [value] if isinstance(value, str) else value:
            if isinstance(item, str) and item.strip() and item.strip() not in names:
                names.append(item.strip())
    return names


def query_type(example: EntityExample) -> str | None:
    try:
        return SCHEMA_TYPES[example.schema_]
    except KeyError:
        known = ", ".join(SCHEMA_TYPES)
        raise MatchRequestError(f"schema {example.schema_!r} cannot be matched (use one of: {known})") from None


def features(result: ScreeningResult) -> dict[str, float]:
    explanation = result.explanation
    return {"name_score": result.score,
            "query_coverage": explanation.get("query_coverage", 0.0),
            "name_coverage": explanation.get("name_coverage", 0.0)}


def scored_entity(result: ScreeningResult, threshold: float) -> ScoredEntity:
    subject, designations = result.subject, result.designations
    names = [result.matched_name.value]
    for d in designations:
        names += [n for n in [d.name, *d.names] if n and n not in names]
    properties = {"name": [subject.name],
                  "alias": [n for n in names if n != subject.name],
                  "program": sorted({p for d in designations for p in d.programmes}),
                  "topics": [TERROR_TOPIC] if result.listing == "listed" else []}
    seen = [d.first_seen for d in designations if d.first_seen]
    last = [d.last_seen for d in designations if d.last_seen]
    return ScoredEntity(
        id=subject.id, caption=subject.name,
        schema=TYPE_SCHEMATA.get(subject.type, "LegalEntity"),
        properties={k: v for k, v in properties.items() if v},
        datasets=sorted({d.source for d in designations}),
        referents=sorted({f"{d.source}:{d.reference}" for d in designations}),
        target=result.listing == "listed",
        first_seen=min(seen) if seen else None, last_seen=max(last) if last else None,
        score=result.score, match=result.score >= threshold,
        features=features(result), explanation=result.explanation)


def best_per_subject(answers: list[ScreeningAnswer], dataset: str | None) -> list[ScreeningResult]:
    best: dict[str, dict] = {}
    for answer in answers:
        for result in answer.results:
            if dataset and not any(d.source == dataset for d in result.designations):
                continue
            held = best.get(result.subject.id)
            if held is None or result.score > held.score:
                best[result.subject.id] = result
    return sorted(best.values(), key=lambda r: (-r.score, r.subject.id))


def match_one(screener: screening.Screener, example: EntityExample, dataset: str | None, *,
              threshold: float, cutoff: float, limit: int, as_of: str | None) -> EntityMatches:
    names = query_names(example)
    if not names:
        raise MatchRequestError("the query entity has no name (properties.name)")
    type_ = query_type(example)
    answers = [screening.screen_with(screener, name, type_=type_, as_of=as_of, threshold=cutoff,
                                     limit=limit) for name in names]
    results = best_per_subject(answers, dataset)
    return EntityMatches(results=[scored_entity(r, threshold) for r in results[:limit]],
                         total=TotalSpec(value=len(results)), query=example)


def feature_docs() -> dict[str, dict]:
    weight = scorer.CONFIG["query_weight"]
    return {
        "name_score": {"description": "listwatch's name score (see explanation.formula)",
                       "coefficient": 1.0, "url": None},
        "query_coverage": {"description": "share of the query's name tokens matched",
                           "coefficient": weight, "url": None},
        "name_coverage": {"description": "share of the listed name's tokens matched",
                          "coefficient": round(1 - weight, 6), "url": None},
    }


def match(screener: screening.Screener, request: EntityMatchQuery, dataset: str | None, *,
          threshold: float, cutoff: float, limit: int, as_of: str | None) -> EntityMatchResponse:
    """Answer every query; one bad query entity gets its own 400, the others still answer."""
    responses = {}
    for key, example in request.queries.items():
        try:
            responses[key] = match_one(screener, example, dataset, threshold=threshold,
                                       cutoff=cutoff, limit=limit, as_of=as_of)
        except (MatchRequestError, screening.ScreeningError) as exc:
            responses[key] = EntityMatches(status=400, results=[], total=TotalSpec(value=0),
                                           query=example, error=str(exc))
    return EntityMatchResponse(responses=responses, limit=limit,
                               matcher={"name": scorer.ALGORITHM, "version": scorer.VERSION,
                                        "features": feature_docs()})
