"""Date normalisation accuracy on GUM's ``<date …>`` annotations (dev split by default).

Each GUM document is rebuilt as plain text (tokens joined by their ``SpaceAfter``, sentences by a
space, ``# newpar`` paragraphs by a blank line) and read by ``find_dates`` with the document's
``meta::dateCreated`` as the publication date (it is the date the text was written: the day of
the speech, the news story, the interview).

Gold: every ``<date>`` element in the MISC column's ``XML=`` annotations, spanning the tokens from
its opening tag to its closing tag. Its value is ``when`` ("1805", "1805-07", "2020-01-16"), or,
for a bracket, ``from/to`` or ``notBefore/notAfter`` joined by "/". Gold values without a year
("--03", a recurring month) are left out of both sides: nothing in a dated text can resolve them.

Matching rule: a predicted mention (one with a value) and a gold element match when their
character spans overlap; each side is matched at most once, larger overlaps first. A match is
*value-correct* when the predicted value equals the gold value exactly — same granularity
("2024-11" is wrong for gold "2024-11-05", and vice versa); a predicted bracket is compared as
"start/end". Then

    value precision = value-correct / predictions with a value
    value recall    = value-correct / gold elements
    value F1        = their harmonic mean

and the same three on the extent alone (overlap, whatever the value). ``when`` elements are the
headline figure ("when F1": gold restricted to ``when``, predictions overlapping a bracket element
ignored); brackets are scored beside it. ``--errors`` lists every miss and wrong value.

    python bench/accuracy_dates.py                       # this tree
    python bench/accuracy_dates.py --against 4506385     # before/after: dates.py at a git revision
    python bench/accuracy_dates.py --gum …/gum-ccby-train.conllu --against 4506385 --by-genre
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+):::"([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    value: str
    kind: str  # when | bracket


@dataclass
class Doc:
    name: str
    published: dt.date | None
    text: str = ""
    gold: list[Gold] = field(default_factory=list)


def _value(attrs: dict[str, str]) -> tuple[str, str] | None:
    if "when" in attrs:
        return attrs["when"], "when"
    lo, hi = attrs.get("from") or attrs.get("notBefore"), attrs.get("to") or attrs.get("notAfter")
    if lo and hi:
        return f"{lo}/{hi}", "bracket"
    return None


def read_gum(path: Path) -> list[Doc]:
    """GUM CoNLL-U → documents with text and gold date elements (see the module docstring)."""
    docs: list[Doc] = []
    parts: list[str] = []
    open_dates: list[tuple[int, dict]] = []
    pending_par = False

    def finish():
        if docs:
            docs[-1].text = "".join(parts)

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id ="):
            finish()
            docs.append(Doc(line.split("=", 1)[1].strip(), None))
            parts, open_dates, pending_par = [], [], False
        elif line.startswith("# meta::dateCreated ="):
            docs[-1].published = dt.date.fromisoformat(line.split("=", 1)[1].strip()[:10])
        elif line.startswith("# newpar") and not line.startswith("# newpar_"):
            pending_par = True
        elif not line:
            if parts and not parts[-1].endswith((" ", "\n")):
                parts.append(" ")
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            if pending_par and parts:
                while parts and parts[-1] in (" ",):
                    parts.pop()
                parts.append("\n\n")
            pending_par = False
            misc = dict(kv.split("=", 1) for kv in cols[9].split("|") if "=" in kv)
            start = sum(len(p) for p in parts)
            end = start + len(cols[1])
            tags = _TAG.findall(misc.get("XML", ""))
            for closing, name, attrs in tags:  # opening tags stand before the token
                if name == "date" and not closing:
                    open_dates.append((start, dict(_ATTR.findall(attrs))))
            for closing, name, _ in tags:  # closing tags after it
                if name == "date" and closing and open_dates:
                    s, attrs = open_dates.pop()
                    v = _value(attrs)
                    if v and not v[0].startswith("-"):
                        docs[-1].gold.append(Gold(s, end, *v))
            parts.append(cols[1])
            if "SpaceAfter=No" not in cols[9]:
                parts.append(" ")
    finish()
    return docs


def load_find_dates(revision: str | None):
    """``find_dates`` of this tree, or of ``listwatch/news/dates.py`` at a git revision."""
    if revision is None:
        from listwatch.news.dates import find_dates
        return find_dates
    source = subprocess.run(["git", "-C", str(REPO), "show", f"{revision}:listwatch/news/dates.py"],
                            check=True, capture_output=True, text=True).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location(f"dates_{revision}", f.name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.find_dates


def _prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(docs: list[Doc], find_dates, errors: list[str] | None = None) -> dict[str, tuple]:
    counts = {k: [0, 0, 0, 0] for k in ("when", "bracket", "all")}  # value-correct, extent, pred, gold
    for doc in docs:
        predicted = [d for d in find_dates(doc.text, doc.published) if d.value]
        pairs = sorted(((min(p.end, g.end) - max(p.start, g.start), i, j)
                        for i, p in enumerate(predicted) for j, g in enumerate(doc.gold)
                        if p.start < g.end and g.start < p.end), reverse=True)
        used_p, used_g, match = set(), set(), {}
        for _, i, j in pairs:
            if i not in used_p and j not in used_g:
                used_p.add(i), used_g.add(j)
                match[j] = i
        for j, g in enumerate(doc.gold):
            for key in (g.kind, "all"):
                counts[key][3] += 1
            if j in match:
                p = predicted[match[j]]
                ok = p.value == g.value
                for key in (g.kind, "all"):
                    counts[key][0] += ok
                    counts[key][1] += 1
                    counts[key][2] += 1
                if not ok and errors is not None:
                    errors.append(f"WRONG {doc.name}: {doc.text[g.start:g.end]!r} gold {g.value} "
                                  f"got {p.value} from {p.text!r}")
            elif errors is not None:
                errors.append(f"MISS  {doc.name}: {doc.text[g.start:g.end]!r} gold {g.value}")
        for i, p in enumerate(predicted):
            if i not in used_p:
                counts["when"][2] += 1
                counts["all"][2] += 1
                if errors is not None:
                    context = doc.text[max(0, p.start - 30):p.end + 30].replace("\n", " ")
                    errors.append(f"EXTRA {doc.name}: {p.text!r} → {p.value} in …{context}…")
    return {k: (_prf(c[0], c[2], c[3]), _prf(c[1], c[2], c[3]), c) for k, c in counts.items()}


def report(label: str, scores: dict[str, tuple]) -> None:
    for key in ("when", "bracket", "all"):
        (vp, vr, vf), (ep, er, ef), c = scores[key]
        print(f"{label:10} {key:8} value P {vp:.2f} R {vr:.2f} F1 {vf:.2f}   extent P {ep:.2f} "
              f"R {er:.2f} F1 {ef:.2f}   (correct {c[0]}, matched {c[1]}, predicted {c[2]}, gold {c[3]})")


def print_by_genre(docs: list[Doc], against: str | None) -> None:
    """Value F1 over all dates, per genre (the second part of GUM's document names)."""
    genres = sorted({d.name.split("_")[1] for d in docs})
    before = load_find_dates(against) if against else None
    for genre in genres:
        part = [d for d in docs if d.name.split("_")[1] == genre]
        now = score(part, load_find_dates(None))["all"]
        then = f"before F1 {score(part, before)['all'][0][2]:.2f}  " if before else ""
        print(f"{genre:13} {len(part):3} documents {now[2][3]:4} dates   {then}F1 {now[0][2]:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gum", type=Path, default=REPO.parent / "shared/data/nlp/gum/gum-ccby-dev.conllu")
    ap.add_argument("--against", metavar="REV", help="also score dates.py at this git revision")
    ap.add_argument("--errors", action="store_true", help="list misses, wrong values and extras")
    ap.add_argument("--by-genre", action="store_true", help="value F1 (all dates) per GUM genre")
    args = ap.parse_args()
    if not args.gum.exists():
        sys.exit(f"{args.gum}: not found (GUM dev lives in ../shared/data/nlp/gum/)")
    docs = read_gum(args.gum)
    print(f"{args.gum.name}: {len(docs)} documents, {sum(len(d.gold) for d in docs)} gold dates "
          f"({sum(g.kind == 'when' for d in docs for g in d.gold)} when)")
    if args.against:
        report("before", score(docs, load_find_dates(args.against)))
    errors: list[str] = []
    t0 = time.perf_counter()
    scores = score(docs, load_find_dates(None), errors if args.errors else None)
    elapsed = time.perf_counter() - t0
    report("after" if args.against else "this tree", scores)
    print(f"{sum(len(d.text) for d in docs) / 1000:.0f} k characters in {elapsed:.2f} s")
    if args.by_genre:
        print_by_genre(docs, args.against)
    for e in errors:
        print(e)


if __name__ == "__main__":
    main()
