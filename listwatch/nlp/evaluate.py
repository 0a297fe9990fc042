"""Dev-set evaluation of the listwatch English pipeline.

    python -m listwatch.nlp.evaluate [--model PATH_OR_NAME] [--shared DIR] [--limit N] [--json]

Reads the development sets from ``../shared/data/nlp`` (never shipped, never copied):

* UD English EWT dev (CoNLL-U) with Universal NER EWT dev entities aligned by sentence id;
* GUM CC-BY dev (CoNLL-U, ``Entity=`` spans -> PERSON/ORG/LOC, named mentions only).

and prints: tokenisation accuracy, sentence P/R/F, UPOS / XPOS / morphology / lemma accuracy,
UAS / LAS (full UD labels with subtypes, and universal labels only, i.e. CoNLL 2018 style),
and NER P/R/F overall and per label.  Everything is scored by spaCy's ``Scorer`` on raw text:
the pipeline tokenises and segments itself, and predictions are aligned to the gold tokens.

Two settings:

* ``docs``: runs of up to 10 consecutive gold sentences of one source document, joined by a
  space (the way the training data is built) - sentence F and all other scores;
* ``gold sentences``: every gold sentence its own text - parse scores with gold sentence
  boundaries, the usual setting for reporting a parser.

The treebank readers live here (not in ``training/``) because evaluation needs them in an
installed package; ``training/convert.py`` imports them, so training and evaluation read the
data identically.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example

LABELS = ("PERSON", "ORG", "LOC")
UNER_MAP = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
GUM_MAP = {"person": "PERSON", "organization": "ORG", "place": "LOC"}

ENT_OPEN = re.compile(r"\((\d+)-([a-z]+)")
ENT_CLOSE = re.compile(r"(\d+)\)")


@dataclass
class Sentence:
    sent_id: str
    doc_id: str
    newpar: bool
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    morphs: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # 0-based within sentence
    deps: list[str] = field(default_factory=list)
    misc: list[str] = field(default_factory=list)
    # entity spans (start, end, label) within the sentence; None = no NER annotation
    ents: list[tuple[int, int, str]] | None = None
    # token runs (start, end) whose NER is unknown: neither an entity nor "O" (see attach_gum)
    unsure: list[tuple[int, int]] = field(default_factory=list)


def read_conllu(path: Path) -> list[Sentence]:
    sents: list[Sentence] = []
    doc_id = ""
    cur: Sentence | None = None
    newpar = False
    mwt_end = -1
    mwt_space = True
    with path.open(encoding="utf8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if cur is not None and cur.words:
                    sents.append(cur)
                cur = None
                newpar = False
                mwt_end = -1
                continue
            if line.startswith("#"):
                if line.startswith("# newdoc"):
                    doc_id = line.split("=", 1)[1].strip() if "=" in line else f"doc{len(sents)}"
                    newpar = True
                elif line.startswith("# newpar"):
                    newpar = True
                elif line.startswith("# sent_id"):
                    cur = Sentence(line.split("=", 1)[1].strip(), doc_id, newpar)
                continue
            cols = line.split("\t")
            if cur is None:
                cur = Sentence(f"s{len(sents)}", doc_id, newpar)
            tid = cols[0]
            if "." in tid:  # empty node (enhanced graph only)
                continue
            if "-" in tid:  # multiword token: words are the syntactic words, space from MWT line
                a, b = tid.split("-")
                mwt_end = int(b)
                mwt_space = "SpaceAfter=No" not in cols[9]
                continue
            i = int(tid)
            misc = cols[9]
            if i < mwt_end:
                space = False
            elif i == mwt_end:
                space = mwt_space
            else:
                space = "SpaceAfter=No" not in misc
            cur.words.append(cols[1])
            cur.spaces.append(space)
            cur.lemmas.append(cols[2])
            cur.pos.append(cols[3])
            cur.tags.append(cols[4])
            cur.morphs.append("" if cols[5] == "_" else cols[5])
            head = int(cols[6])
            cur.heads.append(head - 1 if head > 0 else i - 1)
            cur.deps.append("ROOT" if cols[7] == "root" else cols[7])
            cur.misc.append(misc)
    if cur is not None and cur.words:
        sents.append(cur)
    return sents


def read_iob2(path: Path) -> dict[str, tuple[list[str], list[tuple[int, int, str]]]]:
    """sent_id -> (tokens, spans)."""
    out: dict[str, tuple[list[str], list[tuple[int, int, str]]]] = {}
    sid = None
    toks: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if sid is not None and toks:
            out[sid] = (list(toks), iob_to_spans(tags))

    with path.open(encoding="utf8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                flush()
                sid, toks, tags = None, [], []
                continue
            if line.startswith("#"):
                if line.startswith("# sent_id"):
                    sid = line.split("=", 1)[1].strip()
                continue
            cols = line.split("\t")
            toks.append(cols[1])
            tags.append(cols[2])
    flush()
    return out


def iob_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    spans = []
    start, label = None, None
    for i, t in enumerate(tags + ["O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != label):
            if start is not None:
                spans.append((start, i, label))
                start, label = None, None
            if t != "O":
                start, label = i, t[2:]
    return [(s, e, UNER_MAP[lab]) for s, e, lab in spans if lab in UNER_MAP]


def attach_uner(sents: list[Sentence], uner: dict) -> tuple[int, int]:
    ok = bad = 0
    for s in sents:
        got = uner.get(s.sent_id)
        if got is None:
            bad += 1
            continue
        toks, spans = got
        if toks != s.words:
            bad += 1
            continue
        s.ents = spans
        ok += 1
    return ok, bad


FUNC = {"ADP", "DET", "CCONJ", "PUNCT", "NUM", "ADJ", "PART", "SYM"}


def named_span(s: Sentence, start: int, end: int) -> tuple[int, int] | None:
    """The named part of a GUM mention, or None.  (Tried and not shipped: also accepting a
    capitalised ADJ as first token - "New York", "Russian Foreign Ministry" - see MODEL_CARD.)"""
    while start < end and s.pos[start] in {"DET", "PUNCT"}:
        start += 1
    while end > start and (s.pos[end - 1] == "PUNCT" or s.words[end - 1] in {"'s", "'", "’s", "’"}):
        end -= 1
    if end <= start:
        return None
    if s.pos[start] != "PROPN" or s.pos[end - 1] != "PROPN":
        return None
    if all(t == "NNPS" for t in s.tags[start:end]):  # demonyms/groups ("Americans"): not a name
        return None
    if any(p != "PROPN" and p not in FUNC for p in s.pos[start:end]):
        return None
    return start, end


def attach_gum(sents: list[Sentence]) -> None:
    """Entity spans from GUM MISC Entity= (CorefUD bracket notation; may cross sentences,
    but the named mentions we keep never do)."""
    for s in sents:
        open_: dict[str, list[tuple[int, str]]] = {}
        spans: list[tuple[int, int, str]] = []
        for i, misc in enumerate(s.misc):
            ent = next((m[7:] for m in misc.split("|") if m.startswith("Entity=")), None)
            if ent is None:
                continue
            # openings (and immediate single-token closings), in order of appearance
            pos = 0
            while pos < len(ent):
                m_open = ENT_OPEN.match(ent, pos)
                if m_open:
                    eid, etype = m_open.group(1), m_open.group(2)
                    # find end of this opening: next '(' or ')' not part of another opening
                    j = m_open.end()
                    while j < len(ent) and ent[j] not in "()":
                        j += 1
                    if j < len(ent) and ent[j] == ")":
                        spans.append((i, i + 1, etype))
                        j += 1
                    else:
                        open_.setdefault(eid, []).append((i, etype))
                    pos = j
                    continue
                m_close = ENT_CLOSE.match(ent, pos)
                if m_close:
                    eid = m_close.group(1)
                    if open_.get(eid):
                        st, etype = open_[eid].pop()
                        spans.append((st, i + 1, etype))
                    pos = m_close.end()
                    continue
                pos += 1
        kept = []
        name_like: set[int] = set()
        for st, en, etype in spans:
            if etype not in GUM_MAP:
                continue
            ns = named_span(s, st, en)
            if ns:
                kept.append((ns[0], ns[1], GUM_MAP[etype]))
            else:
                name_like |= _name_like_tokens(s, st, en)
        # outermost wins; on equal spans keep the first
        kept.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        final: list[tuple[int, int, str]] = []
        for sp in kept:
            if any(sp[0] < f[1] and f[0] < sp[1] for f in final):
                continue
            final.append(sp)
        s.ents = sorted(final)
        s.unsure = _runs(name_like - {i for a, b, _ in final for i in range(a, b)})


def _name_like_tokens(s: Sentence, start: int, end: int) -> set[int]:
    """Tokens from the first to the last proper noun or capitalised adjective of a person /
    organisation / place mention that is not a plain name ("the Russian Foreign Ministry",
    "music journalist Stanley Mitchell", "New York" where GUM tags "New" ADJ).  UNER might
    well tag part of it, so the dev sets leave those tokens unknown rather than "O"
    (training too with ``convert.py --unsure-missing``)."""
    idx = [i for i in range(start, end)
           if s.pos[i] == "PROPN" or (s.pos[i] == "ADJ" and s.words[i][:1].isupper())]
    return set(range(idx[0], idx[-1] + 1)) if idx else set()


def _runs(indices: set[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in sorted(indices):
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def to_docs(nlp: spacy.Language, sents: list[Sentence], max_sents: int,
            unsure_missing: bool = True) -> list[Doc]:
    """Runs of up to ``max_sents`` sentences of one document as gold Docs.  ``unsure_missing``:
    a sentence's ``unsure`` tokens get no NER annotation (scoring ignores predictions there);
    off, they are "O" (how the shipped model was trained, see convert.py)."""
    docs = []
    chunk: list[Sentence] = []

    def flush() -> None:
        if not chunk:
            return
        words, spaces, lemmas, pos, tags, morphs, heads, deps, starts = ([] for _ in range(9))
        ents: list[Span] = []
        missing: list[tuple[int, int]] = []
        off = 0
        for s in chunk:
            n = len(s.words)
            words += s.words
            sp = list(s.spaces)
            sp[-1] = True  # sentences are separated by a space in running text
            spaces += sp
            lemmas += s.lemmas
            pos += s.pos
            tags += s.tags
            morphs += s.morphs
            heads += [h + off for h in s.heads]
            deps += s.deps
            starts += [True] + [False] * (n - 1)
            if s.ents is None:
                missing.append((off, off + n))
            else:
                ents += [(a + off, b + off, lab) for a, b, lab in s.ents]
                if unsure_missing:
                    missing += [(a + off, b + off) for a, b in s.unsure]
            off += n
        spaces[-1] = False
        doc = Doc(nlp.vocab, words=words, spaces=spaces, lemmas=lemmas, pos=pos, tags=tags,
                  morphs=morphs, heads=heads, deps=deps, sent_starts=starts)
        doc.set_ents([Span(doc, a, b, label=lab) for a, b, lab in ents],
                     missing=[doc[a:b] for a, b in missing], default="outside")
        docs.append(doc)
        chunk.clear()

    prev_doc = None
    for s in sents:
        if s.doc_id != prev_doc or len(chunk) >= max_sents:
            flush()
        prev_doc = s.doc_id
        chunk.append(s)
    flush()
    return docs


def load_ewt(shared: Path, split: str) -> list[Sentence]:
    sents = read_conllu(shared / "ud-ewt" / f"en_ewt-ud-{split}.conllu")
    uner = read_iob2(shared / "uner-ewt" / f"en_ewt-ud-{split}.iob2")
    ok, bad = attach_uner(sents, uner)
    print(f"EWT {split}: {len(sents)} sentences, UNER aligned {ok}, not aligned {bad}", file=sys.stderr)
    return sents


def load_gum(shared: Path, split: str) -> list[Sentence]:
    sents = read_conllu(shared / "gum" / f"gum-ccby-{split}.conllu")
    attach_gum(sents)
    n = sum(len(s.ents or []) for s in sents)
    print(f"GUM {split}: {len(sents)} sentences, {n} named PERSON/ORG/LOC mentions", file=sys.stderr)
    return sents




def default_shared() -> Path:
    """``$LISTWATCH_SHARED/data/nlp``, else ``<repo>/../shared/data/nlp``, else ``./../shared``."""
    env = os.environ.get("LISTWATCH_SHARED")
    if env:
        return Path(env) / "data" / "nlp"
    repo_guess = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nlp"
    if repo_guess.exists():
        return repo_guess
    return Path.cwd().parent / "shared" / "data" / "nlp"


def _dep_getter(token, attr):
    return token.dep_.lower()


def _strip_subtypes(doc: Doc) -> None:
    for t in doc:
        if ":" in t.dep_:
            t.dep_ = t.dep_.split(":", 1)[0]


def score(nlp: spacy.Language, gold_docs: list[Doc], batch_size: int = 64) -> dict:
    """Run ``nlp`` on the texts of ``gold_docs`` and score against them.  Note: strips the UD
    subtypes of the dependency labels of ``gold_docs`` in place (for the universal LAS)."""
    preds = list(nlp.pipe((d.text for d in gold_docs), batch_size=batch_size))
    examples = [Example(p, g) for p, g in zip(preds, gold_docs)]
    scorer = Scorer(nlp)
    s = scorer.score(examples)
    # LAS on universal relations (nmod:poss -> nmod), as in the CoNLL 2018 shared task
    if "parser" in nlp.pipe_names:
        for p, g in zip(preds, gold_docs):
            _strip_subtypes(p)
            _strip_subtypes(g)
        # same conventions as spaCy's parser scorer: punctuation excluded, root label "ROOT"
        u = Scorer.score_deps([Example(p, g) for p, g in zip(preds, gold_docs)], "dep",
                              getter=_dep_getter, ignore_labels=("p", "punct"))
        s["dep_las_universal"] = u["dep_las"]
    s["n_words"] = sum(len(g) for g in gold_docs)
    return s


def _split_sentences(docs: list[Doc]) -> list[Doc]:
    return [s.as_doc() for d in docs for s in d.sents]


def evaluate(model: str | Path | None = None, shared: Path | None = None,
             limit: int | None = None) -> dict[str, dict]:
    """Scores per dev set: ``{"ewt": {...}, "ewt_gold_sents": {...}, "gum": {...}}``."""
    from listwatch import nlp as lw_nlp

    shared = Path(shared) if shared else default_shared()
    if model is None:
        nlp = lw_nlp.load()
    else:
        nlp = spacy.load(model)
        if lw_nlp.needs_label_map(nlp):
            nlp.add_pipe(lw_nlp.LABEL_MAP_FACTORY, last=True)
    blank = nlp  # gold docs must share the pipeline's vocab (the scorers look strings up there)
    ewt = load_ewt(shared, "dev")
    gum = load_gum(shared, "dev")
    if limit:
        ewt, gum = ewt[:limit], gum[:limit]
    ewt_docs = to_docs(blank, ewt, 10)
    gum_docs = to_docs(blank, gum, 10)
    # gold-sentence setting: built before scoring (score() rewrites dep labels in place)
    ewt_sents = _split_sentences(to_docs(blank, ewt, 10))
    gum_sents = _split_sentences(to_docs(blank, gum, 10))
    res = {
        "ewt": score(nlp, ewt_docs),
        "ewt_gold_sents": score(nlp, ewt_sents),
        "gum": score(nlp, gum_docs),
        "gum_gold_sents": score(nlp, gum_sents),
    }
    for key in ("ewt_gold_sents", "gum_gold_sents"):  # one sentence per text: no sentence score
        for m in ("sents_p", "sents_r", "sents_f"):
            res[key][m] = None
    return res


def _f(x) -> str:
    return "   -  " if x is None else f"{100 * x:6.2f}"


def report(res: dict[str, dict]) -> str:
    rows = [
        ("words", lambda s: f"{s['n_words']:6d}"),
        ("token acc", lambda s: _f(s.get("token_acc"))),
        ("sentence P", lambda s: _f(s.get("sents_p"))),
        ("sentence R", lambda s: _f(s.get("sents_r"))),
        ("sentence F", lambda s: _f(s.get("sents_f"))),
        ("UPOS acc", lambda s: _f(s.get("pos_acc"))),
        ("XPOS acc", lambda s: _f(s.get("tag_acc"))),
        ("morph acc", lambda s: _f(s.get("morph_acc"))),
        ("lemma acc", lambda s: _f(s.get("lemma_acc"))),
        ("UAS", lambda s: _f(s.get("dep_uas"))),
        ("LAS (full labels)", lambda s: _f(s.get("dep_las"))),
        ("LAS (universal)", lambda s: _f(s.get("dep_las_universal"))),
        ("NER P", lambda s: _f(s.get("ents_p"))),
        ("NER R", lambda s: _f(s.get("ents_r"))),
        ("NER F", lambda s: _f(s.get("ents_f"))),
    ]
    for lab in ("PERSON", "ORG", "LOC"):
        for m in ("p", "r", "f"):
            rows.append((f"  {lab} {m.upper()}",
                         lambda s, lab=lab, m=m: _f((s.get("ents_per_type") or {}).get(lab, {}).get(m))))
    names = list(res)
    out = [f"{'':22s}" + "".join(f"{n:>16s}" for n in names)]
    for label, fn in rows:
        out.append(f"{label:22s}" + "".join(f"{fn(res[n]):>16s}" for n in names))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m listwatch.nlp.evaluate",
                                 description="Dev scores of the listwatch English pipeline.")
    ap.add_argument("--model", help="spaCy model name or path (default: listwatch.nlp.load())")
    ap.add_argument("--shared", type=Path, help="folder with ud-ewt/, uner-ewt/, gum/")
    ap.add_argument("--limit", type=int, help="only the first N sentences of each dev set")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    a = ap.parse_args(argv)
    res = evaluate(a.model, a.shared, a.limit)
    if a.json:
        print(json.dumps(res, indent=1, default=str))
    else:
        print("docs = runs of <=10 gold sentences; gold_sents = one gold sentence per text")
        print(report(res))


if __name__ == "__main__":
    main()
