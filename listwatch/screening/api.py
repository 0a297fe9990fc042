"""Screening's Python API (the CLI and the HTTP layer call these):

* :func:`screen` — one name → a :class:`~listwatch.screening.models.ScreeningAnswer`;
* :func:`screen_many` — many names, one index check;
* :func:`decide` — store an analyst's false-positive / match decision.

The index is built once per ledger state and persisted beside the database
(:mod:`listwatch.screening.persist`); a process loads that file instead of building when its
fingerprint matches the ledger. Every call reads :meth:`Store.screening_state` (snapshot count
and newest id, newest judgement id, subject and link counts — one small query) and reloads or
rebuilds when it differs from the state the index was made at. Decisions are reloaded, without
rebuilding, when their newest id changes.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading
import time
from collections.abc import Iterable, Iterator

from listwatch.errors import BadInput
from listwatch.ledger.models import Designation, SubjectBrief
from listwatch.screening import keys, persist, scorer
from listwatch.screening.designations import fingerprint
from listwatch.screening.index import Candidate, IndexInput, ScreeningIndex
from listwatch.screening.models import (
    Algorithm, Decision, DecisionView, MatchedName, Provenance, ScreeningAnswer, ScreeningResult,
    SnapshotInForce,
)
from listwatch.store import Store

VERDICTS = ("false-positive", "match")
TYPES = {"organization": "organisation", "organisation": "organisation", "person": "person",
         "vessel": "vessel", "aircraft": "aircraft", "other": "other"}
DEFAULT_THRESHOLD = scorer.DEFAULT_THRESHOLD
DEFAULT_LIMIT = 10


class ScreeningError(BadInput):
    """A screening request that cannot be answered as asked (unknown type, subject …)."""


class Screener:
    """An index plus the decisions, for one database."""

    def __init__(self, index: ScreeningIndex, built_in: float, origin: str = "built") -> None:
        self.index = index
        self.built_in = built_in  # seconds to build or load it
        self.origin = origin  # "built" (from the ledger) or "loaded" (the persisted file)
        self.built_at = index.built_at
        self.decision_state: object = object()
        self.decisions: dict[str, dict[str, dict]] = {}

    def load_decisions(self, store: Store, state: object) -> None:
        decisions: dict[str, dict[str, dict]] = {}
        for d in store.decisions():  # oldest first: the latest decision wins
            decisions.setdefault(d["query_key"], {})[d["subject_id"]] = d
        self.decisions, self.decision_state = decisions, state


_CACHE: dict[str, Screener] = {}
_LOCK = threading.Lock()
log = logging.getLogger(__name__)


def _snapshots_by_source(store: Store) -> dict[str, list]:
    snapshots: dict[str, list] = {}
    for snapshot in store.snapshots():
        snapshots.setdefault(snapshot.source_id, []).append(snapshot)
    return snapshots


def load_input(store: Store) -> IndexInput:
    """Everything the index needs, read through the store."""
    snapshots = _snapshots_by_source(store)
    facts = store.all_facts()
    return IndexInput(
        names=store.screening_names(),
        entries={key: (versions[-1]["type"], versions[-1]["name"]) for key, versions in facts.items()},
        links=store.subject_links(),
        subjects=store.screening_subjects(),
        snapshots=snapshots,
        memberships={source: store.memberships(source) for source in snapshots},
        authorities=store.source_rows(),
        records=store.record_data,
    )


def screener_for(store: Store) -> Screener:
    """The process's screener for this database: loaded from the persisted index when that
    matches the ledger, else built (and persisted); rebuilt if the ledger changed since."""
    state = store.screening_state()
    ledger_state, decision_state = state[:-1], state[-1]
    with _LOCK:
        current = _CACHE.get(store.url)
        if current is None or current.index.state != ledger_state:
            current = _CACHE[store.url] = _load_or_build(store, ledger_state)
            # The index is millions of long-lived objects: keep them out of the cyclic garbage
            # collector's full passes, which otherwise add ~10 ms to an unlucky query. (A build
            # leaves garbage to collect first; a load, run without the collector, does not.)
            if current.origin == "built":
                gc.collect()
            gc.freeze()
        if current.decision_state != decision_state:
            current.load_decisions(store, decision_state)
        return current


def _load_or_build(store: Store, ledger_state: tuple) -> Screener:
    started = time.perf_counter()
    path = store.screening_index_path()
    fingerprint = store.screening_fingerprint() if path is not None else None
    if path is not None and path.exists():
        shell = ScreeningIndex(state=ledger_state, snapshots=_snapshots_by_source(store),
                               authorities=store.source_rows(), records=store.record_data)
        try:
            index = persist.load(path, fingerprint, shell)
            return Screener(index, time.perf_counter() - started, "loaded")
        except (persist.IndexFileError, OSError) as exc:
            log.info("screening index %s not used, rebuilding: %s", path, exc)
    data = load_input(store)
    data.state = ledger_state
    index = ScreeningIndex.build(data)
    # persist only what matches the fingerprint: an import that landed meanwhile changes it
    if path is not None and store.screening_fingerprint() == fingerprint:
        try:
            persist.save(index, path, fingerprint)
        except OSError as exc:  # a read-only folder: the index still serves this process
            log.warning("screening index not saved to %s: %s", path, exc)
    return Screener(index, time.perf_counter() - started, "built")


def refresh_index(store: Store) -> Screener:
    """Bring the persisted index up to date with the ledger (after an import or update), so
    that the next process loads it instead of building it."""
    return screener_for(store)


def _type(type_: str | None) -> str | None:
    if type_ is None:
        return None
    try:
        return TYPES[type_.strip().lower()]
    except KeyError:
        raise ScreeningError(f"unknown type {type_!r} (organization or person)") from None


def screen(store: Store, name: str, *, type_: str | None = None, as_of: str | None = None,
           threshold: float = DEFAULT_THRESHOLD, limit: int = DEFAULT_LIMIT) -> ScreeningAnswer:
    """Screen one name against the ledger as of a date (None: now)."""
    return screen_with(screener_for(store), name, type_=type_, as_of=as_of, threshold=threshold,
                       limit=limit)


def screen_many(store: Store, names: Iterable[str], **options) -> Iterator[ScreeningAnswer]:
    screener = screener_for(store)
    for name in names:
        yield screen_with(screener, name, **options)


def screen_with(screener: Screener, name: str, *, type_: str | None = None,
                as_of: str | None = None, threshold: float = DEFAULT_THRESHOLD,
                limit: int = DEFAULT_LIMIT) -> ScreeningAnswer:
    if not 0.0 <= threshold <= 1.0:
        raise ScreeningError("threshold must be between 0 and 1")
    if limit < 1:
        raise ScreeningError("limit must be at least 1")
    index = screener.index
    found = index.search(name, type_=_type(type_), limit=limit, threshold=threshold)
    decisions = screener.decisions.get(keys.query_key(name), {})
    results = [_result(index, subject, candidate, as_of, decisions.get(subject))
               for subject, candidate in found]
    # A known false positive stays in the answer, marked, after every other result.
    results.sort(key=lambda r: r.decision is not None and r.decision.verdict == "false-positive")
    return ScreeningAnswer(query=name, as_of=as_of, results=results,
                           provenance=provenance(screener, as_of, threshold))


def _result(index: ScreeningIndex, subject: str, candidate: Candidate, as_of: str | None,
            decision: dict | None) -> ScreeningResult:
    name, type_ = index.subjects.get(subject, ("?", "?"))
    designations = index.designations(subject, as_of)
    if any(d["status"] == "listed" for d in designations):
        listing = "listed"
    elif designations:
        listing = "formerly-listed"
    else:
        listing = "not-listed-as-of"  # its listings begin after as_of
    kind, quality, script = index.name_meta[candidate.name]
    source, reference = index.entry_key[candidate.entry]
    return ScreeningResult(
        subject=SubjectBrief(id=subject, name=name, type=type_),
        score=candidate.score,
        listing=listing,
        matched_name=MatchedName(value=index.name_value[candidate.name], script=script,
                                 kind=kind, quality=quality, source=source, reference=reference),
        explanation=candidate.explanation,
        designations=[Designation(**d) for d in designations],
        decision=_decision_view(index, subject, decision) if decision else None,
    )


def _decision_view(index: ScreeningIndex, subject: str, decision: dict) -> DecisionView:
    now = fingerprint(index.designations(subject, None))
    changed = now != decision["designations"]
    return DecisionView(verdict=decision["verdict"], by=decision["by"],
                        at=decision["created_at"].isoformat(), note=decision["note"],
                        query=decision["query"], review=changed,
                        review_reason="the subject's designations changed since the decision"
                        if changed else None)


def provenance(screener: Screener, as_of: str | None, threshold: float) -> Provenance:
    return Provenance(
        snapshots=[SnapshotInForce(source=s.source_id, observed_at=s.observed_at.isoformat(),
                                   observed_on=s.observed_on, sha256=s.sha256)
                   for s in screener.index.snapshots_in_force(as_of)],
        algorithm=Algorithm.of_scorer(),
        threshold=threshold,
        as_of=as_of,
        index_built_at=screener.built_at,
    )


def decide(store: Store, query: str, subject_id: str, verdict: str, by: str,
           note: str | None = None, at: dt.datetime | None = None) -> Decision:
    """Remember an analyst's decision on (query, subject); later screens of the same normalised
    query show it, and flag it for review once the subject's designations change."""
    if verdict not in VERDICTS:
        raise ScreeningError(f"verdict must be one of {', '.join(VERDICTS)}")
    screener = screener_for(store)
    if subject_id not in screener.index.subject_entries:
        raise ScreeningError(f"no subject {subject_id!r} in the ledger")
    key = keys.query_key(query)
    if not key.strip():
        raise ScreeningError("the query has no name in it")
    at = at or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    designations = fingerprint(screener.index.designations(subject_id, None))
    with store.transaction():
        decision_id = store.add_decision(query_key=key, query=query, subject_id=subject_id,
                                         verdict=verdict, by=by, note=note, at=at,
                                         designations=designations)
    return Decision(id=decision_id, query=query, query_key=key, subject_id=subject_id,
                    verdict=verdict, by=by, note=note, at=at.isoformat())
