"""Mentions in article text: ledger subjects, authorities, persons and unnamed sources.

The subject and authority matchers are a word-level gazetteer (an entity ruler that works on
normalised words, so "Hay’at Tahrir al-Sham", "Hayat Tahrir al-Sham" and "HAYAT TAHRIR AL-SHAM"
are one name): built once from the ledger's names (``SubjectIndex.from_names``) and from
``authorities.yaml``. ``apply_to_doc`` writes the hits into a spaCy ``Doc`` as entities with the
subject id or authority in ``kb_id`` — the pipeline's own PERSON/ORG/LOC stay where they do
not overlap. Persons come from the pipeline's PERSON entities plus rules (a title before the
name, an apposition or a cue verb after it), so a better trained NER finds more of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from listwatch.names import normalise
from listwatch.news.rules import Rules, rules as default_rules

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
        n = normalise(word)
        if n:
            out.append((n, m.start(), end))
    return out


class Gazetteer:
    """Longest-match lookup of word sequences; entries carry a payload and a case rule."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, ...], tuple[object, bool, str]] = {}
        self.lengths: dict[str, set[int]] = {}

    def add(self, name: str, payload: object, case_sensitive: bool = False) -> None:
        key = tuple(n for n, _, _ in words(name))
        if not key or key in self.entries:
            return
        self.entries[key] = (payload, case_sensitive, re.sub(r"\W", "", name))
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
                    payload, case_sensitive, letters = entry
                    if case_sensitive and re.sub(r"\W", "", raw) != letters:
                        continue
                    if not case_sensitive and not (raw[0].isupper() or raw[0].isdigit()):
                        continue
                    # a word must not continue with a hyphen ("UN-backed" is still UN, fine)
                    hit = (start, end, payload, length)
                    break
            if hit:
                yield hit[0], hit[1], hit[2]
                i += hit[3]
            else:
                i += 1


class SubjectIndex:
    """Ledger subject names as a gazetteer: name → (subject id, subject display name)."""

    def __init__(self, gazetteer: Gazetteer, names: dict[str, str]) -> None:
        self.gazetteer = gazetteer
        self.names = names  # subject id → display name

    @classmethod
    def from_names(cls, rows: Iterable[tuple[str, str, str, str]]) -> "SubjectIndex":
        """rows: (subject id, subject display name, subject type, name value)."""
        g, names = Gazetteer(), {}
        for subject_id, display, kind, value in rows:
            toks = [n for n, _, _ in words(value)]
            if not toks or (len(toks) == 1 and len(toks[0]) < 3):
                continue
            if kind == "person" and len(toks) < 2:
                continue
            if len(toks) == 1 and toks[0] in _COMMON:
                continue
            names[subject_id] = display
            g.add(value, subject_id, case_sensitive=value.isupper() and len(value) <= 6)
        return cls(g, names)

    @classmethod
    def empty(cls) -> "SubjectIndex":
        return cls(Gazetteer(), {})


_COMMON = {"the", "base", "front", "army", "group", "movement", "party", "state", "islamic",
           "the base", "victory", "resistance"}


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
            value = re.sub(r"^the\s+", "", value)
            letters = re.sub(r"\W", "", value)
            names.add(value, authority, case_sensitive=letters.isupper() and len(letters) <= 5)
        for value in spec.get("adjectives") or []:
            letters = re.sub(r"\W", "", value)
            adjectives.add(value, authority, case_sensitive=letters.isupper() and len(letters) <= 5)
    return names, adjectives


_ACRONYM_DEF = re.compile(
    r"(?P<name>(?:(?:[A-Z]|al-|el-)[\w’'-]+\s+(?:(?:of|for|the|al|el|and)\s+)*){1,6}(?:[A-Z]|al-|el-)[\w’'-]+)\s+"
    r"\((?P<acr>[A-Z][A-Za-z]{1,7})\)")


def find_subjects(text: str, index: SubjectIndex, toks=None) -> list[Mention]:
    """Ledger subjects, plus acronyms the article defines: "Hayat Tahrir al-Sham (HTS)"."""
    found = [Mention("subject", text[s:e], s, e, key=sid, label="ORG", name=index.names.get(sid))
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
        extra[acr] = Mention("subject", x.group("name"), x.start("name"), x.end("name"),
                             key=None, label="ORG")
        found.append(extra[acr])
    covered = [(m.start, m.end) for m in found]
    for acr, target in extra.items():
        for m in re.finditer(rf"\b{re.escape(acr)}\b", text):
            if any(a <= m.start() < b for a, b in covered):
                continue
            found.append(Mention("subject", acr, m.start(), m.end(), key=target.key, label="ORG",
                                 name=target.name))
    found.sort(key=lambda x: x.start)
    return found


def find_authorities(text: str, r: Rules | None = None, toks=None) -> list[Mention]:
    r = r or default_rules()
    names, adjectives = authority_gazetteer(r)
    found = [Mention("authority", text[s:e], s, e, key=a, label="ORG")
             for s, e, a in names.find(text, toks)]
    taken = [(m.start, m.end) for m in found]
    for s, e, a in adjectives.find(text, toks):
        if not any(x <= s < y for x, y in taken):
            found.append(Mention("authority", text[s:e], s, e, key=a, label="ORG", adjective=True))
    # "the body", "the council" … : the authority last named before
    for m in r.anaphoric_authorities.finditer(text):
        before = [x for x in found if x.end <= m.start() and not x.adjective]
        before = before or [x for x in found if x.end <= m.start()]
        if before:
            last = max(before, key=lambda x: x.end)
            found.append(Mention("authority", m.group(0), m.start(), m.end(), key=last.key,
                                 label="ORG"))
    found.sort(key=lambda x: x.start)
    return found


# -- persons ----------------------------------------------------------------------------------
_NAMEPART = r"(?:[A-Z][a-zà-ÿ’'-]+|(?:al|el|bin|ibn|abu|abd|de|van|von|der|bin)[- ](?=[A-Z])[A-Z][a-zà-ÿ’'-]+)"
_NAME = re.compile(rf"{_NAMEPART}(?:\s+{_NAMEPART}|-{_NAMEPART}|\s+(?:al|el|bin|ibn)-[A-Z][a-zà-ÿ’'-]+){{1,5}}")


@dataclass
class Person:
    name: str
    surname: str
    start: int
    descriptors: set[str] = field(default_factory=set)
    affiliation: str | None = None
    gender: str | None = None


def _descriptor_words(text: str, r: Rules) -> set[str]:
    out = set()
    for w in re.findall(r"[A-Za-z’'-]+", text):
        w = w.lower().removesuffix("’s").removesuffix("'s")
        if w in {"the", "a", "an", "of", "and", "in", "on", "s"}:
            continue
        w = r.demonyms.get(w, w)
        out.add(r.synonyms.get(w, w))
    return out


def find_persons(text: str, spacy_persons: Iterable[tuple[int, int]], authorities: list[Mention],
                 subjects: list[Mention], r: Rules | None = None) -> tuple[dict[str, Person], list[Mention]]:
    """Named persons of the article and every mention of them (full name or surname)."""
    r = r or default_rules()
    blocked = [(m.start, m.end) for m in (*authorities, *subjects) if not m.adjective]
    candidates: list[tuple[int, int, str]] = []  # start, end, evidence
    for m in _NAME.finditer(text):
        s, e = m.span()
        name = m.group(0)
        toks = name.split()
        while toks and toks[0].lower() in r.not_name_words:
            s += len(toks[0]) + 1
            toks = toks[1:]
        if len(toks) < 2 or len(toks) > 4 or any(t.lower() in r.not_name_words for t in toks):
            continue
        e = s + len(" ".join(toks))
        if any(a < e and s < b for a, b in blocked):
            continue
        before = text[max(0, s - 60):s]
        after = text[e:e + 40]
        evidence = None
        if r.title.search(before[-35:]) and re.search(r"(?:" + r.title.pattern + r")\s*$", before):
            evidence = "title"
        elif re.match(r",\s+(?:the|a|an|who|[a-z]+ed)\b", after):
            evidence = "apposition"
        elif re.match(r"\s+(?:" + r.cue.pattern + r"|has|had|was|is)", after):
            evidence = "cue"
        if evidence:
            candidates.append((s, e, evidence))
    for s, e in spacy_persons:
        if len(text[s:e].split()) >= 2 and not any(a < e and s < b for a, b in blocked):
            candidates.append((s, e, "ner"))
    persons: dict[str, Person] = {}
    for s, e, _ in sorted(candidates):
        name = text[s:e].removesuffix("’s").removesuffix("'s")
        surname = re.split(r"[\s]", name)[-1]
        key = next((p for p in persons if p.endswith(surname) or name.endswith(persons[p].surname)), None)
        if key:  # a later mention of a person already found (full name or surname)
            continue
        person = Person(name, surname, s)
        before = text[max(0, s - 80):s]
        tm = re.search(r"((?:[A-Z][\w’'.-]*\s+){1,5})$", before)
        desc = tm.group(1) if tm else ""
        am = re.match(r",\s+((?:the|a|an)\s[^,.;]{3,100})", text[e:e + 110])
        desc += " " + (am.group(1) if am else "")
        person.descriptors = _descriptor_words(desc, r)
        lower = {w.lower().rstrip(".") for w in desc.split()}
        if lower & r.female:
            person.gender = "F"
        elif lower & r.male:
            person.gender = "M"
        aff = [a for a in authorities if (tm and s - len(tm.group(1)) - 1 <= a.start < s)
               or (am and e < a.start < e + 2 + len(am.group(1)))]
        if aff:
            person.affiliation = aff[-1].key
        persons[name] = person
    mentions = []
    for person in persons.values():
        for m in re.finditer(rf"\b(?:{re.escape(person.name)}|{re.escape(person.surname)})\b", text):
            mentions.append(Mention("person", m.group(0), m.start(), m.end(), key=person.name,
                                    label="PERSON"))
    mentions.sort(key=lambda x: x.start)
    return persons, mentions


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
