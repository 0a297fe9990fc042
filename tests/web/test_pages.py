"""The dossier's pages over HTTP, against a live uvicorn on 127.0.0.1: the fixture ledger for
what the pages say, and a ledger of hostile names and text for what they must never run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx
import lxml.html
import pytest

from listwatch.ledger.importer import import_paths
from listwatch.store import Store
from tests.api.live_server import FIXTURES, serve

HTS_CYRILLIC = "Хайят Тахрир аш-Шам"
BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}

HOSTILE_NAME = "<script>alert('name')</script> Brigade"
HOSTILE_ALIAS = '"><img src=x onerror=alert(2)> Front'
HOSTILE_CURATED = f"""listwatch: curated-designations/1
entries:
  - authority: Atlantis
    reference: AT-1
    type: organisation
    names: {{primary: "{HOSTILE_NAME}", aliases: ['{HOSTILE_ALIAS}']}}
    listed: 2019-03-01
"""
QUOTE = "<script>alert('quote')</script> we will list them"
BODY = (f"The council of Atlantis met on Monday.\n\n"
        f"Its speaker said: “{QUOTE},” naming the {HOSTILE_NAME}.\n\n"
        "<iframe src=https://example.org></iframe> The end.")


def hostile_document(store: Store) -> int:
    """A stored article whose every text field is markup, with one quote and one claim (left
    unlinked: the dossier finds it by the subject's name)."""
    quote_start = BODY.index(QUOTE)
    sentence = BODY.index("Its speaker")
    sentence_end = BODY.index("Brigade.") + len("Brigade.")
    article = {"url": "javascript:alert('url')", "fingerprint": "f" * 64, "simhash": "0" * 16,
               "source": "hostile.txt", "format": "text", "title": "<b>Breaking</b> <script>x</script>",
               "author": None, "outlet": "<i>The Outlet</i>", "published": "2024-03-04",
               "dateline": None, "body": BODY, "removed": [],
               "quotes": [{"text": QUOTE, "start": quote_start, "end": quote_start + len(QUOTE),
                           "kind": "direct", "speaker": "<u>Speaker</u>", "speaker_kind": "person",
                           "speaker_text": "Its speaker", "speaker_start": sentence,
                           "affiliation": "Atlantis", "cue": "said"}],
               "entities": [], "dates": [], "subheadings": [], "notes": []}
    claim = {"subject": None, "subject_text": HOSTILE_NAME, "authority": "Atlantis",
             "action": "list", "modality": "considering", "actor": "<u>Speaker</u>",
             "actor_kind": "person", "condition": "if <script>alert('if')</script>",
             "date": "2024-03-04", "date_granularity": "day", "evidence": BODY[sentence:sentence_end],
             "evidence_start": sentence, "evidence_end": sentence_end, "quote": QUOTE,
             "quote_start": quote_start, "evidence_spans": [(sentence, sentence_end)]}
    with store.transaction():
        return store.add_document(article, [claim], None, dt.datetime(2024, 3, 5), "test")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Iterator[httpx.Client]:
    """The fixture ledger's dossier, as a browser asks for it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'ledger.db'}"
    store = Store(url)
    store.upgrade()
    assert {r.status for r in import_paths(store, [FIXTURES / "lists"])} == {"imported"}
    store.engine.dispose()
    for client in serve(url, api_key=""):
        client.headers.update(BROWSER)
        yield client


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Iterator[tuple[httpx.Client, int]]:
    folder = tmp_path_factory.mktemp("hostile-web")
    (folder / "atlantis.yaml").write_text(HOSTILE_CURATED, encoding="utf-8")
    url = f"sqlite:///{folder / 'ledger.db'}"
    store = Store(url)
    store.upgrade()
    assert [r.status for r in import_paths(store, [folder / "atlantis.yaml"])] == ["imported"]
    document_id = hostile_document(store)
    store.engine.dispose()
    for client in serve(url, api_key=""):
        client.headers.update(BROWSER)
        yield client, document_id


def page(response: httpx.Response, status: int = 200) -> lxml.html.HtmlElement:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src" not in response.headers["content-security-policy"]  # none allowed
    return lxml.html.fromstring(response.text)


def subject_page(client: httpx.Client, query: str, **params) -> lxml.html.HtmlElement:
    results = page(client.get("/search", params={"q": query}))
    [link] = results.cssselect("article.result h1 a")
    return page(client.get(link.get("href"), params=params))


def text_of(tree: lxml.html.HtmlElement, selector: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.cssselect(selector)]


def test_home_lists_the_ledgers_lists_with_a_diff_link_each(pages):
    tree = page(pages.get("/"))
    links = [a.get("href") for a in tree.cssselect("table.lists a")]
    assert "/sources/un-sc/diff" in links and "/sources/us-fto/diff" in links
    assert tree.cssselect("form.search input[name=q]")


def test_search_in_any_script_finds_the_subject_and_says_what_else_matches(pages):
    tree = page(pages.get("/search", params={"q": HTS_CYRILLIC}))
    [link] = tree.cssselect("article.result h1 a")
    assert link.get("href").startswith("/subjects/S")
    assert any("United States" in t for t in text_of(tree, "article.result .standing li"))
    assert text_of(tree, "section.also h2") == ["Also matches"]


def test_a_name_no_subject_has_is_a_404_page_with_the_search_box(pages):
    tree = page(pages.get("/search", params={"q": "Zzyzx Qwerty Nonesuch"}), 404)
    assert "no subject named or referenced" in text_of(tree, ".message")[0]
    assert tree.cssselect("form.search")
    page(pages.get("/search", params={"q": "  "}), 422)


def test_the_status_matrix_names_each_list_its_dates_name_and_snapshot(pages):
    tree = subject_page(pages, HTS_CYRILLIC)
    rows = {r.get("data-source"): r for r in tree.cssselect("tr.designation")}
    assert {"us-fto", "uk-proscribed", "au-listed"} <= set(rows)
    us = rows["us-fto"]
    assert text_of(us, "td[data-label=Status]") == ["listed"]
    assert text_of(us, "td[data-label=Name]")[0]
    snapshot = us.cssselect("td[data-label=Snapshot] code")[0]
    assert len(snapshot.get("title").split()[-1]) == 64  # the full sha256 of the snapshot
    assert tree.cssselect("table.entries tbody tr")  # linked entries, with their reasons


def test_an_earlier_as_of_date_drops_the_lists_that_came_later(pages):
    now = subject_page(pages, HTS_CYRILLIC)
    then = subject_page(pages, HTS_CYRILLIC, as_of="2012-01-01")
    assert len(then.cssselect("tr.designation")) < len(now.cssselect("tr.designation"))
    assert then.cssselect("input[name=as_of]")[0].get("value") == "2012-01-01"
    assert "as of 2012-01-01" in " ".join(text_of(then, "#status-h"))


def test_a_date_that_is_not_one_is_a_422_page_naming_the_field(pages):
    subject = subject_page(pages, HTS_CYRILLIC).cssselect("form.asof")[0].get("action")
    tree = page(pages.get(subject, params={"as_of": "2014-13-45"}), 422)
    assert text_of(tree, ".message") == ["as of: '2014-13-45' is not a date (YYYY-MM-DD)"]
    page(pages.get("/subjects/S0000000000"), 404)


def test_the_diff_page_compares_two_snapshots_and_refuses_a_reversed_range(pages):
    tree = page(pages.get("/sources/un-sc/diff"))
    assert tree.cssselect("input[name=from]") and tree.cssselect("input[name=to]")
    assert text_of(tree, ".summary .tag")
    page(pages.get("/sources/un-sc/diff", params={"from": "2020-01-02", "to": "2020-01-01"}), 422)
    page(pages.get("/sources/no-such-list/diff"), 404)


def test_names_and_article_text_are_shown_as_text_never_run(hostile):
    client, document_id = hostile
    results = page(client.get("/search", params={"q": HOSTILE_NAME}))
    assert not results.cssselect("main script")
    assert results.cssselect("form.search input[name=q]")[0].get("value") == HOSTILE_NAME
    assert text_of(results, ".crumbs q") == [HOSTILE_NAME]
    subject = subject_page(client, HOSTILE_NAME)
    assert text_of(subject, "header.subject h1") == [HOSTILE_NAME]
    assert not subject.cssselect("main script, main img, main iframe")
    [item] = subject.cssselect("li.item.claim")
    assert HOSTILE_NAME in item.text_content() and "if <script>alert('if')</script>" in item.text_content()
    link = item.cssselect(".source a")[0].get("href")
    assert link == f"/documents/{document_id}#claim-1"

    doc = page(client.get(f"/documents/{document_id}"))
    assert not doc.cssselect("main script, main img, main iframe, main i, main u")
    assert "<i>The Outlet</i>" in text_of(doc, "header.document .meta")[0]
    assert "<u>Speaker</u>" in text_of(doc, ".note.quote .head")[0]
    assert text_of(doc, "header.document h1") == ["<b>Breaking</b> <script>x</script>"]
    assert not [a for a in doc.cssselect("a") if "javascript" in (a.get("href") or "").lower()]
    assert QUOTE in text_of(doc, "mark.quote")
    assert doc.cssselect("#claim-1") and doc.cssselect("#quote-1")
    raw = client.get(f"/documents/{document_id}").text
    assert "<script>" not in raw.split("<main>", 1)[1]


def test_the_document_address_still_answers_api_clients_with_json(hostile):
    client, document_id = hostile
    answer = client.get(f"/documents/{document_id}", headers={"accept": "*/*"})
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["body"] == BODY
    assert "/documents/{document_id}" in client.get("/openapi.json", headers={"accept": "*/*"}).json()["paths"]
