"""Claim phenomena seen in real news, each on invented sentences (groups and people made up):
owners named only elsewhere in the article, plural authority anaphora, the month "May",
adverbs inside a passive, request and follow-up sentences, generic objects."""

from __future__ import annotations

from listwatch.news.intake import RawDocument
from tests.news.conftest import claims_of


def _read(reader, text: str, published: str | None = "2025-11-06", title: str | None = None):
    return reader.read(RawDocument("x", "text", text=text, title=title), published=published)


def test_owner_named_only_in_a_later_sentence(reader):
    a = _read(reader, "Karel Munt is preparing to ban the Northern Liberation Front, officials "
                      "understand.\nThe Home Secretary is expected to act within days.\n")
    [claim] = a.claims
    assert (claim["authority"], claim["subject"], claim["modality"]) == (
        "United Kingdom", "SNLF", "considering")


def test_owner_named_only_in_the_headline(reader):
    a = _read(reader, "Membership of the Brigades of Hope is a worry, but the group will not be "
                      "banned, the prime minister has said.\n",
              title="Canada will not ban Brigades of Hope")
    [claim] = a.claims
    assert (claim["authority"], claim["modality"]) == ("Canada", "rejected")


def test_statute_says_whose_list(reader):
    a = _read(reader, "The Northern Liberation Front is proscribed under the Terrorism Act 2000, "
                      "lawyers said.\n")
    assert {(c["authority"], c["modality"]) for c in a.claims} == {("United Kingdom", "status")}


def test_both_countries_are_the_last_two_authorities(reader):
    a = _read(reader, "The report angered Norway and Denmark. Both countries have designated the "
                      "Army of the Eastern Coast as a terrorist organisation.\n")
    assert {c["authority"] for c in a.claims if c["subject"] == "SAEC"} == {"Norway", "Denmark"}


def test_the_month_may_is_no_modal(reader):
    a = _read(reader, "Lawmakers in Canada voted in May to list the Brigades of Hope as a "
                      "terrorist entity.\n")
    assert "considering" not in {c["modality"] for c in a.claims}


def test_adverb_inside_a_passive(reader):
    a = _read(reader, "The Northern Liberation Front went to court in Washington.\nA judge ruled "
                      "that if the department did not act, the group would automatically be "
                      "delisted.\n")
    [claim] = a.claims
    assert (claim["subject"], claim["action"], claim["modality"]) == ("SNLF", "delist", "conditional")


def test_list_short_names_are_delisting_objects(reader):
    a = _read(reader, "Officials said that if the Brigades of Hope stop their attacks, the U.S. "
                      "would consider removing them from the SDGT.\n")
    [claim] = a.claims
    assert (claim["authority"], claim["action"], claim["modality"]) == (
        "United States", "delist", "conditional")


def test_a_request_for_the_act_is_a_call_for_it(reader):
    """Legal prose: the request is a sentence of its own, after the act; the list stays the
    act's owner's, and an authority the sentence names picks the act it refers to."""
    a = _read(reader, "Russia's Supreme Court recognised the Brigades of Hope as a terrorist "
                      "organisation.\nThe United States designated the Northern Liberation Front "
                      "in March.\nThe Prosecutor General's Office of Russia filed a corresponding "
                      "lawsuit in May.\n")
    [called] = claims_of(a, modality="called_for")
    assert (called["subject"], called["authority"], called["action"]) == ("SBOH", "Russia", "list")


def test_an_appeal_against_the_act_calls_for_the_opposite_and_a_refusal_rejects(reader):
    a = _read(reader, "A court in Norway outlawed the Army of the Eastern Coast in April.\nThe "
                      "Army of the Eastern Coast then appealed against the court's ruling.\nThe "
                      "appeal was dismissed by the Supreme Court.\n")
    assert {(c["action"], c["modality"]) for c in a.claims if c["subject"] == "SAEC"} == {
        ("list", "decided"), ("delist", "called_for"), ("delist", "rejected")}


def test_no_follow_up_without_an_act(reader):
    a = _read(reader, "The Brigades of Hope filed a lawsuit against a newspaper in May.\n")
    assert a.claims == []


def test_a_role_before_a_person_lists_the_person(reader):
    a = _read(reader, "China blocked the proposal to blacklist Brigades of Hope chief Talun Vesk "
                      "as a global terrorist by the UN Security Council.\n")
    assert {c["subject_text"] for c in a.claims} == {"Talun Vesk"}


def test_names_listed_inside_the_trigger(reader):
    a = _read(reader, "A Moscow court recognised the Amber Fund (AMF), the Fund for the Defence "
                      "of Gardens and Vesk’s Headquarters as extremist organisations.\n")
    assert {c["subject_text"] for c in a.claims} == {
        "Amber Fund", "Fund for the Defence of Gardens", "Vesk’s Headquarters"}


def test_an_announced_act_with_a_later_condition_is_conditional_only(reader):
    a = _read(reader, "The Army of the Eastern Coast will be banned in the UK, the home "
                      "secretary has said.\nThe group is already banned in Norway.\nIf agreed by "
                      "parliament, a draft order laid on Monday will come into force in May.\n")
    uk = claims_of(a, subject="SAEC", authority="United Kingdom")
    assert [(c["modality"], len(c["evidence_spans"])) for c in uk] == [("conditional", 2)]


def test_a_done_act_with_a_later_condition_stays_decided(reader):
    a = _read(reader, "Norway’s Supreme Court has declared the Army of the Eastern Coast an "
                      "extremist organisation.\nThe ban will not come into force until the group's "
                      "appeal is heard.\n")
    assert {c["modality"] for c in claims_of(a, subject="SAEC")} == {"decided", "conditional"}


def test_subject_to_a_jurisdiction_is_no_condition(reader):
    a = _read(reader, "The United States has designated the Brigades of Hope, blocking its assets "
                      "that are subject to US jurisdiction.\n")
    assert {c["modality"] for c in a.claims} == {"decided"}


def test_lower_case_article_names_are_groups(reader):
    a = _read(reader, "The US has designated al-Tarfa as a foreign terrorist organisation.\n")
    assert {c["subject_text"] for c in a.claims} == {"al-Tarfa"}


def test_a_described_group_links_by_the_name_inside(reader):
    """ "the Oslo-backed Tarfa militia" is the ledger's group when only its name links."""
    from listwatch.news.mentions.subjects import name_core

    assert name_core("Norwegian movement Vesk") == "Vesk"
    assert name_core("Oslo-backed Tarfa militia") == "Tarfa"
    assert name_core("Hizb ut-Vesk") == "Hizb ut-Vesk"
    assert name_core("Army of the Eastern Coast") == "Army of the Eastern Coast"


def test_an_acronym_of_an_unlisted_group_is_the_same_group(reader):
    a = _read(reader, "India banned the Sons of Tarfa Front (STF) on Friday.\nThe STF was "
                      "earlier banned in 2019.\n")
    assert len(claims_of(a, authority="India", modality="decided")) == 1


def test_by_in_another_clause_names_another_owner(reader):
    a = _read(reader, "The US designated the Tarfa Brigade (TB) on Monday.\nUS Secretary of State "
                      "Jon Hale, who announced the designation, called TB a proxy of the Northern "
                      "Liberation Front, which is already listed by the United Nations.\n")
    assert not claims_of(a, subject_text="TB", authority="United Nations")


def test_places_and_possessives_are_no_agents(reader):
    a = _read(reader, "Norway has listed the Army of the Eastern Coast, an affiliate in Denmark, "
                      "as a terrorist organisation.\nIts aliases have been added to the group’s "
                      "designations.\n“I have today banned the activities of a group that wants "
                      "to destroy the state of Denmark,” Lena Dahl said.\n")
    assert {c["authority"] for c in a.claims} == {"Norway"}


def test_a_parliament_vote_is_a_call(reader):
    a = _read(reader, "Canada listed the Quarry Legion last month.\nMembers of Parliament voted "
                      "unanimously in May to list the Brigades of Hope, a branch of Iran’s armed "
                      "forces, as a terrorist entity.\n")
    [call] = claims_of(a, subject="SBOH")
    assert (call["authority"], call["modality"]) == ("Canada", "called_for")


def test_the_government_is_the_agent_last_named_not_a_place(reader):
    a = _read(reader, "Canada has listed the Quarry Legion as a terrorist entity.\n“The regime "
                      "acts inside and outside of Iran,” the minister said.\nA motion called on the "
                      "government to list the Brigades of Hope as a terrorist entity.\n")
    assert {c["authority"] for c in claims_of(a, subject="SBOH")} == {"Canada"}


def test_a_described_group_named_after_its_description(reader):
    a = _read(reader, "Norway’s Supreme Court rejected an appeal against a ban on the coastal "
                      "representative body, the Velk Council.\nThe Velk Council then appealed "
                      "against the court’s ruling.\n")
    assert {(c["subject_text"], c["action"], c["modality"]) for c in a.claims} >= {
        ("Velk Council", "delist", "rejected")}
    b = _read(reader, "The UK will outlaw racist occultist group the Order of Seven Gates.\n")
    assert {c["subject_text"] for c in b.claims} == {"Order of Seven Gates"}


def test_criticism_of_not_acting_is_a_call(reader):
    a = _read(reader, "Campaigners questioned why steps had not been taken to outlaw the "
                      "Brigades of Hope in Britain.\n")
    assert {(c["modality"], c["authority"]) for c in a.claims} == {("called_for", "United Kingdom")}


def test_not_meeting_the_threshold_is_not_listed(reader):
    a = _read(reader, "Australia will outlaw extremist groups such as the Brigades of Hope, which "
                      "do not meet the legal threshold to be declared terrorist organisations.\n")
    assert ("delist", "status") in {(c["action"], c["modality"]) for c in a.claims
                                    if c["subject"] == "SBOH"}


def test_putting_off_a_ban_is_still_considering_it(reader):
    a = _read(reader, "The British government has continued to put off banning the Brigades of "
                      "Hope.\n")
    assert {c["modality"] for c in a.claims} == {"considering"}


def test_generic_objects_and_examples_are_no_subjects(reader):
    a = _read(reader, "The Terrorism Act gives the home secretary the power to proscribe an "
                      "organisation if they believe it is concerned in terrorism.\n")
    assert a.claims == []
    b = _read(reader, "The group's name will now be added alongside other proscribed "
                      "organisations in the UK such as the Brigades of Hope.\n")
    assert not claims_of(b, modality="decided")
    c = _read(reader, "The US decided to also list an off-shoot group known as Tarfa Front as a "
                      "terrorist organisation.\n")
    assert {c["subject_text"] for c in c.claims} == {"Tarfa Front"}


def test_a_draft_law_to_ban_is_a_proposal(reader):
    a = _read(reader, "The Swiss government approved a draft law on Wednesday to ban the "
                      "Brigades of Hope.\n")
    assert {c["modality"] for c in a.claims} == {"considering"}


def test_one_known_name_is_no_list_of_names(nlp):
    from listwatch.news.mentions.subjects import SubjectIndex
    from listwatch.news.reader import Reader

    rows = [("SRS", "REPUBLIC OF SALT AND STONE", "organisation", "Republic of Salt and Stone")]
    reader = Reader(SubjectIndex.from_names(rows), nlp)
    a = _read(reader, "The US designated the Republic of Salt and Stone - Lakes as a terrorist "
                      "organisation.\n")
    assert {c["subject"] for c in a.claims} == {"SRS"}


def test_the_subject_after_a_leading_clause(reader):
    a = _read(reader, "As per a press release issued by the Ministry of Home Affairs, Tarun Vesk "
                      "alias Tak, has also been declared a terrorist.\n")
    assert {c["subject_text"] for c in a.claims} == {"Tarun Vesk alias Tak"}


def test_counted_or_described_groups_are_subjects_but_these_groups_are_not(reader):
    a = _read(reader, "Canada has listed seven transnational criminal organizations as terrorist "
                      "entities.\n")
    assert {c["subject_text"] for c in a.claims} == {"seven transnational criminal organizations"}
    b = _read(reader, "Norway asked other states to recognize these groups as terrorist "
                      "organisations.\n")
    assert b.claims == []


def test_a_state_since_a_day_is_status(reader):
    a = _read(reader, "Since 5 July 2025, the Tarfa Brigade has been categorised as a terrorist "
                      "group in the UK.\n", published="2025-12-04")
    [claim] = a.claims
    assert (claim["modality"], claim["date"]) == ("status", "2025-07-05")


def test_a_challenge_of_the_decision_to_ban_calls_for_undoing_it(reader):
    a = _read(reader, "The judicial review challenge of the decision to proscribe the Tarfa "
                      "Brigade concluded in London.\n")
    assert {(c["action"], c["modality"]) for c in a.claims} == {("delist", "called_for")}


def test_reviewing_a_designation_considers_undoing_it(reader):
    a = _read(reader, "The US State Department will review the terror designation of the "
                      "Brigades of Hope.\n")
    assert {(c["action"], c["modality"]) for c in a.claims} == {("delist", "considering")}


def test_a_thing_banned_by_law_is_no_listing(reader):
    a = _read(reader, "A Moscow court fined the Brigades of Hope over content banned by local "
                      "law.\n")
    assert a.claims == []


def test_a_designation_extended_to_include_a_group(reader):
    a = _read(reader, "The Department of State has amended the designation of the Brigades of "
                      "Hope – an affiliate in Norway – to include al-Varda and other aliases.\n")
    assert {c["subject_text"] for c in a.claims} == {"al-Varda"}


def test_both_groups_are_the_last_two_groups(reader):
    a = _read(reader, "The Brigades of Hope and the Army of the Eastern Coast clashed in May.\n"
                      "Canada designated both groups as terrorist entities on Monday.\n")
    assert {c["subject"] for c in a.claims} == {"SBOH", "SAEC"}
    b = _read(reader, "The Brigades of Hope and the Army of the Eastern Coast clashed in May.\n"
                      "Both groups were designated by Canada on Monday.\n")
    assert {c["subject"] for c in b.claims} == {"SBOH", "SAEC"}
