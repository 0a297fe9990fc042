"""The reader's rules, loaded once from ``rules.yaml`` and the authority registry
(``listwatch/authorities.yaml``) — data, not code.

``rules()`` returns a :class:`Rules` with the compiled expressions."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from listwatch.authorities import registry

HERE = Path(__file__).resolve().parent
RULES_FILE = HERE / "rules.yaml"
FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True)
class ModalityRule:
    """One step of the modality precedence: ``pattern`` within ``window`` characters before
    the trigger (None: the whole clause), or ``trigger`` on the trigger word itself."""
    name: str | None
    pattern: re.Pattern | None = None
    window: int | None = None
    trigger: re.Pattern | None = None
    before: re.Pattern | None = None  # right before the trigger word ("the ban")


@dataclass(frozen=True)
class FollowUp:
    """A sentence that refers back to a claim of ``refers_to`` (modalities) and gives another:
    ``modality``, with the opposite action when ``against`` matches too."""
    modality: str
    refers_to: frozenset
    pattern: re.Pattern
    against: re.Pattern | None = None


def _follow_up(spec: dict) -> FollowUp:
    return FollowUp(spec["modality"], frozenset(spec["refers_to"]), re.compile(spec["pattern"], FLAGS),
                    re.compile(spec["against"], FLAGS) if spec.get("against") else None)


def _modality_rule(spec: dict) -> ModalityRule:
    return ModalityRule(spec["name"],
                        re.compile(spec["pattern"], FLAGS) if spec.get("pattern") else None,
                        spec.get("window"),
                        re.compile(spec["trigger"], FLAGS) if spec.get("trigger") else None,
                        re.compile(spec["before"], FLAGS) if spec.get("before") else None)


def _words_alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+")
                    for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Rules:
    raw: dict
    authorities: dict[str, dict]
    demonyms: dict[str, str]
    appeal: dict[str, re.Pattern] = field(default_factory=dict)  # ask, reader, voice, opener
    appeal_opener_words: int = 8
    line_kinds: list[tuple[str, re.Pattern]] = field(default_factory=list)
    line_max_words: int = 20
    appeal_outlet: re.Pattern = None
    byline: re.Pattern = None
    dateline: re.Pattern = None
    cue: re.Pattern = None            # cue verbs (finite) as a word alternation
    cue_participle: re.Pattern = None
    title: re.Pattern = None
    list_context: re.Pattern = None
    actions: dict[str, re.Pattern] = field(default_factory=dict)
    modalities: dict[str, re.Pattern] = field(default_factory=dict)
    modality_order: tuple[ModalityRule, ...] = ()
    modality_default: tuple[ModalityRule, ...] = ()
    conditional_turns: frozenset = frozenset()
    status: re.Pattern = None
    status_aspect: re.Pattern = None
    status_aspect_marker: re.Pattern = None
    status_negated_owner: re.Pattern = None
    status_not_after: re.Pattern = None
    refers_back_after: re.Pattern = None
    plural_group_anaphor: re.Pattern = None
    enumeration_before: re.Pattern = None
    leading_subordinate: re.Pattern = None
    delist_context: re.Pattern = None
    part_after: re.Pattern = None
    delist_needs_object: re.Pattern = None
    delist_object: re.Pattern = None
    delist_object_window: int = 120
    adjectival_after: re.Pattern = None
    adjectival_before: re.Pattern = None
    extension_after: re.Pattern = None
    other_designation: re.Pattern = None
    generic_object_after: re.Pattern = None
    examples_after: re.Pattern = None
    described_plural_object: re.Pattern = None
    perfect_act: re.Pattern = None
    status_noun_after: re.Pattern = None
    act_anaphor: re.Pattern = None
    announced_act: re.Pattern = None
    follow_ups: tuple[FollowUp, ...] = ()
    role_between: re.Pattern = None
    delist_after: re.Pattern = None
    passive_before: re.Pattern = None
    organisation_lower_heads: str = ""
    description_heads: str = ""
    relative_before: re.Pattern = None
    not_subject: re.Pattern = None
    subject_joiner: re.Pattern = None
    organisation_name: re.Pattern = None
    conditions: re.Pattern = None
    owner_tail: re.Pattern = None
    not_agent_before: re.Pattern = None
    owner_place_before: re.Pattern = None
    anaphoric_authorities: re.Pattern = None
    plural_authority_anaphor: re.Pattern = None
    source_noun: re.Pattern = None
    synonyms: dict[str, str] = field(default_factory=dict)  # word → group
    female: frozenset = frozenset()
    male: frozenset = frozenset()
    not_name_words: frozenset = frozenset()


def _compile(raw: dict, authorities_raw: dict) -> Rules:
    demonyms = dict(authorities_raw.get("demonyms") or {})
    authorities = {k: v for k, v in authorities_raw.items() if k != "demonyms"}
    b = raw["boilerplate"]
    synonyms = {w.lower(): group for group, words in raw["synonyms"].items() for w in words}
    return Rules(
        raw=raw, authorities=authorities, demonyms=demonyms,
        appeal={k: re.compile(p, FLAGS) for k, p in b["appeal"].items() if isinstance(p, str)},
        appeal_opener_words=b["appeal"]["opener_max_words"],
        line_kinds=[(k, re.compile(p, FLAGS)) for k, p in b["lines"].items()],
        line_max_words=b["line_max_words"],
        appeal_outlet=re.compile(b["appeal_outlet"], FLAGS),
        byline=re.compile(raw["byline"]),
        dateline=re.compile(raw["dateline"]),
        cue=re.compile(r"\b(?:" + _words_alt(raw["cue_verbs"]) + r")\b", FLAGS),
        cue_participle=re.compile(r"\b(?:" + _words_alt(raw["cue_participles"]) + r")\b", FLAGS),
        title=re.compile(r"\b(?:" + _words_alt(raw["titles"]) + r")(?=\s)"),
        list_context=re.compile(raw["list_context"], FLAGS),
        actions={k: re.compile(p, FLAGS) for k, p in raw["actions"].items()},
        modalities={x["name"]: re.compile(x["pattern"], FLAGS) for x in raw["modalities"]["order"]},
        modality_order=tuple(_modality_rule(x) for x in raw["modalities"]["order"]),
        modality_default=tuple(_modality_rule(x) for x in raw["modalities"]["default"]),
        conditional_turns=frozenset(raw["modalities"]["conditional_turns"]),
        status=re.compile(raw["status"], FLAGS),
        status_aspect=re.compile(raw["status_aspect"], FLAGS),
        status_aspect_marker=re.compile(raw["status_aspect_marker"], FLAGS),
        status_negated_owner=re.compile(raw["status_negated_owner"], FLAGS),
        status_not_after=re.compile(raw["status_not_after"], FLAGS),
        refers_back_after=re.compile(raw["refers_back_after"], FLAGS),
        plural_group_anaphor=re.compile(raw["plural_group_anaphor"], FLAGS),
        enumeration_before=re.compile(raw["enumeration_before"], FLAGS),
        leading_subordinate=re.compile(raw["leading_subordinate"], FLAGS),
        delist_context=re.compile(raw["delist_context"], FLAGS),
        part_after=re.compile(raw["part_after"], FLAGS),
        delist_needs_object=re.compile(raw["delist_needs_object"], FLAGS),
        delist_object=re.compile(raw["delist_object"], FLAGS),
        delist_object_window=int(raw["delist_object_window"]),
        adjectival_after=re.compile(raw["adjectival_after"], FLAGS),
        adjectival_before=re.compile(raw["adjectival_before"], FLAGS),
        extension_after=re.compile(raw["extension_after"], FLAGS),
        other_designation=re.compile(raw["other_designation"], FLAGS | re.DOTALL),
        generic_object_after=re.compile(raw["generic_object_after"], FLAGS),
        examples_after=re.compile(raw["examples_after"], FLAGS),
        described_plural_object=re.compile(raw["described_plural_object"], re.UNICODE),
        perfect_act=re.compile(raw["perfect_act"], FLAGS),
        status_noun_after=re.compile(raw["status_noun_after"], FLAGS),
        act_anaphor=re.compile(raw["act_anaphor"], FLAGS),
        announced_act=re.compile(raw["announced_act"], FLAGS),
        follow_ups=tuple(_follow_up(x) for x in raw["follow_ups"]),
        role_between=re.compile(raw["role_between"], FLAGS),
        delist_after=re.compile(raw["delist_after"], FLAGS),
        passive_before=re.compile(raw["passive_before"], FLAGS),
        organisation_lower_heads="|".join(raw["organisation_lower_heads"]),
        description_heads="|".join(raw["description_heads"]),
        relative_before=re.compile(raw["relative_before"], FLAGS),
        not_subject=re.compile(raw["not_subject"]),  # case-sensitive: lower-case start = no name
        subject_joiner=re.compile(raw["subject_joiner"], FLAGS),
        organisation_name=_organisation_name(raw),
        conditions=re.compile(raw["conditions"], FLAGS),
        owner_tail=re.compile(raw["owner_tail"], FLAGS),
        not_agent_before=re.compile(raw["not_agent_before"], FLAGS),
        owner_place_before=re.compile(raw["owner_place_before"], FLAGS),
        anaphoric_authorities=re.compile(raw["anaphoric_authorities"], FLAGS),
        plural_authority_anaphor=re.compile(raw["plural_authority_anaphor"], FLAGS),
        source_noun=re.compile(r"\b(?:" + _words_alt(raw["source_nouns"]) + r")\b", FLAGS),
        synonyms=synonyms,
        female=frozenset(raw["female_words"]), male=frozenset(raw["male_words"]),
        not_name_words=frozenset(w.lower() for w in raw["not_name_words"]) | _calendar_words()
        | frozenset(demonyms),
    )


def _organisation_name(raw: dict) -> re.Pattern:
    """Capitalised words ending in an organisation head noun ("the Majeed Brigade", "Army of
    the Eastern Coast" is left to the NER); case-sensitive, as names are capitalised."""
    heads = _words_alt(raw["organisation_heads"])
    not_start = _words_alt(raw["organisation_not_start"])
    word = r"(?:[A-Z][\w’'-]*|al-\w+|el-\w+)"
    lower = "|".join(raw["organisation_lower_heads"])
    return re.compile(rf"(?<![-\w’'])(?!(?:{not_start})\b){word}(?:\s+(?:(?:of|for|the|al|el|de|del|los|las)\s+)*{word}){{0,5}}?"
                      rf"\s+(?:(?:{heads})\b|(?:{lower})\b)")


def _calendar_words() -> frozenset[str]:
    """English month and day names ("May", "Monday" look like name parts)."""
    names = [*calendar.month_name[1:], *calendar.day_name]
    return frozenset(n.lower() for n in names)


@lru_cache(maxsize=1)
def rules() -> Rules:
    return _compile(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")),
                    registry())
