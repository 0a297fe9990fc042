"""Events as a pure function of one source's snapshots.

Walking the snapshots in valid-time order, each reference's first presence is ``listed``, a
content change ``amended``, absence after presence (or a removal date on lists that keep removed
entries) ``delisted``, and presence after that ``relisted``. Because nothing else goes in,
importing snapshots in any order and re-deriving gives the same history.

Each reference's events depend only on its own presence and on the snapshots' dates and parts,
so an import derives just what a new snapshot changes (:func:`snapshot_events` from a
:func:`history_before` it) and :func:`derive_events`, the full rebuild, stays the check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from listwatch.records import Record


# {(old version id, new version id, part), …} → the field changes of each
ChangesBetween = Callable[[set[tuple[int, int, str]]], Mapping[tuple[int, int, str], dict]]


@dataclass(frozen=True)
class SnapshotView:
    id: int
    observed_on: str  # ISO date the source states for the snapshot
    observed_at: dt.datetime
    parts: frozenset[str]
    members: Mapping[str, int]  # reference → record version id


_PART_TAGGED = ("aliases", "identifiers", "details")


def part_view(data: Mapping, part: str) -> dict:
    """What a snapshot covering ``part`` says about a stored record. The main part is everything
    but the names, identifiers and details that other parts (OFAC's alt.csv …) contributed."""
    if part == "main":
        view = dict(data)
        for key in _PART_TAGGED:
            view[key] = [item for item in data.get(key, ()) if item.get("part", "main") == "main"]
        return view
    return {key: [item for item in data.get(key, ()) if item.get("part", "main") == part]
            for key in _PART_TAGGED}


def event_facts(record: Record) -> dict:
    """What event derivation needs of a record version, stored beside it: its legal dates and
    a hash per part, so that versions are compared without reading them whole."""
    data = record.to_dict()
    parts = {item["part"] for key in _PART_TAGGED for item in data[key]} | {"main"}
    return {
        "listed_on": record.listed_on, "delisted_on": record.delisted_on,
        "amended_on": list(record.amended_on),
        "part_hashes": {part: _hash(part_view(data, part)) for part in sorted(parts)},
    }


def _hash(view: dict) -> str:
    text = json.dumps(view, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _label(item) -> str:
    if isinstance(item, dict):
        if "kind" in item and "value" in item:  # a name
            flag = " (weak)" if item.get("quality") == "weak" else ""
            return f"{item['value']}{flag}"
        if "scheme" in item:
            return f"{item['scheme']}:{item['value']}"
        if "key" in item:
            return f"{item['key']}: {item['value']}"
    return str(item)


def field_changes(old: Mapping, new: Mapping) -> dict:
    """Per changed field: ``{"added": [...], "removed": [...]}`` for lists, else from/to."""
    changes: dict = {}
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if isinstance(before, (list, tuple)) or isinstance(after, (list, tuple)):
            old_items = [_label(x) for x in before or ()]
            new_items = [_label(x) for x in after or ()]
            added = [x for x in new_items if x not in old_items]
            removed = [x for x in old_items if x not in new_items]
            if added or removed:
                changes[key] = {"added": added, "removed": removed}
        else:
            changes[key] = {"from": before, "to": after}
    return changes


def merge_changes(into: dict, changes: dict) -> dict:
    for key, change in changes.items():
        if "added" in change:
            merged = into.setdefault(key, {"added": [], "removed": []})
            merged["added"] += change["added"]
            merged["removed"] += change["removed"]
        else:
            into[key] = change
    return into


def _latest_on_or_after(dates: Sequence[str], floor: str | None) -> str | None:
    candidates = [d for d in dates if floor is None or d[:10] >= floor]
    return max(candidates) if candidates else None


@dataclass
class Presence:
    """What derivation knows of one reference after some snapshot: all that the events of the
    next snapshots depend on, besides those snapshots themselves."""

    status: str  # "listed" | "delisted"
    last_seen: str  # observed_on of the last snapshot that held it
    by_part: dict[str, int]  # part → its version in the last snapshot that covered the part

    def copy(self) -> "Presence":
        return Presence(self.status, self.last_seen, dict(self.by_part))


History = dict[str, Presence]  # reference → its presence so far


def _active(fact: Mapping, observed_on: str) -> bool:
    return fact["delisted_on"] is None or fact["delisted_on"] > observed_on


def presence_after(snapshot: SnapshotView, version: int, facts: Mapping[int, Mapping]) -> Presence:
    """The history of a reference right after a snapshot that holds it (as ``version``), as far
    as the parts that snapshot covers go."""
    listed = _active(facts[version], snapshot.observed_on)
    return Presence("listed" if listed else "delisted", snapshot.observed_on,
                    {part: version for part in snapshot.parts})


def snapshot_events(history: History, snapshot: SnapshotView, since: str | None,
                    facts: Mapping[int, Mapping]) -> list[dict]:
    """The events of one snapshot, given the history of the references before it (updated to
    include it) and the date of the snapshot before it (``since``). Amendments carry the pairs of
    versions to compare as ``{"pending": …}`` until :func:`with_changes` fills them in."""
    events: list[dict] = []

    def emit(reference: str, kind: str, valid: str | None, since: str | None,
             changes: dict | None = None) -> None:
        events.append({
            "reference": reference, "kind": kind, "valid_date": valid[:10] if valid else None,
            "recorded_at": snapshot.observed_at, "between_from": since,
            "between_to": snapshot.observed_on, "snapshot_id": snapshot.id,
            "changes": changes or {}})

    for reference in sorted(snapshot.members):
        version = snapshot.members[reference]
        fact = facts[version]
        active = _active(fact, snapshot.observed_on)
        known = history.get(reference)
        if known is None:
            emit(reference, "listed", fact["listed_on"], since)
            if not active:
                emit(reference, "delisted", fact["delisted_on"], since)
            known = history[reference] = Presence("", "", {})
        elif known.status == "listed" and not active:
            emit(reference, "delisted", fact["delisted_on"], known.last_seen)
        elif known.status == "delisted" and active:
            listed_on = fact["listed_on"]
            relisted = listed_on if listed_on and listed_on[:10] >= known.last_seen else None
            emit(reference, "relisted", relisted, since)
        else:
            pairs = [(before, version, part) for part in sorted(snapshot.parts)
                     if (before := known.by_part.get(part)) is not None
                     and facts[before]["part_hashes"].get(part) != fact["part_hashes"].get(part)]
            if pairs:
                valid = _latest_on_or_after(fact["amended_on"], since)
                emit(reference, "amended", valid, since, {"pending": pairs})
        known.status = "listed" if active else "delisted"
        known.last_seen = snapshot.observed_on
        for part in snapshot.parts:
            known.by_part[part] = version
    gone = sorted(reference for reference, known in history.items()
                  if known.status == "listed" and reference not in snapshot.members)
    for reference in gone:
        emit(reference, "delisted", None, history[reference].last_seen)
        history[reference].status = "delisted"
    return events


def history_before(snapshots: Sequence[SnapshotView], position: int,
                   runs: Iterable[tuple[str, int, int, int]],
                   facts: Mapping[int, Mapping]) -> History:
    """The history of the references of ``runs`` (reference, version id, first and last
    position: every run of each) after the snapshot before ``position``, as walking the
    snapshots up to there would leave it, read off the runs alone (only the snapshots' dates
    and parts are used, never their members)."""
    covering: dict[str, list[int]] = {}  # part → positions before ``position`` that cover it
    for index, snapshot in enumerate(snapshots[:position]):
        for part in snapshot.parts:
            covering.setdefault(part, []).append(index)
    by_reference: dict[str, list[tuple[int, int, int]]] = {}
    for reference, version, first, last in runs:
        if first < position:
            by_reference.setdefault(reference, []).append((version, first, min(last, position - 1)))
    history: History = {}
    for reference, spans in by_reference.items():
        version, _, last = max(spans, key=lambda span: span[2])
        seen = snapshots[last]
        listed = last == position - 1 and _active(facts[version], seen.observed_on)
        by_part = {}
        for part, positions in covering.items():
            found = [(positions[k], v) for v, first, end in spans
                     if (k := bisect_right(positions, end) - 1) >= 0 and positions[k] >= first]
            if found:
                by_part[part] = max(found)[1]
        history[reference] = Presence("listed" if listed else "delisted", seen.observed_on, by_part)
    return history


def derive_events(snapshots: Sequence[SnapshotView], facts: Mapping[int, Mapping],
                  changes_between: ChangesBetween) -> list[dict]:
    """Every event of one source, in snapshot order, as plain rows for the store: the full
    rebuild, which incremental imports must always agree with.

    ``facts`` maps version ids to :func:`event_facts`; ``changes_between`` reads versions whole,
    once, for the parts whose hashes differ."""
    history: History = {}
    events: list[dict] = []
    since = None
    for snapshot in snapshots:
        events += snapshot_events(history, snapshot, since, facts)
        since = snapshot.observed_on
    return with_changes(events, changes_between)


def with_changes(events: list[dict], changes_between: ChangesBetween) -> list[dict]:
    """Fill in the field changes of amendments, dropping those that change nothing visible
    (a reordering of aliases, say)."""
    wanted = {pair for e in events for pair in e["changes"].get("pending", ())}
    found = changes_between(wanted) if wanted else {}
    kept = []
    for event in events:
        if "pending" in event["changes"]:
            changes: dict = {}
            for pair in event["changes"]["pending"]:
                merge_changes(changes, found[pair])
            if not changes:
                continue
            event["changes"] = changes
        kept.append(event)
    return kept
