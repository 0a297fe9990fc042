"""Property: whatever bytes an adapter is given — its own fixture mutated in any of the ways
bench/fuzz_sources.py mutates files — it returns records or raises BadInput; it never crashes.
Bounded to a few seconds per adapter; bench/fuzz_sources.py runs long and measures the time each
input takes (speed is measured there, not asserted here, where a loaded machine would fail it)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzz_sources import HOSTILE, OPERATIONS, Mutation, mutate_input, read_once, seed_sets
from listwatch import sources

SEEDS = seed_sets(real=False)

mutations = st.lists(st.builds(
    Mutation, st.sampled_from(OPERATIONS), st.floats(0, 1), st.floats(0, 0.5),
    st.sampled_from(HOSTILE) | st.binary(max_size=64)), min_size=1, max_size=6)


@pytest.mark.parametrize("source_id", sorted(SEEDS))
def test_any_mutation_is_read_or_refused_never_a_crash(source_id):
    source = sources.get(source_id)

    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(seed=st.sampled_from(SEEDS[source_id]), changes=mutations, inside_zip=st.booleans(),
           part_choice=st.integers(0, 10))
    def check(seed, changes, inside_zip, part_choice):
        parts = dict(seed)
        part = sorted(parts)[part_choice % len(parts)]
        parts[part] = mutate_input(parts[part], changes, inside_zip)
        outcome = read_once(source, parts)
        # "net": refused by Source.read's safety net, i.e. a failure the adapter did not foresee
        assert outcome.kind in ("accepted", "refused"), outcome.detail

    check()


def test_an_unforeseen_failure_in_an_adapter_is_bad_input_naming_the_cause():
    from dataclasses import replace

    from listwatch.errors import BadInput

    def parse(parts):
        return {}["no such key"]

    broken = replace(sources.get("un-sc"), parse=parse)
    with pytest.raises(BadInput, match="cannot read it as the UN Security Council .*KeyError"):
        broken.read({"main": b"<x/>"})
