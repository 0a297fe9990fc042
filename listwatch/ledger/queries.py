"""Answers from the ledger: status as of a date, history, and the diff of two snapshots.

Every answer is a typed model (:mod:`listwatch.ledger.models`) that the faces render. Dates are
ISO; a date we do not know is null, and where only a bracket is known (delisted between two
snapshots) the bracket is given instead.
"""

from __future__ import annotations

from collections import defaultdict

from listwatch.errors import NotFoundError
from listwatch import sources
from listwatch.ledger.asof import designation_as_of
from listwatch.ledger.events import field_changes, merge_changes, part_view
from listwatch.ledger import lookup
from listwatch.ledger.models import (
    AmendedEntry, Designation, DiffAnswer, DiffEntry, Event, HistoryAnswer, LedgerStatus, Member,
    SnapshotBrief, SourceRow, SourcesAnswer, Subject, SubjectAnswer, SubjectBrief,
)
from listwatch.names import script_of, token_key
from listwatch.records import Record
from listwatch.screening.api import screener_for
from listwatch.screening.index import KIND_ORDER, ScreeningIndex
from listwatch.store import Snapshot, Store


class NotFound(NotFoundError):
    """No subject or snapshot answers the query; the message suggests what might."""


# Lookup: a subject found by an equal name (after normalisation, transliteration and spelling
# folding) beats one found by a similar name; among equal names a main name beats an alias,
# an alias a weak alias, a weak alias an acronym derived from a name, that a name derived from
# a branch's names; then names equal in their consonant skeletons (other scripts, other vowels).
# Similar names must score this much in the screening scorer to answer, and rivals this much to
# be shown beside it.
LOOKUP_THRESHOLD = 0.8
RIVAL_SCORE = 0.85
MAX_RIVALS = 5


def resolve_subject(store: Store, query: str) -> tuple[str, list[str]]:
    """The subject a subject id, name, alias or reference designates, and other subjects it
    could mean (best first)."""
    text = query.strip()
    if store.subject(text) is not None:  # the subject id every answer prints (a page's address)
        return text, []
    by_reference = sorted({subject for source_id, reference in store.references_matching(text)
                           if (subject := store.subject_of(source_id, reference))})
    if by_reference:
        return by_reference[0], by_reference[1:]
    if not store.snapshots():
        raise NotFound("no lists imported yet: run listwatch lists import FILE… "
                       "(or listwatch lists update)")
    index = screener_for(store).index
    names = lookup.directory(index)
    ranked, exact, scores = _ranked(index, names, lookup.query_forms(text))
    if not ranked and (fallback := lookup.fallback_forms(text)):
        # nothing answers as typed: "Houthi movement" without "movement", "Hisbollah" as German
        ranked, exact, scores = _ranked(index, names, fallback)
    if not ranked:
        raise NotFound(_not_found_message(index, text, scores))
    # rivals: other equal names, skeleton matches only as close as the answer, close scores
    rivals = [s for s in ranked[1:]
              if (s in exact and (exact[s][0] == 0 or exact[s][:2] == exact[ranked[0]][:2]))
              or scores.get(s, 0.0) >= RIVAL_SCORE]
    return ranked[0], rivals[:MAX_RIVALS]


def _ranked(index: ScreeningIndex, names: lookup.Directory,
            forms: list[str]) -> tuple[list[str], dict[str, tuple], dict[str, float]]:
    """Subjects the query forms name, best first; their directory keys; their fuzzy scores."""
    # subject → how well its best name matches: score, then (for equal scores) a name whose
    # words come in the order typed ("أنصار الله" is Ansar Allah before it is "AL-ALI, Nasr"),
    # a strong name, a main name
    fuzzy: dict[str, tuple] = {}
    for form in forms:
        for subject, candidate in index.search(form, limit=10, threshold=0.6):
            kind, quality, _ = index.name_meta[candidate.name]
            if quality != "strong":
                # a weak a.k.a. ("EL CURA", "HUESITO") says too little to stand for a name that
                # is merely similar: it answers a lookup only when typed as it is (below)
                continue
            key = (-candidate.score, candidate.explanation["token_order"] != "same",
                   quality != "strong", KIND_ORDER.get(kind, len(KIND_ORDER)))
            fuzzy[subject] = min(fuzzy.get(subject, key), key)
    scores = {subject: -key[0] for subject, key in fuzzy.items()}
    # subject → (equal skeletons only, rank, another form than typed, -hits): equal names
    # before equal skeletons; a main name before an alias (whichever form found it), the query
    # as typed before its other forms; more hits (branches agreeing on a parent's name) first
    exact: dict[str, tuple] = {}
    for position, form in enumerate(forms):
        for loose, hits in ((0, names.hits(form)), (1, names.loose_hits(form))):
            count: dict[str, int] = defaultdict(int)
            best: dict[str, int] = {}
            for rank, entry in hits:
                if rank == lookup.ACRONYM and script_of(form) == "Arab":
                    continue  # an Arabic word in Latin has no vowels: it looks like initials
                subject = index.entry_subject[entry]
                count[subject] += 1
                best[subject] = min(best.get(subject, rank), rank)
            for subject, rank in best.items():
                found = (loose, rank, position > 0, -count[subject])
                exact[subject] = min(exact.get(subject, found), found)
    unmatched = (1.0, True, True, len(KIND_ORDER))

    def branch_of_a_match(subject: str) -> bool:
        # "IRGC" is the main name of the IRGC and a part of its Qods Force's: the parent answers
        parent = names.parent.get(subject)
        return parent in exact and exact[parent][:3] <= exact[subject][:3]

    ranked = sorted(exact, key=lambda s: (exact[s][:3], branch_of_a_match(s), exact[s][3],
                                          fuzzy.get(s, unmatched), s)) + sorted(
        (s for s in scores if s not in exact and scores[s] >= LOOKUP_THRESHOLD),
        key=lambda s: (fuzzy[s], s))
    return ranked, exact, scores


def _not_found_message(index: ScreeningIndex, text: str, scores: dict[str, float]) -> str:
    close = sorted(scores, key=lambda s: -scores[s])[:3]
    hint = f" — close names: {', '.join(index.subjects[s][0] for s in close)}" if close else ""
    return f"no subject named or referenced {text!r} in the ledger{hint}"


def subject_summary(store: Store, subject_id: str) -> Subject:
    subject = store.subject(subject_id)
    members = [(m["source"], m["reference"]) for m in subject["members"]]
    aliases, seen = [], {token_key(subject["name"])}
    for name in store.names_of(members):
        if name["key"] not in seen:
            seen.add(name["key"])
            aliases.append(name["value"])
    return Subject(id=subject["id"], name=subject["name"], type=subject["type"], aliases=aliases,
                   members=[Member(**m) for m in subject["members"]])


def subject_answer(store: Store, query: str) -> SubjectAnswer:
    """`subjects show`: the subject a query designates, its linked entries and why."""
    subject_id, others = resolve_subject(store, query)
    return SubjectAnswer(**dict(subject_summary(store, subject_id)),
                         other_subjects=[brief(store, s) for s in others])


def _record(store: Store, version_id: int) -> Record:
    return Record.from_dict(store.record_data([version_id])[version_id])


def designation(store: Store, source_id: str, reference: str, as_of: str | None,
                authorities: dict[str, dict]) -> Designation | None:
    """The state of one list entry as of a date (None: not on that list then, as far as the
    ledger knows); see :mod:`listwatch.ledger.asof`."""
    snapshots = store.snapshots(source_id)
    containing = store.snapshots_containing(source_id, reference)
    positions = [i for i, s in enumerate(snapshots) if s.id in containing]
    found = designation_as_of(
        source_id, snapshots, [s.observed_on for s in snapshots], positions,
        [containing[snapshots[i].id] for i in positions], as_of,
        lambda version_id: _record(store, version_id), authorities)
    return None if found is None else Designation(**found)


def status(store: Store, query: str, as_of: str | None = None) -> LedgerStatus:
    subject_id, others = resolve_subject(store, query)
    subject = subject_summary(store, subject_id)
    authorities = store.source_rows()
    designations = [d for m in subject.members
                    if (d := designation(store, m.source, m.reference, as_of, authorities))]
    designations.sort(key=lambda d: (d.status != "listed", d.source, d.reference))
    return LedgerStatus(query=query, as_of=as_of, subject=subject, designations=designations,
                        other_subjects=[brief(store, s) for s in others])


def brief(store: Store, subject_id: str) -> SubjectBrief:
    subject = store.subject(subject_id)
    return SubjectBrief(id=subject["id"], name=subject["name"], type=subject["type"])


def history(store: Store, query: str) -> HistoryAnswer:
    subject_id, others = resolve_subject(store, query)
    subject = subject_summary(store, subject_id)
    events = store.events((m.source, m.reference) for m in subject.members)
    events.sort(key=lambda e: (e["recorded_at"], e["source"], e["reference"]))
    return HistoryAnswer(subject=subject, events=[Event(
        source=e["source"], reference=e["reference"], kind=e["kind"],
        valid_date=e["valid_date"], recorded_at=e["recorded_at"].isoformat(),
        between=e["between"] if e["between"] != [None, None] else None,
        changes=e["changes"]) for e in events],
        other_subjects=[brief(store, s) for s in others])


def snapshot_at(store: Store, source_id: str, day: str) -> Snapshot:
    eligible = [s for s in store.snapshots(source_id) if s.observed_on <= day]
    if not eligible:
        raise NotFound(f"no {source_id} snapshot observed on or before {day}")
    return eligible[-1]


def diff(store: Store, source_id: str, from_day: str, to_day: str) -> DiffAnswer:
    """What changed on a list between the latest snapshots at or before two dates."""
    sources.get(source_id)
    old, new = snapshot_at(store, source_id, from_day), snapshot_at(store, source_id, to_day)
    before, after = store.snapshot_members(old.id), store.snapshot_members(new.id)
    changed = [r for r in before.keys() & after.keys() if before[r] != after[r]]
    data = store.record_data([*before.values(), *after.values()])
    common = frozenset(old.parts) & frozenset(new.parts)

    def entry(reference: str, version_id: int) -> DiffEntry:
        return DiffEntry(reference=reference, name=data[version_id]["name"])

    amended = []
    for reference in sorted(changed):
        a, b = data[before[reference]], data[after[reference]]
        changes: dict = {}
        for part in sorted(common):
            merge_changes(changes, field_changes(part_view(a, part), part_view(b, part)))
        if changes:
            amended.append(AmendedEntry(**dict(entry(reference, after[reference])),
                                        changes=changes))
    return DiffAnswer(
        source=source_id,
        from_snapshot=_snapshot_brief(old), to_snapshot=_snapshot_brief(new),
        added=[entry(r, after[r]) for r in sorted(after.keys() - before.keys())],
        removed=[entry(r, before[r]) for r in sorted(before.keys() - after.keys())],
        amended=amended,
    )


def _snapshot_brief(snapshot: Snapshot) -> SnapshotBrief:
    return SnapshotBrief(id=snapshot.id, observed_on=snapshot.observed_on,
                         observed_at=snapshot.observed_at.isoformat(), sha256=snapshot.sha256,
                         records=snapshot.record_count, files=list(snapshot.files))


def source_overview(store: Store) -> SourcesAnswer:
    snapshots: dict[str, list[Snapshot]] = {}
    for snapshot in store.snapshots():
        snapshots.setdefault(snapshot.source_id, []).append(snapshot)
    rows = []
    # the fixed sources, then the members of source families (ftm-…) the ledger holds
    members = sorted(s for s in set(snapshots) - set(sources.all_sources()) if sources.is_known(s))
    for source in [*sources.all_sources().values(), *map(sources.get, members)]:
        taken = snapshots.get(source.id, [])
        rows.append(SourceRow(id=source.id, authority=source.authority, list=source.list_name,
                              urls=dict(source.urls), keeps_removed=source.keeps_removed,
                              snapshots=len(taken),
                              last_snapshot=_snapshot_brief(taken[-1]) if taken else None))
    return SourcesAnswer(sources=rows)

