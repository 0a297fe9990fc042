"""Test configuration: where ../shared is, and how tests that need it skip or fail."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SHARED = Path(os.environ.get("LISTWATCH_SHARED", REPO.parent / "shared")).resolve()


def require_shared(*parts: str) -> Path:
    """Path inside ../shared; skips with a reason when absent, fails when
    LISTWATCH_REQUIRE_SHARED=1 (CI), so CI can never pass by skipping."""
    path = SHARED.joinpath(*parts)
    if path.exists():
        return path
    message = f"../shared data missing: {path}"
    if os.environ.get("LISTWATCH_REQUIRE_SHARED") == "1":
        pytest.fail(message + " (LISTWATCH_REQUIRE_SHARED=1)")
    pytest.skip(message)


@pytest.fixture(autouse=True, scope="session")
def sample_list_floors():
    """The suite's list fixtures are samples of a few records, far under the size a complete
    list is known to have; tests of that first-snapshot floor (tests/ledger/test_safety.py)
    delete this setting to apply the sources' own floors."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LISTWATCH_MIN_RECORDS", "*=0")
        yield


@pytest.fixture
def shared_lists() -> Path:
    return require_shared("data", "lists")
