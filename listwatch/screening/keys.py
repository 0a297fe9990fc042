"""Name keys for screening: a name becomes a list of tokens, each with three forms.

* ``fold``: the token in Latin (Cyrillic by a BGN-like table, Arabic and other scripts through
  anyascii), case, diacritics and apostrophes gone, with
  spelling variants folded (kh→h, ph→f, q→k, doubled letters once, a final h after a vowel
  dropped): "Khayyat", "Hay'at" and "Hayat" all fold to ``hayat``.
* ``skel``: a consonant skeleton for transliteration variants (vowels, y and w dropped, sh/ch→S,
  th→t, g/j/gh/zh→j, c/q→k, v→f, p→b): Muhammad / Mohammed / محمد → ``mhmd``,
  Jawlani / Julani / Golani / الجولاني → ``jln``. Arabic tokens get their skeleton from the
  Arabic letters, not from their Latin rendering.
* ``role``: ``word``, ``stop`` (of, the, wal …), ``legal`` (organisation-type words: ltd, llc,
  company, group …) or ``initial`` (one letter); the scorer weighs them differently.

Han, kana and Hangul words stay in their own script (fold and skeleton are the word itself):
romanising them collapses homophones (习近平 / 习近朋) and makes two-syllable Chinese names
look like Korean ones, so they match only names the lists write in that script. A run of two
or more initials becomes one word in its order ("A.B.C." → ``abc``, which is not "C.B.A.").

Articles vanish: al-/el-/ul- before another word, assimilated ones before their sun letter
(ash-Sham, an-Nusra, ad-Din), and the Arabic ال prefix. Pure functions of strings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from anyascii import anyascii

from listwatch.names import cyrillic_to_latin, normalise, normalise_arabic

ARTICLES = frozenset({"al", "el", "ul", "il"})
# Assimilated Arabic articles: dropped when the next word starts with their consonant(s).
SUN_ARTICLES = frozenset({
    "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "en", "er", "es", "esh", "et",
    "ez", "ud", "un", "ur", "us", "ush", "ut", "uz"})
STOP_WORDS = frozenset({
    "of", "the", "for", "and", "a", "an", "in", "on", "de", "des", "du", "la", "le", "les", "del",
    "della", "di", "da", "do", "dos", "das", "der", "die", "den", "von", "van", "y", "wal", "wa",
    "bil", "fi", "fil", "li", "lil", "et", "und", "i"})
# Organisation-type words (legal forms and generic organisation nouns).
LEGAL_WORDS = frozenset({
    "company", "co", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "llp",
    "lp", "plc", "gmbh", "mbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "jsc",
    "ojsc", "pjsc", "cjsc", "ooo", "oao", "zao", "pao", "ao", "tov", "fze", "fzc", "fzco",
    "fzllc", "kft", "sro", "doo", "ab", "oy", "pte", "pvt", "bhd", "sdn", "tbk", "sl", "group",
    "holding", "holdings", "organization", "organisation", "trading", "enterprise",
    "enterprises", "establishment", "est", "firm", "industries", "international", "intl"})

class Token(NamedTuple):
    fold: str
    skel: str
    role: str
    # Arabic-script words only: the long vowels (ا و ي) written after each skeleton consonant,
    # slot by slot ("|"-joined; slot 0 before the first consonant), see long_vowels_written
    vowels: str = ""


_FOLD_RULES = [(re.compile(p), r) for p, r in (
    (r"dzh|dj", "j"), (r"kh", "h"), (r"ph", "f"), (r"ck", "k"), (r"q", "k"), (r"ou", "u"),
    (r"oo", "u"), (r"ee", "i"), (r"iy$", "y"), (r"(.)\1+", r"\1"), (r"(?<=[aeiou])h$", ""),
)]
_SKEL_DIGRAPHS = re.compile(r"sh|ch|th|dh|gh|zh|ts|tz")
# sh/ch (ش, Ш, Ч) stay apart from s (س, ص): Nasir ≠ Nashiri
_SKEL_DIGRAPH = {"sh": "S", "ch": "S", "th": "t", "dh": "d", "gh": "j", "zh": "j", "ts": "s",
                 "tz": "s"}
_SKEL_LETTERS = str.maketrans({"c": "k", "q": "k", "g": "j", "v": "f", "p": "b", "x": "ks",
                               "a": None, "e": None, "i": None, "o": None, "u": None, "y": None,
                               "w": None})
_DOUBLES = re.compile(r"(.)\1+")

# Arabic letter → skeleton consonant (long vowels, alef, ayn and hamza vanish).
_ARABIC_SKEL = {
    "ا": "", "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "h", "د": "d", "ذ": "d",
    "ر": "r", "ز": "z", "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "",
    "غ": "j", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "",
    "ي": "", "ة": "t", "پ": "b", "چ": "S", "ژ": "j", "گ": "j", "ڤ": "f",
}


def _is_cjk(word: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af"
               or "\u1100" <= c <= "\u11ff" or "\uf900" <= c <= "\ufaff" for c in word)


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in word)


@lru_cache(maxsize=200_000)
def fold(token: str) -> str:
    for pattern, replacement in _FOLD_RULES:
        token = pattern.sub(replacement, token)
    return token


@lru_cache(maxsize=200_000)
def skeleton(folded: str) -> str:
    # Doubled letters were folded already; consonants that meet once the vowels between them
    # are gone stay two (Putin "btn" is not Potanin "btnn").
    text = _SKEL_DIGRAPHS.sub(lambda m: _SKEL_DIGRAPH[m.group(0)], folded)
    text = text.translate(_SKEL_LETTERS)
    return text[:-1] if text.endswith("h") and len(text) > 1 else text


_FRAME_LETTERS = str.maketrans({"c": "k", "q": "k", "g": "j", "v": "f", "p": "b", "x": "ks",
                                "a": "*", "e": "*", "i": "*", "o": "*", "u": "*", "y": "*"})
_VOWEL_RUNS = re.compile(r"\*+")


@lru_cache(maxsize=200_000)
def frame(folded: str) -> str:
    """The consonants of a folded token with each run of vowels (and y) as one ``*``:
    transliterations of one Cyrillic name that differ only in their vowels share it
    (Aleksei / Aleksey / Alexei → ``*l*ks*``), while a vowel more or less between consonants
    still differs (Putin ``b*t*n`` is not Potanin ``b*t*n*n``)."""
    text = _SKEL_DIGRAPHS.sub(lambda m: _SKEL_DIGRAPH[m.group(0)], folded)
    return _VOWEL_RUNS.sub("*", text.translate(_FRAME_LETTERS))


_LONG_VOWELS = {"ا": "a", "و": "u", "ي": "i"}
_LATIN_VOWELS = {"a": "ae", "u": "uow", "i": "iey"}  # Latin letters that may write each
_SLOT_LETTERS = str.maketrans({"c": "k", "q": "k", "g": "j", "v": "f", "p": "b", "x": "ks"})


def arabic_forms(word: str, last: bool) -> tuple[str, str]:
    """The consonant skeleton of an Arabic-script word and its long-vowel slots."""
    word = _DOUBLES.sub(r"\1", word)  # a doubled letter as written (الله) counts once
    consonants: list[str] = []
    slots = [""]
    for index, letter in enumerate(word):
        if letter == "ة" and last and index == len(word) - 1:
            continue  # ta marbuta is pronounced only before a following noun (Hay'at Tahrir)
        mapped = _ARABIC_SKEL.get(letter, "")
        if mapped:
            consonants.append(mapped)
            slots.append("")
        elif index > 0 and letter in _LONG_VOWELS:  # a first alef, waw or ya is no long vowel
            slots[-1] += _LONG_VOWELS[letter]
    if len(consonants) > 1 and consonants[-1] == "h":  # a final h is dropped, as in Latin
        consonants.pop()
        tail = slots.pop()
        slots[-1] += tail
    return "".join(consonants), "|".join(slots)


@lru_cache(maxsize=200_000)
def latin_vowel_slots(folded: str) -> tuple[str, ...]:
    """The vowels (a e i o u y w) after each consonant of a Latin token's skeleton."""
    text = _SKEL_DIGRAPHS.sub(lambda m: _SKEL_DIGRAPH[m.group(0)], folded).translate(
        _SLOT_LETTERS)
    consonants, slots = [], [""]
    for letter in text:
        if letter in "aeiouyw":
            slots[-1] += letter
        else:
            consonants.append(letter)
            slots.append("")
    if len(consonants) > 1 and consonants[-1] == "h":
        consonants.pop()
        tail = slots.pop()
        slots[-1] += tail
    return tuple(slots)


def long_vowels_written(arabic: Token, latin: Token) -> bool:
    """Whether a Latin spelling writes the long vowels of an Arabic word where the Arabic has
    them (the last slot aside: final ى / ي / ا vary): محمود is Mahmud, not Muhammad; سيفي is
    Saifi, not Sofia. Short vowels, which Arabic does not write, are free."""
    arabic_slots = arabic.vowels.split("|")
    latin_slots = latin_vowel_slots(latin.fold)
    if len(arabic_slots) != len(latin_slots):
        return True  # not aligned (another skeleton): nothing to check
    return all(any(c in _LATIN_VOWELS[v] for c in written)
               for wanted, written in zip(arabic_slots[:-1], latin_slots[:-1]) for v in wanted)


def _role(latin: str, folded: str) -> str:
    if latin in STOP_WORDS or folded in STOP_WORDS:
        return "stop"
    if latin in LEGAL_WORDS or folded in LEGAL_WORDS:
        return "legal"
    return "initial" if len(folded) == 1 and folded.isascii() else "word"


@lru_cache(maxsize=100_000)
def tokens(name: str) -> tuple[Token, ...]:
    """The screening tokens of a name in any script, articles removed, in the name's order."""
    words = normalise(cyrillic_to_latin(name)).split()
    # (latin, fixed skeleton or None, or an Arabic word's (skeleton, long-vowel slots))
    raw: list[tuple[str, str | tuple[str, str] | None]] = []
    for index, word in enumerate(words):
        if word.isascii():
            raw.append((word, None))
        elif _is_cjk(word):
            word = unicodedata.normalize("NFC", word)  # normalise() decomposed Hangul to jamo
            raw.append((word, word))
        elif _is_arabic(word):
            word = normalise_arabic(word)
            if word.startswith("ال") and len(word) > 3:
                word = word[2:]
            elif word.startswith("لل") and len(word) > 3:
                word = word[2:]
            latin = normalise(anyascii(word))
            if latin:
                raw.append((latin.replace(" ", ""), arabic_forms(word, index == len(words) - 1)))
        else:
            raw.extend((part, None) for part in normalise(anyascii(word)).split())
    result: list[Token] = []
    for index, (latin, fixed) in enumerate(raw):
        following = raw[index + 1][0] if index + 1 < len(raw) else None
        if following is not None and (
                latin in ARTICLES or (latin in SUN_ARTICLES and following.startswith(latin[1:]))):
            continue
        folded = latin if fixed == latin else fold(latin)
        if not folded:
            continue
        role = _role(latin, folded)
        if isinstance(fixed, tuple):  # an Arabic word
            result.append(Token(folded, fixed[0], role, fixed[1]))
        else:
            result.append(Token(folded, fixed if fixed is not None else skeleton(folded), role))
    return _join_initials(result)


def _join_initials(toks: list[Token]) -> tuple[Token, ...]:
    """Runs of two or more initials as one word, in their order."""
    result: list[Token] = []
    run: list[Token] = []
    for tok in [*toks, None]:
        # a lone "a" or "y" is a word (stop); next to other single letters, an initial
        if tok is not None and len(tok.fold) == 1 and tok.fold.isascii():
            run.append(tok)
            continue
        if len(run) >= 2:
            joined = "".join(t.fold for t in run)
            result.append(Token(joined, skeleton(joined), "word"))
        else:
            result.extend(run)
        run = []
        if tok is not None:
            result.append(tok)
    return tuple(result)


def query_key(name: str) -> str:
    """The normalised form under which analyst decisions are stored: folded tokens, sorted."""
    return " ".join(sorted(t.fold for t in tokens(name))) or normalise(name)
