from __future__ import annotations

import pytest

from conftest import FIXTURES
from listwatch.sources import ParseError, uk_proscribed

FIXTURE = FIXTURES / "lists" / "uk-proscribed" / "proscribed-terrorist-groups-or-organisations.html"


@pytest.fixture(scope="module")
def parsed():
    return uk_proscribed.parse({"main": FIXTURE.read_bytes()})


@pytest.fixture(scope="module")
def records(parsed):
    return {r.reference: r for r in parsed.records}


def test_published_is_the_updated_date(parsed):
    assert parsed.published == "2025-03-07"


def test_only_groups_are_records(records):
    assert list(records) == [
        "abu-sayyaf-group", "hamas", "hayat-tahrir-al-sham", "continuity-army-council",
        "irish-national-liberation-army", "ulster-freedom-fighters", "example-peoples-organisation",
    ]


def test_bold_paragraph_group_with_month_date(records):
    asg = records["abu-sayyaf-group"]
    assert asg.listed_on == "2001-03"
    assert [(a.value, a.quality) for a in asg.aliases] == [("ASG", "weak")]
    assert asg.remarks == "The group seeks an independent Islamic state in the southern Philippines."


def test_aliases_from_heading_and_also_known_as_line(records):
    assert records["hamas"].aliases[0].value == "Harakat al-Muqawama al-Islamiya"
    assert records["hamas"].listed_on == "2021-11-26"
    hts = records["hayat-tahrir-al-sham"]
    assert [a.value for a in hts.aliases] == ["HTS", "Jabhat al-Nusrah li-ahl al Sham", "Jabhat Fatah al-Sham"]


def test_northern_ireland_and_deproscribed_sections(records):
    assert records["ulster-freedom-fighters"].programmes == ("Northern Ireland related terrorism",)
    assert records["continuity-army-council"].listed_on is None
    removed = records["example-peoples-organisation"]
    assert (removed.listed_on, removed.delisted_on) == ("2001-03", "2008-06-24")
    assert uk_proscribed.SOURCE.keeps_removed


@pytest.mark.parametrize("content", [
    b"",
    b"<html><body><p>Proscribed terrorist groups or organisations</p></body></html>",
    b'<html><body><div class="govspeak"><h2>Deproscribed organisations</h2>'
    b"<p><strong>Undated Group</strong></p></div></body></html>",
])
def test_bad_input_is_refused(content):
    with pytest.raises(ParseError):
        uk_proscribed.parse({"main": content})
