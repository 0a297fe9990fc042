"""Relinking subjects after imports or judgements: store → subjects.link_subjects → store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from listwatch.store import Judgement, Store
from listwatch.ledger.subjects import anchor_of, assign_ids, link_subjects, profile_of


def relink_subjects(store: Store) -> int:
    """Recompute every subject in one transaction; returns the number of subjects."""
    with store.transaction():
        names = store.linking_names()
        profiles = {key: profile_of(key, facts, names.get(key, ()))
                    for key, facts in store.all_facts().items()}
        judgements = store.judgements()
        merges = [(j.a, j.b, j.by) for j in judgements if j.kind == "merge"]
        splits = [(j.a, j.b) for j in judgements if j.kind == "split"]
        groups = link_subjects(profiles, merges, splits)
        ids = assign_ids(groups, store.subject_links())
        subjects, links = [], []
        for subject_id, group in zip(ids, groups):
            anchor = anchor_of(group)
            subjects.append({"id": subject_id, "name": profiles[anchor].name,
                             "type": profiles[anchor].type, "anchor_source": anchor[0],
                             "anchor_reference": anchor[1]})
            links += [{"source_id": key[0], "reference": key[1], "subject_id": subject_id,
                       "reason": reason, "score": score}
                      for key, (reason, score) in group.members.items()]
        store.replace_subjects(subjects, links)
    return len(subjects)


def add_judgements(store: Store, judgements: Sequence[Judgement], now: dt.datetime) -> int:
    """Record analyst merges/splits, then relink so they take effect."""
    with store.transaction():
        store.add_judgements(judgements, now)
    return relink_subjects(store)
