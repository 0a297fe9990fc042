"""Designation-claim accuracy of the news reader on ``../shared/data/claims-dev/``, scored as
its README describes: each excerpt is its own document (with ``published`` when known), read
against a ledger holding the newest shared UN, OFAC SDN (2024-05-03) and OFSI files; predicted
claims are matched one-to-one to gold on authority (short names folded), action, modality and
subject (word overlap >= 50 % of the shorter name, ignoring "the", "al", "of", "group",
"movement", "organisation"; a possessive counts as its word: "Hezbollah’s" = "Hezbollah"); *relaxed* also treats ``considering`` and ``conditional`` as one.

    python bench/accuracy_claims.py [--db /tmp/listwatch-claims-ledger.db] [--no-ledger]
                                    [--dump diffs.txt] [--data ../shared/data/claims-dev]

The imported ledger is cached in --db (built on first use; the default name carries a hash of
the ledger code, so a change there imports afresh). ``--dump`` writes, per excerpt,
the gold claims that were missed and the predicted ones that matched nothing (for error
analysis; the file holds excerpt text, so keep it outside the repository).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from listwatch.names import normalise  # noqa: E402
from listwatch.news.intake import RawDocument  # noqa: E402
from listwatch.news.mentions.gazetteer import words  # noqa: E402
from listwatch.news.mentions.subjects import SubjectIndex  # noqa: E402
from listwatch.news.reader import Reader  # noqa: E402

SHARED = REPO.parent / "shared"
DATA = SHARED / "data" / "claims-dev"
LISTS = SHARED / "data" / "lists"
LEDGER_FILES = [
    LISTS / "un_consolidated" / "un_consolidated__2026-02-27__watchman_612b2174.xml",
    LISTS / "ofac_sdn_csv" / "sdn__2024-05-03T18-43__jackdwyer_a5ec3c5e.csv",
    LISTS / "uk_ofsi_conlist"
    / "ConList_xlsx_2022format__LastUpdated2025-04-10__nadya-soto_aaebb3d4__repo-name_UK_Sanctions_List.xlsx",
]
STOP = {"the", "al", "of", "group", "movement", "organisation", "organization"}
# short forms the scorer folds onto the short names the annotation uses
FOLD = {"us": "united states", "usa": "united states", "u s": "united states",
        "america": "united states", "uk": "united kingdom", "u k": "united kingdom",
        "britain": "united kingdom", "great britain": "united kingdom", "un": "united nations",
        "u n": "united nations", "eu": "european union", "e u": "european union",
        "turkiye": "turkey", "russian federation": "russia"}
RELAXED = {"conditional": "considering"}


@dataclass
class Pair:
    gold: dict | None
    pred: dict | None


def fold_authority(name: str | None) -> str:
    n = normalise(name or "")
    return FOLD.get(n, n)


def subject_words(text: str | None) -> set[str]:
    """Normalised words of a name; a possessive is its word ("Hezbollah’s military wing")."""
    found = {w for word, _, _ in words(text or "") for w in word.replace("-", " ").split()}
    return {w for w in found if w not in STOP}


def same_subject(gold: str, pred: dict) -> bool:
    g = subject_words(gold)
    for text in (pred.get("subject_text"), pred.get("subject_name")):
        p = subject_words(text)
        if g and p and len(g & p) >= 0.5 * min(len(g), len(p)):
            return True
    return False


def matches(gold: dict, pred: dict, relaxed: bool) -> bool:
    gm, pm = gold["modality"], pred["modality"]
    if relaxed:
        gm, pm = RELAXED.get(gm, gm), RELAXED.get(pm, pm)
    return (gm == pm and gold["action"] == pred["action"]
            and fold_authority(gold["authority"]) == fold_authority(pred["authority"])
            and same_subject(gold["subject"], pred))


def align(gold: list[dict], pred: list[dict], relaxed: bool) -> list[Pair]:
    """One-to-one greedy matching in gold order (each prediction used once)."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        j = next((j for j, p in enumerate(pred) if j not in used and matches(g, p, relaxed)), None)
        if j is None:
            pairs.append(Pair(g, None))
        else:
            used.add(j)
            pairs.append(Pair(g, pred[j]))
    pairs += [Pair(None, p) for j, p in enumerate(pred) if j not in used]
    return pairs


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def error_kind(pair: Pair, others: list[dict], gold_side: bool) -> str:
    """Why an unmatched claim did not match: the nearest counterpart on the other side that
    agrees on everything but one field names the field."""
    me = pair.gold if gold_side else pair.pred
    checks = {
        "authority": lambda g, p: fold_authority(g["authority"]) == fold_authority(p["authority"]),
        "action": lambda g, p: g["action"] == p["action"],
        "modality": lambda g, p: RELAXED.get(g["modality"], g["modality"])
        == RELAXED.get(p["modality"], p["modality"]),
        "subject": lambda g, p: same_subject(g["subject"], p),
    }
    for other in others:
        g, p = (me, other) if gold_side else (other, me)
        wrong = [k for k, check in checks.items() if not check(g, p)]
        if len(wrong) == 1:
            return f"wrong {wrong[0]}"
    side = "missed" if gold_side else "spurious"
    return f"{side} {me['modality']}"


def default_db() -> Path:
    """The cached ledger, named by a hash of the code that builds and reads it, so a ledger
    imported by older code is never reused."""
    digest = hashlib.sha256()
    for folder in ("ledger", "store", "sources", "screening"):
        for path in sorted((REPO / "listwatch" / folder).rglob("*.py")):
            digest.update(path.read_bytes())
    return Path(f"/tmp/listwatch-claims-ledger-{digest.hexdigest()[:12]}.db")


def ledger_reader(db: Path) -> Reader:
    from listwatch.ledger.importer import import_paths
    from listwatch.store import Store

    fresh = not db.exists()
    store = Store(f"sqlite:///{db}")
    store.upgrade()
    if fresh:
        started = time.perf_counter()
        results = import_paths(store, LEDGER_FILES)
        bad = [r for r in results if r.status == "refused"]
        if bad:
            db.unlink()
            sys.exit(f"ledger import refused: {bad[0].files}: {bad[0].message}")
        print(f"ledger imported into {db} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return Reader.for_store(store)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--db", type=Path, default=default_db(),
                    help="ledger cache (default: /tmp, named by a hash of the ledger code)")
    ap.add_argument("--no-ledger", action="store_true", help="read with an empty ledger")
    ap.add_argument("--dump", type=Path, help="write per-excerpt diffs here")
    args = ap.parse_args()
    path = args.data / "claims_dev.jsonl"
    if not path.exists():
        sys.exit(f"{path}: not found (claims-dev lives in ../shared/data/claims-dev)")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    reader = Reader(SubjectIndex.empty()) if args.no_ledger else ledger_reader(args.db)

    started = time.perf_counter()
    totals = {m: Counter() for m in ("strict", "relaxed")}
    dates = Counter()
    kinds: Counter = Counter()
    negatives = Counter()
    dump = []
    for rec in records:
        gold = rec["claims"]
        article = reader.read(RawDocument(rec["id"], "text", text=rec["text"]),
                              published=rec.get("published"))
        pred = article.claims
        if not gold:
            negatives["all"] += 1
            negatives["with claims"] += bool(pred)
        for mode in ("strict", "relaxed"):
            pairs = align(gold, pred, mode == "relaxed")
            t = totals[mode]
            t["tp"] += sum(1 for x in pairs if x.gold and x.pred)
            t["gold"] += len(gold)
            t["pred"] += len(pred)
            if mode == "strict":
                for x in pairs:
                    if x.gold and x.pred:
                        dates["pairs"] += 1
                        dates["right"] += (x.gold.get("date") or None) == _day(x.pred.get("date"),
                                                                              x.pred.get("date_granularity"))
            if mode == "relaxed":
                unmatched_pred = [x.pred for x in pairs if x.pred and not x.gold]
                unmatched_gold = [x.gold for x in pairs if x.gold and not x.pred]
                for x in pairs:
                    if x.gold and not x.pred:
                        kinds[error_kind(x, unmatched_pred, True)] += 1
                    elif x.pred and not x.gold:
                        k = error_kind(x, unmatched_gold, False)
                        if not k.startswith("wrong"):  # a wrong field is counted once, on the gold side
                            kinds[k] += 1
                if args.dump and (unmatched_gold or unmatched_pred):
                    dump.append(_diff(rec, unmatched_gold, unmatched_pred))
    seconds = time.perf_counter() - started

    print(f"claims-dev: {len(records)} excerpts, {totals['strict']['gold']} gold claims, "
          f"ledger: {'none' if args.no_ledger else 'UN 2026-02-27 + OFAC SDN 2024-05-03 + OFSI 2025-04-10'}")
    for mode in ("strict", "relaxed"):
        t = totals[mode]
        p, r, f = prf(t["tp"], t["pred"], t["gold"])
        print(f"{mode:8s} P {p:.2f}  R {r:.2f}  F1 {f:.2f}   (tp {t['tp']}, predicted {t['pred']}, gold {t['gold']})")
    acc = dates["right"] / dates["pairs"] if dates["pairs"] else 0.0
    print(f"date accuracy on matched pairs (strict): {acc:.2f} ({dates['right']}/{dates['pairs']})")
    print(f"negatives with any claim: {negatives['with claims']} of {negatives['all']}")
    print("errors by kind (relaxed):")
    for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:4d}  {k}")
    print(f"read {len(records)} excerpts in {seconds:.1f} s")
    if args.dump:
        args.dump.write_text("\n".join(dump), encoding="utf-8")
        print(f"diffs written to {args.dump}")


def _day(value: str | None, granularity: str | None) -> str | None:
    """The gold annotation has dates only at day level; a coarser prediction counts as none."""
    if not value or granularity not in (None, "day"):
        return None
    m = re.match(r"\d{4}-\d{2}-\d{2}$", value)
    return value if m else None


def _fmt(c: dict, gold: bool) -> str:
    subject = c["subject"] if gold else f"{c.get('subject_text')!r} [{c.get('subject_name')}]"
    return (f"{c['authority']} | {c['action']} | {c['modality']} | {subject} | date {c.get('date')}"
            + ("" if gold else f" | trigger {c.get('trigger')!r}"))


def _diff(rec: dict, missed: list[dict], spurious: list[dict]) -> str:
    lines = [f"=== {rec['id']} published {rec.get('published')}", rec["text"], "--- missed:"]
    lines += [f"  - {_fmt(c, True)}\n      {c['evidence']}" for c in missed]
    lines.append("--- spurious:")
    lines += [f"  + {_fmt(c, False)}\n      {c['evidence'][:200]}" for c in spurious]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
