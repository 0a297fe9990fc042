"""Analyst decisions on screening results, on small UN-format lists written here; the index
refreshing after imports; the CLI's decide form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listwatch.cli import app
from listwatch.ledger.importer import import_paths
from listwatch.screening import api
from listwatch.store import Store

from ledger.unxml import Entry, un_xml

NORTH = Entry("QDe.500", "Example Brigade of the North", aliases=["Northern Example Brigade"])
SOUTH = Entry("QDe.501", "Example Brigade of the South")
PERSON = Entry("QDi.600", "Johnathan Examplesson", kind="INDIVIDUAL", listed_on="2016-01-05")


def write_list(tmp_path: Path, name: str, entries: list[Entry], generated: str) -> Path:
    path = tmp_path / name
    path.write_bytes(un_xml(entries, generated))
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'ledger.db'}")
    store.upgrade()
    first = write_list(tmp_path, "v1.xml", [NORTH, SOUTH, PERSON], "2024-01-10T10:00:00")
    assert [r.status for r in import_paths(store, [first])] == ["imported"]
    return store


def screen(store: Store, name: str, **options) -> dict:
    """A screen's answer as its JSON: the shape the CLI and the API print."""
    return api.screen(store, name, **options).model_dump(mode="json")


def subject_of(answer: dict, reference: str) -> str:
    return next(r["subject"]["id"] for r in answer["results"]
                if any(d["reference"] == reference for d in r["designations"]))


def test_false_positive_is_shown_and_ranked_last_then_flagged_after_delisting(store, tmp_path):
    answer = screen(store, "Example Brigade North", threshold=0.5)
    assert [d["reference"] for d in answer["results"][0]["designations"]] == ["QDe.500"]
    north = subject_of(answer, "QDe.500")
    south = subject_of(answer, "QDe.501")
    decision = api.decide(store, "Example Brigade North", north, "false-positive", "alice",
                          note="customer is a bakery")
    assert decision.verdict == "false-positive" and decision.by == "alice"

    # the same query, spelt differently, shows the decision and ranks the subject last
    again = screen(store, "EXAMPLE-BRIGADE, north", threshold=0.5)
    ids = [r["subject"]["id"] for r in again["results"]]
    assert ids[-1] == north and south in ids
    marked = again["results"][-1]["decision"]
    assert marked["verdict"] == "false-positive" and marked["by"] == "alice"
    assert marked["note"] == "customer is a bakery" and marked["review"] is False
    assert all(r["decision"] is None for r in again["results"][:-1])
    # another query does not carry the decision
    other = screen(store, "Northern Example Brigade")
    assert other["results"][0]["decision"] is None

    # the list drops QDe.500: the index refreshes, the decision survives and asks for review
    second = write_list(tmp_path, "v2.xml", [SOUTH, PERSON], "2024-02-20T10:00:00")
    assert [r.status for r in import_paths(store, [second], allow_mass_removal=True)] == ["imported"]
    later = screen(store, "Example Brigade North", threshold=0.5)
    result = next(r for r in later["results"] if r["subject"]["id"] == north)
    assert result["listing"] == "formerly-listed"
    assert result["designations"][0]["delisted_between"] == ["2024-01-10", "2024-02-20"]
    assert result["decision"]["verdict"] == "false-positive"
    assert result["decision"]["review"] is True and result["decision"]["review_reason"]
    assert later["results"][-1]["subject"]["id"] == north
    assert {s["observed_on"] for s in later["provenance"]["snapshots"]} == {"2024-02-20"}
    # as of January the subject was listed, and still is remembered as a false positive
    january = screen(store, "Example Brigade North", as_of="2024-01-31", threshold=0.5)
    assert next(r for r in january["results"] if r["subject"]["id"] == north)["listing"] == "listed"


def test_match_decision_and_latest_decision_wins(store):
    answer = screen(store, "Johnathan Examplesson")
    person = answer["results"][0]["subject"]["id"]
    api.decide(store, "Johnathan Examplesson", person, "false-positive", "bob")
    api.decide(store, "Johnathan Examplesson", person, "match", "carol", note="same passport")
    result = screen(store, "examplesson johnathan")["results"][0]
    assert result["decision"]["verdict"] == "match" and result["decision"]["by"] == "carol"
    assert result["decision"]["review"] is False


def test_decide_refuses_unknown_subjects_and_verdicts(store):
    with pytest.raises(api.ScreeningError):
        api.decide(store, "Example", "Snosuchsubject", "match", "alice")
    subject = screen(store, "Johnathan Examplesson")["results"][0]["subject"]["id"]
    with pytest.raises(api.ScreeningError):
        api.decide(store, "Example", subject, "maybe", "alice")


def test_as_of_before_the_first_snapshot_uses_the_legal_date(store):
    result = screen(store, "Johnathan Examplesson", as_of="2020-01-01")["results"][0]
    assert result["listing"] == "listed"
    assert result["designations"][0]["basis"].startswith("legal-date")
    earlier = screen(store, "Johnathan Examplesson", as_of="2010-01-01")["results"][0]
    assert earlier["listing"] == "not-listed-as-of" and earlier["designations"] == []


def test_cli_decide_and_screen_forms(store, tmp_path):
    url = store.url
    runner = CliRunner()
    answer = json.loads(runner.invoke(app, ["--db", url, "screen", "Example Brigade North",
                                            "--threshold", "0.5", "--json"]).stdout)
    north = subject_of(answer, "QDe.500")
    result = runner.invoke(app, ["--db", url, "screen", "decide", "Example Brigade North", north,
                                 "--false-positive", "--note", "bakery", "--by", "dora", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["decision"]["by"] == "dora"
    shown = json.loads(runner.invoke(app, ["--db", url, "screen", "name", "Example Brigade North",
                                           "--threshold", "0.5", "--json"]).stdout)
    assert shown["results"][-1]["decision"]["verdict"] == "false-positive"
    table = runner.invoke(app, ["--db", url, "screen", "Example Brigade North", "--threshold", "0.5"])
    assert table.exit_code == 0 and "false-" in table.stdout  # (Rich may wrap the cell)
    both = runner.invoke(app, ["--db", url, "screen", "decide", "x", north, "--match",
                               "--false-positive"])
    assert both.exit_code == 2
    unknown = runner.invoke(app, ["--db", url, "screen", "decide", "x", "Snope", "--match"])
    assert unknown.exit_code == 1
    neither = runner.invoke(app, ["--db", url, "screen", "--json"])
    assert neither.exit_code == 2
    names = tmp_path / "batch.txt"
    names.write_text("Example Brigade North\nJohnathan Examplesson\n", encoding="utf-8")
    lines = runner.invoke(app, ["--db", url, "screen", "--batch", str(names), "--json"]).stdout
    assert [json.loads(line)["query"] for line in lines.splitlines()] == [
        "Example Brigade North", "Johnathan Examplesson"]
    bad_date = runner.invoke(app, ["--db", url, "screen", "x", "--as-of", "2024-13-01"])
    assert bad_date.exit_code == 2
