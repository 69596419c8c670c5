"""Allocator settings for a short command that reads large files: give freed memory back.

Polars's allocator (jemalloc) keeps freed pages for ten seconds by default, and glibc's malloc,
once a large block is freed, raises the size from which it maps blocks on their own (up to
32 MB) and keeps up to twice that in its heap: a command that reads a few megabyte files then
holds all the memory its reading ever used. Both are told to return freed memory at once.
"""

from __future__ import annotations

import ctypes
import os
import sys

JEMALLOC_CONF = "dirty_decay_ms:0,muzzy_decay_ms:0"
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters
GLIBC_DEFAULT_THRESHOLD = 128 * 1024  # the value glibc starts with, kept from now on


def return_freed_memory() -> None:
    """Set both allocators to give freed memory back; jemalloc's setting applies when polars
    is loaded after this call, glibc's at once (on Linux with glibc; elsewhere nothing)."""
    os.environ.setdefault("_RJEM_MALLOC_CONF", JEMALLOC_CONF)
    if sys.platform != "linux":  # pragma: no cover - the project's machines run Linux
        return
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        for parameter in (M_MMAP_THRESHOLD, M_TRIM_THRESHOLD):
            mallopt(parameter, GLIBC_DEFAULT_THRESHOLD)
