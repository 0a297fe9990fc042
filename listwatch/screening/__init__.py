"""Name screening against every list (index, scorer, API); :func:`compare` explains one pair."""

from listwatch.screening.compare import compare

__all__ = ["compare"]
