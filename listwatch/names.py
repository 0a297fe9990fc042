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


@lru_cache(maxsize=65536)
def _char_script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return _SCRIPT_BY_NAME_PREFIX.get(name.split(" ", 1)[0], "Zyyy")


def script_of(text: str) -> str:
    """ISO 15924 code of the script most letters of ``text`` are in ("Latn" when none)."""
    counts = Counter(s for s in map(_char_script, text) if s)
    return counts.most_common(1)[0][0] if counts else "Latn"


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Case-, diacritic- and punctuation-free form in the original script.

    Apostrophes vanish (Hay'at → hayat), other punctuation and hyphens become spaces."""
    text = strip_diacritics(text).casefold()
    text = text.translate({ord(a): None for a in _APOSTROPHES})
    return " ".join(_PUNCT.sub(" ", text).split())


def latin_key(text: str) -> str:
    """``normalise`` after transliteration to Latin, so names in any script compare."""
    return normalise(anyascii(normalise(text)))


def token_key(text: str) -> str:
    """``latin_key`` with its words sorted, so that "AL-JAWLANI, Abu Muhammad" and
    "Abu Muhammad al-Jawlani" (list order and natural order) compare equal."""
    return " ".join(sorted(latin_key(text).split()))
