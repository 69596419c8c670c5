"""Building with the collector paused: its state restored, what was built aged at once."""

from __future__ import annotations

import gc

import pytest

from creative_cities.bulk import collector_paused


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_restored_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_what_was_built_goes_to_the_oldest_generation() -> None:
    with collector_paused():
        built = [[number] for number in range(1000)]
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    assert all(id(item) in oldest for item in built)
    assert gc.get_freeze_count() == 0


def test_objects_the_program_froze_stay_frozen() -> None:
    kept = [[]]  # a container, tracked by the collector
    gc.freeze()
    try:
        with collector_paused():
            built = [[number] for number in range(10)]
        tracked = {id(item) for item in gc.get_objects()}  # frozen ones are in no generation
        assert id(kept) not in tracked
        assert all(id(item) in tracked for item in built)
    finally:
        gc.unfreeze()
