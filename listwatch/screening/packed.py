"""The packed form of the screening index's int lists: one array of values and one of offsets
(:class:`Ragged`); a string-keyed mapping is its keys plus a Ragged.

Why: the index holds ~25,000 posting lists and ~150,000 deletion keys for the shared lists;
rebuilding them from the ledger's names costs seconds, while two arrays per mapping are
written to and read back from the persisted index file (:mod:`listwatch.screening.persist`)
in milliseconds and then split into the arrays the search loops over.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence


class Ragged:
    """``lists[i]`` of int lists stored as ``values[offsets[i]:offsets[i + 1]]``."""

    __slots__ = ("offsets", "values")

    def __init__(self, offsets: array, values: array) -> None:
        self.offsets, self.values = offsets, values

    @classmethod
    def of(cls, lists: Iterable[Sequence[int]]) -> "Ragged":
        offsets, values = array("i", [0]), array("i")
        for items in lists:
            values.extend(items)
            offsets.append(len(values))
        return cls(offsets, values)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> array:
        return self.values[self.offsets[i]:self.offsets[i + 1]]

    def lists(self) -> list[array]:
        """Every list as its own array (for lookups in a hot loop, where slicing each time
        would cost more than the memory)."""
        values, offsets = self.values, self.offsets
        return [values[a:b] for a, b in zip(offsets, offsets[1:])]

    def problem(self, value_limit: int) -> str | None:
        """Why these arrays cannot be a valid ragged list with values below ``value_limit``
        (a persisted index is checked before it is used), or None."""
        offsets, values = self.offsets, self.values
        if not offsets or offsets[0] != 0 or offsets[-1] != len(values):
            return "offsets do not span the values"
        if min(offsets) < 0 or max(offsets) > len(values):
            return "an offset is out of range"
        if values and (min(values) < 0 or max(values) >= value_limit):
            return "a value is out of range"
        return None


def postings_of(keys: Sequence[str], lists: Ragged) -> dict[str, array]:
    """The ``str → int array`` mapping the index searches, from its packed form."""
    return dict(zip(keys, lists.lists()))
