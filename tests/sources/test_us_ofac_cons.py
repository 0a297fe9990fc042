"""OFAC Consolidated (non-SDN) XML adapter: both namespaces, fixture and real files."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, require_shared
from listwatch.records import Detail, Identifier, Name
from listwatch.sources import us_ofac_cons
from listwatch.sources._descriptor import ParseError

FIXTURE = FIXTURES / "lists" / "us-ofac-cons" / "consolidated.xml"
NAMESPACE_2025 = b'xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"'
NAMESPACE_2018 = b'xmlns="http://tempuri.org/sdnList.xsd"'


def _parse(content: bytes):
    return us_ofac_cons.parse({"main": content})


def _by_reference(parsed) -> dict:
    return {record.reference: record for record in parsed.records}


@pytest.fixture(scope="module")
def fixture_records():
    return _by_reference(_parse(FIXTURE.read_bytes()))


def test_sniff():
    content = FIXTURE.read_bytes()
    assert us_ofac_cons.sniff(content) == "main"
    # the SDN XML has the same root; its blocking programmes (CUBA, FTO, SDNTK) tell it apart
    assert us_ofac_cons.sniff(content.replace(b"<program>IRAN</program>", b"<program>CUBA</program>")) is None
    assert us_ofac_cons.sniff(b"<CONSOLIDATED_LIST/>") is None


def test_published_and_order():
    parsed = _parse(FIXTURE.read_bytes())
    assert parsed.published == "2024-03-04"  # MM/DD/YYYY
    assert [r.reference for r in parsed.records] == ["80001", "80002", "80003"]


def test_both_namespaces_and_none_read_alike():
    content = FIXTURE.read_bytes()
    hashes = [
        [r.content_hash() for r in _parse(variant).records]
        for variant in (content, content.replace(NAMESPACE_2025, NAMESPACE_2018), content.replace(NAMESPACE_2025, b""))
    ]
    assert hashes[0] == hashes[1] == hashes[2]


def test_person_fields(fixture_records):
    person = fixture_records["80002"]
    assert person.type == "person"
    assert person.name == "FICTI, Karim Zayd"
    assert person.programmes == ("NS-PLC", "SDGT")
    assert Name("AL-FICTI, Karim") in person.aliases
    assert Name("ABU FICTI", quality="weak") in person.aliases  # category weak
    assert person.birth_dates == ("1968", "1970-01-02")
    assert person.nationalities == ("Atlantis",)
    assert Detail("place-of-birth", "Port Example") in person.details


def test_entity_and_vessel_fields(fixture_records):
    bank = fixture_records["80001"]
    assert bank.type == "organisation"
    assert Name("OLD EXAMPLE BANK", kind="former") in bank.aliases
    assert bank.identifiers == (Identifier("registration-id", "1027700000001"),)
    assert Detail("executive-order-13662-directive-determination", "Subject to Directive 1") in bank.details
    assert bank.countries == ("Utopia",)
    vessel = fixture_records["80003"]
    assert vessel.type == "vessel"
    assert vessel.identifiers == (Identifier("imo", "9999991"),)
    assert Detail("vessel-type", "Crude Oil Tanker") in vessel.details


def test_bad_input_raises_parse_error():
    content = FIXTURE.read_bytes()
    with pytest.raises(ParseError):
        _parse(b"")
    with pytest.raises(ParseError, match="truncated"):
        _parse(content[:-200])
    with pytest.raises(ParseError, match="ENTITY"):
        _parse(b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x "y">]><sdnList>&x;</sdnList>')
    with pytest.raises(ParseError, match="states 3 records but has 2"):
        start = content.index(b"<sdnEntry>\n    <uid>80003")
        _parse(content[:start] + content[content.index(b"</sdnEntry>", start) + len(b"</sdnEntry>"):])
    with pytest.raises(ParseError, match="no records"):
        _parse(b"<sdnList><publshInformation><Record_Count>0</Record_Count></publshInformation></sdnList>")


# --- real files ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_lists() -> dict:
    folder = require_shared("data", "lists", "ofac_non_sdn_cons_xml")
    return {path.name: _parse(path.read_bytes()) for path in sorted(folder.glob("*.xml"))}


def test_real_files_in_both_namespaces(real_lists):
    by_year = {("2018" if "2018" in name else "2025"): parsed for name, parsed in real_lists.items()}
    assert by_year["2018"].published == "2018-04-06"
    assert by_year["2025"].published == "2025-03-28"
    assert len(by_year["2018"].records) == 639  # the file's Record_Count
    assert len(by_year["2025"].records) == 443
    haniya = _by_reference(by_year["2025"])["9639"]
    assert haniya.name == "HANIYA, Ismail Abdul Salah"
    assert haniya.programmes == ("NS-PLC",)
    assert haniya.birth_dates == ("1962",)
    assert Name("HANIYYA, Ismaeel") in haniya.aliases
    assert any(n.quality == "weak" for r in by_year["2025"].records for n in r.aliases)
    assert {r.type for r in by_year["2018"].records} == {"organisation", "person", "vessel"}


def test_real_files_sniff(real_lists):
    folder = require_shared("data", "lists", "ofac_non_sdn_cons_xml")
    assert all(us_ofac_cons.sniff(p.read_bytes()) == "main" for p in folder.glob("*.xml"))
