"""Quote finding and speaker attribution of the news reader, scored on PolNeAR dev.

PolNeAR (../shared/data/nlp/polnear, evaluation only: no licence to train on it) marks every
attribution in 2016 US political news as Source, Cue and Content spans (brat standoff). The
reader finds *quotations* (text between double quotation marks), not paraphrase, so:

Gold quotes: attributions whose Content holds a double quotation mark (“ ” " « »), or has one
right before or after it (a content span drawn inside the marks). Texts annotated by several
annotators are scored once, against the first annotator in file-name order.

Quote matching (overlap, the lenient rule of the PARC/PolNeAR literature): a predicted quote
matches a gold quote when their character spans share at least one character. Precision =
predicted quotes that match some gold quote / predicted quotes; recall = gold quotes matched by
some predicted quote / gold quotes.

Speaker accuracy, over matched predicted quotes whose gold attribution has a Source (each
predicted quote judged against the gold quote it overlaps most):
* gold Source with a name in it (a capitalised word that is not a pronoun, determiner or title,
  e.g. "Republican nominee Donald Trump"): correct when the reader's speaker name (or, for an
  unresolved speaker, its text) shares a name word with it ("Trump" ~ "Donald Trump");
* gold Source a pronoun ("he", "she", "they" …): PolNeAR has no coreference, so its referent is
  taken to be the nearest earlier gold Source with a name in the same article (news keeps a
  speaker across consecutive attributions; this proxy is sometimes wrong, which caps the score).
  Correct when the reader's speaker shares a name word with that Source; an unresolved pronoun
  is wrong;
* gold Source a description without a name ("a campaign spokesman", "aides", "the source"):
  correct when the reader's speaker phrase overlaps the gold Source span and, if the reader
  resolved it to a person, that person shares a name word with some named gold Source of the
  article.

    python bench/accuracy_speakers.py [--polnear ../shared/data/nlp/polnear] [--errors 40]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from listwatch.news.intake import RawDocument  # noqa: E402
from listwatch.news.reader import Reader  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "nlp" / "polnear"
QUOTE_MARKS = "“”\"«»"
PRONOUNS = {"he", "she", "they", "i", "we", "it", "you", "him", "her", "them"}
# capitalised words that do not name anyone: determiners, pronouns, titles, party labels
NOT_NAME = PRONOUNS | {
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "this", "that", "these", "those",
    "some", "many", "one", "two", "both", "other", "another", "mr", "mrs", "ms", "dr", "gov",
    "sen", "rep", "president", "senator", "governor", "secretary", "republican", "democratic",
    "democrat", "republicans", "democrats", "former", "gop", "u.s", "us", "presidential",
    "nominee", "candidate", "campaign", "in", "on", "at", "of", "and", "but", "so", "when", "as",
}


@dataclass
class Gold:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    source_text: str
    quote: bool


def _spans(field: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split() for part in field.split(";"))]


def read_gold(ann: Path, text: str) -> list[Gold]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, rest, *_ = line.split("\t")
            label, offsets = rest.split(" ", 1)
            spans[tid] = (label, _spans(offsets))
        elif line.startswith("E"):
            events.append(dict(arg.split(":", 1) for arg in line.split("\t")[1].split()[1:]))
    out = []
    for e in events:
        if "Content" not in e:
            continue
        content = spans[e["Content"]][1]
        source = spans[e["Source"]][1] if "Source" in e else []
        quoted = any(ch in QUOTE_MARKS for a, b in content for ch in text[max(0, a - 1):b + 1])
        out.append(Gold(content, source, " ".join(text[a:b] for a, b in source), quoted))
    return out


def body_offsets(body: str, text: str) -> list[int]:
    """Offset in ``text`` of each character of the reader's ``body`` (its lines are substrings
    of the original lines; cleanup drops headlines, bylines and datelines)."""
    out = [-1] * len(body)
    cursor, pos = 0, 0
    for line in body.split("\n"):
        at = text.find(line, cursor) if line else -1
        if at != -1:
            out[pos:pos + len(line)] = range(at, at + len(line))
            cursor = at + len(line)
        pos += len(line) + 1
    return out


def name_words(s: str) -> set[str]:
    words = re.findall(r"[A-Z][\w’'.-]*", s)
    return {w.lower().removesuffix("’s").removesuffix("'s").rstrip(".") for w in words} - NOT_NAME


def overlap(a: list[tuple[int, int]], b: tuple[int, int]) -> int:
    return sum(max(0, min(e, b[1]) - max(s, b[0])) for s, e in a)


def kind_of(g: Gold) -> str:
    if g.source_text.strip().lower() in PRONOUNS:
        return "pronoun"
    return "named" if name_words(g.source_text) else "description"


def judge(q: dict, g: Gold, golds: list[Gold], offsets: list[int]) -> bool:
    kind = kind_of(g)
    said = q["speaker"] or q["speaker_text"] or ""
    if kind == "named":
        return bool(name_words(said) & name_words(g.source_text))
    if kind == "pronoun":
        earlier = [x for x in golds if x.source and x.source[0][0] < g.source[0][0]
                   and kind_of(x) == "named"]
        return bool(q["speaker"] and earlier and name_words(q["speaker"]) & name_words(earlier[-1].source_text))
    start = q.get("speaker_start")
    if start is None or not (0 <= start < len(offsets)) or offsets[start] < 0:
        return False
    at = offsets[start]
    span = (at, at + len(q["speaker_text"] or ""))
    if not overlap(g.source, span):
        return False
    if q["speaker_kind"] == "person":
        named = set().union(*(name_words(x.source_text) for x in golds if kind_of(x) == "named"))
        return bool(name_words(q["speaker"]) & named)
    return True


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--polnear", type=Path, default=DEFAULT)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--errors", type=int, default=0, help="print this many speaker errors")
    args = ap.parse_args()
    base = args.polnear / args.split
    if not base.is_dir():
        sys.exit(f"no PolNeAR data at {base}")
    reader = Reader()
    counts = Counter()
    by_kind = Counter()
    errors = []
    t0 = time.perf_counter()
    for text_file in sorted((base / "text").glob("*.txt")):
        anns = sorted((base / "attributions").glob(text_file.stem + "_*.ann"))
        if not anns:
            continue
        text = text_file.read_text(encoding="utf-8")
        golds = read_gold(anns[0], text)
        quotes = [g for g in golds if g.quote]
        article = reader.read(RawDocument(text_file.name, "text", text=text))
        offsets = body_offsets(article.body, text)
        counts["gold"] += len(quotes)
        matched_gold = set()
        for q in article.quotes:
            counts["predicted"] += 1
            mapped = [offsets[i] for i in range(q["start"], q["end"]) if offsets[i] >= 0]
            if not mapped:
                continue
            span = (mapped[0], mapped[-1] + 1)
            best = max(quotes, key=lambda g: overlap(g.content, span), default=None)
            if best is None or not overlap(best.content, span):
                continue
            counts["predicted_matched"] += 1
            matched_gold.add(id(best))
            if not best.source:
                counts["no_source"] += 1
                continue
            kind = kind_of(best)
            ok = judge(q, best, golds, offsets)
            counts["judged"] += 1
            counts["correct"] += ok
            by_kind[kind, ok] += 1
            if not ok:
                errors.append((text_file.stem, kind, best.source_text, q["speaker"], q["speaker_text"],
                               q["text"][:70]))
        counts["gold_matched"] += len(matched_gold)
    elapsed = time.perf_counter() - t0
    p = counts["predicted_matched"] / max(1, counts["predicted"])
    r = counts["gold_matched"] / max(1, counts["gold"])
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"PolNeAR {args.split}: {counts['gold']} gold quotes, {counts['predicted']} predicted "
          f"({elapsed:.1f} s)")
    print(f"quote (content overlap)  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    acc = counts["correct"] / max(1, counts["judged"])
    print(f"speaker accuracy         {acc:.3f}  ({counts['correct']}/{counts['judged']} matched quotes "
          f"with a gold source; {counts['no_source']} without one not judged)")
    for kind in ("named", "pronoun", "description"):
        n = by_kind[kind, True] + by_kind[kind, False]
        print(f"  gold source {kind:<12} {by_kind[kind, True] / max(1, n):.3f}  ({by_kind[kind, True]}/{n})")
    for e in errors[:args.errors]:
        print(" | ".join(str(x) for x in e))


if __name__ == "__main__":
    main()
