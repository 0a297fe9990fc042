"""Subjects: records from different lists that are the same organisation or person.

A pure function from records (and analyst judgements) to groups. Links are tried strongest
first — analyst merges, shared identifiers (a UN reference quoted by OFSI or the EU), then names
— and a link is skipped when it would join two records an analyst split, or two entries of one
list. Every member keeps the reason it joined.

Names compare by their *link key*: the screening tokens (any script transliterated, spelling
variants folded, articles gone) without stop words, sorted — "Islamic State of Iraq and the
Levant" and "ISLAMIC STATE IN IRAQ AND THE LEVANT" share one. A name that says enough (two words,
eight letters) links two records of one type when it is a strong name on both. A shorter one
("HAMAS", "ANSARALLAH") links two organisations only when it is the main name of one and a strong
name of the other, *and* something else agrees: a programme family (both on a terrorism list), a
second shared name (weak a.k.a.s count here), or listing dates. The rules are data
(``linking_rules.yaml``); bench/bench_linking.py measures them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import yaml

from listwatch.records import Record
from listwatch.screening.keys import tokens

Key = tuple[str, str]  # (source id, reference)

# Which record names a subject after itself: the UN's list first, since the others cite it.
SOURCE_PRIORITY = ("un-sc", "eu-isil-aq", "eu-terrorist", "eu-fsf", "us-ofac-sdn", "us-fto",
                   "uk-ofsi", "uk-proscribed", "ca-listed", "ca-sema", "au-listed", "ru-fsb",
                   "us-ofac-cons", "curated")

# Identifier schemes that name one designation across lists.
LINKING_SCHEMES = ("un-ref",)

# How strongly a record holds a name: its main name (or a part of it), a strong alias, a weak
# alias (OFAC weak a.k.a., UN low quality) — weak names only corroborate.
PRIMARY, STRONG, WEAK = 0, 1, 2
_RANK = {"strong": STRONG, "weak": WEAK}

RULES_FILE = Path(__file__).with_name("linking_rules.yaml")


@cache
def rules() -> dict:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    families = {name: ([re.compile(p, re.IGNORECASE) for p in spec.get("patterns", ())],
                       frozenset(spec.get("sources", ())))
                for name, spec in data["programme_families"].items()}
    joining = re.compile(r"\s(?:%s)\s" % "|".join(re.escape(w) for w in data["joining_words"]),
                         re.IGNORECASE)
    separator = re.compile(data["name_separator"])
    return {**data, "families": families, "joining": joining, "separator": separator,
            "qualifier_dash": re.compile(data["qualifier_dash"])}


@dataclass(frozen=True)
class Profile:
    """What linking needs to know of one (source, reference), over all its versions."""

    key: Key
    type: str
    name: str
    list_key: str  # the list an entry is on: the source, or source and authority (curated)
    names: Mapping[str, int]  # link key → PRIMARY, STRONG or WEAK (the strongest hold)
    linking_ids: frozenset[str]
    birth_years: frozenset[str]
    families: frozenset[str] = frozenset()  # programme families, see linking_rules.yaml
    listed_on: frozenset[str] = frozenset()
    # the families its own programmes name (not merely the list it is on)
    own_families: frozenset[str] = frozenset()

    @property
    def name_keys(self) -> frozenset[str]:
        """Strong names that say enough to link on their own."""
        return frozenset(k for k, rank in self.names.items() if rank <= STRONG and says_enough(k))


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
            "birth_years": sorted(years), "programmes": list(record.programmes),
            "listed_on": record.listed_on}


# Arabic ta marbuta is written -a, -ah or -at (Jama'a / Jama'at, Nusra / Nusrat): one form.
_TA_MARBUTA = re.compile(r"(?<=[^aeiou]a)t$")


@lru_cache(maxsize=200_000)
def link_key(name: str) -> str:
    """Tokens of a name without inner stop words, sorted: the form names compare in for
    linking and lookup."""
    # A stop word that ends a name is a word of it ("ISIL-WA": West Africa, not "and").
    toks = tokens(name)
    return " ".join(sorted(_TA_MARBUTA.sub("", t.fold) for i, t in enumerate(toks)
                           if t.role != "stop" or i == len(toks) - 1))


def says_enough(key: str) -> bool:
    return len(key.split()) >= rules()["min_name_tokens"] and len(key) >= rules()["min_name_chars"]


def acronym(name: str) -> str | None:
    """The initials of a name of three words or more, stop words and articles left out
    ("Islamic State of Iraq and the Levant" → "isil"): how such names are often written."""
    words = [t.fold for t in tokens(name) if t.role not in ("stop", "legal")]
    return "".join(w[0] for w in words) if len(words) >= 3 else None


def name_variants(name: str) -> set[str]:
    """The name, and for entries that pack several names in one ("PARTIYA KARKEREN KURDISTANE
    (PKK)", "HAMAS INCLUDING IZZ AL-DIN AL-QASSAM BRIGADES", "NEW PEOPLE'S ARMY / COMMUNIST
    PARTY OF THE PHILIPPINES") each of them; a branch's name also with its parent's initials."""
    found = {name}
    for part in rules()["joining"].split(f" {name} "):
        found.update(rules()["separator"].split(part))
        found.add(part)
        outside = re.sub(r"\([^()]*\)", " ", part)
        found.add(outside)
        found.update(_with_initials(" ".join(outside.split())))
        for inside in re.findall(r"\(([^()]*)\)", part):
            found.update(re.split(r"[,;]", inside))
    return {v.strip() for v in found if v.strip()}


def _with_initials(name: str) -> set[str]:
    """A branch's name "PARENT NAME – QUALIFIER" also written with the parent's initials, as
    lists write it ("Islamic State of Iraq and Syria – West Africa" → "ISIS West Africa")."""
    pieces = rules()["qualifier_dash"].split(name)
    if len(pieces) != 2 or not (initials := acronym(pieces[0])):
        return set()
    return {f"{initials} {pieces[1]}"}


def profile_of(key: Key, facts: Sequence[Mapping],
               names: Iterable[tuple[str, str, str]]) -> Profile:
    """A record's profile over all its versions (``facts`` oldest first; ``names`` as
    (value, kind, quality) of every version)."""
    latest = facts[-1]
    authority = latest.get("authority")
    held: dict[str, int] = {}
    variants = name_variants if latest["type"] == "organisation" else (lambda n: {n})
    for value, kind, quality in [*((f["name"], "primary", "strong") for f in facts), *names]:
        rank = PRIMARY if kind == "primary" else _RANK[quality]
        for variant in variants(value):
            k = link_key(variant)
            if k and held.get(k, WEAK + 1) > rank:
                held[k] = rank
    programmes = {p for f in facts for p in f.get("programmes", ())}
    return Profile(key, latest["type"], latest["name"],
                   f"{key[0]}:{authority}" if authority else key[0], held,
                   frozenset(i for f in facts for i in f["link_ids"]),
                   frozenset(y for f in facts for y in f["birth_years"]),
                   families_of(key[0], programmes),
                   frozenset(f["listed_on"] for f in facts if f.get("listed_on")),
                   families_of("", programmes))


def families_of(source_id: str, programmes: Iterable[str]) -> frozenset[str]:
    """The programme families a record's programmes (or its whole list) belong to."""
    programmes = list(programmes)
    return frozenset(family for family, (patterns, sources) in rules()["families"].items()
                     if source_id in sources
                     or any(p.search(programme) for p in patterns for programme in programmes))


def _years_of(birth_date: str) -> set[str]:
    """Every year a birth date allows: "1977", "1977-03-01", or a range "1975/1979"."""
    found = [int(y) for y in re.findall(r"\b(?:1[89]|20)\d\d\b", birth_date)]
    if "/" in birth_date and len(found) == 2 and 0 <= found[1] - found[0] <= 30:
        return {str(y) for y in range(found[0], found[1] + 1)}
    return {str(y) for y in found}


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


def _persons_compatible(a: Profile, b: Profile, shared: Sequence[str]) -> bool:
    """Two person records with one equal name are the same person only when their birth years
    agree (a year apart will do for a name of many words: lists derive years from ages and
    other calendars); without birth data on both sides, two equal names or one programme
    family (both under the DPRK regime, say) are needed."""
    if a.birth_years and b.birth_years:
        if a.birth_years & b.birth_years:
            return True
        long_name = max(len(k.split()) for k in shared) >= rules()["long_person_name_words"]
        return long_name and _years_within(a.birth_years, b.birth_years,
                                           rules()["birth_year_tolerance_long_names"])
    return len(shared) >= 2 or bool(a.families & b.families)


def _years_within(a: frozenset[str], b: frozenset[str], years: int) -> bool:
    return any(abs(int(x) - int(y)) <= years for x in a for y in b)


def _short_person_name_corroborated(a: Profile, b: Profile, shared: Sequence[str]) -> bool:
    """A person name too short to link alone ("KIM KYU", "FAIZ") links when birth years on both
    records agree, a programme family agrees, and the name has two words or a second name
    (its original script) is shared too."""
    return (bool(a.birth_years & b.birth_years) and bool(a.families & b.families)
            and (len(shared) >= 2 or len(shared[0].split()) >= 2))


def _dates_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    tolerance = rules()["listing_date_tolerance_days"]
    days_a = [d for d in map(_day, a) if d]
    return any(abs((x - y).days) <= tolerance for x in days_a for y in map(_day, b) if y)


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # a year or a month only: too coarse to corroborate
        return None


def corroboration(a: Profile, b: Profile, shared: Sequence[str],
                  alias_of_one: bool = False) -> list[str]:
    """What, besides one shared name, says two organisation records are one subject. A name
    that is the main name of only one of them ("The Base", an alias of Al-Qaida and the main
    name of another group) is corroborated by a programme family only when both records' own
    programmes name it (``alias_of_one``): being on a list that is wholly of that family says
    nothing specific."""
    families = (a.own_families & b.own_families) if alias_of_one else (a.families & b.families)
    found = [f"programme:{f}" for f in sorted(families)]
    if len(shared) >= 2:
        found.append(f"shared-names:{len(shared)}")
    if _dates_agree(a.listed_on, b.listed_on):
        found.append("listing-date")
    return found


def name_link(a: Profile, b: Profile, shared: Sequence[str]) -> tuple[str, float] | None:
    """(reason, score) of a link between two records of different lists sharing ``shared``
    link keys, or None when the names do not say enough."""
    strong = sorted(k for k in shared if says_enough(k) and max(a.names[k], b.names[k]) <= STRONG)
    if a.type == "person":
        if strong and _persons_compatible(a, b, strong):
            return f"name-match:{strong[0]}", 0.9
        short = sorted(k for k in shared if max(a.names[k], b.names[k]) <= STRONG)
        if short and _short_person_name_corroborated(a, b, short):
            family = sorted(a.families & b.families)[0]
            return f"short-name:{short[0]} + birth-year, programme:{family}", 0.85
        return None
    if strong:
        return f"name-match:{strong[0]}", 0.9
    if a.type != "organisation":
        return None
    # One side's main name is a strong name of the other, or (weaker) a name that says enough
    # is held weakly: either needs corroboration.
    main = sorted(k for k in shared
                  if min(a.names[k], b.names[k]) == PRIMARY and max(a.names[k], b.names[k]) <= STRONG)
    held = main or sorted(k for k in shared if says_enough(k))
    if not held:
        return None
    alias_of_one = bool(main) and all(max(a.names[k], b.names[k]) > PRIMARY for k in main)
    evidence = corroboration(a, b, shared, alias_of_one)
    if not evidence:
        return None
    kind = "main-name" if main else "weak-name"
    return f"{kind}:{held[0]} + {', '.join(evidence)}", 0.85 if main else 0.8


def candidate_links(profiles: Mapping[Key, Profile]) -> list[tuple[Key, Key, str, float]]:
    """(a, b, reason, score) for every identifier or name link, strongest first."""
    links: list[tuple[Key, Key, str, float]] = []
    by_id: dict[str, list[Key]] = defaultdict(list)
    by_name: dict[str, list[Key]] = defaultdict(list)
    for key, profile in profiles.items():
        for ident in profile.linking_ids:
            by_id[ident].append(key)
        for name in profile.names:
            by_name[name].append(key)
    for ident, keys in sorted(by_id.items()):
        keys = sorted(keys, key=_anchor_order)
        links += [(keys[0], other, f"shared-identifier:{ident}", 1.0) for other in keys[1:]]
    shared: dict[tuple[Key, Key], list[str]] = defaultdict(list)
    crowded = rules()["max_records_per_name"]
    for name, keys in by_name.items():
        if len(keys) > crowded:  # a name this common ("ESO", "LH") tells records apart from nothing
            continue
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                if profiles[a].list_key != profiles[b].list_key and profiles[a].type == profiles[b].type:
                    shared[tuple(sorted((a, b), key=_anchor_order))].append(name)
    named = []
    for (a, b), names in shared.items():
        found = name_link(profiles[a], profiles[b], sorted(names))
        if found:
            named.append((-found[1], -len(names), _anchor_order(a), _anchor_order(b), a, b, found[0]))
    links += [(a, b, reason, -score) for score, _, _, _, a, b, reason in sorted(named)]
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
