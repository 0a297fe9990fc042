"""Flat integer containers for the screening index: a list of int lists as one array and its
offsets (:class:`Ragged`), and a string-keyed one (:class:`Postings`).

Why flat: the index holds ~25,000 posting lists and ~150,000 deletion keys for the shared lists;
as Python lists of lists they cost seconds to rebuild and megabytes of objects, as two arrays
they are read back from the persisted index file (:mod:`listwatch.screening.persist`) in
milliseconds, and a lookup slices only the list it needs.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence

EMPTY = array("i")


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


class Postings:
    """A read-only ``str → int list`` mapping: the keys in one dict of slots, the lists in a
    :class:`Ragged`."""

    __slots__ = ("slots", "lists")

    def __init__(self, keys: Sequence[str], lists: Ragged) -> None:
        self.slots = dict(zip(keys, range(len(keys))))
        self.lists = lists

    @classmethod
    def of(cls, mapping: dict[str, list[int]]) -> "Postings":
        return cls(list(mapping), Ragged.of(mapping.values()))

    def get(self, key: str, default: Sequence[int] = EMPTY) -> Sequence[int]:
        slot = self.slots.get(key)
        return default if slot is None else self.lists[slot]

    def __contains__(self, key: str) -> bool:
        return key in self.slots

    def __len__(self) -> int:
        return len(self.slots)

    def keys(self) -> list[str]:
        return list(self.slots)
