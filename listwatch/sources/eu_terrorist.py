"""EU terrorist list: Common Position 2001/931/CFSP, frozen under Council Regulation (EC)
No 2580/2001 (CELEX 32001R2580), persons (annex II.A) and groups and entities (annex II.B) —
Hamas, the Hizballah Military Wing, the PKK.

Read from OpenSanctions' CSV consolidation of the Official Journal annexes (see
``_eu_journal``): the EU publishes this list only as Council implementing acts, not in its FSF
XML. The CSV gives no listing dates for this act; the adapter keeps what it gives.
"""

from __future__ import annotations

from collections.abc import Mapping

from listwatch.records import ParsedList
from listwatch.sources._descriptor import Source
from listwatch.sources._eu_journal import parse_annex, sniff_celex

CELEX = "32001R2580"


def sniff(content: bytes) -> str | None:
    return "main" if sniff_celex(content) == CELEX else None


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    return parse_annex(parts["main"], CELEX)


SOURCE = Source(
    id="eu-terrorist",
    authority="European Union",
    list_name="EU terrorist list (Common Position 2001/931/CFSP, Regulation 2580/2001)",
    urls={"main": "https://raw.githubusercontent.com/opensanctions/opensanctions/main/datasets/eu/"
                  "journal_sanctions/data/consolidated/32001R2580.csv"},
    sniff=sniff,
    parse=parse,
)
