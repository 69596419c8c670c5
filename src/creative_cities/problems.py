"""A problem found in a data package, located so that a person can fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: where it is, what is wrong and how to fix it.

    ``line`` counts physical lines of the file (the header is line 1); it is
    ``None`` when the problem concerns a whole file or the descriptor.
    """

    file: str
    line: int | None
    field: str | None
    code: str
    message: str
    hint: str = ""
    record_id: str | None = None

    def location(self) -> str:
        """``file:line:field``, leaving out the parts that are not known."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
        if self.field:
            parts.append(self.field)
        return ":".join(parts)

    def __str__(self) -> str:
        where = f" (id={self.record_id})" if self.record_id else ""
        return f"{self.location()}: error[{self.code}] {self.message}{where}"
