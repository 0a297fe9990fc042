"""EU ISIL (Da'esh) and Al-Qaida list: Council Regulation (EC) No 881/2002 (CELEX 32002R0881),
annex I, which mirrors the UN Security Council's ISIL/Al-Qaida list.

Read from OpenSanctions' CSV consolidation of the Official Journal annexes (see
``_eu_journal``). The annex gives each entry's listing date but, unlike the UN list it mirrors,
not its UN reference, so linking to the UN entry rests on names and dates.
"""

from __future__ import annotations

from collections.abc import Mapping

from listwatch.records import ParsedList
from listwatch.sources._descriptor import Source
from listwatch.sources._eu_journal import parse_annex, sniff_celex

CELEX = "32002R0881"


def sniff(content: bytes) -> str | None:
    return "main" if sniff_celex(content) == CELEX else None


def parse(parts: Mapping[str, bytes]) -> ParsedList:
    return parse_annex(parts["main"], CELEX)


SOURCE = Source(
    id="eu-isil-aq",
    authority="European Union",
    list_name="EU ISIL (Da'esh) and Al-Qaida list (Regulation 881/2002, annex I)",
    urls={"main": "https://raw.githubusercontent.com/opensanctions/opensanctions/main/datasets/eu/"
                  "journal_sanctions/data/consolidated/32002R0881.csv"},
    sniff=sniff,
    parse=parse,
)
