"""Intake formats, duplicates and bad input, end to end through the CLI and the store."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from listwatch.cli import app
from listwatch.news.intake import IntakeError, decode
from listwatch.store import Store
from tests.news.conftest import NEWS

from conftest import fresh_database

runner = CliRunner()


@pytest.fixture
def db(tmp_path) -> Iterator[str]:
    with fresh_database(tmp_path, "news.db") as url:
        yield url


def ingest(db, *args):
    result = runner.invoke(app, ["--db", db, "ingest", *map(str, args), "--json"])
    return result, (json.loads(result.stdout)["documents"] if result.stdout.startswith("{") else None)


def counts(db):
    store = Store(db)
    return len(store.claims()), len(store.document_simhashes())


def test_html_page_and_duplicates(db, tmp_path):
    result, [doc] = ingest(db, NEWS / "page.html")
    assert result.exit_code == 0 and doc["status"] == "stored"
    assert doc["title"].startswith("Ankara Removes") and doc["published"] == "2025-03-11"
    assert doc["outlet"] == "Coast Wire" and doc["claims"] >= 3
    shown = json.loads(runner.invoke(app, ["--db", db, "doc", str(doc["id"]), "--json"]).stdout)
    assert shown["author"] == "Selin Arda" and "Home" not in shown["body"]
    assert {"title", "author", "dateline", "outlet", "published", "url", "body", "removed", "quotes",
            "entities", "dates", "claims"} <= set(shown)
    # the same page again: stored once
    _, [again] = ingest(db, NEWS / "page.html")
    assert again["status"] == "duplicate" and again["id"] == doc["id"]
    # a wire copy with another outlet's tail: linked to its twin
    copy = tmp_path / "copy.txt"
    text = (NEWS / "turkey_delist.txt").read_text()
    copy.write_text(text.replace("Ankara Removes", "Turkey Drops").replace(
        "Fighting continued", "Clashes continued"))
    _, [first] = ingest(db, NEWS / "turkey_delist.txt")
    _, [twin] = ingest(db, copy)
    assert first["status"] in ("stored", "near-duplicate")
    assert twin["status"] == "near-duplicate" and twin["twin_of"] is not None


def test_jsonl_with_broken_lines(db):
    result, docs = ingest(db, NEWS / "articles.jsonl")
    assert result.exit_code == 0
    assert [d["status"] for d in docs] == ["stored", "stored", "error", "error"]
    assert docs[0]["url"] == "https://example.org/news/1" and docs[0]["outlet"] == "Coast Wire"
    claims = json.loads(runner.invoke(app, ["--db", db, "claims", "--json"]).stdout)["claims"]
    assert {(c["authority"], c["modality"]) for c in claims} >= {
        ("United Kingdom", "conditional"), ("Russia", "decided")}


def test_cp1251_text_is_decoded(db):
    text = decode((NEWS / "russian_cp1251.txt").read_bytes(), "x")
    assert "Верховный суд" in text
    result, [doc] = ingest(db, NEWS / "russian_cp1251.txt")
    assert doc["status"] == "stored"


@pytest.mark.parametrize("content,message", [
    (b"", "empty"), (b"   \n  ", "empty"), (b"\x00\x01\x02PK\x03\x04" * 100, "binary"),
    (b"<html><body><nav>menu</nav></body></html>", "no article"),
])
def test_bad_input_is_refused_and_nothing_stored(db, tmp_path, content, message):
    path = tmp_path / "bad.bin"
    path.write_bytes(content)
    result, docs = ingest(db, path)
    assert result.exit_code == 1
    assert docs[0]["status"] == "error" and message in docs[0]["message"]
    assert counts(db) == (0, 0)


def test_huge_html_is_refused(db, tmp_path):
    path = tmp_path / "huge.html"
    with path.open("wb") as f:
        f.write(b"<html><body>")
        f.truncate(50 * 2**20)
    result, [doc] = ingest(db, path)
    assert doc["status"] == "error" and "limit" in doc["message"]
    assert counts(db) == (0, 0)


def test_decode_refuses_binary():
    with pytest.raises(IntakeError):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.png")


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(root), **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.RequestHandlerClass.log_message = lambda *a: None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_feed_with_a_broken_item(db, server):
    root, base = server
    (root / "a.html").write_bytes((NEWS / "page.html").read_bytes())
    (root / "feed.xml").write_text(f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Coast Wire</title><link>{base}/</link><description>x</description>
<item><title>Ankara Removes Northern Liberation Front From Terror List</title><link>{base}/a.html</link>
<pubDate>Tue, 11 Mar 2025 09:30:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/missing.html</link><pubDate>Tue, 11 Mar 2025 10:00:00 GMT</pubDate></item>
</channel></rss>""")
    result, docs = ingest(db, f"{base}/feed.xml", "--follow-links")
    assert result.exit_code == 0
    assert [d["status"] for d in docs] == ["stored", "error"]
    assert docs[0]["url"] == f"{base}/a.html" and docs[0]["published"] == "2025-03-11"
    assert "404" in docs[1]["message"]
    assert counts(db)[1] == 1


ITEM_TEXT = ("<p>The Northern Liberation Front was removed from the terrorist list of Turkey on "
             "Monday, the foreign ministry in Ankara said in a statement published on its website.</p>"
             "<p>“The group has met every condition we set,” a ministry spokesman, Emre Kaya, told "
             "reporters, adding that the decision would be reviewed in a year.</p>")

OTHER_TEXT = ("<p>Lawmakers in Kazakhstan voted on Tuesday to ask the government to ban the Brigades "
              "of Hope, whose fighters crossed the border twice this winter.</p><p>The interior "
              "minister told parliament that his officials were studying the request and would "
              "answer within a month.</p>")


def test_feed_items_whose_page_is_gone_are_read_from_their_own_content(db, server):
    root, base = server
    (root / "feed.xml").write_text(f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Coast Wire</title><link>{base}/</link><description>x</description>
<item><title>Full text in content:encoded</title><link>{base}/gone-1.html</link>
<pubDate>Tue, 11 Mar 2025 09:30:00 GMT</pubDate><description>A teaser.</description>
<content:encoded><![CDATA[{ITEM_TEXT}]]></content:encoded></item>
<item><title>Full text in the description</title><link>{base}/gone-2.html</link>
<pubDate>Wed, 12 Mar 2025 09:30:00 GMT</pubDate><description><![CDATA[{OTHER_TEXT}]]></description></item>
<item><title>Only a teaser</title><link>{base}/gone-3.html</link><description>A teaser.</description></item>
<item><title>Nothing at all</title></item>
</channel></rss>""")
    result, docs = ingest(db, f"{base}/feed.xml", "--follow-links")
    assert [d["status"] for d in docs] == ["stored", "stored", "error", "error"]
    assert docs[0]["published"] == "2025-03-11" and docs[0]["outlet"] == "Coast Wire"
    assert "404" in docs[2]["message"] and "neither" in docs[3]["message"]
    shown = json.loads(runner.invoke(app, ["--db", db, "doc", str(docs[0]["id"]), "--json"]).stdout)
    assert "Emre Kaya" in shown["body"] and "the feed's own content was read" in shown["notes"][0]
    assert counts(db)[1] == 2


def test_atom_entry_without_a_page_is_read_from_its_content(db, server):
    root, base = server
    escaped = ITEM_TEXT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    (root / "atom.xml").write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Wire</title><id>urn:x</id>
<updated>2025-03-11T09:30:00Z</updated>
<entry><title>Atom item</title><id>urn:x:1</id><updated>2025-03-11T09:30:00Z</updated>
<content type="html">{escaped}</content></entry>
<entry><title>Broken</title><id>urn:x:2</id><updated>not a date</updated></entry>
</feed>""")
    result, docs = ingest(db, f"{base}/atom.xml")
    assert [d["status"] for d in docs] == ["stored", "error"]
    assert docs[0]["published"] == "2025-03-11"
    assert counts(db)[1] == 1


def test_a_feed_that_is_not_xml_is_one_clear_error(db, server):
    root, base = server
    (root / "broken.xml").write_text("<?xml version='1.0'?><rss><channel><item><title>x</titl")
    result, docs = ingest(db, f"{base}/broken.xml")
    assert result.exit_code == 1 and docs[0]["status"] == "error"
    assert "broken.xml" in docs[0]["message"] and "Traceback" not in result.output
    assert counts(db) == (0, 0)


def test_feed_item_with_an_oversized_page_and_no_content_is_one_error(db, server):
    root, base = server
    with (root / "huge.html").open("wb") as f:
        f.write(b"<html><body><p>")
        f.truncate(9 * 2**20)
    (root / "a.html").write_bytes((NEWS / "page.html").read_bytes())
    (root / "feed.xml").write_text(f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Coast Wire</title><link>{base}/</link><description>x</description>
<item><title>Huge</title><link>{base}/huge.html</link><description>A teaser.</description></item>
<item><title>Fine</title><link>{base}/a.html</link><pubDate>Tue, 11 Mar 2025 09:30:00 GMT</pubDate></item>
</channel></rss>""")
    result, docs = ingest(db, f"{base}/feed.xml", "--follow-links")
    assert [d["status"] for d in docs] == ["error", "stored"]
    assert "over 8 MiB" in docs[0]["message"] and "huge.html" in docs[0]["message"]
    assert counts(db)[1] == 1


def test_claims_show_each_statement_once(db, tmp_path):
    """A wire copy (stored as a twin) repeats its original's claims: `claims` shows each once,
    listing both documents; each stored claim keeps its evidence spans."""
    copy = tmp_path / "copy.txt"
    copy.write_text((NEWS / "turkey_delist.txt").read_text().replace("Ankara Removes", "Turkey Drops")
                    .replace("Fighting continued", "Clashes continued"))
    _, [first] = ingest(db, NEWS / "turkey_delist.txt")
    _, [twin] = ingest(db, copy)
    assert twin["twin_of"] == first["id"]
    stored = Store(db).claims()
    assert len(stored) == 2 * first["claims"]
    assert all(c["evidence_spans"][0] == [c["evidence_start"], c["evidence_end"]] for c in stored)
    shown = json.loads(runner.invoke(app, ["--db", db, "claims", "--json"]).stdout)["claims"]
    assert len(shown) == first["claims"]
    assert all(c["documents"] == [first["id"], twin["id"]] for c in shown)
