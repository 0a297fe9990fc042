"""UK OFSI ConList adapter: CSV and xlsx forms of the 2022 format, grouping, dirty input."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

from conftest import FIXTURES, require_shared
from listwatch.records import Detail, Identifier, Name
from listwatch.sources import uk_ofsi
from listwatch.sources._descriptor import ParseError

FIXTURE = FIXTURES / "lists" / "uk-ofsi" / "ConList.csv"


def _parse(content: bytes):
    return uk_ofsi.parse({"main": content})


def _by_reference(parsed) -> dict:
    return {record.reference: record for record in parsed.records}


def _fixture_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(FIXTURE.read_text(encoding="utf-8-sig"))))


def _as_xlsx(rows: list[list[str]]) -> bytes:
    """The fixture rows saved as a workbook, the way OFSI publishes ConList.xlsx."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append([cell or None for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def fixture_list():
    return _parse(FIXTURE.read_bytes())


def test_sniff_csv_and_xlsx():
    assert uk_ofsi.sniff(FIXTURE.read_bytes()) == "main"
    assert uk_ofsi.sniff(_as_xlsx(_fixture_rows())) == "main"
    other_workbook = Workbook()
    other_workbook.active.append(["Name", "Country"])
    buffer = io.BytesIO()
    other_workbook.save(buffer)
    assert uk_ofsi.sniff(buffer.getvalue()) is None
    assert uk_ofsi.sniff(b"PK\x03\x04 not really a zip") is None


def test_rows_are_grouped_into_records(fixture_list):
    assert fixture_list.published == "2025-03-05"
    assert [r.reference for r in fixture_list.records] == ["90001", "90002", "90003"]
    assert [r.type for r in fixture_list.records] == ["organisation", "person", "vessel"]


def test_entity_names_and_cross_references(fixture_list):
    front = _by_reference(fixture_list)["90001"]
    assert front.name == "EXAMPLE FRONT FOR THE PEOPLE OF NOWHERE"
    assert Name("HAYAT MITHAL AL-SHAM") in front.aliases  # AKA
    assert Name("HAY'AT MITHAL AL-SHAM") in front.aliases  # Primary name variation
    assert Name("OLD EXAMPLE FRONT", kind="former") in front.aliases  # FKA
    assert Name("هيئة مثال الشام", kind="original-script", script="Arab") in front.aliases
    assert len(front.aliases) == 5  # the two address rows per name do not duplicate names
    assert front.countries == ("Atlantis", "Utopia")
    assert {(i.scheme, i.value) for i in front.identifiers} == {
        ("un-ref", "QDe.901"), ("uk-sanctions-list-ref", "AQD9901")}
    assert front.listed_on == "2014-05-29"
    assert front.amended_on == ("2022-01-12",)


def test_person_fields(fixture_list):
    person = _by_reference(fixture_list)["90002"]
    assert person.name == "Karim Zayd AL-FICTI"
    assert Name("ABU FICTI", quality="weak") in person.aliases  # Alias Quality "Low quality"
    assert person.programmes == ("Global Human Rights", "ISIL (Da'esh) and Al-Qaida")
    assert person.listed_on == "2016-04-01"  # the earliest of its regimes' dates
    assert person.amended_on == ("2022-12-09", "2022-12-10")
    assert person.birth_dates == ("1970",)  # 00/00/1970: year only
    assert person.nationalities == ("Atlantis", "Utopia")
    assert Detail("address", "1 Example Road, Port Example, Atlantis") in person.details
    assert Identifier("imo", "9999991") in _by_reference(fixture_list)["90003"].identifiers


def test_xlsx_and_csv_give_the_same_records(fixture_list):
    from_xlsx = _parse(_as_xlsx(_fixture_rows()))
    assert from_xlsx.published == fixture_list.published
    assert [r.content_hash() for r in from_xlsx.records] == [r.content_hash() for r in fixture_list.records]


def test_row_order_does_not_change_records(fixture_list):
    rows = _fixture_rows()
    shuffled = rows[:2] + rows[2:][::-1]
    assert [r.content_hash() for r in _parse(_as_csv(shuffled)).records] == \
        [r.content_hash() for r in fixture_list.records]


def test_bad_input_raises_parse_error():
    rows = _fixture_rows()
    with pytest.raises(ParseError, match="empty"):
        _parse(b"")
    with pytest.raises(ParseError, match="Last Updated"):
        _parse(_as_csv(rows[1:]))  # header first: not the 2022 format
    with pytest.raises(ParseError, match="columns do not line up"):
        _parse(_as_csv(rows[:3] + [rows[3][1:]]))
    with pytest.raises(ParseError, match="lacks the columns"):
        _parse(_as_csv([rows[0], [c.replace("Group ID", "Group") for c in rows[1]], *rows[2:]]))
    with pytest.raises(ParseError, match="no Group ID"):
        _parse(_as_csv(rows[:2] + [rows[2][:-1] + [""]]))
    with pytest.raises(ParseError, match="unreadable xlsx"):
        _parse(_as_xlsx(rows)[:5000])


# --- real files ----------------------------------------------------------------------------------


def test_real_dirty_csv_is_refused():
    """The 77-row edited extract: header shifted one column off its data, no Last Updated row."""
    path = next(require_shared("data", "lists", "uk_ofsi_conlist").glob("*.csv"))
    assert uk_ofsi.sniff(path.read_bytes()) == "main"  # recognised, so the refusal says why
    with pytest.raises(ParseError, match="Last Updated"):
        _parse(path.read_bytes())


@pytest.fixture(scope="module")
def real_xlsx():
    path = next(require_shared("data", "lists", "uk_ofsi_conlist").glob("*.xlsx"))
    return path.read_bytes()


def test_real_xlsx(real_xlsx):
    assert uk_ofsi.sniff(real_xlsx) == "main"
    parsed = _parse(real_xlsx)
    assert parsed.published == "2025-04-10"
    assert len(parsed.records) == 4686
    hts = _by_reference(parsed)["12981"]
    assert hts.type == "organisation"
    assert hts.name == "AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT"
    assert Identifier("un-ref", "QDe.137") in hts.identifiers
    assert Identifier("uk-sanctions-list-ref", "AQD0026") in hts.identifiers
    assert {"HAYAT TAHRIR AL-SHAM", "AL-NUSRAH FRONT", "هيئة تحرير الشام"} <= {n.value for n in hts.aliases}
    assert hts.countries == ("Iraq", "Syria")
    assert hts.programmes == ("ISIL (Da'esh) and Al-Qaida",)
