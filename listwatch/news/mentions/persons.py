"""Named persons in article text and every later mention of them (full name or surname)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from listwatch.news.mentions.gazetteer import Mention
from listwatch.news.rules import Rules, rules as default_rules

_TOKEN = re.compile(r"\S+")
# small words inside names: "Abu Mohammed al-Jawlani", "Ursula von der Leyen"
_PARTICLES = ("al", "el", "bin", "ibn", "abu", "abd", "de", "van", "von", "der", "da", "di", "la", "le")
_NAMEPART = rf"(?:[A-Z][a-zà-ÿ’'-]+|(?:{'|'.join(_PARTICLES)})[- ](?=[A-Z])[A-Z][a-zà-ÿ’'-]+)"
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
        span = name_span(text, *m.span(), r)
        if span is None or any(a < span[1] and span[0] < b for a, b in blocked):
            continue
        s, e = span
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
    # a surname alone after a title: "Mr. Obama", "Rep. Moore" (no first name needed)
    for m in re.finditer(rf"(?:{r.title.pattern})\s+({_NAMEPART})\b(?!\s+[A-Z])", text):
        s, e = m.span(1)
        if m.group(1).lower() not in r.not_name_words and not any(a < e and s < b for a, b in blocked):
            candidates.append((s, e, "title"))
    for s, e in spacy_persons:
        span = name_span(text, s, e, r)
        if span and not any(a < span[1] and span[0] < b for a, b in blocked):
            candidates.append((*span, "ner"))
    persons: dict[str, Person] = {}
    for s, e, _ in sorted(candidates):
        name = text[s:e].removesuffix("’s").removesuffix("'s")
        surname = re.split(r"[\s]", name)[-1]
        if any(_same_person(name, p) for p in persons):  # a later mention (full name or surname)
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
        for m in re.finditer(rf"\b{re.escape(person.name)}\b", text):
            mentions.append(Mention("person", m.group(0), m.start(), m.end(), key=person.name,
                                    label="PERSON"))
    full = sorted(mentions, key=lambda x: x.start)
    for surname in {p.surname for p in persons.values()}:
        owners = [p.name for p in persons.values() if p.surname == surname]
        named = [f for f in full if f.key in owners]
        for m in re.finditer(rf"\b{re.escape(surname)}\b", text):
            if any(f.start <= m.start() < f.end for f in named):
                continue
            # "Trump" after "Ivanka Trump" is Ivanka; before any full name, the first person
            last = [f for f in named if f.end <= m.start()]
            mentions.append(Mention("person", m.group(0), m.start(), m.end(),
                                    key=last[-1].key if last else owners[0], label="PERSON"))
    mentions.sort(key=lambda x: x.start)
    _genders_from_pronouns(text, persons, mentions, r)
    return persons, mentions


def _same_person(a: str, b: str) -> bool:
    """Two written names of one person: equal, one the other's surname alone, or one inside
    the other ("Hillary Clinton" / "Clinton"); two different first names are two people."""
    sa, sb = a.split()[-1], b.split()[-1]
    return sa == sb and (a == b or len(a.split()) == 1 or len(b.split()) == 1 or a in b or b in a)


def name_span(text: str, s: int, e: int, r: Rules) -> tuple[int, int] | None:
    """The person's name inside ``text[s:e]``: the last run of two to four capitalised words
    that holds no title and no word that never belongs to a name ("White House Press Secretary
    Josh Earnest" → "Josh Earnest", "Although Karin Vale" → "Karin Vale"), not right before a
    body's head noun; none for "Vimes Tuesday", "Although Clinton", "John Birch Society"."""
    runs: list[list[re.Match]] = [[]]
    body_heads = set(r.raw["body_heads"])
    title_end = s
    for tok in _TOKEN.finditer(text, s, e):
        title = r.title.match(text, tok.start(), e) if tok.group(0)[:1].isupper() else None
        if title:
            title_end = title.end()
        bare = tok.group(0).lower().removesuffix("’s").removesuffix("'s").rstrip(".,")
        particle = bare in _PARTICLES and runs[-1]
        if bare in body_heads:
            runs[-1] = []   # "John Birch Society": the words before name the body
            runs.append([])
        elif tok.start() < title_end or bare in r.not_name_words or not (tok.group(0)[:1].isupper() or particle):
            runs.append([])
        else:
            runs[-1].append(tok)
    named = [run for run in runs if 2 <= len(run) <= 4]
    if not named:
        return None
    return named[-1][0].start(), named[-1][-1].end()



def _genders_from_pronouns(text: str, persons: dict[str, Person], mentions: list[Mention],
                           r: Rules) -> None:
    """A person without a gendered title gets the gender of the pronouns that follow their
    mentions ("Warren … her bill"): the first gendered pronoun after each mention, before the
    next person's mention and within its sentence (a pronoun of the next sentence may be the
    one being resolved), is one vote; a title before a mention ("Mrs.") is three; the majority
    decides."""
    pronoun = re.compile(r"\b(" + "|".join(r.raw["gender_pronouns"]) + r")\b", re.IGNORECASE)
    votes: dict[str, list[str]] = {}
    for i, m in enumerate(mentions):
        title = re.search(r"([A-Za-z]+)\.?\s+$", text[max(0, m.start - 12):m.start])
        if title and title.group(1).lower() in r.female | r.male:  # "Mr. Obama", "Mrs. Clinton"
            votes.setdefault(m.key, []).extend(["F" if title.group(1).lower() in r.female else "M"] * 3)
        stop = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        sentence_end = re.compile(r"[.!?][”\"’»]?\s|\n").search(text, m.end)
        stop = min(stop, sentence_end.start() if sentence_end else stop)
        found = pronoun.search(text, m.end, stop)
        if found:
            votes.setdefault(m.key, []).append(r.raw["gender_pronouns"][found.group(1).lower()])
    for key, vs in votes.items():
        person = persons[key]
        if person.gender is None and vs.count("M") != vs.count("F"):
            person.gender = max(("M", "F"), key=vs.count)
