"""Sentence boundaries in a cleaned body (pure; offsets into the body).

Paragraphs are hard boundaries. Inside one, a sentence ends at . ! ? (with any closing quote
mark) followed by space and a capital, a digit or an opening quote — except after
abbreviations (Dec., U.S., Mr., Gen.) and initials. The rule splitter keeps claim evidence
independent of the parser's quality; the pipeline then reads each sentence."""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "maj", "rep", "sen", "gov", "st",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "prof", "rev", "u.s", "u.k", "u.n", "e.u",
    "d.c", "a.m", "p.m", "approx", "est", "fig", "al",
}
_END = re.compile(r"[.!?…]+[”\"’»)]*(?=\s+[“\"«(]?[A-Z0-9])")


def sentences(body: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for ps, pe in paragraphs:
        start = ps
        for m in _END.finditer(body, ps, pe):
            word = re.search(r"([\w.]+)\.$", body[max(ps, m.start() - 12):m.start() + 1])
            if body[m.start()] == "." and word:
                w = word.group(1).lower()
                if w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()) or re.fullmatch(r"(\w\.)+\w", w):
                    continue
            end = m.end()
            if body[start:end].strip():
                out.append((start, end))
            start = end
            while start < pe and body[start].isspace():
                start += 1
        if body[start:pe].strip():
            out.append((start, pe))
    return out
