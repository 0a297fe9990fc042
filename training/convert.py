"""Convert the open treebanks in ../shared/data/nlp into spaCy DocBins.

    python training/convert.py [--shared ../shared/data/nlp] [--out training/corpus]

Inputs (read only, never copied into the repository):
  ud-ewt/en_ewt-ud-{train,dev}.conllu      UD English EWT (CC BY-SA 4.0): tokens, tags, morphs,
                                           lemmas, dependency trees, sentences
  uner-ewt/en_ewt-ud-{train,dev}.iob2      Universal NER on the same EWT sentences (CC BY-SA 4.0):
                                           PER/ORG/LOC, aligned by sent_id and checked token by
                                           token (15 train / 3 dev sentences differ: their NER is
                                           marked missing, not "O")
  gum/gum-ccby-{train,dev}.conllu          GUM, CC-BY genres only: the same layers, plus MISC
                                           Entity= spans (person/organization/place)

Outputs (git-ignored):
  training/corpus/train.spacy   EWT train + GUM train
  training/corpus/raw.jsonl     the same training documents as plain text ({"text": ...} per
                                line), for `spacy pretrain` (no text from outside the corpus)
  training/corpus/dev.spacy     EWT dev (parse + UNER entities) - used for model selection
  training/corpus/ewt-dev.spacy, gum-dev.spacy   the two dev sets separately

Label set everywhere: PERSON, ORG, LOC.  UNER PER -> PERSON.  GUM person -> PERSON,
organization -> ORG, place -> LOC, only for *named* mentions (the UNER convention): the
mention, stripped of leading determiners/punctuation and trailing possessive/punctuation,
must start and end with a PROPN and contain only PROPN / function words / numbers /
adjectives, and not consist only of plural proper nouns ("Americans").  Other GUM entity types
are dropped (their tokens are "O").  Nested named mentions: the outermost wins.

A person / organisation / place mention that is *not* a plain name ("the Russian Foreign
Ministry", "music journalist Stanley Mitchell") has a proper-noun stretch UNER might well tag.
In the dev sets that stretch is *unknown* (spaCy's missing NER annotation: predictions there
are neither right nor wrong).  In train.spacy it is "O", as for the shipped model, unless
--unsure-missing makes it unknown there too (an experiment that did not help: MODEL_CARD.md).
PolNeAR is never read.

Documents are runs of at most --sents consecutive sentences of one source document, joined by
a space, so the parser learns sentence boundaries.  The output is deterministic.

The readers live in listwatch/nlp/evaluate.py (evaluation needs them in an installed package).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from listwatch.nlp.evaluate import load_ewt, load_gum, to_docs  # noqa: E402


def save_raw_text(docs: list[Doc], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"text": d.text}) + "\n")


def save(docs: list[Doc], path: Path) -> None:
    db = DocBin(store_user_data=False)
    for d in docs:
        db.add(d)
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    nw = sum(len(d) for d in docs)
    print(f"  -> {path}: {len(docs)} docs, {nw} words", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared" / "data" / "nlp")
    ap.add_argument("--out", type=Path, default=HERE / "corpus")
    ap.add_argument("--sents", type=int, default=10, help="max sentences per training doc")
    ap.add_argument("--unsure-missing", action="store_true",
                    help="GUM train: leave non-name mentions' proper nouns unknown, not O")
    a = ap.parse_args(argv)
    nlp = spacy.blank("en")
    ewt_train, gum_train = load_ewt(a.shared, "train"), load_gum(a.shared, "train")
    ewt_dev, gum_dev = load_ewt(a.shared, "dev"), load_gum(a.shared, "dev")
    train = to_docs(nlp, ewt_train, a.sents) + to_docs(nlp, gum_train, a.sents, a.unsure_missing)
    save(train, a.out / "train.spacy")
    save_raw_text(train, a.out / "raw.jsonl")
    ewt_dev_docs = to_docs(nlp, ewt_dev, a.sents)
    save(ewt_dev_docs, a.out / "dev.spacy")
    save(ewt_dev_docs, a.out / "ewt-dev.spacy")
    save(to_docs(nlp, gum_dev, a.sents), a.out / "gum-dev.spacy")


if __name__ == "__main__":
    main()
