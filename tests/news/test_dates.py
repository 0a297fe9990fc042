"""Dates: tense-aware resolution and brackets (years, months, quarters, seasons, decades, ranges)."""

import pytest

from listwatch.news.dates import find_dates

MONDAY = "2024-12-16"  # a Monday


def one(text: str, published: str | None = MONDAY, which: str | None = None):
    found = find_dates(text, published)
    return next(d for d in found if d.text == which) if which else found[-1]


@pytest.mark.parametrize("text, expected", [
    ("The ban will take effect on Thursday.", "2024-12-19"),
    ("The ban takes effect on Thursday.", "2024-12-19"),
    ("The delisting is set to be published on Thursday.", "2024-12-19"),
    ("The council is expected to vote on Thursday, diplomats said.", "2024-12-19"),
    ("Parliament is due to debate the order on Monday.", "2024-12-16"),  # today
    ("The ban applies effective Friday.", "2024-12-20"),
    ("Starting Wednesday, banks must freeze the group's accounts.", "2024-12-18"),
    ("On Thursday, the ministry will publish the new list.", "2024-12-19"),
    ("The ministry said on Thursday that it had reviewed the list.", "2024-12-12"),
    ("The group was banned on Thursday.", "2024-12-12"),
    ("Officials met on Thursday.", "2024-12-12"),
])
def test_weekday_follows_the_tense_of_its_clause(text, expected):
    assert one(text).value == expected


def test_announcement_and_effective_date_in_one_sentence():
    text = "The ministry announced on Monday that the ban will take effect on Thursday."
    days = {d.text: d for d in find_dates(text, "2024-12-18")}  # a Wednesday
    assert days["Monday"].value == "2024-12-16" and days["Monday"].tense == "past"
    assert days["Thursday"].value == "2024-12-19" and days["Thursday"].tense == "future"


def test_day_month_and_month_without_year_follow_tense():
    assert one("The order will enter into force on 1 March.", "2024-12-16").value == "2025-03-01"
    assert one("The order entered into force on 1 March.", "2024-12-16").value == "2024-03-01"
    assert one("The review will conclude in March.", "2024-12-16").value == "2025-03"
    assert one("The review concluded in March.", "2024-12-16").value == "2024-03"
    # no tense cue: the news default (latest one not more than a month after publication)
    assert one("Fighting on 2 January", "2024-12-16").value == "2025-01-02"


def test_bare_years_are_years_and_counts_are_not():
    assert [d.value for d in find_dates("In 1999, a cyclone hit; the 2004 Olympics.", None)] == \
        ["1999", "2004"]
    assert find_dates("A survey of 1709 schoolchildren cost $2000 and 1500 km.", None) == []
    assert find_dates("the 1267 Committee, the 1988 sanctions list, Resolution 2254", None) == []
    assert find_dates("up 1500% since 1230 B.C. and the 1700 m peak", None) == []
    assert one("The group founded in 1859 proclaimed itself.", None).value == "1859"


def test_month_year_quarter_season_as_brackets():
    m = one("in October, 1805", None)
    assert (m.value, m.granularity, m.range) == ("1805-10", "month", ("1805-10-01", "1805-10-31"))
    q = one("in the first quarter of 2024", None)
    assert (q.value, q.granularity, q.range) == ("2024-01/2024-03", "quarter", ("2024-01-01", "2024-03-31"))
    assert one("results for Q3 2023", None).range == ("2023-07-01", "2023-09-30")
    assert one("by the fourth quarter of next year").value == "2025-10/2025-12"
    s = one("in the summer of 2012", None)
    assert (s.value, s.granularity) == ("2012-06/2012-09", "season")
    assert one("last winter").range == ("2023-12-01", "2024-03-31")
    assert one("in the summer of next year").value == "2025-06/2025-09"
    assert [d.text for d in find_dates("Prices will fall next year.", MONDAY)] == ["next year"]


def test_parts_and_edges_of_years():
    m = one("in mid-2023", None)
    assert (m.value, m.granularity, m.part) == ("2023", "year", "mid")
    assert (one("late last year").value, one("late last year").part) == ("2023", "late")
    assert one("by the end of 2025", None).value == "2025-12-31"


def test_decades_centuries_and_year_ranges():
    d = one("since the 1990s", None)
    assert (d.value, d.granularity) == ("1990-01-01/1999-12-31", "decade")
    assert one("in the 19th century", None).range == ("1800-01-01", "1899-12-31")
    assert find_dates("the 7th century BC", None) == []
    r = one("between 2014 and 2016", None)
    assert (r.value, r.granularity, r.range) == ("2014/2016", "range", ("2014-01-01", "2016-12-31"))
    assert one("the 2014–16 war", None).value == "2014/2016"


def test_day_and_month_ranges():
    r = one("talks on Dec. 8-10 2023", None)
    assert (r.value, r.granularity) == ("2023-12-08/2023-12-10", "range")
    assert one("from 8 to 10 December").value == "2024-12-08/2024-12-10"
    assert one("the hearings will run from March to May.").value == "2025-03/2025-05"
    assert one("between November and January 2024", None).range == ("2023-11-01", "2024-01-31")
    assert one("in May 2024", None).value == "2024-05"


def test_spans_back_and_forward_from_publication():
    assert one("over the past 35 years").range == ("1989-12-16", "2024-12-16")
    assert one("in the next two weeks").range == ("2024-12-16", "2024-12-30")
    assert one("in the coming days").range == ("2024-12-16", "2024-12-23")
    assert one("three days ago").value == "2024-12-13"
    assert one("two years ago").value == "2022"
    assert one("this weekend").range == ("2024-12-21", "2024-12-22")
    assert one("by the end of the year").value == "2024-12-31"
    # a span of something else, not of the publication
    assert find_dates("the last five months of her life", MONDAY) == []
    assert all(d.text != "000 years ago" for d in find_dates("some 5,000 years ago", MONDAY))


def test_weekday_before_a_full_date_is_one_mention():
    [d] = find_dates("Friday, May 8, 2009", None)
    assert d.value == "2009-05-08"


def test_relative_dates_need_the_publication_date():
    for text in ("on Thursday", "in March", "three days ago", "the first quarter of this year"):
        assert all(d.value is None for d in find_dates(text, None)), text
    assert one("8 December 2023", None).value == "2023-12-08"


def test_to_dict_keeps_the_keys_claims_read():
    d = one("in 2015", None).to_dict()
    assert d["value"] == "2015" and d["granularity"] == "year" and d["range"] == ["2015-01-01", "2015-12-31"]


def test_gum_bench_reads_date_elements_and_scores_them():
    import importlib.util
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("accuracy_dates", repo / "bench" / "accuracy_dates.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # dataclasses look their module up there
    spec.loader.exec_module(bench)
    [doc] = bench.read_gum(repo / "tests" / "fixtures" / "news" / "dates_sample.conllu")
    assert str(doc.published) == "2024-12-16"
    assert [(doc.text[g.start:g.end], g.value, g.kind) for g in doc.gold] == [
        ("Thursday", "2024-12-19", "when"), ("the summer of 2012", "2012-06/2012-09", "bracket"),
        ("May 2019", "2019-05", "when")]
    scores = bench.score([doc], find_dates)
    (p, r, f1), _, counts = scores["all"]
    assert counts == [3, 3, 3, 3] and f1 == 1.0
    wrong = bench.score([doc], lambda text, published: find_dates(text, None))
    assert wrong["all"][2][0] == 2  # without a publication date Thursday has no value
