"""OFAC SDN legacy CSV adapter: the four parts, remarks, fixture and real files."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, require_shared
from listwatch.ledger.events import part_view
from listwatch.records import Detail, Identifier, Name
from listwatch.sources import us_ofac_sdn
from listwatch.sources._descriptor import ParseError

FOLDER = FIXTURES / "lists" / "us-ofac-sdn"
FILES = {"main": "sdn.csv", "alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"}


def _fixture_parts(*parts: str) -> dict[str, bytes]:
    return {part: (FOLDER / FILES[part]).read_bytes() for part in ("main", *parts)}


def _by_reference(parsed) -> dict:
    return {record.reference: record for record in parsed.records}


# --- fixture -------------------------------------------------------------------------------------


@pytest.mark.parametrize("part", FILES)
def test_sniff_tells_the_parts_apart(part):
    assert us_ofac_sdn.sniff((FOLDER / FILES[part]).read_bytes()) == part


def test_sniff_ignores_a_renamed_file_and_other_csv():
    assert us_ofac_sdn.sniff(b"") is None
    assert us_ofac_sdn.sniff(b"name,country\r\nExample,Utopia\r\n") is None
    # sdn.csv's shape without any SDN-only programme is OFAC's non-SDN list (cons_prim.csv)
    non_sdn = (FOLDER / "sdn.csv").read_bytes().replace(b"FTO] [", b"").replace(b'"CUBA"', b'"IRAN"') \
        .replace(b'"SDNTK"', b'"IRAN"')
    assert us_ofac_sdn.sniff(non_sdn) is None


@pytest.fixture(scope="module")
def full():
    return _by_reference(us_ofac_sdn.parse(_fixture_parts("alt", "add", "comments")))


def test_main_only_has_main_part_and_no_date():
    parsed = us_ofac_sdn.parse(_fixture_parts())
    assert parsed.parts == frozenset({"main"})
    assert parsed.published is None
    assert [r.reference for r in parsed.records] == ["90001", "90002", "90003", "90004", "90005"]
    assert all(n.part == "main" for r in parsed.records for n in r.aliases)


def test_types_programmes_and_cp1252(full):
    assert {ref: r.type for ref, r in full.items()} == {
        "90001": "organisation", "90002": "person", "90003": "vessel", "90004": "organisation", "90005": "aircraft"}
    assert full["90001"].programmes == ("FTO", "SDGT")
    assert full["90002"].name == "FICTI, Karim Zayd"  # the list's own "LAST, First"
    assert full["90004"].name == "CAFÉ EXEMPLO LTDA."  # cp1252 byte 0xC9


def test_remark_akas_are_weak_and_alt_names_strong(full):
    front = full["90001"]
    assert Name("THE SAMPLE FRONT", quality="weak") in front.aliases
    assert Name("OLD EXAMPLE FRONT", kind="former", quality="weak") in front.aliases
    assert Name("JABHAT AL-MITHAL", part="alt") in front.aliases
    assert Name("EXAMPLE FRONT FOR THE PEOPLE OF NOWHERE", kind="former", part="alt") in front.aliases
    assert Detail("linked-to", "EXAMPLE HOLDING") in front.details
    assert front.remarks is None  # everything in it was read into fields


def test_remarks_fields_and_aux_parts(full):
    person = full["90002"]
    assert person.birth_dates == ("1970-01-02", "1971")
    assert person.nationalities == ("Atlantis",)
    assert person.countries == ()  # add.csv countries stay part-tagged details
    assert Detail("place-of-birth", "Port Example, Atlantis") in person.details
    assert Detail("address", "1 Example Road, Port Example, Atlantis", part="add") in person.details
    assert Detail("title", "Commander") in person.details
    assert person.remarks == "Passport X1234567 (Atlantis)"  # what is not parsed stays a remark
    assert Name("KARIM THE EXAMPLE", quality="weak", part="comments") in person.aliases
    assert any(d.key == "remarks" and d.part == "comments" for d in person.details)
    assert full["90005"].birth_dates == ("1960-01-01/1962-12-31",)


def test_vessel_columns(full):
    vessel = full["90003"]
    assert Identifier("imo", "9999991") in vessel.identifiers
    assert {d.key: d.value for d in vessel.details} == {
        "call-sign": "ZZAB1", "vessel-type": "Crude Oil Tanker", "tonnage": "1000",
        "gross-registered-tonnage": "800", "vessel-flag": "Utopia", "vessel-owner": "EXAMPLE SHIPPING"}


def test_the_main_part_view_drops_aux_names(full):
    front = part_view(full["90001"].to_dict(), "main")
    assert {n["part"] for n in front["aliases"]} == {"main"}
    assert {n.part for n in full["90001"].aliases} > {"main"}


# --- bad input -----------------------------------------------------------------------------------


def test_bad_input_raises_parse_error():
    main = (FOLDER / "sdn.csv").read_bytes()
    with pytest.raises(ParseError, match="empty sdn.csv"):
        us_ofac_sdn.parse({"main": b"\x1a"})
    with pytest.raises(ParseError, match="truncated"):
        us_ofac_sdn.parse({"main": main[: main.index(b"\r\n90002") + 30]})
    with pytest.raises(ParseError, match="must include main"):
        us_ofac_sdn.parse({"alt": (FOLDER / "alt.csv").read_bytes()})
    with pytest.raises(ParseError, match="different publications"):
        us_ofac_sdn.parse({"main": main, "alt": b'12345,1,"aka","STRAY",-0- \r\n'})
    with pytest.raises(ParseError, match="alt.csv row 1"):
        us_ofac_sdn.parse({"main": main, "alt": (FOLDER / "add.csv").read_bytes()})


def test_real_empty_scrape_is_refused():
    empty = require_shared("data", "lists", "suspect", "sdn__2024-05-04__jackdwyer_bbf4929_EMPTY.csv")
    with pytest.raises(ParseError, match="empty"):
        us_ofac_sdn.parse({"main": empty.read_bytes()})


# --- real files ----------------------------------------------------------------------------------


def _real(folder: str, pattern: str) -> bytes:
    return next(require_shared("data", "lists", folder).glob(pattern)).read_bytes()


@pytest.fixture(scope="module")
def real_2019():
    parts = {"main": _real("ofac_sdn_csv", "sdn__2019-01__*"),
             "alt": _real("ofac_sdn_aux_csv", "test_testdata_alt__watchman_20cd3b12.csv"),
             "add": _real("ofac_sdn_aux_csv", "test_testdata_add__watchman_20cd3b12.csv")}
    return us_ofac_sdn.parse(parts)


def test_hts_2019_with_alt(real_2019):
    hts = _by_reference(real_2019)["16937"]
    assert real_2019.parts == frozenset({"main", "alt", "add"})
    assert hts.name == "AL-NUSRAH FRONT"
    assert hts.type == "organisation"
    assert hts.programmes == ("FTO", "SDGT")
    assert Name("HAYAT TAHRIR AL-SHAM", part="alt") in hts.aliases
    assert Name("HTS", quality="weak") in hts.aliases  # OFAC gives "HTS" only as a weak remark a.k.a.
    assert Name("THE VICTORY FRONT", quality="weak") in hts.aliases
    assert sum(n.part == "alt" for n in hts.aliases) == 25


def test_remark_akas_never_repeat_alt_names(real_2019):
    """The finding behind quality="weak": remark a.k.a.s and alt.csv names are disjoint."""
    for record in real_2019.records:
        weak = {n.value for n in record.aliases if n.part == "main"}
        strong = {n.value for n in record.aliases if n.part == "alt"}
        assert not weak & strong, record.reference


def test_real_2021_with_comments():
    parts = {"main": _real("ofac_sdn_csv", "sdn__2021-07__*"),
             "comments": _real("ofac_sdn_aux_csv", "test_testdata_bench_sdn_comments__watchman_05de7744.csv")}
    parsed = us_ofac_sdn.parse(parts)
    commented = [r for r in parsed.records if any(d.part == "comments" for d in r.details)]
    assert len(commented) == 5
    assert "16937" in _by_reference(parsed)


def test_real_2024_main_only():
    parsed = us_ofac_sdn.parse({"main": _real("ofac_sdn_csv", "sdn__2024-05-03T18-43__*")})
    records = _by_reference(parsed)
    assert len(records) > 14000
    assert records["16937"].programmes == ("FTO", "SDGT")
    assert all(r.reference.isdigit() for r in parsed.records)


def test_every_real_part_sniffs_as_its_part():
    lists = require_shared("data", "lists")
    assert all(us_ofac_sdn.sniff(p.read_bytes()) == "main" for p in (lists / "ofac_sdn_csv").glob("*.csv"))
    for path in (lists / "ofac_sdn_aux_csv").glob("*.csv"):
        expected = "comments" if "comments" in path.name else "alt" if "_alt_" in path.name else "add"
        assert us_ofac_sdn.sniff(path.read_bytes()) == expected, path.name
