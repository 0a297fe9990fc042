"""Designation claims: statements about a terrorist list, as structured records.

A sentence is read for claims only when it talks about a terrorist list or a ban
(``list_context`` in rules.yaml); a battle report naming a group gives none. Inside it:

* **status** phrases ("is listed as a terrorist organisation by the UN, the US and the EU, but
  not by Russia", "remains banned in", "Ankara considers X a terrorist organisation") give one
  claim per subject and per owner of the owner chain; a negation gives ``delist``.
* **action triggers** (``actions``) give one claim per subject and owner; their *modality*
  comes from ``modalities`` — an ordered list of cue patterns with windows before the trigger,
  then defaults by the trigger's form — and a condition turns it ``conditional``.
* *subjects* are the groups after the trigger with those coordinated with them (or before it
  for a passive, or the group "the group" refers to); *authorities* the owner next to the list
  noun, after "by", the addressee of a call, the coordinated agents before the trigger, or the
  speaker's affiliation; *actor* the quote's or sentence's speaker; *date* a day-level date of
  the sentence, else none.
* Claims with the same (subject, authority, action, modality) in a document are one claim that
  keeps every evidence span.

All vocabulary is data in rules.yaml; docs/news.md describes each rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from listwatch.news.dates import DateMention
from listwatch.news.mentions.gazetteer import Mention
from listwatch.news.quotes import Quote, Speaker, Speakers, _SPEAKER
from listwatch.news.rules import Rules, rules as default_rules

# a plural noun phrase announcing the names that follow it
_LIST_HEAD = re.compile(r"(?:[\w-]+\s+){0,5}(?:groups|organi[sz]ations|cartels|entities|gangs|movements|militias|"
                        r"leaders|individuals|people)", re.I)
# a capitalised word followed by a content word in lower case modifies it ("the Islamic militant group")
_MODIFIER_TAIL = re.compile(r"\s+(?:militant|armed|terrorist|extremist|islamist|jihadist|rebel|"
                            r"group|movement|organi[sz]ation|faction|wing|leaders?|members?|fighters?)\b")
# a capitalised name of up to seven words ("Tren de Aragua", "Army of the Eastern Coast")
_NAME = (r"(?:[A-Z][\w’'-]*\s+(?:(?:of|for|the|al|el|de|del|la|los|las|[a-z]{1,3}-(?=[A-Z]))\s*)*){0,6}"
         r"(?:[a-z]{1,3}-)?[A-Z][\w’'-]+")
# a person's name: two to four capitalised words
_PERSON = r"(?-i:[A-Z][\w’'-]+(?:\s+(?:(?:al|bin|ibn|el|de|van|von)[- ])?[A-Z][\w’'-]+){1,3})"
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
        # a shallow copy: every field is a str, int or None but the span list (asdict's deep
        # copy was a twentieth of the reader's own time)
        return {**self.__dict__, "evidence_spans": list(self.evidence_spans)}


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
            published: str | None, r: Rules | None = None,
            title_authorities: tuple[str, ...] = ()) -> list[Claim]:
    """Claims of one article; ``title_authorities`` are those its headline names (the owner of
    an act when the body names none: "UK will not ban X" over "…, the prime minister said")."""
    r = r or default_rules()
    claims: dict[tuple, Claim] = {}
    subjects = list(subjects)  # grows with the unlinked names claims use: later "the group" refers to them
    reported = re.compile(r",\s*(?:" + _SPEAKER + r")\s+(?:has\s+|had\s+)?(?P<cue>" + r.cue.pattern
                          + r")\b[^,.;]*[.]?\s*$")
    reported_front = re.compile(r"^(?:[^,]{0,60},\s+)?" + _SPEAKER + r"\s+(?:has\s+|had\s+|also\s+)*(?P<cue>"
                                + r.cue.pattern + r")\s+(?:that\b|to\b|,)")

    def add(claim: Claim) -> None:
        # one claim per (subject, authority, action, modality) in a document, with every span
        key = (claim.subject or _subject_key(claim.subject_name or claim.subject_text), claim.authority, claim.action,
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
            _follow_up(r, body, s, e, claims, add, authorities)
            continue
        before_sentence = len(claims)
        subs = [m for m in subjects if s <= m.start < e
                and not (m.key is None and _overlaps(m, authorities))]  # "the GCC"
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
            # owners after the phrase, or inside it ("are under UN sanctions")
            after = _owner_chain(r, body, _dedupe([x for x in auths if a <= x.start < clause_end and not x.adjective]
                                                  or [x for x in auths if a <= x.start < clause_end]))
            active = sm.group("active") or sm.group("active_neg")
            if sm.group("plural_list"):
                # "other proscribed organisations in the UK such as Hamas and …"
                group = _subject_group(r, body, subs, b, clause_end)
                owners = after
            elif active and r.relative_before.search(body[s:a]):
                # "the YPG, which Ankara considers …": the group named before "which"
                rel = s + r.relative_before.search(body[s:a]).start()
                group = _subject_group_before(r, body, subs, s, rel)
                before = [x for x in auths if rel <= x.start < a and not x.adjective]
                owners = before[-1:] or _authority_before(r, body, authorities, rel, s)
            elif active:
                group = _subject_group(r, body, subs, b, clause_end)
                including = re.search(r"\b(?:including|such as)\b", body[b:clause_end])
                if including:  # "considers 86 groups to be terrorists, including Spain’s ETA, Peru’s …"
                    group = _name_list(r, body, b + including.end(), clause_end, subs, authorities) or group
                before = [x for x in auths if s <= x.start < a and not x.adjective]
                owners = [before[-1]] if before else after
            else:
                group = (_subject_group_before(r, body, subs, s, a) or _unlinked_subject(r, body, s, a)
                         or _subject_group(r, body, subs, b, e))
                owners = after or _authority_before(r, body, authorities, a, s)
            if not group and not sm.group("plural_list") and _REFERS_BACK.search(body[s:a]):
                group = [m for m in [_last_before(subjects, s)] if m]
            group = [_with_alias(body, m, e) for m in group]
            _remember(subjects, group)
            neg = bool(sm.group("neg") or sm.group("negp") or sm.group("active_neg"))
            # "has been proscribed … today": a perfect with a day is the act itself, unless the
            # day is where a standing state began ("Since 5 July, X has been categorised as …")
            modality = ("decided" if date and r.perfect_act.match(sm.group(0)) and not neg
                        and not r.status_aspect_marker.search(text) else "status")
            for owner in owners:
                negated = neg or bool(r.status_negated_owner.search(body[max(a, owner.start - 12):owner.start]))
                for subject in group:
                    add(_claim(subject, owner.key, "delist" if negated else "list", modality,
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
                if not _is_act(r, body, action, tm.group(0), ts, te, e):
                    continue
                triggers.append((tm.group(0), action, ts, te))
        for word, action, ts, te in triggers:
            quote = next((q for q in quotes if q.start <= ts < q.end), None)
            local_pre = body[max(s, quote.start if quote else s):ts]
            lead = r.leading_subordinate.match(local_pre)
            if lead and lead.end() < len(local_pre):
                local_pre = local_pre[lead.end():]
            if action == "list" and (r.delist_context.search(local_pre) or r.delist_after.match(body[te:e])):
                action = "delist"
            condition, cond_at = _condition(r, text, s)
            # a cue inside the condition ("which must go to parliament") is part of it
            inside = (cond_at - (ts - len(local_pre)), cond_at + len(condition) - (ts - len(local_pre))) \
                if condition else None
            modality = _modality(r, word, action, local_pre, text, condition, inside)
            if action == "list" and r.status_noun_after.match(body[te:e]):
                modality = "status"
            if modality is None:
                continue
            part = r.part_after.match(body[te:e])
            if r.plural_group_anaphor.match(body[te:e]):
                group = _last_groups_before(subjects, ts, 2)  # "designated both groups"
            elif r.passive_before.search(local_pre) and r.plural_group_anaphor.search(local_pre):
                group = _last_groups_before(subjects, s, 2)  # "Both groups were designated"
            elif r.refers_back_after.match(body[te:e]):
                group = [m for m in [_last_before(subjects, te)] if m]
            elif part and _last_before(subjects, te):
                group = [_part_of(_last_before(subjects, te), part.group("part"), te + part.start("part"))]
            elif extended := _extended_to(r, body, word, te, e, subs, authorities):
                group = extended  # "amended the designation of X to include Y": the act is on Y
            elif r.passive_before.search(local_pre) and (
                    _subject_group_before(r, body, subs, s, ts) or _REFERS_BACK.search(local_pre)
                    or _unlinked_subject(r, body, s, s + r.passive_before.search(text[:ts - s]).start())):
                # "X was designated by …", "the group's name will be added", "Hizb ut-Tahrir will be banned"
                group = (_subject_group_before(r, body, subs, s, ts)
                         or _unlinked_subject(r, body, s, s + r.passive_before.search(text[:ts - s]).start())
                         or [m for m in [_last_before(subjects, s)] if m])
            elif names := _name_list(r, body, te, e, subs, authorities):
                # "the designation of Tren de Aragua, Mara Salvatrucha (MS-13), … and Cárteles Unidos as"
                group = names
            elif names := _name_list(r, body, ts + len(word.split()[0]), e, subs, authorities):
                # "recognized A (FBK), B and C as extremist organizations": the list is inside the trigger
                group = names
            else:
                # "add X to the list"; a name right after the verb the ledger and the NER missed
                loose = _unlinked_group(r, body, ts + len(word.split()[0]), e, [*authorities, *subs])
                cands = sorted([*subs, *loose], key=lambda m: m.start)
                examples = r.examples_after.search(body, ts, min(e, te + 90))
                group = _subject_group(r, body, cands, ts + 1, examples.start() if examples else min(e, te + 90))
                group = group or _subject_group_before(r, body, subs, s, ts)
                group = group or _described_plural(r, body, ts + len(word.split()[0]), e)
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
            if not owners:  # "X will be banned from organising in the UK", not "the state of Israel"
                owners = [m.key for m in auths if m.start >= te and not m.adjective
                          and r.owner_place_before.search(body, max(te, m.start - 20), m.start)][:1]
            if not owners and claims and r.act_anaphor.match(text.lstrip(" “\"")):  # "The decree also designated"
                owners = [list(claims.values())[-1].authority]
            if not owners:
                owners = [m.key for m in _authority_before(r, body, authorities, s, s)]
            if not owners:  # "Sajid Javid is preparing to ban X. The Home Secretary is …"
                owners = _document_authority(r, body, authorities, ts) or list(title_authorities[:1])
            if speaker is None and owners:
                speaker = Speaker(owners[0], "authority", owners[0])
            group = [_with_alias(body, m, e) for m in group]
            _remember(subjects, group)
            for owner in owners or [None]:
                for subject in group:
                    add(_claim(subject, owner, action, modality, speaker, condition, date, granularity,
                               body, s, e, quote, word))
        _follow_up_if_silent(r, body, s, e, claims, add, before_sentence, authorities)
    return list(claims.values())


def _follow_up_if_silent(r, body, s, e, claims, add, before: int, authorities) -> None:
    if len(claims) == before:
        _follow_up(r, body, s, e, claims, add, authorities)


def _follow_up(r: Rules, body: str, s: int, e: int, claims: dict, add,
               authorities: list[Mention]) -> None:
    """A sentence with no claim of its own that refers back to a claim just reported: a
    condition on the act, or (``follow_ups`` in rules.yaml) a request for it ("The Prosecutor
    General's Office filed a lawsuit in May"), an appeal against it, a refusal of a request."""
    if not claims or _conditional_follow_up(r, body, s, e, claims, add):
        return
    text = body[s:e]
    for rule in r.follow_ups:
        cue = rule.pattern.search(text)
        if not cue:
            continue
        # "The decree was issued following a request from the Paraguayan Senate": Paraguay's act
        named = sorted((m for m in authorities if s <= m.start < e),
                       key=lambda m: abs(m.start - s - cue.start()))
        last = _last_claim(claims, rule.refers_to, [m.key for m in named])
        if last is None:
            return
        action = last.action
        if rule.against and rule.against.search(text):
            action = "delist" if action == "list" else "list"
        add(replace(last, action=action, modality=rule.modality, condition=None, date=None,
                    date_granularity=None, evidence=text, evidence_start=s, evidence_end=e,
                    quote=None, quote_start=None, trigger=cue.group(0), evidence_spans=[]))
        return


def _last_claim(claims: dict, modalities: frozenset[str], owners: list[str]) -> Claim | None:
    """The claim of one of ``modalities`` whose evidence the text gave last, of the list of the
    first of ``owners`` (nearest first) that has one."""
    found = [c for c in claims.values() if c.modality in modalities]
    for owner in owners:
        if any(c.authority == owner for c in found):
            found = [c for c in found if c.authority == owner]
            break
    return max(found, key=lambda c: max(a for a, _ in c.evidence_spans)) if found else None


def _modality(r: Rules, word: str, action: str, local_pre: str, sentence: str,
              condition: str | None, inside: tuple[int, int] | None = None) -> str | None:
    """The modality of one trigger, by the ordered rules of rules.yaml (``modalities``); a
    background perfect ("had already been proscribed", "the UK and EU have banned") is status."""
    modality = None
    aspect = r.status_aspect.search(local_pre) if action == "list" else None
    if aspect and (aspect.group("aux").lower() == "have" or r.status_aspect_marker.search(sentence)):
        modality = "status"
    for rule in r.modality_order:
        if modality:
            break
        offset = 0 if rule.window is None else max(0, len(local_pre) - rule.window)
        cue = rule.pattern.search(local_pre, offset) if rule.pattern else None
        if cue and inside and inside[0] <= cue.start() < inside[1]:
            cue = None
        if cue or (rule.trigger and rule.trigger.search(word)):
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


def _is_act(r: Rules, body: str, action: str, word: str, ts: int, te: int, e: int) -> bool:
    """Whether a trigger word is a designation act: not an adjective ("banned content"), not
    another kind of designation ("as a transnational criminal organization"), and a generic
    delist verb ("remove", "lift") only with a list word after it."""
    after = body[te:e]
    if (re.fullmatch(r"\w+ed", word) and r.adjectival_after.match(after)) or r.other_designation.search(after):
        return False
    if r.generic_object_after.match(body, ts + len(word.split()[0]), e):
        return False
    if re.fullmatch(r"\w+ed", word) and r.adjectival_before.search(body, max(0, ts - 30), ts):
        return False
    if action == "delist" and r.delist_needs_object.match(word):
        return bool(r.delist_object.search(body, ts + len(word.split()[0]),
                                           min(e, te + r.delist_object_window)))
    return True


def _owner_chain(r: Rules, body: str, owners: list[Mention]) -> list[Mention]:
    """The first owner after a status phrase and those coordinated with it ("by Turkey, the US
    and the EU, but not by Russia"); a later authority in another phrase is no owner."""
    chain = owners[:1]
    for m in owners[1:]:
        if _JOINED_OWNER.fullmatch(body[chain[-1].end:m.start]):
            chain.append(m)
        else:
            break
    return chain


_JOINED_OWNER = re.compile(r"[.\s,;]*(?:(?:[\w-]+\s+){1,3}(?:countries|states|nations)\s*,?\s*)?"
                           r"(?:and|or|as well as|&)?\s*(?:but\s+)?(?:not\s+)?(?:by\s+|in\s+)?(?:the\s+)?",
                           re.I)


def _overlaps(m: Mention, others: list[Mention]) -> bool:
    return any(o.start < m.end and m.start < o.end for o in others)


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
    role = re.match(r"(?:" + r.role_between.pattern + r")(?P<name>" + _PERSON + ")", body[first.end:end], re.I)
    if role and not any(first.end + role.start("name") <= m.start < first.end + role.end("name")
                        for m in subs):
        # "Jaish-e-Mohammed chief Masood Azhar": the person is listed, though no list names him
        a, b = first.end + role.start("name"), first.end + role.end("name")
        first = Mention("subject", body[a:b], a, b, key=None, label="PERSON")
    group = [first]
    for m in subs:
        if m.start < group[-1].end:
            continue
        between = body[group[-1].end:m.start]
        if r.role_between.fullmatch(between):
            group[-1] = m  # "Tehrik-i-Taliban Pakistan leader Noor Wali Mehsud": the person is listed
        elif r.subject_joiner.match(between):
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


def _authority_before(r: Rules, body: str, authorities: list[Mention], pos: int, s: int,
                      reach: int = 600) -> list[Mention]:
    """The authority last named before ``pos`` as a possible agent, within ``reach``
    characters: the owner when the sentence names none ("it has been categorised as …"). An
    adjective, a place ("an affiliate in Somalia", "outside of Iran") or a possessive before a
    name ("Iran's Revolutionary Guard") is no agent."""
    before = [m for m in authorities if pos - reach <= m.start and m.end <= pos and not m.adjective
              and _agent(r, body, m)]
    return [before[-1]] if before else []


def _agent(r: Rules, body: str, m: Mention) -> bool:
    """Whether an authority mention can act: not a place after a preposition, not a possessive
    before a name."""
    return not (r.not_agent_before.search(body, max(0, m.start - 30), m.start)
                or re.match(r"[’']s\s", body[m.end:m.end + 3]))


def _document_authority(r: Rules, body: str, authorities: list[Mention], pos: int) -> list[str]:
    """The owner of an act whose sentence and the text before name none: every list has an
    owner, and an article names it somewhere — the first authority after ``pos`` ("… preparing
    to ban X. The Home Secretary is expected to …"), else the last before, an agent before an
    adjective or a statute."""
    agents = [m for m in authorities if not m.adjective and _agent(r, body, m)]
    for pool in (agents, [m for m in authorities if not m.adjective], authorities):
        after = [m for m in pool if m.start >= pos]
        before = [m for m in pool if m.start < pos]
        if after or before:
            return [(after[0] if after else before[-1]).key]
    return []


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


def _last_before(mentions, pos):
    """The group "the group" or "it" refers to: of the groups named before ``pos`` (never a
    person), the one named most often — an article's main group — the latest on a tie."""
    before = [m for m in mentions if m.label != "PERSON" and m.end <= pos]
    if not before:
        return None
    counts: dict = {}
    for m in before:
        key = m.key or _subject_key(m.text)
        counts[key] = counts.get(key, 0) + 1
    return max(reversed(before), key=lambda m: counts[m.key or _subject_key(m.text)])


def _last_groups_before(mentions: list[Mention], pos: int, n: int) -> list[Mention]:
    """The last ``n`` different groups named before ``pos`` (never persons), in text order:
    what "both groups" refers to; none unless there are ``n``."""
    found: list[Mention] = []
    for m in sorted((m for m in mentions if m.label != "PERSON" and m.end <= pos), key=lambda m: -m.start):
        if all((m.key or _subject_key(m.text)) != (x.key or _subject_key(x.text)) for x in found):
            found.append(m)
        if len(found) == n:
            return found[::-1]
    return []


def _unlinked_after(r: Rules, body: str, te: int, e: int) -> Mention | None:
    """A name right after the trigger, or after a description of the group that ends in a
    group noun ("outlaw racist occultist group the Order of Nine Angles", "a ban on the Crimean
    Tatar representative body, the Mejlis", "a militia called Tarfa")."""
    m = re.match(r"\s+(?:the\s+)?[‘“\"']?(?P<name>" + _NAME + ")", body[te:e])
    if not m or _MODIFIER_TAIL.match(body, te + m.end("name")):
        m = re.match(r"\s+(?:(?:on|of|against)\s+)?(?:the\s+|an?\s+)?(?:[\w’'-]+\s+){0,5}?(?:"
                     + r.description_heads + r")\s*,?\s+(?:(?:called|named|known\s+as)\s+)?(?:the\s+)?[‘“\"']?(?P<name>"
                     + _NAME + ")", body[te:e])
        if not m or _MODIFIER_TAIL.match(body, te + m.end("name")):
            return None
    return Mention("subject", m.group("name"), te + m.start("name"), te + m.end("name"), key=None)


def _unlinked_group(r: Rules, body: str, te: int, e: int, known: list[Mention]) -> list[Mention]:
    """A capitalised name right after the trigger ("designated Tren de Aragua"), unless it is an
    authority ("removed Syria"), a known mention, or a body or list name."""
    m = _unlinked_after(r, body, te, e)
    if m is None or r.not_subject.search(m.text) or any(a.start < m.end and m.start < a.end for a in known):
        return []
    return [m]


def _conditional_follow_up(r: Rules, body: str, s: int, e: int, claims: dict, add) -> bool:
    """ "The move will have to be approved by Parliament": a sentence that refers back to the act
    last reported (a status in between is no act) and states a condition gives that act as a
    `conditional` claim; an act only announced ("X will be banned") is then conditional only."""
    text = body[s:e]
    if not claims or not r.act_anaphor.search(text):
        return False
    condition, _ = _condition(r, text, s)
    if not condition:
        return False
    last = _last_claim(claims, frozenset({"decided", "considering", "conditional"}), [])
    if last is None:
        return False
    spans = []
    if last.modality == "decided" and _announced(r, last):
        spans = last.evidence_spans
        del claims[next(k for k, c in claims.items() if c is last)]
    add(Claim(subject=last.subject, subject_name=last.subject_name, subject_text=last.subject_text,
              authority=last.authority, action=last.action, modality="conditional",
              actor=last.actor, actor_kind=last.actor_kind, condition=condition, date=None,
              date_granularity=None, evidence=text, evidence_start=s, evidence_end=e,
              trigger=r.act_anaphor.search(text).group(0).strip(),
              evidence_spans=[*spans, (s, e)] if spans else []))
    return True


def _announced(r: Rules, claim: Claim) -> bool:
    """Whether the claim's act is announced for later ("will be banned"), not done."""
    at = claim.evidence.find(claim.trigger or "")
    return at > 0 and bool(r.announced_act.search(claim.evidence[:at]))


def _with_alias(body: str, m: Mention, e: int) -> Mention:
    """ "Samidoun, known as the Palestinian Prisoner Solidarity Network": the subject text keeps
    the name the text gives as the other one."""
    alias = re.match(r"(?:\s+of\s+(?:the\s+)?" + _NAME + r")?"  # "Revolutionary Armed Forces of Colombia"
                     r",?\s+(?:also\s+|better\s+|otherwise\s+|formerly\s+)?known\s+as\s+(?:the\s+)?[“\"‘']?"
                     r"(?P<alias>" + _NAME + ")", body[m.end:e])
    if alias is None:
        return m
    end = m.end + alias.end("alias")
    return Mention(m.kind, body[m.start:end], m.start, end, key=m.key, label=m.label, name=m.name)


def _remember(subjects: list[Mention], group: list[Mention]) -> None:
    for m in group:
        if m.key is None and m not in subjects:
            subjects.append(m)
    subjects.sort(key=lambda x: x.start)


def _name_list(r: Rules, body: str, te: int, e: int, subs: list[Mention],
               authorities: list[Mention]) -> list[Mention]:
    """A list of two or more capitalised names right after the trigger, up to "as" or the end of
    the clause ("designated A, B (MS-13) and C as …"): each item a group, the ledger's mention
    where there is one. Empty when any item is not a name."""
    head = re.match(r"\s*(?:of\s+)?(?:the\s+)?", body[te:e])
    start = te + head.end()
    # "for the Protection …" goes on a name ("Foundation for the Protection of Rights")
    stop = re.search(r"\s(?:as|to|from|on|in|under)\s|\sfor\s(?!the\s+[A-Z])|[;:.—–]|\s-\s", body[start:e])
    end = start + stop.start() if stop else e
    items, pos = [], start
    for piece in re.split(r"(,\s*(?:and\s+|as well as\s+)?|\s+and\s+)", body[start:end]) + [""]:
        if piece and re.fullmatch(r",\s*(?:and\s+|as well as\s+)?|\s+and\s+", piece):
            pos += len(piece)
            continue
        text = piece
        a = pos + len(text) - len(text.lstrip())
        name = re.sub(r"\s*\([^)]*\)\s*$", "", text.strip())
        name = re.sub(r"^(?:the|The)\s+", "", name)
        if name:
            a = body.index(name, a)
            items.append((a, a + len(name)))
        pos += len(piece)
    if items and _LIST_HEAD.fullmatch(body[items[0][0]:items[0][1]]):
        items = items[1:]  # "two Ecuadorean criminal groups, Los Choneros and Los Lobos"
    if len(items) < 2 or not all(re.fullmatch(_NAME, body[a:b]) for a, b in items):
        return []
    if any(m.start <= x[0] and y[1] <= m.end for m in subs for x, y in zip(items, items[1:])):
        return []  # one known name over two items: "Islamic State of Iraq and Syria - …"
    out = []
    for a, b in items:
        known = next((m for m in subs if a <= m.start and m.end <= b), None)
        if any(x.start <= a and b <= x.end for x in authorities) or r.not_subject.search(body[a:b]):
            return []  # an item that is an authority ("Canada, Ottawa and …") is no group list
        out.append(known or Mention("subject", body[a:b], a, b, key=None, label="ORG"))
    return out


def _extended_to(r: Rules, body: str, word: str, te: int, e: int, subs: list[Mention],
                 authorities: list[Mention]) -> list[Mention]:
    """The groups a designation noun is extended to ("amended the designation of X – … – to
    include Y and other aliases")."""
    if not re.search(r"(?:ion|ions)$", word.split()[0]):
        return []
    ext = r.extension_after.search(body, te, min(e, te + 150))
    if ext is None:
        return []
    loose = _unlinked_group(r, body, ext.end(), e, [*authorities, *subs])
    return _subject_group(r, body, sorted([*subs, *loose], key=lambda m: m.start), ext.end(), e)


def _described_plural(r: Rules, body: str, at: int, e: int) -> list[Mention]:
    """Groups the text counts or describes without naming them ("listed seven transnational
    criminal organizations as terrorist entities", "would list cartels as terrorists"): the
    description is the subject."""
    m = r.described_plural_object.match(body, at, e)
    return [Mention("subject", m.group("np"), m.start("np"), m.end("np"), key=None, label="ORG")] if m else []


def _unlinked_subject(r: Rules, body: str, s: int, a: int) -> list[Mention]:
    """The sentence's own subject when it is a bare name before the status phrase ("The PKK is
    considered …")."""
    # … or the name after a leading clause: "As per a press release …, Tarun Vesk alias Tak, has
    # also been declared a terrorist"
    m = re.search(r"(?:^|,\s+)\s*(?:[Tt]he\s+)?(?P<name>" + _NAME + r"(?:\s+(?:" + r.organisation_lower_heads
                  + r"|collective))?(?:\s+alias\s+" + _NAME + r")?)\s*,?\s+(?:also\s+|still\s+)?$", body[s:a])
    if (not m or r.not_subject.search(m.group("name"))
            or m.group("name").split()[0] in r.raw["organisation_not_start"]):  # "The group"
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
    # … in the trigger's own clause: "announced the designation, …, which is listed by the UN"
    # names the UN for another act
    by = re.search(r"\bby\s+(?:the\s+)?", body[te:_clause_end(body, te, e)]) or re.match(r"\s+in\s+(?:the\s+)?", body[te:e])
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
                  and r.title.match(re.sub(r"^\s*(?:[A-Z]\w+\s+){0,2}?(?=[A-Z])", "", body[m.end:m.end + 60]))]
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
