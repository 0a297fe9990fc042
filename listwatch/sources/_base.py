"""What every source adapter shares: the adapter description and safe readers for raw bytes.

An adapter is data plus two pure functions (``sniff`` and ``parse``); the ledger never needs to
know which list it is reading. Adapters import this module, never each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lxml import etree

from listwatch.records import ParsedList


class ParseError(ValueError):
    """The content is not a well-formed instance of the format the adapter reads."""


@dataclass(frozen=True)
class Source:
    id: str  # "un-sc", "us-ofac-sdn", …
    authority: str  # whose list: "United Nations", "United States", …
    list_name: str
    urls: Mapping[str, str]  # part → official download URL; the "main" part first
    # content → the part of this source it is ("main", "alt", …), or None when it is not ours.
    sniff: Callable[[bytes], str | None]
    # part → content; must contain "main". Raises ParseError on content it cannot read.
    parse: Callable[[Mapping[str, bytes]], ParsedList]
    parser_version: str = "1"
    # Whether the list removes entries when they are delisted (most) or keeps them with a date.
    keeps_removed: bool = False

    @property
    def url(self) -> str | None:
        return self.urls.get("main")


_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def parse_xml(content: bytes) -> etree._Element:
    """Parse XML without entity expansion, DTD loading or network access.

    A document declaring entities is refused outright: no official list needs them, and it is
    the shape of the billion-laughs and external-entity attacks."""
    head = content[:4096]
    if _DOCTYPE.search(head) and _ENTITY_DECLARATION.search(content):
        raise ParseError("XML declares entities (<!ENTITY>): refused as unsafe")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed or truncated XML: {exc}") from exc
    if root is None:
        raise ParseError("XML document has no root element")
    return root


def xml_root_name(content: bytes) -> str | None:
    """The local name of the first element of an XML document, read from its head only."""
    match = re.search(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]", _strip_prolog(content[:8192]))
    return match.group(2).decode("ascii") if match else None


def _strip_prolog(head: bytes) -> bytes:
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return re.sub(rb"^(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s)+", b"", head, flags=re.S)


def decode_text(content: bytes, encodings: tuple[str, ...] = ("utf-8-sig", "cp1252")) -> str:
    """Decode with the first encoding that fits; cp1252 covers the legacy OFAC and OFSI files."""
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(f"text is in none of the expected encodings ({', '.join(encodings)})")


def clean(value: str | None) -> str | None:
    """Collapse white space (line breaks inside values included); empty becomes None."""
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
