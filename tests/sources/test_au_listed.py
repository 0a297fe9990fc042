from __future__ import annotations

import pytest

from conftest import FIXTURES
from listwatch.sources import ParseError, au_listed

FIXTURE = FIXTURES / "lists" / "au-listed" / "listed-terrorist-organisations.html"


@pytest.fixture(scope="module")
def parsed():
    return au_listed.parse({"main": FIXTURE.read_bytes()})


@pytest.fixture(scope="module")
def records(parsed):
    return {r.reference: r for r in parsed.records}


def test_published_is_last_updated(parsed):
    assert parsed.published == "2025-08-12"


def test_all_listing_dates_are_kept(records):
    asg = records["abu-sayyaf-group"]
    assert asg.listed_on == "2002-11-14"
    assert asg.relisted_on == ("2004-11-05", "2006-11-03", "2009-09-01")  # <br>-separated
    assert records["al-shabaab"].relisted_on == ("2012-08-12", "2015-08-11")  # comma-separated
    assert records["hizballah"].relisted_on == ()


def test_partial_date_and_alias(records):
    hts = records["hayat-tahrir-al-sham"]
    assert hts.listed_on == "2013-06"  # "June 2013": no day invented
    assert [a.value for a in hts.aliases] == ["Jabhat al-Nusra"]


@pytest.mark.parametrize("content", [
    b"",
    b"<html><body><table><tr><th>Country</th><th>Capital</th></tr></table></body></html>",
    b"<html><body><table><tr><th>Organisation</th><th>Date listed</th></tr>"
    b"<tr><td></td><td>1 May 2020</td></tr></table></body></html>",
])
def test_bad_input_is_refused(content):
    with pytest.raises(ParseError):
        au_listed.parse({"main": content})
