"""The threshold only filters: screening at a low threshold and keeping the scores at or above a
higher one gives the answer of screening at the higher one (same subjects, same order, same
scores). On invented names here; on the real lists in test_shared_screening.py."""

from __future__ import annotations

import random

from listwatch.screening.index import IndexInput, ScreeningIndex

SYLLABLES = ["ka", "ro", "mi", "lu", "an", "sa", "vi", "de", "to", "ne", "bu", "rin", "dal",
             "mor", "hel", "tar", "zen", "gor"]


def invented_index(rng: random.Random, count: int = 3000) -> tuple[ScreeningIndex, list[str]]:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    firsts, lasts = [word() for _ in range(40)], [word() for _ in range(400)]
    names, entries = [], {}
    for ref in range(count):
        name = f"{rng.choice(firsts)} {rng.choice(lasts)}" + (
            f" {rng.choice(lasts)}" if rng.random() < 0.3 else "")
        entries[("fixture", str(ref))] = ("person", name)
        names.append(("fixture", str(ref), name, "primary", "strong", "Latn"))
    data = IndexInput(names=names, entries=entries, links={}, subjects={}, snapshots={},
                      memberships={}, authorities={}, records=lambda versions: {})
    return ScreeningIndex.build(data), [n[2] for n in names]


def answer(index: ScreeningIndex, query: str, threshold: float, limit: int) -> list:
    return [(subject, c.score) for subject, c in
            index.search(query, limit=limit, threshold=threshold)]


def perturbed(name: str, rng: random.Random) -> str:
    words = name.split()
    i = rng.randrange(len(words))
    w = words[i]
    j = rng.randrange(len(w))
    words[i] = w[:j] + rng.choice("aeiouklmn") + w[j + 1:]
    if rng.random() < 0.4:
        rng.shuffle(words)
    if rng.random() < 0.3 and len(words) > 1:
        words.pop()
    return " ".join(words)


def assert_threshold_only_filters(index: ScreeningIndex, queries: list[str]) -> None:
    for query in queries:
        for limit in (1, 10):
            low = answer(index, query, 0.5, limit)
            high = answer(index, query, 0.8, limit)
            assert [r for r in low if r[1] >= 0.8] == high, query


def test_screening_low_then_filtering_equals_screening_high_on_invented_names():
    rng = random.Random(3)
    index, names = invented_index(rng)
    assert_threshold_only_filters(index, [perturbed(rng.choice(names), rng) for _ in range(300)])
