"""Bodies keep every paragraph: only short headings, page furniture and appeals are lifted."""

from __future__ import annotations

import re

import pytest
import trafilatura
from lxml import html as lxml_html

from listwatch.news.cleanup import clean
from listwatch.news.intake import RawDocument
from tests.news.conftest import NEWS


def squash(text: str) -> str:
    return " ".join(text.split())


def article_paragraphs(page: str) -> list[str]:
    """The article's own paragraphs, list items and block quotes, as written in the fixture
    (the appeal box and the "Read more" line left out)."""
    tree = lxml_html.fromstring(page)
    nodes = tree.xpath("//article//*[self::p or self::li or self::blockquote]"
                       "[not(ancestor-or-self::*[@class='appeal' or @class='byline'])]")
    texts = [squash(n.text_content()) for n in nodes]
    return [t for t in texts if not t.startswith("Read more:")]


@pytest.fixture(scope="module")
def page_article(reader):
    page = (NEWS / "long_page.html").read_text(encoding="utf-8")
    return page, reader.read(RawDocument("long_page.html", "html", html=page))


def test_every_paragraph_of_an_html_page_is_kept(page_article):
    page, a = page_article
    body = squash(a.body)
    for paragraph in article_paragraphs(page):
        paragraph = re.sub(r"^LAKESIDE CITY \(Valley Ledger\) – ", "", paragraph)
        assert paragraph in body, paragraph


def test_word_retention_against_trafilatura(page_article):
    page, a = page_article
    theirs = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                         include_tables=False).text
    lifted = sum(len(r["text"].split()) for r in a.removed)
    title = len(a.title.split())
    # every word trafilatura kept is in the body, unless it was lifted with a reason
    assert len(a.body.split()) + lifted + title == len(theirs.split())
    assert len(a.body.split()) / len(theirs.split()) >= 0.8  # the rest: title, appeal, headings


def test_only_short_headings_are_subheadings(page_article):
    _, a = page_article
    assert a.subheadings == ["What the Ministry Wants", "Next Steps"]
    assert "Why a Ban Now, When the Ministry Refused" in a.body  # a long heading stays
    assert a.title == "Lakeside Court Weighs Ban on Harbour Front" and a.outlet == "Valley Ledger"
    assert {r["kind"] for r in a.removed} == {"dateline", "subheading", "donation_appeal", "related"}


def test_appeal_box_midway_takes_no_body_text_with_it(page_article):
    _, a = page_article
    appeal = [r["text"] for r in a.removed if r["kind"] == "donation_appeal"]
    assert appeal[0] == "A Message from the Valley Ledger:" and appeal[-1] == "Remind me later."
    assert len(appeal) == 4
    assert "“We will support any decision" in a.body  # quoted speech is not the outlet asking


def test_plain_text_appeal_and_furniture_by_features():
    c = clean((NEWS / "appeal_midway.txt").read_text(encoding="utf-8"))
    kinds = [(r["kind"], r["text"][:24]) for r in c.removed]
    assert [k for k, _ in kinds].count("donation_appeal") == 5  # header … remind me later
    assert ("related", "Read more: Dock Strike E") in kinds
    for kept in ("The port authority of Port Anse rejected", "Related to the strike, the regional",
                 "“We support the right to strike", "The councillors, Ines Varga",
                 "Newsletter subscribers will get"):
        assert kept in c.body, kept
    assert c.title == "Port Authority Rejects Calls to List Dock Union" and c.author == "Mira Holt"
    assert c.outlet == "Coast Wire"


def test_headline_only_when_it_reads_as_one():
    lead = ("The court said the group was a “terrorist organisation.”\n"
            "A second paragraph follows here with more words.")
    assert clean(lead).title is None  # a sentence ending in a closing quote is no headline
    assert clean(lead, title="Court Bans Group").title is None
    assert clean("Court Bans Group\n" + lead, title="Court bans group").title == "Court Bans Group"
    assert clean("The minister wrote in the paper yesterday:\n" + lead).title is None  # a lead-in


def test_a_page_heading_before_the_body_is_its_headline(reader):
    page = (NEWS / "long_page.html").read_text(encoding="utf-8").replace(
        '<meta property="og:title" content="Lakeside Court Weighs Ban on Harbour Front">',
        '<meta property="og:title" content="Court hears ministry request">')
    a = reader.read(RawDocument("p.html", "html", html=page))
    assert a.title == "Court hears ministry request"
    assert a.body.startswith("The supreme court of Lakeside")
    assert {"kind": "headline", "text": "Lakeside Court Weighs Ban on Harbour Front"} in a.removed


def test_outlet_name_is_no_persons_name(reader):
    text = ("PORT ANSE (Harbour Times) – The port reopened on Friday.\n"
            "“The cranes are moving again,” Harbour Times said in an editorial, and "
            "Paulo Brand said the strike was over.\n")
    a = reader.read(RawDocument("x", "text", text=text), published="2025-06-06")
    persons = {e["text"] for e in a.entities if e["kind"] == "person"}
    assert "Harbour Times" not in persons and "Paulo Brand" in persons


@pytest.mark.parametrize("line, place, outlet, date", [
    ("MOSCOW, Russia (North Press) – Russia will assess the group.", "Moscow", "North Press", None),
    ("DAMASCUS (Wire) - The council met.", "Damascus", "Wire", None),
    ("LONDON — The council met.", "London", None, None),
    ("Ottawa, Oct 16 The Canadian government said it had listed the group.", "Ottawa", None, "Oct 16"),
    ("May 28 (Interfax) - The group hopes to be removed from the list.", None, "Interfax", "May 28"),
    ("KABUL. May 28 (Wire) - The group hopes to be removed from the list.", "Kabul", "Wire", "May 28"),
    ("Lakeside City, 3 June 2025 – The court met.", "Lakeside City", None, "3 June 2025"),
])
def test_datelines(line, place, outlet, date):
    c = clean(line + "\nA second paragraph of the article follows here.")
    assert (c.dateline["place"], c.dateline["outlet"], c.dateline["date"]) == (place, outlet, date)
    assert c.body.startswith(line[len(c.dateline["text"]):].strip())


@pytest.mark.parametrize("line", [
    "Hezbollah – which the bloc lists – said it would appeal.",
    "On Dec. 8, after five decades of rule, the group took the capital.",
    "Ramzan Kadyrov, the head of the republic, urged Moscow to act.",
    "On Oct 16 The Times reported the listing.",
])
def test_body_sentences_are_no_datelines(line):
    c = clean(line + "\nA second paragraph of the article follows here.")
    assert c.dateline is None and c.body.startswith(line)
