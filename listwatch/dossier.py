"""The dossier: official status from the ledger beside the news claims about the same subject.

The ledger never imports the news layer; this module composes the two for the CLI (and the API).
"""

from __future__ import annotations

from listwatch.ledger import queries
from listwatch.ledger.models import LedgerStatus
from listwatch.names import token_key
from listwatch.news.mentions.authorities import authority_gazetteer
from listwatch.news.models import Claim, ClaimsAnswer, Document
from listwatch.store import Store


class StatusAnswer(LedgerStatus):
    """`status`: the official designations, and the news claims about the subject beside them
    (claims never change official status)."""

    claims: list[Claim]


# A document's analysis is read as the reader stored it; a part an older reader did not store
# is an empty list, not a missing field.
ANALYSIS = ("quotes", "entities", "dates", "subheadings", "notes")


def authority_name(text: str) -> str:
    """The authority table's name for "US", "U.S.", "Washington", "united nations" …"""
    names, adjectives = authority_gazetteer()
    for gazetteer in (names, adjectives):
        hits = list(gazetteer.find(text))
        if hits and hits[0][0] == 0:
            return hits[0][2]
        for s, e, a in gazetteer.find(text.title()):
            return a
    return text


def subject_claims(store: Store, subject_id: str) -> list[dict]:
    """Claims linked to the subject, and unlinked claims whose subject text is one of its names."""
    summary = queries.subject_summary(store, subject_id)
    keys = {token_key(n) for n in [summary.name, *summary.aliases]}
    texts = [t for t in store.unlinked_subject_texts() if t and token_key(t) in keys]
    return store.claims(subject_ids=[subject_id], subject_texts=texts)


def once(claims: list[dict]) -> list[Claim]:
    """Each statement once: a wire copy stored as a twin repeats its original's claims word for
    word; the first stays, with ``documents`` listing every document that makes it."""
    kept: dict[tuple, dict] = {}
    for c in claims:
        key = ((c["subject"] or {}).get("id") or c["subject_text"], c["authority"], c["action"],
               c["modality"], " ".join(c["evidence"].split()))
        if key in kept:
            kept[key]["documents"].append(c["document"])
        else:
            kept[key] = {**c, "documents": [c["document"]]}
    return [Claim(**c) for c in kept.values()]


def status(store: Store, query: str, as_of: str | None = None) -> StatusAnswer:
    answer = queries.status(store, query, as_of)
    return StatusAnswer(**dict(answer), claims=once(subject_claims(store, answer.subject.id)))


def claims(store: Store, subject: str | None = None, authority: str | None = None) -> ClaimsAnswer:
    if subject:
        try:
            subject_id, _ = queries.resolve_subject(store, subject)
            found = subject_claims(store, subject_id)
        except queries.NotFound:
            key = token_key(subject)
            found = [c for c in store.claims() if c["subject_text"] and token_key(c["subject_text"]) == key]
    else:
        found = store.claims()
    if authority:
        wanted = authority_name(authority)
        found = [c for c in found if c["authority"] == wanted]
    return ClaimsAnswer(claims=once(found))


def document(store: Store, document_id: int) -> Document | None:
    doc = store.document(document_id)
    if doc is None:
        return None
    analysis = {part: doc.pop(part, None) or [] for part in ANALYSIS}
    # the document's own claims, each once (one document: ``documents`` is that document)
    return Document(**doc, **analysis, claims=once(store.claims(document_id=document_id)))
