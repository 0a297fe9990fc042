"""The HTTP API against a live uvicorn on 127.0.0.1, on the fixture ledger."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from live_server import FIXTURES, api, api_key, free_port, ledger_url, writable_api  # noqa: F401

HTS = "Hay'at Tahrir al-Sham"
HTS_CYRILLIC = "Хайят Тахрир аш-Шам"


def ok(response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def test_status_names_the_lists_and_the_name_on_each(api):
    answer = ok(api.get("/status", params={"q": HTS}))
    assert answer["query"] == HTS and answer["as_of"] is None
    assert HTS in answer["subject"]["aliases"]
    listed = {d["source"] for d in answer["designations"] if d["status"] == "listed"}
    assert {"us-fto", "uk-proscribed", "au-listed"} <= listed
    assert all(d["snapshot"]["sha256"] for d in answer["designations"])


def test_status_as_of_a_date_before_the_listings_drops_them(api):
    now = ok(api.get("/status", params={"q": HTS}))
    then = ok(api.get("/status", params={"q": HTS, "as_of": "2012-01-01"}))
    assert then["as_of"] == "2012-01-01"
    assert len(then["designations"]) < len(now["designations"])


def test_openapi_docs_are_served(api):
    assert "swagger" in api.get("/docs").text.lower()
    paths = ok(api.get("/openapi.json"))["paths"]
    assert {"/status", "/history", "/diff/{source}", "/subjects", "/claims",
            "/documents/{document_id}", "/screen", "/match/{dataset}"} <= set(paths)


def test_yente_match_puts_the_subject_of_a_cyrillic_name_first(api):
    subject = ok(api.get("/status", params={"q": HTS}))["subject"]
    body = {"queries": {"q1": {"schema": "Organization", "properties": {"name": [HTS_CYRILLIC]}}}}
    answer = ok(api.post("/match/default", json=body))
    response = answer["responses"]["q1"]
    assert response["status"] == 200 and response["query"]["schema"] == "Organization"
    top = response["results"][0]
    assert top["id"] == subject["id"] and top["match"] is True
    assert top["schema"] == "Organization" and top["caption"] == subject["name"]
    assert "us-fto:al-nusrah-front" in top["referents"] and "us-fto" in top["datasets"]
    assert set(top["features"]) == set(answer["matcher"]["features"])
    assert response["total"]["value"] >= 1 and answer["limit"] == 5


def test_match_on_one_dataset_keeps_only_its_subjects(api):
    body = {"queries": {"q": {"schema": "Organization", "properties": {"name": HTS_CYRILLIC}}}}
    results = ok(api.post("/match/us-fto", json=body))["responses"]["q"]["results"]
    assert results and all("us-fto" in r["datasets"] for r in results)


def test_a_bad_query_entity_gets_its_own_400_and_the_others_answer(api):
    body = {"queries": {"good": {"schema": "Organization", "properties": {"name": [HTS]}},
                        "bad": {"schema": "Vessel", "properties": {"name": ["x"]}}}}
    responses = ok(api.post("/match/default", json=body))["responses"]
    assert responses["good"]["status"] == 200 and responses["good"]["results"]
    assert responses["bad"]["status"] == 400 and "Vessel" in responses["bad"]["error"]


def test_screening_one_name_and_a_batch_agree(api):
    one = ok(api.get("/screen", params={"q": HTS_CYRILLIC}))
    batch = ok(api.post("/screen", json={"names": [HTS_CYRILLIC, HTS]}))["answers"]
    assert [a["query"] for a in batch] == [HTS_CYRILLIC, HTS]
    assert batch[0]["results"][0]["subject"] == one["results"][0]["subject"]
    assert one["provenance"]["snapshots"]


def test_history_diff_subjects_and_sources_answer(api):
    history = ok(api.get("/history", params={"q": HTS}))
    assert any(e["source"] == "us-fto" and e["kind"] == "listed" for e in history["events"])
    subject = ok(api.get("/subjects", params={"q": HTS}))
    assert {"source": "us-fto", "reference": "al-nusrah-front"} in [
        {k: m[k] for k in ("source", "reference")} for m in subject["members"]]
    sources = ok(api.get("/sources"))["sources"]
    un = next(s for s in sources if s["id"] == "un-sc")
    day = un["last_snapshot"]["observed_on"]
    diff = ok(api.get("/diff/un-sc", params={"from": day, "to": day}))
    assert diff["added"] == diff["removed"] == diff["amended"] == []


@pytest.mark.parametrize("path, params, fragment", [
    ("/status", {"q": "Quite Unheard Of Brigade"}, "no subject named or referenced"),
    ("/history", {"q": "Quite Unheard Of Brigade"}, "no subject named or referenced"),
    ("/subjects", {"q": "Quite Unheard Of Brigade"}, "no subject named or referenced"),
    ("/diff/no-such-list", {"from": "2024-01-01", "to": "2024-02-01"}, "unknown source"),
    ("/documents/999999", {}, "no document 999999"),
])
def test_unknown_things_are_404_with_a_message(api, path, params, fragment):
    response = api.get(path, params=params)
    assert response.status_code == 404
    assert fragment in response.json()["detail"]


@pytest.mark.parametrize("path, params, fragment", [
    ("/status", {"q": HTS, "as_of": "last tuesday"}, "as_of"),
    ("/status", {}, "q"),
    ("/diff/un-sc", {"from": "2024-02-01", "to": "2024-01-01"}, "later than"),
    ("/screen", {"q": HTS, "threshold": "2"}, "threshold"),
    ("/screen", {"q": HTS, "type": "spaceship"}, "unknown type"),
])
def test_bad_parameters_are_422_with_a_message(api, path, params, fragment):
    response = api.get(path, params=params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, str) and fragment in detail


def test_a_bad_match_body_is_422(api):
    response = api.post("/match/default", json={"queries": {"q": {"properties": {}}}})
    assert response.status_code == 422 and "schema" in response.json()["detail"]
    response = api.post("/match/atlantis", json={"queries": {}})
    assert response.status_code == 404


DECISION = {"query": HTS_CYRILLIC, "verdict": "match", "by": "analyst", "note": "api test"}


def test_writes_on_a_server_without_a_key_are_403(api, api_key):
    subject = ok(api.get("/status", params={"q": HTS}))["subject"]
    response = api.post("/screening/decisions", json={**DECISION, "subject_id": subject["id"]},
                        headers={"X-API-Key": api_key})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]


def test_writes_need_the_key(writable_api, api_key):
    subject = ok(writable_api.get("/status", params={"q": HTS}))["subject"]
    decision = {**DECISION, "subject_id": subject["id"]}
    for headers in ({}, {"X-API-Key": "wrong"}):
        response = writable_api.post("/screening/decisions", json=decision, headers=headers)
        assert response.status_code == 401 and "API key" in response.json()["detail"]
    recorded = ok(writable_api.post("/screening/decisions", json=decision,
                                    headers={"X-API-Key": api_key}))["decision"]
    assert recorded["verdict"] == "match" and recorded["subject_id"] == subject["id"]
    screened = ok(writable_api.get("/screen", params={"q": HTS_CYRILLIC}))
    top = next(r for r in screened["results"] if r["subject"]["id"] == subject["id"])
    assert top["decision"]["verdict"] == "match" and top["decision"]["by"] == "analyst"


def test_ingesting_an_article_stores_its_claims_once(writable_api, api_key):
    article = {"text": (FIXTURES / "news" / "court_ban.txt").read_text(encoding="utf-8"),
               "published": "2025-03-10", "outlet": "Fixture Wire"}
    headers = {"X-API-Key": api_key}
    stored = ok(writable_api.post("/documents", json=article, headers=headers))
    assert stored["status"] == "stored" and stored["claims"] >= 1
    document = ok(writable_api.get(f"/documents/{stored['id']}"))
    assert document["published"] == "2025-03-10" and len(document["claims"]) == stored["claims"]
    again = ok(writable_api.post("/documents", json=article, headers=headers))
    assert again["status"] == "duplicate" and again["id"] == stored["id"]
    assert writable_api.post("/documents", json=article).status_code == 401
    both = writable_api.post("/documents", json={**article, "html": "<p>x</p>"}, headers=headers)
    assert both.status_code == 422 and "exactly one" in both.json()["detail"]


def test_listwatch_serve_binds_loopback_and_answers(ledger_url):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "LISTWATCH_API_KEY"}
    server = subprocess.Popen([sys.executable, "-m", "listwatch.cli", "--db", ledger_url, "serve",
                               "--port", str(port)], stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/status", params={"q": HTS}, timeout=30)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer.status_code == 200
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/docs" in stderr and "read-only" in stderr


def test_importing_a_list_file_over_http(writable_api, api, api_key):
    path = FIXTURES / "lists" / "us-fto" / "foreign-terrorist-organizations.html"
    headers = {"X-API-Key": api_key, "Content-Type": "application/octet-stream"}
    params = {"filename": f"../../{path.name}"}
    # the ledger already holds this file: the same snapshot, unchanged
    answer = ok(writable_api.post("/lists/import", params=params, content=path.read_bytes(),
                                  headers=headers))["imports"]
    assert [(a["source"], a["status"], a["files"]) for a in answer] == [
        ("us-fto", "unchanged", [path.name])]
    garbage = writable_api.post("/lists/import", params={"filename": "x.csv"},
                                content=b"not, a, list\n1, 2, 3\n", headers=headers)
    assert garbage.status_code == 422 and "x.csv" in garbage.json()["detail"]
    assert writable_api.post("/lists/import", params=params,
                             content=path.read_bytes()).status_code == 401
    assert api.post("/lists/import", params=params, content=path.read_bytes(),
                    headers=headers).status_code == 403
