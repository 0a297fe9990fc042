"""Mentions in article text: ledger subjects, authorities, persons and unnamed sources.

One module per kind: ``gazetteer`` (words, the longest-match word lookup every matcher uses and
the ``Mention`` they return), ``subjects`` (ledger subject names and in-article acronyms),
``authorities`` (whose list), ``persons`` (named people) and ``unnamed`` (unnamed sources such
as "a senior UN official"). Persons come from the pipeline's PERSON entities plus rules (a title
before the name, an apposition or a cue verb after it), so a better trained NER finds more.
"""
