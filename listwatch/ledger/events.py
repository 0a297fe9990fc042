"""Events as a pure function of one source's snapshots.

Walking the snapshots in valid-time order, each reference's first presence is ``listed``, a
content change ``amended``, absence after presence (or a removal date on lists that keep removed
entries) ``delisted``, and presence after that ``relisted``. Because nothing else goes in,
importing snapshots in any order and re-deriving gives the same history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
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


def derive_events(snapshots: Sequence[SnapshotView], facts: Mapping[int, Mapping],
                  changes_between: ChangesBetween) -> list[dict]:
    """Every event of one source, in snapshot order, as plain rows for the store.

    ``facts`` maps version ids to :func:`event_facts`; ``changes_between`` reads versions whole,
    once, for the parts whose hashes differ."""
    events: list[dict] = []
    state: dict[str, str] = {}  # reference → "listed" | "delisted"
    last_seen: dict[str, str] = {}  # reference → observed_on of the last snapshot it was in
    last_by_part: dict[tuple[str, str], int] = {}  # (reference, part) → record version id
    previous: SnapshotView | None = None

    def emit(snapshot: SnapshotView, reference: str, kind: str, valid: str | None,
             since: str | None, changes: dict | None = None) -> None:
        events.append({
            "reference": reference, "kind": kind, "valid_date": valid[:10] if valid else None,
            "recorded_at": snapshot.observed_at, "between_from": since,
            "between_to": snapshot.observed_on, "snapshot_id": snapshot.id,
            "changes": changes or {}})

    for snapshot in snapshots:
        since = previous.observed_on if previous else None
        for reference in sorted(snapshot.members):
            version = snapshot.members[reference]
            fact = facts[version]
            active = fact["delisted_on"] is None or fact["delisted_on"] > snapshot.observed_on
            status = state.get(reference)
            if status is None:
                emit(snapshot, reference, "listed", fact["listed_on"], since)
                if not active:
                    emit(snapshot, reference, "delisted", fact["delisted_on"], since)
            elif status == "listed" and not active:
                emit(snapshot, reference, "delisted", fact["delisted_on"], last_seen[reference])
            elif status == "delisted" and active:
                listed_on = fact["listed_on"]
                relisted = listed_on if listed_on and listed_on[:10] >= last_seen[reference] else None
                emit(snapshot, reference, "relisted", relisted, since)
            else:
                pairs = [(before, version, part) for part in sorted(snapshot.parts)
                         if (before := last_by_part.get((reference, part))) is not None
                         and facts[before]["part_hashes"].get(part) != fact["part_hashes"].get(part)]
                if pairs:
                    valid = _latest_on_or_after(fact["amended_on"], since)
                    emit(snapshot, reference, "amended", valid, since, {"pending": pairs})
            state[reference] = "listed" if active else "delisted"
            last_seen[reference] = snapshot.observed_on
            for part in snapshot.parts:
                last_by_part[(reference, part)] = version
        for reference, status in state.items():
            if status == "listed" and reference not in snapshot.members:
                emit(snapshot, reference, "delisted", None, last_seen[reference])
                state[reference] = "delisted"
        previous = snapshot
    return _with_changes(events, changes_between)


def _with_changes(events: list[dict], changes_between: ChangesBetween) -> list[dict]:
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
