"""The EU terrorist list (Reg. 2580/2001) and ISIL/Al-Qaida annex (Reg. 881/2002) read from
OpenSanctions' journal-annex CSVs: our fixtures in that format, then the real files."""

from __future__ import annotations

import csv
import io

import pytest

from listwatch import sources
from listwatch.sources import ParseError, eu_isil_aq, eu_terrorist

from conftest import FIXTURES, require_shared

TERRORIST = (FIXTURES / "lists" / "eu-terrorist" / "32001R2580.csv").read_bytes()
ISIL_AQ = (FIXTURES / "lists" / "eu-isil-aq" / "32002R0881.csv").read_bytes()


def records(source, content: bytes) -> dict:
    return {r.reference: r for r in source.parse({"main": content}).records}


def test_each_act_is_sniffed_as_its_own_source():
    assert sources.detect(TERRORIST)[0].id == "eu-terrorist"
    assert sources.detect(ISIL_AQ)[0].id == "eu-isil-aq"
    assert eu_terrorist.SOURCE.sniff(ISIL_AQ) is None and eu_isil_aq.SOURCE.sniff(TERRORIST) is None
    for other in ("uk-ofsi/ConList.csv", "us-ofac-sdn/sdn.csv"):
        assert eu_terrorist.SOURCE.sniff((FIXTURES / "lists" / other).read_bytes()) is None


def test_terrorist_list_organisations_and_persons():
    found = records(eu_terrorist.SOURCE, TERRORIST)
    assert len(found) == 7
    hamas = found["hamas"]
    assert (hamas.name, hamas.type, hamas.programmes) == ("Hamas", "organisation", ("EU-TERR",))
    assert hamas.listed_on is None  # this act's CSV gives no dates: none is invented
    assert hamas.remarks == "including ‘Hamas-Izz al-Din al-Qassem’"
    assert hamas.legal_basis == "CELEX 32001R2580"
    assert ("annex", "II.B") in {(d.key, d.value) for d in hamas.details}
    wing = found["hizballah-military-wing"]
    assert {a.value for a in wing.aliases} >= {"Hezbollah Military Wing", "Jihad Council"}
    pkk = found["kurdistan-workers-party"]
    assert {(a.value, a.quality) for a in pkk.aliases} == {
        ("PKK", "weak"), ("KADEK", "weak"), ("KONGRA-GEL", "weak")}
    irgc = found["islamic-revolutionary-guard-corps-irgc"]
    assert irgc.name == "Islamic Revolutionary Guard Corps"
    assert [(a.value, a.quality) for a in irgc.aliases] == [("IRGC", "weak")]
    person = found["exemplar-karim"]
    assert person.type == "person"
    assert person.birth_dates == ("1964-03-01", "1965-04-14")
    assert [(i.scheme, i.value) for i in person.identifiers] == [("passport", "X1234567 (Fictionland)")]
    assert found["sample-dana"].birth_dates == ("1970",)


def test_isil_aq_annex_dates_names_and_repeated_entries():
    found = records(eu_isil_aq.SOURCE, ISIL_AQ)
    assert len(found) == 7  # 8 rows: the repeated entry is one record
    aq = found["al-qaida"]
    assert aq.listed_on == "2001-10-06" and aq.type == "organisation"
    assert {a.value for a in aq.aliases} == {"The Base", "Al Qaeda", "Al Qa'ida"}
    libya = found["islamic-state-in-iraq-and-the-levant-libya"]
    assert libya.listed_on == "2020-03-04"
    assert any(a.script == "Arab" for a in libya.aliases)
    # the UN reference in the remarks is another entry's, so it is not this one's identifier
    assert libya.identifiers == ()
    # brackets that are not acronyms tell entries apart
    assert found["charity-example-alpha-branch"].name == "Charity Example (Alpha branch)"
    assert found["charity-example-beta-branch"].listed_on == "2006-07-06"
    assert found["example-support-committee-esc"].name == "Example Support Committee"
    person = found["test-person-exemplarov"]
    assert person.listed_on == "2013-10-21"
    assert person.nationalities == ("Fictional", "Imaginary")
    assert person.birth_dates == ("1956", "1957-07-30")
    kinds = {(a.value, a.kind, a.quality) for a in person.aliases}
    assert {("Abu Exemplar", "alias", "strong"), ("Abu Testing", "alias", "weak"),
            ("Test Exemplarov", "former", "strong")} <= kinds
    repeated = found["repeated-entry-person"]
    assert repeated.remarks == "residing in Testville"
    assert len([d for d in repeated.details if d.key == "address"]) == 2


def test_bad_files_are_refused_with_the_place():
    header, first, *rest = TERRORIST.decode("utf-8").split("\r\n")
    with pytest.raises(ParseError, match="row 2 has .* cells"):
        eu_terrorist.SOURCE.parse({"main": "\r\n".join([header, first + ",extra", *rest]).encode()})
    with pytest.raises(ParseError, match="expected the annexes of CELEX 32001R2580"):
        eu_terrorist.SOURCE.parse({"main": ISIL_AQ})
    with pytest.raises(ParseError, match="lacks the columns"):
        eu_terrorist.SOURCE.parse({"main": header.replace("schema", "kind").encode() + b"\r\n" + first.encode()})
    with pytest.raises(ParseError, match="no data rows"):
        eu_terrorist.SOURCE.parse({"main": header.encode() + b"\r\n"})


@pytest.mark.parametrize("column", ["name", "schema", "programKey"])
def test_a_row_without_a_core_value_is_refused_with_its_row(column):
    """Found by bench/fuzz_sources.py: an empty schema or programme key was a KeyError."""
    header, first, *rest = TERRORIST.decode("utf-8").split("\r\n")
    position = header.split(",").index(column)
    cells = next(csv.reader([first]))
    cells[position] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    content = "\r\n".join([header, out.getvalue().rstrip(), *rest]).encode()
    with pytest.raises(ParseError, match=f"row 2 has no {column}"):
        eu_terrorist.SOURCE.read({"main": content})


@pytest.mark.shared
def test_real_annex_csvs_parse_in_all_versions():
    found = {}
    for folder, source, expected in (("eu_terrorist_list_cp2001_931", eu_terrorist.SOURCE, 36),
                                     ("eu_isil_alqaida_reg881", eu_isil_aq.SOURCE, 348)):
        versions = sorted(require_shared("data", "lists", folder).glob("*.csv"))
        assert len(versions) == 3
        parsed = [records(source, path.read_bytes()) for path in versions]
        assert all(len(p) == expected for p in parsed)
        # the three versions differ only in their column sets, so they give the same records
        assert parsed[0] == parsed[1] == parsed[2]
        found[source.id] = parsed[0]
    terrorist = found["eu-terrorist"]
    assert terrorist["hamas"].type == "organisation"
    assert "Hezbollah Military Wing" in {a.value for a in terrorist["hizballah-military-wing"].aliases}
    assert "PKK" in {a.value for a in terrorist["kurdistan-workers-party"].aliases}
    isil_aq = found["eu-isil-aq"]
    assert isil_aq["al-qaida"].listed_on == "2001-10-06"
    dated = [r for r in isil_aq.values() if r.listed_on]
    assert len(dated) >= 320


@pytest.mark.shared
def test_lists_import_of_the_real_eu_csvs_gives_status_rows(tmp_path):
    import json

    from typer.testing import CliRunner

    from listwatch.cli import app

    lists = require_shared("data", "lists")
    db = ["--db", f"sqlite:///{tmp_path / 'eu.db'}"]
    runner = CliRunner()
    folders = [str(lists / "eu_terrorist_list_cp2001_931"), str(lists / "eu_isil_alqaida_reg881")]
    # the files are undated, but the 881 annex lists entries up to 2026-03-30: an earlier
    # observation date is refused (and that file leaves the ledger unchanged)
    early = runner.invoke(app, [*db, "lists", "import", folders[1], "--observed-at", "2024-06-01", "--json"])
    assert early.exit_code == 1
    assert {r["message"] for r in json.loads(early.stdout)["imports"]} == {
        "observed on 2024-06-01 (option), but the file lists entries on 2026-03-30: it was made "
        "on or after that day"}
    result = runner.invoke(app, [*db, "lists", "import", *folders, "--observed-at", "2026-03-30", "--json"])
    assert result.exit_code == 0, result.output
    imports = json.loads(result.stdout)["imports"]
    assert sorted((r["source"], r["status"], r["records"]) for r in imports) == (
        [("eu-isil-aq", "imported", 348)] * 3 + [("eu-terrorist", "imported", 36)] * 3)
    for query, reference in (("Hamas", "hamas"), ("Hezbollah Military Wing", "hizballah-military-wing"),
                             ("Kurdistan Workers' Party", "kurdistan-workers-party")):
        answer = json.loads(runner.invoke(app, [*db, "status", query, "--json"]).stdout)
        rows = {(d["source"], d["reference"]): d for d in answer["designations"]}
        assert rows[("eu-terrorist", reference)]["status"] == "listed"
        assert rows[("eu-terrorist", reference)]["authority"] == "European Union"
    answer = json.loads(runner.invoke(app, [*db, "status", "Al-Qaida", "--json"]).stdout)
    [row] = [d for d in answer["designations"] if d["source"] == "eu-isil-aq"]
    assert row["listed_on"] == "2001-10-06"
