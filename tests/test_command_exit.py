"""The installed command's exit: its output flushed, its status kept, no interpreter teardown."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from creative_cities import cli

from .conftest import ROOT


class Exited(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


def _run(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    def exit_now(status: int) -> None:
        raise Exited(status)

    monkeypatch.setattr(sys, "argv", ["creative-cities", *argv])
    monkeypatch.setattr(cli.os, "_exit", exit_now)
    with pytest.raises(Exited) as exited:
        cli.run()
    return exited.value.status


def test_run_exits_with_the_status_of_main_and_of_argparse(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(monkeypatch, "--version") == 0
    assert _run(monkeypatch, "no-such-command") == cli.EXIT_USAGE
    assert _run(monkeypatch, "validate", str(ROOT / "no-such-folder")) == cli.EXIT_USAGE
    assert "error:" in capsys.readouterr().err


def test_the_whole_report_reaches_a_pipe_before_the_exit() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "creative_cities.cli", "validate", str(ROOT), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["valid"] is True
