"""Running a check in a forked process, or in a thread, while this one does other work (two
cores, one wait)."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class ChildFailure(RuntimeError):
    """The function failed in the child; the message is its exception's type and text."""


def start(function: Callable[[], T]) -> Callable[[], T]:
    """Start ``function`` in a forked child and return a function that waits for its result.

    A failure in the child is raised again as ``ChildFailure``. Where forking is not cheap
    and safe (outside Linux), ``function`` itself is returned, to run when asked.
    """
    if sys.platform != "linux":  # pragma: no cover - the project's machines run Linux
        return function
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        try:
            sender.send((True, function()))
        except BaseException as exc:  # reported in the parent, whatever it was
            sender.send((False, f"{type(exc).__name__}: {exc}"))
        finally:
            sender.close()

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()

    def result() -> T:
        try:
            succeeded, value = receiver.recv()
        except EOFError:
            raise ChildFailure("the check's process ended without a result") from None
        finally:
            receiver.close()
            process.join()
        if not succeeded:
            raise ChildFailure(value)
        result_value: T = value
        return result_value

    return result


def in_thread(function: Callable[[], T]) -> Callable[[], T]:
    """Start ``function`` in a thread (for work such as polars's that runs without Python's
    lock) and return a function that waits for its result, or raises its error."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(function)

    def result() -> T:
        try:
            return future.result()
        finally:
            pool.shutdown()

    return result
