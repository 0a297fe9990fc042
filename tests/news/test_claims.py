"""Claims, quotes, cleanup and dates on the project's own fixture articles."""

from __future__ import annotations

from tests.news.conftest import claims_of


def test_decided_delist_status_and_negation(read):
    a = read("turkey_delist.txt", "2025-03-11")  # a Tuesday
    assert a.title.startswith("Ankara Removes") and a.author == "Selin Arda"
    assert a.dateline["place"] == "Ankara" and a.outlet == "Coast Wire"
    kinds = {r["kind"] for r in a.removed}
    assert {"headline", "byline", "dateline", "subheading", "share", "related"} <= kinds
    assert "Reaction in Washington" not in a.body and "Share this" not in a.body
    [decided] = claims_of(a, modality="decided")
    assert decided["action"] == "delist" and decided["authority"] == "Turkey"
    assert decided["subject"] == "SNLF" and decided["date"] == "2025-03-11"
    status = claims_of(a, modality="status")
    assert {c["authority"] for c in status} == {"United States", "Canada"}
    assert all(c["action"] == "list" and c["subject"] == "SNLF" for c in status)
    [rejected] = claims_of(a, modality="rejected")
    assert rejected["action"] == "delist" and rejected["authority"] == "United States"
    assert rejected["quote"].startswith("We have no plans")
    assert rejected["actor"] == "a State Department spokesperson"


def test_called_for_considering_conditional(read):
    a = read("eu_call.txt", "2025-10-23")  # a Thursday
    # the lawmakers' call and Anna Lind's quoted call are one claim with both spans
    [called] = claims_of(a, modality="called_for", authority="European Union")
    assert called["action"] == "list" and called["subject"] == "SAEC"
    assert called["date"] == "2025-10-23"
    quote_at = a.body.index("“This group")
    assert [s for s, _ in called["evidence_spans"]] == [a.body.index("A group"), quote_at]
    [considering] = claims_of(a, modality="considering")
    assert considering["authority"] == "Canada" and considering["action"] == "list"
    [conditional] = claims_of(a, modality="conditional")
    assert conditional["authority"] == "United Kingdom" and conditional["action"] == "list"
    assert "attacks on shipping" in conditional["condition"]
    assert {r["kind"] for r in a.removed} >= {"newsletter", "share"}
    [quote] = [q for q in a.quotes if q["text"].startswith("This group")]
    assert quote["speaker"] == "Anna Lind" and quote["cue"] == "said"


def test_court_decision_negative_status_and_refusal(read):
    a = read("court_ban.txt", "2025-10-24")
    [decided] = claims_of(a, modality="decided")
    assert decided["authority"] == "Russia" and decided["action"] == "list"
    assert decided["subject"] == "SBOH" and decided["date"] == "2025-10-24"
    [status] = claims_of(a, modality="status")
    assert status["authority"] == "United Nations" and status["action"] == "delist"  # not listed
    [rejected] = claims_of(a, modality="rejected")
    assert rejected["authority"] == "Kazakhstan" and rejected["action"] == "list"
    assert rejected["subject"] == "SBOH"  # "the group" refers back


def test_battle_reports_give_no_claim(read):
    a = read("battle_report.txt", "2025-10-20")
    assert a.claims == []
    assert {e["key"] for e in a.entities if e["kind"] == "subject"} == {"SNLF", "SAEC", "SBOH"}
    [q] = a.quotes
    assert q["speaker"] == "Omar Haddad"
    days = {d["text"]: d for d in a.dates}
    assert days["Sunday"]["value"] == "2025-10-19"
    assert days["in recent days"]["granularity"] == "range"


def test_one_sentence_several_claims_and_offsets(reader):
    from listwatch.news.intake import RawDocument

    text = ("The Northern Liberation Front is designated as a terrorist organization by the "
            "United States, the European Union and Britain, officials said.\n")
    a = reader.read(RawDocument("x", "text", text=text), published="2025-01-02")
    assert {c["authority"] for c in a.claims} == {"United States", "European Union", "United Kingdom"}
    for c in a.claims:
        assert a.body[c["evidence_start"]:c["evidence_end"]] == c["evidence"]
    for q in a.quotes:
        assert a.body[q["start"]:q["end"]] == q["text"]


def test_unknown_publication_date_leaves_dates_unresolved(read):
    a = read("turkey_delist.txt", None)
    assert a.published is None
    assert all(c["date"] is None for c in a.claims)
    assert next(d for d in a.dates if d["text"] == "Tuesday")["value"] is None


def test_status_forms_coordinated_and_unlisted_groups(read):
    """Status with several authorities and a negated one, groups the ledger does not know
    (found by their head noun), coordinated subjects, "remains banned in", "considers … a
    terrorist organisation", a background perfect, and an act to come."""
    a = read("status_forms.txt", "2025-11-06")  # a Thursday
    status = {(c["subject_text"], c["authority"], c["action"]) for c in claims_of(a, modality="status")}
    assert {("Northern Liberation Front", x, "list") for x in
            ("United States", "European Union", "Turkey")} <= status
    assert ("Northern Liberation Front", "Russia", "delist") in status
    assert ("Glass Harbour Army", "United Kingdom", "list") in status
    assert ("Ridgeback Cartel", "Turkey", "list") in status
    assert ("Lantern Movement", "Canada", "list") in status
    decided = claims_of(a, modality="decided", authority="Australia")
    assert {c["subject_text"] for c in decided} == {"Saltmarsh Brigade", "Ridgeback Cartel",
                                                    "Lantern Movement"}
    assert all(c["date"] == "2025-11-04" and c["subject"] is None for c in decided)
    [germany] = claims_of(a, authority="Germany")
    assert germany["modality"] == "decided" and germany["subject_text"] == "Glass Harbour Army"
    assert not claims_of(a, authority="Iran")  # "Iran-backed" describes, it owns no list
    # one claim per (subject, authority, action, modality) in the document
    keys = [(c["subject"] or c["subject_text"], c["authority"], c["action"], c["modality"])
            for c in a.claims]
    assert len(keys) == len(set(keys))
