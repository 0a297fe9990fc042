"""The `listwatch` command line end to end, on the fixture lists in tests/fixtures/lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listwatch.cli import app
from listwatch.store import Store

from conftest import FIXTURES

LISTS = FIXTURES / "lists"

ALL_SOURCES = ["au-listed", "ca-listed", "ca-sema", "curated", "eu-fsf", "eu-isil-aq", "eu-terrorist",
               "ru-fsb", "uk-ofsi", "uk-proscribed", "un-sc", "us-fto", "us-ofac-cons", "us-ofac-sdn"]


def cli(*args: str, db: str | None = None, env: dict | None = None, ok: bool = True):
    arguments = (["--db", db] if db else []) + list(args)
    result = CliRunner().invoke(app, arguments, env=env)
    if ok:
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def cli_json(*args: str, db: str | None = None, env: dict | None = None):
    return json.loads(cli(*args, "--json", db=db, env=env).stdout)


def db_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> dict:
    """Every fixture list imported once through the CLI: the ledger's URL and the import output."""
    db = db_url(tmp_path_factory.mktemp("cli") / "x.db")
    first = cli_json("lists", "import", str(LISTS), db=db)["imports"]
    return {"db": db, "first": first}


def by_file(imports: list[dict]) -> dict[str, dict]:
    return {Path(f).parent.name + "/" + Path(f).name: r for r in imports for f in r["files"]}


# -- lists import / sources ---------------------------------------------------------------------

def test_import_detects_each_source_from_content(ledger):
    rows = by_file(ledger["first"])
    # every file was recognised as the source whose folder holds it (folders are named by id)
    assert {name: r["source"] for name, r in rows.items()} == {
        f"{folder}/{path.name}": folder for folder in ALL_SOURCES
        for path in (LISTS / folder).iterdir()}
    assert len(rows) == 18
    assert all(r["status"] == "imported" for r in ledger["first"]), ledger["first"]
    sdn = rows["us-ofac-sdn/sdn.csv"]
    assert sdn is rows["us-ofac-sdn/alt.csv"] is rows["us-ofac-sdn/sdn_comments.csv"]
    assert sdn["records"] == 5
    assert (rows["un-sc/consolidated.xml"]["observed_on"], rows["un-sc/consolidated.xml"]["records"]
            ) == ("2024-03-05", 4)
    assert rows["us-fto/foreign-terrorist-organizations.html"]["observed_on"] == "2025-02-20"
    assert rows["eu-fsf/xmlFullSanctionsList_1_1.xml"]["records"] == 3
    assert len(ledger["first"]) == 15  # 14 sources, curated twice (CSV and YAML)


def test_second_import_is_unchanged_with_the_database_from_the_environment(ledger):
    again = cli_json("lists", "import", str(LISTS), env={"LISTWATCH_DB": ledger["db"]})["imports"]
    assert len(again) == 15
    assert {r["status"] for r in again} == {"unchanged"}
    first = {tuple(r["files"]): r["snapshot_id"] for r in ledger["first"]}
    assert {tuple(r["files"]): r["snapshot_id"] for r in again} == first
    assert all(r["message"].startswith("already imported as snapshot") for r in again)


def test_sources_lists_every_adapter_with_its_last_snapshot(ledger, tmp_path):
    rows = cli_json("lists", "sources", db=ledger["db"])["sources"]
    assert [r["id"] for r in rows] == ALL_SOURCES
    by_id = {r["id"]: r for r in rows}
    assert by_id["un-sc"]["authority"] == "United Nations"
    assert by_id["un-sc"]["urls"]["main"].endswith("/consolidated.xml")
    assert by_id["un-sc"]["snapshots"] == 1
    assert by_id["un-sc"]["last_snapshot"]["observed_on"] == "2024-03-05"
    assert by_id["un-sc"]["last_snapshot"]["records"] == 4
    assert by_id["curated"]["snapshots"] == 2 and by_id["curated"]["urls"] == {}
    assert sorted(by_id["us-ofac-sdn"]["last_snapshot"]["files"]) == [
        "add.csv", "alt.csv", "sdn.csv", "sdn_comments.csv"]
    assert all(r["last_snapshot"] for r in rows)
    # an empty ledger knows the same sources, none with a snapshot
    empty = cli_json("lists", "sources", db=db_url(tmp_path / "empty.db"))["sources"]
    assert [r["id"] for r in empty] == ALL_SOURCES
    assert all(r["snapshots"] == 0 and r["last_snapshot"] is None for r in empty)


def test_sources_table_renders(ledger):
    result = cli("lists", "sources", db=ledger["db"])
    assert "un-sc" in result.stdout and "2024-03-05" in result.stdout


def test_import_of_a_missing_path_fails(tmp_path):
    result = cli("lists", "import", str(tmp_path / "nope.xml"), db=db_url(tmp_path / "x.db"),
                 ok=False)
    assert result.exit_code == 1 and "no such file or folder" in result.stderr


def test_import_with_unknown_forced_source_exits_2(tmp_path):
    result = cli("lists", "import", str(LISTS / "us-fto"), "--source", "xx",
                 db=db_url(tmp_path / "x.db"), ok=False)
    assert result.exit_code == 2 and "unknown source 'xx'" in result.stderr


# -- status / history / diff ----------------------------------------------------------------------

def test_status_shows_the_russian_authority_of_the_curated_entry(ledger):
    answer = cli_json("status", "Хайят Тахрир аш-Шам", db=ledger["db"])
    curated = [d for d in answer["designations"] if d["source"] == "curated"]
    assert [(d["authority"], d["reference"], d["status"], d["listed_on"]) for d in curated] == [
        ("Russia", "RU-SC-2020-01", "listed", "2020-06-02")]
    # the same subject, found by its Latin name, holds the other lists' HTS entries
    latin = cli_json("status", "Hay'at Tahrir al-Sham", db=ledger["db"])
    assert latin["subject"]["id"] == answer["subject"]["id"]
    assert {(d["source"], d["authority"]) for d in latin["designations"]} >= {
        ("curated", "Russia"), ("us-fto", "United States"), ("uk-proscribed", "United Kingdom")}


def test_status_of_a_delisted_fto(ledger):
    answer = cli_json("status", "Example Liberation Front", db=ledger["db"])
    assert answer["subject"]["name"] == "Example Liberation Front"
    assert [(d["source"], d["authority"], d["status"], d["listed_on"], d["delisted_on"])
            for d in answer["designations"]] == [
        ("us-fto", "United States", "delisted", "1997-10-08", "2001-05-28")]
    # before the delisting (and before any snapshot) only the legal dates speak
    earlier = cli_json("status", "Example Liberation Front", "--as-of", "1999-06-01",
                       db=ledger["db"])
    assert [(d["status"], d["basis"]) for d in earlier["designations"]] == [
        ("listed", "legal-date: no snapshot before as_of")]


def test_status_table_renders(ledger):
    result = cli("status", "Example Liberation Front", db=ledger["db"])
    assert "Example Liberation Front" in result.stdout
    assert "delisted" in result.stdout


def test_status_finds_a_name_with_a_typo_reordered_or_with_an_article(ledger):
    expected = cli_json("status", "Example Liberation Front", db=ledger["db"])["subject"]["id"]
    for query in ("Example Liberation Frnt", "Liberation Front Example",
                  "the Example Liberation Front"):
        assert cli_json("status", query, db=ledger["db"])["subject"]["id"] == expected, query


def test_status_of_an_unknown_name_fails_with_a_hint(ledger):
    result = cli("status", "Quite Unheard Of Brigade", db=ledger["db"], ok=False)
    assert result.exit_code == 1
    assert "no subject named or referenced" in result.stderr


def test_an_empty_ledger_says_so(tmp_path):
    result = cli("status", "Anything", db=f"sqlite:///{tmp_path / 'empty.db'}", ok=False)
    assert result.exit_code == 1
    assert "no lists imported yet: run listwatch lists import" in result.stderr


def test_diff_refuses_from_after_to(ledger):
    result = cli("diff", "us-fto", "--from", "2024-02-01", "--to", "2024-01-01", db=ledger["db"],
                 ok=False)
    assert result.exit_code == 2 and "later than --to" in result.stderr


def test_status_rejects_a_bad_as_of(ledger):
    result = cli("status", "Hizballah", "--as-of", "yesterday", db=ledger["db"], ok=False)
    assert result.exit_code == 2 and "not a date" in result.stderr


def test_history_of_a_delisted_fto(ledger):
    answer = cli_json("history", "Example Liberation Front", db=ledger["db"])
    assert [(e["source"], e["reference"], e["kind"], e["valid_date"]) for e in answer["events"]] == [
        ("us-fto", "example-liberation-front", "listed", "1997-10-08"),
        ("us-fto", "example-liberation-front", "delisted", "2001-05-28")]
    assert cli("history", "Example Liberation Front", db=ledger["db"]).exit_code == 0


def un_fixture_v2() -> bytes:
    """The UN fixture four months on: one alias changed, one entity added."""
    content = (LISTS / "un-sc" / "consolidated.xml").read_bytes()
    new_entity = (b"<ENTITY><DATAID>900009</DATAID><VERSIONNUM>1</VERSIONNUM>"
                  b"<FIRST_NAME>EASTERN EXAMPLE BATTALION</FIRST_NAME><UN_LIST_TYPE>Al-Qaida"
                  b"</UN_LIST_TYPE><REFERENCE_NUMBER>QDe.909</REFERENCE_NUMBER><LISTED_ON>2024-05-01"
                  b"</LISTED_ON><LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE></ENTITY>")
    for old, new in ((b'dateGenerated="2024-03-05T19:01:02.123-05:00"',
                      b'dateGenerated="2024-07-01T10:00:00Z"'),
                     (b"<ALIAS_NAME>Old Example Front</ALIAS_NAME>",
                      b"<ALIAS_NAME>Older Example Front</ALIAS_NAME>"),
                     (b"</ENTITIES>", new_entity + b"</ENTITIES>")):
        assert content.count(old) == 1
        content = content.replace(old, new)
    return content


def test_diff_between_two_un_snapshots(tmp_path):
    db = db_url(tmp_path / "x.db")
    (tmp_path / "v2.xml").write_bytes(un_fixture_v2())
    imports = cli_json("lists", "import", str(LISTS / "un-sc"), str(tmp_path / "v2.xml"),
                       db=db)["imports"]
    assert [(r["status"], r["observed_on"]) for r in imports] == [
        ("imported", "2024-03-05"), ("imported", "2024-07-01")]
    answer = cli_json("diff", "un-sc", "--from", "2024-03-31", "--to", "2024-12-31", db=db)
    assert (answer["from_snapshot"]["observed_on"], answer["to_snapshot"]["observed_on"]) == (
        "2024-03-05", "2024-07-01")
    assert answer["added"] == [{"reference": "QDe.909", "name": "EASTERN EXAMPLE BATTALION"}]
    assert answer["removed"] == []
    assert [a["reference"] for a in answer["amended"]] == ["QDe.901"]
    assert "aliases" in answer["amended"][0]["changes"]
    # the same day on both sides: nothing changed
    same = cli_json("diff", "un-sc", "--from", "2024-07-01", "--to", "2024-07-02", db=db)
    assert same["added"] == same["removed"] == same["amended"] == []
    # the amendment is in the history too
    kinds = [e["kind"] for e in cli_json("history", "QDe.901", db=db)["events"]]
    assert kinds == ["listed", "amended"]
    table = cli("diff", "un-sc", "--from", "2024-03-31", "--to", "2024-12-31", db=db)
    assert "QDe.909" in table.stdout
    before = cli("diff", "un-sc", "--from", "2020-01-01", "--to", "2024-12-31", db=db, ok=False)
    assert before.exit_code == 1 and "no un-sc snapshot observed on or before 2020-01-01" in before.stderr
    assert cli("diff", "xx", "--from", "2024-01-01", "--to", "2024-12-31", db=db,
               ok=False).exit_code == 2


# -- --observed-at ----------------------------------------------------------------------------------

def test_observed_at_dates_an_undated_file(tmp_path):
    db = db_url(tmp_path / "x.db")
    (row,) = cli_json("lists", "import", str(LISTS / "curated" / "designations.yaml"),
                      "--observed-at", "2024-05-03", db=db)["imports"]
    assert (row["status"], row["observed_on"]) == ("imported", "2024-05-03")


@pytest.mark.parametrize("target", ["curated/designations.yaml", "un-sc/consolidated.xml"])
def test_observed_at_garbage_exits_1(tmp_path, target):
    db = db_url(tmp_path / "x.db")
    result = cli("lists", "import", str(LISTS / target), "--observed-at", "last tuesday",
                 "--json", db=db, ok=False)
    assert result.exit_code == 1
    assert "cannot read 'last tuesday' as a date or time" in (result.stdout + result.stderr)
    store = Store(db)
    store.upgrade()  # the refused import may have run before the schema was created
    assert store.snapshots() == []


# -- subjects judge -----------------------------------------------------------------------------------

def judge(db: str, tmp_path: Path, text: str, name: str = "judgements.yaml", ok: bool = True):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return cli("subjects", "judge", str(path), "--by", "ana", "--json", db=db, ok=ok)


def members(db: str, query: str) -> set[tuple[str, str]]:
    return {(m["source"], m["reference"])
            for m in cli_json("subjects", "show", query, db=db)["members"]}


def test_merge_makes_two_records_one_subject_and_survives_reimport(tmp_path):
    db = db_url(tmp_path / "x.db")
    cli_json("lists", "import", str(LISTS / "us-fto"), str(LISTS / "ca-listed"), db=db)
    fto, canada = ("us-fto", "hizballah"), ("ca-listed", "22")
    # one word links the two terrorism lists only with corroboration, and says so
    linked = cli_json("subjects", "show", "22", db=db)["members"]
    assert {(m["source"], m["reference"]) for m in linked} == {fto, canada}
    assert all(m["reason"].startswith("main-name:") and "programme:terrorism" in m["reason"]
               for m in linked)

    out = json.loads(judge(db, tmp_path, "merge:\n  - [us-fto:hizballah, ca-listed:22]\n"
                                        "note: the same Lebanese party\n").stdout)
    assert out["judgements"] == 1
    subject = cli_json("subjects", "show", "hizballah", db=db)
    assert {(m["source"], m["reference"]) for m in subject["members"]} == {fto, canada}
    assert {m["reason"] for m in subject["members"]} == {"analyst:ana"}
    status = cli_json("status", "22", db=db)
    assert status["subject"]["id"] == subject["id"]
    assert {(d["source"], d["authority"]) for d in status["designations"]} == {
        ("us-fto", "United States"), ("ca-listed", "Canada")}

    # importing more lists relinks every subject; the judgement still holds, under the same id
    cli_json("lists", "import", str(LISTS / "au-listed"), str(LISTS / "uk-proscribed"), db=db)
    # ("hizballah" is now also the Australian list's reference: ask for Canada's "22")
    after = cli_json("subjects", "show", "22", db=db)
    assert {fto, canada} <= {(m["source"], m["reference"]) for m in after["members"]}
    assert after["id"] == subject["id"]


def test_split_separates_records_that_names_joined_and_survives_reimport(tmp_path):
    db = db_url(tmp_path / "x.db")
    cli_json("lists", "import", str(LISTS / "us-ofac-sdn"),
             str(LISTS / "curated" / "designations.csv"), db=db)
    sdn, curated = ("us-ofac-sdn", "90001"), ("curated", "EX-2019-07")
    joined = cli_json("subjects", "show", "90001", db=db)
    assert {(m["source"], m["reference"]): m["reason"] for m in joined["members"]} == {
        sdn: "name-match:example front", curated: "name-match:example front"}

    judge(db, tmp_path, "split:\n  - [us-ofac-sdn:90001, curated:EX-2019-07]\n")
    assert members(db, "90001") == {sdn}
    assert members(db, "EX-2019-07") == {curated}
    curated_status = cli_json("status", "EX-2019-07", db=db)
    assert [(d["source"], d["authority"]) for d in curated_status["designations"]] == [
        ("curated", "Example Republic")]

    # the UN list names the Example Front too; re-linking after its import joins the UN entry
    # with OFAC's, but never the curated one with them
    cli_json("lists", "import", str(LISTS / "un-sc"), db=db)
    un_subject = members(db, "QDe.901")
    assert sdn in un_subject and curated not in un_subject
    assert members(db, "EX-2019-07") == {curated}


@pytest.mark.parametrize("text,expected", [
    ("- [us-fto:hizballah, ca-listed:22]\n", "expected a mapping"),
    ("merge:\n  - [us-fto:hizballah, ca-listed:22]\nwhy: because\n", "expected a mapping"),
    ("merge:\n  - [us-fto:hizballah]\n", "each entry is a pair"),
    ("split:\n  - us-fto:hizballah\n", "each entry is a pair"),
    ("merge:\n  - [nowhere:1, ca-listed:22]\n", "'nowhere:1' is not source:reference"),
    ("merge:\n  - [hizballah, ca-listed:22]\n", "'hizballah' is not source:reference"),
    ("note: nothing to do\n", "no merge or split pairs"),
    ("merge: [[us-fto:hizballah, ca-listed:22]\n", "while parsing"),
    ("merge:\n  - [us-fto:hizballah, ca-listed:999]\n", "ca-listed:999"),
])
def test_bad_judgements_files_are_refused(tmp_path, text, expected):
    db = db_url(tmp_path / "x.db")
    cli_json("lists", "import", str(LISTS / "us-fto"), str(LISTS / "ca-listed"), db=db)
    result = judge(db, tmp_path, text, ok=False)
    assert result.exit_code == 1
    assert "error:" in result.stderr and expected in " ".join(result.stderr.split())
    assert Store(db).judgements() == []


def test_missing_judgements_file_is_refused(tmp_path):
    result = cli("subjects", "judge", str(tmp_path / "absent.yaml"),
                 db=db_url(tmp_path / "x.db"), ok=False)
    assert result.exit_code == 1 and "absent.yaml" in result.stderr
