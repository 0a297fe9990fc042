"""Screening keys and scorer on names written here (no ledger)."""

from __future__ import annotations

import pytest

from listwatch.names import cyrillic_to_latin, normalise
from listwatch.screening import keys, scorer
from listwatch.screening.keys import tokens


def folds(name: str) -> list[str]:
    return [t.fold for t in tokens(name)]


def skels(name: str) -> list[str]:
    return [t.skel for t in tokens(name)]


def sc(query: str, name: str, weak: bool = False) -> float:
    q, n = tokens(query), tokens(name)
    qw = [scorer.role_weight(t, 1.0) for t in q]
    nw = [scorer.role_weight(t, 1.0) for t in n]
    return scorer.score(q, qw, n, nw, weak=weak,
                        cross_script=keys._is_arabic(query) != keys._is_arabic(name))[0]


@pytest.mark.parametrize("variant", ["Hay'at Tahrir al-Sham", "Hay’at Tahrir al-Sham",
                                     "HAYʼAT TAHRIR AL SHAM", "Hayat Tahrir ash-Sham",
                                     "Hayat Tahrir al Sham", "Хайят Тахрир аш-Шам"])
def test_apostrophes_articles_case_and_cyrillic_fold_alike(variant):
    assert folds(variant) == ["hayat", "tahrir", "sham"]


def test_arabic_gets_its_skeleton_from_the_arabic_letters():
    assert skels("هيئة تحرير الشام") == skels("Hayat Tahrir al-Sham") == ["ht", "thrr", "Sm"]
    assert skels("أبو محمد الجولاني") == skels("Abu Muhammad al-Jawlani") == ["b", "mhmd", "jln"]
    assert skels("Abu Mohammed al-Golani")[2] == skels("Julani")[0] == "jln"
    assert skels("جبهة النصرة") == skels("Jabhat al-Nusrah")


def test_roles_and_articles():
    roles = {t.fold: t.role for t in tokens("The Bank of Kunlun Co. Ltd J.")}
    assert roles == {"the": "stop", "bank": "word", "of": "stop", "kunlun": "word", "co": "legal",
                     "ltd": "legal", "j": "initial"}
    assert folds("ad-Din an-Nusra") == ["din", "nusra"]
    assert folds("Al") == ["al"]  # a lone "al" is a name, not an article


def test_query_key_ignores_order_and_spelling():
    assert keys.query_key("MADURO MOROS, Nicolas") == keys.query_key("nicolas maduro-moros")
    assert keys.query_key("Hay’at Tahrir al-Sham") == keys.query_key("tahrir al sham hayat")


def test_cyrillic_to_latin():
    assert normalise(cyrillic_to_latin("Владимир Путин")) == "vladimir putin"
    assert normalise(cyrillic_to_latin("Дмитрий")) == "dmitriy"
    assert normalise(cyrillic_to_latin("Müller")) == "muller"


def test_token_similarity_kinds():
    t = lambda s: tokens(s)[0]  # noqa: E731
    assert scorer.token_similarity(t("Hayat"), t("Hay'at"), False) == (1.0, "exact")
    assert scorer.token_similarity(t("Mohammed"), t("Muhammad"), False) == (0.9, "phonetic")
    s, how = scorer.token_similarity(t("Tahrir"), t("Tahrri"), False)
    assert how == "edit" and 0.8 < s < 0.95
    assert scorer.token_similarity(t("N"), t("Nicolas"), False) == (0.8, "initial")
    assert scorer.token_similarity(t("Putin"), t("Potanin"), False)[0] < 0.6
    assert scorer.token_similarity(t("Jawlani"), t("Adnani"), False)[0] == 0.0


def test_scores():
    assert sc("Hayat Tahrir al Sham", "Hay’at Tahrir al-Sham") == 1.0
    assert sc("tahrir al-sham hayat", "Hay’at Tahrir al-Sham") == 1.0  # token order
    assert sc("MADURO MOROS, Nicolas", "Nicolas Maduro Moros") == 1.0
    assert sc("N. Maduro Moros", "Nicolas MADURO MOROS") > 0.85  # initials
    assert sc("Vladimir Putin", "PUTIN, Vladimir Vladimirovich") > 0.8  # patronymic missing
    assert sc("Abu Muhammad al-Julani", "ABU MOHAMMED AL-JAWLANI") > 0.85  # transliteration
    assert sc("Hayat Tahrir al Shaam", "Hayat Tahrir al-Sham") > 0.9  # typo
    assert sc("هيئة تحرير الشام", "Hayat Tahrir al-Sham") > 0.85  # Arabic ↔ Latin
    assert sc("Acme Trading LLC", "ACME TRADING COMPANY") > 0.8  # organisation-type words
    assert sc("John Smith", "John Smythe Brown") > 0.8  # Smyth(e) is a spelling of Smith
    assert sc("John Smith", "John Brown") < 0.8
    assert sc("Bank of America", "Bank of Kunlun") < 0.6
    assert sc("Jabhat al Nusra", "Jama'at Nusrat al-Islam wal-Muslimin") < 0.7  # JNIM is not HTS
    assert sc("HTS", "HTS", weak=True) == 0.9  # weak a.k.a.s weigh less


def test_explanation_names_its_parts():
    q, n = tokens("tahrir al-sham hayat"), tokens("Hay'at Tahrir al-Sham")
    value, why = scorer.score(q, [1.0] * 3, n, [1.0] * 3)
    assert value == 1.0 and why["token_order"] == "different"
    assert [p["how"] for p in why["pairs"]] == ["exact"] * 3
    assert why["query_coverage"] == why["name_coverage"] == 1.0


def test_config_is_versioned_and_hashed():
    assert scorer.VERSION and len(scorer.CONFIG_HASH) == 16
    assert 0 < scorer.DEFAULT_THRESHOLD < 1


def test_strip_diacritics_is_nfkd_without_marks_of_the_whole_text():
    """Stripping one distinct character at a time gives the text that decomposing the whole
    string does (canonical reordering only moves the marks that are dropped)."""
    import unicodedata

    from listwatch.names import strip_diacritics

    for text in ["Hay’at Taḥrīr al-Shām", "Ḥizbullāh “quoted”", "ﬁnal Ǆ 한국 q\u0307\u0323",
                 "Ñandú — Ærø", "plain ascii"]:
        whole = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        assert strip_diacritics(text) == whole
