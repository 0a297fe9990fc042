"""`listwatch export`: FollowTheMoney and CSV out, checked with the real ``followthemoney``
package and read back by our own FtM importer (the round trip)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from followthemoney import model
from typer.testing import CliRunner

from listwatch.cli import app
from listwatch.ledger import queries
from listwatch.ledger.export import entity_id
from listwatch.store import Store

from conftest import FIXTURES


def run(db: Path, *args: str, ok: bool = True):
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{db}", *args])
    if ok:
        assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Path:
    """Every fixture list imported: UN, OFAC, OFSI, the EU lists, the terrorist-list pages …"""
    db = tmp_path_factory.mktemp("export") / "lists.db"
    run(db, "lists", "import", str(FIXTURES / "lists"))
    return db


@pytest.fixture(scope="module")
def exported(ledger, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("out") / "export.ftm.json"
    run(ledger, "export", "--format", "ftm", "--output", str(path))
    return path


def entities(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_followthemoney_reads_every_exported_entity_unchanged(exported):
    found = entities(exported)
    ids = {e["id"] for e in found}
    assert len(ids) == len(found) > 30
    schemata = set()
    for data in found:
        proxy = model.get_proxy(data, cleaned=False)  # raises on an unknown schema
        schemata.add(proxy.schema.name)
        for prop in data["properties"]:
            assert proxy.schema.get(prop) is not None, (data["schema"], prop)
        # FtM's own cleaning keeps every value we wrote: nothing is out of its types
        assert model.get_proxy(proxy.to_dict()).to_dict()["properties"] == data["properties"]
        for target in proxy.get("entity", quiet=True) + data.get("referents", []):
            assert target in ids
    assert {"Organization", "Person", "Sanction"} <= schemata


def test_sanctions_carry_the_legal_dates_and_subjects_their_entries(exported):
    found = {e["id"]: e for e in entities(exported)}
    un = found[entity_id("un-sc", "QDe.901", "sanction")]["properties"]
    assert un["authority"] == ["United Nations"] and un["authorityId"] == ["QDe.901"]
    assert un["listingDate"] == ["2014-05-14"] and un["status"] == ["listed"]
    assert un["unscId"] == ["QDe.901"] and un["modifiedAt"] == ["2021-11-15"]
    assert un["retrievedAt"] == ["2024-03-05"] and "endDate" not in un
    subject = next(e for e in found.values() if entity_id("un-sc", "QDe.901") in e.get("referents", []))
    assert subject["datasets"] == ["listwatch"] and subject["target"] is False
    assert {entity_id("us-ofac-sdn", "90001"), entity_id("uk-ofsi", "90001")} <= set(subject["referents"])
    assert any("shared-identifier:un-ref" in note for note in subject["properties"]["notes"])
    ended = [e["properties"] for e in found.values() if e["schema"] == "Sanction"
             and e["properties"]["status"] == ["delisted"]]
    assert ended and all("endDate" in p or "between the snapshots" in p["summary"][0] for p in ended)


def design(store: Store, source: str, reference: str) -> dict | None:
    found = queries.designation(store, source, reference, None, store.source_rows())
    return found and found.model_dump()


def comparable(designation: dict) -> tuple:
    return (designation["name"], frozenset(designation["names"]), designation["listed_on"],
            designation["delisted_on"], tuple(designation["programmes"]), designation["authority"],
            designation["status"])


def test_export_then_import_gives_the_same_designations(ledger, exported, tmp_path):
    original = Store(f"sqlite:///{ledger}")
    targets = [e for e in entities(exported) if e["target"]]
    expected: dict[str, dict[str, tuple]] = {}
    for (source, reference), _ in sorted(original.subject_links().items()):
        designation = design(original, source, reference)
        if designation["delisted_between"]:
            continue  # gone between two snapshots: exported as ended, with no date to import
        expected.setdefault(source, {})[entity_id(source, reference)] = comparable(designation)
    assert set(expected) == {e["datasets"][0] for e in targets}
    statuses = {row[-1] for rows in expected.values() for row in rows.values()}
    assert statuses == {"listed", "delisted"}  # legal delistings (the FTO page) make the trip too

    db = tmp_path / "again.db"
    for source in sorted(expected):
        result = json.loads(run(db, "lists", "import", str(exported), "--source", f"ftm-{source}",
                                "--json").stdout)
        assert result["imports"][0]["records"] == len(expected[source]), source
    again = Store(f"sqlite:///{db}")
    for source, rows in expected.items():
        for reference, wanted in rows.items():
            assert comparable(design(again, f"ftm-{source}", reference)) == wanted, reference
    assert sum(map(len, expected.values())) > 20


def test_csv_has_a_row_per_designation_with_its_history(ledger):
    text = run(ledger, "export", "QDe.901", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    by_source = {r["source"]: r for r in rows}
    assert {"un-sc", "us-ofac-sdn"} <= set(by_source)
    un = by_source["un-sc"]
    assert (un["reference"], un["status"], un["listed_on"]) == ("QDe.901", "listed", "2014-05-14")
    assert un["history"].startswith(un["first_seen"]) and "listed" in un["history"]
    assert len({r["subject_id"] for r in rows}) == 1


def test_export_selections_and_errors(ledger, tmp_path):
    by_source = [json.loads(line) for line in run(ledger, "export", "--source", "eu-terrorist").stdout.splitlines()]
    assert any(e["datasets"] == ["eu-terrorist"] for e in by_source)
    assert run(ledger, "export", "Nobody Of That Name", ok=False).exit_code == 1
    assert run(ledger, "export", "--format", "xml", ok=False).exit_code == 2
    assert run(ledger, "export", "Hamas", "--source", "un-sc", ok=False).exit_code == 2
    empty = run(tmp_path / "empty.db", "export", ok=False)
    assert empty.exit_code == 1 and "the ledger is empty" in empty.stderr
