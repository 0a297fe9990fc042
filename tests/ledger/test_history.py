"""Snapshots → events, status as of a date, diff: on small lists written in the UN format."""

from __future__ import annotations

import itertools

import pytest

from listwatch.ledger import queries
from listwatch.ledger.importer import import_paths

from .unxml import Entry, many, un_xml

FRONT = Entry("QDe.901", "NORTHERN EXAMPLE FRONT", aliases=["Example Liberation Army"],
              listed_on="2015-03-02")


def versions() -> list[tuple[str, bytes]]:
    """Four dated versions: listed; amended (alias added); gone; back again."""
    base = many(40)
    amended = Entry(FRONT.reference, FRONT.name, aliases=FRONT.aliases + ["Hayat Example al-Sham"],
                    listed_on=FRONT.listed_on, updated=["2019-02-11"])
    return [
        ("v1.xml", un_xml(base + [FRONT], "2019-01-07T19:00:00-05:00")),
        ("v2.xml", un_xml(base + [amended], "2019-03-04T19:00:00-05:00")),
        ("v3.xml", un_xml(base, "2020-06-01T19:00:00-04:00")),
        ("v4.xml", un_xml(base + [Entry(FRONT.reference, FRONT.name, listed_on="2021-01-15")],
                          "2021-02-01T19:00:00-05:00")),
    ]


def import_all(store, write, order) -> list:
    files = versions()
    results = []
    for index in order:
        name, content = files[index]
        results += import_paths(store, [write(name, content)])
    assert [r.status for r in results] == ["imported"] * len(order), results
    return results


def event_rows(store) -> list[tuple]:
    answer = queries.history(store, "QDe.901")
    return [(e.kind, e.valid_date, e.between, e.recorded_at[:10],
             sorted(e.changes)) for e in answer.events]


def test_events_follow_the_snapshots(store, write):
    import_all(store, write, range(4))
    assert event_rows(store) == [
        ("listed", "2015-03-02", [None, "2019-01-07"], "2019-01-08", []),
        ("amended", "2019-02-11", ["2019-01-07", "2019-03-04"], "2019-03-05",
         ["aliases", "amended_on"]),
        ("delisted", None, ["2019-03-04", "2020-06-01"], "2020-06-01", []),
        ("relisted", "2021-01-15", ["2020-06-01", "2021-02-01"], "2021-02-02", []),
    ]
    amended = queries.history(store, "QDe.901").events[1]
    assert amended.changes["aliases"] == {"added": ["Hayat Example al-Sham"], "removed": []}


@pytest.mark.parametrize("order", [(3, 1, 0, 2), (2, 0, 3, 1)])
def test_out_of_order_imports_give_the_same_history(store, write, tmp_path, order):
    import_all(store, write, order)
    shuffled = event_rows(store)
    from listwatch.store import Store

    ordered_store = Store(f"sqlite:///{tmp_path / 'ordered.db'}")
    ordered_store.upgrade()
    import_all(ordered_store, write, range(4))
    assert shuffled == event_rows(ordered_store)


def test_reimport_changes_nothing(store, write):
    import_all(store, write, range(4))
    before = event_rows(store)
    again = import_paths(store, [write("v2-again.xml", versions()[1][1])])
    assert [r.status for r in again] == ["unchanged"]
    assert event_rows(store) == before
    assert len(store.snapshots("un-sc")) == 4


def test_status_as_of_dates(store, write):
    import_all(store, write, range(4))

    def state(as_of):
        found = queries.status(store, "Northern Example Front", as_of).designations
        return [(d.status, d.listed_on, d.delisted_between) for d in found]

    assert state("2014-12-31") == []  # before the legal listing date
    # before the first snapshot, only the legal listing date speaks, and the answer says so
    early = queries.status(store, "QDe.901", "2018-12-31").designations
    assert [(d.status, d.basis) for d in early] == [
        ("listed", "legal-date: no snapshot before as_of")]
    assert state("2019-05-01") == [("listed", "2015-03-02", None)]
    assert state("2020-07-01") == [("delisted", "2015-03-02", ["2019-03-04", "2020-06-01"])]
    assert state(None) == [("listed", "2021-01-15", None)]
    # an alias added in the amendment finds the subject too
    assert queries.status(store, "hayat example al sham").subject.name == FRONT.name


def test_diff_between_dates(store, write):
    import_all(store, write, range(4))
    answer = queries.diff(store, "un-sc", "2019-03-04", "2020-06-01")
    assert [e.model_dump() for e in answer.removed] == [
        {"reference": "QDe.901", "name": "NORTHERN EXAMPLE FRONT"}]
    assert answer.added == [] and answer.amended == []
    amended = queries.diff(store, "un-sc", "2019-01-07", "2019-03-04").amended
    assert [a.reference for a in amended] == ["QDe.901"]
    with pytest.raises(queries.NotFound):
        queries.diff(store, "un-sc", "2001-01-01", "2019-03-04")


def test_every_order_of_three_snapshots_agrees(tmp_path, write):
    """Exhaustive over the 6 orders of the first three versions."""
    from listwatch.store import Store

    results = set()
    for n, order in enumerate(itertools.permutations(range(3))):
        store = Store(f"sqlite:///{tmp_path / f'p{n}.db'}")
        store.upgrade()
        import_all(store, write, order)
        results.add(tuple(map(str, event_rows(store))))
    assert len(results) == 1
