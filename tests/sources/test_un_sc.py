"""UN Security Council Consolidated List adapter: alias splitting, fixture and real files."""

from __future__ import annotations

import pytest

from listwatch.records import Name
from listwatch.sources import un_sc
from listwatch.sources._descriptor import ParseError
from conftest import FIXTURES, require_shared

FIXTURE = FIXTURES / "lists" / "un-sc" / "consolidated.xml"


def _parse(content: bytes):
    return un_sc.parse({"main": content})


def _by_reference(parsed) -> dict:
    return {record.reference: record for record in parsed.records}


def _values(record) -> set[str]:
    return {name.value for name in record.aliases}


# --- split_packed_names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); Hay’at Tahrir al-Sham; "
         "Hayat Tahrir al-Sham)",
         ["Hay’at Tahrir al-Sham", "HTS", "هيئة تحرير الشام", "Hayat Tahrir al-Sham"]),
        ("جبهة النصرة (the Victory Front; Jabhat al-Nusrah)", ["جبهة النصرة", "the Victory Front", "Jabhat al-Nusrah"]),
        ("شبكة أنصار المجاهدين (Ansar al-Mujahideen Network - sub-unit name)",
         ["شبكة أنصار المجاهدين", "Ansar al-Mujahideen Network"]),
        ("Abu Muhammad (original script: Абу Мухаммад)", ["Abu Muhammad", "Абу Мухаммад"]),
        ("أنصار الشريعة بليبيا (Ansar al Charia in Libya\n   (ASL))", ["أنصار الشريعة بليبيا", "Ansar al Charia in Libya", "ASL"]),
        ("Abas Rashidi; Abbas Rashedi", ["Abas Rashidi", "Abbas Rashedi"]),
        ("Mohammed Sabet; Mohammad Sabet b) M. Javad Sabet", ["Mohammed Sabet", "Mohammad Sabet", "M. Javad Sabet"]),
        ("Akhter Mohmad (اختر محمد ),", ["Akhter Mohmad", "اختر محمد"]),
        ("Lord’s Resistance Movement/Army (LRM/A)", ["Lord’s Resistance Movement/Army", "LRM/A"]),
    ],
)
def test_packed_aliases_become_separate_names(text, expected):
    assert un_sc.split_packed_names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Leader (Hong Kong) International Trading Limited",  # bracket inside the name
        "(Sheikh) Musa Hilal",  # bracket opening the name
        "EL PARA (COMBAT NAME)",  # an annotation, not an acronym: it has a space
        "STATE ESTABLISHMENT OF CONSTRUCTION OF ROADS (SOUTHERN AREA)",  # part of the name
        "SECOND ACADEMY OF NATURAL SCIENCES (KPE.018)",  # a UN reference, not an acronym
        "Lom-ali Butayev (Butaev)",  # a spelling variant in the same script, kept with its name
        "STATE ESTABLISHMENT FOR MIDDLE AREA (ROADS",  # unbalanced bracket
        "華信船務(香港)有限公司",
    ],
)
def test_ordinary_brackets_stay_part_of_the_name(text):
    assert un_sc.split_packed_names(text) == [text]


def test_splitter_drops_stray_leading_bracket_and_empty_text():
    assert un_sc.split_packed_names(") Abdelrahman Juhan") == ["Abdelrahman Juhan"]
    assert un_sc.split_packed_names("  \n ") == []


# --- fixture -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_list():
    return _parse(FIXTURE.read_bytes())


def test_fixture_sniffs_as_un():
    assert un_sc.sniff(FIXTURE.read_bytes()) == "main"
    assert un_sc.sniff(b"<sdnList/>") is None


def test_fixture_records_are_sorted_and_typed(fixture_list):
    assert [r.reference for r in fixture_list.records] == ["IQe.903", "QDe.901", "QDi.901", "TAi.902"]
    types = {r.reference: r.type for r in fixture_list.records}
    assert types == {"IQe.903": "organisation", "QDe.901": "organisation", "QDi.901": "person", "TAi.902": "person"}
    assert fixture_list.published == "2024-03-05T19:01:02.123-05:00"
    assert fixture_list.parts == frozenset({"main"})


def test_fixture_individual_fields(fixture_list):
    person = _by_reference(fixture_list)["QDi.901"]
    assert person.name == "KARIM ZAYD AL-FICTI"  # name parts cleaned of stray spaces and line breaks
    assert person.listed_on == "2015-03-27"  # "2015-03-27-04:00" normalised
    assert person.amended_on == ("2017-06-07", "2019-02-01")  # sorted
    assert person.birth_dates == ("1968/1969", "1970-01-02", "1971")
    assert person.nationalities == ("Atlantis", "Utopia")
    assert person.countries == ("Atlantis",)
    assert person.remarks == "Invented entry for tests. Leader of the Example Front (QDe.901)."
    assert {(i.scheme, i.value) for i in person.identifiers} == {
        ("un-ref", "QDi.901"), ("passport", "X1234567"), ("national-id", "99-001")}
    assert Name("كريم زيد الفكتي", kind="original-script", script="Arab") in person.aliases
    assert Name("Abu Zayd", quality="weak") in person.aliases  # QUALITY Low
    assert Name("Абу Фикти", script="Cyrl") in person.aliases
    assert "" not in _values(person)  # the empty alias element is skipped


def test_fixture_entity_aliases_are_split(fixture_list):
    entity = _by_reference(fixture_list)["QDe.901"]
    assert entity.listed_on == "2014-05-14"
    assert {"HMS", "Hayat Mithal al-Sham", "هيئة مثال الشام", "Example Network", "شبكة المثال",
            "the Example Front", "Jabhat al-Mithal"} <= _values(entity)
    assert not any("original script" in v or "sub-unit" in v or ";" in v for v in _values(entity))
    assert Name("Old Example Front", kind="former") in entity.aliases  # f.k.a.
    assert _by_reference(fixture_list)["IQe.903"].name == "STATE EXAMPLE WORKS (NORTHERN AREA)"


def test_records_carry_no_database_bookkeeping():
    content = FIXTURE.read_bytes()
    renumbered = content.replace(b"<DATAID>9000", b"<DATAID>7770").replace(b"<VERSIONNUM>1<", b"<VERSIONNUM>5<")
    assert [r.content_hash() for r in _parse(content).records] == [r.content_hash() for r in _parse(renumbered).records]


def test_alias_order_does_not_change_the_record():
    content = FIXTURE.read_bytes().decode("utf-8")
    first = "<ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>جبهة المثال (the Example Front; Jabhat al-Mithal)</ALIAS_NAME></ENTITY_ALIAS>"
    second = "<ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>Old Example Front</ALIAS_NAME></ENTITY_ALIAS>"
    assert first in content and second in content
    swapped = content.replace(first, "@@").replace(second, first).replace("@@", second)
    original, reordered = (_by_reference(_parse(c.encode("utf-8")))["QDe.901"] for c in (content, swapped))
    assert original.content_hash() == reordered.content_hash()


# --- bad input -----------------------------------------------------------------------------------


def test_bad_input_raises_parse_error():
    content = FIXTURE.read_bytes()
    with pytest.raises(ParseError):
        _parse(b"")
    with pytest.raises(ParseError, match="malformed or truncated"):
        _parse(content[: len(content) // 2])
    with pytest.raises(ParseError, match="ENTITY"):
        _parse(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><CONSOLIDATED_LIST>&a;</CONSOLIDATED_LIST>')
    with pytest.raises(ParseError, match="no records"):
        _parse(b"<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>")
    with pytest.raises(ParseError, match="root element"):
        _parse(b"<sdnList/>")
    with pytest.raises(ParseError, match="REFERENCE_NUMBER"):
        _parse(content.replace(b"<REFERENCE_NUMBER>TAi.902</REFERENCE_NUMBER>", b""))
    with pytest.raises(ParseError, match="twice"):
        _parse(content.replace(b"TAi.902", b"QDi.901"))


# --- real files ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_lists() -> dict[str, object]:
    """Every real UN file, parsed once for the module, by its date ("2026-02-27")."""
    folder = require_shared("data", "lists", "un_consolidated")
    return {path.name.split("__")[1]: _parse(path.read_bytes()) for path in sorted(folder.glob("*.xml"))}


def test_all_real_files_parse(real_lists):
    assert len(real_lists) == 10
    for day, parsed in real_lists.items():
        assert len(parsed.records) > 900, day
        assert parsed.published.startswith(day), day
        assert all(r.listed_on and len(r.listed_on) == 10 for r in parsed.records), day


def test_hts_in_2026(real_lists):
    hts = _by_reference(real_lists["2026-02-27"])["QDe.137"]
    assert hts.name == "AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT"
    assert hts.type == "organisation"
    assert hts.listed_on == "2014-05-14"
    assert hts.programmes == ("Al-Qaida",)
    assert {"Hayat Tahrir al-Sham", "HTS", "Al-Nusrah Front", "هيئة تحرير الشام", "the Victory Front",
            "Ansar al-Mujahideen Network", "شبكة أنصار المجاهدين"} <= _values(hts)
    assert Name("هيئة تحرير الشام", script="Arab") in hts.aliases
    assert Name("جبهة النصرة لأهل الشام", kind="original-script", script="Arab") in hts.aliases
    assert not any("(" in v or ";" in v for v in _values(hts))
    assert hts.amended_on == ("2017-06-07", "2018-06-05", "2021-11-15")
    assert ("un-ref", "QDe.137") in {(i.scheme, i.value) for i in hts.identifiers}
    assert hts.countries == ("Iraq", "Syrian Arab Republic")
    assert "\n" not in hts.remarks and "  " not in hts.remarks


def test_jawlani_removed_between_2020_and_2025(real_lists):
    assert "QDi.317" in _by_reference(real_lists["2020-12-01"])
    assert "QDi.317" not in _by_reference(real_lists["2025-11-20"])


def test_offset_dates_are_normalised(real_lists):
    listed = {r.listed_on for parsed in real_lists.values() for r in parsed.records}
    assert "2015-03-27" in listed  # written "2015-03-27-04:00" in the 2018 files
    assert all(len(d) == 10 for d in listed)


def test_unchanged_publications_hash_identically(real_lists):
    """2020-11-23 → 24 → 30: no entry changed, so every record hashes the same."""
    hashes = [{r.reference: r.content_hash() for r in real_lists[day].records}
              for day in ("2020-11-23", "2020-11-24", "2020-11-30")]
    assert hashes[0] == hashes[1] == hashes[2]
    removed = set(hashes[2]) - {r.reference for r in real_lists["2020-12-01"].records}
    assert len(removed) == 12


def test_real_file_sniffs_as_un():
    path = next(require_shared("data", "lists", "un_consolidated").glob("*2026*.xml"))
    assert un_sc.sniff(path.read_bytes()) == "main"
