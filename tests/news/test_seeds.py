"""The issue's Done-when list on the two seed articles in ../shared/seeds, with the real UN list."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conftest import fresh_database, require_shared
from listwatch.cli import app

SEED_000 = "000_4f760998d2e910e3.txt"
SEED_001 = "001_ddbf3f1de4679a35.txt"
UN_FILE = "un_consolidated__2026-02-27__watchman_612b2174.xml"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    seeds = require_shared("seeds")
    un = require_shared("data", "lists", "un_consolidated", UN_FILE)
    with fresh_database(tmp_path_factory.mktemp("seeds"), "news.db") as db:
        yield _seed(db, seeds, un)


def _seed(db: str, seeds, un) -> tuple[dict, dict, str]:
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "lists", "import", str(un), "--json"]).exit_code == 0
    out = {}
    for name, day in ((SEED_000, "2024-12-16"), (SEED_001, "2024-12-18")):
        result = runner.invoke(app, ["--db", db, "ingest", str(seeds / name), "--published", day, "--json"])
        assert result.exit_code == 0, result.output
        import json
        [doc] = json.loads(result.stdout)["documents"]
        shown = runner.invoke(app, ["--db", db, "doc", str(doc["id"]), "--json"])
        out[name] = json.loads(shown.stdout)
    status = json.loads(runner.invoke(app, ["--db", db, "status", "QDe.137", "--json"]).stdout)
    return out, status, db


def test_seed_000(seeded):
    docs, status, _ = seeded
    d = docs[SEED_000]
    hts = status["subject"]["id"]
    assert "Dear readers" not in d["body"] and "Remind me later" not in d["body"]
    assert "donation_appeal" in {r["kind"] for r in d["removed"]}
    claims = d["claims"]
    called = [c for c in claims if c["modality"] == "called_for" and c["action"] == "delist"
              and c["actor"] == "Ramzan Kadyrov" and c["authority"] == "Russia"]
    assert called and called[0]["subject"]["id"] == hts and called[0]["date"] == "2024-12-16"
    listed = {c["authority"] for c in claims if c["modality"] == "status" and c["action"] == "list"
              and c["subject"]["id"] == hts}
    assert listed >= {"United Nations", "United States", "European Union", "United Kingdom"}
    [un] = [c for c in claims if c["modality"] == "conditional"]
    assert un["authority"] == "United Nations" and un["action"] == "delist"
    assert "inclusive transitional government" in un["condition"]
    assert "UN official" in un["actor"]
    for start in ("To start positive processes", "Any presence of Russia in Syria"):
        [q] = [q for q in d["quotes"] if q["text"].startswith(start)]
        assert q["speaker"] == "Ramzan Kadyrov"
        assert d["body"][q["start"]:q["end"]] == q["text"]


def test_seed_001(seeded):
    docs, status, _ = seeded
    d = docs[SEED_001]
    assert d["title"].startswith("Russia: Conditions Must Be Met")
    assert d["author"] == "Kardo Roj"
    assert d["dateline"]["place"] == "Moscow" and d["outlet"] == "North Press"
    for heading in ("Maintaining Communication With Syrian Forces", "Concerns Over Resurgence of ISIS",
                    "Asylum Granted to Assad in Moscow", "Regional Uncertainty"):
        assert heading not in d["body"]
        assert heading in d["subheadings"]
    assert not d["body"].startswith("MOSCOW")
    russia = [c for c in d["claims"] if c["authority"] == "Russia" and c["action"] == "delist"
              and c["modality"] in ("considering", "conditional")]
    assert russia and russia[0]["actor"] in ("Maria Zakharova", "Russian Foreign Ministry")
    assert russia[0]["date"] == "2024-12-18"
    assert russia[0]["subject"]["id"] == status["subject"]["id"]
    zakharova = [q for q in d["quotes"] if q["text"].startswith(("One should proceed", "As for concrete",
                                                                 "There is a real danger"))]
    assert len(zakharova) == 3 and all(q["speaker"] == "Maria Zakharova" for q in zakharova)
    [asylum] = [q for q in d["quotes"] if q["text"].startswith("President Assad")]
    assert asylum["speaker_kind"] == "unnamed" and "Kremlin source" in asylum["speaker"]
    assert asylum["affiliation"] == "Russia"


def test_status_gains_claims_and_filters(seeded):
    docs, status, db = seeded
    assert status["designations"][0]["reference"] == "QDe.137"
    assert {c["document"] for c in status["claims"]} == {docs[SEED_000]["id"], docs[SEED_001]["id"]}
    import json
    runner = CliRunner()
    by_name = json.loads(runner.invoke(app, ["--db", db, "claims", "--subject", "Hayat Tahrir al-Sham",
                                             "--authority", "U.S.", "--json"]).stdout)["claims"]
    assert [c["modality"] for c in by_name] == ["status"]
    assert by_name[0]["subject"]["id"] == status["subject"]["id"]
