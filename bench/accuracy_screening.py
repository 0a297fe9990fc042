"""Screening accuracy set, built from the lists themselves; prints precision and recall at the
default threshold (and a few others).

Positives (the right subject must come first, at or above the threshold):
  * held-out aliases: a Latin or Arabic/Cyrillic-script name of an entry with other names is
    removed from the index and screened (original-script ones test transliteration);
  * typo variants (one transposition or deletion in one word), token swaps and a dropped word
    of names that stay in the index.
Negatives (nothing may come back at or above the threshold): common person names built from
frequent first names and surnames absent from the lists, look-alike organisations, and named
look-alikes that must not reach a given subject (JNIM ↛ HTS).

Per script: false matches per 1,000 non-listed person names written in Han, Hangul, Arabic and
Cyrillic script, at the default threshold — full names composed from the name parts in
``bench/data/name_parts.yaml`` (seed fixed), any name a list carries (same normalised form)
left out; every result at or above the threshold is a false match.

    python bench/accuracy_screening.py --db sqlite:///ledger.db   # a ledger with the shared lists
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from listwatch.ledger import queries  # noqa: E402
from listwatch.names import script_of  # noqa: E402
from listwatch.screening import api, keys  # noqa: E402
from listwatch.screening.index import ScreeningIndex  # noqa: E402
from listwatch.store import Store  # noqa: E402

FIRST = ["John", "James", "Robert", "Michael", "William", "David", "Mary", "Patricia", "Jennifer",
         "Linda", "Elizabeth", "Thomas", "Charles", "Daniel", "Matthew", "Sarah", "Karen", "Emma",
         "Olivia", "Lucas", "Pierre", "Hans", "Giulia", "Sofia", "Jan", "Peter", "Anna", "Laura"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
        "Lewis", "Walker", "Young", "Allen", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
        "Müller", "Schmidt", "Dubois", "Rossi", "Jansen", "Novak", "Larsen", "Svensson"]
ORGANISATIONS = [
    "Bank of America", "Deutsche Bank AG", "Barclays PLC", "HSBC Holdings", "Toyota Motor Corporation",
    "Siemens AG", "Nestle SA", "Unilever PLC", "Royal Dutch Shell", "Microsoft Corporation",
    "Amazon.com Inc", "Maersk Line", "Mediterranean Shipping Company", "Red Cross", "Oxfam",
    "Doctors Without Borders", "World Food Programme", "Islamic Relief Worldwide",
    "Syrian Arab Red Crescent", "Qatar Airways", "Emirates NBD", "Turkish Airlines",
    "Levant Trading Company", "Victory Bakery", "North Front Logistics", "Sham Travel Agency",
    "Jabal Foods", "Nusr Restaurant", "Al Noor Grocery", "Liberation Books Ltd",
]
# (query, reference whose subject must NOT be returned above the threshold)
LOOKALIKES = [("Jama'at Nusrat al-Islam wal-Muslimin", ("un-sc", "QDe.137")),
              ("JNIM", ("un-sc", "QDe.137")),
              ("Nusrat al-Islam", ("un-sc", "QDe.137")),
              ("Harakat Sham al-Islam", ("un-sc", "QDe.137")),
              ("Abu Mohammed al-Adnani", ("un-sc", "QDi.317"))]


NAME_PARTS = Path(__file__).with_name("data") / "name_parts.yaml"
PER_SCRIPT = 1000


def composed_names(parts: dict, rng: random.Random) -> list[str]:
    """Every full name the parts of one script make (given/family order, optional middle
    names; feminine forms where given)."""
    forms = [(parts["given"], parts.get("middle", []), "")]
    if "feminine" in parts:
        female = parts["feminine"]
        forms.append((female["given"], female.get("middle", []), female["family_suffix"]))
    names = []
    for given_names, middles, suffix in forms:
        for given in given_names:
            for family in parts["family"]:
                middle = [rng.choice(middles)] if middles and rng.random() < 0.5 else []
                ordered = ([given, *middle, family + suffix] if parts["order"] == "given_family"
                           else [family + suffix, *middle, given])
                names.append(parts["joiner"].join(ordered))
    return names


def non_listed_by_script(listed: set[str], rng: random.Random) -> dict[str, list[str]]:
    result = {}
    for script, parts in yaml.safe_load(NAME_PARTS.read_text(encoding="utf-8")).items():
        names = sorted({n for n in composed_names(parts, rng) if keys.query_key(n) not in listed})
        result[script] = rng.sample(names, min(PER_SCRIPT, len(names)))
    return result


def false_matches_per_script(screener, by_script: dict[str, list[str]]) -> None:
    print(f"false matches per 1,000 non-listed names at {api.DEFAULT_THRESHOLD}:")
    for script, names in by_script.items():
        hits = []
        for query in names:
            results = api.screen_with(screener, query, limit=1).results
            if results:
                hits.append((query, results[0].matched_name.value, results[0].score))
        print(f"    {script}: {len(hits) * 1000 / len(names):.1f} ({len(hits)} of {len(names)}); "
              f"e.g. {hits[:4]}")


def listed_names_found(screener, data, links, rng: random.Random, count: int = 1000) -> None:
    """List names screened as the lists write them: their subject must come first (ties with
    other subjects of the same score count as found: homonyms on the lists)."""
    rows = rng.sample(data.names, min(count, len(data.names)))
    found = 0
    missed = []
    for source, reference, value, *_ in rows:
        subject = links.get((source, reference)) or f"{source}:{reference}"
        results = api.screen_with(screener, value, limit=10).results
        top = results[0].score if results else None
        if any(r.subject.id == subject and r.score == top for r in results):
            found += 1
        else:
            missed.append(value)
    print(f"list names screened as written, subject first at {api.DEFAULT_THRESHOLD}: "
          f"{found}/{len(rows)} = {found / len(rows):.3f}; missed e.g. {missed[:6]}")


def typo(name: str, rng: random.Random) -> str:
    words = name.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 5]
    if not candidates:
        return name
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = (w[:j] + w[j + 1] + w[j] + w[j + 2:]) if rng.random() < 0.5 else w[:j] + w[j + 1:]
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--held-out", type=int, default=600)
    parser.add_argument("--variants", type=int, default=600)
    args = parser.parse_args()
    rng = random.Random(11)
    store = Store(args.db)
    data = api.load_input(store)
    links = data.links
    by_entry: dict[tuple[str, str], list[tuple]] = {}
    for row in data.names:
        by_entry.setdefault((row[0], row[1]), []).append(row)

    def good(row) -> bool:
        return row[4] == "strong" and len(keys.tokens(row[2])) >= 2

    # held-out names: entries with at least one other strong name left in the index
    pool = [row for key, rows in by_entry.items() if len(rows) >= 2 and key in links
            for row in rows if good(row) and row[3] != "primary"]
    held = rng.sample(pool, min(args.held_out, len(pool)))
    held_set = set(held)
    data.names = [row for row in data.names if row not in held_set]
    screener = api.Screener(ScreeningIndex.build(data), 0.0)
    screener.decision_state = None

    positives: list[tuple[str, str, str]] = []  # (kind, query, subject)
    for row in held:
        kind = "held-out alias" if script_of(row[2]) == "Latn" else "held-out original script"
        positives.append((kind, row[2], links[(row[0], row[1])]))
    remaining = [row for row in data.names if good(row) and (row[0], row[1]) in links
                 and script_of(row[2]) == "Latn"]
    for row in rng.sample(remaining, min(args.variants, len(remaining))):
        subject = links[(row[0], row[1])]
        words = row[2].replace(",", "").split()
        roll = rng.random()
        if roll < 0.5:
            positives.append(("typo", typo(row[2], rng), subject))
        elif roll < 0.8:
            rng.shuffle(words)
            positives.append(("token swap", " ".join(words), subject))
        elif len(words) >= 3:
            del words[rng.randrange(len(words))]
            positives.append(("word left out", " ".join(words), subject))

    listed = {keys.query_key(row[2]) for row in data.names}
    negatives = [f"{f} {l}" for f in FIRST for l in LAST]
    negatives = [n for n in rng.sample(negatives, 400) if keys.query_key(n) not in listed]
    negatives += ORGANISATIONS
    lookalikes = [(q, queries.resolve_subject(store, ref[1])[0]) for q, ref in LOOKALIKES
                  if ref in links]
    by_script = non_listed_by_script(listed, random.Random(17))

    for threshold in (0.7, 0.75, api.DEFAULT_THRESHOLD, 0.85, 0.9):
        tp = fp = fn = 0
        by_kind: dict[str, list[int]] = {}
        misses = []
        for kind, query, subject in positives:
            results = api.screen_with(screener, query, threshold=threshold, limit=5).results
            stats = by_kind.setdefault(kind, [0, 0])
            stats[1] += 1
            if results and results[0].subject.id == subject:
                tp += 1
                stats[0] += 1
            elif results:
                fp += 1
                fn += 1
                misses.append((query, results[0].subject.name))
            else:
                fn += 1
                misses.append((query, None))
        neg_fp = 0
        neg_hits = []
        for query in negatives:
            results = api.screen_with(screener, query, threshold=threshold, limit=1).results
            if results:
                neg_fp += 1
                neg_hits.append((query, results[0].subject.name, results[0].score))
        for query, forbidden in lookalikes:
            results = api.screen_with(screener, query, threshold=threshold, limit=10).results
            if any(r.subject.id == forbidden for r in results):
                neg_fp += 1
                neg_hits.append((query, forbidden, None))
        fp_total = fp + neg_fp
        precision = tp / (tp + fp_total) if tp + fp_total else 1.0
        recall = tp / len(positives)
        mark = " (default)" if threshold == api.DEFAULT_THRESHOLD else ""
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"threshold {threshold}{mark}: precision {precision:.3f}, recall {recall:.3f}, "
              f"F1 {f1:.3f} "
              f"({len(positives)} positives, {len(negatives) + len(lookalikes)} negatives; "
              f"{neg_fp} negatives matched)")
        if threshold == api.DEFAULT_THRESHOLD:
            for kind, (ok, total) in sorted(by_kind.items()):
                print(f"    {kind}: {ok}/{total} = {ok / total:.3f}")
            print("    sample misses:", misses[:8])
            print("    negatives matched:", neg_hits[:8])
    listed_names_found(screener, data, links, rng)
    latin = [n for n in negatives if n not in ORGANISATIONS]
    by_script["Latn (the common names above)"] = latin
    false_matches_per_script(screener, by_script)


if __name__ == "__main__":
    main()
