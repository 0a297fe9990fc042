"""The persisted screening index: written when lists are imported, loaded instead of built by
the next process, rebuilt (never trusted) when stale, corrupt or from another database, and
safe when several processes build and read it at once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listwatch.cli import app
from listwatch.screening import api, persist
from listwatch.store import Store

from ledger.unxml import Entry, un_xml

REPO = Path(__file__).resolve().parents[2]
NORTH = Entry("QDe.500", "Example Brigade of the North", aliases=["Northern Example Brigade"])
SOUTH = Entry("QDe.501", "Example Brigade of the South")
PERSON = Entry("QDi.600", "Johnathan Examplesson", kind="INDIVIDUAL", listed_on="2016-01-05")
LATER = Entry("QDi.601", "Marguerite Exemplova", kind="INDIVIDUAL", listed_on="2024-02-01")
QUERIES = ("Example Brigade North", "Jonathan Examplesson", "Marguerite Exemplova", "Brigade")


def write_list(folder: Path, name: str, entries: list[Entry], generated: str) -> Path:
    path = folder / name
    path.write_bytes(un_xml(entries, generated))
    return path


def cli_import(url: str, path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", url, "lists", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def ledger(tmp_path: Path) -> tuple[Store, Path]:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    cli_import(url, write_list(tmp_path, "v1.xml", [NORTH, SOUTH, PERSON], "2024-01-10T10:00:00"))
    return Store(url), tmp_path / "ledger.db.screening-index"


def fresh_screener(store: Store) -> api.Screener:
    """The screener a new process would get (the process cache forgotten)."""
    api._CACHE.pop(store.url, None)
    return api.screener_for(store)


def answers(screener: api.Screener) -> list[list]:
    return [[(r.subject.id, r.score, r.matched_name.value, r.designations)
             for r in api.screen_with(screener, q, threshold=0.3).results] for q in QUERIES]


def test_import_persists_the_index_and_the_next_process_loads_it(ledger, monkeypatch):
    store, path = ledger
    assert store.screening_index_path() == path and path.exists()
    built = answers(api.screener_for(store))

    def no_build(_store):
        raise AssertionError("the index was built again")

    monkeypatch.setattr(api, "load_input", no_build)
    loaded = fresh_screener(store)
    assert loaded.origin == "loaded"
    assert answers(loaded) == built
    assert loaded.index.size() == api.screener_for(store).index.size()


def test_a_stale_index_is_rebuilt_after_an_import(ledger, tmp_path):
    store, path = ledger
    before = path.read_bytes()
    assert api.screen(store, "Marguerite Exemplova").results == []
    import_from_api = write_list(tmp_path, "v2.xml", [NORTH, SOUTH, PERSON, LATER],
                                 "2024-03-01T10:00:00")
    from listwatch.ledger.importer import import_paths

    assert [r.status for r in import_paths(store, [import_from_api])] == ["imported"]
    # a process that still holds the old index notices the ledger changed
    assert api.screen(store, "Marguerite Exemplova").results
    assert path.read_bytes() != before  # persisted again for the new state
    assert fresh_screener(store).origin == "loaded"


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "garbage", "empty",
                                    "other format", "other code"])
def test_a_damaged_index_file_is_rebuilt_never_used(ledger, damage):
    store, path = ledger
    expected = answers(api.screener_for(store))
    raw = path.read_bytes()
    header_end = raw.index(b"\n", len(persist.MAGIC))
    header = json.loads(raw[len(persist.MAGIC):header_end])
    if damage == "truncated":
        raw = raw[: len(raw) * 2 // 3]
    elif damage == "flipped byte":
        raw = raw[:-100] + bytes([raw[-100] ^ 0x01]) + raw[-99:]
    elif damage == "garbage":
        raw = b"\x80\x04\x95 not an index at all"
    elif damage == "empty":
        raw = b""
    else:
        header["format" if damage == "other format" else "code"] = "something else"
        raw = persist.MAGIC + json.dumps(header).encode() + raw[header_end:]
    path.write_bytes(raw)
    with pytest.raises(persist.IndexFileError):
        persist.load(path, store.screening_fingerprint(), api.ScreeningIndex(state=()))
    rebuilt = fresh_screener(store)
    assert rebuilt.origin == "built"
    assert answers(rebuilt) == expected
    assert fresh_screener(store).origin == "loaded"  # and a good file replaced the bad one


def test_a_consistent_but_out_of_range_body_is_refused(ledger):
    """A file whose hash matches its body but whose arrays point outside the index (crafted,
    or written by a bug) is refused, not indexed into."""
    store, path = ledger
    api.screener_for(store)
    index = api.screener_for(store).index
    index.name_entry[0] = len(index.entry_key) + 7
    persist.save(index, path, store.screening_fingerprint())
    with pytest.raises(persist.IndexFileError, match="entries"):
        persist.load(path, store.screening_fingerprint(), api.ScreeningIndex(state=()))
    assert fresh_screener(store).origin == "built"


def test_an_index_of_another_database_is_not_used(ledger, tmp_path):
    store, path = ledger
    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    # the same counts (one snapshot, three entries), other content
    cli_import(other_url, write_list(tmp_path, "o.xml", [NORTH, SOUTH, LATER],
                                     "2024-01-10T10:00:00"))
    other = Store(other_url)
    assert other.screening_state() == store.screening_state()
    path.write_bytes((tmp_path / "other.db.screening-index").read_bytes())
    screener = fresh_screener(store)
    assert screener.origin == "built"
    assert api.screen_with(screener, "Marguerite Exemplova").results == []


def test_in_memory_databases_are_not_persisted():
    assert Store("sqlite://").screening_index_path() is None
    assert Store("sqlite:///:memory:").screening_index_path() is None


def test_server_databases_keep_their_index_in_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("LISTWATCH_INDEX_DIR", str(tmp_path))
    path = Store("postgresql+psycopg://u:secret@db.example/listwatch").screening_index_path()
    assert path.parent == tmp_path and "secret" not in path.name


SCREEN_IN_A_PROCESS = """
import json, sys
from listwatch.screening import api
from listwatch.store import Store
store = Store(sys.argv[1])
screener = api.screener_for(store)
print(json.dumps([screener.origin, [r.subject.id for r in
                  api.screen_with(screener, "Example Brigade North").results]]))
"""


def test_processes_building_and_loading_at_once_all_succeed(ledger):
    store, path = ledger
    expected = [r.subject.id for r in api.screen(store, "Example Brigade North").results]
    for _ in range(2):
        path.unlink(missing_ok=True)
        procs = [subprocess.Popen([sys.executable, "-c", SCREEN_IN_A_PROCESS, store.url],
                                  cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(4)]
        outputs = [p.communicate(timeout=120) for p in procs]
        assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
        for out, _ in outputs:
            origin, found = json.loads(out)
            assert origin in ("built", "loaded") and found == expected
        assert fresh_screener(store).origin == "loaded"
        assert not list(path.parent.glob("*.tmp"))
