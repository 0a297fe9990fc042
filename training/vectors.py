"""Experiment (not shipped): static vectors from the *training* text only (no outside corpus).

    python training/vectors.py [--corpus training/corpus] [--out training/output/vectors]

Reads `train.spacy` (UD EWT train + GUM CC-BY train, written by convert.py) and writes:
  <out>/train.txt        one sentence per line, tokens lower-cased and space-joined
  <out>/vectors.floret   floret (hashed subword) vectors trained on train.txt
  <out>/nlp/             a blank English pipeline holding those vectors, for
                         `--paths.vectors` (see `training/train.sh vectors`)

floret keeps a fixed table of `bucket` subword rows instead of one row per word, so unseen
words (most names in news) still get a vector built from their character n-grams, and the
table size is fixed: 20,000 x 64 float32 = 5.1 MB, which would keep the model under 20 MB.
Training runs on one thread, which makes floret deterministic.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import floret
import spacy
from spacy.tokens import DocBin

HERE = Path(__file__).resolve().parent

FLORET = dict(model="skipgram", dim=64, minn=3, maxn=5, bucket=20000, hashCount=2,
              mode="floret", epoch=15, minCount=2, thread=1, verbose=0)


def write_sentences(corpus: Path, out: Path) -> None:
    nlp = spacy.blank("en")
    docs = DocBin().from_disk(corpus / "train.spacy").get_docs(nlp.vocab)
    with open(out / "train.txt", "w", encoding="utf-8") as f:
        for doc in docs:
            for sent in doc.sents:
                f.write(" ".join(t.lower_ for t in sent) + "\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    ap.add_argument("--out", type=Path, default=HERE / "output" / "vectors")
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    write_sentences(a.corpus, a.out)
    model = floret.train_unsupervised(str(a.out / "train.txt"), **FLORET)
    model.save_floret_vectors(str(a.out / "vectors.floret"))
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "en",
                    str(a.out / "vectors.floret"), str(a.out / "nlp"),
                    "--mode", "floret", "--attr", "LOWER", "--name", "listwatch_train.floret"],
                   check=True)


if __name__ == "__main__":
    main()
