"""Canada SEMA consolidated autonomous sanctions list adapter: derived references, fixture, real file."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, require_shared
from listwatch.records import Detail, Identifier, Name
from listwatch.sources import ca_sema
from listwatch.sources._descriptor import ParseError

FIXTURE = FIXTURES / "lists" / "ca-sema" / "sema-lmes.xml"


def _parse(content: bytes):
    return ca_sema.parse({"main": content})


def _by_reference(parsed) -> dict:
    return {record.reference: record for record in parsed.records}


@pytest.fixture(scope="module")
def fixture_records():
    return _by_reference(_parse(FIXTURE.read_bytes()))


def test_sniff():
    assert ca_sema.sniff(FIXTURE.read_bytes()) == "main"
    assert ca_sema.sniff(b'<?xml version="1.0"?><data-set><row><a>1</a></row></data-set>') is None


def test_references_come_from_regulation_schedule_and_item(fixture_records):
    assert sorted(fixture_records) == [
        "Atlantis|1, Part 1|7", "Atlantis|1, Part 2|7", "Atlantis|1.1|1", "Utopia|-|1", "Utopia|-|2"]


def test_person(fixture_records):
    person = fixture_records["Atlantis|1, Part 1|7"]
    assert person.type == "person"
    assert person.name == "Karim Zayd FICTI"
    assert person.programmes == ("Atlantis / Atlantide",)
    assert person.listed_on == "2022-03-08"
    assert person.birth_dates == ("1970-01-02", "1971-01-02")  # "A or B"
    # people's aliases split at "," and ";", language labels dropped
    assert {n.value for n in person.aliases} == {"Karim Fikti", "Карым Фікці", "Карим Фикти"}
    assert Name("Карим Фикти", script="Cyrl") in person.aliases
    assert fixture_records["Utopia|-|1"].birth_dates == ("1960/1961",)
    assert Detail("title", "General") in fixture_records["Utopia|-|1"].details
    assert Detail("date-of-birth-text", "born in the early 1970s") in fixture_records["Utopia|-|2"].details


def test_entity_and_ship(fixture_records):
    entity = fixture_records["Atlantis|1, Part 2|7"]
    assert entity.type == "organisation"
    assert entity.name == "Example Holding Company, Limited"
    assert {n.value for n in entity.aliases} == {"Example Holding, Ltd.", "Экзампл Холдинг"}  # not split at ","
    ship = fixture_records["Atlantis|1.1|1"]
    assert ship.type == "vessel"
    assert ship.identifiers == (Identifier("imo", "9999991"),)
    assert ship.birth_dates == ()
    assert set(ship.details) == {Detail("build-date", "1997"), Detail("vessel-type", "Oil Tanker")}


def test_bad_input_raises_parse_error():
    content = FIXTURE.read_bytes()
    with pytest.raises(ParseError):
        _parse(b"")
    with pytest.raises(ParseError, match="truncated"):
        _parse(content[:-300])
    with pytest.raises(ParseError, match="ENTITY"):
        _parse(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><data-set>&x;</data-set>')
    with pytest.raises(ParseError, match="no records"):
        _parse(b"<data-set></data-set>")
    with pytest.raises(ParseError, match="share regulation"):
        _parse(content.replace(b"<Item>2</Item>", b"<Item>1</Item>"))
    with pytest.raises(ParseError, match="without Country or Item"):
        _parse(content.replace(b"<Item>2</Item>", b""))


def test_real_file():
    path = next(require_shared("data", "lists", "canada_sema_autonomous").glob("*.xml"))
    content = path.read_bytes()
    assert ca_sema.sniff(content) == "main"
    records = _by_reference(_parse(content))
    assert len(records) == 4759  # one record per <record>: every derived reference is unique
    aleksin = records["Belarus|1, Part 1|56"]
    assert aleksin.name == "Aleksey Oleksin"
    assert aleksin.aliases == (Name("Aliaksei Aleksin"),)
    assert aleksin.listed_on == "2021-06-17"
    tanker = records["Russia|1.1|6"]
    assert (tanker.type, tanker.name, tanker.identifiers) == ("vessel", "Bodhi", (Identifier("imo", "9144782"),))
    assert sum(r.type == "vessel" for r in records.values()) == 109
