#!/usr/bin/env bash
# Reproducible training of the listwatch English pipeline (see training/README.md).
#   training/train.sh            from the repository root, with the virtualenv active:
#                                convert -> train -> package -> evaluate -> speed (~40 min)
# The experiments of MODEL_CARD.md "What was tried" (none is packaged; output in
# training/output/<name>, scores printed at the end):
#   training/train.sh vectors    + floret static vectors trained on the training text
#   training/train.sh pretrain   tok2vec pretrained on the training text (spacy pretrain)
#   training/train.sh unsure     GUM non-name mentions' proper nouns unknown instead of "O",
#                                on top of pretrain
#   training/train.sh wide       tok2vec width 128 instead of 96
#   training/train.sh seed2      the main run with another seed (run-to-run spread)
#   training/train.sh ner        NER with its own tok2vec, assembled into the main pipeline
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1 PYTHONHASHSEED=0
SHARED=${SHARED:-../shared/data/nlp}
RUN=${1:-main}
OUT=training/output/$RUN
CORPUS=training/corpus
mkdir -p training/output
: > "$OUT.log"

timed() {  # timed LABEL CMD...: run CMD niced, log it, and log its wall time
    local label=$1 start; shift
    start=$(date +%s)
    nice -n 10 "$@" 2>&1 | tee -a "$OUT.log"
    echo "$label wall time: $(( $(date +%s) - start )) s" | tee -a "$OUT.log"
}

train() {  # train [config overrides...]: seeded run of training/config.cfg into $OUT
    timed train python -m spacy train training/config.cfg --output "$OUT" \
        --paths.train "$CORPUS/train.spacy" --paths.dev "$CORPUS/dev.spacy" "$@"
}

pretrain() {  # tok2vec weights from the training text (characters objective, 20 epochs)
    rm -rf training/output/pretrain
    timed pretrain python -m spacy pretrain training/config.cfg training/output/pretrain \
        --paths.raw_text "$CORPUS/raw.jsonl"
}

# treebanks -> DocBins + raw text (deterministic)
python training/convert.py --shared "$SHARED" --out "$CORPUS"

case "$RUN" in
main)
    train
    python training/package_model.py "$OUT/model-best" listwatch/nlp/model
    python -m listwatch.nlp.evaluate
    python bench/bench_nlp.py
    exit 0
    ;;
vectors)
    python training/vectors.py --corpus "$CORPUS" --out training/output/vectors
    train --paths.vectors training/output/vectors/nlp \
        --components.tok2vec.model.embed.include_static_vectors true
    ;;
pretrain)
    pretrain
    train --paths.init_tok2vec training/output/pretrain/model19.bin
    ;;
unsure)
    CORPUS=training/corpus-unsure
    python training/convert.py --shared "$SHARED" --out "$CORPUS" --unsure-missing
    pretrain
    train --paths.init_tok2vec training/output/pretrain/model19.bin
    ;;
wide)
    train --components.tok2vec.model.encode.width 128
    ;;
seed2)
    train --system.seed 2
    ;;
ner)
    # NER alone with its own tok2vec; needs the main run's model-best
    timed train python -m spacy train training/config_ner.cfg --output "$OUT"
    python training/assemble.py training/output/main/model-best "$OUT/model-best" \
        training/output/assembled
    python -m listwatch.nlp.evaluate --model training/output/assembled
    exit 0
    ;;
*)
    echo "unknown run '$RUN' (main, vectors, pretrain, unsure, wide, seed2, ner)" >&2
    exit 2
    ;;
esac
python -m listwatch.nlp.evaluate --model "$OUT/model-best"
LISTWATCH_SPACY_MODEL="$OUT/model-best" python bench/bench_nlp.py
