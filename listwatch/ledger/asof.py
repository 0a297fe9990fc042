"""The state of one list entry as of a date: a pure function of its source's snapshots.

As of D means the latest snapshot of the source observed on or before D. Before the first
snapshot only a legal listing date can say an entry was listed, and the answer says so; an entry
gone from a later snapshot is delisted with the bracket of the two snapshots around its removal
unless the list states a legal date. The ledger's queries and the screening index both answer
through here, from the database and from memory respectively.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Sequence

from listwatch.records import Record
from listwatch.store import Snapshot


def designation_as_of(source_id: str, snapshots: Sequence[Snapshot], observed_on: Sequence[str],
                positions: Sequence[int], versions: Sequence[int], as_of: str | None,
                record: Callable[[int], Record], authorities: dict[str, dict]) -> dict | None:
    """``snapshots`` of the source in valid-time order (``observed_on`` their dates), and the
    sorted ``positions`` in it of the snapshots that contain the entry, with the record version
    each holds. None: not on that list as of the date, as far as the ledger knows."""
    if not positions:
        return None
    eligible = len(snapshots) if as_of is None else bisect.bisect_right(observed_on, as_of)
    if eligible == 0:
        first = snapshots[positions[0]]
        rec = record(versions[0])
        if rec.listed_on and rec.listed_on <= as_of and not (
                rec.delisted_on and rec.delisted_on <= as_of):
            answer = shape(source_id, rec, "listed", first, first, first, authorities)
            answer["basis"] = "legal-date: no snapshot before as_of"
            return answer
        return None
    seen = bisect.bisect_left(positions, eligible)  # containing snapshots observed by as_of
    if seen == 0:
        return None
    first, last_pos = snapshots[positions[0]], positions[seen - 1]
    last = snapshots[last_pos]
    rec = record(versions[seen - 1])
    day = as_of or dt.date.today().isoformat()
    if last_pos != eligible - 1:
        first_missing = next(s for s in snapshots[last_pos + 1:eligible]
                             if (s.observed_on, s.observed_at) > (last.observed_on, last.observed_at))
        return shape(source_id, rec, "delisted", first, last, snapshots[eligible - 1], authorities,
                      between=[last.observed_on, first_missing.observed_on])
    if rec.delisted_on and rec.delisted_on <= day:
        return shape(source_id, rec, "delisted", first, last, last, authorities)
    if as_of and rec.listed_on and rec.listed_on > as_of:
        return None
    return shape(source_id, rec, "listed", first, last, last, authorities)



def shape(source_id: str, record: Record, status: str, first: Snapshot, last: Snapshot,
           basis: Snapshot, authorities: dict[str, dict], between: list[str] | None = None) -> dict:
    return {
        "source": source_id,
        "authority": record.authority or authorities[source_id]["authority"],
        "reference": record.reference,
        "status": status,
        "listed_on": record.listed_on,
        "delisted_on": record.delisted_on if status == "delisted" else None,
        "delisted_between": between,
        "programmes": list(record.programmes),
        "name": record.name,
        "names": [n.value for n in record.names()],
        "legal_basis": record.legal_basis,
        "first_seen": first.observed_on,
        "last_seen": last.observed_on,
        "snapshot": {"observed_on": basis.observed_on, "sha256": basis.sha256},
    }
