"""Plain article text → body, metadata and the removed blocks (each with its kind).

Pure function of a string (``clean``). Lines are paragraphs. What is lifted out:

* headline — the first line when it reads as a title (short, no closing punctuation);
* byline — "By Kardo Roj" among the first lines;
* dateline — "MOSCOW, Russia (North Press) – " at the start of the first body paragraph
  (place, country, outlet; the rest of the paragraph stays body);
* subheadings — short title-like lines between body paragraphs;
* boilerplate — donation and subscription appeals (a block opened by "A Message from …" or
  "Dear readers" and going on while its lines read like an appeal), "Remind me later",
  newsletter prompts, share and related-article lines, copyright lines.

Everything lifted is kept in ``removed`` with its kind, so nothing disappears silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from listwatch.news.rules import Rules, rules as default_rules

_END_PUNCT = re.compile(r"[.!?;:…\"”’»)]\s*$")
_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
_MINOR = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "at", "by", "with", "from",
          "as", "over", "vs", "into", "after", "before", "amid", "is", "are", "its", "s"}


@dataclass
class Cleaned:
    body: str
    title: str | None = None
    author: str | None = None
    dateline: dict | None = None  # {"text", "place", "country", "outlet"}
    outlet: str | None = None     # from the dateline or an appeal header
    subheadings: list[str] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)  # {"kind", "text"}
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # spans in body


def _title_like(line: str, max_words: int) -> bool:
    words = _WORD.findall(line)
    if not words or len(words) > max_words or _END_PUNCT.search(line) or not line[0].isupper():
        return False
    content = [w for w in words if w.lower() not in _MINOR]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.6 or len(words) <= 4


def _looks_like_headline(line: str) -> bool:
    words = _WORD.findall(line)
    return bool(words) and len(words) <= 25 and not re.search(r"[.!;]\s*$", line) \
        and line[0].isupper()


def _place_name(text: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in text.split())


def clean(text: str, r: Rules | None = None) -> Cleaned:
    r = r or default_rules()
    lines = [" ".join(l.split()) for l in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [l for l in lines if l]
    out = Cleaned(body="")
    kept: list[str] = []
    i = 0
    # headline and byline among the first lines
    if len(lines) > 1 and _looks_like_headline(lines[0]) and not r.byline.match(lines[0]):
        out.title = lines[0]
        out.removed.append({"kind": "headline", "text": lines[0]})
        i = 1
    for j in range(i, min(i + 3, len(lines))):
        m = r.byline.match(lines[j])
        if m and len(lines[j]) < 120:
            out.author = m.group("author").strip()
            out.removed.append({"kind": "byline", "text": lines[j]})
            del lines[j]
            break
    block: str | None = None
    block_continue = None
    while i < len(lines):
        line = lines[i]
        i += 1
        if block is not None:
            if block_continue.search(line) or any(p.match(line) for k, p in r.line_kinds
                                                  if k == "ui_prompt"):
                out.removed.append({"kind": block, "text": line})
                continue
            block = None
        opened = False
        for kind, start, cont in r.blocks:
            if start.match(line):
                block, block_continue, opened = kind, cont, True
                out.removed.append({"kind": kind, "text": line})
                m = r.appeal_outlet.match(line)
                if m and not out.outlet:
                    out.outlet = m.group("outlet").strip()
                break
        if opened:
            continue
        kind = next((k for k, p in r.line_kinds if p.match(line)), None)
        if kind:
            out.removed.append({"kind": kind, "text": line})
            continue
        if not kept and out.dateline is None:
            m = r.dateline.match(line)
            if m and m.group("place").strip(" .").isupper() and len(m.group("place").strip()) > 1:
                out.dateline = {"text": m.group(0).strip(), "place": _place_name(m.group("place").strip(" ,.")),
                                "country": (m.group("country") or "").strip() or None,
                                "outlet": (m.group("outlet") or "").strip() or None}
                out.removed.append({"kind": "dateline", "text": m.group(0).strip()})
                if out.dateline["outlet"]:
                    out.outlet = out.dateline["outlet"]
                line = line[m.end():]
        if kept and _title_like(line, 12) and i < len(lines) + 1 and not r.cue.search(line):
            out.subheadings.append(line)
            out.removed.append({"kind": "subheading", "text": line})
            continue
        kept.append(line)
    # a trailing title-like line with nothing after it is a subheading too (already handled);
    body, pos = [], 0
    for para in kept:
        out.paragraphs.append((pos, pos + len(para)))
        body.append(para)
        pos += len(para) + 2
    out.body = "\n\n".join(body)
    return out
