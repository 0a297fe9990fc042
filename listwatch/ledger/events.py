"""Events as a pure function of one source's snapshots.

Walking the snapshots in valid-time order, each reference's first presence is ``listed``, a
content change ``amended``, absence after presence (or a removal date on lists that keep removed
entries) ``delisted``, and presence after that ``relisted``. Because nothing else goes in,
importing snapshots in any order and re-deriving gives the same history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from listwatch.records import Record


@dataclass(frozen=True)
class SnapshotView:
    id: int
    observed_on: str  # ISO date the source states for the snapshot
    observed_at: dt.datetime
    parts: frozenset[str]
    members: Mapping[str, int]  # reference → record version id


def part_view(record: Record, part: str) -> dict:
    """What a snapshot covering ``part`` says about the record. The main part is everything but
    the names, identifiers and details that other parts (OFAC's alt.csv …) contributed."""
    if part == "main":
        return record.restricted_to(frozenset({"main"})).to_dict()
    aux = record.restricted_to(frozenset({part})).to_dict()
    return {key: aux[key] for key in ("aliases", "identifiers", "details")}


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


def _latest_on_or_after(dates: Sequence[str], floor: str | None) -> str | None:
    candidates = [d for d in dates if floor is None or d[:10] >= floor]
    return max(candidates) if candidates else None


def derive_events(snapshots: Sequence[SnapshotView], records: Mapping[int, Record]) -> list[dict]:
    """Every event of one source, in snapshot order, as plain rows for the store."""
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
            record = records[snapshot.members[reference]]
            active = record.delisted_on is None or record.delisted_on > snapshot.observed_on
            status = state.get(reference)
            if status is None:
                emit(snapshot, reference, "listed", record.listed_on, since)
                if not active:
                    emit(snapshot, reference, "delisted", record.delisted_on, since)
            elif status == "listed" and not active:
                emit(snapshot, reference, "delisted", record.delisted_on, last_seen[reference])
            elif status == "delisted" and active:
                relisted = record.listed_on if record.listed_on and record.listed_on[:10] >= (
                    last_seen.get(reference) or "") else None
                emit(snapshot, reference, "relisted", relisted, since)
            else:
                changes = _changes_since_last(reference, snapshot, records, last_by_part)
                if changes:
                    valid = _latest_on_or_after(record.amended_on, since)
                    emit(snapshot, reference, "amended", valid, since, changes)
            state[reference] = "listed" if active else "delisted"
            last_seen[reference] = snapshot.observed_on
            for part in snapshot.parts:
                last_by_part[(reference, part)] = snapshot.members[reference]
        for reference, status in state.items():
            if status == "listed" and reference not in snapshot.members:
                emit(snapshot, reference, "delisted", None, last_seen[reference])
                state[reference] = "delisted"
        previous = snapshot
    return events


def _changes_since_last(reference: str, snapshot: SnapshotView, records: Mapping[int, Record],
                        last_by_part: Mapping[tuple[str, str], int]) -> dict:
    """Changes of each part against the last snapshot that covered that part."""
    current_id = snapshot.members[reference]
    changes: dict = {}
    for part in sorted(snapshot.parts):
        before_id = last_by_part.get((reference, part))
        if before_id is None or before_id == current_id:
            continue
        for key, change in field_changes(part_view(records[before_id], part),
                                         part_view(records[current_id], part)).items():
            merged = changes.setdefault(key, {"added": [], "removed": []} if "added" in change else {})
            if "added" in change:
                merged["added"] += change["added"]
                merged["removed"] += change["removed"]
            else:
                merged.update(change)
    return changes
