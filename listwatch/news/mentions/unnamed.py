"""Unnamed sources: "a Kremlin source", "a senior UN official", "a member of HTS"."""

from __future__ import annotations

import re

from listwatch.news.mentions.gazetteer import Mention

_UNNAMED = re.compile(
    r"\b(?P<det>[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Tt]he)\s+(?P<mods>(?:[\w.’'-]+\s+){0,4}?)"
    r"(?P<noun>source|sources|official|officials|diplomat|diplomats|spokesperson|representative|"
    r"officer|commander|member|aide|insider)s?\b(?P<of>\s+(?:of|from|in|at|with)\s+(?:the\s+)?"
    r"(?:[A-Z][\w’'.-]*\s*){1,5})?")


def find_unnamed(text: str, authorities: list[Mention], subjects: list[Mention]) -> list[Mention]:
    """Unnamed sources: "a Kremlin source", "a senior UN official", "a member of HTS"; "the
    source" refers back to the last one with the same head noun."""
    out: list[Mention] = []
    for m in _UNNAMED.finditer(text):
        s = m.start()
        phrase = m.group(0).strip()
        if m.group("det").lower() == "the" and not m.group("mods").strip() and not m.group("of"):
            noun = m.group("noun").rstrip("s")
            prior = [u for u in out if u.label == noun]
            if prior:
                out.append(Mention("unnamed", phrase, s, s + len(phrase), key=prior[-1].key,
                                   label=noun, name=prior[-1].name))
            continue
        if m.group("det").lower() == "the":
            continue
        aff = next((a.key for a in authorities if s <= a.start < s + len(phrase)), None)
        org = next((x.text for x in subjects if s <= x.start < s + len(phrase)), None)
        out.append(Mention("unnamed", phrase, s, s + len(phrase), key=aff or org,
                           label=m.group("noun").rstrip("s"), name=_lower_first(phrase)))
    return out


def _lower_first(phrase: str) -> str:
    return phrase[0].lower() + phrase[1:] if phrase[:2].lower() in ("a ", "an", "on", "tw", "th", "se") else phrase
