from listwatch.news.cleanup import clean
from listwatch.news.dates import find_dates


def test_dates_against_publication():
    found = {d.text: d for d in find_dates(
        "on Monday; On Dec. 8; in late November; in recent days; in 2015; next Friday; "
        "8 December 2023", "2024-12-18")}
    assert found["Monday"].value == "2024-12-16"
    assert found["Dec. 8"].value == "2024-12-08"
    assert found["late November"].value == "2024-11" and found["late November"].part == "late"
    assert found["in recent days"].range == ("2024-12-11", "2024-12-18")
    assert found["2015"].granularity == "year" and found["2015"].range == ("2015-01-01", "2015-12-31")
    assert found["next Friday"].value == "2024-12-20"
    assert found["8 December 2023"].value == "2023-12-08"


def test_may_is_not_a_month_when_modal():
    assert find_dates("The UN may review the list in May.", "2024-12-18")[-1].text == "May"
    assert len(find_dates("The UN may review the list.", "2024-12-18")) == 0


def test_cleanup_lifts_metadata_and_appeals():
    c = clean("Headline Of The Day\nBy Jo Bloggs\nPARIS (Wire) – First sentence here is long.\n"
              "A Subheading Here\nSecond paragraph ends.\nA Message from The Paper:\nDear readers,\n"
              "Please support our journalism today.\nRemind me later.")
    assert c.title == "Headline Of The Day" and c.author == "Jo Bloggs"
    assert c.dateline["place"] == "Paris" and c.outlet == "Wire"
    assert c.subheadings == ["A Subheading Here"]
    assert c.body == "First sentence here is long.\n\nSecond paragraph ends."
    assert [r["kind"] for r in c.removed].count("donation_appeal") == 4
