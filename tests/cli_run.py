"""The command line run in the test's process, as a user runs it: its exit code and what it printed."""

from __future__ import annotations

import pytest

from facilitator.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``facilitator *argv``: the exit code, then what it wrote to standard output and to standard error."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
