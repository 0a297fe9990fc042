"""Lookup as a user types (queries.resolve_subject) on a ledger built from a curated fixture."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from listwatch.cli import app
from listwatch.ledger import queries
from listwatch.ledger.importer import import_paths
from listwatch.store import Store

CURATED = """listwatch: curated-designations/1
entries:
  - authority: Atlantis
    reference: AT-1
    type: organisation
    names: {primary: Exampleland Guard Group}
    listed: 2019-03-01
  - authority: Atlantis
    reference: AT-2
    type: organisation
    names: {primary: Northern Expedition Corps, aliases: [Exampleland Guard Group]}
    listed: 2020-01-01
  - authority: Atlantis
    reference: AT-3
    type: organisation
    names: {primary: Front for the Liberation of Examplestan}
    listed: 2018-05-05
  - authority: Atlantis
    reference: AT-4
    type: organisation
    names: {primary: Hizbexample}
    listed: 2017-01-01
  - authority: Atlantis
    reference: AT-5
    type: person
    names: {primary: "Examplo, Nasrino"}
  - authority: Atlantis
    reference: AT-6
    type: organisation
    names: {primary: Nasrino Examplo}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("lookup")
    (folder / "atlantis.yaml").write_text(CURATED, encoding="utf-8")
    ledger = Store(f"sqlite:///{folder / 'ledger.db'}")
    ledger.upgrade()
    assert [r.status for r in import_paths(ledger, [folder / "atlantis.yaml"])] == ["imported"]
    return ledger


def entry_of(store: Store, query: str) -> set[str]:
    subject_id, _ = queries.resolve_subject(store, query)
    return {m["reference"] for m in store.subject(subject_id)["members"]}


def test_a_main_name_beats_another_entrys_alias_which_is_shown_as_a_rival(store):
    subject_id, others = queries.resolve_subject(store, "Exampleland Guard Group")
    assert entry_of(store, "Exampleland Guard Group") == {"AT-1"}
    assert [store.subject(s)["members"][0]["reference"] for s in others] == ["AT-2"]


@pytest.mark.parametrize("query", [
    "Front for the Liberation of Examplestan",
    "the Front for Liberation of Examplestan",  # articles and stop words
    "Examplestan Liberation Front",  # reordered
    "Front for the Liberaton of Examplestan",  # a typo
    "FLE",  # the acronym of a long name
])
def test_the_forms_a_user_types_find_the_entry(store, query):
    assert entry_of(store, query) == {"AT-3"}


def test_a_name_written_in_two_words_finds_the_one_word_name(store):
    assert entry_of(store, "Hizb Example") == {"AT-4"}


def test_among_equal_names_the_one_in_the_typed_word_order_wins(store):
    assert entry_of(store, "Nasrino Examplo") == {"AT-6"}
    assert entry_of(store, "Examplo Nasrino") == {"AT-5"}


def test_unknown_names_are_not_found(store):
    with pytest.raises(queries.NotFound, match="no subject named or referenced"):
        queries.resolve_subject(store, "Completely Unrelated Words")


def test_not_listed_as_of_a_date_is_said_in_words(store):
    result = CliRunner().invoke(app, ["--db", store.url, "status", "Hizbexample",
                                      "--as-of", "2016-01-01"])
    assert result.exit_code == 0
    assert "not listed as of 2016-01-01 on any imported list" in result.stdout


def test_a_subject_id_designates_its_subject(store):
    subject_id, _ = queries.resolve_subject(store, "Hizbexample")
    assert queries.resolve_subject(store, f" {subject_id} ") == (subject_id, [])
