"""Failure classes of the scorer, on invented names through the no-database ``compare``."""

from __future__ import annotations

import pytest

from listwatch.screening import compare
from listwatch.screening.scorer import DEFAULT_THRESHOLD


def score(a: str, b: str) -> float:
    return compare(a, b).score


@pytest.mark.parametrize("glued, apart", [
    ("BorisKelvanov", "Boris Kelvanov"), ("Brightstar Trading", "Bright Star Trading"),
    ("Northwind Logistics Ltd", "North Wind Logistics Ltd")])
def test_words_written_together_or_apart_match(glued, apart):
    assert score(glued, apart) >= DEFAULT_THRESHOLD
    assert score(apart, glued) >= DEFAULT_THRESHOLD
    assert compare(glued, apart).explanation["whole_name"]["how"] == "joined words"


def test_acronyms_match_their_expansion_in_order():
    assert score("NWRF", "Northern Wolf Revolutionary Front") >= DEFAULT_THRESHOLD
    assert score("Northern Wolf Revolutionary Front", "NWRF") >= DEFAULT_THRESHOLD
    assert score("WNRF", "Northern Wolf Revolutionary Front") < DEFAULT_THRESHOLD


def test_initials_keep_their_order():
    assert score("K.L.M. Holding", "K.L.M. Holding") == 1.0
    assert score("M.L.K. Holding", "K.L.M. Holding") < DEFAULT_THRESHOLD
    assert score("K. L. M. Holding", "KLM Holding") == 1.0


def test_organisation_type_words_weigh_little():
    assert score("Zentrovia Shipping LLC", "Zentrovia Shipping Company") >= 0.85
    assert score("Zentrovia Holding LLC", "Marlotta Holding LLC") < 0.5


def test_cjk_and_hangul_are_compared_in_their_own_script():
    # one character apart: a different name, not a homophone
    assert score("王明远", "王明园") < DEFAULT_THRESHOLD
    assert score("王明远", "王明远") == 1.0
    assert score("박서준", "박서진") < DEFAULT_THRESHOLD
    # no romanisation bridge to Latin names
    assert score("李 周", "Li Zhou") == 0.0
    assert compare("王明远", "王明远").explanation["forms"]["name"] == ["王明远"]


def test_arabic_is_compared_by_consonant_skeleton_and_cyrillic_as_latin():
    assert score("جبهة النصرة", "Jabhat al-Nusra") >= DEFAULT_THRESHOLD
    arabic = compare("جبهة النصرة", "Jabhat al-Nusra").explanation
    assert arabic["cross_script"] and "skeleton" in arabic["forms"]["compared"]
    assert score("Владимир Керенов", "Vladimir Kerenov") >= 0.95
    # vowel-tolerant within Latin rules: Cyrillic -ey/-ei spellings
    assert score("Алексей Дорогин", "Aleksei Dorogin") >= DEFAULT_THRESHOLD


def test_arabic_words_written_apart_match_a_latin_word():
    # عبد الله written apart ~ ABDALLAH / ABDULLAH written together
    assert score("عبد الله", "ABDALLAH") >= DEFAULT_THRESHOLD
    assert score("عبد الله", "ABDULLAH") >= DEFAULT_THRESHOLD


def test_short_names_need_equal_words():
    assert score("Zoraya", "ZORA") < DEFAULT_THRESHOLD
    assert score("Kavida", "KUDA") < DEFAULT_THRESHOLD
    assert score("Zora", "ZORA") == 1.0


def test_a_shared_given_name_and_a_loose_surname_do_not_match():
    assert score("Marco Bellandi", "Marco Bellucci") < DEFAULT_THRESHOLD
    assert score("Ines Carvallo", "Ines Carvalhosa") < DEFAULT_THRESHOLD


def test_compare_rejects_bad_input_clearly():
    with pytest.raises(ValueError, match="type"):
        compare("a b", "a b", type="vessel-ish")
    with pytest.raises(ValueError, match="no name"):
        compare("!!!", "Boris Kelvanov")


def test_cyrillic_is_compared_vowel_tolerant_against_latin_spellings():
    # Latin spellings of one Cyrillic name differ mostly in their vowels
    assert score("Юрий Заборский", "Iurii Zaborskii") >= DEFAULT_THRESHOLD
    assert score("Алексей Дорогин", "Aleksei Dorogin") >= DEFAULT_THRESHOLD
    pair = compare("Юрий Заборский", "Iurii Zaborskii").explanation
    assert "vowel-tolerant" in pair["forms"]["compared"]
    assert pair["forms"]["query_frames"] == pair["forms"]["name_frames"]
    # a vowel more or less between consonants is another name
    assert score("Борис Путин", "Boris Potanin") < DEFAULT_THRESHOLD
    # only across scripts: two Latin spellings are compared as written
    assert compare("Iurii Zaborskii", "Yuri Zaborsky").explanation["forms"]["compared"] \
        == "folded forms, each script as written"


def test_every_explanation_names_the_forms_it_compared():
    arabic = compare("جبهة النصرة", "Jabhat al-Nusra").explanation["forms"]
    assert arabic["query_skeletons"] == arabic["name_skeletons"]
    for a, b in (("Boris Kelvanov", "Boris Kelvanov"), ("王明远", "王明远"),
                 ("Юрий Заборский", "Iurii Zaborskii"), ("جبهة النصرة", "Jabhat al-Nusra")):
        forms = compare(a, b).explanation["forms"]
        assert forms["compared"] and forms["query"] and forms["name"]


def test_arabic_long_vowels_must_be_written_in_the_latin_spelling():
    # محمود has a long u after its second m: Mahmud / Mahmoud, never Muhammad
    assert score("محمود", "Mahmoud") >= DEFAULT_THRESHOLD
    assert score("محمود", "Muhammad") < DEFAULT_THRESHOLD
    # two short skeletons alike (s-f, m-r), vowels where the Arabic writes none
    assert score("سيفي عماري", "Saifi Ammari") >= DEFAULT_THRESHOLD
    assert score("سيفي عماري", "Sofia Moore") < DEFAULT_THRESHOLD
    # short vowels are free, and the final one varies (عيسى: Isa)
    assert score("جبهة النصرة", "Jabhat al-Nusra") >= DEFAULT_THRESHOLD
    assert score("يوسف إبراهيم", "Yousef Ibrahim") >= DEFAULT_THRESHOLD
    assert score("عيسى إبراهيم", "Isa Ibrahim") >= DEFAULT_THRESHOLD
