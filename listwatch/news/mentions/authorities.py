"""Authorities in article text: whose list a sentence talks about, from the authority table
(names, and adjectives that count only as owners and affiliations), and "the body", "the
council" … referring back to the authority last named."""

from __future__ import annotations

import re

from listwatch.news.mentions.gazetteer import Gazetteer, Mention
from listwatch.news.rules import Rules, rules as default_rules

# What is built from the authority table, once per table. Keyed by the table itself, not by the
# Rules object: the reader makes a Rules copy per article (its outlet's words), and all copies
# share one table. The table is kept beside what was built from it, so a reused id never
# returns another table's build.
_BUILT: dict[tuple[str, int], tuple[dict, object]] = {}


def _per_table(kind: str, r: Rules, build):
    table = r.authorities
    cached = _BUILT.get((kind, id(table)))
    if cached is None or cached[0] is not table:
        cached = _BUILT[(kind, id(table))] = (table, build(r))
    return cached[1]


def authority_gazetteer(r: Rules | None = None) -> tuple[Gazetteer, Gazetteer]:
    """(names, adjectives) gazetteers of the authority table (built once per table)."""
    return _per_table("gazetteers", r or default_rules(), _build_authorities)


def _build_authorities(r: Rules) -> tuple[Gazetteer, Gazetteer]:
    names, adjectives = Gazetteer(), Gazetteer()
    for authority, spec in r.authorities.items():
        for value in [authority, *(spec.get("names") or [])]:
            lower = value[:1].islower()  # written in lower case: matches in lower case ("the bloc")
            value = re.sub(r"^the\s+", "", value)
            letters = re.sub(r"\W", "", value)
            names.add(value, authority, case_sensitive=letters.isupper() and len(letters) <= 5,
                      any_case=lower)
        for value in [*(spec.get("adjectives") or []), *(spec.get("laws") or [])]:
            letters = re.sub(r"\W", "", value)
            adjectives.add(value, authority, case_sensitive=letters.isupper() and len(letters) <= 5)
    return names, adjectives


def find_authorities(text: str, r: Rules | None = None, toks=None, within=()) -> list[Mention]:
    """Authorities named in ``text``; a place inside a group's name (``within``: the subject
    mentions, "Islamic State of Iraq and Syria") is no authority."""
    r = r or default_rules()
    names, adjectives = authority_gazetteer(r)
    # "Iran-backed", "Somalia-based": a place in a compound describes, it is not an authority
    found = [Mention("authority", text[s:e], s, e, key=a, label="ORG")
             for s, e, a in names.find(text, toks)
             if not _in_compound(text, s, e) and not any(x.start <= s and e <= x.end for x in within)]
    found += [m for m in _through_persons(text, r) if not any(x.start < m.end and m.start < x.end
                                                               for x in (*found, *within))]
    taken = [(m.start, m.end) for m in found]
    for s, e, a in adjectives.find(text, toks):
        if not any(x <= s < y for x, y in taken) and not _in_compound(text, s, e):
            found.append(Mention("authority", text[s:e], s, e, key=a, label="ORG", adjective=True))
    # "the body", "the council" … : the authority last named before
    for m in r.anaphoric_authorities.finditer(text):
        if any(x.start < m.end() and m.start() < x.end for x in found):
            continue  # a registry name ("the bloc" → the EU) wins over the anaphor
        # "Iran’s Revolutionary Guard" says whose group, so "the government" is not Iran's
        # … an agent: not a place after a preposition ("outside of Iran")
        before = [x for x in found if x.end <= m.start() and not x.adjective
                  and not _describes_name(text, x, found)
                  and not r.not_agent_before.search(text, max(0, x.start - 30), x.start)]
        before = before or [x for x in found if x.end <= m.start()]
        if before:
            last = max(before, key=lambda x: x.end)
            found.append(Mention("authority", m.group(0), m.start(), m.end(), key=last.key,
                                 label="ORG"))
    found += _plural_anaphors(text, r, found)
    found.sort(key=lambda x: x.start)
    return found


def _plural_anaphors(text: str, r: Rules, found: list[Mention]) -> list[Mention]:
    """ "Both countries have designated …": one mention per authority of the last two named
    before (on the same words, so they read as coordinated agents)."""
    out = []
    for m in r.plural_authority_anaphor.finditer(text):
        keys: list[str] = []
        for x in sorted(found, key=lambda x: -x.end):
            if x.end <= m.start() and not x.adjective and x.key not in keys:
                keys.append(x.key)
            if len(keys) == 2:
                break
        if len(keys) == 2:
            out += [Mention("authority", m.group(0), m.start(), m.end(), key=k, label="ORG")
                    for k in reversed(keys)]
    return out



_NAME_WORD = r"[A-Z][\w’'-]+"
# a capitalised word right before a title makes it part of another title ("Press Secretary")
_TITLE_GOES_ON = re.compile(r"\b(?!(?:The|A|An)\s)[A-Z][\w’'.-]*\s+$")


def _person_patterns(r: Rules) -> list[tuple[re.Pattern, str]]:
    """(pattern, authority) for the registry's titles before a name ("Secretary Doe") and words
    after one ("the Smith administration"): the person or the name says whose official act it is."""
    patterns = []
    for authority, spec in r.authorities.items():
        for title in sorted(spec.get("titles_before_name") or [], key=len, reverse=True):
            # the mention is the title only, so the name stays a person; a capitalised word
            # before it makes it part of another title ("Press Secretary", "Home Secretary")
            patterns.append((re.compile(rf"\b{re.escape(title)}(?=\s+{_NAME_WORD})"), authority))
        for word in spec.get("words_after_name") or []:
            patterns.append((re.compile(rf"\b{_NAME_WORD}\s+{re.escape(word)}\b"), authority))
    return patterns


def _through_persons(text: str, r: Rules) -> list[Mention]:
    found: list[Mention] = []
    for pattern, authority in _per_table("person patterns", r, _person_patterns):
        for m in pattern.finditer(text):
            if _TITLE_GOES_ON.search(text[max(0, m.start() - 40):m.start()]):
                continue
            if not any(x.start < m.end() and m.start() < x.end for x in found):
                found.append(Mention("authority", m.group(0), m.start(), m.end(), key=authority,
                                     label="ORG"))
    return found


def _in_compound(text: str, start: int, end: int) -> bool:
    """ "Iran-backed", "pro-Israel": a place in a compound word describes."""
    return bool(re.match(r"-[a-z]", text[end:end + 2]) or re.search(r"[a-z]-$", text[max(0, start - 2):start]))


def _describes_name(text: str, m: Mention, found: list[Mention]) -> bool:
    """A possessive before a capitalised name that is no authority ("Iran’s Revolutionary Guard",
    "Lebanon’s Hezbollah") describes the name rather than acting."""
    tail = re.match(r"[’']s\s+[A-Z]", text[m.end:m.end + 4])
    return bool(tail) and not any(x.start == m.end + tail.end() - 1 for x in found)
