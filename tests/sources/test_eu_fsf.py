from __future__ import annotations

import pytest

from conftest import FIXTURES
from listwatch.records import Identifier
from listwatch.sources import ParseError, eu_fsf

FIXTURE = FIXTURES / "lists" / "eu-fsf" / "xmlFullSanctionsList_1_1.xml"


@pytest.fixture(scope="module")
def parsed():
    return eu_fsf.parse({"main": FIXTURE.read_bytes()})


def by_reference(parsed):
    return {r.reference: r for r in parsed.records}


def test_published_is_the_generation_date(parsed):
    assert parsed.published == "2025-03-14T17:02:11.371+01:00"


def test_organisation_names_dates_and_legal_acts(parsed):
    hamas = by_reference(parsed)["5901"]
    assert hamas.type == "organisation"
    assert hamas.name == "Hamas-Izz al-Din al-Qassem"
    assert [(a.value, a.quality, a.script) for a in hamas.aliases] == [
        ("Hamas", "strong", "Latn"),  # given for EN and FR: one alias
        ("حركة المقاومة الإسلامية", "strong", "Arab"),
        ("Izz al-Din", "weak", "Latn"),
    ]
    assert hamas.listed_on == "2003-09-12"
    assert hamas.amended_on == ("2024-07-26",)
    assert hamas.programmes == ("TERR",)
    assert hamas.legal_basis == "2003/646 (OJ L229); 2024/2055 (OJ L2055)"
    assert hamas.countries == ("PS",)
    assert hamas.remarks == "Military wing of the organisation."
    assert Identifier("eu-ref", "EU.3410.12") in hamas.identifiers


def test_un_reference_links_to_the_un_list(parsed):
    al_qaida = by_reference(parsed)["1044"]
    assert Identifier("un-ref", "QDe.004") in al_qaida.identifiers
    assert ("Аль-Каида", "Cyrl") in [(a.value, a.script) for a in al_qaida.aliases]
    # no designationDate: the listing regulation's publication date
    assert al_qaida.listed_on == "2002-05-29"


def test_person_details(parsed):
    person = by_reference(parsed)["2207"]
    assert person.type == "person"
    assert person.birth_dates == ("1971",)
    assert person.nationalities == ("SO",)
    assert Identifier("passport", "X0000001") in person.identifiers
    assert person.aliases[0].value == "Ibn Example"  # built from first/last name when wholeName is empty


@pytest.mark.parametrize("content", [
    b"",
    FIXTURE.read_bytes()[:1500],  # truncated
    b'<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2025-01-01"></export>',
    b'<export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity logicalId="1">'
    b'<subjectType code="person"/></sanctionEntity></export>',
])
def test_bad_input_is_refused(content):
    with pytest.raises(ParseError):
        eu_fsf.parse({"main": content})
