"""Direct and partial quotes, their cue verbs and speakers.

Quote marks are paired inside a paragraph (curly “…”, straight "…", «…»); an opening mark with
no closing one runs to the paragraph's end (a quote continued in the next paragraph). A quote is
*direct* when it stands as its own utterance (at the start of a sentence, or after a cue and a
comma or colon), *partial* when it is a fragment inside the reporter's sentence.

Attribution: the first of ``_RULES`` that finds a speaker — after the quote (“…,” SPEAKER CUE /
“…,” CUE SPEAKER, appositions and asides allowed), a dash signature, a cue before the quote in
its sentence (SPEAKER CUE[,:] “…”, "Said X:"), a participle (the sentence's subject), a cue at
the end of the sentence, the subject of a sentence holding a partial quote, the continuation of
the paragraph's previous quote, a paragraph introduced by "SPEAKER CUE:".

The speaker phrase is resolved by :class:`Speakers`: a named person (full name or surname), a
pronoun (by gender, number and recency, preferring sentence subjects and earlier speakers), a
description ("the Chechen leader": the person whose title or apposition shares its head noun)
or an unnamed source ("the source" → "a Kremlin source", kept unnamed with its affiliation); a
phrase that is neither a name nor a description gives no name. The phrase patterns are built
here; the word lists (cue verbs, titles, pronouns, words that are no names) are rules.yaml data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from listwatch.news.mentions.gazetteer import Mention
from listwatch.news.mentions.persons import Person, _descriptor_words
from listwatch.news.rules import Rules, rules as default_rules

# words that open a description of a speaker ("the spokeswoman", "my father", "one questioner")
_DETERMINERS = ("the", "a", "an", "one", "two", "several", "my", "his", "her", "their", "our")
_PAIRS = {"“": "”", "«": "»", '"': '"', "„": "“"}
_OPEN = re.compile(r"[“«\"„]")


@dataclass
class Speaker:
    name: str | None          # resolved person name, or the unnamed source as written
    kind: str                 # person | unnamed | authority | unknown
    text: str                 # as written at the cue
    affiliation: str | None = None   # authority (Russia, United Nations …) or organisation
    start: int | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "text": self.text,
                "affiliation": self.affiliation}


@dataclass
class Quote:
    text: str
    start: int
    end: int
    kind: str                 # direct | partial
    speaker: Speaker | None = None
    cue: str | None = None

    def to_dict(self) -> dict:
        sp = self.speaker
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
                "speaker": sp.name if sp else None, "speaker_kind": sp.kind if sp else None,
                "speaker_text": sp.text if sp else None,
                "speaker_start": sp.start if sp else None,
                "affiliation": sp.affiliation if sp else None, "cue": self.cue}


def quote_spans(body: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each quote's text (without the marks) in ``body``."""
    spans = []
    for ps, pe in paragraphs:
        i = ps
        while True:
            m = _OPEN.search(body, i, pe)
            if not m:
                break
            close = _PAIRS[m.group(0)]
            j = body.find(close, m.end(), pe)
            if m.group(0) == '"' and j == -1:
                break
            end = j if j != -1 else pe
            if end > m.end():
                spans.append((m.end(), end))
            i = end + 1
            if i >= pe:
                break
    return spans


class Speakers:
    """Resolves speaker phrases to persons and unnamed sources of one article."""

    def __init__(self, body: str, persons: dict[str, Person], mentions: list[Mention],
                 unnamed: list[Mention], authorities: list[Mention],
                 quotes: list[tuple[int, int]], r: Rules | None = None,
                 sentences: list[tuple[int, int]] | None = None) -> None:
        self.body, self.persons, self.r = body, persons, r or default_rules()
        inside = lambda m: any(a <= m.start < b for a, b in quotes)  # noqa: E731
        self.mentions = [m for m in mentions if not inside(m)]
        self.unnamed = [m for m in unnamed if not inside(m)]
        self.authorities = authorities
        self.by_surname = {p.surname: p for p in persons.values()}
        self.sentences = sentences or []
        self.posts = re.compile(self.r.raw["embedded_post"], re.IGNORECASE)
        self.said: list[tuple[int, int, Person]] = []   # (start, end, person) of speaker phrases resolved

    def person(self, name: str) -> Person | None:
        name = name.removesuffix("’s").removesuffix("'s")
        return self.persons.get(name) or self.by_surname.get(name.split()[-1] if name.split() else "")

    def in_post(self, offset: int) -> bool:
        """Whether ``offset`` lies in a paragraph that is an embedded social-media post."""
        return bool(self.posts.search(self.body, self.body.rfind("\n", 0, offset) + 1,
                                      _line_end(self.body, offset)))

    def _speaker(self, p: Person, phrase: str, start: int) -> Speaker:
        self.said.append((start, start + len(phrase), p))
        return Speaker(p.name, "person", phrase, p.affiliation, start)

    def antecedent(self, gender: str | None, start: int) -> Person | None:
        """The person a singular pronoun at ``start`` refers to. Candidates are the persons
        named in the last few sentences before it (outside quotes) whose gender does not
        clash; each scores by recency (sentences back), and gains for a gender that is known
        to match, for being the first of them in its sentence (the subject, in news prose) and
        for having spoken there. With none that near, the last one named before it."""
        fits = lambda p: p is not None and (gender is None or p.gender in (None, gender))  # noqa: E731
        earlier = [m for m in self.mentions if m.start < start and fits(self.persons.get(m.key))
                   and not self.in_post(m.start)]
        if not earlier:
            return None
        spoke = [(a, b, p.name) for a, b, p in self.said]
        here = self._sentence_index(start)
        best, best_score = None, None
        first_in: set[int] = set()
        for m in earlier:
            i = self._sentence_index(m.start)
            distance = here - i
            if distance > _LOOKBACK:
                continue
            p = self.persons[m.key]
            score = -distance + (2 if gender and p.gender == gender else 0)
            if i not in first_in:
                first_in.add(i)
                score += 1
            if any(a <= m.start < b and name == p.name for a, b, name in spoke):
                score += 1
            if best_score is None or score >= best_score:
                best, best_score = p, score
        return best or self.persons[earlier[-1].key]

    def _sentence_index(self, offset: int) -> int:
        return next((i for i, (a, b) in enumerate(self.sentences) if a <= offset < b),
                    sum(1 for a, _ in self.sentences if a <= offset))

    def resolve(self, phrase: str, start: int) -> Speaker | None:
        phrase = phrase.strip(" ,")
        if not phrase:
            return None
        low = phrase.lower()
        pronouns = self.r.raw["pronouns"]
        if low in pronouns:
            gender = pronouns[low]
            if gender == "plural":   # "they": a group, never one person
                prior = [u for u in self.unnamed if u.end <= start and u.text.lower().rstrip(".").endswith("s")]
                if prior:
                    return Speaker(prior[-1].name, "unnamed", phrase, prior[-1].key, start)
                return Speaker(None, "unknown", phrase, None, start)
            p = self.antecedent(gender, start)
            if p:
                return self._speaker(p, phrase, start)
            return Speaker(None, "unknown", phrase, None, start)
        # the last named person inside the phrase ("Clinton campaign spokesman Brian Fallon")
        inner = [m for m in self.mentions if start <= m.start < start + len(phrase)]
        if inner:
            return self._speaker(self.persons[inner[-1].key], phrase, start)
        # unnamed source written here or referred back to
        for u in self.unnamed:
            if u.start <= start < u.end or start <= u.start < start + len(phrase):
                return Speaker(u.name, "unnamed", phrase, u.key, start)
        if self.r.source_noun.search(low):
            noun = self.r.source_noun.search(low).group(0).rstrip("s")
            prior = [u for u in self.unnamed if u.end <= start and u.label == noun]
            if prior:
                u = prior[-1]
                return Speaker(u.name, "unnamed", phrase, u.key, start)
        # a description: "the Chechen leader", "the spokeswoman"
        if low.split()[0] in _DETERMINERS:
            desc = _descriptor_words(phrase, self.r) - {"former"}
            head = _descriptor_words(phrase.split()[-1], self.r)
            best, score = None, 0
            for m in reversed([m for m in self.mentions if m.start < start]):
                p = self.persons[m.key]
                s = len(desc & p.descriptors) if head <= p.descriptors else 0  # the head noun must fit
                if s > score:
                    best, score = p, s
            if best:
                return self._speaker(best, phrase, start)
        for a in self.authorities:
            if start <= a.start < start + len(phrase) and not a.adjective:
                return Speaker(a.key, "authority", phrase, a.key, start)
        name = self.name_in(phrase)
        if name:
            p = self.person(name)
            if p:
                return self._speaker(p, phrase, start)
            return Speaker(name, "unknown", phrase, None, start)
        if low.split()[0] in _DETERMINERS:
            return Speaker(phrase, "unknown", phrase, None, start)
        return Speaker(None, "unknown", phrase, None, start)

    def name_in(self, phrase: str) -> str | None:
        """The name a speaker phrase ends with ("Tulsa police Chief Chuck Jordan" → "Chuck
        Jordan", "Vitter" → "Vitter"), or None when its last words are no name."""
        words = re.sub(r"\s*\([^()]*\)\s*$", "", phrase).split()
        name: list[str] = []
        for w in reversed(words):
            bare = w.lower().removesuffix("’s").removesuffix("'s").rstrip(".,")
            title = self.r.title.match(w + " ")
            if not w[:1].isupper() or bare in self.r.not_name_words or (title and title.end() == len(w)):
                break
            if bare in self.r.raw["body_heads"]:
                return None   # "the Justice Department": a body, no person's name
            name.insert(0, w)
        while name and self.r.title.match(name[0] + " "):
            name.pop(0)
        return " ".join(name[-4:]) or None


def _line_end(body: str, offset: int) -> int:
    end = body.find("\n", offset)
    return len(body) if end == -1 else end


# how many sentences back a pronoun looks for its person
_LOOKBACK = 6
_NAME_WORD = r"(?:[A-Z][\w’'.-]*|(?:al|el|bin|ibn|de|van|von)-?)"
# lower-case words that may stand in a speaker phrase (roles: "press secretary", "police"), never
# function words, auxiliaries or verbs ("the video should be released but", "of Republican")
_FUNCTION = (r"(?:who|whom|whose|that|which|and|but|or|nor|to|is|was|are|were|be|been|being|has|have|"
             r"had|will|would|shall|should|can|could|may|might|must|do|does|did|not|also|then|of|in|"
             r"for|at|on|with|by|from|about|as|into|than|the|a|an|said|says|told|tells|if|when|while)")
_LOWER_WORD = rf"(?!{_FUNCTION}\b)[a-z][a-z-]*(?<!ed)(?<!ing)"
_DESC_WORD = rf"(?!{_FUNCTION}\b)[\w’'.-]+"
# one prepositional phrase closing a description or name: "a narrator in the Clinton ad",
# "the mother of three", "Mr. Morgan of the Sierra Club"
_PP = rf"(?:\s+(?:of|in|at|for|from|with)\s+(?:the\s+)?{_DESC_WORD}(?:\s+{_DESC_WORD}){{0,2}}?)?"
# an adverb between speaker and cue: "my father often said", "Smith later told"
_ADVERB = r"(?:\s+(?:also|then|later|further|often|once|again|\w+ly))*"
# what stands before a clause's subject: the start, a comma or dash, or a conjunction
_CLAUSE_START = re.compile(r"(?:^|[,;:—–(]|\b(?:and|but|that|while|as|when|because|after|before|since|"
                           r"though|although|so|then|where|whom|who|which)|[.!?][”\"’]?)\s*$", re.IGNORECASE)
_PAREN = r"(?:\s*\([^()\n]{1,30}\))?"
# a speaker phrase: a description, a pronoun, or a name with what stands before it (titles,
# bodies, lower-case roles: "White House press secretary Josh Earnest", "Rep. Gwen Moore (D-Wis.)")
_SPEAKER = (rf"(?P<speaker>(?:[Tt]he|[Aa]n?|[Oo]ne|[Mm]y|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur)\s+{_DESC_WORD}(?:\s+{_DESC_WORD}){{0,4}}?{_PP}|"
            rf"[Hh]e|[Ss]he|[Tt]hey|"
            rf"(?:(?:[A-Z][\w’'.-]*|{_LOWER_WORD})\s+){{0,4}}[A-Z][\w’'.-]+(?:\s+{_NAME_WORD}){{0,4}}{_PAREN}{_PP})")
# an apposition or aside between the speaker and the cue: ", a top surrogate,", ", R-Ky.,", ", 25,"
_APPOSITION = r"(?:(?:,\s+[^,“”\"«»\n]{1,90}){1,2},)?"
_DASH = re.compile(r"^[\s,.!?]*[”\"»]?\s*[―—–]\s*(?P<speaker>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,4})")


def attribute(body: str, spans: list[tuple[int, int]], sentences: list[tuple[int, int]],
              speakers: Speakers, r: Rules | None = None) -> list[Quote]:
    """Each quote with its kind, speaker and cue: the first attribution rule of ``_RULES`` that
    finds a speaker decides."""
    r = r or default_rules()
    patterns = _patterns(r.cue.pattern)
    quotes: list[Quote] = []
    for qs, qe in spans:
        sent = next(((a, b) for a, b in sentences if a <= qs - 1 < b or a <= qs < b), (qs - 1, qe))
        para_start = body.rfind("\n", 0, qs) + 1
        para_end = _line_end(body, qe)
        start = _window_start(body, max(sent[0], para_start), qs - 1)
        before = body[start:qs - 1]
        kind = "direct" if (not before.strip() or re.search(r"[,:]\s*$", before)) else "partial"
        c = _Context(body, qs, qe, sent, para_start, para_end, start, before,
                     body[qe:min(para_end, qe + 160)], kind, quotes, speakers, r, patterns)
        found = next((f for rule in _RULES if (f := rule(c)) is not None), None)
        speaker, cue, kind = found if found else (None, None, kind)
        quotes.append(Quote(body[qs:qe], qs, qe, kind, speaker, cue))
    return quotes


# how far from a quote (characters) its speaker and cue are looked for: a run-on "sentence" of a
# broken page must not make each quote scan the whole paragraph
_REACH = 400


def _window_start(body: str, start: int, end: int) -> int:
    """``start``, or the first word boundary within ``_REACH`` characters before ``end``."""
    if end - start <= _REACH:
        return start
    space = body.find(" ", end - _REACH, end)
    return end if space == -1 else space + 1


@dataclass(frozen=True)
class _Patterns:
    after_a: re.Pattern       # “…,” SPEAKER CUE
    after_b: re.Pattern       # “…,” CUE SPEAKER
    final_a: re.Pattern       # …, SPEAKER CUE. (end of sentence)
    final_b: re.Pattern       # …, CUE SPEAKER.
    intro: re.Pattern         # SPEAKER CUE: (end of paragraph)
    inverted: re.Pattern      # CUE SPEAKER: “…” (after a cue)


@lru_cache(maxsize=4)
def _patterns(cue: str) -> _Patterns:
    lead = r"^[\s,.!?]*[”\"»]?\s*,?\s*"
    aux = r"\s+(?:has\s+|had\s+|also\s+)?"
    return _Patterns(
        after_a=re.compile(lead + _SPEAKER + _APPOSITION + _ADVERB + r"\s+(?:has\s+|had\s+)?(?P<cue>" + cue + r")\b"),
        after_b=re.compile(lead + r"(?P<cue>" + cue + r")\s+" + _SPEAKER + r"\b"),
        final_a=re.compile(r",\s+" + _SPEAKER + aux + r"(?P<cue>" + cue + r")\b[^“”\"«»]*$"),
        final_b=re.compile(r",\s+(?P<cue>" + cue + r")\s+" + _SPEAKER + r"\b[^“”\"«»]*$"),
        intro=re.compile(_SPEAKER + aux + r"(?P<cue>" + cue + r")(?:\s+[^“”\"«».]{0,40})?:\s*$"),
        inverted=re.compile(r"\s*" + _SPEAKER + r"\s*[,:]?\s*$"))


@dataclass
class _Context:
    """One quote and what surrounds it, for the attribution rules."""
    body: str
    qs: int                   # quote text start (after the mark)
    qe: int                   # quote text end
    sent: tuple[int, int]     # its sentence
    para_start: int
    para_end: int
    start: int                # where its sentence starts inside the paragraph
    before: str               # the sentence before the quote
    tail: str                 # up to 160 characters after it, in the paragraph
    kind: str
    quotes: list[Quote]       # the quotes before it
    speakers: Speakers
    r: Rules
    p: _Patterns


# (speaker, cue, kind) found by an attribution rule
_Found = tuple[Speaker, str | None, str]


def _after_quote(c: _Context) -> _Found | None:
    """“…,” the Chechen leader wrote / “…,” said Anna Lind / “…,” Flynn, a surrogate, said —
    not after a quote that ends its sentence with a full stop."""
    m = c.p.after_a.match(c.tail) or c.p.after_b.match(c.tail)
    text = c.body[c.qs:c.qe].rstrip()
    if not m or (text[-1:] in (".", "…") and not c.tail.lstrip(" ”\"»").startswith(",")):
        return None
    if re.search(r"[“\"«]", m.group(0)[2:]):
        return None
    speaker = c.speakers.resolve(m.group("speaker"), c.qe + m.start("speaker"))
    if speaker is None:
        return None
    direct = text[-1:] in ",.?!" and c.kind == "partial" and not c.before.strip()
    return speaker, m.group("cue"), "direct" if direct else c.kind


def _dash_signed(c: _Context) -> _Found | None:
    """A pull quote signed with a dash: “…” ― Rosa Delgado."""
    d = _DASH.match(c.tail)
    speaker = c.speakers.resolve(d.group("speaker"), c.qe + d.start("speaker")) if d else None
    return (speaker, None, c.kind) if speaker else None


def _cue_before(c: _Context) -> _Found | None:
    """SPEAKER CUE[,:] “…” / SPEAKER CUE that … “…” / Said Ellis: “…” in the quote's sentence."""
    cues = list(c.r.cue.finditer(c.before))
    if not cues:
        return None
    cue = cues[-1]
    head = c.before[:cue.start()].rstrip()
    sm = _subject_before(head)
    offset = c.start
    if not sm and not head.strip():   # inverted: Said Ellis: “…”
        sm = c.p.inverted.match(c.before[cue.end():])
        if sm and sm.group("speaker").lower() in ("the", "a", "an"):
            sm = None
        offset = c.start + cue.end()
    speaker = c.speakers.resolve(sm.group("speaker"), offset + sm.start("speaker")) if sm else None
    return (speaker, cue.group(0), c.kind) if speaker else None


def _participle(c: _Context) -> _Found | None:
    """…, stating, “…”: the sentence's subject speaks."""
    parts = list(c.r.cue_participle.finditer(c.before))
    speaker = _sentence_subject(c.body, c.start, c.qs, c.speakers) if parts else None
    return (speaker, parts[-1].group(0), c.kind) if speaker else None


def _cue_at_sentence_end(c: _Context) -> _Found | None:
    """A cashier who “steals …” is held accountable, Warren said."""
    rest_end = min(c.sent[1] if c.sent[1] > c.qe else c.para_end, c.para_end, c.qe + _REACH)
    rest = c.body[c.qe + 1:rest_end].rstrip()
    m = c.p.final_a.search(rest) or c.p.final_b.search(rest)
    speaker = c.speakers.resolve(m.group("speaker"), c.qe + 1 + m.start("speaker")) if m else None
    return (speaker, m.group("cue"), c.kind) if speaker else None


def _partial_subject(c: _Context) -> _Found | None:
    """A partial quote without a cue belongs to who the sentence is about."""
    speaker = _sentence_subject(c.body, c.start, c.qs, c.speakers) if c.kind == "partial" else None
    return (speaker, None, c.kind) if speaker else None


def _continuation(c: _Context) -> _Found | None:
    """A quote right after an attributed one in the paragraph continues it, also across the
    attribution clause: “…,” said Peter Brandt, a dock worker who …. “…”"""
    if not c.quotes or c.quotes[-1].speaker is None or c.quotes[-1].end < c.para_start:
        return None
    prev = c.quotes[-1]
    between = c.body[prev.end + 1:c.qs - 1]
    bridge = prev.speaker.start is not None and prev.end < prev.speaker.start < c.qs \
        and not re.search(r"[“”\"«»]", between.strip(" ”\"»"))
    if bridge or between.strip(" ,.”\"").count(" ") <= 8:
        return prev.speaker, prev.cue, "direct"
    return None


def _paragraph_intro(c: _Context) -> _Found | None:
    """A paragraph that opens with a quote after one ending "The Eastport Gazette reports:",
    or whose quote runs on from the previous paragraph (no closing mark there)."""
    if c.qs - 1 != c.para_start:
        return None
    prev_end = len(c.body[:c.para_start].rstrip())
    prev_start = c.body.rfind("\n", 0, prev_end) + 1
    m = c.p.intro.search(c.body[prev_start:prev_end])
    if m:
        speaker = c.speakers.resolve(m.group("speaker"), prev_start + m.start("speaker"))
        return (speaker, m.group("cue"), c.kind) if speaker else None
    if c.quotes and c.quotes[-1].speaker and c.quotes[-1].end == prev_end:
        return c.quotes[-1].speaker, c.quotes[-1].cue, c.kind
    return None


# the attribution rules, in order: the first that finds a speaker decides
_RULES = (_after_quote, _dash_signed, _cue_before, _participle, _cue_at_sentence_end,
          _partial_subject, _continuation, _paragraph_intro)


_BEFORE_CUE = re.compile(_SPEAKER + _APPOSITION + _ADVERB + r"(?:\s+(?:has|had))?$")


def _subject_before(head: str) -> re.Match | None:
    """The longest speaker phrase that ends ``head`` (the words before a cue) and opens a
    clause; "32% of Republican claims" has none, "At his cookout, the band leader" has one."""
    pos = 0
    while (m := _BEFORE_CUE.search(head, pos)) is not None:
        if _CLAUSE_START.search(head[:m.start()]):
            return m
        pos = m.start() + 1
    return None


def _sentence_subject(body: str, start: int, end: int, speakers: Speakers) -> Speaker | None:
    """Who the sentence before ``end`` is about: its first person or subject pronoun ("Though
    she called …"), else the first of its unnamed sources and authorities."""
    pronoun = re.search(r"\b(" + "|".join(speakers.r.raw["pronouns"]) + r")\b", body[start:end], re.IGNORECASE)
    person = next((m for m in speakers.mentions if start <= m.start < end), None)
    unnamed = next((u for u in speakers.unnamed if start <= u.start < end), None)
    # "Japan branded North Korea an “outlaw nation”"
    authority = next((a for a in speakers.authorities if start <= a.start < end and not a.adjective), None)
    found = [(start + pronoun.start(1), "pronoun", pronoun)] if pronoun else []
    found += [(x.start, kind, x) for kind, x in (("person", person), ("unnamed", unnamed),
                                                  ("authority", authority)) if x]
    if not found:
        # a name that opens the sentence and is followed by a verb: "PolitiFact rated …"
        opening = re.match(r"\s*((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*)\s+[a-z]", body[start:end])
        name = speakers.name_in(opening.group(1)) if opening else None
        if name and name == opening.group(1) and not name.endswith("ing"):  # not "Bemoaning …"
            return speakers.resolve(name, start + opening.start(1))
        return None
    # persons and pronouns first: a country named before them is more often the topic
    at, kind, x = min(found, key=lambda f: (f[1] not in ("pronoun", "person"), f[0]))
    if kind == "pronoun":
        return speakers.resolve(x.group(1), at)
    if kind == "person":
        return speakers.resolve(x.text, x.start)
    if kind == "unnamed":
        return Speaker(x.name, "unnamed", x.text, x.key, x.start)
    return Speaker(x.key, "authority", x.text, x.key, x.start)
