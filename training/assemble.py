"""Assemble the shipped pipeline: stage-1 pipeline with its NER replaced by the stage-2 NER
(which has its own tok2vec).

    python training/assemble.py training/output/main/model-best \
        training/output/ner/model-best training/output/assembled
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy


def main(main_dir: str, ner_dir: str, out: str) -> None:
    nlp = spacy.load(main_dir, exclude=["ner"])
    ner_nlp = spacy.load(ner_dir)
    nlp.add_pipe("ner", source=ner_nlp, last=True)
    Path(out).mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    again = spacy.load(out)
    doc = again("Officials in Geneva met Vladimir Putin.")
    print(f"assembled {out}: {again.pipe_names}; {[(e.text, e.label_) for e in doc.ents]}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
