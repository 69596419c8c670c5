"""Checks of what the data means, on the typed records: things no schema can say."""

from __future__ import annotations

from .dataset import Dataset
from .problems import Problem
from .tables import NamedTable

# Two sources may well share a title (a report and a briefing on it).
NAMES_MAY_REPEAT = frozenset({"sources"})


def name_clashes(data: Dataset, paths: dict[str, str]) -> list[Problem]:
    """Names and aliases that normalise to the same text but name different records."""
    problems = []
    for table in data.tables.values():
        if not isinstance(table, NamedTable) or table.name in NAMES_MAY_REPEAT:
            continue
        for key, records in table.names.exact.items():
            if len(records) < 2:
                continue
            spelled = sorted({name for norm, _, name, _ in table.names.names if norm == key})
            ids = ", ".join(str(record.key) for record in records)
            problems.append(
                Problem(
                    paths[table.name],
                    None,
                    None,
                    "name-clash",
                    f"{' / '.join(map(repr, spelled))} names more than one record: {ids}",
                    "give each record a distinct name, or remove the alias that repeats one",
                )
            )
    return problems
