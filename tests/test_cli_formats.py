"""`--format table|json|jsonl|csv` and `--json` on the CLI, on the fixture lists."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from listwatch.cli import app

from conftest import FIXTURES

HTS = "Hay'at Tahrir al-Sham"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('formats') / 'x.db'}"
    run(url, "lists", "import", str(FIXTURES / "lists"))
    return url


def run(url: str, *args: str, code: int = 0):
    result = CliRunner().invoke(app, ["--db", url, *args])
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result


def test_json_is_the_shorthand_of_format_json(db):
    assert run(db, "status", HTS, "--json").stdout == run(db, "status", HTS, "--format", "json").stdout
    assert run(db, "status", HTS, "--json", "--format", "json").exit_code == 0


def test_json_and_another_format_together_are_refused(db):
    result = run(db, "status", HTS, "--json", "--format", "csv", code=2)
    assert "--json and --format csv" in result.stderr


def test_an_unknown_format_is_refused_before_any_work(db):
    result = run(db, "history", HTS, "--format", "xml", code=2)
    assert "xml" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("args, rows", [
    (["status", HTS], "designations"),
    (["history", HTS], "events"),
    (["subjects", "show", HTS], "members"),
    (["lists", "sources"], "sources"),
])
def test_csv_and_jsonl_hold_the_rows_of_the_json_answer(db, args, rows):
    answer = json.loads(run(db, *args, "--json").stdout)
    expected = len(answer[rows])
    lines = [json.loads(line) for line in run(db, *args, "--format", "jsonl").stdout.splitlines()]
    records = list(csv.DictReader(io.StringIO(run(db, *args, "--format", "csv").stdout, newline="")))
    assert len(lines) == len(records) == expected > 0
    if rows == "designations":  # each row says whose it is, and keeps its fields
        assert {r["subject_id"] for r in records} == {answer["subject"]["id"]}
        assert [r["reference"] for r in records] == [d["reference"] for d in answer[rows]]
        assert [line["snapshot"] for line in lines] == [d["snapshot"] for d in answer[rows]]


def test_a_screening_batch_in_every_format(db, tmp_path):
    names = tmp_path / "names.txt"
    names.write_text(f"{HTS}\nNobody Whatsoever Zzyzx\nХайят Тахрир аш-Шам\n", encoding="utf-8")
    answers = [json.loads(line) for line in
               run(db, "screen", "--batch", str(names), "--json").stdout.splitlines()]
    assert [a["query"] for a in answers] == [HTS, "Nobody Whatsoever Zzyzx", "Хайят Тахрир аш-Шам"]
    rows = sum(len(a["results"]) for a in answers)
    lines = run(db, "screen", "--batch", str(names), "--format", "jsonl").stdout.splitlines()
    assert len(lines) == rows and {json.loads(line)["query"] for line in lines} == {
        HTS, "Хайят Тахрир аш-Шам"}
    records = list(csv.DictReader(io.StringIO(
        run(db, "screen", "--batch", str(names), "--format", "csv").stdout, newline="")))
    assert len(records) == rows and records[0]["subject.id"]
    table = run(db, "screen", "--batch", str(names)).stdout.splitlines()
    assert len(table) == 3 and table[1] == "Nobody Whatsoever Zzyzx: no match"
    top = answers[2]["results"][0]
    assert table[2] == (f"Хайят Тахрир аш-Шам: {top['subject']['name']} ({top['score']:.2f}, "
                        f"{top['listing']})")


def test_an_error_quoting_markup_like_text_is_printed_as_text(db):
    result = run(db, "status", "[/] [bold]", code=1)
    assert "'[/] [bold]'" in result.stderr and "Traceback" not in result.output
