"""The CLI's --json and the HTTP API print the same typed answers: on one ledger (the fixture
lists and news), each API answer equals the CLI's JSON for the same question."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from listwatch.cli import app

from live_server import FIXTURES, serve

HTS = "Hay'at Tahrir al-Sham"
NEWS = sorted((FIXTURES / "news").glob("*.txt"))
# An article whose claim the reader links to the HTS subject, so that `status` carries claims.
ARTICLE = """Moscow Weighs Delisting of Syrian Group

MOSCOW, March 3 (Example Wire) - Russia is considering removing Hayat Tahrir al-Sham from its \
list of terrorist organisations, Foreign Ministry spokeswoman Anna Example said on Monday.
"""


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> str:
    """The fixture lists and news articles, imported and read through the CLI."""
    folder = tmp_path_factory.mktemp("same")
    url = f"sqlite:///{folder / 'ledger.db'}"
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    cli(url, "lists", "import", str(FIXTURES / "lists"))
    cli(url, "ingest", *map(str, NEWS), str(folder / "article.txt"), "--published", "2025-03-10")
    return url


@pytest.fixture(scope="module")
def client(ledger):
    yield from serve(ledger, api_key="")


def cli(url: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", url, *args])
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result.stdout


def cli_json(url: str, *args: str) -> dict:
    return json.loads(cli(url, *args, "--json"))


def api_json(client, path: str, **params) -> dict:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("query, as_of", [(HTS, None), (HTS, "2014-01-01"), (HTS, "2021-01-01"),
                                          ("al-Nusrah Front", "2025-01-01"), ("QDe.901", None)])
def test_status(ledger, client, query, as_of):
    options = ["--as-of", as_of] if as_of else []
    expected = cli_json(ledger, "status", query, *options)
    assert api_json(client, "/status", q=query, **({"as_of": as_of} if as_of else {})) == expected


def test_status_answers_carry_claims_and_legal_date_bases(ledger):
    """The comparison above covers what matters: claims beside the designations, and the
    ``basis`` a designation carries only when a legal date alone speaks for it."""
    claims = cli_json(ledger, "status", HTS)["claims"]
    assert [(c["authority"], c["action"], c["modality"]) for c in claims] == [
        ("Russia", "delist", "considering")]
    early = cli_json(ledger, "status", HTS, "--as-of", "2014-01-01")["designations"]
    assert any("basis" in d for d in early)
    assert not any("basis" in d for d in cli_json(ledger, "status", HTS)["designations"])


@pytest.mark.parametrize("query", [HTS, "QDe.901"])
def test_history_and_subjects(ledger, client, query):
    assert api_json(client, "/history", q=query) == cli_json(ledger, "history", query)
    assert api_json(client, "/subjects", q=query) == cli_json(ledger, "subjects", "show", query)


@pytest.mark.parametrize("options", [{}, {"subject": HTS}, {"authority": "Russia"},
                                     {"subject": "Brigades of Hope"}])
def test_claims(ledger, client, options):
    args = [item for key, value in options.items() for item in (f"--{key}", value)]
    expected = cli_json(ledger, "claims", *args)
    assert api_json(client, "/claims", **options) == expected
    if not options:
        assert expected["claims"]


def test_documents_sources_diff_and_screening(ledger, client):
    assert api_json(client, "/documents/1") == cli_json(ledger, "doc", "1")
    assert api_json(client, "/sources") == cli_json(ledger, "lists", "sources")
    assert api_json(client, "/diff/un-sc", **{"from": "2024-03-05", "to": "2025-01-01"}) == \
        cli_json(ledger, "diff", "un-sc", "--from", "2024-03-05", "--to", "2025-01-01")
    assert api_json(client, "/screen", q="Хайят Тахрир аш-Шам") == \
        cli_json(ledger, "screen", "Хайят Тахрир аш-Шам")
