"""The reader's rules, loaded once from ``rules.yaml`` and ``authorities.yaml`` (data, not code).

``rules()`` returns a :class:`Rules` with the compiled expressions."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
RULES_FILE = HERE / "rules.yaml"
AUTHORITIES_FILE = HERE / "authorities.yaml"
FLAGS = re.IGNORECASE | re.UNICODE


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
    status: re.Pattern = None
    conditions: re.Pattern = None
    owner_tail: re.Pattern = None
    anaphoric_authorities: re.Pattern = None
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
        modalities={k: re.compile(p, FLAGS) for k, p in raw["modalities"].items()},
        status=re.compile(raw["status"], FLAGS),
        conditions=re.compile(raw["conditions"], FLAGS),
        owner_tail=re.compile(raw["owner_tail"], FLAGS),
        anaphoric_authorities=re.compile(raw["anaphoric_authorities"], FLAGS),
        source_noun=re.compile(r"\b(?:" + _words_alt(raw["source_nouns"]) + r")\b", FLAGS),
        synonyms=synonyms,
        female=frozenset(raw["female_words"]), male=frozenset(raw["male_words"]),
        not_name_words=frozenset(w.lower() for w in raw["not_name_words"]) | _calendar_words()
        | frozenset(demonyms),
    )


def _calendar_words() -> frozenset[str]:
    """English month and day names ("May", "Monday" look like name parts)."""
    names = [*calendar.month_name[1:], *calendar.day_name]
    return frozenset(n.lower() for n in names)


@lru_cache(maxsize=1)
def rules() -> Rules:
    return _compile(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")),
                    yaml.safe_load(AUTHORITIES_FILE.read_text(encoding="utf-8")))
