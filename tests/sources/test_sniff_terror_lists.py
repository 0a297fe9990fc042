"""The sniffers of the hand-fixtured terrorist-list adapters claim their own fixtures and nothing
else: no real list file in ../shared and no other adapter's fixture."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, SHARED, require_shared
from listwatch.sources import au_listed, ca_listed, curated, eu_fsf, ru_fsb, uk_proscribed, us_fto

MODULES = {m.SOURCE.id: m for m in (eu_fsf, us_fto, uk_proscribed, ru_fsb, ca_listed, au_listed, curated)}
FIXTURE_FILES = sorted(p for p in (FIXTURES / "lists").rglob("*") if p.is_file())
SHARED_FILES = sorted(p for p in (SHARED / "data" / "lists").rglob("*") if p.is_file()) \
    if (SHARED / "data" / "lists").exists() else []


@pytest.mark.parametrize("source_id", MODULES)
def test_sniffer_claims_its_own_fixtures(source_id):
    own = [p for p in FIXTURE_FILES if p.parent.name == source_id]
    assert own, f"no fixtures for {source_id}"
    assert all(MODULES[source_id].sniff(p.read_bytes()) == "main" for p in own)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sniffers_ignore_other_fixtures(path):
    content = path.read_bytes()
    claimed = [sid for sid, m in MODULES.items() if sid != path.parent.name and m.sniff(content)]
    assert claimed == []


@pytest.mark.shared
@pytest.mark.parametrize("path", SHARED_FILES or [None], ids=lambda p: p.name if p else "shared-missing")
def test_sniffers_ignore_every_shared_list_file(path):
    require_shared("data", "lists")  # the only case without a path: skips, or fails in CI
    content = path.read_bytes()
    claimed = [sid for sid, m in MODULES.items() if m.sniff(content)]
    assert claimed == []
