"""Name text handling shared by adapters, subject linking and queries: script detection,
normalisation and transliteration. Pure functions of strings."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from anyascii import anyascii

# Unicode script of a character, from its name's first word; enough to tell the scripts that
# appear on terrorist lists apart.
_SCRIPT_BY_NAME_PREFIX = {
    "LATIN": "Latn", "CYRILLIC": "Cyrl", "ARABIC": "Arab", "HEBREW": "Hebr", "GREEK": "Grek",
    "CJK": "Hani", "HIRAGANA": "Jpan", "KATAKANA": "Jpan", "HANGUL": "Hang", "DEVANAGARI": "Deva",
    "THAI": "Thai", "GEORGIAN": "Geor", "ARMENIAN": "Armn", "BENGALI": "Beng", "TAMIL": "Taml",
    "SYRIAC": "Syrc", "ETHIOPIC": "Ethi", "PERSIAN": "Arab",
}

# Apostrophe-like marks that lists and articles use interchangeably (Hay'at / Hay’at / Hayʼat).
_APOSTROPHES = "'’‘ʼʻ`´ʹʾʿ′"
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_NO_APOSTROPHES = {ord(a): None for a in _APOSTROPHES}


@lru_cache(maxsize=65536)
def _char_script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return _SCRIPT_BY_NAME_PREFIX.get(name.split(" ", 1)[0], "Zyyy")


def script_of(text: str) -> str:
    """ISO 15924 code of the script most letters of ``text`` are in ("Latn" when none)."""
    if text.isascii():  # ASCII letters are all Latin: most names, read without counting
        return "Latn"
    counts = Counter(s for s in map(_char_script, text) if s)
    return counts.most_common(1)[0][0] if counts else "Latn"


def strip_diacritics(text: str) -> str:
    """NFKD without combining marks, one distinct character at a time (the same text as
    decomposing the whole string — canonical reordering only moves the marks dropped — but a
    translate over a whole article instead of a Python loop over its characters)."""
    if text.isascii():
        return text
    return text.translate({ord(c): _stripped_char(c) for c in set(text) if not c.isascii()})


@lru_cache(maxsize=65536)
def _stripped_char(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Case-, diacritic- and punctuation-free form in the original script.

    Apostrophes vanish (Hay'at → hayat), other punctuation and hyphens become spaces."""
    text = strip_diacritics(text).casefold()
    text = text.translate(_NO_APOSTROPHES)
    return " ".join(_PUNCT.sub(" ", text).split())


def latin_key(text: str) -> str:
    """``normalise`` after transliteration to Latin, so names in any script compare."""
    return normalise(anyascii(normalise(text)))


def token_key(text: str) -> str:
    """``latin_key`` with its words sorted, so that "AL-JAWLANI, Abu Muhammad" and
    "Abu Muhammad al-Jawlani" (list order and natural order) compare equal."""
    return " ".join(sorted(latin_key(text).split()))


# -- transliteration for screening --------------------------------------------------------------
# anyascii renders Cyrillic letter by letter in a way far from how names of Arabic origin are
# written in Latin lists ("Хайят" → "Khaiiat"); this table follows the common BGN/PCGN-like
# practice instead ("Khayyat"), which the screening keys then fold further (kh → h).
_CYRILLIC_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi",
    "є": "ye", "ґ": "g", "ў": "u", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "ђ": "dj", "џ": "dz",
}
_CYRILLIC_TABLE = {ord(k): v for k, v in _CYRILLIC_LATIN.items()}

# Arabic letter variants that spellings use interchangeably: hamza carriers, alef forms, final
# ya/alef maqsura, tatweel. Ta marbuta (ة) is kept: screening keys need to know it.
_ARABIC_FOLD = {ord(k): v for k, v in {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ء": "", "ـ": "",
    "ی": "ي", "ک": "ك", "ۀ": "ه", "ە": "ه",
}.items()}


def cyrillic_to_latin(text: str) -> str:
    """Cyrillic letters of lower-cased ``text`` in Latin (BGN-like); other characters kept."""
    return unicodedata.normalize("NFC", text).casefold().translate(_CYRILLIC_TABLE)


def normalise_arabic(text: str) -> str:
    """Arabic-script text with hamza carriers, alef forms and alef maqsura folded (أبو → ابو)."""
    return text.translate(_ARABIC_FOLD)
