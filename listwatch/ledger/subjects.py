"""Subjects: records from different lists that are the same organisation or person.

A pure function from records (and analyst judgements) to groups. Links are tried strongest
first — analyst merges, shared identifiers (a UN reference quoted by OFSI or the EU), then equal
names after normalisation and transliteration, with type agreement — and a link is skipped when
it would join two records an analyst split. Every member keeps the reason it joined.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from listwatch.records import Record

Key = tuple[str, str]  # (source id, reference)

# Which record names a subject after itself: the UN's list first, since the others cite it.
SOURCE_PRIORITY = ("un-sc", "eu-fsf", "eu-terrorist", "eu-isil-aq", "us-ofac-sdn", "us-fto", "uk-ofsi", "uk-proscribed",
                   "ca-listed", "ca-sema", "au-listed", "ru-fsb", "us-ofac-cons", "curated")

# Identifier schemes that name one designation across lists.
LINKING_SCHEMES = ("un-ref",)

# A name must say enough to link two lists on its own: acronyms such as "HTS" or one common
# word do not.
MIN_NAME_TOKENS = 2
MIN_NAME_CHARS = 8


@dataclass(frozen=True)
class Profile:
    """What linking needs to know of one (source, reference), over all its versions."""

    key: Key
    type: str
    name: str
    list_key: str  # the list an entry is on: the source, or source and authority (curated)
    name_keys: frozenset[str]
    linking_ids: frozenset[str]
    birth_years: frozenset[str]


@dataclass
class Group:
    members: dict[Key, tuple[str, float]] = field(default_factory=dict)  # key → (reason, score)


def link_facts(record: Record) -> dict:
    """What linking needs of a record version, stored beside it."""
    years: set[str] = set()
    for birth in record.birth_dates:
        years |= _years_of(birth)
    return {"type": record.type, "name": record.name, "authority": record.authority,
            "link_ids": sorted({f"{i.scheme}:{i.value.strip().upper()}" for i in record.identifiers
                                if i.scheme in LINKING_SCHEMES}),
            "birth_years": sorted(years)}


def profile_of(key: Key, facts: Sequence[Mapping], strong_name_keys: Iterable[str]) -> Profile:
    """A record's profile over all its versions (``facts`` oldest first; names as token keys)."""
    latest = facts[-1]
    authority = latest.get("authority")
    return Profile(key, latest["type"], latest["name"],
                   f"{key[0]}:{authority}" if authority else key[0],
                   frozenset(k for k in strong_name_keys if _says_enough(k)),
                   frozenset(i for f in facts for i in f["link_ids"]),
                   frozenset(y for f in facts for y in f["birth_years"]))


def _years_of(birth_date: str) -> set[str]:
    """Every year a birth date allows: "1977", "1977-03-01", or a range "1975/1979"."""
    found = [int(y) for y in re.findall(r"\b(?:1[89]|20)\d\d\b", birth_date)]
    if "/" in birth_date and len(found) == 2 and 0 <= found[1] - found[0] <= 30:
        return {str(y) for y in range(found[0], found[1] + 1)}
    return {str(y) for y in found}


def _says_enough(name_key: str) -> bool:
    return len(name_key.split()) >= MIN_NAME_TOKENS and len(name_key) >= MIN_NAME_CHARS


class _Components:
    """Union-find that refuses unions joining records an analyst has split, and (unless an
    analyst merges them) unions that would put two entries of one list in one subject: a list
    names each subject once, so two of its entries meeting means a name link went too far."""

    def __init__(self, profiles: Mapping[Key, Profile], splits: Iterable[tuple[Key, Key]]) -> None:
        self.parent = {k: k for k in profiles}
        self.lists = {k: {p.list_key} for k, p in profiles.items()}
        self.splits = [(a, b) for a, b in splits if a in self.parent and b in self.parent]

    def find(self, key: Key) -> Key:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: Key, b: Key, forced: bool = False) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return False
        if not forced and self.lists[root_a] & self.lists[root_b]:
            return False
        roots = {root_a, root_b}
        for x, y in self.splits:
            if {self.find(x), self.find(y)} == roots:
                return False
        self.parent[root_b] = root_a
        self.lists[root_a] |= self.lists.pop(root_b)
        return True


def _persons_compatible(a: Profile, b: Profile, shared_names: int) -> bool:
    """Two person records with one equal name are the same person only when their birth years
    agree; without birth data on both sides, two equal names are needed."""
    if a.birth_years and b.birth_years:
        return bool(a.birth_years & b.birth_years)
    return shared_names >= 2


def candidate_links(profiles: Mapping[Key, Profile]) -> list[tuple[Key, Key, str, float]]:
    """(a, b, reason, score) for every identifier or name link, strongest first."""
    links: list[tuple[Key, Key, str, float]] = []
    by_id: dict[str, list[Key]] = defaultdict(list)
    by_name: dict[str, list[Key]] = defaultdict(list)
    for key, profile in profiles.items():
        for ident in profile.linking_ids:
            by_id[ident].append(key)
        for name in profile.name_keys:
            by_name[name].append(key)
    for ident, keys in sorted(by_id.items()):
        keys = sorted(keys, key=_anchor_order)
        links += [(keys[0], other, f"shared-identifier:{ident}", 1.0) for other in keys[1:]]
    shared: dict[tuple[Key, Key], list[str]] = defaultdict(list)
    for name, keys in by_name.items():
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                if profiles[a].list_key != profiles[b].list_key and profiles[a].type == profiles[b].type:
                    shared[tuple(sorted((a, b), key=_anchor_order))].append(name)
    for (a, b), names in sorted(shared.items(), key=lambda item: (-len(item[1]), item[0])):
        if profiles[a].type == "person" and not _persons_compatible(profiles[a], profiles[b], len(names)):
            continue
        links.append((a, b, f"name-match:{sorted(names)[0]}", 0.9))
    return links


def _anchor_order(key: Key) -> tuple[int, str, str]:
    rank = SOURCE_PRIORITY.index(key[0]) if key[0] in SOURCE_PRIORITY else len(SOURCE_PRIORITY)
    return rank, key[0], key[1]


def link_subjects(profiles: Mapping[Key, Profile], merges: Sequence[tuple[Key, Key, str]],
                  splits: Sequence[tuple[Key, Key]]) -> list[Group]:
    """Group records into subjects; ``merges`` are (a, b, who) analyst judgements."""
    components = _Components(profiles, splits)
    reasons: dict[Key, tuple[str, float]] = {}
    ordered = [(a, b, f"analyst:{who}", 1.0) for a, b, who in merges
               if a in profiles and b in profiles] + candidate_links(profiles)
    for a, b, reason, score in ordered:
        if components.union(a, b, forced=reason.startswith("analyst:")):
            reasons.setdefault(b, (reason, score))
            reasons.setdefault(a, (reason, score))
    groups: dict[Key, Group] = defaultdict(Group)
    for key in sorted(profiles, key=_anchor_order):
        root = components.find(key)
        groups[root].members[key] = reasons.get(key, ("sole-record", 1.0))
    return list(groups.values())


def anchor_of(group: Group) -> Key:
    return min(group.members, key=_anchor_order)


def assign_ids(groups: Sequence[Group], previous: Mapping[Key, str]) -> list[str]:
    """Subject ids that survive re-linking: a group keeps the old id most of its members had
    (the largest group wins a contested id); a new group gets one derived from its anchor."""
    claims: list[tuple[int, int, str]] = []  # (members that had the id, group index, old id)
    for index, group in enumerate(groups):
        votes: dict[str, int] = defaultdict(int)
        for key in group.members:
            if key in previous:
                votes[previous[key]] += 1
        claims += [(count, index, old_id) for old_id, count in votes.items()]
    ids: list[str | None] = [None] * len(groups)
    taken: set[str] = set()
    # Strongest claims first, over all ids at once: a group's majority id is settled before any
    # minority claim of it can take another id (nor the id go to a weaker claimant).
    for count, index, old_id in sorted(claims, key=lambda c: (-c[0], c[1], c[2])):
        if ids[index] is None and old_id not in taken:
            ids[index] = old_id
            taken.add(old_id)
    for index, group in enumerate(groups):
        if ids[index] is None:
            ids[index] = _fresh_id(anchor_of(group), taken)
            taken.add(ids[index])
    return ids  # type: ignore[return-value]


def _fresh_id(anchor: Key, taken: set[str]) -> str:
    digest = hashlib.sha1(f"{anchor[0]}:{anchor[1]}".encode()).hexdigest()
    for length in range(10, 41):
        candidate = f"S{digest[:length]}"
        if candidate not in taken:
            return candidate
    raise RuntimeError(f"cannot derive a subject id for {anchor}")
