"""The ledger on the real list files in ../shared/data/lists (the issue's acceptance checks)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listwatch.cli import app
from listwatch.ledger import queries
from listwatch.ledger.importer import import_paths
from listwatch.ledger.linking import relink_subjects
from listwatch.store import Store

from conftest import require_shared


def observed_from_name(path: Path) -> str:
    """sdn__2021-08-18T09-39__… → 2021-08-18T09-39 (the shared file names carry the date)."""
    return re.match(r"sdn__([^_]+)__", path.name).group(1)


def list_files() -> list[tuple[Path, str | None]]:
    lists = require_shared("data", "lists")
    un = [(p, None) for p in sorted((lists / "un_consolidated").glob("*.xml"))]
    ofac = [(p, observed_from_name(p)) for p in sorted((lists / "ofac_sdn_csv").glob("*.csv"))]
    assert len(un) == 10 and len(ofac) == 17
    return un + ofac


def build(path: Path, files: list[tuple[Path, str | None]]) -> Store:
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    for file, observed in files:
        results = import_paths(store, [file], observed_at=observed, relink=False)
        assert [r.status for r in results] == ["imported"], results
    relink_subjects(store)
    return store


@pytest.fixture(scope="module")
def ordered(tmp_path_factory) -> Store:
    return build(tmp_path_factory.mktemp("ordered") / "ledger.db", list_files())


@pytest.fixture(scope="module")
def shuffled(tmp_path_factory) -> Store:
    files = list_files()
    random.Random(20241216).shuffle(files)
    return build(tmp_path_factory.mktemp("shuffled") / "ledger.db", files)


def all_events(store: Store) -> list[tuple]:
    return sorted(json.dumps([source, e["reference"], e["kind"], e["valid_date"], e["between"],
                              e["recorded_at"].isoformat(), e["changes"]], sort_keys=True)
                  for source in ("un-sc", "us-ofac-sdn") for e in store.source_events(source))


def test_shuffled_imports_give_the_same_events(ordered, shuffled):
    events = all_events(ordered)
    assert len(events) > 15000
    assert events == all_events(shuffled)


def test_hts_is_one_subject_on_un_and_ofac(ordered):
    answer = queries.status(ordered, "Hayat Tahrir al-Sham").model_dump()
    found = {(d["source"], d["reference"]): d for d in answer["designations"]}
    assert set(found) == {("un-sc", "QDe.137"), ("us-ofac-sdn", "16937")}
    assert found[("un-sc", "QDe.137")]["status"] == "listed"
    assert found[("un-sc", "QDe.137")]["listed_on"] == "2014-05-14"
    assert found[("us-ofac-sdn", "16937")]["status"] == "listed"
    assert found[("us-ofac-sdn", "16937")]["programmes"] == ["FTO", "SDGT"]
    assert queries.status(ordered, "QDe.137").subject.id == answer["subject"]["id"]


def test_jnim_is_another_subject(ordered):
    hts = queries.resolve_subject(ordered, "QDe.137")[0]
    assert ordered.subject_of("us-ofac-sdn", "24879") not in (None, hts)


def test_jawlani_as_of_and_now(ordered):
    then = queries.status(ordered, "Abu Mohammed al-Jawlani", "2020-12-01").designations
    un_then = next(d for d in then if d.source == "un-sc")
    assert (un_then.reference, un_then.status) == ("QDi.317", "listed")
    now = queries.status(ordered, "Abu Mohammed al-Jawlani").designations
    un_now = next(d for d in now if d.source == "un-sc")
    assert un_now.status == "delisted"
    assert un_now.delisted_between == ["2020-12-01", "2025-11-20"]
    assert un_now.delisted_on is None  # the list gives no legal date: the bracket says it all


def test_un_diffs(ordered):
    answer = queries.diff(ordered, "un-sc", "2020-11-30", "2020-12-01")
    assert len(answer.removed) == 12 and not answer.added and not answer.amended
    quiet = queries.diff(ordered, "un-sc", "2020-11-23", "2020-11-30")
    assert (quiet.added, quiet.removed, quiet.amended) == ([], [], [])
    assert quiet.from_snapshot.sha256 != quiet.to_snapshot.sha256


def test_ofsi_joins_the_hts_subject(ordered, tmp_path):
    """Last, because it adds a snapshot to the shared module ledger."""
    xlsx = next(require_shared("data", "lists", "uk_ofsi_conlist").glob("*.xlsx"))
    assert [r.status for r in import_paths(ordered, [xlsx])] == ["imported"]
    answer = queries.status(ordered, "Hayat Tahrir al-Sham")
    refs = {(d.source, d.reference) for d in answer.designations}
    assert ("uk-ofsi", "12981") in refs and ("un-sc", "QDe.137") in refs
    members = {m.reference: m.reason for m in answer.subject.members}
    assert members["12981"].startswith("shared-identifier:un-ref")


def test_cli_json_shapes(ordered):
    runner = CliRunner()
    db = ["--db", ordered.url]
    status = json.loads(runner.invoke(app, [*db, "status", "Hayat Tahrir al-Sham", "--json"]).stdout)
    assert set(status) >= {"query", "as_of", "subject", "designations"}
    assert set(status["subject"]) >= {"id", "name", "type", "aliases"}
    assert set(status["designations"][0]) >= {
        "source", "authority", "reference", "status", "listed_on", "delisted_on",
        "delisted_between", "programmes", "names"}
    history = json.loads(runner.invoke(app, [*db, "history", "QDi.317", "--json"]).stdout)
    kinds = [(e["source"], e["kind"]) for e in history["events"]]
    assert ("un-sc", "listed") in kinds and ("un-sc", "delisted") in kinds
    delisted = next(e for e in history["events"] if e["kind"] == "delisted" and e["source"] == "un-sc")
    assert delisted["between"] == ["2020-12-01", "2025-11-20"]
    diff = json.loads(runner.invoke(app, [*db, "diff", "un-sc", "--from", "2020-11-30", "--to",
                                          "2020-12-01", "--json"]).stdout)
    assert {"from_snapshot", "to_snapshot", "added", "removed", "amended"} <= set(diff)
    missing = runner.invoke(app, [*db, "status", "No Such Brigade Anywhere", "--json"])
    assert missing.exit_code == 1


def test_suspect_files_are_refused(ordered):
    suspect = require_shared("data", "lists", "suspect")
    before = len(ordered.snapshots())
    empty = import_paths(ordered, [suspect / "sdn__2024-05-04__jackdwyer_bbf4929_EMPTY.csv"],
                         observed_at="2024-05-04")
    assert [r.status for r in empty] == ["refused"] and "empty" in empty[0].message
    partial = import_paths(ordered, [next(suspect.glob("un_consolidated__*.xml"))])
    assert [r.status for r in partial] == ["refused"], partial
    assert "suspected partial" in partial[0].message
    assert len(ordered.snapshots()) == before


# -- the newest UN, OFAC SDN and OFSI lists together (issue 9's acceptance checks) ------------

@pytest.fixture(scope="module")
def newest(tmp_path_factory) -> Store:
    lists = require_shared("data", "lists")
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('newest') / 'ledger.db'}")
    store.upgrade()
    files = [(max((lists / "un_consolidated").glob("*.xml")), None),
             (next((lists / "uk_ofsi_conlist").glob("*.xlsx")), None),
             (next((lists / "ofac_sdn_csv").glob("sdn__2024-05-03T*.csv")), "2024-05-03")]
    for file, observed in files:
        assert [r.status for r in import_paths(store, [file], observed_at=observed,
                                               relink=False)] == ["imported"]
    relink_subjects(store)
    return store


def refs(store: Store, query: str) -> set[tuple[str, str]]:
    return {(d.source, d.reference) for d in queries.status(store, query).designations}


def test_hezbollah_is_one_subject_on_ofac_and_ofsi_in_any_script(newest):
    runner = CliRunner()
    answer = json.loads(runner.invoke(app, ["--db", newest.url, "status", "Hezbollah",
                                            "--json"]).stdout)
    found = {(d["source"], d["reference"]) for d in answer["designations"]}
    assert {("us-ofac-sdn", "4697"), ("uk-ofsi", "13804")} <= found
    for query in ("Hizballah", "Hizbollah", "حزب الله", "Хезболла"):
        assert queries.status(newest, query).subject.id == answer["subject"]["id"], query
    kataib = newest.subject_of("us-ofac-sdn", "11462")  # KATA'IB HIZBALLAH
    assert kataib and kataib != answer["subject"]["id"]


@pytest.mark.parametrize("query", ["Houthis", "the Houthis", "Ansarallah", "Ansar Allah",
                                   "أنصار الله", "Ансар Аллах"])
def test_houthis_and_ansarallah_are_one_subject(newest, query):
    assert {("un-sc", "YEe.001"), ("us-ofac-sdn", "47664")} <= refs(newest, query)


def test_hts_keeps_its_three_lists_without_jnim(newest):
    found = refs(newest, "HTS")
    assert {("un-sc", "QDe.137"), ("us-ofac-sdn", "16937"), ("uk-ofsi", "12981")} <= found
    assert ("us-ofac-sdn", "24879") not in found
    assert ("us-ofac-sdn", "24879") not in refs(newest, "Hayat Tahrir al-Sham")
    # JNIM is a subject of its own, on all three lists (Jama'a / Jama'at spelt either way)
    jnim = refs(newest, "JNIM")
    assert {("un-sc", "QDe.159"), ("us-ofac-sdn", "24879"), ("uk-ofsi", "13712")} <= jnim
    assert ("un-sc", "QDe.137") not in jnim


@pytest.mark.parametrize("query, expected", [
    ("Hamas", {("us-ofac-sdn", "4695"), ("uk-ofsi", "7855")}),
    ("Хамас", {("us-ofac-sdn", "4695")}),
    ("ISIL", {("un-sc", "QDe.115"), ("us-ofac-sdn", "8759")}),
    ("Islamic State of Iraq and the Levant", {("un-sc", "QDe.115"), ("us-ofac-sdn", "8759")}),
    ("PKK", {("us-ofac-sdn", "4702"), ("uk-ofsi", "7231")}),
    ("Kurdistan Workers Party", {("us-ofac-sdn", "4702"), ("uk-ofsi", "7231")}),
    ("Lashkar-e-Tayyiba", {("un-sc", "QDe.118"), ("us-ofac-sdn", "7140"), ("uk-ofsi", "7241")}),
    ("Lashkar e Taiba", {("un-sc", "QDe.118")}),
    ("Al-Shabaab", {("un-sc", "SOe.001"), ("us-ofac-sdn", "10761")}),
    ("الشباب", {("un-sc", "SOe.001")}),
    ("Джабхат ан-Нусра", {("un-sc", "QDe.137")}),
    ("بوكو حرام", {("un-sc", "QDe.138")}),
    # the core ISIL entry, not a branch: names its branches give it, other languages' words
    ("Islamic State", {("un-sc", "QDe.115"), ("us-ofac-sdn", "8759")}),
    ("ISIS", {("un-sc", "QDe.115")}),
    ("Daesh", {("un-sc", "QDe.115")}),
    ("ИГИЛ", {("un-sc", "QDe.115")}),
    ("الدولة الإسلامية", {("un-sc", "QDe.115")}),
    # plurals and adherent endings across scripts
    ("Хуситы", {("un-sc", "YEe.001"), ("us-ofac-sdn", "47664")}),
    ("الحوثيون", {("un-sc", "YEe.001")}),
    ("Рабочая партия Курдистана", {("us-ofac-sdn", "4702"), ("uk-ofsi", "7231")}),
    ("Arbeiterpartei Kurdistans", {("us-ofac-sdn", "4702")}),
    ("IRGC", {("us-ofac-sdn", "10391"), ("uk-ofsi", "11238")}),  # not its Qods Force
    ("Hisbollah", {("us-ofac-sdn", "4697")}),  # German spelling, tried when nothing answers
    ("Islamic State of Iraq and Syria", {("un-sc", "QDe.115")}),  # not ISIS-Mozambique
])
def test_well_known_groups_answer_with_their_lists(newest, query, expected):
    assert expected <= refs(newest, query)


def test_a_main_name_beats_another_entrys_alias_and_the_rival_is_shown(newest):
    answer = queries.status(newest, "Wagner Group")
    assert ("uk-ofsi", "15033") in {(d.source, d.reference) for d in answer.designations}
    assert "AFRICA CORPS" in [o.name for o in answer.other_subjects]
    table = CliRunner().invoke(app, ["--db", newest.url, "status", "Wagner Group"]).stdout
    assert "also matches: AFRICA CORPS" in table and "rests on" in table
    assert answer.designations[0].snapshot.observed_on == "2025-04-10"
