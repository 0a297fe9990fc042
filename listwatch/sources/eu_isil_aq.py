"""EU ISIL (Da'esh) and Al-Qaida list: Council Regulation (EC) No 881/2002 (CELEX 32002R0881),
annex I, which mirrors the UN Security Council's ISIL/Al-Qaida list.

Read from OpenSanctions' CSV consolidation of the Official Journal annexes (see
``_eu_journal``). The annex gives each entry's listing date but, unlike the UN list it mirrors,
not its UN reference, so linking to the UN entry rests on names and dates.
"""

from listwatch.sources._eu_journal import annex_source

SOURCE = annex_source(id="eu-isil-aq", celex="32002R0881",
                      list_name="EU ISIL (Da'esh) and Al-Qaida list (Regulation 881/2002, annex I)")
