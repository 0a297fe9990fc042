"""What the dossier pages show, shaped from the domain's answers: the timeline that interleaves
official events with news claims, a document body cut into highlighted pieces, and word-level
diffs of changed fields. Pure functions over the answers' JSON shape (the same data the HTTP API
returns), so the pages and the API never disagree; the templates only lay them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel

from listwatch import sources

# An unchanged run longer than this is shortened to its ends in a word diff: a UN remark of a
# thousand characters that changed in one URL should show the URL, not the remark.
KEEP_UNCHANGED = 160
UNCHANGED_END = 60


def plain(answer: BaseModel) -> dict:
    """An answer as the JSON the API returns for it: the pages show the same fields."""
    return answer.model_dump(mode="json")


def safe_link(url: str | None) -> str | None:
    """A stored URL fit for an href: http(s) only (never ``javascript:`` or ``data:``)."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def list_label(source_id: str) -> tuple[str, str]:
    """(authority, list name) of a source id the ledger holds."""
    if sources.is_known(source_id):
        source = sources.get(source_id)
        return source.authority, source.list_name
    return source_id, source_id


# -- dates -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class When:
    """A date as the ledger or the article knows it: ``text`` for the reader, ``key`` (the
    latest day it can be, ISO) for ordering; an unknown date has neither."""

    text: str
    key: str = ""


def bracket(between: Iterable[str | None] | None) -> When:
    """A date known only as 'after one snapshot, by the next' — shown as the bracket, never as
    a guessed day; it sorts at its end, the day it was first seen."""
    low, high = (list(between or ()) + [None, None])[:2]
    if low and high:
        return When(f"between {low} and {high}", high)
    if high:
        return When(f"on or before {high}", high)
    if low:
        return When(f"after {low}", low)
    return When("date unknown")


def event_when(event: Mapping) -> When:
    if event.get("valid_date"):
        return When(event["valid_date"], event["valid_date"])
    return bracket(event.get("between"))


def claim_when(claim: Mapping, document: Mapping | None) -> When:
    """The date the claim itself states, else the day the article reporting it appeared (the
    claim was made by then)."""
    if claim.get("date"):
        return When(claim["date"], claim["date"])
    published = (document or {}).get("published")
    if published:
        return When(f"reported {published}", published)
    return When("undated")


# -- changes ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldChange:
    """One changed field: items added and removed (lists), or a word diff (single values)."""

    field: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    words: tuple[tuple[str, str], ...] = ()  # (same | del | ins, text)


def words_changed(old: Any, new: Any) -> tuple[tuple[str, str], ...]:
    """The word diff of two values; long unchanged runs keep only their ends."""
    before = re.split(r"(\s+)", "" if old is None else str(old))
    after = re.split(r"(\s+)", "" if new is None else str(new))
    pieces: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("same", shortened("".join(before[i1:i2]))))
            continue
        if i2 > i1:
            pieces.append(("del", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", "".join(after[j1:j2])))
    return tuple(p for p in pieces if p[1])


def shortened(text: str) -> str:
    if len(text) <= KEEP_UNCHANGED:
        return text
    return f"{text[:UNCHANGED_END]} … {text[-UNCHANGED_END:]}"


def field_changes(changes: Mapping[str, Any] | None) -> list[FieldChange]:
    out = []
    for name, change in sorted((changes or {}).items()):
        if "added" in change or "removed" in change:
            out.append(FieldChange(name, added=tuple(map(str, change.get("added") or ())),
                                   removed=tuple(map(str, change.get("removed") or ()))))
        else:
            out.append(FieldChange(name, words=words_changed(change.get("from"), change.get("to"))))
    return out


# -- claims in words -------------------------------------------------------------------------

@cache
def wording() -> dict:
    return yaml.safe_load((Path(__file__).with_name("wording.yaml")).read_text(encoding="utf-8"))


def joined(names: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def headline(action: str, modality: str, authorities: Sequence[str | None]) -> str:
    """What a claim says, in a phrase: "a call for Russia to delist it"."""
    words = wording()
    named = [a for a in dict.fromkeys(authorities) if a] or [words["unnamed_authority"]]
    phrase = words["claims"].get(modality, {}).get(action, words["fallback"])
    return phrase.format(authority=joined(named), modality=modality.replace("_", " "),
                         action=action)


# -- the timeline ----------------------------------------------------------------------------

@dataclass(frozen=True)
class TimelineItem:
    """One official event (``event``), or one statement of news claims (``claims``: a sentence
    that says the same of several authorities' lists is one statement), on the timeline."""

    kind: str
    when: When
    later: bool  # after the as-of date the page is showing
    authority: str
    list_name: str = ""
    event: Mapping | None = None
    changes: tuple[FieldChange, ...] = ()
    claims: tuple[Mapping, ...] = ()
    document: Mapping | None = None

    @property
    def claim(self) -> Mapping | None:
        return self.claims[0] if self.claims else None

    @property
    def actors(self) -> list[Mapping]:
        """The claims' actors other than the authorities themselves, each once."""
        seen = {c.get("actor"): c for c in self.claims
                if c.get("actor") and c.get("actor_kind") != "authority"}
        return list(seen.values())


def statements(claims: Iterable[Mapping]) -> list[tuple[Mapping, ...]]:
    """Claims grouped by the statement that makes them: same document, sentence, action,
    modality, condition and date (they differ in whose list only)."""
    groups: dict[tuple, list[Mapping]] = {}
    for c in claims:
        key = (c["document"], " ".join(c["evidence"].split()), c["action"], c["modality"],
               c.get("condition"), c.get("date"))
        groups.setdefault(key, []).append(c)
    return [tuple(g) for g in groups.values()]


def timeline(events: Iterable[Mapping], claims: Iterable[Mapping],
             documents: Mapping[int, Mapping], as_of: str | None) -> list[TimelineItem]:
    """Official events and news claims in one list, newest first; undated items last."""
    items = []
    for event in events:
        authority, list_name = list_label(event["source"])
        when = event_when(event)
        items.append(TimelineItem("event", when, is_later(when, as_of), authority, list_name,
                                  event=event, changes=tuple(field_changes(event.get("changes")))))
    for group in statements(claims):
        first = group[0]
        document = documents.get(first["document"])
        when = claim_when(first, document)
        items.append(TimelineItem(
            "claim", when, is_later(when, as_of),
            headline(first["action"], first["modality"], [c.get("authority") for c in group]),
            claims=group, document=document))
    dated = sorted((i for i in items if i.when.key), key=lambda i: i.when.key, reverse=True)
    return dated + [i for i in items if not i.when.key]


def is_later(when: When, as_of: str | None) -> bool:
    # a bracket that ends after the as-of date may have happened after it: shown as later
    return bool(as_of and when.key and when.key > as_of)


# -- a document's body with its quotes and claims marked ------------------------------------

@dataclass
class Piece:
    """A run of body text covered by the same quotes and claims; ``anchors`` are the ids of the
    quotes and claims that begin here (the targets of links to them)."""

    text: str
    quotes: list[int] = field(default_factory=list)
    claims: list[int] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)

    @property
    def marked(self) -> bool:
        return bool(self.quotes or self.claims)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # quote | claim
    number: int  # the quote's position, or the claim's id
    anchor: str | None  # only on the first span of a claim


# A paragraph ends at a blank line; single line breaks stay inside it.
PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")


def quote_spans(body: str, quotes: Iterable[Mapping]) -> list[Span]:
    """Where each quote lies in the body; a quote whose offsets do not hold its text (a body
    re-read by another reader version) is found by its text, else left unmarked."""
    spans = []
    for number, quote in enumerate(quotes, 1):
        start, end, text = quote.get("start"), quote.get("end"), quote.get("text") or ""
        if not (isinstance(start, int) and isinstance(end, int) and body[start:end] == text):
            start = body.find(text) if text else -1
            end = start + len(text)
        if start >= 0 and end > start:
            spans.append(Span(start, end, "quote", number, f"quote-{number}"))
    return spans


def claim_spans(body: str, claims: Iterable[Mapping]) -> list[Span]:
    spans = []
    for claim in claims:
        parts = claim.get("evidence_spans") or [[claim.get("evidence_start"), claim.get("evidence_end")]]
        anchor: str | None = f"claim-{claim['id']}"
        for start, end in parts:
            if not (isinstance(start, int) and isinstance(end, int)):
                continue
            start, end = max(start, 0), min(end, len(body))
            if end > start:
                spans.append(Span(start, end, "claim", claim["id"], anchor))
                anchor = None
    return spans


def marked_paragraphs(body: str, quotes: Iterable[Mapping],
                      claims: Iterable[Mapping]) -> list[list[Piece]]:
    """The body as paragraphs of pieces, each piece covered by one set of quotes and claims
    (overlapping spans cannot nest in HTML, so they are cut where any of them starts or ends)."""
    spans = quote_spans(body, quotes) + claim_spans(body, claims)
    paragraphs, placed = [], set()
    for paragraph in PARAGRAPH.finditer(body):
        text = paragraph.group()
        if not text.strip():
            continue
        # the line breaks around a paragraph are the page's to draw, not the text's
        low = paragraph.start() + len(text) - len(text.lstrip())
        high = paragraph.end() - len(text) + len(text.rstrip())
        cuts = sorted({low, high} | {p for s in spans for p in (s.start, s.end) if low < p < high})
        pieces = []
        for a, b in zip(cuts, cuts[1:]):
            covering = [s for s in spans if s.start <= a and s.end >= b]
            # a span's anchor goes on the first piece at or after its start (a span may begin
            # in the blank between paragraphs)
            anchors = [s.anchor for s in spans if s.anchor and s.anchor not in placed and s.start < b]
            placed.update(anchors)
            pieces.append(Piece(body[a:b],
                                quotes=[s.number for s in covering if s.kind == "quote"],
                                claims=sorted({s.number for s in covering if s.kind == "claim"}),
                                anchors=anchors))
        paragraphs.append(pieces)
    return paragraphs
