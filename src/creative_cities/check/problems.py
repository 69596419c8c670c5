"""A problem found in a data package, located so that a person can fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One located problem: where it is, what is wrong and how to fix it.

    ``line`` counts physical lines of the file (the header is line 1) and
    ``column`` counts fields from 1; both are ``None`` when the problem concerns
    a whole file or the descriptor. ``record_id`` is the row's primary key.
    """

    file: str
    code: str
    message: str
    hint: str = ""
    line: int | None = None
    field: str | None = None
    column: int | None = None
    record_id: str | None = None

    def location(self) -> str:
        """``file:line:field``, leaving out the parts that are not known."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
        if self.field:
            parts.append(self.field)
        return ":".join(parts)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.code)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f" (id={self.record_id})" if self.record_id else ""
        return f"{self.location()}: error[{self.code}] {self.message}{where}"
