"""Plain article text → body, metadata and the removed blocks (each with its kind).

Pure function of a string (``clean``). Lines are paragraphs. What is lifted out:

* headline — the first line when it reads as a title (short, no closing punctuation);
* byline — "By Kardo Roj" among the first lines;
* dateline — "MOSCOW, Russia (North Press) – ", "Ottawa, Oct 16 ", "May 28 (Interfax) - " at the
  start of the first body paragraph (place, country, outlet, date as written; the rest of the
  paragraph stays body);
* subheadings — short headings between body paragraphs: on HTML pages only what the page marks
  as a heading, in plain text short title-like lines; a paragraph is never one;
* boilerplate — donation and subscription appeals (recognised by their features: the outlet
  speaking, the reader addressed, support asked for — see rules.yaml), and short page furniture:
  "Remind me later", newsletter prompts, share and related-article lines, copyright lines.

Everything lifted is kept in ``removed`` with its kind, so nothing disappears silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from listwatch.names import normalise
from listwatch.news.rules import Rules, rules as default_rules

_END_PUNCT = re.compile(r"[.!?;:…\"”’»)]\s*$")
# a sentence's end (or a lead-in to a quote, ":"), closing quotes and brackets allowed after it
_SENTENCE_END = re.compile(r"[.!;:…][\"”’»)\]]*\s*$")
_QUOTED = re.compile(r"“[^”]*”?|«[^»]*»?|\"[^\"]*\"?")
_SUBHEADING_WORDS = 12
_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
_MINOR = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "at", "by", "with", "from",
          "as", "over", "vs", "into", "after", "before", "amid", "is", "are", "its", "s"}


@dataclass
class Cleaned:
    body: str
    title: str | None = None
    author: str | None = None
    dateline: dict | None = None  # {"text", "place", "country", "outlet", "date"}
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
    return bool(words) and len(words) <= 25 and not _SENTENCE_END.search(line) and line[0].isupper()


def _is_headline(line: str, title: str | None, headings: frozenset[str] | None) -> bool:
    """The first line is the headline when it repeats the metadata title, when the page marks
    it as a heading, or — plain text without a title — when it reads as one."""
    if title and normalise(line) == normalise(title):
        return True
    if headings is not None:
        return line in headings
    return not title and _looks_like_headline(line)


def _is_dateline(m: re.Match) -> bool:
    """A place in capitals ("MOSCOW –") or a date ("Ottawa, Oct 16", "May 28 (Interfax) -"): a
    sentence that merely starts with a name and a dash is body text."""
    place = (m.group("place") or "").strip(" .,")
    return bool(m.group("date")) or (len(place) > 1 and place.isupper())


def _place_name(text: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in text.split())


def _unquoted(line: str) -> str:
    """The line without its quotations: what the outlet itself says."""
    return _QUOTED.sub(" ", line)


def _appeal_kind(line: str, r: Rules) -> str | None:
    """ask | voice | opener for a line that can belong to a donation appeal, else None."""
    a = r.appeal
    own = _unquoted(line)
    if any(p.match(line) for k, p in r.line_kinds if k == "ui_prompt"):
        return "voice"
    if a["ask"].search(own) and a["reader"].search(own) and not r.cue.search(own):
        return "ask"
    if len(_WORD.findall(line)) <= r.appeal_opener_words and (a["opener"].match(line)
                                                               or a["ask"].search(own)):
        return "opener"
    speaks = a["voice"].search(own) or a["reader"].search(own)
    return "voice" if speaks else None


def _appeal_lines(lines: list[str], r: Rules) -> set[int]:
    """Indices of the lines that make up donation and subscription appeals (see rules.yaml)."""
    kinds = [_appeal_kind(line, r) for line in lines]
    out: set[int] = set()
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and kinds[j] is not None:
            j += 1
        run = range(i, j)
        if any(kinds[k] == "ask" for k in run):
            first = next(k for k in run if kinds[k] in ("opener", "ask"))
            out.update(range(first, j))
        i = j + 1
    return out


def _line_kind(line: str, r: Rules) -> str | None:
    if len(_WORD.findall(line)) > r.line_max_words:
        return None
    return next((k for k, p in r.line_kinds if p.match(line)), None)


def _is_subheading(line: str, headings: frozenset[str] | None) -> bool:
    """A short heading: one the page marks as such (HTML), or — plain text, where nothing marks
    it — a short title-like line. A long heading is kept as body text."""
    if headings is not None:
        return line in headings and len(_WORD.findall(line)) <= _SUBHEADING_WORDS
    return _title_like(line, _SUBHEADING_WORDS)


def clean(text: str, r: Rules | None = None, *, title: str | None = None,
          headings: frozenset[str] | None = None) -> Cleaned:
    """``title``: the headline from metadata, when known (then the first line is a headline only
    if it repeats it or the page marks it as a heading). ``headings``: the lines the page marks
    as headings (HTML); only those can be subheadings. Without it (plain text) short title-like
    lines are."""
    r = r or default_rules()
    lines = [" ".join(l.split()) for l in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [l for l in lines if l]
    out = Cleaned(body="")
    kept: list[str] = []
    i = 0
    # headline and byline among the first lines
    if len(lines) > 1 and not r.byline.match(lines[0]) and _is_headline(lines[0], title, headings):
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
    appeal = _appeal_lines(lines, r)
    for n in range(i, len(lines)):
        line = lines[n]
        if n in appeal:
            out.removed.append({"kind": "donation_appeal", "text": line})
            m = r.appeal_outlet.search(line)
            if m and not out.outlet:
                out.outlet = m.group("outlet").strip()
            continue
        kind = _line_kind(line, r)
        if kind:
            out.removed.append({"kind": kind, "text": line})
            continue
        if not kept and out.dateline is None:
            m = r.dateline.match(line)
            if m and _is_dateline(m):
                place = (m.group("place") or "").strip(" ,.")
                out.dateline = {"text": m.group(0).strip(), "place": _place_name(place) if place else None,
                                "country": (m.group("country") or "").strip() or None,
                                "outlet": (m.group("outlet") or "").strip() or None,
                                "date": m.group("date")}
                out.removed.append({"kind": "dateline", "text": m.group(0).strip()})
                if out.dateline["outlet"]:
                    out.outlet = out.dateline["outlet"]
                line = line[m.end():]
        if kept and _is_subheading(line, headings) and not r.cue.search(line):
            out.subheadings.append(line)
            out.removed.append({"kind": "subheading", "text": line})
            continue
        kept.append(line)
    body, pos = [], 0
    for para in kept:
        out.paragraphs.append((pos, pos + len(para)))
        body.append(para)
        pos += len(para) + 2
    out.body = "\n\n".join(body)
    return out
