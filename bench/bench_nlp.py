"""Speed of the listwatch English pipeline on one CPU core.

    python bench/bench_nlp.py [--words 40000] [--batch-size 256] [--disable parser ...]

Prints words/s for (a) batch processing with nlp.pipe and (b) one doc at a time (nlp(text)),
plus the share of each component.  The text is synthetic wire-news prose generated here from
templates written for this benchmark (seeded, so every run measures the same text).  Thread
pools are pinned to one thread before numpy is imported.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
           "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402

PEOPLE = ["Amina Haddad", "Oleg Vasiliev", "Farid Nasser", "Clara Jensen", "Tomas Ruiz",
          "Leila Karimi", "Dmitri Orlov", "Grace Mbeki", "Yusuf Demir", "Helen Park"]
ORGS = ["the Northern Liberation Front", "the European Commission", "the Interior Ministry",
        "the Security Council", "the Treasury Department", "the Red Crescent",
        "the Coastal Defence Army", "the Foreign Office"]
PLACES = ["Aleppo", "Brussels", "Geneva", "Ankara", "Idlib", "Vienna", "Tbilisi", "Beirut",
          "Ottawa", "Canberra"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "{p} said on {d} that {o} would review its decision to list {o2} as a terrorist organisation.",
    "Officials in {l} confirmed that {o} had frozen the assets of {n} people linked to {o2}.",
    "{o} urged {o2} to lift the sanctions imposed on the group after talks in {l}.",
    "Speaking to reporters in {l}, {p} described the designation as a political mistake.",
    "The decision, announced late on {d}, follows months of pressure from {o} and several "
    "governments in the region.",
    "According to a statement published by {o}, at least {n} members of {o2} were arrested near {l}.",
    "{p}, a spokesperson for {o}, told a news conference that the list would be updated within {n} days.",
    "Critics in {l} argue that removing {o2} from the list would reward violence, while supporters "
    "say the group has changed.",
    "{p} met {p2} in {l} on {d} to discuss humanitarian access and the future of the sanctions regime.",
    "The ministry did not respond to a request for comment.",
]


def make_texts(n_words: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts, total = [], 0
    while total < n_words:
        sents = []
        for _ in range(rng.randint(2, 6)):
            t = rng.choice(TEMPLATES)
            o, o2 = rng.sample(ORGS, 2)
            p, p2 = rng.sample(PEOPLE, 2)
            s = t.format(p=p, p2=p2, o=o, o2=o2, l=rng.choice(PLACES), d=rng.choice(DAYS),
                         n=rng.randint(2, 90))
            sents.append(s[0].upper() + s[1:])
        text = " ".join(sents)
        texts.append(text)
        total += len(text.split())
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--words", type=int, default=40000)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--disable", nargs="*", default=[])
    a = ap.parse_args()

    from listwatch import nlp as lw_nlp

    nlp = lw_nlp.load(disable=a.disable)
    texts = make_texts(a.words)
    n = sum(len(nlp.make_doc(t)) for t in texts)
    list(nlp.pipe(texts[:20]))  # warm-up

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=a.batch_size))
    batch = n / (time.perf_counter() - t0)

    single_texts = texts[: max(1, len(texts) // 4)]
    n_single = sum(len(nlp.make_doc(t)) for t in single_texts)
    t0 = time.perf_counter()
    for t in single_texts:
        nlp(t)
    single = n_single / (time.perf_counter() - t0)

    print(f"model: {lw_nlp.model_name()}")
    print(f"pipeline: {nlp.pipe_names}")
    print(f"text: {len(texts)} docs, {n} words (tokens), ~{n / len(texts):.0f} words/doc")
    print(f"batch  (nlp.pipe, batch_size={a.batch_size}): {batch:10,.0f} words/s on one core")
    print(f"single (nlp(text), {len(single_texts)} docs):      {single:10,.0f} words/s on one core")

    ds = [nlp.make_doc(t) for t in texts]
    t0 = time.perf_counter()
    ds = [nlp.make_doc(t) for t in texts]
    times = {"tokenizer": time.perf_counter() - t0}
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        ds = list(proc.pipe(ds, batch_size=a.batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in ds]
        times[name] = time.perf_counter() - t0
    tot = sum(times.values())
    print("share of time per component (batch): " +
          ", ".join(f"{k} {100 * v / tot:.0f}%" for k, v in times.items()))
    assert len(docs) == len(texts)


if __name__ == "__main__":
    main()
