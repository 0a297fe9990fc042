"""News inputs: each JSONL and feed item is capped, and a feed's links are fetched only when
asked (--follow-links), through the one bounded download."""

from __future__ import annotations

import json

import httpx

from listwatch.news.intake import MAX_BYTES, IntakeError, RawDocument, read_inputs

TEXT = ("The Northern Liberation Front was removed from the terrorist list of Turkey on Monday, "
        "the foreign ministry in Ankara said in a statement published on its website. ") * 3


def recording_client(seen: list[str]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, html=f"<html><body><p>{TEXT}</p></body></html>")
    return httpx.Client(transport=httpx.MockTransport(handler))


def feed(tmp_path, link: str, content: str):
    path = tmp_path / "feed.xml"
    path.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<link>https://news.example/</link><description>x</description>
<item><title>One</title><link>{link}</link><description><![CDATA[{content}]]></description></item>
</channel></rss>""")
    return str(path)


def test_a_jsonl_item_over_the_cap_is_one_error_and_the_others_are_read(tmp_path):
    path = tmp_path / "news.jsonl"
    huge = {"text": "x" * (MAX_BYTES + 10), "title": "huge"}
    path.write_text("\n".join(json.dumps(item) for item in ({"text": TEXT}, huge, {"text": TEXT})))
    items = list(read_inputs([str(path)]))
    assert [type(i) for i in items] == [RawDocument, IntakeError, RawDocument]
    assert "news.jsonl:2" in str(items[1]) and "limit" in str(items[1])


def test_feed_links_are_not_fetched_unless_asked(tmp_path):
    seen: list[str] = []
    path = feed(tmp_path, "https://elsewhere.example/article", TEXT)
    [item] = read_inputs([path], recording_client(seen))
    assert isinstance(item, RawDocument) and seen == []
    assert "--follow-links" in item.notes[0]
    [item] = read_inputs([path], recording_client(seen), follow_links=True)
    assert isinstance(item, RawDocument) and seen == ["https://elsewhere.example/article"]


def test_a_feed_item_with_only_a_link_says_how_to_fetch_it(tmp_path):
    path = feed(tmp_path, "https://elsewhere.example/article", "A teaser.")
    [item] = read_inputs([path], recording_client([]))
    assert isinstance(item, IntakeError) and "--follow-links" in str(item)


def test_followed_links_use_the_bounded_download(tmp_path):
    """A feed link redirected to another host is refused like any download."""
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"location": "http://169.254.169.254/secret"})
        return httpx.Response(200, text="secret")
    client = httpx.Client(transport=httpx.MockTransport(handler))
    path = feed(tmp_path, "https://news.example/a", "A teaser.")
    [item] = read_inputs([path], client, follow_links=True)
    assert isinstance(item, IntakeError) and "another host" in str(item)


def test_an_oversized_feed_item_is_one_error(tmp_path):
    path = feed(tmp_path, "", "y " * (MAX_BYTES // 2 + 10))
    [item] = read_inputs([path])
    assert isinstance(item, IntakeError) and "limit" in str(item)
