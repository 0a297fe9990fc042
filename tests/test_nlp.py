"""listwatch.nlp: loading, caching, disabling, label mapping, news-domain entities, evaluation.

The news sentences below were written for this test in the style of wire copy; they are not
quoted from any article.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from listwatch import nlp as lw_nlp
from conftest import require_shared


@pytest.fixture(autouse=True)
def _shipped_model(monkeypatch):
    """Every test sees the shipped model unless it sets the override itself."""
    monkeypatch.delenv(lw_nlp.ENV_VAR, raising=False)
    yield


# --- loading ------------------------------------------------------------------------------


def test_shipped_model_is_in_the_package():
    assert (lw_nlp.MODEL_DIR / "meta.json").is_file()
    assert (lw_nlp.MODEL_DIR / "MODEL_CARD.md").is_file()
    size = sum(p.stat().st_size for p in lw_nlp.MODEL_DIR.rglob("*") if p.is_file())
    assert size <= 20 * 1024 * 1024


def test_load_is_cached_and_complete():
    nlp = lw_nlp.load()
    assert lw_nlp.load() is nlp
    assert lw_nlp.load(()) is nlp
    for name in ("tok2vec", "tagger", "morphologizer", "trainable_lemmatizer", "parser", "ner"):
        assert name in nlp.pipe_names
    assert set(nlp.get_pipe("ner").labels) == set(lw_nlp.LABELS)
    assert lw_nlp.LABEL_MAP_FACTORY not in nlp.pipe_names  # shipped model needs no mapping
    doc = nlp("The ministry said it had received the letter. It did not comment further.")
    assert len(list(doc.sents)) == 2
    assert all(t.pos_ and t.tag_ and t.dep_ and t.lemma_ for t in doc)
    assert doc[1].lemma_ == "ministry" and doc[2].lemma_ == "say"


def test_disable_components():
    full = lw_nlp.load()
    light = lw_nlp.load(disable=("parser", "lemmatizer"))
    assert light is not full
    assert lw_nlp.load(disable=["lemmatizer", "parser"]) is light  # order does not matter
    assert "parser" not in light.pipe_names
    assert "trainable_lemmatizer" not in light.pipe_names  # "lemmatizer" alias
    assert "ner" in light.pipe_names and "sentencizer" in light.pipe_names
    doc = light("Officials met in Geneva on Monday. Talks will resume next week.")
    assert len(list(doc.sents)) == 2
    assert [e.label_ for e in doc.ents if e.text == "Geneva"] == ["LOC"]
    only_ner = lw_nlp.load(disable=("tagger", "morphologizer", "lemmatizer", "parser"))
    assert only_ner.pipe_names == ["sentencizer", "tok2vec", "ner"]


def test_override_model_from_environment(monkeypatch):
    """LISTWATCH_SPACY_MODEL wins; here it names the shipped model by path (an installed
    en_core_web_* package works the same way)."""
    default = lw_nlp.load(disable=("parser",))
    monkeypatch.setenv(lw_nlp.ENV_VAR, str(lw_nlp.MODEL_DIR) + "/")
    assert lw_nlp.model_name() == str(lw_nlp.MODEL_DIR) + "/"
    nlp = lw_nlp.load(disable=("parser",))
    assert nlp is not default  # cached per model name, too
    assert nlp is lw_nlp.load(disable=("parser",))
    monkeypatch.setenv(lw_nlp.ENV_VAR, "en_no_such_model_xyz")
    with pytest.raises(OSError, match="LISTWATCH_SPACY_MODEL"):
        lw_nlp.load()


# --- label mapping (OntoNotes -> ours) -------------------------------------------------------


def _doc(words, tags, pos):
    nlp = spacy.blank("en")
    return spacy.tokens.Doc(nlp.vocab, words=words, tags=tags, pos=pos)


def test_map_label():
    assert lw_nlp.map_label("PERSON") == "PERSON"
    assert lw_nlp.map_label("PER") == "PERSON"
    assert lw_nlp.map_label("ORG") == "ORG"
    assert lw_nlp.map_label("GPE") == "LOC"
    assert lw_nlp.map_label("LOC") == "LOC"
    assert lw_nlp.map_label("FAC") == "LOC"
    for other in ("NORP", "DATE", "MONEY", "CARDINAL", "EVENT", "LAW", "MISC"):
        assert lw_nlp.map_label(other) is None


def test_entity_label_norp():
    doc = _doc(["Russian", "officials", "met", "Hayat", "Tahrir", "al", "-", "Sham", "and",
                "Syrians", "."],
               ["JJ", "NNS", "VBD", "NNP", "NNP", "NNP", "HYPH", "NNP", "CC", "NNPS", "."],
               ["ADJ", "NOUN", "VERB", "PROPN", "PROPN", "PROPN", "PUNCT", "PROPN", "CCONJ",
                "PROPN", "PUNCT"])
    assert lw_nlp.entity_label(Span(doc, 0, 1, "NORP")) is None  # nationality adjective
    assert lw_nlp.entity_label(Span(doc, 3, 8, "NORP")) == "ORG"  # proper-noun group name
    assert lw_nlp.entity_label(Span(doc, 9, 10, "NORP")) is None  # plural demonym
    assert lw_nlp.entity_label(Span(doc, 3, 8, "GPE")) == "LOC"
    assert lw_nlp.entity_label(Span(doc, 0, 1, "DATE")) is None


def test_label_map_component_rewrites_ontonotes_entities():
    nlp = spacy.blank("en")
    nlp.add_pipe(lw_nlp.LABEL_MAP_FACTORY)
    doc = _doc(["Putin", "spoke", "to", "Russian", "diplomats", "in", "Damascus", "on",
                "Monday", "about", "the", "UN", "."],
               ["NNP", "VBD", "IN", "JJ", "NNS", "IN", "NNP", "IN", "NNP", "IN", "DT", "NNP", "."],
               ["PROPN", "VERB", "ADP", "ADJ", "NOUN", "ADP", "PROPN", "ADP", "PROPN", "ADP",
                "DET", "PROPN", "PUNCT"])
    doc.ents = [Span(doc, 0, 1, "PERSON"), Span(doc, 3, 4, "NORP"), Span(doc, 6, 7, "GPE"),
                Span(doc, 8, 9, "DATE"), Span(doc, 11, 12, "ORG")]
    doc = nlp.get_pipe(lw_nlp.LABEL_MAP_FACTORY)(doc)
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("Putin", "PERSON", "PERSON"), ("Damascus", "LOC", "GPE"), ("UN", "ORG", "ORG")]
    assert doc[3].ent_iob_ == "O" and doc[8].ent_iob_ == "O"


def test_needs_label_map():
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for lab in ("PERSON", "GPE", "NORP"):
        ner.add_label(lab)
    assert lw_nlp.needs_label_map(nlp)
    assert not lw_nlp.needs_label_map(lw_nlp.load())


# --- news domain -------------------------------------------------------------------------

NEWS = [
    ("Chechen leader Ramzan Kadyrov said on Tuesday that his fighters were ready to help "
     "restore order in Syria if Moscow asked them to.",
     {"Ramzan Kadyrov": "PERSON", "Syria": "LOC"}),
    ("Maria Zakharova, a spokeswoman for the Russian Foreign Ministry, told reporters that "
     "contacts with the new authorities in Damascus were continuing.",
     {"Maria Zakharova": "PERSON", "Russian Foreign Ministry": "ORG", "Damascus": "LOC"}),
    ("Bashar al-Assad left Damascus as rebel forces led by Hayat Tahrir al-Sham advanced on the "
     "capital, according to two officials.",
     {"Bashar al-Assad": "PERSON", "Damascus": "LOC", "Hayat Tahrir al-Sham": "ORG"}),
    ("Vladimir Putin met Ramzan Kadyrov in the Kremlin on Thursday to discuss the situation in "
     "Chechnya, state media reported.",
     {"Vladimir Putin": "PERSON", "Ramzan Kadyrov": "PERSON", "Chechnya": "LOC"}),
    ("The United Nations said it was studying whether Hayat Tahrir al-Sham could be removed from "
     "its sanctions list.",
     {"United Nations": "ORG", "Hayat Tahrir al-Sham": "ORG"}),
    ("Officials at the United Nations in Geneva declined to say when the sanctions committee "
     "would meet, but diplomats said Syria was on the agenda.",
     {"United Nations": "ORG", "Syria": "LOC"}),
]


# Spans the shipped model gets wrong on these sentences (see MODEL_CARD.md, "Known
# weaknesses").  They stay visible as strict xfails: a retrained model that fixes one makes the
# suite fail until it is removed from this list.
KNOWN_MISSES: dict[tuple[int, str], str] = {
    (1, "Russian Foreign Ministry"): "not recognised (ADJ-initial organisation names are rare in training)",
    (2, "Hayat Tahrir al-Sham"): "labelled PERSON instead of ORG",
    (4, "United Nations"): "not recognised",
    (4, "Hayat Tahrir al-Sham"): "labelled PERSON instead of ORG",
    (5, "United Nations"): "not recognised",
}

_CASES = [(i, name, label) for i, (_, exp) in enumerate(NEWS) for name, label in exp.items()]


@pytest.mark.parametrize(
    "i,name,label",
    [pytest.param(i, n, lab, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[(i, n)]))
     if (i, n) in KNOWN_MISSES else (i, n, lab) for i, n, lab in _CASES],
    ids=[f"{i}-{n}" for i, n, _ in _CASES],
)
def test_news_domain_entities(i, name, label):
    doc = lw_nlp.load()(NEWS[i][0])
    found = {e.text: e.label_ for e in doc.ents}
    assert found.get(name) == label, f"{name!r}: got {found}"


def test_news_domain_parse():
    """Who said what, who urged whom: subject and object of the reporting verbs."""
    nlp = lw_nlp.load()
    doc = nlp("The Russian Foreign Ministry urged the United Nations to lift the sanctions.")
    urged = next(t for t in doc if t.lemma_ == "urge")
    assert urged.dep_ == "ROOT"
    subj = [c for c in urged.children if c.dep_.startswith("nsubj")]
    obj = [c for c in urged.children if c.dep_ in ("obj", "iobj")]
    assert [t.text for t in subj] == ["Ministry"]
    assert [t.text for t in obj] == ["Nations"]
    doc = nlp("Maria Zakharova said the decision was a mistake.")
    said = next(t for t in doc if t.lemma_ == "say")
    assert [c.text for c in said.children if c.dep_ == "nsubj"] == ["Maria"]
    assert any(c.dep_ == "ccomp" for c in said.children)


# --- evaluation ----------------------------------------------------------------------------


def test_evaluation_smoke():
    require_shared("data", "nlp", "ud-ewt")
    from listwatch.nlp import evaluate

    res = evaluate.evaluate(limit=40)
    ewt = res["ewt"]
    assert ewt["n_words"] > 300
    for key in ("token_acc", "sents_f", "pos_acc", "dep_uas", "dep_las", "dep_las_universal",
                "ents_f"):
        assert 0.3 < ewt[key] <= 1.0, key
    assert set(ewt["ents_per_type"]) <= set(lw_nlp.LABELS)
    assert res["ewt_gold_sents"]["sents_f"] is None
    table = evaluate.report(res)
    assert "LAS (universal)" in table and "PERSON F" in table


# A GUM-style fragment written for this test: "Foreign minister Sergei Lavrov visited the
# Syrian Interior Ministry in Damascus ." - the person and organisation mentions are not plain
# names (they start with a common noun / an adjective); "Damascus" is.
_GUM_FRAGMENT = "\n".join("\t".join(cols) for cols in [
    ("1", "Foreign", "foreign", "ADJ", "JJ", "_", "2", "amod", "_", "Entity=(1-person-new"),
    ("2", "minister", "minister", "NOUN", "NN", "_", "5", "nsubj", "_", "_"),
    ("3", "Sergei", "Sergei", "PROPN", "NNP", "_", "2", "appos", "_", "_"),
    ("4", "Lavrov", "Lavrov", "PROPN", "NNP", "_", "3", "flat", "_", "Entity=1)"),
    ("5", "visited", "visit", "VERB", "VBD", "_", "0", "root", "_", "_"),
    ("6", "the", "the", "DET", "DT", "_", "9", "det", "_", "Entity=(2-organization-new"),
    ("7", "Syrian", "Syrian", "ADJ", "JJ", "_", "9", "amod", "_", "_"),
    ("8", "Interior", "Interior", "PROPN", "NNP", "_", "9", "compound", "_", "_"),
    ("9", "Ministry", "Ministry", "PROPN", "NNP", "_", "5", "obj", "_", "Entity=2)"),
    ("10", "in", "in", "ADP", "IN", "_", "11", "case", "_", "_"),
    ("11", "Damascus", "Damascus", "PROPN", "NNP", "_", "5", "obl", "SpaceAfter=No",
     "Entity=(3-place-new)"),
    ("12", ".", ".", "PUNCT", ".", "_", "5", "punct", "_", "_"),
])


def test_gum_entities_named_and_unsure(tmp_path):
    from listwatch.nlp import evaluate

    path = tmp_path / "frag.conllu"
    path.write_text(f"# newdoc id = t1\n# sent_id = t1-1\n{_GUM_FRAGMENT}\n\n", encoding="utf8")
    sents = evaluate.read_conllu(path)
    evaluate.attach_gum(sents)
    (s,) = sents
    assert s.ents == [(10, 11, "LOC")]
    # the stretches from the first to the last proper noun or capitalised adjective of the two
    # non-name mentions are unknown, not "O"
    assert s.unsure == [(0, 4), (6, 9)]
    blank = spacy.blank("en")
    (dev,) = evaluate.to_docs(blank, sents, 10)
    assert [t.ent_iob for t in dev] == [0, 0, 0, 0, 2, 2, 0, 0, 0, 2, 3, 2]
    (train,) = evaluate.to_docs(blank, sents, 10, unsure_missing=False)
    assert [t.ent_iob_ for t in train] == ["O"] * 10 + ["B", "O"]
