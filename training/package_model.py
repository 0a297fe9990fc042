"""Copy a trained pipeline (model-best) into the package, without training state.

    python training/package_model.py training/output/main/model-best listwatch/nlp/model

Keeps MODEL_CARD.md in the target folder; rewrites meta.json (name, version, licence,
sources); fails if the result is larger than 20 MB.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import spacy

MAX_BYTES = 20 * 1024 * 1024
KEEP = {"MODEL_CARD.md"}

META = {
    "lang": "en",
    "name": "listwatch_core",
    "version": "0.1.0",
    "description": "listwatch English CNN pipeline: tokenizer (spaCy rules), tagger (PTB), "
    "morphologizer (UPOS + UD features), trainable lemmatizer, UD dependency parser "
    "(also sentence boundaries), NER (PERSON/ORG/LOC). Trained from UD English EWT, GUM "
    "(CC-BY genres) and Universal NER EWT. See MODEL_CARD.md.",
    "author": "listwatch",
    "license": "CC BY-SA 4.0",
    "sources": [
        {"name": "UD English EWT v2.16", "url": "https://github.com/UniversalDependencies/UD_English-EWT",
         "license": "CC BY-SA 4.0"},
        {"name": "Universal NER: English EWT", "url": "https://github.com/UniversalNER/UNER_English-EWT",
         "license": "CC BY-SA 4.0"},
        {"name": "GUM (CC-BY genres)", "url": "https://github.com/amir-zeldes/gum",
         "license": "CC BY 4.0"},
    ],
}


def main(src: str, dst: str) -> None:
    src_p, dst_p = Path(src), Path(dst)
    dst_p.mkdir(parents=True, exist_ok=True)
    for child in dst_p.iterdir():
        if child.name in KEEP:
            continue
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    for child in src_p.iterdir():
        target = dst_p / child.name
        shutil.copytree(child, target) if child.is_dir() else shutil.copy2(child, target)
    meta_path = dst_p / "meta.json"
    meta = json.loads(meta_path.read_text())
    keep = {k: meta[k] for k in ("spacy_version", "spacy_git_version", "vectors", "labels",
                                 "pipeline", "components", "disabled", "performance") if k in meta}
    meta_path.write_text(json.dumps({**META, **keep}, indent=2) + "\n")
    size = sum(p.stat().st_size for p in dst_p.rglob("*") if p.is_file())
    nlp = spacy.load(dst_p)  # loads?
    print(f"packaged {src_p} -> {dst_p}: {size / 1e6:.1f} MB, pipeline {nlp.pipe_names}")
    if size > MAX_BYTES:
        sys.exit(f"model is {size} bytes > {MAX_BYTES}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
