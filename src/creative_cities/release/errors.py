"""Why a release cannot be built."""

from __future__ import annotations

from ..check.validation import Report


class BuildError(Exception):
    """The release cannot be built; the message says why and where."""


class InvalidPackage(BuildError):
    """The package has problems; nothing was built."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.problems)} problem(s) in {report.descriptor}")
        self.report = report


class MissingExtra(BuildError):
    """A format's writer needs an optional dependency that is not installed."""

    def __init__(self, fmt: str, module: str, extra: str) -> None:
        super().__init__(f"the {fmt} files need {module}: pip install 'creative-cities[{extra}]'")
