"""Subject linking benchmark: precision and recall of linking by names alone, on real lists.

    python bench/bench_linking.py [--shared ../shared]

OFSI entries whose "Other Information" quotes a UN reference give true (OFSI, UN) pairs. The
benchmark parses the newest shared UN list, the OFSI xlsx and the OFAC SDN file of 2024-05-03,
hides every identifier (so only names, types, programmes and dates can link), links the three
lists together as the ledger does, and compares the OFSI–UN pairs that share a subject with the
true ones. Hard negatives: pairs of an OFSI entry and a UN entry with *another* reference whose
main names are close (rapidfuzz ratio ≥ 85 of their link keys); each one linked is a false link.
A second class: every link between the EU terrorist list (CP 2001/931, Reg. 2580/2001) and the
UN ISIL/Al-Qaida list (QD…) is false — by law the EU list holds only those *not* on the UN
list, so an entry on both is two groups sharing a name ("The Base").
OFSI entries without a UN reference that link to a UN entry cannot be judged and are counted
apart. Nothing here is tuned per entry: the figures go into the README as printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import time
from collections import Counter
from pathlib import Path

from rapidfuzz import fuzz

from listwatch import sources
from listwatch.ledger.subjects import link_facts, link_key, link_subjects, profile_of

FILES = {
    "un-sc": ("un_consolidated", "un_consolidated__2026-02-27__*.xml"),
    "uk-ofsi": ("uk_ofsi_conlist", "*.xlsx"),
    "us-ofac-sdn": ("ofac_sdn_csv", "sdn__2024-05-03T*.csv"),
    "eu-terrorist": ("eu_terrorist_list_cp2001_931", "*.csv"),
}


def records(shared: Path) -> dict:
    lists = shared / "data" / "lists"
    found = {}
    for source_id, (folder, pattern) in FILES.items():
        path = next((lists / folder).glob(pattern), None)
        if path is None:
            sys.exit(f"missing {lists / folder / pattern}")
        parsed = sources.get(source_id).parse({"main": path.read_bytes()})
        found.update({(source_id, r.reference): r for r in parsed.records})
    return found


def un_ref(record) -> str | None:
    refs = [i.value.strip().upper() for i in record.identifiers if i.scheme == "un-ref"]
    return refs[0] if refs else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--show", type=int, default=0, help="Print this many unjudged links.")
    parser.add_argument("--show-missed", type=int, default=8, help="Print this many missed pairs.")
    args = parser.parse_args()
    recs = records(args.shared)
    un_by_ref = {r.reference.upper(): key for key, r in recs.items() if key[0] == "un-sc"}
    truth = {key: un_by_ref[ref] for key, r in recs.items()
             if key[0] == "uk-ofsi" and (ref := un_ref(r)) and ref in un_by_ref}
    profiles = {}
    for key, r in recs.items():
        facts = {**link_facts(r), "link_ids": []}  # hide the references: names alone
        profiles[key] = profile_of(key, [facts], [(n.value, n.kind, n.quality) for n in r.aliases])
    started = time.perf_counter()
    groups = link_subjects(profiles, [], [])
    seconds = time.perf_counter() - started
    group_of = {k: i for i, g in enumerate(groups) for k in g.members}
    reason = {k: g.members[k][0].split(":")[0] for g in groups for k in g.members}
    un_in_group: dict[int, list] = {}
    for key in recs:
        if key[0] == "un-sc":
            un_in_group.setdefault(group_of[key], []).append(key)
    predicted = {(o, u) for o in recs if o[0] == "uk-ofsi" for u in un_in_group.get(group_of[o], ())}
    judged = {(o, u) for o, u in predicted if o in truth}
    true_pairs = set(truth.items())
    hits = judged & true_pairs
    unjudged = predicted - judged

    negatives = set()
    un_keys = {k: link_key(recs[k].name) for k in un_by_ref.values()}
    for ofsi, un in truth.items():
        mine = link_key(recs[ofsi].name)
        negatives |= {(ofsi, other) for other, k in un_keys.items()
                      if other != un and recs[other].type == recs[ofsi].type
                      and fuzz.ratio(mine, k) >= 85}
    false_negatives_linked = negatives & predicted
    eu_un = sorted((e, u) for e in recs if e[0] == "eu-terrorist"
                   for u in un_in_group.get(group_of[e], ()) if u[1].upper().startswith("QD"))

    def by_type(pairs) -> Counter:
        return Counter(recs[o].type for o, _ in pairs)

    print(f"# bench_linking {dt.date.today()} on {platform.node()} ({platform.processor() or platform.machine()})")
    print(f"records: {Counter(k[0] for k in recs)}; subjects: {len(groups)}; linking took {seconds:.2f} s")
    print(f"true OFSI-UN pairs (OFSI quotes a UN ref): {len(true_pairs)} {dict(by_type(true_pairs))}")
    print(f"linked by names alone, judged: {len(judged)}; correct: {len(hits)}")
    precision = len(hits) / len(judged) if judged else 0.0
    recall = len(hits) / len(true_pairs)
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    for type_ in sorted(by_type(true_pairs)):
        t = by_type(true_pairs)[type_]
        j, h = by_type(judged)[type_], by_type(hits)[type_]
        print(f"  {type_}: precision {h / j if j else 0:.3f} ({h}/{j})  recall {h / t:.3f} ({h}/{t})")
    print(f"hard negatives (other UN ref, main names ratio >= 85): {len(negatives)}; "
          f"linked: {len(false_negatives_linked)}")
    eu_entries = sum(1 for k in recs if k[0] == "eu-terrorist")
    print(f"EU terrorist list entries ({eu_entries}) linked to a UN ISIL/Al-Qaida entry "
          f"(false by law): {len(eu_un)}")
    for e, u in eu_un:
        print(f"  false: {e[1]} {recs[e].name!r} ~ {u[1]} {recs[u].name!r} ({reason[e]})")
    print(f"OFSI entries without a UN ref linked to a UN entry (not judged): {len(unjudged)}")
    print("correct links by reason:", dict(Counter(reason[o] for o, _ in hits)))
    for o, u in sorted(unjudged)[:args.show]:
        print(f"  not judged: {o[1]} {recs[o].name!r} ~ {u[1]} {recs[u].name!r} ({reason[o]})")
    wrong = sorted(judged - true_pairs)
    for o, u in wrong[:15]:
        print(f"  wrong: {o[1]} {recs[o].name!r} ~ {u[1]} {recs[u].name!r} ({reason[o]})")
    missed = sorted(true_pairs - hits)
    print(f"missed: {len(missed)}, e.g.:")
    for o, u in missed[:args.show_missed]:
        print(f"  {o[1]} {recs[o].name!r} / {u[1]} {recs[u].name!r}")


if __name__ == "__main__":
    main()
