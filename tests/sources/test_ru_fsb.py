from __future__ import annotations

import pytest

from conftest import FIXTURES
from listwatch.records import Detail
from listwatch.sources import ParseError, ru_fsb

FIXTURE = FIXTURES / "lists" / "ru-fsb" / "terror.htm"  # windows-1251, as the FSB serves it


def utf8_version() -> bytes:
    return FIXTURE.read_bytes().decode("cp1251").replace("windows-1251", "utf-8").encode("utf-8")


@pytest.fixture(scope="module")
def parsed():
    return ru_fsb.parse({"main": FIXTURE.read_bytes()})


@pytest.fixture(scope="module")
def records(parsed):
    return {r.reference: r for r in parsed.records}


def test_rows_numbered_and_no_published_date(parsed, records):
    assert list(records) == ["1", "2", "3", "4", "5"]
    assert parsed.published is None


def test_cyrillic_names_and_latin_aliases(records):
    base = records["2"]
    assert base.name == "База"
    assert [(a.value, a.script) for a in base.aliases] == [("Аль-Каида", "Cyrl"), ("Al-Qaida", "Latn")]
    hts = records["4"]
    assert hts.name == "Хайят Тахрир аш-Шам"
    assert ("Hay’at Tahrir al-Sham", "Latn") in [(a.value, a.script) for a in hts.aliases]


def test_other_names_prefix_and_former_name(records):
    islamic_state = records["3"]
    assert islamic_state.name == "Международная организация «Исламское государство»"
    assert [a.value for a in islamic_state.aliases] == [
        "Исламское государство Ирака и Леванта", "Исламское государство Ирака и Шама", "Islamic State", "ISIS",
    ]
    assert [(a.value, a.kind) for a in records["5"].aliases] == [("Союз примеров", "former")]


def test_court_decision_is_legal_basis_and_its_date_listed_on(records):
    first = records["1"]
    assert first.legal_basis == (
        "Решение Верховного Суда Российской Федерации от 14.02.2003 № ГКПИ 03-116, вступило в силу 04.03.2003"
    )
    assert first.listed_on == "2003-02-14"
    assert first.details == (Detail("decision-in-force", "2003-03-04"),)
    assert records["4"].listed_on == "2020-06-02"  # "от 2 июня 2020 г."
    assert records["4"].details == (Detail("decision-in-force", "2020-06-17"),)
    assert records["5"].listed_on == "2019-03-05"


def test_utf8_and_undeclared_cp1251_read_the_same(parsed):
    assert ru_fsb.sniff(utf8_version()) == "main"
    assert ru_fsb.parse({"main": utf8_version()}) == parsed
    undeclared = FIXTURE.read_bytes().replace(b"charset=windows-1251", b"")
    assert ru_fsb.parse({"main": undeclared}) == parsed


@pytest.mark.parametrize("content", [
    b"",
    "<html><body><table><tr><td>№ п/п</td><td>Наименование</td></tr></table></body></html>".encode(),
    "<html><body><table><tr><td>1.</td><td></td><td>Решение</td></tr></table></body></html>".encode(),
])
def test_bad_input_is_refused(content):
    with pytest.raises(ParseError):
        ru_fsb.parse({"main": content})
