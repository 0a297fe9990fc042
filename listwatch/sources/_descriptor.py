"""The adapter description every source module exports as ``SOURCE``, and the error its parser
raises.

An adapter is data plus two pure functions (``sniff`` and ``parse``); the ledger never needs to
know which list it is reading. Adapters import the ``_``-modules of this package, never each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

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
    # Whether the list keeps delisted entries with their removal date (the US FTO page) rather
    # than dropping them (most lists); `lists sources` shows it, since it says how a delisting
    # from this list is known: a legal date, or only the bracket of two snapshots.
    keeps_removed: bool = False

    @property
    def url(self) -> str | None:
        return self.urls.get("main")
