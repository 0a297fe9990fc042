"""Importing list files as snapshots: read (bounded), recognise, parse, validate, then write
everything of one snapshot in one transaction. A refused file changes nothing and says why."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from listwatch import sources
from listwatch.errors import ListwatchError, RefusedAsPartial
from listwatch.ledger import linking
from listwatch.ledger.models import ImportResult
from listwatch.ledger.events import (
    History, SnapshotView, derive_events, event_facts, field_changes, history_before, part_view,
    presence_after, snapshot_events, with_changes,
)
from listwatch.store import Snapshot, Store
from listwatch.ledger.subjects import link_facts
from listwatch.names import script_of, token_key
from listwatch.records import ParsedList, Record
from listwatch.sources import ParseError, Source

MAX_FILE_BYTES = int(os.environ.get("LISTWATCH_MAX_FILE_MB", "256")) * 1024 * 1024
DEFAULT_MAX_REMOVAL_SHARE = 0.10


class ImportRefused(RefusedAsPartial):
    """The input must not enter the ledger; the message says why."""


@dataclass(frozen=True)
class InputFile:
    path: str
    content: bytes
    source: Source
    part: str


# Parts that are each a snapshot of their own: a full list, or a delta applied to the snapshot
# before it (OpenSanctions' entities.delta.json); every other part extends one "main" file.
SNAPSHOT_PARTS = ("main", "delta")


@dataclass
class ImportUnit:
    """The files that together make one snapshot of one source (OFAC: sdn.csv + alt.csv …)."""

    source: Source
    files: dict[str, InputFile] = field(default_factory=dict)

    @property
    def lead(self) -> InputFile:
        """The file the snapshot stands on: the main file, or the delta."""
        return next(self.files[p] for p in SNAPSHOT_PARTS if p in self.files)


@dataclass(frozen=True)
class ObservedAt:
    at: dt.datetime  # UTC, naive
    on: str  # the date as the source states it
    source: str  # "file" | "option" | "file-name" | "import-time"


def parse_observed(text: str, origin: str) -> ObservedAt:
    """An observation time from ISO text: a date, a partial date ("2019-01" is taken as its first
    day), a datetime with or without offset, or the file-name form "2021-08-18T09-39"."""
    value = text.strip()
    value = re.sub(r"T(\d\d)-(\d\d)(?:-(\d\d))?$", lambda m: "T" + ":".join(
        g for g in m.groups() if g), value)
    if re.fullmatch(r"\d{4}", value):
        value += "-01-01"
    elif re.fullmatch(r"\d{4}-\d\d", value):
        value += "-01"
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ImportRefused(f"cannot read {text!r} as a date or time (use ISO, e.g. 2024-05-03)")
    local_day = parsed.date().isoformat()
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return ObservedAt(parsed, local_day, origin)


_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d\d(?:-\d\d(?:T\d\d[-:]\d\d(?:[-:]\d\d)?)?)?)(?!\d)")
# OpenSanctions' dataset versions: "20240527194702-wnk" is 2024-05-27T19:47:02 UTC.
_VERSION_IN_NAME = re.compile(r"(?<!\d)(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)-[a-z0-9]{3}(?![a-z0-9])")


def date_in_name(path: str) -> str | None:
    """The first ISO-like date in a file name ("sdn__2021-08-18T09-39__x.csv" → "2021-08-18T09-39",
    "t2__20240527194702-wnk__entities.delta.json" → "2024-05-27T19:47:02Z"): archives of lists
    that carry no date of their own keep it there."""
    name = Path(path).name
    if match := _DATE_IN_NAME.search(name):
        return match.group(1)
    if match := _VERSION_IN_NAME.search(name):
        year, month, day, hour, minute, second = match.groups()
        return f"{year}-{month}-{day}T{hour}:{minute}:{second}Z"
    return None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


# -- reading and recognising ------------------------------------------------------------------

def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the files inside folders named (sorted, hidden ones skipped)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file()
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            found.append(path)
        else:
            raise ImportRefused(f"{path}: no such file or folder")
    return found


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise ParseError(f"file is {size / 2**20:.0f} MiB, over the {limit / 2**20:.0f} MiB limit "
                         "(LISTWATCH_MAX_FILE_MB)")
    return path.read_bytes()


def recognise(path: str, content: bytes, source_id: str | None) -> InputFile:
    if not content.strip():
        raise ParseError("empty file")
    if source_id is None:
        source, part = sources.detect(content)
    else:
        source = sources.get(source_id)
        part = sources.sniff_safely(source, content) or "main"
    return InputFile(path, content, source, part)


def group_units(inputs: Sequence[InputFile]) -> list[ImportUnit]:
    """Each main file is a snapshot; auxiliary parts join the one main file of their source."""
    by_source: dict[str, list[InputFile]] = defaultdict(list)
    for item in inputs:
        by_source[item.source.id].append(item)
    units: list[ImportUnit] = []
    for items in by_source.values():
        source = items[0].source
        mains = [i for i in items if i.part in SNAPSHOT_PARTS]
        extras = [i for i in items if i.part not in SNAPSHOT_PARTS]
        if extras and len(mains) != 1:
            names = ", ".join(Path(i.path).name for i in extras)
            raise ImportRefused(
                f"{source.id}: {names} extend one snapshot, but the import has {len(mains)} main "
                "files for it: import each main file together with its own parts")
        source_units = [ImportUnit(source, {main.part: main}) for main in mains]
        for extra in extras:
            if extra.part in source_units[0].files:
                raise ImportRefused(f"{source.id}: two files for part {extra.part!r}")
            source_units[0].files[extra.part] = extra
        units += source_units
    return units


# -- validating ---------------------------------------------------------------------------------

def unique_records(parsed: ParsedList) -> dict[str, Record]:
    if not parsed.records:
        raise ParseError("no records found")
    records: dict[str, Record] = {}
    for record in parsed.records:
        if record.reference in records:
            raise ParseError(f"reference {record.reference!r} appears twice")
        records[record.reference] = record
    return records


def active_references(facts: Mapping[str, Mapping], on: str) -> set[str]:
    """References a snapshot shows as designated on its own date."""
    return {ref for ref, fact in facts.items()
            if not fact["delisted_on"] or fact["delisted_on"] > on}


def removal_share(before: set[str], after: set[str]) -> float:
    return len(before - after) / len(before) if before else 0.0


def years_between(earlier: str, later: str) -> float:
    return (dt.date.fromisoformat(later[:10]) - dt.date.fromisoformat(earlier[:10])).days / 365.25


def check_mass_removal(new: Mapping[str, Mapping], new_on: str,
                       previous: tuple[Snapshot, Mapping[str, Mapping]] | None,
                       following: tuple[Snapshot, Mapping[str, Mapping]] | None,
                       max_share: float, keeps_removed: bool = False) -> None:
    """Refuse a snapshot that looks partial rather than like the list moving on.

    Against its previous neighbour, a partial file shrinks the list (net) and delists many
    records; against its next one, it lacks records the next snapshot says were listed before
    its date. Delistings accumulate over time, so over a gap of several years the delisting
    share allowed is ``max_share`` per year; the shrink and lack checks take no such allowance.
    On the real UN and OFAC files, no two genuine versions come near these limits (5 % a year at
    most), while the re-serialised UN file in ../shared/data/lists/suspect fails two of them.
    A list that ``keeps_removed`` entries (with their delisting date) never drops one, so there
    entries missing altogether, delisted ones included, count too, with no yearly allowance."""
    active = active_references(new, new_on)
    problems = []
    if previous is not None:
        snapshot, records = previous
        vanished = removal_share(set(records), set(new))
        if keeps_removed and vanished > max_share:
            problems.append(f"it lacks {vanished:.0%} of the entries (delisted ones included) of "
                            f"the previous snapshot ({snapshot.observed_on}), and this list keeps "
                            "removed entries")
        before = active_references(records, snapshot.observed_on)
        shrink = 1 - len(active) / len(before) if before else 0.0
        if shrink > max_share:
            problems.append(f"it has {shrink:.0%} fewer designations than the previous snapshot "
                            f"({snapshot.observed_on})")
        share = removal_share(before, active)
        if share > max_share * max(1.0, years_between(snapshot.observed_on, new_on)):
            problems.append(f"it would delist {share:.0%} of the records of the previous snapshot "
                            f"({snapshot.observed_on})")
    if following is not None:
        snapshot, records = following
        share = removal_share(active, active_references(records, snapshot.observed_on))
        if share > max_share * max(1.0, years_between(new_on, snapshot.observed_on)):
            problems.append(f"the next snapshot ({snapshot.observed_on}) would then delist "
                            f"{share:.0%} of its records")
        listed_before = {ref for ref, fact in records.items()
                         if fact["listed_on"] and fact["listed_on"][:10] <= new_on}
        share = removal_share(listed_before, set(new))
        if share > max_share:
            problems.append(f"it lacks {share:.0%} of the records the next snapshot "
                            f"({snapshot.observed_on}) says were listed before {new_on}")
    if problems:
        raise ImportRefused("suspected partial or broken list: " + "; ".join(problems)
                            + f" (limit {max_share:.0%}; --allow-mass-removal to override)")


def check_observed_after_listings(records: Mapping[str, Record], observed: ObservedAt) -> None:
    """Refuse an observation date (given, or from a file name) before a listing date the file
    itself states: the list cannot have been seen in that state before its own entries were
    listed. The EU annex CSVs, undated, list entries up to 2026-03-30. (A file's own date and the
    import time are what they are: only a date someone supplied can be wrong this way.)"""
    if observed.source not in ("option", "file-name"):
        return
    latest = max((r.listed_on for r in records.values() if r.listed_on), default=None)
    if latest and latest[:len(observed.on)] > observed.on[:len(latest)]:
        raise ImportRefused(f"observed on {observed.on} ({observed.source}), but the file lists "
                            f"entries on {latest}: it was made on or after that day")



def check_first_snapshot(source: Source, count: int) -> None:
    """Refuse a source's first snapshot when it is far smaller than the list is known to be:
    with nothing to compare it with, its size is the only sign of a partial file."""
    floor = min_records(source)
    if count < floor:
        raise ImportRefused(
            f"suspected partial or broken list: {count} records, while a complete {source.id} "
            f"file holds at least {floor} (--allow-mass-removal to import it anyway)")


def min_records(source: Source) -> int:
    """The source's floor, unless ``LISTWATCH_MIN_RECORDS`` sets another ("un-sc=500,*=0";
    ``*`` for every source): for a ledger built from samples or from an era when the list was
    shorter than it is now."""
    setting = os.environ.get("LISTWATCH_MIN_RECORDS", "").strip()
    floors = {}
    for item in filter(None, (part.strip() for part in setting.split(","))):
        key, _, value = item.partition("=")
        if not value.strip().isdigit():
            raise ImportRefused(f"LISTWATCH_MIN_RECORDS: {item!r} is not source=count")
        floors[key.strip()] = int(value)
    return floors.get(source.id, floors.get("*", source.min_records))


MAX_REMOVAL_SHARE_UNCONFIRMED = 0.5


def check_removal_share(max_share: float, allow_mass_removal: bool) -> None:
    """A limit above one half lets most of a list vanish in one file: only with an explicit
    ``--allow-mass-removal``, so that a loose setting cannot switch the guard off unnoticed."""
    if not 0 <= max_share <= 1:
        raise ImportRefused(f"--max-removal-share must be between 0 and 1 (got {max_share})")
    if max_share > MAX_REMOVAL_SHARE_UNCONFIRMED and not allow_mass_removal:
        raise ImportRefused(f"--max-removal-share {max_share} is above "
                            f"{MAX_REMOVAL_SHARE_UNCONFIRMED}: add --allow-mass-removal to confirm")


# -- importing ----------------------------------------------------------------------------------

def unit_sha256(unit: ImportUnit) -> str:
    """Hash of the part hashes, so a snapshot is identified by all the files it was made of."""
    digest = hashlib.sha256()
    for part in sorted(unit.files):
        digest.update(f"{part}:{hashlib.sha256(unit.files[part].content).hexdigest()}\n".encode())
    return digest.hexdigest()


def observed_for(published: str | None, option: str | None, name_date: str | None,
                 now: dt.datetime) -> ObservedAt:
    """The file's own date first, then --observed-at, then a date in the file name (when asked
    for), else the import time."""
    if published:
        return parse_observed(published, "file")
    if option:
        return parse_observed(option, "option")
    if name_date:
        return parse_observed(name_date, "file-name")
    return ObservedAt(now, now.date().isoformat(), "import-time")


def neighbours(store: Store, source_id: str, observed: ObservedAt
               ) -> tuple[Snapshot | None, Snapshot | None]:
    before, after = None, None
    for snapshot in store.snapshots(source_id):
        if (snapshot.observed_on, snapshot.observed_at) <= (observed.on, observed.at):
            before = snapshot
        elif after is None:
            after = snapshot
    return before, after


def _with_facts(store: Store, snapshot: Snapshot | None):
    if snapshot is None:
        return None
    members = store.snapshot_members(snapshot.id)
    facts = store.version_facts(members.values())
    return snapshot, {ref: facts[vid] for ref, vid in members.items()}


def version_facts(record: Record) -> dict:
    return {**event_facts(record), **link_facts(record)}


def name_rows(records: Iterable[Record], known: set[tuple[str, str, str, str]]) -> list[dict]:
    rows, seen = [], set(known)
    for record in records:
        for name in record.names():
            key = (record.reference, name.value, name.kind, name.quality)
            if key not in seen:
                seen.add(key)
                rows.append({"reference": record.reference, "value": name.value,
                             "kind": name.kind, "quality": name.quality,
                             "script": script_of(name.value), "key": token_key(name.value)})
    return rows


def import_unit(store: Store, unit: ImportUnit, *, observed_at: str | None = None,
                date_from_name: bool = False,
                max_removal_share: float = DEFAULT_MAX_REMOVAL_SHARE,
                allow_mass_removal: bool = False, now: dt.datetime | None = None) -> ImportResult:
    """Parse and store one snapshot in one transaction; raise ParseError or ImportRefused."""
    now = now or utcnow()
    source = unit.source
    files = tuple(unit.files[p].path for p in sorted(unit.files))
    name_date = date_in_name(unit.lead.path) if date_from_name else None
    if "delta" in unit.files:
        observed = observed_for(None, observed_at, name_date, now)
        parsed = applied_delta(store, unit, observed)
    else:
        parsed = source.read({part: f.content for part, f in unit.files.items()})
        observed = observed_for(parsed.published, observed_at, name_date, now)
    records = unique_records(parsed)
    check_observed_after_listings(records, observed)
    facts = {ref: version_facts(record) for ref, record in records.items()}
    sha = unit_sha256(unit)
    with store.transaction():
        store.ensure_source(source.id, source.authority, source.list_name, source.url)
        existing = store.snapshot_by_hash(source.id, sha)
        if existing is not None:
            return ImportResult(source=source.id, files=files, status="unchanged",
                                message=f"already imported as snapshot {existing.id} "
                                        f"(observed {existing.observed_on})",
                                snapshot_id=existing.id, observed_on=existing.observed_on,
                                records=existing.record_count)
        if not allow_mass_removal:
            previous, following = neighbours(store, source.id, observed)
            if previous is None and following is None:
                check_first_snapshot(source, len(records))
            check_mass_removal(facts, observed.on, _with_facts(store, previous),
                               _with_facts(store, following), max_removal_share,
                               source.keeps_removed)
        snapshot_id = store.add_snapshot(
            source_id=source.id, sha256=sha, observed_at=observed.at, observed_on=observed.on,
            observed_from=observed.source, imported_at=now, record_count=len(records),
            parser_version=source.parser_version, parts=sorted(parsed.parts),
            files=[Path(f).name for f in files])
        store_records(store, source.id, snapshot_id, records.values(), facts)
        update_events(store, source.id, snapshot_id)
    return ImportResult(source=source.id, files=files, status="imported",
                        message=f"{len(records)} records", snapshot_id=snapshot_id,
                        observed_on=observed.on, records=len(records))


def applied_delta(store: Store, unit: ImportUnit, observed: ObservedAt) -> ParsedList:
    """The snapshot a delta file makes of the source's snapshot before it."""
    source = unit.source
    if source.apply_delta is None:
        raise ImportRefused(f"{source.id} publishes no deltas")
    previous, _ = neighbours(store, source.id, observed)
    if previous is None:
        raise ImportRefused(f"{source.id}: a delta applies to the snapshot before it, and the "
                            f"ledger has none observed by {observed.on}: import the entities file first")
    members = store.snapshot_members(previous.id)
    data = store.record_data(members.values())
    return source.read_delta(unit.files["delta"].content,
                             {ref: Record.from_dict(data[vid]) for ref, vid in members.items()})


def store_records(store: Store, source_id: str, snapshot_id: int, records: Iterable[Record],
                  facts: Mapping[str, dict]) -> None:
    records = list(records)
    hashed = [(record, record.content_hash()) for record in records]
    ids = store.version_ids_for(source_id, (h for _, h in hashed))
    store.add_record_versions(source_id, [(r.reference, h, r.to_dict(), facts[r.reference])
                                          for r, h in hashed if h not in ids])
    ids.update(store.version_ids_for(source_id, (h for _, h in hashed if h not in ids)))
    store.add_memberships(snapshot_id, (ids[h] for _, h in hashed))
    store.add_names(source_id, name_rows(
        records, store.known_names(source_id, (r.reference for r in records))))


def _changes_between(store: Store):
    def changes_between(pairs: set[tuple[int, int, str]]) -> dict:
        data = store.record_data({v for old, new, _ in pairs for v in (old, new)})
        return {(old, new, part): field_changes(part_view(data[old], part), part_view(data[new], part))
                for old, new, part in pairs}
    return changes_between


def _view(snapshot: Snapshot, members: Mapping[str, int]) -> SnapshotView:
    return SnapshotView(snapshot.id, snapshot.observed_on, snapshot.observed_at,
                        frozenset(snapshot.parts), members)


def rebuild_events(store: Store, source_id: str) -> int:
    """Re-derive one source's events from all its snapshots; returns how many there are. The
    check on :func:`update_events`, which imports use."""
    memberships = store.memberships(source_id)
    views = [_view(s, memberships.get(s.id, {})) for s in store.snapshots(source_id)]
    facts = store.version_facts({v for view in views for v in view.members.values()})
    events = derive_events(views, facts, _changes_between(store))
    store.replace_events(source_id, events)
    return len(events)


def update_events(store: Store, source_id: str, snapshot_id: int) -> None:
    """Derive the events a newly stored snapshot brings, reading only it, its neighbours and the
    history of the records they hold that the neighbour before does not (what
    :func:`rebuild_events` would give, at a cost that does not grow with the snapshots stored).

    Placed before a later snapshot (an import out of order), it also re-derives that one's
    events (their "since" changes), and the later events of the references whose history after
    it differs with the new snapshot in between (a record seen only in the new snapshot is
    relisted, not listed, when it comes back)."""
    snapshots = store.snapshots(source_id)
    position = next(i for i, s in enumerate(snapshots) if s.id == snapshot_id)
    views = [_view(s, {}) for s in snapshots]
    around = range(max(position - 1, 0), min(position + 2, len(snapshots)))
    for index in around:
        views[index] = _view(snapshots[index], store.snapshot_members(snapshots[index].id))
    references = {ref for index in around for ref in views[index].members}
    previous = views[position - 1] if position else None
    facts = store.version_facts({v for index in around for v in views[index].members.values()})
    # The snapshot before says all about its own references, unless earlier ones covered parts
    # it lacks (OFAC's alt.csv imported with some files only): then every reference needs its runs.
    earlier_parts = {part for view in views[:position] for part in view.parts}
    known = set(previous.members) if previous and earlier_parts <= previous.parts else set()
    runs = store.member_runs(source_id, references - known) if position else []
    facts.update(store.version_facts({v for _, v, _, _ in runs} - facts.keys()))
    history = history_before(views, position, runs, facts)
    for reference in known:
        history[reference] = presence_after(previous, previous.members[reference], facts)
    since = previous.observed_on if previous else None
    if position + 1 == len(snapshots):
        events = snapshot_events(history, views[position], since, facts)
    else:
        events = _inserted_events(store, source_id, views, position, history, facts)
    store.add_events(source_id, with_changes(events, _changes_between(store)))


def _inserted_events(store: Store, source_id: str, views: list[SnapshotView], position: int,
                     history: History, facts: dict[int, Mapping]) -> list[dict]:
    """The events of a snapshot placed before others: its own, the next one's again, and the
    later ones of the references whose history after the next one it changes (replacing what
    the store held for them)."""
    snapshot, following = views[position], views[position + 1]
    since = views[position - 1].observed_on if position else None
    without = {reference: known.copy() for reference, known in history.items()}
    snapshot_events(without, following, since, facts)
    events = snapshot_events(history, snapshot, since, facts)
    events += snapshot_events(history, following, snapshot.observed_on, facts)
    store.delete_events(source_id, [following.id])
    changed = {reference for reference in history if history[reference] != without.get(reference)}
    later = views[position + 2:]
    if changed and later:
        held: list[dict[str, int]] = [{} for _ in later]
        for reference, version, first, last in store.member_runs(source_id, changed):
            for index in range(max(first, position + 2), last + 1):
                held[index - position - 2][reference] = version
        facts.update(store.version_facts({v for members in held for v in members.values()}
                                         - facts.keys()))
        tracked = {reference: history[reference] for reference in changed}
        since = following.observed_on
        for view, members in zip(later, held):
            events += snapshot_events(tracked, replace(view, members=members), since, facts)
            since = view.observed_on
        store.delete_events(source_id, [view.id for view in later], changed)
    return events


ProgressCallback = Callable[[int, int, str], None]  # (done, total, label)


def import_paths(store: Store, paths: Sequence[str | Path], *, source_id: str | None = None,
                 observed_at: str | None = None, date_from_name: bool = False,
                 max_removal_share: float = DEFAULT_MAX_REMOVAL_SHARE,
                 allow_mass_removal: bool = False, relink: bool = True,
                 progress: ProgressCallback | None = None) -> list[ImportResult]:
    """Import every file (folders expanded). Each snapshot is its own transaction; files that
    are refused are reported and leave the ledger as it was. Subjects are relinked at the end
    (``relink=False`` leaves that to the caller, for batches of imports)."""
    check_removal_share(max_removal_share, allow_mass_removal)
    results: list[ImportResult] = []
    inputs: list[InputFile] = []
    for path in expand_paths(paths):
        try:
            inputs.append(recognise(str(path), read_bounded(path), source_id))
        except (ListwatchError, KeyError, OSError) as exc:
            results.append(ImportResult.refused(None, [str(path)], str(exc).strip('"')))
    units = group_units(inputs)
    for done, unit in enumerate(units, start=1):
        files = tuple(unit.files[p].path for p in sorted(unit.files))
        try:
            results.append(import_unit(store, unit, observed_at=observed_at,
                                       date_from_name=date_from_name,
                                       max_removal_share=max_removal_share,
                                       allow_mass_removal=allow_mass_removal))
        except ListwatchError as exc:
            results.append(ImportResult.refused(unit.source.id, files, str(exc)))
        if progress:
            progress(done, len(units), Path(files[0]).name)
    if relink and any(r.status == "imported" for r in results):
        linking.relink_subjects(store)
    return results
