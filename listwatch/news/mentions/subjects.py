"""Ledger subjects in article text: every name the ledger holds (``SubjectIndex.from_names``), and
acronyms the article defines ("Hayat Tahrir al-Sham (HTS)")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from listwatch.news.rules import rules as default_rules
from listwatch.news.mentions.gazetteer import Gazetteer, Mention, words


class SubjectIndex:
    """Ledger subject names as a gazetteer: name → (subject id, subject display name)."""

    def __init__(self, gazetteer: Gazetteer, names: dict[str, str],
                 persons: frozenset[str] = frozenset()) -> None:
        self.gazetteer = gazetteer
        self.names = names  # subject id → display name
        self.persons = persons  # ids of subjects that are people ("the group" never means them)

    @classmethod
    def from_names(cls, rows: Iterable[tuple[str, str, str, str]]) -> "SubjectIndex":
        """rows: (subject id, subject display name, subject type, name value)."""
        g, names, persons = Gazetteer(), {}, set()
        for subject_id, display, kind, value in rows:
            # "THE HOUTHIS": text says "the Houthis" in lower case; the article is no part of the name
            value = re.sub(r"^the\s+", "", value, flags=re.I)
            toks = [n for n, _, _ in words(value)]
            if not toks or (len(toks) == 1 and len(toks[0]) < 3):
                continue
            if kind == "person" and len(toks) < 2:
                continue
            if len(toks) == 1 and toks[0] in _COMMON:
                continue
            names[subject_id] = display
            if kind == "person":
                persons.add(subject_id)
            g.add(value, subject_id, case_sensitive=value.isupper() and len(value) <= 6)
        return cls(g, names, frozenset(persons))

    @classmethod
    def empty(cls) -> "SubjectIndex":
        return cls(Gazetteer(), {})


_COMMON = {"the", "base", "front", "army", "group", "movement", "party", "state", "islamic",
           "the base", "victory", "resistance"}


_ACRONYM_DEF = re.compile(
    r"(?P<name>(?:(?:[A-Z]|al-|el-)[\w’'-]+\s+(?:(?:of|for|the|al|el|and)\s+)*){1,6}(?:[A-Z]|al-|el-)[\w’'-]+)\s+"
    r"\((?P<acr>[A-Z][A-Za-z]{1,7})\)")


def find_subjects(text: str, index: SubjectIndex, toks=None, r=None) -> list[Mention]:
    """Ledger subjects, plus acronyms the article defines: "Hayat Tahrir al-Sham (HTS)" (not
    those of bodies or list names, ``not_subject`` in rules.yaml: "Foreign Terrorist
    Organization (FTO)", "Anadolu Agency (AA)")."""
    r = r or default_rules()
    found = [Mention("subject", text[s:e], s, e, key=sid, name=index.names.get(sid),
                     label="PERSON" if sid in index.persons else "ORG")
             for s, e, sid in index.gazetteer.find(text, toks)]
    # in-article acronyms: NAME (ACR) → ACR means the same subject (or an unlinked group)
    extra: dict[str, Mention] = {}
    for m in found:
        tail = re.match(r"\s*\((?P<acr>[A-Z][A-Za-z-]{1,9})\)", text[m.end:m.end + 14])
        if tail and tail.group("acr") not in extra:
            extra[tail.group("acr")] = m
    for x in _ACRONYM_DEF.finditer(text):
        acr = x.group("acr")
        if acr in extra or any(m.start <= x.start("name") < m.end for m in found):
            continue
        if r.not_subject.search(x.group("name")):
            extra[acr] = None
            continue
        extra[acr] = Mention("subject", x.group("name"), x.start("name"), x.end("name"),
                             key=None, label="ORG")
        found.append(extra[acr])
    covered = [(m.start, m.end) for m in found]
    for acr, target in extra.items():
        if target is None:
            continue
        for m in re.finditer(rf"\b{re.escape(acr)}\b", text):
            if any(a <= m.start() < b for a, b in covered):
                continue
            # an unlinked group's acronym carries the group's name: one group, one claim
            found.append(Mention("subject", acr, m.start(), m.end(), key=target.key, label="ORG",
                                 name=target.name if target.key else target.text))
    found.sort(key=lambda x: x.start)
    return found


def find_organisations(text: str, entities: list[dict], known: list[Mention],
                       persons: list[Mention], r) -> list[Mention]:
    """Named groups the ledger does not know, as unlinked subject mentions (key None): names
    ending in an organisation head noun ("the Majeed Brigade", "Sinaloa Cartel") — these win
    over a person reading of the same words — and the pipeline's other ORG entities, never
    overlapping a ledger subject or an authority in ``known``."""
    spans = [(m.start(), m.end(), True) for m in r.organisation_name.finditer(text)]
    for e in entities:  # "Hizb-ut Tahrir and the National Socialist Network" is two groups
        if e.get("label") == "ORG":
            spans += [(s, x, False) for s, x in _split_coordination(text, e["start"], e["end"])]
    out: list[Mention] = []
    taken = [(m.start, m.end) for m in known]
    people = [(m.start, m.end) for m in persons]
    for s, e, headed in spans:
        s, e = _trim_article(text, s, e)
        # "the US Proud Boys": an authority at the start describes the group
        lead = next((m for m in known if m.start == s and m.end < e and m.kind == "authority"), None)
        if lead is not None and headed:
            s = lead.end + re.match(r"(?:[’']s)?\s*", text[lead.end:e]).end()  # "Iran's Revolutionary Guard"
        if text[s - 1:s] == "-":
            continue  # "the pro-Morocco North Africa Post": part of a compound adjective
        follow = re.match(r"\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*", text[e:])
        if headed and text[e - 1:e].islower() and follow:
            e += follow.end()  # "the Basque group ETA": the description and the name are one mention
        blocked = taken if headed else taken + people
        if e - s < 2 or r.not_subject.search(text[s:e]) or any(a < e and s < b for a, b in blocked):
            continue
        out.append(Mention("subject", text[s:e], s, e, key=None, label="ORG"))
        taken.append((s, e))
    return sorted(out, key=lambda m: m.start)


def _split_coordination(text: str, s: int, e: int) -> list[tuple[int, int]]:
    parts, start = [], s
    for m in re.finditer(r",\s+|\s+and\s+(?:the\s+)?", text[s:e]):
        if text[s + m.end():s + m.end() + 1].isupper():
            parts.append((start, s + m.start()))
            start = s + m.end()
    return parts + [(start, e)]


def _trim_article(text: str, s: int, e: int) -> tuple[int, int]:
    m = re.match(r"(?:the|The)\s+", text[s:e])
    return (s + m.end(), e) if m else (s, e)


def link_organisations(found: list[Mention], link) -> list[Mention]:
    """Unlinked group mentions with the ledger subject ``link`` finds for their text, or for
    the name inside a description ("Palestinian movement Hamas", "Iran-backed Houthi militia"),
    if any."""
    if link is None:
        return found
    out = []
    for m in found:
        core = name_core(m.text)
        hit = link(m.text) or (link(core) if core and core != m.text else None)
        out.append(Mention(m.kind, m.text, m.start, m.end, key=hit[0], label=m.label, name=hit[1])
                   if hit else m)
    return out


def screened_subject(store, text: str) -> tuple[str, str] | None:
    """The organisation the screening index puts first for ``text`` at its default threshold
    (an analyst's false-positive decision for that name is respected)."""
    from listwatch.screening import api

    for result in api.screen(store, text, type_="organisation", limit=1).results:
        if result.decision is None or result.decision.verdict != "false-positive":
            return result.subject.id, result.subject.name
    return None


# compound descriptors before a name: "Iran-backed", "Somalia-based", "al-Qaida-linked"
_DESCRIPTOR = re.compile(r"[\w’'-]+-(?:backed|based|linked|aligned|affiliated|led|funded|allied|inspired)$")
# lower-case words that belong to a name ("Hizb ut-Tahrir", "Army of the Eastern Coast")
_NAME_PARTICLE = re.compile(r"(?:al|el|of|the|for|de|del|la|los|las|du|ul|ut|bin|ibn|and)\b")


def name_core(text: str) -> str:
    """The name inside a group's description: the capitalised words after its last lower-case
    word ("Palestinian movement Hamas" → "Hamas"), else those before it ("Iran-backed Houthi
    militia" → "Houthi"); a name with no description is itself."""
    words = [w for w in text.split() if not _DESCRIPTOR.fullmatch(w)]
    lower = [i for i, w in enumerate(words) if w[:1].islower() and not _NAME_PARTICLE.match(w)]
    if not lower:
        return " ".join(words)
    tail = words[lower[-1] + 1:]
    return " ".join(tail or words[:lower[0]])
