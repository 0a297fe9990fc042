"""What a screening decision remembers of a subject's designations."""

from __future__ import annotations

from collections.abc import Sequence


def fingerprint(designations: Sequence[dict]) -> list[list]:
    """What a decision remembers of a subject's designations, to flag it for review when they
    change: per entry its list, reference, status, legal dates, delisting bracket, programmes."""
    return sorted([d["source"], d["reference"], d["status"], d["listed_on"], d["delisted_on"],
                   d["delisted_between"], sorted(d["programmes"])] for d in designations)
