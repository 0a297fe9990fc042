from __future__ import annotations

import pytest

from conftest import FIXTURES
from listwatch.sources import ParseError, us_fto

FIXTURE = FIXTURES / "lists" / "us-fto" / "foreign-terrorist-organizations.html"


@pytest.fixture(scope="module")
def records():
    parsed = us_fto.parse({"main": FIXTURE.read_bytes()})
    assert parsed.published == "2025-02-20T15:31:07+00:00"
    return {r.reference: r for r in parsed.records}


def test_source_keeps_removed_entries():
    assert us_fto.SOURCE.keeps_removed


def test_aka_acronym_and_amendments(records):
    nusrah = records["al-nusrah-front"]
    assert nusrah.name == "al-Nusrah Front"
    assert nusrah.listed_on == "2014-05-15"
    assert [(a.value, a.quality) for a in nusrah.aliases] == [
        ("Hay’at Tahrir al-Sham", "strong"), ("ANF/HTS", "weak"), ("Jabhat Fath al-Sham", "strong"),
    ]
    assert nusrah.amended_on == ("2016-11-14", "2018-06-01")


def test_former_name_and_amendment_in_a_row_of_its_own(records):
    sinai = records["isis-sinai-province"]
    assert [(a.value, a.kind) for a in sinai.aliases] == [
        ("Ansar Bayt al-Maqdis", "former"), ("ISIL Sinai Province", "alias"),
    ]
    assert sinai.amended_on == ("2015-09-30",)


def test_dates_in_words_and_in_numbers(records):
    assert records["hamas"].listed_on == "1997-10-08"
    assert records["hizballah"].listed_on == "1997-10-08"  # "10/8/1997", month first
    assert records["kurdistan-workers-party"].aliases[1].value == "Kongra-Gel"


def test_delisted_organisations(records):
    farc = records["revolutionary-armed-forces-of-colombia"]
    assert (farc.listed_on, farc.delisted_on) == ("1997-10-08", "2021-11-30")
    assert records["example-liberation-front"].delisted_on == "2001-05-28"
    assert records["al-shabaab"].delisted_on is None


@pytest.mark.parametrize("content", [
    b"",
    b"<html><body><h2>Designated Foreign Terrorist Organizations</h2><p>Date Designated</p></body></html>",
    b"<html><body><table><tr><th>Date Designated</th><th>Name</th></tr>"
    b"<tr><td></td><td>- Stray Amendment (May 1, 2020)</td></tr></table></body></html>",
])
def test_bad_input_is_refused(content):
    with pytest.raises(ParseError):
        us_fto.parse({"main": content})
