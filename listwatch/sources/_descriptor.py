"""The adapter description every source module exports as ``SOURCE``, and the error its parser
raises.

An adapter is data plus two pure functions (``sniff`` and ``parse``); the ledger never needs to
know which list it is reading. Adapters import the ``_``-modules of this package, never each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from listwatch.records import ParsedList, Record


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
    # For sources that publish changes as deltas (OpenSanctions' entities.delta.json): the
    # content of a "delta" part and the records of the snapshot before it → the new snapshot.
    apply_delta: Callable[[bytes, Mapping[str, Record]], ParsedList] | None = None

    @property
    def url(self) -> str | None:
        return self.urls.get("main")


@dataclass(frozen=True)
class SourceFamily:
    """Sources of one format whose ids are known only from the data: one source per dataset
    of a FollowTheMoney export ("ftm-eu_fsf"). A module defines ``FAMILY`` instead of ``SOURCE``."""

    prefix: str  # "ftm-": every member's id starts with it
    # content → the part it is ("main", "delta"), or None when it is not of this format
    sniff: Callable[[bytes], str | None]
    # content of this format → the member it belongs to ("eu_fsf"), or None when it does not say
    # (raises ParseError on content it cannot read)
    dataset: Callable[[bytes], str | None]
    member: Callable[[str], Source | None]  # the member's name → its Source (None: not a valid name)

    def source(self, source_id: str) -> Source | None:
        """The member with this id, or None when the id is not of this family."""
        name = source_id.removeprefix(self.prefix)
        if not source_id.startswith(self.prefix) or not name:
            return None
        return self.member(name)
