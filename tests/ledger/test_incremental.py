"""Incremental imports against the full rebuild, membership runs, and the upgrade to them."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from alembic import command
from sqlalchemy import Integer, String, column, func, insert, select, table

from listwatch.ledger.importer import import_paths, rebuild_events
from listwatch.store import Store
from listwatch.store.base import _alembic_config
from listwatch.store.ledger import MembershipRunRow, SnapshotRow

from .unxml import Entry, un_xml


def random_versions(seed: int, count: int = 9) -> list[tuple[str, list[Entry]]]:
    """Dated versions of a 30-entry list where each step adds, drops (some for good, some to
    come back) and amends a few entries, and one step changes nothing."""
    rng = random.Random(seed)
    current = {f"QDe.{i}": Entry(f"QDe.{i}", f"Invented Group {i}", listed_on="2010-01-01")
               for i in range(30)}
    out, day, next_ref = [], dt.date(2019, 1, 7), 100
    for step in range(count):
        if step != 4:
            for ref in rng.sample(sorted(current), 3):
                del current[ref]
            for _ in range(2):
                ref = f"QDe.{next_ref}"
                next_ref += 1
                current[ref] = Entry(ref, f"Invented Group {ref}", listed_on=day.isoformat())
            for ref in rng.sample(sorted(current), 2):
                old = current[ref]
                current[ref] = Entry(ref, old.name, aliases=old.aliases + [f"Alias {step}"],
                                     listed_on=old.listed_on, updated=[day.isoformat()])
            if step % 3 == 2:  # an entry dropped earlier comes back
                ref = f"QDe.{rng.randrange(30)}"
                current.setdefault(ref, Entry(ref, f"Invented Group {ref}",
                                              listed_on=day.isoformat()))
        out.append((f"v{step}.xml", list(current.values()), f"{day.isoformat()}T19:00:00-05:00"))
        day += dt.timedelta(days=rng.choice((1, 30, 90)))
    return out


def import_in(store: Store, write, versions, order) -> None:
    for index in order:
        name, entries, generated = versions[index]
        result = import_paths(store, [write(name, un_xml(entries, generated))],
                              allow_mass_removal=True, relink=False)
        assert [r.status for r in result] == ["imported"], result


def history(store: Store) -> list[str]:
    """Every event with the date of its snapshot (ids differ between ledgers)."""
    day = {s.id: s.observed_on for s in store.snapshots()}
    return sorted(json.dumps([e["reference"], e["kind"], e["valid_date"], e["between"],
                              e["recorded_at"].isoformat(), e["changes"], day[e["snapshot_id"]]],
                             sort_keys=True)
                  for e in store.events(_references(store)))


def _references(store: Store) -> list[tuple[str, str]]:
    return sorted({("un-sc", ref) for members in store.memberships("un-sc").values()
                   for ref in members})


def members_by_day(store: Store) -> dict[str, dict[str, int]]:
    memberships = store.memberships("un-sc")
    return {s.observed_on: memberships.get(s.id, {}) for s in store.snapshots("un-sc")}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_import_order_gives_the_full_rebuild(store, write, tmp_path, seed):
    versions = random_versions(seed)
    order = list(range(len(versions)))
    random.Random(seed).shuffle(order)
    import_in(store, write, versions, order)
    incremental = history(store)
    assert len(incremental) > 40
    with store.transaction():
        rebuild_events(store, "un-sc")
    assert history(store) == incremental
    # and the same as importing in date order
    ordered = Store(f"sqlite:///{tmp_path / 'ordered.db'}")
    ordered.upgrade()
    import_in(ordered, write, versions, range(len(versions)))
    assert history(ordered) == incremental
    # every snapshot holds exactly what its file listed
    for (name, entries, generated), (day, members) in zip(versions,
                                                          sorted(members_by_day(store).items())):
        assert generated.startswith(day)
        assert set(members) == {e.reference for e in entries}
    assert members_by_day(store).keys() == members_by_day(ordered).keys()


def test_a_record_seen_only_in_an_earlier_import_is_relisted_later(store, write):
    """The out-of-order case whose effect reaches past the next snapshot: an entry present only
    in a snapshot imported last, between two that lack it, makes its return a relisting."""
    base = [Entry(f"QDe.{i}", f"Invented Group {i}") for i in range(20)]
    comer = Entry("QDe.77", "Returning Group", listed_on="2019-01-01")
    versions = [("a.xml", base, "2019-01-07T19:00:00-05:00"),
                ("b.xml", base + [comer], "2019-02-07T19:00:00-05:00"),
                ("c.xml", base, "2019-03-07T19:00:00-05:00"),
                ("d.xml", base, "2019-04-07T19:00:00-05:00"),
                ("e.xml", base + [comer], "2019-05-07T19:00:00-05:00")]
    import_in(store, write, versions, [0, 2, 3, 4, 1])
    kinds = [e["kind"] for e in store.events([("un-sc", "QDe.77")])]
    assert kinds == ["listed", "delisted", "relisted"]
    incremental = history(store)
    with store.transaction():
        rebuild_events(store, "un-sc")
    assert history(store) == incremental


def run_count(store: Store) -> int:
    with store.reading():
        with store._read() as session:
            return session.scalar(select(func.count()).select_from(MembershipRunRow))


def test_an_unchanged_version_adds_no_membership_rows(store, write):
    base = [Entry(f"QDe.{i}", f"Invented Group {i}") for i in range(50)]
    import_in(store, write, [("a.xml", base, "2019-01-07T19:00:00-05:00")], [0])
    before = run_count(store)
    import_in(store, write, [("b.xml", base, "2019-02-07T19:00:00-05:00"),
                             ("c.xml", base[1:], "2019-03-07T19:00:00-05:00")], [0, 1])
    assert run_count(store) == before == 50
    assert len(store.snapshot_members(store.snapshots("un-sc")[1].id)) == 50
    assert len(store.snapshot_members(store.snapshots("un-sc")[2].id)) == 49


def test_upgrade_turns_stored_memberships_into_runs(store):
    """A ledger at the revision before runs, with memberships in it, upgrades and downgrades
    with every snapshot holding the same records."""
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004_claim_spans")
    snapshot = table("snapshot", *(column(c) for c in (
        "id", "source_id", "sha256", "observed_at", "observed_on", "observed_from", "imported_at",
        "record_count", "parser_version", "parts", "files")))
    version = table("record_version", *(column(c) for c in (
        "id", "source_id", "reference", "content_hash", "data", "facts")))
    event = table("event", *(column(c) for c in (
        "source_id", "reference", "kind", "recorded_at", "snapshot_id", "changes")))
    membership = table("membership", column("snapshot_id", Integer),
                       column("record_version_id", Integer))
    at = dt.datetime(2020, 1, 1)
    # snapshot ids out of date order (imported out of order), one version that leaves and returns
    days = {1: "2020-03-01", 2: "2020-01-01", 3: "2020-02-01", 4: "2020-04-01"}
    held = {1: [10, 11], 2: [10, 11, 12], 3: [10, 13], 4: [10, 11, 13]}
    with store.engine.begin() as connection:
        connection.execute(insert(table("source", column("id", String), column("authority"),
                                        column("list_name"), column("url"))),
                           [{"id": "un-sc", "authority": "UN", "list_name": "x", "url": None}])
        connection.execute(insert(snapshot), [{
            "id": i, "source_id": "un-sc", "sha256": str(i), "observed_at": at,
            "observed_on": day, "observed_from": "file", "imported_at": at, "record_count": 1,
            "parser_version": "1", "parts": json.dumps(["main"]), "files": json.dumps([])}
            for i, day in days.items()])
        connection.execute(insert(version), [{
            "id": v, "source_id": "un-sc", "reference": f"R{v}", "content_hash": str(v),
            "data": "{}", "facts": "{}"} for v in (10, 11, 12, 13)])
        connection.execute(insert(membership), [{"snapshot_id": s, "record_version_id": v}
                                                for s, vs in held.items() for v in vs])
        connection.execute(insert(event), [{
            "source_id": "un-sc", "reference": "R12", "kind": "listed", "recorded_at": at,
            "snapshot_id": 2, "changes": "{}"}])
    store.upgrade()
    assert [e["kind"] for e in store.events([("un-sc", "R12")])] == ["listed"]
    expected = {s: {f"R{v}": v for v in vs} for s, vs in held.items()}
    assert store.memberships("un-sc") == expected
    assert [s.observed_on for s in store.snapshots("un-sc")] == sorted(days.values())
    with store.reading():
        with store._read() as session:
            seqs = dict(session.execute(select(SnapshotRow.id, SnapshotRow.seq)).all())
    assert seqs == {2: 0, 3: 1, 1: 2, 4: 3}
    assert run_count(store) == 6  # in date order: 10 throughout, 11 and 13 twice, 12 once
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004_claim_spans")
    with store.engine.connect() as connection:
        rows = connection.execute(select(membership.c.snapshot_id,
                                         membership.c.record_version_id)).all()
    assert sorted(rows) == sorted((s, v) for s, vs in held.items() for v in vs)
