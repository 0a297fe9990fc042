"""FollowTheMoney in: entity files and deltas as ``ftm-<dataset>`` sources, on our own fixtures
(tests/fixtures/ftm, written for these tests) and on yente's fixtures in ../shared."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listwatch import sources
from listwatch.cli import app
from listwatch.ledger.importer import date_in_name
from listwatch.sources import ParseError

from conftest import FIXTURES, require_shared

FOLDER = FIXTURES / "ftm"
ENTITIES = FOLDER / "entities.ftm.json"
DELTA_1 = FOLDER / "20240527194702-abc__entities.delta.json"
DELTA_2 = FOLDER / "20240528014702-def__entities.delta.json"
SOURCE = "ftm-xx_terror_list"


def run(db: Path, *args: str, ok: bool = True):
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{db}", *args])
    if ok:
        assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def run_json(db: Path, *args: str):
    return json.loads(run(db, *args, "--json").stdout)


def designations(db: Path, query: str) -> dict[str, dict]:
    return {d["reference"]: d for d in run_json(db, "status", query)["designations"]}


def test_an_entity_file_of_one_dataset_is_recognised_as_that_source():
    source, part = sources.detect(ENTITIES.read_bytes())
    assert (source.id, part) == (SOURCE, "main")
    assert sources.get(SOURCE) is source and sources.is_known(SOURCE)
    assert not sources.is_known("ftm-") and not sources.is_known("ftm-bad name")
    assert sources.detect(DELTA_1.read_bytes())[1] == "delta"
    # the second delta's entities belong to two datasets: which one it updates must be said
    with pytest.raises(ParseError, match="use --source ftm-<dataset>"):
        sources.detect(DELTA_2.read_bytes())


def test_targets_become_records_with_their_sanctions_dates():
    parsed = sources.get(SOURCE).parse({"main": ENTITIES.read_bytes()})
    found = {r.reference: r for r in parsed.records}
    assert sorted(found) == ["xx-org-1", "xx-org-2", "xx-person-1"]  # no address, sanction, position
    front = found["xx-org-1"]
    assert (front.name, front.type, front.listed_on, front.delisted_on) == (
        "Example Liberation Front", "organisation", "2014-05-14", None)
    assert front.authority == "United Nations" and front.programmes == ("Al-Qaida",)
    assert [(i.scheme, i.value) for i in front.identifiers] == [("un-ref", "QDe.999")]
    assert {(n.value, n.kind, n.quality) for n in front.aliases} == {
        ("ELF", "alias", "strong"), ("Jabhat al-Mithal", "alias", "strong"),
        ("The Front", "alias", "weak"), ("Example Front", "former", "strong")}
    assert [(d.key, d.value) for d in front.details] == [("address", "1 Test Street, Testville")]
    assert front.legal_basis == "Resolution 2161 (2014)"
    assert found["xx-org-2"].delisted_on == "2019-06-30"  # every sanction ended
    person = found["xx-person-1"]
    assert (person.type, person.listed_on, person.birth_dates) == ("person", "2015", ("1970-03",))
    assert person.aliases[0].script == "Cyrl"


@pytest.mark.parametrize("content, message", [
    (b'{"id": "a", "schema": "Person", "properties": {}}\nnot json\n', "line 2: not JSON"),
    (b'{"id": "a", "schema": "Person", "properties": {}}\n[1, 2]\n', "line 2: a JSON list"),
    (b'{"id": "a", "schema": "Person", "properties": {}}\n{"id": "b"}\n', "line 2: not a FollowTheMoney entity"),
    (b'{"id": "a", "schema": "Person", "properties": {}}\n{"op": "ADD", "entity": {}}\n', "line 2: a delta operation"),
])
def test_broken_entity_files_are_refused_with_the_line(content, message):
    with pytest.raises(ParseError, match=message):
        sources.get(SOURCE).parse({"main": content})
    if "delta operation" not in message:  # recognised as FtM from its first line, then read
        with pytest.raises(ParseError, match=message):
            sources.detect(content)


@pytest.mark.parametrize("change, message", [
    ({"properties": {"name": {"first": "A"}}}, "property 'name' is not a list of texts"),
    ({"properties": {"name": [["nested"]]}}, "property 'name' is not a list of texts"),
    ({"datasets": 5}, "datasets are not a list of names"),
    ({"datasets": [["xx_terror_list"]]}, "datasets are not a list of names"),
    ({"caption": 7}, "caption is not text"),
])
def test_values_of_the_wrong_type_are_refused_naming_the_entity(change, message):
    """Found by bench/fuzz_sources.py: a number where FtM has a list was a TypeError."""
    entity = {"id": "xx-org-9", "schema": "Organization", "target": True,
              "datasets": ["xx_terror_list"], "caption": "Example", "properties": {"name": ["Example"]}}
    entity.update(change)
    content = json.dumps(entity).encode() + b"\n"
    with pytest.raises(ParseError, match=f"entity 'xx-org-9': .*{message}"):
        sources.get(SOURCE).read({"main": content})


def test_file_name_versions_give_the_observation_time():
    assert date_in_name(str(DELTA_1)) == "2024-05-27T19:47:02Z"
    assert date_in_name("sdn__2021-08-18T09-39__x.csv") == "2021-08-18T09-39"
    assert date_in_name("yente_fixture__t1__entities.ftm__yente_916a474c07.json") is None


def test_deltas_apply_to_the_snapshot_before_them(tmp_path):
    db = tmp_path / "ftm.db"
    # a delta with nothing to apply to is refused and leaves the ledger as it was
    refused = run(db, "lists", "import", str(DELTA_1), "--date-from-filename", "--json", ok=False)
    assert refused.exit_code == 1
    assert "import the entities file first" in json.loads(refused.stdout)["imports"][0]["message"]
    assert run_json(db, "lists", "sources")["sources"][-1]["id"] != SOURCE

    first = run_json(db, "lists", "import", str(ENTITIES), "--observed-at", "2024-05-27T13:47:02Z")
    assert [(r["source"], r["records"], r["observed_on"]) for r in first["imports"]] == [
        (SOURCE, 3, "2024-05-27")]
    # a list of three losing one entry a day is "mass removal" by the ledger's 10 % rule
    deltas = run_json(db, "lists", "import", str(DELTA_1), str(DELTA_2), "--source", SOURCE,
                      "--date-from-filename", "--allow-mass-removal")["imports"]
    assert [(r["status"], r["records"], r["observed_on"]) for r in deltas] == [
        ("imported", 3, "2024-05-27"), ("imported", 2, "2024-05-28")]

    front = designations(db, "Example Liberation Front")["xx-org-1"]
    # the first delta changed the names without its Sanction: the legal date stays; the second
    # changed the Sanction alone: the programmes follow it
    assert front["listed_on"] == "2014-05-14" and front["status"] == "listed"
    assert front["programmes"] == ["Al-Qaida", "ISIL"]
    assert "Hay'at Example" in front["names"]
    brigade = designations(db, "New Example Brigade")["xx-org-3"]
    assert (brigade["status"], brigade["listed_on"]) == ("listed", "2024-05-20")
    # DEL, and a MOD that moves the entity to another dataset, end the entry on this list
    person = designations(db, "Test Person Exemplarov")["xx-person-1"]
    assert person["status"] == "delisted" and person["delisted_between"] == ["2024-05-27", "2024-05-27"]
    former = designations(db, "Former Example Group")["xx-org-2"]
    assert former["status"] == "delisted"
    assert run_json(db, "diff", SOURCE, "--from", "2024-05-27", "--to", "2024-05-28")["removed"] == [
        {"reference": "xx-org-2", "name": "Former Example Group"}]
    rows = {r["id"]: r for r in run_json(db, "lists", "sources")["sources"]}
    assert rows[SOURCE]["snapshots"] == 3


@pytest.mark.shared
def test_yente_fixtures_entities_then_deltas(tmp_path):
    folder = require_shared("data", "lists", "opensanctions_ftm")
    db = tmp_path / "yente.db"
    entities = folder / "yente_fixture__t1__entities.ftm__yente_916a474c07.json"
    deltas = sorted(folder.glob("yente_fixture__t2__2024*entities.delta*"))
    assert len(deltas) == 2
    # t1's own delta index names its version 20240527134702-zbn: the entities file is that version
    first = run_json(db, "lists", "import", str(entities), "--observed-at", "2024-05-27T13:47:02Z")
    assert [(r["source"], r["records"]) for r in first["imports"]] == [("ftm-eu_fsf", 6)]
    # the first delta's entities are in 22 datasets at once: it needs --source
    unnamed = run(db, "lists", "import", str(deltas[0]), "--date-from-filename", "--json", ok=False)
    assert "use --source ftm-<dataset>" in json.loads(unnamed.stdout)["imports"][0]["message"]
    applied = run_json(db, "lists", "import", *map(str, deltas), "--source", "ftm-eu_fsf",
                       "--date-from-filename")["imports"]
    assert [(r["status"], r["records"], r["observed_on"]) for r in applied] == [
        ("imported", 8, "2024-05-27"), ("imported", 9, "2024-05-28")]
    # the second delta's MOD renamed an entity the first had added
    renamed = designations(db, "Foobar Foobargroup")["NK-2T3S8Hu29ktYnKSTgQp2wL"]
    assert renamed["name"] == "Foobar Foobargroup" and renamed["status"] == "listed"
    history = run_json(db, "history", "Foobar Foobargroup")["events"]
    assert [e["kind"] for e in history if e["reference"] == "NK-2T3S8Hu29ktYnKSTgQp2wL"] == [
        "listed", "amended"]


@pytest.mark.shared
def test_an_opensanctions_pep_export_imports_its_targets(tmp_path):
    path = require_shared("data", "lists", "opensanctions_ftm",
                          "zavod_export_sa_wiki_peps__entities.ftm.json__khongdudinh_288a358")
    copy = tmp_path / "entities.ftm.json"
    shutil.copy(path, copy)
    result = run_json(tmp_path / "peps.db", "lists", "import", str(copy), "--observed-at", "2024-03-14")
    # 423 target persons; the positions, occupancies and family ties are context
    assert [(r["source"], r["records"]) for r in result["imports"]] == [("ftm-sa_wiki_peps_v2", 423)]


def test_update_of_a_dataset_without_an_address_says_so(tmp_path):
    result = run(tmp_path / "u.db", "lists", "update", "--source", SOURCE, "--json", ok=False)
    assert result.exit_code == 1
    [update] = json.loads(result.stdout)["updates"]
    assert (update["status"], update["message"]) == ("refused", f"{SOURCE} has no download URL: give --url")
