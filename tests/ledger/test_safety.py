"""Bad input is refused with a clear message and leaves the ledger exactly as it was."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from listwatch.ledger import importer
from listwatch.ledger.importer import import_paths
from listwatch.store import Store
from listwatch.store.ledger import EventRow, MembershipRunRow, RecordVersionRow, SnapshotRow
from listwatch.sources import ParseError

from .unxml import Entry, many, un_xml


def table_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {table.__tablename__: connection.scalar(select(func.count()).select_from(table))
                for table in (SnapshotRow, RecordVersionRow, MembershipRunRow, EventRow)}


@pytest.fixture
def seeded(store, write):
    """A ledger holding one 100-entry snapshot (2019-01-07) and one 101-entry one (2019-06-03)."""
    import_paths(store, [write("a.xml", un_xml(many(100), "2019-01-07T10:00:00Z"))])
    import_paths(store, [write("b.xml", un_xml(many(101), "2019-06-03T10:00:00Z"))])
    return store


def refused(results) -> str:
    assert [r.status for r in results] == ["refused"], results
    return results[0].message


@pytest.mark.parametrize("name,content,expected", [
    ("empty.xml", b"", "empty file"),
    ("blank.xml", b"  \r\n\t ", "empty file"),
    ("garbage.bin", bytes(range(256)) * 40, "not recognised"),
    ("truncated.xml", un_xml(many(30), "2019-09-01T10:00:00Z")[:-900], "truncated"),
])
def test_broken_files_are_refused_and_change_nothing(seeded, write, name, content, expected):
    before = table_counts(seeded)
    message = refused(import_paths(seeded, [write(name, content)]))
    assert expected in message
    assert table_counts(seeded) == before


def test_entity_expansion_is_refused(seeded, write):
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE CONSOLIDATED_LIST [\n <!ENTITY a "aaaaaaaaaa">\n'
            b' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
            b'<CONSOLIDATED_LIST dateGenerated="2019-09-01T10:00:00Z"><INDIVIDUALS/><ENTITIES>'
            b'<ENTITY><FIRST_NAME>&c;</FIRST_NAME><REFERENCE_NUMBER>QDe.1</REFERENCE_NUMBER>'
            b'</ENTITY></ENTITIES></CONSOLIDATED_LIST>')
    before = table_counts(seeded)
    message = refused(import_paths(seeded, [write("bomb.xml", bomb)], source_id="un-sc"))
    assert "entities" in message
    assert table_counts(seeded) == before


def test_file_over_the_size_limit_is_refused(write):
    path = write("big.xml", b"<a>" + b" " * 5000 + b"</a>")
    with pytest.raises(ParseError, match="over the"):
        importer.read_bounded(path, limit=1000)


def test_mass_removal_is_refused_unless_allowed(seeded, write):
    before = table_counts(seeded)
    shrunk = write("c.xml", un_xml(many(80), "2019-09-01T10:00:00Z"))
    message = refused(import_paths(seeded, [shrunk]))
    assert "delist 21%" in message and "--allow-mass-removal" in message
    assert table_counts(seeded) == before
    assert [r.status for r in import_paths(seeded, [shrunk], max_removal_share=0.25)] == ["imported"]


def test_mass_removal_override(seeded, write):
    shrunk = write("c.xml", un_xml(many(80), "2019-09-01T10:00:00Z"))
    assert [r.status for r in import_paths(seeded, [shrunk], allow_mass_removal=True)] == ["imported"]


def test_partial_file_imported_out_of_order_is_refused(store, write):
    """A partial older file, imported after a newer full one: the newer one says which records
    were already listed at the older date, so the gap shows."""
    full = many(100)
    for entry in full:
        entry.listed_on = "2010-01-01"
    import_paths(store, [write("full.xml", un_xml(full, "2020-01-01T10:00:00Z"))])
    message = refused(import_paths(store, [write("partial.xml", un_xml(full[:70],
                                                                        "2019-01-01T10:00:00Z"))]))
    assert "lacks 30%" in message


def test_a_crash_mid_import_leaves_nothing_half_written(seeded, write, monkeypatch):
    before = table_counts(seeded)

    def crash(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "add_memberships", crash)
    with pytest.raises(RuntimeError):
        import_paths(seeded, [write("c.xml", un_xml(many(102), "2019-09-01T10:00:00Z"))])
    assert table_counts(seeded) == before


def test_duplicate_references_are_refused(store, write):
    doubled = many(3) + [Entry("QDe.500", "Another Name")]
    assert "appears twice" in refused(import_paths(store, [write("d.xml", un_xml(doubled, "2019-01-01"))]))


def test_missing_path_is_an_error(store, tmp_path):
    with pytest.raises(importer.ImportRefused, match="no such file"):
        import_paths(store, [tmp_path / "nope.xml"])


@pytest.mark.parametrize("text,on", [
    ("2019-01", "2019-01-01"), ("2021-08-18T09-39", "2021-08-18"),
    ("2020-12-01T19:08:54.997-05:00", "2020-12-01"), ("2026-02-27T00:00:09.554Z", "2026-02-27"),
])
def test_observed_at_forms(text, on):
    assert importer.parse_observed(text, "option").on == on


def test_observed_at_nonsense_is_refused():
    with pytest.raises(importer.ImportRefused):
        importer.parse_observed("last tuesday", "option")


@pytest.mark.parametrize("generated,status", [("2019-03-01T10:00:00Z", "refused"),
                                              ("2022-06-01T10:00:00Z", "imported")])
def test_delistings_over_years_are_not_mass_removal(store, write, generated, status):
    """15 % of the list replaced: at once it is suspicious, over three years it is the list's
    ordinary turnover (the limit is a share per year)."""
    import_paths(store, [write("a.xml", un_xml(many(100), "2019-01-07T10:00:00Z"))])
    replaced = many(85) + many(15, start=900)
    results = import_paths(store, [write("b.xml", un_xml(replaced, generated))])
    assert [r.status for r in results] == [status], results


@pytest.mark.parametrize("name,found", [
    ("sdn__2021-08-18T09-39__jackdwyer_f2dad113.csv", "2021-08-18T09-39"),
    ("sdn__2019-01__watchman_20cd3b12.csv", "2019-01"), ("consolidated-2024-05-03.xml", "2024-05-03"),
    ("sdn.csv", None), ("list_20240503.csv", None),
])
def test_date_in_name(name, found):
    assert importer.date_in_name(f"/some/folder/{name}") == found
