"""The issue's "Done when" list on the real UN, OFAC SDN (latest) and OFSI files.

One ledger per module: the latest UN file, the 2020-12-01 and 2025-11-20 UN files (QDi.317's
delisting), the latest OFAC SDN and the OFSI xlsx (~25 s to import here)."""

from __future__ import annotations

import json
import random

import pytest
from typer.testing import CliRunner

from listwatch.cli import app
from listwatch.ledger import queries
from listwatch.ledger.importer import import_paths
from listwatch.ledger.linking import relink_subjects
from listwatch.screening import api
from listwatch.screening.scorer import ALGORITHM, CONFIG_HASH, VERSION
from listwatch.store import Store

from conftest import require_shared
from test_threshold_consistency import assert_threshold_only_filters, perturbed

UN_FILES = ("un_consolidated__2020-12-01__Lcrs123_ac4ad42.xml",
            "un_consolidated__2025-11-20__mkweli_d0ad3327.xml",
            "un_consolidated__2026-02-27__watchman_612b2174.xml")
OFAC_LATEST = "sdn__2024-05-03T18-43__jackdwyer_a5ec3c5e.csv"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> tuple[Store, str]:
    lists = require_shared("data", "lists")
    path = tmp_path_factory.mktemp("screening") / "ledger.db"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    files = [(lists / "un_consolidated" / f, None) for f in UN_FILES]
    files.append((lists / "ofac_sdn_csv" / OFAC_LATEST, "2024-05-03"))
    files.append((next((lists / "uk_ofsi_conlist").glob("*.xlsx")), None))
    for file, observed in files:
        assert [r.status for r in import_paths(store, [file], observed_at=observed,
                                               relink=False)] == ["imported"]
    relink_subjects(store)
    return store, f"sqlite:///{path}"


@pytest.fixture(scope="module")
def store(db) -> Store:
    return db[0]


def screen(store: Store, name: str, **options) -> dict:
    """A screen's answer as its JSON: the shape the CLI and the API print."""
    return api.screen(store, name, **options).model_dump(mode="json")


def hts_subject(store: Store) -> str:
    return queries.resolve_subject(store, "QDe.137")[0]


@pytest.mark.parametrize("name", [
    "Hayat Tahrir al Sham", "Hay’at Tahrir al-Sham", "tahrir al-sham hayat", "Jabhat al Nusra",
    "Al Nusra Front", "Хайят Тахрир аш-Шам", "هيئة تحرير الشام"])
def test_hts_names_find_the_hts_subject_first(store, name):
    answer = screen(store, name)
    top = answer["results"][0]
    assert top["subject"]["id"] == hts_subject(store)
    assert top["score"] >= api.DEFAULT_THRESHOLD
    refs = {(d["source"], d["reference"]) for d in top["designations"]}
    assert {("un-sc", "QDe.137"), ("us-ofac-sdn", "16937"), ("uk-ofsi", "12981")} <= refs
    assert top["listing"] == "listed"
    assert top["explanation"]["pairs"]


def test_arabic_query_matches_the_lists_own_arabic_alias(store):
    top = screen(store, "هيئة تحرير الشام")["results"][0]
    assert top["matched_name"]["script"] == "Arab" and top["score"] == 1.0
    cyrillic = screen(store, "Хайят Тахрир аш-Шам")["results"][0]
    # Cyrillic is transliterated and compared as Latin (vowels kept); only a script written
    # without short vowels (Arabic) is compared by consonant skeleton
    assert cyrillic["explanation"]["cross_script"] is False and cyrillic["score"] >= 0.9
    latin = screen(store, "Hayat Tahrir al-Sham")["results"][0]
    assert screen(store, "هيئة تحرير الشام", limit=3)["results"][0]["subject"] == \
        latin["subject"]


def test_jawlani_is_formerly_listed_by_the_un_with_dates(store):
    top = screen(store, "Abu Mohammed al-Jawlani")["results"][0]
    un = [d for d in top["designations"] if d["source"] == "un-sc"]
    assert [d["reference"] for d in un] == ["QDi.317"]
    assert un[0]["status"] == "delisted"
    assert un[0]["delisted_between"] == ["2020-12-01", "2025-11-20"]
    assert un[0]["listed_on"]
    # as of a date before the delisting, the UN entry is listed
    before = screen(store, "Abu Mohammed al-Jawlani", as_of="2021-06-01")["results"][0]
    un_then = [d for d in before["designations"] if d["source"] == "un-sc"]
    assert un_then[0]["status"] == "listed"
    assert before["subject"]["id"] == top["subject"]["id"]


@pytest.mark.parametrize("name", ["Vladimir Putin", "Владимир Путин"])
def test_putin_returns_the_ofac_entry(store, name):
    top = screen(store, name)["results"][0]
    assert ("us-ofac-sdn", "35096") in {(d["source"], d["reference"]) for d in top["designations"]}
    assert top["subject"]["type"] == "person"


@pytest.mark.parametrize("name", ["John Smith", "Bank of America"])
def test_common_names_return_nothing_above_the_threshold(store, name):
    assert screen(store, name)["results"] == []
    near = screen(store, name, threshold=0)["results"]
    assert near and all(r["score"] < api.DEFAULT_THRESHOLD for r in near)
    assert [r["score"] for r in near] == sorted((r["score"] for r in near), reverse=True)


def test_jnim_does_not_match_hts_above_threshold(store):
    hts = hts_subject(store)
    for name in ("Jama'at Nusrat al-Islam wal-Muslimin", "JNIM"):
        assert hts not in {r["subject"]["id"] for r in screen(store, name)["results"]}


def test_type_filter(store):
    assert screen(store, "Hayat Tahrir al Sham", type_="person")["results"] == []
    assert screen(store, "Hayat Tahrir al Sham", type_="organization")["results"]
    with pytest.raises(api.ScreeningError):
        screen(store, "x", type_="planet")


def test_designations_equal_the_ledger_queries(store):
    """The index's precomputed as-of designations are those of ledger.queries.designation."""
    authorities = store.source_rows()
    for name in ("Abu Mohammed al-Jawlani", "Hayat Tahrir al Sham", "Vladimir Putin"):
        for as_of in (None, "2019-01-01", "2021-06-01", "2025-12-01"):
            for result in api.screen(store, name, as_of=as_of, threshold=0.5).results:
                subject = store.subject(result.subject.id)
                expected = [d for m in subject["members"] if (d := queries.designation(
                    store, m["source"], m["reference"], as_of, authorities))]
                expected.sort(key=lambda d: (d.status != "listed", d.source, d.reference))
                assert result.designations == expected


def test_provenance(store):
    answer = screen(store, "Hayat Tahrir al Sham", as_of="2025-12-01")
    assert set(answer) == {"query", "as_of", "results", "provenance"}
    prov = answer["provenance"]
    assert prov["algorithm"] == {"name": ALGORITHM, "version": VERSION, "config_sha256": CONFIG_HASH}
    assert prov["threshold"] == api.DEFAULT_THRESHOLD and prov["as_of"] == "2025-12-01"
    used = {s["source"]: s for s in prov["snapshots"]}
    assert used["un-sc"]["observed_on"] == "2025-11-20"  # the snapshot in force then
    assert used["us-ofac-sdn"]["observed_on"] == "2024-05-03"
    assert all(len(s["sha256"]) == 64 and s["observed_at"] for s in prov["snapshots"])


def test_cli_single_and_batch(db, tmp_path):
    _, url = db
    runner = CliRunner()
    result = runner.invoke(app, ["--db", url, "screen", "Hayat Tahrir al Sham", "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["results"][0]["matched_name"]["value"]
    names = tmp_path / "names.txt"
    names.write_text("Vladimir Putin\n\nJohn Smith\nهيئة تحرير الشام\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", url, "screen", "--batch", str(names), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["query"] for a in lines] == ["Vladimir Putin", "John Smith", "هيئة تحرير الشام"]
    assert lines[1]["results"] == [] and lines[0]["results"] and lines[2]["results"]
    near = json.loads(runner.invoke(app, ["--db", url, "screen", "John Smith", "--threshold", "0",
                                          "--limit", "3", "--json"]).stdout)
    assert 0 < len(near["results"]) <= 3
    table = runner.invoke(app, ["--db", url, "screen", "Abu Mohammed al-Jawlani"])
    assert table.exit_code == 0 and "QDi.317" in table.stdout


def test_threshold_only_filters_on_the_real_lists(store):
    rng = random.Random(13)
    index = api.screener_for(store).index
    names = [n[2] for n in store.screening_names()]
    assert_threshold_only_filters(index, [perturbed(rng.choice(names), rng) for _ in range(300)])
