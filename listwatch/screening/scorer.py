"""The screening scorer: a pure function (query tokens, candidate tokens) → score in [0, 1] and
the parts that made it. Versioned; its configuration is hashed into every answer's provenance.

1. Token similarity (:func:`token_similarity`): equal folded forms 1.0; one side an initial of
   the other 0.8; otherwise ``1 - x/2 - 3x²/2`` of the OSA edit distance ``x`` relative to the
   longer token (one typo in six letters ≈ 0.88), raised to 0.9 when the consonant skeletons
   agree (transliteration variants: Muhammad / Mohammed) — against Arabic script always (it
   writes no short vowels; ``cross_script``), otherwise for skeletons of three consonants or
   more when at most 34 % of the letters differ; under 0.75 counts as no match.
2. Alignment: each query token is paired with at most one name token, best pairs first.
3. Weights: a token weighs its inverse document frequency in the index (capped to [0.3, 1]);
   stop words 0.15, organisation-type words 0.25, initials 0.3.
4. ``query_coverage`` = weighted similarity of the query's tokens, ``name_coverage`` the same
   over the name's tokens; score = 0.65·query_coverage + 0.35·name_coverage (a list name with
   a patronymic the query lacks still scores high; a query that covers a third of a long name
   does not), times 0.9 for OFAC weak a.k.a.s / UN low-quality aliases, times 0.85 when the
   name has four letters or fewer and not every word is equal.
5. Whole-name rules that may score higher: an acronym spelling the other side's initials in
   order (0.85), and the two names' words written together compared as one word (× 0.95).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence

from rapidfuzz.distance import OSA

from listwatch.screening.keys import (
    LEGAL_WORDS, STOP_WORDS, Token, frame, long_vowels_written,
)

ALGORITHM = "listwatch-screen"
VERSION = "1.2.0"
CONFIG = {
    "query_weight": 0.65,  # the rest goes to name coverage
    "weak_alias_factor": 0.9,
    "phonetic_similarity": 0.9,
    "vowel_tolerant_similarity": 0.9,
    "initial_similarity": 0.8,
    "min_token_similarity": 0.75,
    "edit_exponent": 2,
    "acronym_similarity": 0.85,
    "joined_factor": 0.95,
    "short_name_letters": 4,
    "short_name_factor": 0.85,
    "role_weights": {"stop": 0.15, "legal": 0.25, "initial": 0.3},
    "idf_reference": 5.0,  # a token in 1/150 of the names or fewer weighs 1
    "min_word_weight": 0.3,
    "latin_skeleton_min": 3,
    "latin_skeleton_max_edit": 0.34,
    "default_threshold": 0.8,
    "given_name_factor": 0.6,
    "given_name_min_count": 3,
    "given_name_ratio": 3,
    "stop_words": sorted(STOP_WORDS),
    "legal_words": sorted(LEGAL_WORDS),
}
CONFIG_HASH = hashlib.sha256(json.dumps(CONFIG, sort_keys=True).encode()).hexdigest()[:16]
DEFAULT_THRESHOLD: float = CONFIG["default_threshold"]


def token_similarity(q: Token, c: Token, cross_script: bool,
                     vowel_tolerant: bool = False) -> tuple[float, str]:
    """Similarity of two tokens and how it was found: exact, initial, edit, phonetic,
    vowel-tolerant (a Cyrillic name against its Latin spellings: the same consonants and
    vowel places, :func:`keys.frame`), none."""
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
    # stop words ("li", "van") are not names: no sound-alike match for them
    if q.skel == c.skel and q.skel and q.role == c.role == "word" and (
            (cross_script and _long_vowels_agree(q, c)) or (
            len(q.skel) >= CONFIG["latin_skeleton_min"] and x <= CONFIG["latin_skeleton_max_edit"])):
        if CONFIG["phonetic_similarity"] > score:
            score, how = CONFIG["phonetic_similarity"], "phonetic"
    if vowel_tolerant and score < CONFIG["vowel_tolerant_similarity"] and q.role == c.role == "word":
        shape = frame(q.fold)
        # a consonant at least, in three places or more (Yuri / Iurii: *r*)
        if len(shape) >= 3 and shape.count("*") < len(shape) and shape == frame(c.fold):
            score, how = CONFIG["vowel_tolerant_similarity"], "vowel-tolerant"
    if score < CONFIG["min_token_similarity"]:
        return 0.0, "none"
    return round(score, 4), how


def _long_vowels_agree(q: Token, c: Token) -> bool:
    """Across scripts, an Arabic word's long vowels must be written in the Latin one."""
    if bool(q.vowels) == bool(c.vowels):
        return True
    arabic, latin = (q, c) if q.vowels else (c, q)
    return long_vowels_written(arabic, latin)


def role_weight(token: Token, idf_weight: float) -> float:
    return CONFIG["role_weights"].get(token.role, idf_weight)


def word_weight(token: Token, idf_weight: float, given_name: bool) -> float:
    """A token's weight in the index: by role, else by rarity — lowered for words the lists
    write mostly as given names (a shared given name says less than a shared family name)."""
    weight = role_weight(token, idf_weight)
    return weight * CONFIG["given_name_factor"] if given_name and token.role == "word" else weight


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


def counted(similarity: float, how: str) -> float:
    """What a word pair adds to the coverages: an edit-distance likeness counts squared (two
    names that differ by a letter — Radic / Tadic, Castro / Castillo — are less alike than a
    typo curve says, and a shared given name must not carry them), every other kind as is."""
    return similarity ** CONFIG["edit_exponent"] if how == "edit" else similarity


def _combine(used_q, query_weights, name_weights, weak: bool) -> tuple[float, float, float]:
    q_cov = sum(query_weights[i] * counted(s, how)
                for i, (s, _, how) in used_q.items()) / sum(query_weights)
    n_cov = sum(name_weights[j] * counted(s, how)
                for i, (s, j, how) in used_q.items()) / sum(name_weights)
    base = CONFIG["query_weight"] * q_cov + (1 - CONFIG["query_weight"]) * n_cov
    final = base * (CONFIG["weak_alias_factor"] if weak else 1.0)
    return round(min(1.0, final), 4), q_cov, n_cov


def _letters(toks: Sequence[Token]) -> int:
    # a Han or Hangul character is a syllable: count it as three letters
    return sum(len(t.fold) * (1 if t.fold.isascii() else 3) for t in toks if t.role != "stop")


def _short_name_factor(name: Sequence[Token], used_q, query: Sequence[Token]) -> float:
    """A name of a few letters ("KUDA") carries a match only when every word is equal."""
    if _letters(name) > CONFIG["short_name_letters"]:
        return 1.0
    exact = len(used_q) == len(query) == len(name) and all(s == 1.0 for s, _, _ in used_q.values())
    return 1.0 if exact else CONFIG["short_name_factor"]


def acronym_of(toks: Sequence[Token]) -> str:
    """Initials of the words (stop and organisation-type words left out), in order."""
    words = [t for t in toks if t.role in ("word", "initial")]
    return "".join(t.fold[0] for t in words if t.fold.isascii()) if len(words) >= 2 else ""


def _acronym_score(query: Sequence[Token], name: Sequence[Token]) -> float:
    """One side a single word of 2–6 letters that spells the other's initials in order."""
    for short, long_ in ((query, name), (name, query)):
        words = [t for t in short if t.role in ("word", "initial")]
        if len(words) == 1 and 2 <= len(words[0].fold) <= 6 and words[0].fold == acronym_of(long_):
            return CONFIG["acronym_similarity"]
    return 0.0


def _joined(toks: Sequence[Token], cross_script: bool) -> str:
    return "".join(t.skel if cross_script else t.fold for t in toks if t.role != "stop")


def _joined_score(query: Sequence[Token], name: Sequence[Token], cross_script: bool) -> float:
    """Word boundaries differ ("VladimirPutin", "Good Will" / "Goodwill"): the names' words
    written together, compared as one word."""
    if len(query) == len(name):
        return 0.0
    q, n = _joined(query, cross_script), _joined(name, cross_script)
    if cross_script:
        similarity = 1.0 if q == n and len(q) >= 3 else 0.0
        similarity *= CONFIG["phonetic_similarity"]
    else:
        x = OSA.distance(q, n) / max(len(q), len(n), 1)
        similarity = 1 - x / 2 - 1.5 * x * x
        if similarity < 0.9:
            return 0.0
    return round(similarity * CONFIG["joined_factor"], 4)


def _alternatives(query, name, cross_script: bool) -> tuple[float, str | None]:
    acronym, joined = _acronym_score(query, name), _joined_score(query, name, cross_script)
    if acronym >= joined:
        return acronym, "acronym" if acronym else None
    return joined, "joined words"


def score_only(query: Sequence[Token], query_weights: Sequence[float], name: Sequence[Token],
               name_weights: Sequence[float], *, weak: bool = False, cross_script: bool = False,
               similarity) -> float:
    """:func:`score` without the explanation (for ranking candidates)."""
    if not query or not name:
        return 0.0
    used_q, _ = _align(query, name, similarity)
    aligned = _combine(used_q, query_weights, name_weights, weak)[0]
    aligned = round(aligned * _short_name_factor(name, used_q, query), 4)
    alternative, _ = _alternatives(query, name, cross_script)
    return max(aligned, _weak(alternative, weak))


def _weak(value: float, weak: bool) -> float:
    return round(value * (CONFIG["weak_alias_factor"] if weak else 1.0), 4)


def _forms(query: Sequence[Token], name: Sequence[Token], cross_script: bool,
           vowel_tolerant: bool) -> dict:
    """Which forms of the two names were compared, and those forms."""
    forms = {"query": [t.fold for t in query], "name": [t.fold for t in name]}
    if cross_script:
        forms["compared"] = "consonant skeletons (a script without short vowels)"
        forms["query_skeletons"] = [t.skel for t in query]
        forms["name_skeletons"] = [t.skel for t in name]
    elif vowel_tolerant:
        forms["compared"] = ("folded Latin forms; Cyrillic transliterated, vowel-tolerant "
                             "(the same consonants and vowel places)")
        forms["query_frames"] = [frame(t.fold) for t in query]
        forms["name_frames"] = [frame(t.fold) for t in name]
    else:
        forms["compared"] = "folded forms, each script as written"
    return forms


def score(query: Sequence[Token], query_weights: Sequence[float], name: Sequence[Token],
          name_weights: Sequence[float], *, weak: bool = False, cross_script: bool = False,
          vowel_tolerant: bool = False, similarity=None) -> tuple[float, dict]:
    """Score of one candidate name for a query, with its explanation.

    ``similarity(i, j)`` may supply cached token similarities (query token i, name token j);
    it defaults to :func:`token_similarity`."""
    if not query or not name:
        return 0.0, {"pairs": []}
    sim = similarity or (lambda i, j: token_similarity(query[i], name[j], cross_script,
                                                       vowel_tolerant))
    used_q, used_n = _align(query, name, sim)
    final, q_cov, n_cov = _combine(used_q, query_weights, name_weights, weak)
    short = _short_name_factor(name, used_q, query)
    final = round(final * short, 4)
    alternative, alternative_how = _alternatives(query, name, cross_script)
    alternative = _weak(alternative, weak)
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
        "forms": _forms(query, name, cross_script, vowel_tolerant),
        "short_name_factor": short if short != 1.0 else None,
        "whole_name": {"how": alternative_how, "score": alternative} if alternative_how else None,
        "formula": f"{CONFIG['query_weight']}·query_coverage + "
                   f"{round(1 - CONFIG['query_weight'], 2)}·name_coverage"
                   + (f", × {CONFIG['weak_alias_factor']} (weak alias)" if weak else "")
                   + (f", × {short} (short name)" if short != 1.0 else ""),
    }
    if alternative > final:
        explanation["formula"] = f"whole name: {alternative_how}"
        final = alternative
    return final, explanation
