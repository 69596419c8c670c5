"""Dates known to a year, a month or a day, as sources give them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pydantic is imported when a model first asks for the schema
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import core_schema

# The pattern that marks a partial date field in ``datapackage.json``.
DESCRIPTOR_PATTERN = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
PATTERN = re.compile(r"^([0-9]{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?$")

Precision = Literal["year", "month", "day"]


@dataclass(frozen=True)
class PartialDate:
    """An ISO 8601 date of reduced precision: ``2013``, ``2014-08`` or ``2014-08-14``.

    It is never padded into a full date: ``earliest()`` and ``latest()`` give
    the first and last day it may mean, and ``precision`` says how much is known.
    Compared with a ``datetime.date`` it is before the date only if all of it is
    (``PartialDate.parse("2013") < date(2014, 1, 1)``), after only if all of it is.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``ValueError`` otherwise."""
        match = PATTERN.fullmatch(text)
        if match is None:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        if day is not None and month is not None:
            date(year, month, day)  # raises ValueError for 2023-02-30
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def earliest(self) -> date:
        """The first day the partial date may stand for."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last day the partial date may stand for."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    # Against another PartialDate the order is by year, then month, then day (``2014``
    # before ``2014-01``). Against a ``datetime.date`` it is by the span of days the partial
    # date may mean: ``p <= d`` when even its latest day is on or before ``d``, ``p >= d``
    # when even its earliest day is on or after ``d``. When ``d`` falls inside the span,
    # ``p < d``, ``p > d``, ``p <= d`` and ``p >= d`` are all false (except at its ends), and
    # a partial date never equals a date.
    def __lt__(self, other: object) -> bool:
        if isinstance(other, PartialDate):
            return self._key() < other._key()
        if isinstance(other, date):
            return self.latest() < other
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, PartialDate):
            return self._key() <= other._key()
        if isinstance(other, date):
            return self.latest() <= other
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, PartialDate):
            return self._key() > other._key()
        if isinstance(other, date):
            return self.earliest() > other
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, PartialDate):
            return self._key() >= other._key()
        if isinstance(other, date):
            return self.earliest() >= other
        return NotImplemented

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        def validate(value: object) -> PartialDate:
            if isinstance(value, PartialDate):
                return value
            if isinstance(value, str):
                return cls.parse(value)
            raise ValueError("a partial date must be text such as 2013, 2014-08 or 2014-08-14")

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
            json_schema_input_schema=core_schema.str_schema(pattern=PATTERN.pattern),
        )
