"""Words and the gazetteer: a longest-match lookup of normalised word sequences (an entity ruler
that works on normalised words, so "Hay’at Tahrir al-Sham", "Hayat Tahrir al-Sham" and
"HAYAT TAHRIR AL-SHAM" are one name)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from listwatch.names import normalise

# words repeat within and across articles: normalising each distinct word once was a tenth of
# the reader's own time
_normalise_word = lru_cache(maxsize=1 << 16)(normalise)

_TOKEN = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")


@dataclass(frozen=True)
class Mention:
    kind: str           # subject | authority | person | unnamed
    text: str
    start: int
    end: int
    key: str | None = None         # subject id, authority name or person name
    label: str | None = None       # ORG / PERSON / LOC
    adjective: bool = False
    name: str | None = None        # display name of the subject

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
                "key": self.key, "label": self.label}


def words(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) for every word of ``text``."""
    out = []
    for m in _TOKEN.finditer(text):
        word, end = m.group(0), m.end()
        if len(word) > 3 and word[-2] in "'’ʼ" and word[-1] in "sS":
            word, end = word[:-2], end - 2  # possessive: "Russia’s", "HTS’s"
        n = _normalise_word(word)
        if n:
            out.append((n, m.start(), end))
    return out


class Gazetteer:
    """Longest-match lookup of word sequences; entries carry a payload and a case rule."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, ...], tuple[object, bool, str]] = {}
        self.lengths: dict[str, set[int]] = {}

    def add(self, name: str, payload: object, case_sensitive: bool = False,
            any_case: bool = False) -> None:
        """``case_sensitive``: the letters must match exactly (short forms: "US"); otherwise the
        text must start with a capital, unless ``any_case`` (common-noun metonyms: "the bloc")."""
        key = tuple(n for n, _, _ in words(name))
        if not key or key in self.entries:
            return
        self.entries[key] = (payload, case_sensitive, re.sub(r"\W", "", name), any_case)
        self.lengths.setdefault(key[0], set()).add(len(key))

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str, toks: list[tuple[str, int, int]] | None = None):
        toks = toks if toks is not None else words(text)
        i, n = 0, len(toks)
        while i < n:
            lengths = self.lengths.get(toks[i][0])
            hit = None
            if lengths:
                for length in sorted(lengths, reverse=True):
                    if i + length > n:
                        continue
                    key = tuple(t[0] for t in toks[i:i + length])
                    entry = self.entries.get(key)
                    if entry is None:
                        continue
                    start, end = toks[i][1], toks[i + length - 1][2]
                    raw = text[start:end]
                    payload, case_sensitive, letters, any_case = entry
                    if case_sensitive and re.sub(r"\W", "", raw) != letters:
                        continue
                    if not (case_sensitive or any_case or raw[0].isupper() or raw[0].isdigit()):
                        continue
                    # a word must not continue with a hyphen ("UN-backed" is still UN, fine)
                    hit = (start, end, payload, length)
                    break
            if hit:
                yield hit[0], hit[1], hit[2]
                i += hit[3]
            else:
                i += 1

