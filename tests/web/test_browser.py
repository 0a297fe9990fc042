"""The dossier as a person uses it, in real Chromium (Debian's package, driven by Playwright):
on a ledger of the shared UN list files and both seed articles, search a name in Cyrillic, open
the subject, move the as-of date before the UN listing and see the UN row go, open a claim's
document and see its quote highlighted. Skips without Chromium, fails instead when
LISTWATCH_REQUIRE_BROWSER=1 (CI)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import require_shared
from listwatch.ledger.importer import import_paths
from listwatch.news.ingest import ingest
from listwatch.store import Store
from tests.api.live_server import serve

CHROMIUM = Path(os.environ.get("LISTWATCH_CHROMIUM", "/usr/bin/chromium"))
SEEDS = {"000_4f760998d2e910e3.txt": "2024-12-16", "001_ddbf3f1de4679a35.txt": "2024-12-18"}
UN_LISTED = "2014-05-14"  # the UN's listing date of the subject searched below


def require_browser():
    """Playwright's sync API, with Chromium present; a skip (a failure in CI) otherwise."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright, problem = None, "the playwright package is not installed (pip install -e '.[test]')"
    else:
        problem = None if CHROMIUM.exists() else f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if problem is None:
        return sync_playwright
    if os.environ.get("LISTWATCH_REQUIRE_BROWSER") == "1":
        pytest.fail(problem + " (LISTWATCH_REQUIRE_BROWSER=1)")
    pytest.skip(problem)


@pytest.fixture(scope="module")
def browser():
    sync_playwright = require_browser()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser) -> Iterator[str]:
    """The base URL of a live server on the shared UN lists and the two seed articles."""
    un = require_shared("data", "lists", "un_consolidated")
    seeds = require_shared("seeds")
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'ledger.db'}"
    store = Store(url)
    store.upgrade()
    assert {r.status for r in import_paths(store, [un])} == {"imported"}
    for name, day in SEEDS.items():
        [result] = ingest(store, [str(seeds / name)], published=day)
        assert result.status == "stored", result.message
    store.engine.dispose()
    for client in serve(url, api_key=""):
        yield str(client.base_url).rstrip("/")


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site)
    yield context.new_page()
    context.close()


def open_subject(page, name: str) -> None:
    page.goto("/")
    page.fill("input[name=q]", name)
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?**")
    page.click("article.result h1 a")
    page.wait_for_url("**/subjects/**")


def test_search_subject_as_of_and_a_claims_document_as_a_person_would(page):
    open_subject(page, "Хайят Тахрир аш-Шам")
    un_row = page.locator('tr.designation[data-source="un-sc"]')
    assert un_row.is_visible()
    assert UN_LISTED in un_row.inner_text()

    page.fill("input[name=as_of]", "2014-05-13")
    page.click("form.asof button")
    page.wait_for_url("**as_of=2014-05-13")
    assert un_row.count() == 0
    assert "as of 2014-05-13" in page.inner_text("#status-h")
    claims = page.locator("li.item.claim")
    assert claims.count() and claims.first.locator(".tag.claim").inner_text().lower() == "claim"

    link = claims.first.locator(".source a").first
    anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    page.wait_for_selector("article.body")
    quotes = page.locator("article.body mark.quote")
    assert quotes.count()
    said = page.locator(".note.quote .said").first.inner_text().strip("“”")
    assert said.startswith(quotes.first.inner_text())
    background = quotes.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted, not just tagged
    # the claim's link lands on its sentence: marked, and scrolled into view
    sentence = page.locator(f"#{anchor} + mark.claim")
    top = sentence.evaluate("m => m.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]


def test_pages_fit_a_phone_without_sideways_scrolling(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=site,
                                  is_mobile=True, has_touch=True)
    phone = context.new_page()
    open_subject(phone, "Hayat Tahrir al-Sham")
    widths = [phone.evaluate("document.documentElement.scrollWidth")]
    phone.click("li.item.claim .source a >> nth=0")
    phone.wait_for_selector("article.body")
    widths.append(phone.evaluate("document.documentElement.scrollWidth"))
    phone.goto("/sources/un-sc/diff?from=2020-11-30&to=2020-12-01")
    widths.append(phone.evaluate("document.documentElement.scrollWidth"))
    context.close()
    assert widths == [390, 390, 390]


def test_the_page_loads_nothing_from_outside_the_server(browser, site):
    context = browser.new_context(base_url=site)
    visited = context.new_page()
    hosts = set()
    visited.on("request", lambda r: hosts.add(httpx.URL(r.url).host))
    open_subject(visited, "HTS")
    visited.click("li.item.claim .source a >> nth=0")
    visited.wait_for_selector("article.body")
    context.close()
    assert hosts == {"127.0.0.1"}
