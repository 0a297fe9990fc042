"""Authorities in article text: whose list a sentence talks about, from the authority table
(names, and adjectives that count only as owners and affiliations), and "the body", "the
council" … referring back to the authority last named."""

from __future__ import annotations

import re

from listwatch.news.mentions.gazetteer import Gazetteer, Mention
from listwatch.news.rules import Rules, rules as default_rules

_AUTHORITY_CACHE: dict[int, tuple[Gazetteer, Gazetteer]] = {}



def authority_gazetteer(r: Rules | None = None) -> tuple[Gazetteer, Gazetteer]:
    """(names, adjectives) gazetteers of the authority table (built once per rules object)."""
    r = r or default_rules()
    if id(r) not in _AUTHORITY_CACHE:
        _AUTHORITY_CACHE[id(r)] = _build_authorities(r)
    return _AUTHORITY_CACHE[id(r)]


def _build_authorities(r: Rules) -> tuple[Gazetteer, Gazetteer]:
    names, adjectives = Gazetteer(), Gazetteer()
    for authority, spec in r.authorities.items():
        for value in [authority, *(spec.get("names") or [])]:
            lower = value[:1].islower()  # written in lower case: matches in lower case ("the bloc")
            value = re.sub(r"^the\s+", "", value)
            letters = re.sub(r"\W", "", value)
            names.add(value, authority, case_sensitive=letters.isupper() and len(letters) <= 5,
                      any_case=lower)
        for value in spec.get("adjectives") or []:
            letters = re.sub(r"\W", "", value)
            adjectives.add(value, authority, case_sensitive=letters.isupper() and len(letters) <= 5)
    return names, adjectives


def find_authorities(text: str, r: Rules | None = None, toks=None) -> list[Mention]:
    r = r or default_rules()
    names, adjectives = authority_gazetteer(r)
    # "Iran-backed", "Somalia-based": a place in a compound describes, it is not an authority
    found = [Mention("authority", text[s:e], s, e, key=a, label="ORG")
             for s, e, a in names.find(text, toks) if not _in_compound(text, e)]
    taken = [(m.start, m.end) for m in found]
    for s, e, a in adjectives.find(text, toks):
        if not any(x <= s < y for x, y in taken) and not _in_compound(text, e):
            found.append(Mention("authority", text[s:e], s, e, key=a, label="ORG", adjective=True))
    # "the body", "the council" … : the authority last named before
    for m in r.anaphoric_authorities.finditer(text):
        if any(x.start < m.end() and m.start() < x.end for x in found):
            continue  # a registry name ("the bloc" → the EU) wins over the anaphor
        before = [x for x in found if x.end <= m.start() and not x.adjective]
        before = before or [x for x in found if x.end <= m.start()]
        if before:
            last = max(before, key=lambda x: x.end)
            found.append(Mention("authority", m.group(0), m.start(), m.end(), key=last.key,
                                 label="ORG"))
    found.sort(key=lambda x: x.start)
    return found



def _in_compound(text: str, end: int) -> bool:
    return bool(re.match(r"-[a-z]", text[end:end + 2]))
