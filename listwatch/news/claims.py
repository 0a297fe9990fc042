"""Designation claims: statements about a terrorist list, as structured records.

A sentence is read for claims only when it talks about a terrorist list (``list_context`` in
rules.yaml); a battle report naming HTS gives none. Inside it:

* **status** — "HTS is (also) listed as a terrorist organization by the UN, U.S., EU, Britain":
  one claim per authority named after the status phrase; "is not listed" gives action
  ``delist`` (= currently not on the list).
* **action triggers** — remove / exclude / lift / delist … (``delist``), designate / add to the
  list / proscribe / ban … (``list``). Each trigger is one claim whose

  - *modality* is the first of rejected (a negation or refusal before the trigger), called_for
    (urge, call for, propose, "it is necessary to" …), considering (consider, review, assess,
    would, may …), decided (an official act: decided, ruled, "has removed", a past-tense
    trigger); a condition (if, unless, provided that …) turns considering/decided into
    ``conditional`` and is kept as ``condition`` in any case;
  - *subject* is the ledger subject (or in-article acronym) nearest after the trigger, else
    before it, else the last one of the article when the sentence refers back ("its", "the group");
  - *authority* is the list's owner named next to the list noun ("the Russian list"), else the
    authorities after "by", else the addressee of a call ("urged Moscow to"), else the last
    authority named before the trigger ("the body" → the UN named before), else the speaker's
    affiliation;
  - *actor* is the quote's speaker when the trigger is quoted, else the sentence's reported
    speech speaker ("…, Maria Zakharova stated"), else its first person or unnamed source, else
    the authority;
  - *date* is the first resolved date of the sentence outside quotes, else publication.

Every claim keeps the evidence sentence (with offsets) and the quote it sits in.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from listwatch.news.dates import DateMention
from listwatch.news.mentions.gazetteer import Mention
from listwatch.news.quotes import Quote, Speaker, Speakers, _SPEAKER
from listwatch.news.rules import Rules, rules as default_rules

# a capitalised name of up to seven words ("Tren de Aragua", "Army of the Eastern Coast")
_NAME = r"(?:[A-Z][\w’'-]*\s+(?:(?:of|for|the|al|el|de|del|la|los|las)\s+)*){0,6}[A-Z][\w’'-]+"
_REFERS_BACK = re.compile(r"\b(its|it|them|their|the\s+(?:[\w-]+\s+){0,4}(?:group|organi[sz]ation|movement|"
                          r"militia|outfit|network|party))\b", re.I)


@dataclass
class Claim:
    subject: str | None           # ledger subject id
    subject_name: str | None
    subject_text: str | None
    authority: str | None
    action: str
    modality: str
    actor: str | None
    actor_kind: str | None
    condition: str | None
    date: str | None
    date_granularity: str | None
    evidence: str
    evidence_start: int
    evidence_end: int
    quote: str | None = None
    quote_start: int | None = None
    trigger: str | None = None
    evidence_spans: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.evidence_spans:
            self.evidence_spans = [(self.evidence_start, self.evidence_end)]

    def to_dict(self) -> dict:
        return asdict(self)


def _inside(pos: int, mentions) -> object | None:
    return next((m for m in mentions if m.start <= pos < m.end), None)


def _condition(r: Rules, text: str, start: int) -> tuple[str | None, int | None]:
    m = r.conditions.search(text)
    if not m:
        return None, None
    tail = text[m.start():]
    stop = re.search(r"[;]|,\s*[”\"]?\s*(?:" + _SPEAKER + r")\s+(?:" + r.cue.pattern + r")\b|[”\"]?\s*$", tail)
    cond = tail[:stop.start()] if stop else tail
    return cond.strip(" ,.”\"") or None, start + m.start()


def extract(body: str, sentences: list[tuple[int, int]], subjects: list[Mention],
            authorities: list[Mention], persons: list[Mention], unnamed: list[Mention],
            quotes: list[Quote], dates: list[DateMention], speakers: Speakers,
            published: str | None, r: Rules | None = None) -> list[Claim]:
    r = r or default_rules()
    claims: dict[tuple, Claim] = {}
    reported = re.compile(r",\s*(?:" + _SPEAKER + r")\s+(?:has\s+|had\s+)?(?P<cue>" + r.cue.pattern
                          + r")\b[^,.;]*[.]?\s*$")
    reported_front = re.compile(r"^(?:[^,]{0,60},\s+)?" + _SPEAKER + r"\s+(?:has\s+|had\s+|also\s+)*(?P<cue>"
                                + r.cue.pattern + r")\s+(?:that\b|to\b|,)")

    def add(claim: Claim) -> None:
        # one claim per (subject, authority, action, modality) in a document, with every span
        key = (claim.subject or _subject_key(claim.subject_text), claim.authority, claim.action,
               claim.modality)
        first = claims.get(key)
        if first is None:
            claims[key] = claim
        elif (claim.evidence_start, claim.evidence_end) not in first.evidence_spans:
            first.evidence_spans.append((claim.evidence_start, claim.evidence_end))
            first.date = first.date or claim.date
            first.date_granularity = first.date_granularity or claim.date_granularity

    for s, e in sentences:
        text = body[s:e]
        if not r.list_context.search(text):
            continue
        subs = [m for m in subjects if s <= m.start < e]
        auths = [m for m in authorities if s <= m.start < e and not _describes_subject(body, m, subs)
                 and not _inside(m.start, subs)]
        date, granularity = _date(dates, quotes, s, e)

        # the sentence's own speaker (reported speech)
        sentence_speaker = None
        m = reported.search(text)
        if m and not _inside(s + m.start("speaker"), [_Span(q.start, q.end) for q in quotes]):
            sentence_speaker = speakers.resolve(m.group("speaker"), s + m.start("speaker"))
        else:
            m = reported_front.match(text)
            if m:
                sentence_speaker = speakers.resolve(m.group("speaker"), s + m.start("speaker"))
        status_spans = []
        for sm in r.status.finditer(text):
            a, b = s + sm.start(), s + sm.end()
            if r.status_not_after.search(text[:sm.start()]):
                continue
            status_spans.append((a, b))
            clause_end = _clause_end(body, b, e)
            after = _dedupe([x for x in auths if b <= x.start < clause_end and not x.adjective]
                            or [x for x in auths if b <= x.start < clause_end])
            active = sm.group("active") or sm.group("active_neg")
            if active and r.relative_before.search(body[s:a]):
                # "the YPG, which Ankara considers …": the group named before "which"
                rel = s + r.relative_before.search(body[s:a]).start()
                group = _subject_group_before(r, body, subs, s, rel)
                before = [x for x in auths if rel <= x.start < a and not x.adjective]
                owners = before[-1:] or _authority_before(authorities, rel, s)
            elif active:
                group = _subject_group(r, body, subs, b, clause_end)
                before = [x for x in auths if s <= x.start < a and not x.adjective]
                owners = [before[-1]] if before else after
            else:
                group = (_subject_group_before(r, body, subs, s, a) or _unlinked_subject(r, body, s, a)
                         or _subject_group(r, body, subs, b, e))
                owners = after or _authority_before(authorities, a, s)
            if not group and _REFERS_BACK.search(body[s:a]):
                group = [m for m in [_last_before(subjects, s)] if m]
            neg = bool(sm.group("neg") or sm.group("negp") or sm.group("active_neg"))
            for owner in owners:
                negated = neg or bool(r.status_negated_owner.search(body[max(a, owner.start - 12):owner.start]))
                for subject in group:
                    add(_claim(subject, owner.key, "delist" if negated else "list", "status",
                               Speaker(owner.key, "authority", owner.text), None, date, granularity,
                               body, s, e, None, sm.group(0)))
        # action triggers
        triggers = []
        for action in ("delist", "list"):
            for tm in r.actions[action].finditer(text):
                ts, te = s + tm.start(), s + tm.end()
                if any(a <= ts < b for a, b in status_spans):
                    continue
                if action == "list" and any(t[1] == "delist" and 0 <= ts - t[2] <= 80 for t in triggers):
                    continue
                if _inside(ts, subs) or _inside(ts, auths) or _in_title(body, s, ts, tm.group(0)):
                    continue
                triggers.append((tm.group(0), action, ts, te))
        for word, action, ts, te in triggers:
            quote = next((q for q in quotes if q.start <= ts < q.end), None)
            local_pre = body[max(s, quote.start if quote else s):ts]
            lead = r.leading_subordinate.match(local_pre)
            if lead and lead.end() < len(local_pre):
                local_pre = local_pre[lead.end():]
            if action == "list" and r.delist_context.search(local_pre):
                action = "delist"
            condition, _ = _condition(r, text, s)
            modality = _modality(r, word, action, local_pre, text, condition)
            if modality is None:
                continue
            part = r.part_after.match(body[te:e])
            if r.refers_back_after.match(body[te:e]):
                group = [m for m in [_last_before(subjects, te)] if m]
            elif part and _last_before(subjects, te):
                group = [_part_of(_last_before(subjects, te), part.group("part"), te + part.start("part"))]
            else:
                # "add X to the list"; a name right after the verb the ledger and the NER missed
                loose = _unlinked_group(r, body, ts + len(word.split()[0]), e, [*authorities, *subs])
                cands = sorted([*subs, *loose], key=lambda m: m.start)
                group = _subject_group(r, body, cands, ts + 1, min(e, te + 90))
                group = group or _subject_group_before(r, body, subs, s, ts)
            if not group and _REFERS_BACK.search(text):
                group = [m for m in [_last_before(subjects, s)] if m]
            if not group:
                continue
            speaker = quote.speaker if quote and quote.speaker else sentence_speaker
            if speaker is None:
                speaker = _first_actor(persons, unnamed, speakers, s, ts)
            owners = _owners(r, body, auths, s, e, ts, te, local_pre)
            if not owners and speaker and speaker.affiliation:
                owners = [speaker.affiliation]
            if not owners:
                owners = [m.key for m in _authority_before(authorities, s, s)]
            if speaker is None and owners:
                speaker = Speaker(owners[0], "authority", owners[0])
            for owner in owners or [None]:
                for subject in group:
                    add(_claim(subject, owner, action, modality, speaker, condition, date, granularity,
                               body, s, e, quote, word))
    return list(claims.values())


def _modality(r: Rules, word: str, action: str, local_pre: str, sentence: str,
              condition: str | None) -> str | None:
    """The modality of one trigger, by the ordered rules of rules.yaml (``modalities``); a
    background perfect ("had already been proscribed", "the UK and EU have banned") is status."""
    modality = None
    aspect = r.status_aspect.search(local_pre) if action == "list" else None
    if aspect and (aspect.group("aux").lower() == "have" or r.status_aspect_marker.search(sentence)):
        modality = "status"
    for rule in r.modality_order:
        if modality:
            break
        window = local_pre if rule.window is None else local_pre[-rule.window:]
        if (rule.pattern and rule.pattern.search(window)) or (rule.trigger and rule.trigger.search(word)):
            modality = rule.name
    if modality is None:
        rule = next(x for x in r.modality_default
                    if (x.trigger is None or x.trigger.search(word))
                    and (x.before is None or x.before.search(local_pre)))
        modality = rule.name
    if condition and modality in r.conditional_turns:
        modality = "conditional"
    return modality


def _part_of(whole: Mention, part: str, at: int) -> Mention:
    """ "its military wing" with the group last named: "Hezbollah’s military wing"."""
    return Mention("subject", f"{whole.text}’s {part}", at, at + len(part), key=None,
                   label="ORG", name=None)


def _in_title(body: str, s: int, ts: int, word: str) -> bool:
    """A capitalised trigger inside a sentence is part of a name ("Specially Designated Global
    Terrorist", "Proscribed Organisations Order"), not a verb."""
    return word[:1].isupper() and ts > s and not re.search(r"[“\"‘'(]\s*$", body[s:ts])


def _describes_subject(body: str, authority: Mention, subs: list[Mention]) -> bool:
    """ "Iran’s Islamic Revolutionary Guard Corps", "Lebanon’s Hezbollah": a possessive right
    before a subject says whose group it is, not whose list."""
    tail = body[authority.end:authority.end + 4]
    return bool(re.match(r"[’']s\s", tail)) and any(
        authority.end < m.start <= authority.end + 4 for m in subs)


def _subject_key(text: str | None) -> str | None:
    return re.sub(r"\W+", " ", text or "").strip().lower() or None


def _subject_group(r: Rules, body: str, subs: list[Mention], start: int, end: int) -> list[Mention]:
    """The first subject in [start, end) and those coordinated with it ("Hezbollah and Hamas",
    "HTS, Hurras al-Din and the NSO")."""
    first = _nearest_after(subs, start, end)
    if first is None:
        return []
    group = [first]
    for m in subs:
        if m.start >= group[-1].end and r.subject_joiner.match(body[group[-1].end:m.start]):
            group.append(m)
    return group


def _subject_group_before(r: Rules, body: str, subs: list[Mention], s: int, pos: int) -> list[Mention]:
    """The subject nearest before ``pos`` in the sentence, with those coordinated before it."""
    before = [m for m in subs if s <= m.start and m.end <= pos]
    if not before:
        return []
    group = [before[-1]]
    for m in reversed(before[:-1]):
        if r.subject_joiner.match(body[m.end:group[0].start]):
            group.insert(0, m)
        else:
            break
    return group


def _authority_before(authorities: list[Mention], pos: int, s: int, reach: int = 600) -> list[Mention]:
    """The authority last named before ``pos`` (an agent, not an adjective), within ``reach``
    characters: the owner when the sentence names none ("it has been categorised as …")."""
    before = [m for m in authorities if pos - reach <= m.start and m.end <= pos and not m.adjective]
    return [before[-1]] if before else []


@dataclass
class _Span:
    start: int
    end: int


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    out, keys = [], set()
    for m in mentions:
        if m.key not in keys:
            keys.add(m.key)
            out.append(m)
    return out


def _clause_end(body: str, start: int, end: int) -> int:
    # "…, following a decision by the UN" opens another clause
    m = re.compile(r";|\.\s|\bwhile\b|\bbut\b(?!\s+not\s+(?:by|in)\b)|\bwhich\b|"
                   r",\s+(?:following|after|before|when|citing|despite)\b").search(body, start, end)
    return m.start() if m else end


def _nearest_after(mentions, start, end):
    return next((m for m in mentions if start <= m.start < end), None)


def _nearest_before(mentions, pos):
    before = [m for m in mentions if m.end <= pos]
    return before[-1] if before else None


def _last_before(mentions, pos):
    """The group last named before ``pos`` ("the group", "it" never refer to a person)."""
    return _nearest_before([m for m in mentions if m.label != "PERSON"], pos)


def _unlinked_after(body: str, te: int, e: int) -> Mention | None:
    m = re.match(r"\s+(?:the\s+)?[‘“\"']?(?P<name>" + _NAME + ")", body[te:e])
    if not m:
        return None
    return Mention("subject", m.group("name"), te + m.start("name"), te + m.end("name"), key=None)


def _unlinked_group(r: Rules, body: str, te: int, e: int, known: list[Mention]) -> list[Mention]:
    """A capitalised name right after the trigger ("designated Tren de Aragua"), unless it is an
    authority ("removed Syria"), a known mention, or a body or list name."""
    m = _unlinked_after(body, te, e)
    if m is None or r.not_subject.search(m.text) or any(a.start < m.end and m.start < a.end for a in known):
        return []
    return [m]


def _unlinked_subject(r: Rules, body: str, s: int, a: int) -> list[Mention]:
    """The sentence's own subject when it is a bare name before the status phrase ("The PKK is
    considered …")."""
    m = re.fullmatch(r"\s*(?:[Tt]he\s+)?(?P<name>" + _NAME + r")\s+(?:also\s+|still\s+)?", body[s:a])
    if not m or r.not_subject.search(m.group("name")):
        return []
    return [Mention("subject", m.group("name"), s + m.start("name"), s + m.end("name"), key=None)]


def _first_actor(persons, unnamed, speakers: Speakers, s: int, ts: int) -> Speaker | None:
    cands = [m for m in (*persons, *unnamed) if s <= m.start < ts]
    if not cands:
        return None
    first = min(cands, key=lambda m: m.start)
    if first.kind == "person":
        return speakers.resolve(first.text, first.start)
    return Speaker(first.name, "unnamed", first.text, first.key, first.start)


def _owners(r: Rules, body: str, auths: list[Mention], s: int, e: int, ts: int, te: int,
            local_pre: str) -> list[str]:
    owned = [m.key for m in auths if r.owner_tail.match(body[m.end:m.end + 80])]
    if owned:
        return list(dict.fromkeys(owned))
    # "designated by the US", and "banned in Germany" right after the trigger
    by = re.search(r"\bby\s+(?:the\s+)?", body[te:e]) or re.match(r"\s+in\s+(?:the\s+)?", body[te:e])
    if by:
        after = [m for m in auths if te + by.start() <= m.start < _clause_end(body, te + by.end(), e)]
        if after:
            return list(dict.fromkeys(m.key for m in after))
    call = None
    for cm in r.modalities["called_for"].finditer(body, s, ts):
        call = cm
    if call:
        for m in auths:
            if m.start >= call.end() and re.fullmatch(r"\s*(?:on|upon|for)?\s*(?:the\s+)?",
                                                      body[call.end():m.start]):
                return [m.key]
    before = [m for m in auths if m.end <= ts and not m.adjective]
    if not before:  # "Paraguayan President Santiago Peña has signed": the title's country
        before = [m for m in auths if m.end <= ts and m.adjective
                  and r.title.match(body[m.end:m.end + 40].lstrip())]
    # "countries such as the US and Canada that have designated": the enumeration is the agent
    relative = before and re.match(r"\s*,?\s*(?:that|which|who)\b", body[before[-1].end:ts])
    while len(before) > 1 and not relative and _in_enumeration(r, body, before):
        before.pop()
    if not before:
        return []
    # "Honduras and Colombia designated": every authority of the coordination
    agents = [before[-1]]
    for m in reversed(before[:-1]):
        if re.fullmatch(r"[\s,;]*(?:and\s+|as well as\s+)?(?:the\s+)?", body[m.end:agents[0].start]):
            agents.insert(0, m)
        else:
            break
    return list(dict.fromkeys(m.key for m in agents))


def _in_enumeration(r: Rules, body: str, before: list[Mention]) -> bool:
    """Whether the last authority of ``before`` ends an enumeration ("the GCC, comprising Saudi
    Arabia, … and Kuwait"): walking back over joined authorities reaches "comprising" & co."""
    i = len(before) - 1
    while i > 0 and re.fullmatch(r"[\s,;]*(?:and\s+|or\s+)?(?:the\s+)?", body[before[i - 1].end:before[i].start]):
        i -= 1
    return bool(r.enumeration_before.search(body[max(0, before[i].start - 40):before[i].start]))


def _claim(subject: Mention, authority, action, modality, speaker: Speaker | None, condition,
           date, granularity, body, s, e, quote: Quote | None, trigger) -> Claim:
    return Claim(
        subject=subject.key, subject_name=subject.name, subject_text=subject.text,
        authority=authority, action=action, modality=modality,
        actor=(speaker.name or speaker.text) if speaker else None,
        actor_kind=speaker.kind if speaker else None, condition=condition, date=date,
        date_granularity=granularity, evidence=body[s:e], evidence_start=s, evidence_end=e,
        quote=quote.text if quote else None, quote_start=quote.start if quote else None,
        trigger=trigger)


def _date(dates: list[DateMention], quotes: list[Quote], s: int, e: int):
    """The first day-level date of the sentence outside quotes (a weekday, a calendar date,
    "today"); a month or a year alone says when something happened, not the day, and a sentence
    without a date gives none (the publication day is the document's, not the claim's)."""
    for d in dates:
        if (s <= d.start < e and d.value and d.granularity == "day"
                and not any(q.start <= d.start < q.end for q in quotes)):
            return d.value, d.granularity
    return None, None
