"""What a typed name may stand for, for lookup (``queries.resolve_subject``).

Two halves:

* **Query forms**: the query as typed, its words written as one, and — for words in Russian,
  Arabic, German, French or Spanish — the query with its generic words translated ("партия"
  → party, "دولة" → state, "Arbeiterpartei" → workers party; ``lookup_words.yaml``) and its
  other words without inflectional endings (Курдистана → Курдистан, الحوثيون → حوث).
* **The directory** over every name in the screening index, in three tiers: names *equal* to
  a form's link key (main name, alias, weak alias, the acronym of a long name); names *derived*
  for a parent group from its branches' names; and, for organisations, names equal in their
  *loose key* (consonant skeletons of the words, English plural -s dropped), which is how a
  name written in another script or with other vowels is found (حماس = HAMAS, Хуситы = HOUTHIS).

Branches: an entry whose name is another group's name plus a qualifier ("ISLAMIC STATE IN IRAQ
AND THE LEVANT - KHORASAN", "ISIL-Tunisia", "SOUTH ASIAN CHAPTER OF ISIL") is a branch of that
group; its other names without the qualifier ("ISIS-K" → ISIS, "Daesh Tunisia" → Daesh,
"Islamic State Khurasan" → Islamic State) are names of the parent, and a query matching both a
branch and its parent equally answers with the parent.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from listwatch.ledger.subjects import PRIMARY, STRONG, WEAK, acronym, link_key, name_variants, says_enough
from listwatch.names import cyrillic_to_latin, normalise, normalise_arabic, script_of
from listwatch.screening.index import ScreeningIndex
from listwatch.screening.keys import skeleton, tokens

ACRONYM = WEAK + 1  # the initials of a long name, derived by us
DERIVED = ACRONYM + 1  # a parent's name derived from its branches' names
MAX_FORMS = 8
LATIN_LANGUAGES = ("de", "fr", "es")  # languages whose words a Latin query may be in
_ATTACHED_ARTICLE = re.compile(r"(\w)-(ul|al|ud|ut|un|ur|us|ush|ad|an|ar|as|ash|at|az|el|il)-",
                               re.IGNORECASE)
WORDS_FILE = Path(__file__).with_name("lookup_words.yaml")
# A qualifier written as its initials ("ISIS-K", "ISIL-WA"): at most this many letters.
MAX_QUALIFIER_INITIALS = 3
# A parent named by an acronym only ("ISIL-Tunisia") needs this many letters: three-letter
# initials ("JAK-T") belong to too many names.
MIN_PARENT_ACRONYM = 4
# Loose (skeleton) keys only for names with a word this long: short words and acronyms
# ("HASI", "DS") have skeletons of one or two consonants that many names share.
MIN_LOOSE_WORD = 5
MIN_DEMONYM = 7  # "Egyptian" loses its -ian in a loose key, "Syrian" does not


# -- query forms ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Language:
    endings: tuple[str, ...]
    adherent: tuple[str, ...]
    letters: tuple[tuple[str, str], ...]
    stop: frozenset[str]
    words: dict[str, tuple[str, ...]]
    compound: tuple[str, ...] | None
    acronyms: bool = False


@cache
def languages() -> dict[str, Language]:
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))["languages"]

    def norm(word: str) -> str:
        return normalise(normalise_arabic(word))

    return {code: Language(
        endings=tuple(sorted(map(norm, spec.get("endings", ())), key=len, reverse=True)),
        adherent=tuple(sorted(map(norm, spec.get("adherent", ())), key=len, reverse=True)),
        letters=tuple((pattern, replacement) for pattern, replacement in spec.get("letters", ())),
        stop=frozenset(map(norm, spec.get("stop", ()))),
        words={norm(stem): tuple(english) for stem, english in spec["words"].items()},
        compound=tuple(spec["compound"]) if "compound" in spec else None,
        acronyms=bool(spec.get("acronyms")),
    ) for code, spec in data.items()}


def _strip(word: str, endings: tuple[str, ...], keep: int = 3) -> str:
    """``word`` without its longest ending from ``endings`` that leaves ``keep`` letters."""
    for ending in endings:
        if ending and word.endswith(ending) and len(word) - len(ending) >= keep:
            return word[:-len(ending)]
    return word


def _translation(word: str, language: Language) -> tuple[str, ...] | None:
    """The English word(s) for a query word that is a known stem plus an ending (or, in a
    language that compounds, ends with a known stem after another known word)."""
    for stem, english in language.words.items():
        rest = word[len(stem):] if word.startswith(stem) else None
        if rest is not None and (rest == "" or rest in language.endings):
            return english
    if language.compound is not None:
        for stem, english in language.words.items():
            head = word.find(stem, 3)
            if head > 0 and word[head + len(stem):] in ("", *language.endings):
                for link in language.compound:
                    front = word[:head - len(link)] if link else word[:head]
                    if link and not word[:head].endswith(link):
                        continue
                    first = _translation(front, language)
                    if first:
                        return (f"{first[0]} {english[0]}",)
    return None


def _query_words(query: str, code: str) -> list[str]:
    if code == "ar":
        words = normalise(normalise_arabic(query)).split()
        return [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words]
    return normalise(query).split()


def _language_forms(query: str, code: str, language: Language) -> list[str]:
    """The query with generic words translated and other words uninflected; [] when the
    language says nothing about it (a Latin query with no word of that language)."""
    words = [w for w in _query_words(query, code) if w not in language.stop]
    if not words:
        return []
    choices: list[tuple[str, ...]] = []
    translated = adherents = 0
    for word in words:
        english = _translation(word, language)
        if english:
            translated += 1
            choices.append(english)
            continue
        bare = _strip(word, language.endings)
        plain = _strip(bare, language.adherent) if language.adherent else bare
        plain = _strip(word, language.adherent) if plain == bare else plain
        adherents += _strip(word, language.adherent) != word
        options = tuple(dict.fromkeys((bare, plain)))
        if language.letters:
            latin = [cyrillic_to_latin(o) for o in options]
            for pattern, replacement in language.letters:
                latin = [re.sub(pattern, replacement, o) for o in latin]
            options += tuple(latin)
        choices.append(tuple(dict.fromkeys(options)))
    if code in LATIN_LANGUAGES and not (translated or adherents):
        return []  # an English query is not made French by a plural -s
    return [" ".join(c) for c in itertools.islice(itertools.product(*choices), MAX_FORMS)]


def query_forms(query: str) -> list[str]:
    """The query, its words written as one ("Hizb Allah", "حزب الله" → one word: names that
    lists write as one word are often written as two), and its forms in English words (above)."""
    text = query.strip()
    forms = [text]
    joined = "".join(text.split())
    if joined != text:
        forms.append(joined)
    # "Hizb-ul-Mujahideen" is "Hizbul Mujahideen": an article hyphenated between two words
    # belongs to the first as lists write it
    forms.append(_ATTACHED_ARTICLE.sub(r"\1\2 ", text))
    script = script_of(text)
    codes = {"Cyrl": ("ru",), "Arab": ("ar",), "Latn": LATIN_LANGUAGES}.get(script, ())
    for code in codes:
        forms += _language_forms(text, code, languages()[code])
    return list(dict.fromkeys(f for f in forms if f.strip()))[:MAX_FORMS]


@cache
def kind_words() -> frozenset[str]:
    return frozenset(yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))["kind_words"])


def fallback_forms(query: str) -> list[str]:
    """Forms tried only when nothing answers the query as typed: without words for the kind of
    body it is ("Houthi movement", "حركة حماس"), and a Latin query as another language's
    spelling of the same sounds ("Hisbollah" → hizbollah, "Dschihad" → jihad)."""
    return list(dict.fromkeys([*_without_kind_words(query), *respelt_forms(query)]))


def _without_kind_words(query: str) -> list[str]:
    script = script_of(query)
    code = {"Cyrl": "ru", "Arab": "ar"}.get(script)
    kept = []
    for word in _query_words(query, code) if code else normalise(query).split():
        english = _translation(word, languages()[code]) if code else (word,)
        if not (english and set(english) & kind_words()):
            kept.append(word)
    bare = " ".join(kept)
    return [bare] if kept and bare != normalise(query) else []


def respelt_forms(query: str) -> list[str]:
    """A Latin query as another language's spelling of the same sounds."""
    if script_of(query) != "Latn":
        return []
    text = normalise(query)
    forms = []
    for code in LATIN_LANGUAGES:
        language = languages()[code]
        respelt = text
        for pattern, replacement in language.letters:
            respelt = re.sub(pattern, replacement, respelt)
        if respelt != text:
            forms.append(respelt)
    return list(dict.fromkeys(forms))


# -- the directory --------------------------------------------------------------------------

def loose_keys(name: str, indexed: bool = False) -> list[str]:
    """Consonant skeletons of a name's words (not its stop or organisation-type words), sorted,
    as written, with English plural -s dropped ("HOUTHIS" → also "HOUTHI") and with a
    country adjective's -ian dropped ("EGYPTIAN" → also "EGYPT"): how names
    compare across scripts and vowel spellings. A name ``indexed`` needs a long word."""
    words = [t for t in tokens(name) if t.role not in ("stop", "legal")]
    if indexed and not any(len(t.fold) >= MIN_LOOSE_WORD for t in words):
        return []
    plain = [t.skel for t in words]
    singular = [skeleton(t.fold[:-1]) if t.fold.isascii() and len(t.fold) >= MIN_LOOSE_WORD
                and t.fold.endswith("s") and not t.fold.endswith("ss") else t.skel for t in words]
    # a country's adjective as its name: Palestinian / Palestine, Egyptian / Ägypt(isch)
    country = [skeleton(t.fold[:-3]) if t.fold.isascii() and len(t.fold) >= MIN_DEMONYM
               and t.fold.endswith("ian") else k for t, k in zip(words, singular)]
    keys = [" ".join(sorted(k for k in form if k)) for form in (plain, singular, country)]
    return [k for k in dict.fromkeys(keys) if k]


def latin_form(name: str) -> str:
    """A name's folded words in Latin, for telling apart names with one skeleton."""
    return " ".join(t.fold for t in tokens(name) if t.role not in ("stop", "legal"))


def closeness(query: str, name: str) -> float:
    """How alike two names with one skeleton are in their letters (vowels included), 0–1."""
    return fuzz.ratio(latin_form(query), name) / 100


@dataclass
class Directory:
    index: ScreeningIndex
    exact: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    # skeleton key → (rank, entry, latin form of the name)
    loose: dict[str, list[tuple[int, int, str]]] = field(default_factory=lambda: defaultdict(list))
    parent: dict[str, str] = field(default_factory=dict)  # branch subject → parent subject

    def hits(self, form: str) -> list[tuple[int, int]]:
        return self.exact.get(link_key(form), [])

    def loose_hits(self, form: str) -> list[tuple[tuple[float, int], int]]:
        """((-closeness, rank), entry) for names of the same skeleton: one or two consonants
        are shared by many names (حوث: HOUTHIS, AHETEI), so the closer spelling comes first."""
        return [((-round(closeness(form, latin), 2), rank), entry)
                for key in loose_keys(form) for rank, entry, latin in self.loose.get(key, ())]


_CACHE: list = [None, None]  # [index, Directory]


def directory(index: ScreeningIndex) -> Directory:
    if _CACHE[0] is not index:
        _CACHE[:] = [index, _build(index)]
    return _CACHE[1]


@cache
def _initials_in(code: str) -> dict[str, str]:
    """English word (folded) → the initial of this language's word for it, in Latin."""
    return {tokens(english)[0].fold: cyrillic_to_latin(stem)[0]
            for stem, words in languages()[code].words.items() for english in words
            if tokens(english)}


def translated_acronyms(name: str) -> set[str]:
    """The acronym of a long name made from other languages' words for its generic words
    (Islamic State of Iraq and the Levant → igil, ИГИЛ), where that differs from its own."""
    words = [t.fold for t in tokens(name) if t.role not in ("stop", "legal")]
    if len(words) < 3:
        return set()
    found = set()
    for code, language in languages().items():
        if language.acronyms:
            initials = _initials_in(code)
            if any(w in initials for w in words):
                found.add("".join(initials.get(w, w[0]) for w in words))
    return found


def _rank(index: ScreeningIndex, nid: int) -> int:
    kind, quality, _ = index.name_meta[nid]
    return PRIMARY if kind == "primary" else (STRONG if quality == "strong" else WEAK)


def _build(index: ScreeningIndex) -> Directory:
    found = Directory(index)
    organisations: dict[int, list[tuple[int, str]]] = defaultdict(list)  # entry → (rank, name)
    for nid, value in enumerate(index.name_value):
        entry = index.name_entry[nid]
        rank = _rank(index, nid)
        if index.entry_type[entry] != "organisation":
            found.exact[link_key(value)].append((rank, entry))
            continue
        for variant in name_variants(value):
            organisations[entry].append((rank, variant))
            found.exact[link_key(variant)].append((rank, entry))
            if rank <= STRONG and (initials := acronym(variant)):
                found.exact[initials].append((ACRONYM, entry))
                for other in translated_acronyms(variant):
                    found.exact[other].append((ACRONYM, entry))
            for key in loose_keys(variant, indexed=True):
                found.loose[key].append((rank, entry, latin_form(variant)))
    _derive_parent_names(found, organisations)
    return found


def link_key_words(name: str) -> list[str]:
    """A name's words in order, as its link key has them (inner stop words left out)."""
    toks = tokens(name)
    return [link_key(t.fold) or t.fold for i, t in enumerate(toks)
            if t.role != "stop" or i == len(toks) - 1]


def _derive_parent_names(found: Directory, organisations: dict[int, list[tuple[int, str]]]) -> None:
    """Find branches (an entry whose strong name is another group's name plus a qualifier) and
    give their parents the branches' other names without the qualifier."""
    index = found.index
    owners: dict[str, str | None] = {}

    def owner(words: list[str]) -> str | None:
        """The subject holding these words as a name that says enough (or as the acronym of
        one)."""
        key = " ".join(sorted(words))
        if key not in owners:
            hits = [(r, e) for r, e in found.exact.get(key, ())
                    if (r <= STRONG or r == ACRONYM) and index.entry_type[e] == "organisation"]
            ok = hits and (says_enough(key) or (
                all(r == ACRONYM for r, _ in hits) and len(key) >= MIN_PARENT_ACRONYM))
            votes = Counter(index.entry_subject[e] for _, e in hits) if ok else Counter()
            best = votes.most_common(1)
            # the subject most entries holding the name belong to, if they are most of them
            owners[key] = best[0][0] if best and 2 * best[0][1] > sum(votes.values()) else None
        return owners[key]

    derived: list[tuple[str, int]] = []
    for entry, names in organisations.items():
        subject = index.entry_subject[entry]
        claims: dict[str, list[list[str]]] = defaultdict(list)  # parent → qualifier parts
        for rank, name in names:
            if rank > STRONG:
                continue
            words = link_key_words(name)
            # the longest leading or trailing part that is another group's name: "Islamic
            # State of Iraq and Syria—Khorasan" names ISIL by "Islamic State of Iraq" (a UN
            # alias of ISIL), but "Syria" is no qualifier
            found_parts = [(len(part), holder, rest) for cut in range(1, len(words))
                           for part, rest in ((words[:cut], words[cut:]), (words[cut:], words[:cut]))
                           if (holder := owner(part)) and holder != subject]
            if found_parts:
                _, holder, rest = max(found_parts, key=lambda f: (f[0], f[1]))
                claims[holder].append(rest)
        if not claims:
            continue
        # the group most of the branch's names name (a short acronym may belong to anyone)
        parent = max(sorted(claims), key=lambda h: len(claims[h]))
        # the qualifier: words most of those names add to the parent's ("Khorasan"), not a
        # word one name adds ("Syria" after ISIL's alias "Islamic State of Iraq")
        rests = claims[parent]
        counts = Counter(w for rest in rests for w in set(rest))
        qualifiers = {w for w, n in counts.items() if 2 * n >= len(rests)}
        found.parent[subject] = parent
        parent_entry = index.subject_entries[parent][0]
        # every name of the branch, weak ones too ("The Islamic State of Iraq and Syria—
        # Khorasan" is a UN low-quality alias): the parent's name derived from it ranks last
        for _, name in names:
            words = link_key_words(name)
            bare = _without_edge_qualifiers(words, qualifiers)
            if bare and bare != words:
                derived.append((" ".join(sorted(bare)), parent_entry))
    for key, entry in derived:  # after every branch was judged on the lists' own names
        found.exact[key].append((DERIVED, entry))
        for loose in loose_keys(key, indexed=True):
            found.loose[loose].append((DERIVED, entry, latin_form(key)))


def _is_qualifier(word: str, qualifiers: set[str]) -> bool:
    if word in qualifiers:
        return True
    initials = {q[0] for q in qualifiers}
    return len(word) <= MAX_QUALIFIER_INITIALS and all(c in initials for c in word)


def _without_edge_qualifiers(words: list[str], qualifiers: set[str]) -> list[str]:
    start, end = 0, len(words)
    while start < end and _is_qualifier(words[start], qualifiers):
        start += 1
    while end > start and _is_qualifier(words[end - 1], qualifiers):
        end -= 1
    return words[start:end]
