from __future__ import annotations

import pytest

from conftest import FIXTURES
from listwatch.sources import ParseError, ca_listed

FIXTURE = FIXTURES / "lists" / "ca-listed" / "lstd-ntts-eng.xml"


@pytest.fixture(scope="module")
def parsed():
    return ca_listed.parse({"main": FIXTURE.read_bytes()})


@pytest.fixture(scope="module")
def records(parsed):
    return {r.reference: r for r in parsed.records}


def test_feed_date_and_entry_ids(parsed, records):
    assert parsed.published == "2025-02-20"
    assert list(records) == ["22", "49", "101"]


def test_aliases_split_from_summary(records):
    assert [a.value for a in records["22"].aliases] == [
        "Hizbullah", "Hezbollah", "Party of God", "Islamic Jihad Organization",
    ]
    assert [a.value for a in records["49"].aliases] == [
        "Harakat al-Shabaab al-Mujahidin", "The Youth", "Mujahideen Youth Movement",
    ]


def test_listing_and_review_dates(records):
    assert records["22"].listed_on == "2002-12-10"
    assert records["22"].relisted_on == ("2023-11-24",)
    recent = records["101"]
    assert recent.relisted_on == ()  # "Not yet reviewed"
    assert (recent.name, [(a.value, a.quality) for a in recent.aliases]) == (
        "Example Violent Network", [("EVN", "weak")],  # "N/A" summary: only the title's acronym
    )


@pytest.mark.parametrize("content", [
    b"",
    FIXTURE.read_bytes()[:900],
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Currently listed entities</title></feed>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>No id</title></entry></feed>',
])
def test_bad_input_is_refused(content):
    with pytest.raises(ParseError):
        ca_listed.parse({"main": content})
