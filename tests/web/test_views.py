"""The dossier's page data, without a server: highlighting, dates, diffs, the timeline."""

from __future__ import annotations

from listwatch.web import views
from listwatch.web.pages import prefers_html

BODY = ("First line of the piece.\n\nThe minister said: “We will never list them,” and left.\n"
        "A second line of that paragraph.\n\n   \n\nLast paragraph here.")


def claim(id_: int, start: int, end: int, **extra) -> dict:
    return {"id": id_, "document": 1, "evidence": BODY[start:end], "evidence_start": start,
            "evidence_end": end, "evidence_spans": [[start, end]], "action": "list",
            "modality": "rejected", "authority": "Atlantis", "actor": "the minister",
            "actor_kind": "person", **extra}


def test_paragraphs_split_at_blank_lines_and_keep_single_breaks():
    paragraphs = views.marked_paragraphs(BODY, [], [])
    texts = ["".join(p.text for p in pieces) for pieces in paragraphs]
    assert texts == ["First line of the piece.",
                     "The minister said: “We will never list them,” and left.\n"
                     "A second line of that paragraph.",
                     "Last paragraph here."]


def test_a_quote_inside_a_claim_sentence_is_cut_into_pieces_that_carry_both():
    quote_start = BODY.index("We will")
    quote = {"text": "We will never list them,", "start": quote_start,
             "end": quote_start + len("We will never list them,")}
    sentence = BODY.index("The minister")
    c = claim(7, sentence, BODY.index("and left.") + len("and left."))
    _, second, _ = views.marked_paragraphs(BODY, [quote], [c])
    marked = [(p.text, p.quotes, p.claims) for p in second if p.marked]
    assert marked == [("The minister said: “", [], [7]),
                      ("We will never list them,", [1], [7]),
                      ("” and left.", [], [7])]
    assert second[0].anchors == ["claim-7"] and second[1].anchors == ["quote-1"]
    assert not second[-1].marked  # the line after the sentence


def test_a_quote_whose_offsets_drifted_is_found_by_its_text_and_a_wild_span_is_clipped():
    quote = {"text": "Last paragraph", "start": 0, "end": 14}  # offsets of other text
    wild = claim(2, len(BODY) - 5, len(BODY) + 400)
    *_, last = views.marked_paragraphs(BODY, [quote], [wild])
    assert [(p.text, p.quotes, p.claims) for p in last] == [
        ("Last paragraph", [1], []), (" ", [], []), ("here.", [], [2])]


def test_dates_show_a_bracket_never_a_guessed_day():
    assert views.event_when({"valid_date": "2014-05-14"}) == views.When("2014-05-14", "2014-05-14")
    assert views.event_when({"valid_date": None, "between": ["2018-10-29", "2020-11-23"]}) == \
        views.When("between 2018-10-29 and 2020-11-23", "2020-11-23")
    assert views.event_when({"valid_date": None, "between": [None, "2018-06-07"]}).text == \
        "on or before 2018-06-07"
    assert views.claim_when({"date": None}, {"published": "2024-12-16"}) == \
        views.When("reported 2024-12-16", "2024-12-16")
    assert views.claim_when({"date": None}, None) == views.When("undated")


def test_a_word_diff_marks_the_changed_words_and_shortens_long_unchanged_runs():
    old = "Associated with the group. " + "Long unchanged remark text. " * 20 + "See www.old.example"
    new = old.replace("www.old.example", "www.new.example")
    words = views.words_changed(old, new)
    assert ("del", "www.old.example") in words and ("ins", "www.new.example") in words
    same = [text for op, text in words if op == "same"]
    assert len(same) == 1 and " … " in same[0] and len(same[0]) < len(old) / 2
    assert views.words_changed(None, "x") == (("ins", "x"),)


def test_field_changes_keep_lists_as_added_and_removed():
    [aliases, remark] = views.field_changes({
        "remarks": {"from": "a b", "to": "a c"},
        "aliases": {"added": ["New Name"], "removed": ["Old Name"]}})
    assert (aliases.field, aliases.added, aliases.removed) == ("aliases", ("New Name",), ("Old Name",))
    assert remark.words == (("same", "a "), ("del", "b"), ("ins", "c"))


def test_one_sentence_about_several_lists_is_one_statement_on_the_timeline():
    sentence = BODY.index("The minister")
    end = BODY.index("and left.") + len("and left.")
    claims = [claim(1, sentence, end, authority="Atlantis", modality="status"),
              claim(2, sentence, end, authority="Lemuria", modality="status"),
              claim(3, sentence, end, authority="Atlantis", modality="called_for", action="delist")]
    items = views.timeline([], claims, {1: {"published": "2024-01-02"}}, None)
    assert [i.authority for i in items] == ["said to be listed by Atlantis and Lemuria",
                                            "a call for Atlantis to delist it"]
    assert [c["id"] for c in items[0].claims] == [1, 2]
    assert [a["actor"] for a in items[0].actors] == ["the minister"]


def test_an_unknown_modality_reads_through_the_fallback_phrase():
    assert views.headline("list", "hinted_at", [None]) == \
        "hinted at list: an authority the article does not name"


def test_the_timeline_runs_newest_first_undated_last_and_marks_what_follows_the_as_of_date():
    events = [{"source": "un-sc", "reference": "QDe.1", "kind": "listed", "valid_date": "2014-05-14",
               "recorded_at": "2018-06-07T00:00:00", "between": None, "changes": {}},
              {"source": "un-sc", "reference": "QDe.1", "kind": "amended", "valid_date": None,
               "recorded_at": "2020-11-24T00:00:00", "between": ["2018-10-29", "2020-11-23"],
               "changes": {"remarks": {"from": "a", "to": "b"}}}]
    dated = claim(5, 0, 10, date="2024-12-16")
    undated = claim(6, 12, 20, evidence="other sentence")
    items = views.timeline(events, [undated, dated], {}, "2019-01-01")
    assert [i.when.text for i in items] == [
        "2024-12-16", "between 2018-10-29 and 2020-11-23", "2014-05-14", "undated"]
    assert [i.later for i in items] == [True, True, False, False]
    assert items[1].changes[0].field == "remarks"


def test_only_http_links_are_links():
    assert views.safe_link("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for hostile in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "", None):
        assert views.safe_link(hostile) is None


def test_browsers_get_pages_and_api_clients_get_json():
    assert prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert not prefers_html("*/*")
    assert not prefers_html("")
    assert not prefers_html("application/json")
    assert not prefers_html("application/json, text/html;q=0.5")
    assert not prefers_html("text/html;q=0, */*")
    assert not prefers_html("text/html;q=bogus")
