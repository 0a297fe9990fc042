"""The adapter description every source module exports as ``SOURCE``, and the error its parser
raises.

An adapter is data plus two pure functions (``sniff`` and ``parse``); the ledger never needs to
know which list it is reading. Adapters import the ``_``-modules of this package, never each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from listwatch.errors import BadInput, described
from listwatch.records import ParsedList, Record


class ParseError(BadInput):
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
    # The fewest records a complete file of this list can hold, for the first snapshot of a
    # source, which has no neighbour to be compared with: set at about 90 % of the smallest
    # genuine file in ../shared (UN 1,000–1,118 → 900), so that a truncated or re-serialised
    # file (the suspect UN file holds 877) is refused even into an empty ledger. 0: unknown.
    min_records: int = 0
    # For sources that publish changes as deltas (OpenSanctions' entities.delta.json): the
    # content of a "delta" part and the records of the snapshot before it → the new snapshot.
    apply_delta: Callable[[bytes, Mapping[str, Record]], ParsedList] | None = None

    @property
    def url(self) -> str | None:
        return self.urls.get("main")

    def read(self, parts: Mapping[str, bytes]) -> ParsedList:
        """``parse``, with any failure while reading reported as the bad input it is: an adapter
        states the problems it foresees as ParseErrors; whatever else a hostile or damaged file
        trips (a library's own error, a record the schema refuses) must not escape as a crash."""
        return _as_bad_input(self.list_name, self.parse, parts)

    def read_delta(self, delta: bytes, before: Mapping[str, Record]) -> ParsedList:
        """``apply_delta`` (which the caller has checked this source has), failures reported as
        ``read`` reports them."""
        return _as_bad_input(self.list_name, self.apply_delta, delta, before)


def _as_bad_input(what: str, function: Callable[..., ParsedList], *args) -> ParsedList:
    try:
        return function(*args)
    except BadInput:
        raise
    except Exception as exc:  # noqa: BLE001 - see Source.read (MemoryError and RecursionError too)
        raise ParseError(f"cannot read it as the {what}: {described(exc)}") from exc


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
