"""The screening scorer: a pure function (query tokens, candidate tokens) → score in [0, 1] and
the parts that made it. Versioned; its configuration is hashed into every answer's provenance.

1. Token similarity (:func:`token_similarity`): equal folded forms 1.0; one side an initial of
   the other 0.8; otherwise ``1 - x/2 - 3x²/2`` of the OSA edit distance ``x`` relative to the
   longer token (one typo in six letters ≈ 0.88, two ≈ 0.67), raised to 0.9 when the consonant
   skeletons agree (transliteration variants: Muhammad / Mohammed; any skeleton across scripts,
   skeletons of three consonants or more within Latin, when at most 40 % of the letters differ); under 0.6 counts as no match.
2. Alignment: each query token is paired with at most one name token, best pairs first.
3. Weights: a token weighs its inverse document frequency in the index (capped to [0.3, 1]);
   stop words 0.15, organisation-type words 0.25, initials 0.3.
4. ``query_coverage`` = weighted similarity of the query's tokens, ``name_coverage`` the same
   over the name's tokens; score = 0.65·query_coverage + 0.35·name_coverage (a list name with
   a patronymic the query lacks still scores high; a query that covers a third of a long name
   does not), times 0.9 for OFAC weak a.k.a.s / UN low-quality aliases.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence

from rapidfuzz.distance import OSA

from listwatch.screening.keys import LEGAL_WORDS, STOP_WORDS, Token

ALGORITHM = "listwatch-screen"
VERSION = "1.0.0"
CONFIG = {
    "query_weight": 0.65,  # the rest goes to name coverage
    "weak_alias_factor": 0.9,
    "phonetic_similarity": 0.9,
    "initial_similarity": 0.8,
    "min_token_similarity": 0.6,
    "role_weights": {"stop": 0.15, "legal": 0.25, "initial": 0.3},
    "idf_reference": 5.0,  # a token in 1/150 of the names or fewer weighs 1
    "min_word_weight": 0.3,
    "latin_skeleton_min": 3,
    "latin_skeleton_max_edit": 0.4,
    "default_threshold": 0.8,
    "stop_words": sorted(STOP_WORDS),
    "legal_words": sorted(LEGAL_WORDS),
}
CONFIG_HASH = hashlib.sha256(json.dumps(CONFIG, sort_keys=True).encode()).hexdigest()[:16]
DEFAULT_THRESHOLD: float = CONFIG["default_threshold"]


def token_similarity(q: Token, c: Token, cross_script: bool) -> tuple[float, str]:
    """Similarity of two tokens and how it was found: exact, initial, edit, phonetic, none."""
    if q.fold == c.fold:
        return 1.0, "exact"
    if q.role == "initial" or c.role == "initial":
        short, long_ = (q, c) if len(q.fold) <= len(c.fold) else (c, q)
        if len(short.fold) == 1 and long_.fold.startswith(short.fold):
            return CONFIG["initial_similarity"], "initial"
        return 0.0, "none"
    length = max(len(q.fold), len(c.fold))
    x = OSA.distance(q.fold, c.fold) / length
    score, how = 1 - x / 2 - 1.5 * x * x, "edit"
    if q.skel == c.skel and q.skel and (cross_script or (
            len(q.skel) >= CONFIG["latin_skeleton_min"] and x <= CONFIG["latin_skeleton_max_edit"])):
        if CONFIG["phonetic_similarity"] > score:
            score, how = CONFIG["phonetic_similarity"], "phonetic"
    if score < CONFIG["min_token_similarity"]:
        return 0.0, "none"
    return round(score, 4), how


def role_weight(token: Token, idf_weight: float) -> float:
    return CONFIG["role_weights"].get(token.role, idf_weight)


def idf_weight(document_frequency: int, documents: int) -> float:
    idf = math.log((documents + 1) / (document_frequency + 1))
    return min(1.0, max(CONFIG["min_word_weight"], idf / CONFIG["idf_reference"]))


def _align(query, name, sim):
    candidates = []
    for i in range(len(query)):
        for j in range(len(name)):
            s, how = sim(i, j)
            if s > 0:
                candidates.append((s, -i, -j, how))
    candidates.sort(reverse=True)
    used_q: dict[int, tuple[float, int, str]] = {}
    used_n: set[int] = set()
    for s, mi, mj, how in candidates:
        i, j = -mi, -mj
        if i not in used_q and j not in used_n:
            used_q[i] = (s, j, how)
            used_n.add(j)
    return used_q, used_n


def _combine(used_q, query_weights, name_weights, weak: bool) -> tuple[float, float, float]:
    q_cov = sum(query_weights[i] * s for i, (s, _, _) in used_q.items()) / sum(query_weights)
    n_cov = sum(name_weights[j] * s for i, (s, j, _) in used_q.items()) / sum(name_weights)
    base = CONFIG["query_weight"] * q_cov + (1 - CONFIG["query_weight"]) * n_cov
    final = base * (CONFIG["weak_alias_factor"] if weak else 1.0)
    return round(min(1.0, final), 4), q_cov, n_cov


def score_only(query: Sequence[Token], query_weights: Sequence[float], name: Sequence[Token],
               name_weights: Sequence[float], *, weak: bool = False, similarity) -> float:
    """:func:`score` without the explanation (for ranking candidates)."""
    if not query or not name:
        return 0.0
    used_q, _ = _align(query, name, similarity)
    return _combine(used_q, query_weights, name_weights, weak)[0]


def score(query: Sequence[Token], query_weights: Sequence[float], name: Sequence[Token],
          name_weights: Sequence[float], *, weak: bool = False, cross_script: bool = False,
          similarity=None) -> tuple[float, dict]:
    """Score of one candidate name for a query, with its explanation.

    ``similarity(i, j)`` may supply cached token similarities (query token i, name token j);
    it defaults to :func:`token_similarity`."""
    if not query or not name:
        return 0.0, {"pairs": []}
    sim = similarity or (lambda i, j: token_similarity(query[i], name[j], cross_script))
    used_q, used_n = _align(query, name, sim)
    final, q_cov, n_cov = _combine(used_q, query_weights, name_weights, weak)
    order = [j for i, (s, j, _) in sorted(used_q.items())]
    explanation = {
        "pairs": [{"query": query[i].fold, "name": name[j].fold, "similarity": s, "how": how,
                   "weight": round(query_weights[i], 3)}
                  for i, (s, j, how) in sorted(used_q.items())],
        "unmatched_query": [query[i].fold for i in range(len(query)) if i not in used_q],
        "unmatched_name": [name[j].fold for j in range(len(name)) if j not in used_n],
        "query_coverage": round(q_cov, 4),
        "name_coverage": round(n_cov, 4),
        "token_order": "same" if order == sorted(order) else "different",
        "weak_alias_factor": CONFIG["weak_alias_factor"] if weak else None,
        "cross_script": cross_script,
        "formula": f"{CONFIG['query_weight']}·query_coverage + "
                   f"{round(1 - CONFIG['query_weight'], 2)}·name_coverage"
                   + (f", × {CONFIG['weak_alias_factor']} (weak alias)" if weak else ""),
    }
    return final, explanation
