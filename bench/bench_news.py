"""Throughput of the whole news reader (cleanup, NLP, quotes, dates, claims) on generated
600-word articles, and the share of time spent outside the spaCy pipeline.

    python bench/bench_news.py [--articles 60] [--workers 2]

With --workers N the articles are read by N processes (one pipeline each), as on a 2-core box.
"""

from __future__ import annotations

import argparse
import random
import time
from concurrent.futures import ProcessPoolExecutor

from listwatch.news.mentions.subjects import SubjectIndex
from listwatch.news.intake import RawDocument
from listwatch.news.reader import Reader, load_pipeline

GROUPS = ["Northern Liberation Front", "Army of the Eastern Coast", "Brigades of Hope"]
ROWS = [(f"S{i}", g.upper(), "organisation", g) for i, g in enumerate(GROUPS)]
PEOPLE = ["Anna Lind", "Omar Haddad", "Selin Arda", "Tomas Weller"]
AUTH = ["Turkey", "the United States", "Britain", "the EU", "Russia", "Canada", "the UN"]
SENTENCES = [
    "{a} urged {b} on Monday to remove the {g} from its list of terrorist organizations.",
    "“We will consider removing the {g} from the list if it disarms,” {p} said.",
    "The {g} is also listed as a terrorist organization by {a} and {b}.",
    "{a} has no plans to delist the {g}, a senior official told reporters on Tuesday.",
    "Fighters of the {g} attacked a checkpoint near the port in recent days, killing three soldiers.",
    "Local officials said the shelling had damaged two schools and a clinic in the old town.",
    "{p}, a spokesperson for the regional council, said talks would resume next week.",
    "Aid groups warned that food prices in the district had doubled since early October.",
    "On Dec. 8 the convoy reached the border crossing, where hundreds of families were waiting.",
    "{a} would consider proscribing the {g} if attacks on shipping continued, officials said.",
]


def article(seed: int) -> str:
    rnd = random.Random(seed)
    lines, words = ["Talks Stall Over Coast Group's Status", "By Jo Example",
                    "ANKARA, Turkey (Bench Wire) – " + SENTENCES[0].format(
                        a=rnd.choice(PEOPLE), b=rnd.choice(AUTH), g=rnd.choice(GROUPS))], 40
    while words < 600:
        s = rnd.choice(SENTENCES).format(a=rnd.choice(AUTH), b=rnd.choice(AUTH),
                                         g=rnd.choice(GROUPS), p=rnd.choice(PEOPLE))
        s = s[0].upper() + s[1:]
        lines.append(s if rnd.random() < 0.5 else s + " " + rnd.choice(SENTENCES[5:9]).format(
            a="x", b="y", g="z", p=rnd.choice(PEOPLE)))
        words += len(lines[-1].split())
    return "\n".join(lines)


class TimedNLP:
    """Wraps the pipeline to measure the time spent inside it."""

    def __init__(self, nlp):
        self.nlp, self.seconds = nlp, 0.0

    def pipe(self, texts, **kw):
        start = time.perf_counter()
        docs = list(self.nlp.pipe(texts, **kw))
        self.seconds += time.perf_counter() - start
        return docs


def run(seeds: list[int]) -> tuple[int, float, float, int]:
    nlp = TimedNLP(load_pipeline())
    reader = Reader(SubjectIndex.from_names(ROWS), nlp)
    reader.read(RawDocument("warm", "text", text=article(-1)), published="2024-12-18")
    nlp.seconds = 0.0
    claims = 0
    start = time.perf_counter()
    for seed in seeds:
        a = reader.read(RawDocument(str(seed), "text", text=article(seed)), published="2024-12-18")
        claims += len(a.claims)
    return len(seeds), time.perf_counter() - start, nlp.seconds, claims


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    seeds = list(range(args.articles))
    wall = time.perf_counter()
    if args.workers > 1:
        chunks = [seeds[i::args.workers] for i in range(args.workers)]
        with ProcessPoolExecutor(args.workers) as pool:
            results = list(pool.map(run, chunks))
    else:
        results = [run(seeds)]
    wall = time.perf_counter() - wall
    n = sum(r[0] for r in results)
    busy = sum(r[1] for r in results)
    spacy_s = sum(r[2] for r in results)
    words = sum(len(article(s).split()) for s in seeds[:5]) / 5
    print(f"articles: {n} (~{words:.0f} words each), workers: {args.workers}, claims: {sum(r[3] for r in results)}")
    print(f"reading time: {busy:.2f} s of worker time → {n / busy * args.workers:.1f} articles/s "
          f"steady state on {args.workers} worker(s) ({n / busy:.1f}/s per worker)")
    print(f"wall time including pipeline loading: {wall:.2f} s → {n / wall:.1f} articles/s")
    print(f"share of reading time outside the spaCy pipeline: {100 * (busy - spacy_s) / busy:.1f} %")


if __name__ == "__main__":
    main()
