"""The sniffers of the UN, OFAC, OFSI and SEMA adapters claim their own files, with the right part,
and nothing else: no other adapter's fixture and no other real list file in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, SHARED, require_shared
from listwatch.sources import ca_sema, uk_ofsi, un_sc, us_ofac_cons, us_ofac_sdn

MODULES = {m.SOURCE.id: m for m in (un_sc, us_ofac_sdn, us_ofac_cons, uk_ofsi, ca_sema)}
FIXTURE_FILES = sorted(p for p in (FIXTURES / "lists").rglob("*") if p.is_file())
SHARED_LISTS = SHARED / "data" / "lists"
SHARED_FILES = sorted(p for p in SHARED_LISTS.rglob("*") if p.is_file() and p.parent != SHARED_LISTS) \
    if SHARED_LISTS.exists() else []

# OFAC's non-SDN list ships alt/add/comments files in exactly the SDN aux files' format (same
# columns, same ent_num space, even shared rows), so no content test can tell them apart; the SDN
# adapter claims them, and an import of one must name its source. Its main files are told apart.
_OFAC_AUX_PART = {"_alt_": "alt", "alt__": "alt", "_add_": "add", "add__": "add", "comments": "comments"}


def _aux_part(name: str) -> str:
    return next(part for marker, part in _OFAC_AUX_PART.items() if marker in name)


def _expected(path: Path) -> dict[str, str]:
    folder, name = path.parent.name, path.name
    if folder == "un_consolidated" or (folder == "suspect" and name.startswith("un_")):
        return {"un-sc": "main"}  # the re-serialised UN file is UN format; the importer judges its size
    if folder == "ofac_sdn_csv":
        return {"us-ofac-sdn": "main"}
    if folder == "ofac_sdn_aux_csv" or (folder == "ofac_non_sdn_cons_csv" and "prim" not in name):
        return {"us-ofac-sdn": _aux_part(name)}
    if folder == "ofac_non_sdn_cons_xml":
        return {"us-ofac-cons": "main"}
    if folder == "uk_ofsi_conlist":
        return {"uk-ofsi": "main"}
    if folder == "canada_sema_autonomous":
        return {"ca-sema": "main"}
    return {}


def _claims(content: bytes) -> dict[str, str]:
    return {sid: part for sid, module in MODULES.items() if (part := module.sniff(content))}


@pytest.mark.parametrize("source_id", MODULES)
def test_sniffer_claims_its_own_fixtures(source_id):
    own = [p for p in FIXTURE_FILES if p.parent.name == source_id]
    assert own, f"no fixtures for {source_id}"
    for path in own:
        assert _claims(path.read_bytes()) == {source_id: _fixture_part(path)}, path.name


def _fixture_part(path: Path) -> str:
    names = {"alt.csv": "alt", "add.csv": "add", "sdn_comments.csv": "comments"}
    return names.get(path.name, "main")


@pytest.mark.parametrize("path", [p for p in FIXTURE_FILES if p.parent.name not in MODULES],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sniffers_ignore_other_fixtures(path):
    assert _claims(path.read_bytes()) == {}


@pytest.mark.shared
@pytest.mark.parametrize("path", SHARED_FILES or [None], ids=lambda p: f"{p.parent.name}/{p.name}" if p else "missing")
def test_sniffers_on_every_shared_list_file(path):
    require_shared("data", "lists")  # the only case without a path: skips, or fails in CI
    assert _claims(path.read_bytes()) == _expected(path)
