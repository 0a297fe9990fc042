"""The date readers that the UN, OFAC, OFSI and SEMA adapters share."""

from __future__ import annotations

import pytest

from listwatch.sources._readers import csv_head_rows
from listwatch.sources._dates import parse_date, parse_period


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2014-05-14", "ymd", "2014-05-14"),
        ("2015-03-27-04:00", "ymd", "2015-03-27"),  # UN date with an offset
        ("2025-11-20T23:00:09.067Z", "ymd", "2025-11-20"),
        ("1971", "ymd", "1971"),
        ("10/04/2025", "dmy", "2025-04-10"),  # OFSI
        ("04/06/2018", "mdy", "2018-04-06"),  # OFAC Publish_Date
        ("00/00/1980", "dmy", "1980"),  # OFSI's unknown day and month
        ("00/05/1980", "dmy", "1980-05"),
        ("05/1980", "dmy", "1980-05"),
        ("12 Feb 1962", "ymd", "1962-02-12"),  # OFAC
        ("Sept. 1962", "ymd", "1962-09"),
        ("1960-1961", "ymd", None),  # a range is not a date
        ("31/02/2000", "dmy", None),
        ("12 Foo 1962", "ymd", None),
        ("", "ymd", None),
        (None, "ymd", None),
    ],
)
def test_parse_date(text, order, expected):
    assert parse_date(text, order) == expected


def test_parse_period():
    assert parse_period("01 Jan 1960 to 31 Dec 1962") == "1960-01-01/1962-12-31"
    assert parse_period("1962") == "1962"
    assert parse_period("1960 to sometime") is None


def test_csv_head_rows_reads_only_complete_rows():
    content = b"1,a\r\n2,b\r\n3,c-cut"
    assert csv_head_rows(content, size=12) == [["1", "a"], ["2", "b"]]
    assert csv_head_rows(b"PK\x03\x04\x00\r\x00binary") == []


def test_parse_xml_root_refuses_another_root():
    import pytest

    from listwatch.sources._descriptor import ParseError
    from listwatch.sources._readers import parse_xml_root

    assert parse_xml_root(b"<export><a/></export>", "export", "an FSF export").tag == "export"
    with pytest.raises(ParseError, match="not an FSF export: root element is <feed>"):
        parse_xml_root(b"<feed/>", "export", "an FSF export")
