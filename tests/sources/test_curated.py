from __future__ import annotations

import pytest

from conftest import FIXTURES
from listwatch.sources import ParseError, curated

YAML = FIXTURES / "lists" / "curated" / "designations.yaml"
CSV = FIXTURES / "lists" / "curated" / "designations.csv"
HEADER = "listwatch: curated-designations/1\nentries:\n"


def parse_yaml(entries: str):
    return curated.parse({"main": (HEADER + entries).encode()})


def test_yaml_entry_fields():
    first, second = curated.parse({"main": YAML.read_bytes()}).records
    assert (first.authority, first.reference, first.type) == ("Russia", "RU-SC-2020-01", "organisation")
    assert first.name == "Хайят Тахрир аш-Шам"
    assert [(a.value, a.kind, a.script) for a in first.aliases] == [
        ("Hay'at Tahrir al-Sham", "alias", "Latn"), ("HTS", "alias", "Latn"), ("Джебхат ан-Нусра", "former", "Cyrl"),
    ]
    assert first.listed_on == "2020-06-02"
    assert first.legal_basis == "Решение Верховного Суда Российской Федерации от 2 июня 2020 г."
    assert first.source_url == "https://example.org/ru/decision-2020"
    assert first.programmes == ("terrorist organisations",)
    assert first.remarks.startswith("Entered from the court decision")
    assert (second.listed_on, second.delisted_on) == ("2019-05", "2021")  # partial dates stay partial
    assert curated.SOURCE.keeps_removed


def test_csv_reads_the_same_as_yaml():
    assert curated.parse({"main": CSV.read_bytes()}) == curated.parse({"main": YAML.read_bytes()})


def test_sniff_needs_the_marker_on_the_first_line():
    assert curated.sniff(b"entries: []\nlistwatch: curated-designations/1\n") is None


ENTRY = "  - {authority: Russia, reference: R1, type: organisation, names: {primary: X}%s}\n"


@pytest.mark.parametrize(("entries", "message"), [
    (ENTRY % ", listd: 2020", "entry 1 (R1): field 'listd': unknown field"),
    ("  - {authority: Russia, reference: R1, type: organisation}\n", "field 'names': missing"),
    ("  - {authority: Russia, reference: R1, type: organisation, names: {aliases: [Y]}}\n",
     "field 'names.primary': missing"),
    (ENTRY % ", listed: 2020-13", "field 'listed': '2020-13' is not a date"),
    (ENTRY % ", listed: May 2020", "field 'listed'"),
    # found by bench/fuzz_sources.py: YAML's own date type raised a bare ValueError for these
    (ENTRY % ", listed: 2020-13-45", "field 'listed': '2020-13-45' is not a date"),
    (ENTRY % ", delisted: 0000-00-00", "field 'delisted': '0000-00-00' is not a date"),
    (ENTRY % ", listed: 2021, delisted: 2020", "field 'delisted'"),
    (ENTRY % ", source_url: example.org", "field 'source_url'"),
    (ENTRY.replace("organisation", "group") % "", "field 'type'"),
    (ENTRY % "" + ENTRY % "", "entry 2 (R1): field 'reference': used twice"),
])
def test_strict_validation_names_entry_and_field(entries, message):
    with pytest.raises(ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_yaml(entries)


@pytest.mark.parametrize("content", [
    b"",
    b"listwatch: curated-designations/1\nentries: []\n",
    b"listwatch: curated-designations/2\nentries: []\n",
    b"listwatch: curated-designations/1\nentries: [\n",
    b"listwatch: curated-designations/1\nentries: [!!timestamp 0000-00-00]\n",
    b"# listwatch: curated-designations/1\nauthority,reference,colour\nRussia,R1,red\n",
])
def test_bad_files_are_refused(content):
    with pytest.raises(ParseError):
        curated.parse({"main": content})
