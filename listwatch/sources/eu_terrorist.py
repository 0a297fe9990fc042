"""EU terrorist list: Common Position 2001/931/CFSP, frozen under Council Regulation (EC)
No 2580/2001 (CELEX 32001R2580), persons (annex II.A) and groups and entities (annex II.B) —
Hamas, the Hizballah Military Wing, the PKK.

Read from OpenSanctions' CSV consolidation of the Official Journal annexes (see
``_eu_journal``): the EU publishes this list only as Council implementing acts, not in its FSF
XML. The CSV gives no listing dates for this act; the adapter keeps what it gives.
"""

from listwatch.sources._eu_journal import annex_source

SOURCE = annex_source(id="eu-terrorist", celex="32001R2580",
                      list_name="EU terrorist list (Common Position 2001/931/CFSP, Regulation 2580/2001)")
