"""The command's allocator settings: freed memory goes back to the system at once."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from creative_cities import allocators

# Frees a 16 MB block (glibc then maps only blocks above 16 MB on their own), then takes and
# frees 24 blocks of 1 MB; prints how much more resident memory the process holds after them.
PROBE = """
import sys
if sys.argv[1] == "set":
    from creative_cities.allocators import return_freed_memory
    return_freed_memory()

def resident_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))

big = b"x" * (16 << 20)
del big
before = resident_kb()
pieces = [b"y" * (1 << 20) for _ in range(24)]
del pieces
print(resident_kb() - before)
"""


def test_the_setting_for_polars_is_set_and_a_users_own_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("_RJEM_MALLOC_CONF", raising=False)
    allocators.return_freed_memory()
    assert os.environ["_RJEM_MALLOC_CONF"] == allocators.JEMALLOC_CONF
    monkeypatch.setenv("_RJEM_MALLOC_CONF", "narenas:1")
    allocators.return_freed_memory()
    assert os.environ["_RJEM_MALLOC_CONF"] == "narenas:1"


def _held_kb(mode: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True
    )
    return int(result.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="a setting of glibc's malloc")
def test_freed_blocks_are_given_back_after_a_large_one_was_freed() -> None:
    held_without, held_with = _held_kb("unset"), _held_kb("set")
    assert held_without > 16 * 1024  # glibc kept the 24 MB freed in its heap
    assert held_with < 4 * 1024
