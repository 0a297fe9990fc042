"""The one authority registry: every source's authority is a key of it, and the news reader
finds authorities by their bodies, titles, capitals and metonyms."""

from __future__ import annotations

from listwatch import authorities, sources
from listwatch.news.mentions.authorities import find_authorities


def test_every_source_authority_is_in_the_registry():
    known = authorities.names()
    for source_id, source in sources.all_sources().items():
        assert source.authority in known, f"{source_id}: {source.authority!r} not in authorities.yaml"


def test_bodies_titles_capitals_and_metonyms_name_their_authority():
    text = ("The Home Secretary told MPs on Monday that the Home Office would act. Canberra and "
            "Ottawa followed, and the bloc said Brussels agreed. The State Department and "
            "Secretary Quill were silent, while the Arab League and the Seimas of Lithuania spoke.")
    found = {m.text: m.key for m in find_authorities(text) if not m.adjective}
    assert found["Home Secretary"] == found["Home Office"] == "United Kingdom"
    assert found["Canberra"] == "Australia" and found["Ottawa"] == "Canada"
    assert found["bloc"] == found["Brussels"] == "European Union"
    assert found["State Department"] == found["Secretary"] == "United States"
    assert found["Arab League"] == "Arab League" and found["Seimas of Lithuania"] == "Lithuania"


def test_a_place_in_a_compound_is_no_authority():
    found = find_authorities("The Iran-backed group and the Somalia-based militants met in Iran.")
    assert [m.text for m in found] == ["Iran"]


def test_titles_and_words_next_to_a_name_name_their_authority():
    """The registry's titles before a name and words after one: the person stays a person (the
    mention is the title), and a title inside a longer one is not it."""
    text = ("Secretary of State Jane Quill met Secretary Amos Reed. The Harlow administration "
            "agreed, Press Secretary Lena Ortiz said, and Home Secretary Tom Vale did not.")
    found = [(m.text, m.key) for m in find_authorities(text) if not m.adjective]
    assert found == [("Secretary of State", "United States"), ("Secretary", "United States"),
                     ("Harlow administration", "United States"),
                     ("Home Secretary", "United Kingdom")]
    assert find_authorities("The Secretary said so.") == []
