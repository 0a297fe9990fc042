"""Subject linking as a pure function (listwatch.ledger.subjects): profiles in, groups and ids out."""

from __future__ import annotations

import hashlib

import pytest

from listwatch.ledger.subjects import (
    Group, Profile, anchor_of, assign_ids, candidate_links, corroboration, link_key,
    link_subjects, name_variants, profile_of,
)


def profile(source: str, reference: str, *names: str, type: str = "organisation",
            un_ref: str | None = None, birth_years: tuple[str, ...] = (),
            weak: tuple[str, ...] = (), programmes: tuple[str, ...] = (),
            listed_on: str | None = None) -> Profile:
    """A profile the way the ledger builds one: the first name is the main name."""
    facts = [{"type": type, "name": names[0] if names else reference,
              "link_ids": [f"un-ref:{un_ref.upper()}"] if un_ref else [],
              "birth_years": list(birth_years), "programmes": list(programmes),
              "listed_on": listed_on}]
    return profile_of((source, reference), facts,
                      [(n, "alias", "strong") for n in names[1:]]
                      + [(n, "alias", "weak") for n in weak])


def by_key(*profiles: Profile) -> dict:
    return {p.key: p for p in profiles}


def groups_of(profiles: dict, merges=(), splits=()) -> set[frozenset]:
    return {frozenset(g.members) for g in link_subjects(profiles, list(merges), list(splits))}


def group_with(groups: list[Group], key) -> Group:
    return next(g for g in groups if key in g.members)


UN = ("un-sc", "QDe.901")
OFSI = ("uk-ofsi", "12345")
FTO = ("us-fto", "example-front")
UKP = ("uk-proscribed", "example-front")


# -- profiles ---------------------------------------------------------------------------------

def test_profile_of_merges_versions_and_drops_names_that_say_too_little():
    facts = [
        {"type": "organisation", "name": "Old Name", "link_ids": ["un-ref:QDE.1"], "birth_years": []},
        {"type": "organisation", "name": "Northern Example Front", "link_ids": ["un-ref:QDE.2"],
         "birth_years": ["1970"]},
    ]
    p = profile_of(UN, facts, [(n, "alias", "strong") for n in ("HTS", "Shabaab", "al-Nur Ba")]
                   + [("The Example Network", "alias", "weak")])
    assert p.name == "Northern Example Front"  # the latest version names it
    assert p.linking_ids == {"un-ref:QDE.1", "un-ref:QDE.2"}  # every version's identifiers
    assert p.birth_years == {"1970"}
    # one word ("hts", "shabaab") or fewer than 8 letters ("ba nur") cannot link alone, nor a
    # weak alias; every version's main name is a main name
    assert p.name_keys == {"example front northern", "name old"}
    assert p.names["hts"] == p.names["ba nur"] == 1 and p.names["example network"] == 2
    assert p.names["example front northern"] == p.names["name old"] == 0


# -- links --------------------------------------------------------------------------------------

def test_shared_un_reference_links_across_sources_whatever_the_names():
    un = profile(*UN, "Example Front for the People of Nowhere", un_ref="QDe.901")
    ofsi = profile(*OFSI, "Jabhat al-Mithal", type="person", un_ref="qde.901")
    other = profile("eu-fsf", "77", "Something Else Entirely", un_ref="QDe.902")
    groups = link_subjects(by_key(un, ofsi, other), [], [])
    assert {frozenset(g.members) for g in groups} == {frozenset({UN, OFSI}),
                                                    frozenset({("eu-fsf", "77")})}
    joined = group_with(groups, UN)
    assert joined.members[OFSI] == ("shared-identifier:un-ref:QDE.901", 1.0)
    assert anchor_of(joined) == UN  # the UN record names the subject


def test_equal_names_link_across_sources_with_equal_type():
    fto = profile(*FTO, "Example Front", "Jabhat al-Mithal")
    ukp = profile(*UKP, "EXAMPLE  FRONT")
    groups = link_subjects(by_key(fto, ukp), [], [])
    assert len(groups) == 1
    assert groups[0].members[UKP] == ("name-match:example front", 0.9)
    assert anchor_of(groups[0]) == FTO  # us-fto ranks before uk-proscribed


def test_names_link_after_normalisation():
    # case, punctuation, apostrophe forms and word order do not matter
    a = profile("us-fto", "a", "Hay’at Tahrir al-Sham")
    b = profile("uk-proscribed", "b", "HAYAT TAHRIR AL SHAM")
    c = profile("au-listed", "c", "Tahrir al-Sham, Hay'at")
    assert groups_of(by_key(a, b, c)) == {frozenset({a.key, b.key, c.key})}


def test_no_name_link_across_types():
    org = profile(*FTO, "Example Front")
    person = profile("uk-ofsi", "99", "Example Front", type="person", birth_years=("1970",))
    vessel = profile("us-ofac-sdn", "5", "Example Front", type="vessel")
    assert groups_of(by_key(org, person, vessel)) == {
        frozenset({FTO}), frozenset({("uk-ofsi", "99")}), frozenset({("us-ofac-sdn", "5")})}
    assert candidate_links(by_key(org, person, vessel)) == []


@pytest.mark.parametrize("name", ["HTS", "Hamas", "al-Nur"])
def test_names_that_say_too_little_do_not_link_without_corroboration(name):
    a = profile("us-ofac-sdn", "a", name, programmes=("IRAN",))
    b = profile("uk-ofsi", "b", name, programmes=("Russia",))
    assert a.name_keys == frozenset()
    assert candidate_links(by_key(a, b)) == []
    assert len(link_subjects(by_key(a, b), [], [])) == 2


def test_same_source_records_with_the_same_name_are_not_linked():
    a = profile("us-fto", "example-front-1", "Example Front")
    b = profile("us-fto", "example-front-2", "Example Front")
    assert groups_of(by_key(a, b)) == {frozenset({a.key}), frozenset({b.key})}
    assert candidate_links(by_key(a, b)) == []


# -- persons --------------------------------------------------------------------------------------

def person(source: str, reference: str, *names: str, years: tuple[str, ...] = ()) -> Profile:
    return profile(source, reference, *names, type="person", birth_years=years)


def test_person_with_one_shared_name_and_agreeing_birth_years_is_linked():
    a = person("un-sc", "QDi.1", "Karim Zayd al-Ficti", years=("1968", "1969", "1970"))
    b = person("us-ofac-sdn", "7", "Karim Zayd al-Ficti", "Abu Ficti", years=("1970",))
    groups = link_subjects(by_key(a, b), [], [])
    assert len(groups) == 1
    assert groups[0].members[b.key][0] == "name-match:ficti karim zayd"


def test_person_with_disagreeing_birth_years_is_not_linked():
    a = person("un-sc", "QDi.1", "Karim Zayd al-Ficti", "Abu Ficti Karim", years=("1970",))
    b = person("us-ofac-sdn", "7", "Karim Zayd al-Ficti", "Abu Ficti Karim", years=("1985",))
    # not even two shared names outweigh birth years that disagree
    assert groups_of(by_key(a, b)) == {frozenset({a.key}), frozenset({b.key})}


def test_person_without_birth_data_needs_two_shared_names():
    one = (person("un-sc", "QDi.1", "Omar Invento"), person("uk-ofsi", "2", "Omar Invento"))
    assert len(link_subjects(by_key(*one), [], [])) == 2
    # birth data on one side only is no agreement either
    half = (person("un-sc", "QDi.1", "Omar Invento", years=("1960",)),
            person("uk-ofsi", "2", "Omar Invento"))
    assert len(link_subjects(by_key(*half), [], [])) == 2
    two = (person("un-sc", "QDi.1", "Omar Invento", "Omar Inventi"),
           person("uk-ofsi", "2", "Omar Inventi", "Omar Invento", years=("1960",)))
    groups = link_subjects(by_key(*two), [], [])
    assert len(groups) == 1
    assert groups[0].members[("uk-ofsi", "2")] == ("name-match:inventi omar", 0.9)


# -- judgements -----------------------------------------------------------------------------------

def test_split_prevents_a_union_even_through_a_chain():
    a = profile("un-sc", "QDe.1", "Example Front", "Jabhat al-Mithal")
    b = profile("eu-fsf", "2", "Example Front", "Example Network Brigade")
    c = profile("us-fto", "c", "Example Network Brigade")
    profiles = by_key(a, b, c)
    assert groups_of(profiles) == {frozenset({a.key, b.key, c.key})}  # A–B–C by names alone
    split = groups_of(profiles, splits=[(a.key, c.key)])
    assert not any({a.key, c.key} <= g for g in split)
    assert len(split) == 2  # the other link still holds: B joins one of them
    assert {a.key, b.key} in split or {b.key, c.key} in split
    # a split named the other way round works the same
    assert groups_of(profiles, splits=[(c.key, a.key)]) == split


def test_split_wins_over_a_merge_of_the_same_pair_and_over_identifiers():
    a = profile("un-sc", "QDe.1", "Example Front", un_ref="QDe.1")
    b = profile("uk-ofsi", "2", "Example Front", un_ref="QDe.1")
    assert groups_of(by_key(a, b), merges=[(a.key, b.key, "ana")],
                     splits=[(a.key, b.key)]) == {frozenset({a.key}), frozenset({b.key})}


def test_merge_forces_a_union_and_records_who():
    a = profile("us-fto", "hizballah", "Hizballah")
    b = profile("ca-listed", "22", "Hizbollah Party of God")
    c = profile("au-listed", "x", "Completely Different Group")
    groups = link_subjects(by_key(a, b, c), [(a.key, b.key, "ana")], [])
    assert {frozenset(g.members) for g in groups} == {frozenset({a.key, b.key}), frozenset({c.key})}
    merged = group_with(groups, a.key)
    assert merged.members[a.key] == ("analyst:ana", 1.0)
    assert merged.members[b.key] == ("analyst:ana", 1.0)
    assert merged.members.get(c.key) is None
    # merges naming records that are not in the ledger are ignored
    assert len(link_subjects(by_key(a, b, c), [(a.key, ("un-sc", "gone"), "ana")], [])) == 3


def test_sole_records_say_so():
    a = profile("us-fto", "hizballah", "Hizballah")
    (group,) = link_subjects(by_key(a), [], [])
    assert group.members == {a.key: ("sole-record", 1.0)}


# -- subject ids ------------------------------------------------------------------------------------

def fresh(anchor) -> str:
    return "S" + hashlib.sha1(f"{anchor[0]}:{anchor[1]}".encode()).hexdigest()[:10]


def group(*keys) -> Group:
    return Group({k: ("test", 1.0) for k in keys})


A, B, C, D, E = (("un-sc", "A"), ("eu-fsf", "B"), ("uk-ofsi", "C"), ("us-fto", "D"),
                 ("au-listed", "E"))


def test_new_groups_get_ids_derived_from_their_anchor():
    assert assign_ids([group(B, A), group(D)], {}) == [fresh(A), fresh(D)]
    assert fresh(A).startswith("S") and len(fresh(A)) == 11


def test_ids_survive_relinking_when_members_stay():
    previous = {A: "S-old-1", B: "S-old-1", D: "S-old-2"}
    # a new record joins the first subject; the second is unchanged; a third is new
    ids = assign_ids([group(A, B, C), group(D), group(E)], previous)
    assert ids == ["S-old-1", "S-old-2", fresh(E)]


def test_on_a_split_the_larger_part_keeps_the_id():
    previous = {A: "S1", B: "S1", C: "S1", D: "S1"}
    ids = assign_ids([group(A), group(B, C, D)], previous)
    assert ids == [fresh(A), "S1"]
    ids = assign_ids([group(A, B, C), group(D)], previous)
    assert ids == ["S1", fresh(D)]


def test_a_merged_group_keeps_the_id_most_of_its_members_had():
    previous = {A: "S-aaa", B: "S-zzz", C: "S-zzz", D: "S-zzz"}
    ids = assign_ids([group(A, B, C, D)], previous)
    assert ids == ["S-zzz"]  # three members had it, one had S-aaa
    previous = {A: "S-zzz", B: "S-aaa", C: "S-aaa", D: "S-aaa"}
    assert assign_ids([group(A, B, C, D)], previous) == ["S-aaa"]


def test_a_contested_id_goes_to_the_group_with_more_of_its_members():
    previous = {A: "S1", B: "S1", C: "S1", D: "S2"}
    # C moved to the group holding D; A and B (two of S1's three) keep S1
    ids = assign_ids([group(C, D), group(A, B)], previous)
    assert ids == ["S2", "S1"]


def test_ids_never_duplicate_even_when_a_fresh_id_is_taken():
    # an old subject happens to hold the id a new group's anchor would derive
    previous = {B: fresh(A)}
    ids = assign_ids([group(A), group(B)], previous)
    assert ids[1] == fresh(A)
    assert ids[0] != fresh(A) and ids[0].startswith(fresh(A))  # a longer form of the digest
    assert len(set(ids)) == 2


def test_ids_are_unique_over_many_relinkings():
    keys = [("un-sc", f"R{i}") for i in range(30)]
    previous: dict = {}
    for size in (1, 3, 2, 5, 1, 4):
        groups = [group(*keys[i:i + size]) for i in range(0, len(keys), size)]
        ids = assign_ids(groups, previous)
        assert len(set(ids)) == len(ids) == len(groups)
        previous = {k: i for i, g in zip(ids, groups) for k in g.members}


def test_two_entries_of_one_list_never_meet_through_a_third_list():
    """US FTO's entry shares one name with each of two UK entries: the UK list names each
    subject once, so only the first (strongest-ordered) link is kept."""
    first = ("uk-proscribed", "example-front")
    second = ("uk-proscribed", "example-front-north")
    bridge = profile(*FTO, "Northern Example Front", "Example Liberation Army")
    profiles = by_key(bridge, profile(*first, "Example Liberation Army"),
                      profile(*second, "Northern Example Front"))
    groups = groups_of(profiles)
    assert frozenset({first, second}) not in groups
    assert not any({first, second} <= g for g in groups)
    # an analyst can still put them together
    merged = groups_of(profiles, merges=[(first, second, "ana")])
    assert any({first, second} <= g for g in merged)


def test_curated_entries_of_different_authorities_may_share_a_subject():
    russia = profile_of(("curated", "RU-1"), [{"type": "organisation", "name": "Northern Example Front",
                                               "authority": "Russia", "link_ids": [], "birth_years": []}],
                        [])
    kazakhstan = profile_of(("curated", "KZ-1"), [{"type": "organisation", "name": "Northern Example Front",
                                                   "authority": "Kazakhstan", "link_ids": [],
                                                   "birth_years": []}],
                            [])
    assert groups_of(by_key(russia, kazakhstan)) == {frozenset({russia.key, kazakhstan.key})}
    bridge = profile(*FTO, "Northern Example Front")
    groups = groups_of(by_key(russia, kazakhstan, bridge))
    assert frozenset({russia.key, kazakhstan.key, bridge.key}) in groups


# -- short names: corroborated links ------------------------------------------------------------

def test_short_main_name_links_with_a_terrorism_programme_on_both_lists():
    ofac = profile("us-ofac-sdn", "1", "HIZBULLAHX", programmes=("SDGT", "FTO"))
    ofsi = profile("uk-ofsi", "2", "HIZBULLAHX", "Hezbullahx", programmes=("Counter-Terrorism (International)",))
    (group,) = link_subjects(by_key(ofac, ofsi), [], [])
    reason, score = group.members[ofsi.key]
    assert reason.startswith("main-name:") and "programme:terrorism" in reason
    assert score < 0.9  # weaker than a name that says enough


def test_alias_equal_to_another_entrys_main_name_links_with_shared_aliases():
    un = profile("un-sc", "YEe.9", "The Examplis", "Ansarexemplum", "Partisans of Example",
                 programmes=("Yemen",))
    ofac = profile("us-ofac-sdn", "3", "ANSAREXEMPLUM", weak=("PARTISANS OF EXAMPLE",),
                   programmes=("SDGT",))
    (group,) = link_subjects(by_key(un, ofac), [], [])
    assert group.members[ofac.key][0] == "main-name:ansarexemplum + shared-names:2"


def test_a_part_of_a_packed_main_name_is_a_main_name():
    ofsi = profile("uk-ofsi", "7", "EXAMPLA INCLUDING THE EXAMPLA MARTYRS BRIGADES",
                   programmes=("Counter-Terrorism (International)",))
    ofac = profile("us-ofac-sdn", "8", "EXAMPLA", programmes=("FTO",))
    pkk = profile("uk-ofsi", "9", "PARTIYA KARKEREN EXAMPLANE (PKX)")
    assert {"exampla", "brigades exampla martyrs"} <= set(ofsi.names)
    assert {"pkx", "examplane karkeren partiya"} <= set(pkk.names)
    assert groups_of(by_key(ofsi, ofac)) == {frozenset({ofsi.key, ofac.key})}


def test_names_compare_without_stop_words_articles_and_spelling_variants():
    ofac = profile("us-ofac-sdn", "1", "ISLAMIC EXAMPLE OF IRAQ AND THE LEVANT")
    un = profile("un-sc", "QDe.1", "Example Org", "Islamic Example in Iraq and the Levant")
    assert groups_of(by_key(ofac, un)) == {frozenset({ofac.key, un.key})}


def test_ta_marbuta_spellings_share_a_link_key():
    assert link_key("Jama'at Nusrat al-Islam") == link_key("JAMA'A NUSRA UL-ISLAM")


def test_a_part_of_a_name_is_not_the_name():
    """KATA'IB X is not X: link keys compare whole names."""
    x = profile("us-ofac-sdn", "1", "HIZBEXAMPLE", programmes=("FTO",))
    kataib = profile("uk-ofsi", "2", "KATA'IB HIZBEXAMPLE", programmes=("Counter-Terrorism (International)",))
    assert len(link_subjects(by_key(x, kataib), [], [])) == 2


def test_weak_aliases_alone_or_short_names_without_main_name_do_not_link():
    # a weak alias shared by two entries, nothing else: no link
    a = profile("us-ofac-sdn", "1", "First Example Company", weak=("EXCO",), programmes=("SDGT",))
    b = profile("uk-ofsi", "2", "Second Example Firm", weak=("EXCO",),
                programmes=("Counter-Terrorism (International)",))
    assert len(link_subjects(by_key(a, b), [], [])) == 2
    # a short strong alias shared, main names differ: no link even on terrorism lists
    c = profile("us-ofac-sdn", "3", "Third Example Company", "EXCO", programmes=("SDGT",))
    d = profile("uk-ofsi", "4", "Fourth Example Firm", "EXCO",
                programmes=("Counter-Terrorism (International)",))
    assert len(link_subjects(by_key(c, d), [], [])) == 2


def test_short_names_never_link_persons():
    a = profile("us-ofac-sdn", "1", "Exemplo", type="person", programmes=("SDGT",))
    b = profile("uk-ofsi", "2", "Exemplo", type="person", programmes=("Counter-Terrorism (International)",))
    assert len(link_subjects(by_key(a, b), [], [])) == 2


def test_mirror_lists_link_by_name_and_listing_date_without_a_reference():
    """The EU's ISIL/Al-Qaida annex mirrors the UN list mostly without UN references: a short
    main name and listing dates weeks apart corroborate each other; dates far apart do not."""
    un = profile("un-sc", "QDe.5", "EXAMPLIA", programmes=("Al-Qaida",), listed_on="2014-05-14")
    eu = profile("eu-isil-aq", "EU.5", "Examplia", listed_on="2014-06-02")
    reason = link_subjects(by_key(un, eu), [], [])[0].members[eu.key][0]
    assert "listing-date" in reason and "programme:terrorism" in reason  # the list is the family
    far = profile("eu-fsf", "EU.6", "Examplia", listed_on="2019-01-01")
    assert corroboration(un, far, ["examplia"]) == []
    assert len(link_subjects(by_key(un, far), [], [])) == 2


def test_an_alias_of_one_equal_to_anothers_main_name_needs_their_own_programmes():
    """A generic alias ("The Base", Al-Qaida's) that is the main name of an entry on a list
    wholly of terrorism (the EU's 2580 list) does not link them: that the list is a terrorism
    list is no corroboration; both being main names, it is."""
    un = profile("un-sc", "QDe.904", "AL-EXAMPLA", "The Foundation", programmes=("Al-Qaida",))
    eu = profile("eu-terrorist", "the-foundation", "The Foundation")
    assert len(link_subjects(by_key(un, eu), [], [])) == 2
    ofac = profile("us-ofac-sdn", "9904", "EXAMPLIA", programmes=("SDGT",))
    eu_main = profile("eu-terrorist", "examplia", "Examplia")
    reason = link_subjects(by_key(ofac, eu_main), [], [])[0].members[eu_main.key][0]
    assert reason.startswith("main-name:examplia + programme:terrorism")


def test_a_spaced_slash_separates_two_names_of_one_entry():
    ofac = profile("us-ofac-sdn", "9905", "NEW EXAMPLE ARMY / EXAMPLE PARTY OF NORTHLAND",
                   programmes=("SDGT",))
    ofsi = profile("uk-ofsi", "9905", "EXAMPLE PARTY OF NORTHLAND")
    assert len(link_subjects(by_key(ofac, ofsi), [], [])) == 1
    assert name_variants("DHKP/C") == {"DHKP/C"}


def test_a_short_person_name_links_with_agreeing_birth_years_and_programme():
    """"KIM KYU" (two short words) or a mononym held in two scripts links when birth years and
    a programme family agree; without the family, or with other years, it does not."""
    un = profile("un-sc", "KPi.901", "KIM EXA", type="person", birth_years=("1968",),
                 programmes=("DPRK",))
    uk = profile("uk-ofsi", "901", "KIM EXA", type="person", birth_years=("1968",),
                 programmes=("Democratic People's Republic of Korea",))
    reason = link_subjects(by_key(un, uk), [], [])[0].members[uk.key][0]
    assert reason.startswith("short-name:exa kim + birth-year, programme:dprk")
    other_year = profile("uk-ofsi", "902", "KIM EXA", type="person", birth_years=("1971",),
                         programmes=("Democratic People's Republic of Korea",))
    assert len(link_subjects(by_key(un, other_year), [], [])) == 2
    mononym_un = profile("un-sc", "TAi.901", "EXAMPLULLAH", "اكزامبل", type="person",
                         birth_years=("1973",), programmes=("Taliban",))
    mononym_uk = profile("uk-ofsi", "903", "EXAMPLULLAH", "اكزامبل", type="person",
                         birth_years=("1973",), programmes=("Afghanistan",))
    assert len(link_subjects(by_key(mononym_un, mononym_uk), [], [])) == 1
    alone = profile("uk-ofsi", "904", "EXAMPLULLAH", type="person", birth_years=("1973",),
                    programmes=("Afghanistan",))
    assert len(link_subjects(by_key(mononym_un, alone), [], [])) == 2  # one word, one name


def test_birth_years_a_year_apart_agree_for_a_long_name_only():
    un = profile("un-sc", "KPi.905", "PAK EXA SIK", type="person", birth_years=("1949",))
    uk = profile("uk-ofsi", "905", "PAK EXA SIK", type="person", birth_years=("1950",))
    assert len(link_subjects(by_key(un, uk), [], [])) == 1
    two_words_un = profile("un-sc", "CDi.906", "EXAMPLO NYAKUNIO", type="person",
                           birth_years=("1949",))
    two_words_uk = profile("uk-ofsi", "906", "EXAMPLO NYAKUNIO", type="person",
                           birth_years=("1950",))
    assert len(link_subjects(by_key(two_words_un, two_words_uk), [], [])) == 2


def test_regime_families_corroborate_persons_without_birth_data():
    un = profile("un-sc", "CDi.907", "EXAMPLO LUBANGO", type="person", programmes=("DRC",))
    uk = profile("uk-ofsi", "907", "EXAMPLO LUBANGO", type="person",
                 programmes=("Democratic Republic of the Congo",))
    assert len(link_subjects(by_key(un, uk), [], [])) == 1


def test_a_branch_name_is_also_held_with_its_parents_initials():
    assert "ess West Region" in name_variants("Example State of Syriana – West Region (ESS-WR)")
    un = profile("un-sc", "QDe.908", "EXAMPLE STATE WEST REGION PROVINCE",
                 "Example State of Syriana – West Region")
    ofac = profile("us-ofac-sdn", "9908", "ESS-WEST REGION", programmes=("SDGT",))
    assert len(link_subjects(by_key(un, ofac), [], [])) == 1
