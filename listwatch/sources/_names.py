"""Names as official lists write them: bracketed and "aka"/"formerly" variants, and stable
references made from names for lists that give no ids."""

from __future__ import annotations

import re

from listwatch.names import latin_key, script_of
from listwatch.records import Name
from listwatch.sources._readers import clean


def bracketed_parts(text: str) -> tuple[str, list[str]]:
    """``text`` without its top-level parenthesised groups, and the groups' contents in order:
    "Hizballah (Party of God (Lebanon))" → ("Hizballah", ["Party of God (Lebanon)"]).
    An unclosed group is kept as text outside."""
    outside, groups, depth, start = [], [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                outside.append(text[start:index])
                start = index + 1
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append(text[start:index])
                start = index + 1
    outside.append(text[start - 1 if depth else start:])
    return clean(" ".join(outside)) or "", [g for g in map(clean, groups) if g]


def name_slug(name: str) -> str:
    """A stable reference made from a name, for lists that give no ids: its transliterated,
    case-, accent- and punctuation-free form with hyphens ("Hay’at Tahrir al-Sham" →
    "hayat-tahrir-al-sham")."""
    return "-".join(latin_key(name).split())


_AKA = re.compile(r"^(?:a\.?k\.?a\.?|also\s+known\s+as)[\s:]+|,?\s+(?:a\.?k\.?a\.?|also\s+known\s+as)[\s:]+", re.IGNORECASE)
_FORMERLY = re.compile(r"^formerly(?:\s+(?:known|listed)\s+as)?[\s:]+|,?\s+formerly(?:\s+(?:known|listed)\s+as)?[\s:]+", re.IGNORECASE)
_NAME_JUNK = " ,;:.-–—"


def name_variants(text: str) -> tuple[str, tuple[Name, ...]]:
    """The main name and the other names of a list entry written the way government web pages
    write them: "al-Nusrah Front, aka Hay’at Tahrir al-Sham (ANF/HTS)", "ISIS-Sinai Province
    (formerly Ansar Bayt al-Maqdis)", "Kurdistan Workers Party (PKK, aka Kongra-Gel)".

    "aka"/"also known as" names become aliases, "formerly" names former names, and bare
    acronyms ("PKK") weak aliases: an acronym alone names many organisations."""
    outside, groups = bracketed_parts(text)
    current, *former = _FORMERLY.split(outside)
    primary, *aliases = _AKA.split(current)
    names = [_variant(a, "alias") for a in aliases] + [_variant(f, "former") for f in former]
    for group in groups:
        for piece in re.split(r"[;,]\s+", group):
            kind = "former" if _FORMERLY.match(piece) else "alias"
            piece = _AKA.sub("", _FORMERLY.sub("", piece, count=1), count=1)
            names.append(_variant(piece, kind))
    primary = primary.strip(_NAME_JUNK)
    unique = {n.value: n for n in names if n.value and n.value != primary}
    return primary, tuple(unique.values())


def _variant(value: str, kind: str) -> Name:
    value = value.strip(_NAME_JUNK)
    quality = "weak" if kind == "alias" and is_acronym(value) else "strong"
    return Name(value, kind=kind, quality=quality, script=script_of(value))


def is_acronym(value: str) -> bool:
    """One word, mostly capitals: "PKK", "ANF/HTS", "LeT"."""
    letters = [c for c in value if c.isalpha()]
    return " " not in value and bool(letters) and 2 * sum(c.isupper() for c in letters) >= len(letters)
