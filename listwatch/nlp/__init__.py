"""listwatch's English NLP pipeline.

``load()`` returns a spaCy pipeline with sentences, part-of-speech (UPOS + PTB tags),
morphology, lemmas, a UD dependency parse and PERSON / ORG / LOC entities.

Which pipeline
    By default the pipeline shipped in ``listwatch/nlp/model/`` (trained by
    ``training/train.sh`` on UD English EWT + GUM CC-BY + Universal NER; CC BY-SA 4.0, see
    ``model/MODEL_CARD.md``).  If the environment variable ``LISTWATCH_SPACY_MODEL`` is set,
    that spaCy model (an installed package name such as ``en_core_web_trf``, or a path) is
    loaded instead; if it cannot be loaded, ``load()`` raises (no silent fallback).

Entity labels - the contract for the rest of listwatch
    Entities are always labelled ``PERSON``, ``ORG`` or ``LOC`` (``LABELS``).  The shipped
    model predicts exactly these.  For any other model ``load()`` appends the component
    ``listwatch_entity_labels``, which rewrites ``doc.ents`` through ``entity_label()``:
    OntoNotes PERSON -> PERSON, ORG -> ORG, GPE/LOC/FAC -> LOC, NORP -> ORG only when it is a
    proper-noun group name (e.g. "Hayat Tahrir al-Sham"), dropped when it is a nationality or
    religion ("Russian", "Syrians"); every other label (DATE, MONEY, ...) is dropped.  The
    original label is kept in ``span.kb_id_`` (empty for the shipped model).  Code that
    receives spans from elsewhere can call ``entity_label(span)`` itself.

Disabling components
    ``load(disable=("parser",))`` does not load those components at all (``spacy.load``
    ``exclude``); names not in the pipeline are ignored, and ``"lemmatizer"`` also matches
    ``"trainable_lemmatizer"``.  Without the parser there are no parser sentence boundaries,
    so a rule-based ``sentencizer`` is added in that case (``doc.sents`` keeps working).

Caching
    One pipeline per process per (model, disable set): repeated calls return the same object.
    ``load.cache_clear()`` forgets them (tests).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = [
    "LABELS",
    "MODEL_DIR",
    "ENV_VAR",
    "LABEL_MAP_FACTORY",
    "load",
    "entity_label",
    "map_label",
    "needs_label_map",
    "model_name",
]

LABELS = ("PERSON", "ORG", "LOC")
MODEL_DIR = Path(__file__).resolve().parent / "model"
ENV_VAR = "LISTWATCH_SPACY_MODEL"
LABEL_MAP_FACTORY = "listwatch_entity_labels"

# label -> ours; NORP handled in entity_label(); absent = dropped
_LABEL_MAP = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
}
_ALIASES = {"lemmatizer": ("lemmatizer", "trainable_lemmatizer")}


def map_label(label: str) -> str | None:
    """Label-only mapping (no span context): PERSON/PER -> PERSON, ORG -> ORG,
    GPE/LOC/FAC -> LOC, everything else (NORP included) -> None."""
    return _LABEL_MAP.get(label)


def entity_label(span: Span) -> str | None:
    """Our label (PERSON/ORG/LOC) for an entity span of any English spaCy model, or None when
    it is not one of ours.  NORP becomes ORG only for proper-noun group names: the span has
    a proper noun (PROPN / NNP) and no token tagged as adjective or plural proper noun
    ("Russian", "Syrians", "Islamist" stay out)."""
    label = span.label_
    if label == "NORP":
        tags = {t.tag_ for t in span}
        pos = {t.pos_ for t in span}
        if tags & {"JJ", "NNPS", "NNS"} or pos & {"ADJ"}:
            return None
        if "PROPN" in pos or "NNP" in tags:
            return "ORG"
        return None
    return _LABEL_MAP.get(label)


@Language.factory(LABEL_MAP_FACTORY)
def _make_label_map(nlp: Language, name: str) -> "_EntityLabelMap":
    return _EntityLabelMap()


class _EntityLabelMap:
    """Rewrites doc.ents to PERSON/ORG/LOC (original label in kb_id); drops the rest."""

    def __call__(self, doc: Doc) -> Doc:
        new = []
        for ent in doc.ents:
            lab = entity_label(ent)
            if lab is not None:
                new.append(Span(doc, ent.start, ent.end, label=lab, kb_id=ent.label_))
        doc.set_ents(new, default="outside")
        return doc


def model_name() -> str:
    """What ``load()`` will load: ``$LISTWATCH_SPACY_MODEL`` or the shipped model's path."""
    return os.environ.get(ENV_VAR) or str(MODEL_DIR)


def needs_label_map(nlp: Language) -> bool:
    if "ner" not in nlp.pipe_names or LABEL_MAP_FACTORY in nlp.pipe_names:
        return False
    return not set(nlp.get_pipe("ner").labels) <= set(LABELS)


def _component_names(name: str) -> list[str]:
    """Component names of a model without loading weights."""
    path = Path(name)
    if path.exists():
        cfg = spacy.util.load_config(path / "config.cfg")
    else:
        cfg = spacy.util.load_config(spacy.util.get_package_path(name) / "config.cfg") \
            if spacy.util.is_package(name) else None
        if cfg is None:
            return []
    return list(cfg["nlp"]["pipeline"])


@functools.lru_cache(maxsize=None)
def _load(name: str, disable: frozenset[str]) -> Language:
    names = _component_names(name)
    exclude = [c for c in names if c in disable or any(c in _ALIASES.get(d, ()) for d in disable)]
    try:
        nlp = spacy.load(name, exclude=exclude)
    except OSError as exc:
        raise OSError(
            f"cannot load spaCy model {name!r}"
            + (f" (from ${ENV_VAR}; unset it to use the shipped model)" if os.environ.get(ENV_VAR) else "")
            + f": {exc}"
        ) from exc
    if "parser" not in nlp.pipe_names and not any(
        p in nlp.pipe_names for p in ("senter", "sentencizer")
    ) and "sentencizer" not in disable:
        nlp.add_pipe("sentencizer", first=True)
    if needs_label_map(nlp):
        nlp.add_pipe(LABEL_MAP_FACTORY, last=True)
    return nlp


def load(disable: Iterable[str] = ()) -> Language:
    """The English pipeline, loaded once per process per disable set (see module doc)."""
    if isinstance(disable, str):
        disable = (disable,)
    return _load(model_name(), frozenset(disable))


load.cache_clear = _load.cache_clear  # type: ignore[attr-defined]
