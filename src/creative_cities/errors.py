"""The library's own error: a file of the package cannot be read as the package says."""

from __future__ import annotations


class DataError(ValueError):
    """A file of the package is unsafe, unreadable or does not fit its model.

    The message says file and line; ``file`` and ``line`` hold them where known.
    """

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
