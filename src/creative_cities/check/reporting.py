"""Validation reports as text for people, annotations for GitHub, or JSON for programs."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from .markdown import code, escape, table_cell
from .problems import Problem
from .validation import Report

RED, DIM, BOLD, RESET = "\033[31m", "\033[2m", "\033[1m", "\033[0m"


def _display_path(report: Report, problem: Problem) -> str:
    """The problem's file as a path from the current folder, for editors and CI."""
    path = report.descriptor.parent / problem.file
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def _problems(report: Report) -> list[Problem]:
    """The report's problems with files given from the current folder."""
    return [
        Problem(**{**problem.to_dict(), "file": _display_path(report, problem)})
        for problem in report.problems
    ]


def problem_lines(problems: Iterable[Problem], colour: bool = False) -> list[str]:
    """One line per problem with its hint indented below it."""
    lines = []
    for problem in problems:
        line = str(problem)
        if colour:
            line = line.replace(
                f"error[{problem.code}]", f"{RED}{BOLD}error[{problem.code}]{RESET}"
            )
        lines.append(line)
        if problem.hint:
            lines.append(
                f"    {DIM if colour else ''}hint: {problem.hint}{RESET if colour else ''}"
            )
    return lines


def text(report: Report, colour: bool = False) -> str:
    """One line per problem with its hint below, then a table of row counts and a verdict."""
    lines = problem_lines(_problems(report), colour)
    lines += [f"not checked: {note}" for note in report.skipped]
    lines.append(_counts(report.row_counts))
    if report.valid:
        lines.append(f"valid: {report.descriptor}")
    else:
        lines.append(f"invalid: {len(report.problems)} problem(s) in {report.descriptor}")
    return "\n".join(lines)


def _counts(row_counts: dict[str, int]) -> str:
    width = max((len(name) for name in row_counts), default=5)
    lines = [f"{'table':<{width}}  {'rows':>6}", f"{'-' * width}  {'-' * 6}"]
    lines += [f"{name:<{width}}  {count:>6}" for name, count in row_counts.items()]
    lines.append(f"{'total':<{width}}  {sum(row_counts.values()):>6}")
    return "\n".join(lines)


def _escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_value else value


def github(report: Report) -> str:
    """GitHub workflow commands: one ``::error`` annotation per problem."""
    lines = []
    for problem in _problems(report):
        properties = {
            "file": problem.file,
            "line": problem.line,
            "col": problem.column,
            "title": f"{problem.code}",
        }
        where = ",".join(
            f"{key}={_escape(str(value), True)}" for key, value in properties.items() if value
        )
        message = problem.message + (f" (id={problem.record_id})" if problem.record_id else "")
        if problem.hint:
            message += f"\nHint: {problem.hint}"
        lines.append(f"::error {where}::{_escape(message)}")
    lines += [f"::warning title=not checked::{_escape(note)}" for note in report.skipped]
    lines.append("valid" if report.valid else f"invalid: {len(report.problems)} problem(s)")
    return "\n".join(lines)


def markdown(report: Report) -> str:
    """A Markdown summary for a pull request's step summary: the values it quotes are code,
    so that no HTML, image or link in the data renders."""
    if report.valid:
        head = f"### ✅ The data package is valid\n\n{sum(report.row_counts.values())} rows in "
        head += f"{len(report.row_counts)} tables."
        return head + "\n"
    lines = [
        f"### ❌ {len(report.problems)} problem(s) in the data package",
        "",
        "| where | problem | how to fix it |",
        "| --- | --- | --- |",
    ]
    for problem in _problems(report):
        cells = [
            code(problem.location()),
            f"**{problem.code}** {code(problem.message)}",
            escape(problem.hint),
        ]
        lines.append("| " + " | ".join(table_cell(cell) for cell in cells) + " |")
    if report.skipped:
        lines += ["", "Not checked:", ""] + [f"- {escape(note)}" for note in report.skipped]
    return "\n".join(lines) + "\n"


def write_step_summary(report: Report) -> None:
    """Append the Markdown summary to ``$GITHUB_STEP_SUMMARY`` when GitHub sets it."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(markdown(report))


def as_json(report: Report) -> str:
    """The report's stable JSON structure (documented in CONTRIBUTING.md)."""
    data = report.to_dict()
    data["problems"] = [problem.to_dict() for problem in _problems(report)]
    return json.dumps(data, indent=2, ensure_ascii=False)
