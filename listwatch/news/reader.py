"""The reader: a raw document → an article with body, metadata, quotes, entities, dates and
designation claims (plain data, ready for storage or JSON).

``Reader(subjects, nlp)`` holds the expensive parts (the spaCy pipeline and the gazetteer of
ledger names); ``read(raw, published=…, outlet=…, url=…)`` is then a function of the document.
The pipeline is ``listwatch.nlp.load()`` (its NER adds persons and entities; a better trained
model finds more of them without code changes). Sentence boundaries come from the rule
splitter (segment.py) so that claim evidence does not depend on the parser.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from listwatch.errors import BadInput
from listwatch.names import normalise
from listwatch.news import claims as claims_mod
from listwatch.news.cleanup import clean
from listwatch.news.dates import find_dates, parse_published
from listwatch.news.mentions.authorities import find_authorities
from listwatch.news.mentions.gazetteer import words
from listwatch.news.mentions.persons import find_persons
from listwatch.news.mentions.subjects import (
    SubjectIndex, find_organisations, find_subjects, link_organisations, screened_subject)
from listwatch.news.mentions.unnamed import find_unnamed
from listwatch.news.intake import RawDocument
from listwatch.news.quotes import Speakers, attribute, quote_spans
from listwatch.news.rules import Rules, rules as default_rules
from listwatch.news.segment import sentences as split_sentences

READER_VERSION = "news-0.1"
# The reader uses the pipeline's tokens and entities (PERSON / ORG / LOC); sentences come from
# the rule splitter, so the parser, tagger, morphologizer and lemmatizer are not loaded — this
# halves the time per article. Remove a name here to use that component's output.
NLP_DISABLE = ("morphologizer", "lemmatizer", "tagger", "parser")


class ReadError(BadInput):
    pass


def load_pipeline():
    """The shipped pipeline (or the one LISTWATCH_SPACY_MODEL names), without the components
    the reader does not use. A model that cannot load is an error, not a silent downgrade."""
    from listwatch.nlp import load

    return load(disable=NLP_DISABLE)


@dataclass
class Article:
    body: str
    title: str | None
    author: str | None
    dateline: dict | None
    outlet: str | None
    published: str | None
    url: str | None
    source: str
    format: str
    removed: list[dict]
    subheadings: list[str]
    quotes: list[dict]
    entities: list[dict]
    dates: list[dict]
    claims: list[dict]
    fingerprint: str
    simhash: str
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def fingerprint(body: str) -> str:
    return hashlib.sha256(normalise(body).encode("utf-8")).hexdigest()


_BITS = np.arange(64, dtype=np.uint64)


def simhash(body: str, toks: list[tuple[str, int, int]] | None = None) -> str:
    """64-bit SimHash of word 3-shingles: wire copies differ in a few bits. A bit is set when
    more shingle hashes have it than not (counted with numpy: the per-bit loop in Python was a
    tenth of the reading time)."""
    shingled = [w for w, _, _ in (toks if toks is not None else words(body))]
    hashes = np.array([int.from_bytes(hashlib.blake2b(" ".join(shingled[i:i + 3]).encode(),
                                                      digest_size=8).digest(), "big")
                       for i in range(max(1, len(shingled) - 2))], dtype=np.uint64)
    ones = ((hashes[:, None] >> _BITS) & np.uint64(1)).sum(axis=0)
    value = sum(1 << bit for bit in range(64) if 2 * int(ones[bit]) > len(hashes))
    return f"{value:016x}"


class Reader:
    def __init__(self, subjects: SubjectIndex | None = None, nlp=None, rules: Rules | None = None,
                 link: Callable[[str], tuple[str, str] | None] | None = None):
        self.subjects = subjects or SubjectIndex.empty()
        self.nlp = nlp if nlp is not None else load_pipeline()
        self.rules = rules or default_rules()
        self.link = link  # a group name the gazetteer missed → (subject id, name) or None

    @classmethod
    def for_store(cls, store, nlp=None) -> "Reader":
        """A reader over the store's ledger; groups the gazetteer does not know by name are
        linked through the screening index (the lookup `status` and `screen` use)."""
        return cls(SubjectIndex.from_names(store.subject_name_rows()), nlp,
                   link=partial(screened_subject, store))

    def read(self, raw: RawDocument, *, published: str | None = None, outlet: str | None = None,
             url: str | None = None) -> Article:
        r = self.rules
        meta: dict = {"title": raw.title, "author": raw.author, "published": raw.published,
                      "outlet": raw.outlet, "url": raw.url}
        text, headings = raw.text, None
        if raw.html is not None and not text:
            text, headings = self._from_html(raw.html, meta)
        if not text or not text.strip():
            raise ReadError(f"{raw.source}: no article text found")
        cleaned = clean(text, r, title=meta["title"], headings=headings)
        if cleaned.title and meta["title"] and normalise(cleaned.title) != normalise(meta["title"]):
            pass
        body = cleaned.body
        if len(body.split()) < 5:
            raise ReadError(f"{raw.source}: no article body after cleanup "
                            f"({len(cleaned.removed)} blocks removed)")
        published_date = parse_published(published or meta["published"])
        published_iso = published_date.isoformat() if published_date else None
        article_outlet = outlet or meta["outlet"] or cleaned.outlet
        r = _without_outlet_names(r, article_outlet, cleaned.outlet,
                                  (cleaned.dateline or {}).get("outlet"))
        sents = split_sentences(body, cleaned.paragraphs)
        toks = words(body)
        subjects = find_subjects(body, self.subjects, toks, r)
        authorities = find_authorities(body, r, toks, [m for m in subjects if m.key])
        spacy_persons, spacy_ents = self._pipeline(body, sents, subjects, authorities)
        persons, person_mentions = find_persons(body, spacy_persons, authorities, subjects, r)
        unnamed = find_unnamed(body, authorities, subjects)
        spans = quote_spans(body, cleaned.paragraphs)
        speakers = Speakers(body, persons, person_mentions, unnamed, authorities, spans, r, sents)
        quotes = attribute(body, spans, sents, speakers, r)
        dates = find_dates(body, published_date)
        organisations = find_organisations(body, spacy_ents, [*subjects, *authorities], person_mentions, r)
        groups = sorted((*subjects, *link_organisations(organisations, self.link)), key=lambda m: m.start)
        title = meta["title"] or cleaned.title
        found = claims_mod.extract(body, sents, groups, authorities, person_mentions, unnamed,
                                   quotes, dates, speakers, published_iso, r,
                                   tuple(m.key for m in find_authorities(title or "", r)))
        entities = [m.to_dict() for m in (*subjects, *authorities, *person_mentions, *unnamed)]
        for e in entities:
            if e["kind"] == "subject" and e["key"]:
                e["name"] = self.subjects.names.get(e["key"])
        taken = [(e["start"], e["end"]) for e in entities]
        entities += [e for e in spacy_ents if not any(a < e["end"] and e["start"] < b for a, b in taken)]
        entities.sort(key=lambda e: e["start"])
        return Article(
            body=body, title=title, author=meta["author"] or cleaned.author,
            dateline=cleaned.dateline, outlet=article_outlet, published=published_iso,
            url=url or meta["url"], source=raw.source, format=raw.format,
            removed=cleaned.removed, subheadings=cleaned.subheadings,
            quotes=[q.to_dict() for q in quotes], entities=entities,
            dates=[d.to_dict() for d in dates], claims=[c.to_dict() for c in found],
            fingerprint=fingerprint(body), simhash=simhash(body, toks), notes=list(raw.notes))

    def _from_html(self, html: str, meta: dict) -> tuple[str | None, frozenset[str]]:
        """trafilatura's text of the page (metadata into ``meta``) and the lines the page marks
        as headings — the only lines cleanup may lift as subheadings."""
        import trafilatura

        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False)
        if doc is None:
            return None, frozenset()
        headings = frozenset(" ".join("".join(h.itertext()).split())
                             for h in doc.body.iter("head")) if doc.body is not None else frozenset()
        d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        for ours, theirs in (("title", "title"), ("author", "author"), ("published", "date"),
                             ("outlet", "sitename"), ("url", "url")):
            if not meta.get(ours) and d.get(theirs):
                meta[ours] = d[theirs]
        text = d.get("text") or ""
        if meta.get("title"):
            lines = text.split("\n")
            if lines and normalise(lines[0]) == normalise(meta["title"]):
                text = "\n".join(lines[1:])
        return text, headings

    def _pipeline(self, body, sents, subjects, authorities):
        """Run the spaCy pipeline over the sentences; the ledger and authority matches are
        written into each Doc as entities (kb_id = subject id / authority), the pipeline's own
        entities kept where they do not overlap. Returns PERSON spans and other entities."""
        persons, others = [], []
        texts = [body[s:e] for s, e in sents]
        ruled = sorted((*subjects, *authorities), key=lambda m: m.start)
        for (s, e), doc in zip(sents, self.nlp.pipe(texts, batch_size=64)):
            own = []
            for m in ruled:
                if s <= m.start < e and not m.adjective:
                    span = doc.char_span(m.start - s, m.end - s, label="ORG", kb_id=str(m.key or ""),
                                         alignment_mode="expand")
                    if span is not None:
                        own.append(span)
            ents = own + [x for x in doc.ents if not any(x.start < o.end and o.start < x.end for o in own)]
            try:
                doc.set_ents(_non_overlapping(ents))
            except ValueError:
                pass
            for ent in doc.ents:
                if ent.label_ == "PERSON":
                    persons.append((s + ent.start_char, s + ent.end_char))
                elif not ent.kb_id_ and ent.label_ in ("ORG", "LOC", "PERSON"):
                    others.append({"kind": "entity", "text": ent.text, "start": s + ent.start_char,
                                   "end": s + ent.end_char, "key": None, "label": ent.label_})
        return persons, others


def _without_outlet_names(r: Rules, *outlets: str | None) -> Rules:
    """Rules for one article: the words of its outlet's name ("The Moscow Times", "North Press")
    are no part of a person's name there. One-word outlet names ("Reuters") cannot form a
    two-word name on their own and stay out, so an article may still name a person who shares one."""
    extra = {w.lower() for name in outlets if name and len(name.split()) > 1
             for w in re.findall(r"[^\W\d_]+", name)} - r.not_name_words
    return replace(r, not_name_words=r.not_name_words | extra) if extra else r


def _non_overlapping(spans):
    out, last = [], -1
    for sp in sorted(spans, key=lambda x: (x.start, -(x.end - x.start))):
        if sp.start >= last:
            out.append(sp)
            last = sp.end
    return out
