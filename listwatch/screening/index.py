"""The in-memory screening index: every name the ledger has seen, its tokens, and three kinds of
candidate keys per distinct token:

* the folded token itself (exact and spelling-variant matches),
* its single-deletion variants (n−1-grams, SymSpell style: any one insertion, deletion,
  substitution or transposition finds the token, without comparing against the whole
  vocabulary),
* its consonant skeleton (transliteration variants, and Latin ↔ Arabic/Cyrillic).

A query's tokens look up similar vocabulary tokens through those keys; the names holding them
accumulate a preliminary score (rare tokens first; very common tokens only rank names already
found), the best ``CANDIDATES`` names are scored by :mod:`listwatch.screening.scorer`, and the
results are grouped by subject. The index also keeps, per list entry, which snapshots of its
source contain it, so designations as of any date need no database query but one (cached) read
of the answering record versions.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from listwatch.names import script_of
from listwatch.records import Record
from listwatch.ledger.asof import designation_as_of
from listwatch.screening import keys, scorer
from listwatch.screening.packed import Ragged
from listwatch.store import Snapshot

CANDIDATES = 60  # names scored per query (at least 5 × limit)
COMMON_POSTINGS = 4000  # a token in more names than this only ranks names found otherwise
MAX_SKELETON_BUCKET = 400  # larger skeleton buckets are searched only across scripts
MIN_DELETE_LENGTH = 4
RANKING_ONLY = 10 ** 9  # the postings size given to lookups that only rank names found otherwise
# The shortest longer side at which two edits still score above the scorer's word floor (8).
TWO_EDITS_MIN_LENGTH = next(n for n in range(3, 64) if 1 - 1 / n - 6 / n ** 2
                            >= scorer.CONFIG["min_token_similarity"])

KIND_ORDER = {"primary": 0, "original-script": 1, "alias": 2, "former": 3}


@dataclass
class IndexInput:
    """Plain data an index is built from (the store, or the benchmark's synthetic names)."""

    names: Sequence[tuple[str, str, str, str, str, str]]  # source, reference, value, kind, quality, script
    entries: dict[tuple[str, str], tuple[str, str]]  # (source, reference) → (type, latest name)
    links: dict[tuple[str, str], str]  # (source, reference) → subject id
    subjects: dict[str, tuple[str, str]]  # subject id → (name, type)
    snapshots: dict[str, list[Snapshot]]  # source → its snapshots in valid-time order
    memberships: dict[str, dict[int, dict[str, int]]]  # source → snapshot id → {ref: version id}
    authorities: dict[str, dict]
    records: Callable[[Iterable[int]], dict[int, dict]]  # version ids → record data
    state: tuple = ()


@dataclass
class Candidate:
    entry: int
    name: int
    score: float
    explanation: dict


@dataclass
class ScreeningIndex:
    state: tuple
    built_at: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).replace(
        microsecond=0).isoformat())
    # tokens (vocabulary)
    tok_fold: list[str] = field(default_factory=list)
    tok_info: list[keys.Token] = field(default_factory=list)
    tok_weight: list[float] = field(default_factory=list)
    # Latin tokens by length: their ids and folds
    latin_by_length: dict[int, tuple[list[int], list[str]]] = field(default_factory=dict)
    postings: list[array] = field(default_factory=list)  # token → name ids
    by_fold: dict[str, array] = field(default_factory=dict)  # → token ids
    by_delete: dict[str, array] = field(default_factory=dict)
    by_skel: dict[str, array] = field(default_factory=dict)
    by_acronym: dict[str, array] = field(default_factory=dict)  # initials → name ids
    # names
    name_tids: list[array] = field(default_factory=list)  # name → its token ids, in order
    name_entry: array = field(default_factory=lambda: array("i"))
    name_value: list[str] = field(default_factory=list)
    name_meta: list[tuple[str, str, str]] = field(default_factory=list)  # kind, quality, script
    # entries
    entry_key: list[tuple[str, str]] = field(default_factory=list)
    entry_type: list[str] = field(default_factory=list)
    entry_subject: list[str] = field(default_factory=list)
    # per entry, the positions of its source's snapshots holding it and the version in each
    entry_positions: Ragged = field(default_factory=lambda: Ragged.of([]))
    entry_versions: Ragged = field(default_factory=lambda: Ragged.of([]))
    subject_entries: dict[str, list[int]] = field(default_factory=dict)
    subjects: dict[str, tuple[str, str]] = field(default_factory=dict)
    snapshots: dict[str, list[Snapshot]] = field(default_factory=dict)
    snapshot_days: dict[str, list[str]] = field(default_factory=dict)
    authorities: dict[str, dict] = field(default_factory=dict)
    records: Callable[[Iterable[int]], dict[int, dict]] | None = None
    record_cache: dict[int, Record] = field(default_factory=dict)

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def build(cls, data: IndexInput) -> "ScreeningIndex":
        index = cls(state=data.state, snapshots=data.snapshots, authorities=data.authorities,
                    records=data.records)
        subjects = dict(data.subjects)
        entry_of: dict[tuple[str, str], int] = {}
        for key, (type_, _name) in data.entries.items():
            entry_of[key] = len(index.entry_key)
            index.entry_key.append(key)
            index.entry_type.append(type_)
            subject = data.links.get(key) or f"{key[0]}:{key[1]}"
            index.entry_subject.append(subject)
            if subject not in subjects:
                subjects[subject] = (_name, type_)
        positions: list[list[int]] = [[] for _ in index.entry_key]
        versions: list[list[int]] = [[] for _ in index.entry_key]
        for source, per_snapshot in data.memberships.items():
            position = {s.id: p for p, s in enumerate(data.snapshots.get(source, []))}
            for snapshot_id in sorted(per_snapshot, key=position.__getitem__):
                for reference, version in per_snapshot[snapshot_id].items():
                    entry = entry_of.get((source, reference))
                    if entry is not None:
                        positions[entry].append(position[snapshot_id])
                        versions[entry].append(version)
        index.entry_positions, index.entry_versions = Ragged.of(positions), Ragged.of(versions)
        vocab: dict[keys.Token, int] = {}
        df: list[int] = []
        postings: list[list[int]] = []
        name_tids: list[list[int]] = []
        by_acronym: dict[str, list[int]] = {}
        for source, reference, value, kind, quality, script in data.names:
            entry = entry_of.get((source, reference))
            if entry is None:
                continue
            toks = keys.tokens(value)
            if not toks:
                continue
            nid = len(name_tids)
            tids = []
            for tok in toks:
                tid = vocab.get(tok)
                if tid is None:
                    tid = vocab[tok] = len(df)
                    df.append(0)
                    postings.append([])
                tids.append(tid)
            for tid in set(tids):
                df[tid] += 1
                postings[tid].append(nid)
            acronym = scorer.acronym_of(toks)
            if 2 <= len(acronym) <= 6:
                by_acronym.setdefault(acronym, []).append(nid)
            name_tids.append(tids)
            index.name_entry.append(entry)
            index.name_value.append(value)
            index.name_meta.append((kind, quality, script))
        index.postings = [array("i", p) for p in postings]
        index.name_tids = [array("i", t) for t in name_tids]
        index.by_acronym = _arrays(by_acronym)
        index.tok_info = list(vocab)
        given = _given_names(data, entry_of)
        index.tok_weight = [scorer.word_weight(tok, scorer.idf_weight(df[tid], len(name_tids)),
                                               tok.fold in given)
                            for tok, tid in vocab.items()]
        index.subjects = subjects
        index._index_tokens()
        index.complete()
        return index

    def _index_tokens(self) -> None:
        """The token keys: fold, skeleton and one-deletion variants → token ids."""
        by_fold: dict[str, list[int]] = {}
        by_skel: dict[str, list[int]] = {}
        by_delete: dict[str, list[int]] = {}
        for tid, tok in enumerate(self.tok_info):
            by_fold.setdefault(tok.fold, []).append(tid)
            by_skel.setdefault(tok.skel, []).append(tid)
            if len(tok.fold) >= MIN_DELETE_LENGTH:
                for variant in _deletes(tok.fold):
                    by_delete.setdefault(variant, []).append(tid)
        self.by_fold, self.by_skel = _arrays(by_fold), _arrays(by_skel)
        self.by_delete = _arrays(by_delete)

    def complete(self) -> None:
        """Derive the small lookups that follow from the stored parts (after a build or a
        load): token folds, subjects' entries, snapshot days."""
        self.tok_fold = [tok.fold for tok in self.tok_info]
        self.latin_by_length = {}
        for tid, folded in enumerate(self.tok_fold):
            if folded.isascii():
                tids, folds = self.latin_by_length.setdefault(len(folded), ([], []))
                tids.append(tid)
                folds.append(folded)
        self.subject_entries = {}
        for entry, subject in enumerate(self.entry_subject):
            self.subject_entries.setdefault(subject, []).append(entry)
        self.snapshot_days = {s: [x.observed_on for x in snaps]
                              for s, snaps in self.snapshots.items()}

    # -- searching --------------------------------------------------------------------------
    def search(self, query: str, *, type_: str | None = None, limit: int = 10,
               threshold: float = 0.0) -> list[tuple[str, Candidate]]:
        """[(subject id, best candidate)] best first, scores at or above ``threshold``."""
        qtoks = keys.tokens(query)
        if not qtoks:
            return []
        qscript = script_of(query)
        cache: dict[tuple[int, int, tuple[bool, bool]], tuple[float, str]] = {}
        generation = (True, False)  # candidates: skeletons compared whatever the scripts

        def sim(i: int, tid: int, mode: tuple[bool, bool]) -> tuple[float, str]:
            # A word pair the candidate keys did not find scores 0: the scorer then never
            # exceeds the bound the preliminary sum gives (its query coverage ≤ the sum).
            found_for_i = generated.get(i)
            if found_for_i is not None and tid not in found_for_i:
                return 0.0, "none"
            key = (i, tid, mode)
            found = cache.get(key)
            if found is None:
                found = cache[key] = scorer.token_similarity(qtoks[i], self.tok_info[tid], *mode)
            return found

        qweights = [self._query_weight(t) for t in qtoks]
        # Initials, stop and organisation-type words only add to names found otherwise (their
        # weight counts in every bound below).
        generating = [i for i, t in enumerate(qtoks) if t.role == "word"] or \
            list(range(len(qtoks)))
        matches = []  # (postings size, query token, weight, {tid: similarity})
        generated: dict[int, dict[int, float]] = {}
        ranking_only = [i for i, t in enumerate(qtoks) if t.role in ("stop", "legal")
                        and i not in generating]
        similarity = scorer.token_similarity
        for i in [*generating, *ranking_only]:
            found = {}
            qtok = qtoks[i]
            for tid in self._similar_tokens(qtok) or self._nearest_tokens(qtok):
                s, how = cache[(i, tid, generation)] = similarity(qtok, self.tok_info[tid], True)
                if s > 0:
                    found[tid] = s
            generated[i] = found
            # stop and organisation-type words only rank names found by the words
            size = sum(len(self.postings[t]) for t in found) if i in generating else RANKING_ONLY
            matches.append((size, i, qweights[i], found))
        matches.extend(self._boundary_matches(qtoks, qweights, arabic=qscript == "Arab"))
        matches.sort(key=lambda m: (m[0], m[1]))
        # The score of a name is at most query_weight·(query coverage) + (1 − query_weight),
        # and its query coverage at most what the preliminary sum found (plus the weight of the
        # tokens that did not generate candidates): scoring stops once ``limit`` subjects beat
        # every remaining bound. Which names are scored depends on the query and ``limit`` only,
        # never on ``threshold``, so a higher threshold only removes results (screening at 0.5
        # and keeping the scores ≥ 0.8 equals screening at 0.8).
        q_total = sum(qweights)
        extra = q_total - sum(qweights[i] for i in [*generating, *ranking_only])
        qw = scorer.CONFIG["query_weight"]

        def bound(found: float) -> float:
            return qw * min(1.0, (found + extra) / q_total) + (1 - qw)

        # the least preliminary sum that can reach the threshold
        floor = max(0.0, (threshold - (1 - qw)) / qw * q_total - extra - 1e-9)
        # what the lookups from the k-th on can still add to a name
        rest = [sum(m[2] for m in matches[k:]) for k in range(len(matches))]
        acc: dict[int, float] = {}
        for k, (size, i, weight, found) in enumerate(matches):
            grow = size <= COMMON_POSTINGS or (not acc and size < RANKING_ONLY)
            local: dict[int, float] = {}
            if grow and len(found) == 1:  # one token: its names once each, no maximum to take
                (tid, s), = found.items()
                gain = weight * s
                for nid in self.postings[tid]:
                    acc[nid] = acc.get(nid, 0.0) + gain
                continue
            if grow:
                for tid, s in found.items():
                    gain = weight * s
                    for nid in self.postings[tid]:
                        if local.get(nid, 0.0) < gain:
                            local[nid] = gain
            else:
                # only names already found, and of those only the ones that can still reach
                # the floor (the others are never scored, whatever they add)
                alive = acc if floor == 0 else {n: v for n, v in acc.items()
                                                if v + rest[k] >= floor}
                if sum(len(self.postings[t]) for t in found) < len(alive):
                    for tid, s in found.items():  # through postings shorter than that list
                        gain = weight * s
                        for nid in self.postings[tid]:
                            if nid in alive and local.get(nid, 0.0) < gain:
                                local[nid] = gain
                else:  # look at their words, not the long postings
                    for nid in alive:
                        gains = [found[t] for t in self.name_tids[nid] if t in found]
                        if gains:
                            local[nid] = weight * max(gains)
            for nid, gain in local.items():
                acc[nid] = acc.get(nid, 0.0) + gain
        words = [t for t in qtoks if t.role in ("word", "initial")]
        if len(words) == 1:  # an acronym: the names whose initials spell it
            for nid in self.by_acronym.get(words[0].fold, ()):
                acc[nid] = max(acc.get(nid, 0.0), sum(qweights))
        if type_ is not None:
            acc = {n: v for n, v in acc.items() if self.entry_type[self.name_entry[n]] == type_}

        # Candidates in order of their bound (shorter names first among equals): the names that
        # can reach the threshold are a prefix of that order, whatever the threshold.
        wanted = max(CANDIDATES, 5 * limit)
        values = [v for v in acc.values() if v >= floor]
        if len(values) > wanted:  # the wanted-th best value, in C; ties below it all kept
            floor = heapq.nlargest(wanted, values)[-1]
        top = sorted(((nid, v) for nid, v in acc.items() if v >= floor),
                     key=lambda kv: (-kv[1], len(self.name_tids[kv[0]]), kv[0]))[:wanted]
        best: dict[str, tuple[float, int]] = {}
        kth_best = None  # the limit-th best score so far (None: not known since best changed)
        for nid, found in top:
            if len(best) >= limit:
                if kth_best is None:
                    kth_best = heapq.nlargest(limit, (v for v, _ in best.values()))[-1]
                if kth_best > bound(found):
                    break
            kind, quality, script = self.name_meta[nid]
            mode = comparison(script, qscript)
            tids = self.name_tids[nid]
            value = scorer.score_only(
                qtoks, qweights, [self.tok_info[t] for t in tids],
                [self.tok_weight[t] for t in tids], weak=quality == "weak", cross_script=mode[0],
                similarity=lambda i, j: sim(i, tids[j], mode))
            if value == 0:
                continue
            subject = self.entry_subject[self.name_entry[nid]]
            held = best.get(subject)
            if held is None or self._rank(value, nid) < self._rank(*held):
                best[subject] = (value, nid)
                kth_best = None
        best = {subject: held for subject, held in best.items() if held[0] >= threshold}
        ranked = sorted(best.items(), key=lambda kv: (self._rank(*kv[1]), kv[0]))[:limit]
        result = []
        for subject, (value, nid) in ranked:
            kind, quality, script = self.name_meta[nid]
            mode = comparison(script, qscript)
            tids = self.name_tids[nid]
            value, explanation = scorer.score(
                qtoks, qweights, [self.tok_info[t] for t in tids],
                [self.tok_weight[t] for t in tids], weak=quality == "weak", cross_script=mode[0],
                vowel_tolerant=mode[1], similarity=lambda i, j: sim(i, tids[j], mode))
            result.append((subject, Candidate(self.name_entry[nid], nid, value, explanation)))
        return result

    def _rank(self, value: float, nid: int) -> tuple:
        kind, quality, _ = self.name_meta[nid]
        return (-value, quality != "strong", KIND_ORDER.get(kind, 9), self.name_value[nid])

    def _query_weight(self, tok: keys.Token) -> float:
        if tok.role != "word":
            return scorer.role_weight(tok, 1.0)
        tids = self.by_fold.get(tok.fold)
        if not tids:
            return 1.0
        return max(self.tok_weight[t] for t in tids)

    def _boundary_matches(self, qtoks, qweights, arabic: bool) -> list[tuple]:
        """Lookups for words written together or apart: a query word the vocabulary lacks but
        whose two halves it has ("VladimirPutin"), and two query words whose join it has
        ("Good Will" / "Goodwill"; for Arabic, the joined consonant skeletons: حزب الله)."""
        result = []
        for i, tok in enumerate(qtoks):
            if tok.role != "word" or tok.fold in self.by_fold or len(tok.fold) < 6:
                continue
            for cut in range(2, len(tok.fold) - 1):
                left, right = self.by_fold.get(tok.fold[:cut]), self.by_fold.get(tok.fold[cut:])
                if left and right:
                    for part in (left, right):
                        result.append((sum(len(self.postings[t]) for t in part), i,
                                       qweights[i] / 2, dict.fromkeys(part, 1.0)))
                    break
        for i in range(len(qtoks) - 1):
            first, second = qtoks[i], qtoks[i + 1]
            if first.role != "word" or second.role != "word":
                continue
            joined = (self.by_skel.get(first.skel + second.skel, []) if arabic
                      else self.by_fold.get(first.fold + second.fold, []))
            if joined:
                result.append((sum(len(self.postings[t]) for t in joined), i,
                               qweights[i] + qweights[i + 1], dict.fromkeys(joined, 1.0)))
        return result

    def _nearest_tokens(self, tok: keys.Token) -> list[int]:
        """A word no key reaches (two edits apart once folded: "Mohammad" / "Mahamad") is
        compared with the vocabulary, in C (rapidfuzz); rare, so cheap on average. Only the
        lengths where two edits can still score (a longer side of ``TWO_EDITS_MIN_LENGTH``
        letters or more) are compared, unless some token shares the word's skeleton (the
        sound-alike rule may then score it)."""
        n = len(tok.fold)
        if n < 5 or not tok.fold.isascii():
            return []
        sound_alike = tok.skel in self.by_skel
        result = []
        for length in range(n - 2, n + 3):
            if max(n, length) < TWO_EDITS_MIN_LENGTH and not sound_alike:
                continue
            tids, folds = self.latin_by_length.get(length, ((), ()))
            if tids:
                found = process.extract(tok.fold, folds, scorer=OSA.distance, score_cutoff=2,
                                        limit=50)
                result.extend(tids[position] for _, _, position in found)
        return result

    def _similar_tokens(self, tok: keys.Token) -> set[int]:
        found: set[int] = set(self.by_fold.get(tok.fold, ()))
        if tok.role != "initial" and len(tok.fold) >= MIN_DELETE_LENGTH - 1:
            found.update(self.by_delete.get(tok.fold, ()))
            for variant in _deletes(tok.fold):
                found.update(self.by_fold.get(variant, ()))
                found.update(self.by_delete.get(variant, ()))
        bucket = self.by_skel.get(tok.skel, ())
        if tok.skel and (len(bucket) <= MAX_SKELETON_BUCKET or not tok.fold.isascii()):
            found.update(bucket)
        elif tok.skel:
            # a huge bucket: only the tokens sharing the first letter
            found.update(t for t in bucket if self.tok_fold[t][:1] == tok.fold[:1])
        return found

    # -- designations -----------------------------------------------------------------------
    def record(self, version: int) -> Record:
        rec = self.record_cache.get(version)
        if rec is None:
            self.prefetch([version])
            rec = self.record_cache[version]
        return rec

    def prefetch(self, versions: Iterable[int]) -> None:
        missing = [v for v in set(versions) if v not in self.record_cache]
        if missing:
            for vid, data in self.records(missing).items():
                self.record_cache[vid] = Record.from_dict(data)

    def designations(self, subject: str, as_of: str | None) -> list[dict]:
        """The subject's designations as of a date, in the shape and order of ``status``."""
        entries = self.subject_entries.get(subject, [])
        wanted = []
        for entry in entries:
            positions, versions = self.entry_positions[entry], self.entry_versions[entry]
            if not positions:
                continue
            days = self.snapshot_days[self.entry_key[entry][0]]
            eligible = len(days) if as_of is None else _bisect(days, as_of)
            seen = _bisect_left(positions, eligible)
            wanted.append(versions[seen - 1] if seen else versions[0])
        self.prefetch(wanted)
        result = []
        for entry in entries:
            source, _ = self.entry_key[entry]
            positions, versions = self.entry_positions[entry], self.entry_versions[entry]
            answer = designation_as_of(source, self.snapshots.get(source, []),
                                       self.snapshot_days.get(source, []), positions, versions,
                                       as_of, self.record, self.authorities)
            if answer:
                result.append(answer)
        result.sort(key=lambda d: (d["status"] != "listed", d["source"], d["reference"]))
        return result

    def snapshots_in_force(self, as_of: str | None) -> list[Snapshot]:
        result = []
        for source, snaps in sorted(self.snapshots.items()):
            eligible = len(snaps) if as_of is None else _bisect(self.snapshot_days[source], as_of)
            if eligible:
                result.append(snaps[eligible - 1])
        return result

    def size(self) -> dict:
        return {"names": len(self.name_tids), "entries": len(self.entry_key),
                "subjects": len(self.subject_entries), "tokens": len(self.tok_fold),
                "deletion_keys": len(self.by_delete)}


def _given_names(data: IndexInput, entry_of: dict[tuple[str, str], int]) -> set[str]:
    """Folded words the lists write mostly as given names: after the comma of a person's
    "FAMILY, Given" name (OFAC, OFSI), at least ``given_name_min_count`` times and
    ``given_name_ratio`` times as often as before it."""
    counts: dict[str, list[int]] = {}  # fold → [as given name, as family name]
    for source, reference, value, _kind, _quality, _script in data.names:
        entry = data.entries.get((source, reference))
        if entry is None or entry[0] != "person" or value.count(",") != 1:
            continue
        family, given = value.split(",")
        for part, slot in ((given, 0), (family, 1)):
            for tok in keys.tokens(part):
                if tok.role == "word":
                    counts.setdefault(tok.fold, [0, 0])[slot] += 1
    low, ratio = scorer.CONFIG["given_name_min_count"], scorer.CONFIG["given_name_ratio"]
    return {fold for fold, (as_given, as_family) in counts.items()
            if as_given >= low and as_given >= ratio * as_family}


def comparison(name_script: str, query_script: str) -> tuple[bool, bool]:
    """(cross_script, vowel_tolerant): compare by consonant skeleton when one side is Arabic
    script (written without short vowels); vowel-tolerant when one side is Cyrillic and the
    other is not (its Latin spellings differ mostly in vowels: Aleksei / Aleksey); otherwise
    as folded Latin, CJK and Hangul in their own script."""
    if name_script == query_script:
        return False, False
    scripts = (name_script, query_script)
    return "Arab" in scripts, "Cyrl" in scripts and "Arab" not in scripts


def _arrays(mapping: dict[str, list[int]]) -> dict[str, array]:
    return {key: array("i", values) for key, values in mapping.items()}


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1:] for i in range(len(token))}


_bisect = bisect.bisect_right
_bisect_left = bisect.bisect_left
