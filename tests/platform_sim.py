"""Simulating here what other platforms do, for tests that cannot run there.

- Folders like those on real laptops: a user name with "ö" in it, names with spaces, and a path longer than
  Windows' old limit of 259 characters (each name stays under the 255 bytes every file system allows).
- Windows refusing to replace a file that another program holds open: ``os.replace`` raises the
  ``PermissionError`` Python raises on Windows, with ``winerror`` 5 (access denied) or 32 (sharing violation).
- A hard kill on every platform: ``Popen.kill`` is SIGKILL on POSIX and ``TerminateProcess`` on Windows (which
  has no SIGKILL); neither lets the process clean up, which is what crash tests need. The process to kill is
  started with ``spawn`` (or ``spawn_ready``, for one that says when it is ready).
"""

from __future__ import annotations

import errno
import getpass
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Longer than Windows accepts without long paths (259), with a file name added.
LONG = 300
NAMES = (
    "Jörg Müller-Øster",
    "OneDrive - Gemeente Ærø & Søn (Partnerschap #1)",
    "Partnerschaft Drogen und Sicherheit – Innenstadt",
    "Straßenrunde, Bürgertreffen und Protokolle 2026",
    "Ярослава Ковальчук; 100% sicher",
)


def long_folder(base: Path) -> Path:
    """A new folder under ``base`` whose path is longer than ``LONG`` characters, made of awkward names."""
    folder = base / "Users"
    number = 0
    while len(str(folder)) <= LONG:
        folder = folder / NAMES[number % len(NAMES)]
        number += 1
    folder.mkdir(parents=True)
    return folder


#: The user of ``awkward_user_folder``.
AWKWARD_USER = "jörg.müller-øster"


def awkward_user_folder(base: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``long_folder`` under ``base``, with this user's name (``getpass`` reads it from the environment) and the
    app's data folder inside it."""
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, AWKWARD_USER)
    assert getpass.getuser() == AWKWARD_USER
    place = long_folder(base)
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(place / "Anwendungsdaten"))
    return place


def windows_error(winerror: int, path: Path) -> PermissionError:
    """The error Python raises on Windows for ``winerror`` (5 and 32 both map to EACCES)."""
    error = PermissionError(errno.EACCES, "The process cannot access the file", str(path))
    error.winerror = winerror  # type: ignore[attr-defined]
    return error


def open_in_another_program(
    monkeypatch: pytest.MonkeyPatch, target: Path, winerror: int = 5, times: int | None = None
) -> list[int]:
    """``os.replace`` onto ``target`` fails as on Windows when Word or Acrobat has it open (``times`` times, or
    until the test ends). Returns the refusals, one per attempt."""
    real = os.replace
    refusals: list[int] = []

    def replace(source: object, destination: object, *args: object, **kwargs: object) -> None:
        if Path(str(destination)) == target and (times is None or len(refusals) < times):
            refusals.append(winerror)
            raise windows_error(winerror, target)
        real(source, destination, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    return refusals


#: The exit code of a process killed by ``kill_hard``: -SIGKILL on POSIX, 1 from ``TerminateProcess`` on Windows.
KILLED = 1 if os.name == "nt" else -9


def kill_hard(child: subprocess.Popen[str]) -> None:
    """Kill ``child`` at once, wherever it is, with no chance to clean up (``kill -9``; Windows' TerminateProcess)."""
    child.kill()


def spawn(script: Path, *args: object) -> subprocess.Popen[str]:
    """Run ``script`` in this Python with ``args``, its output and errors read as text (by the test)."""
    return subprocess.Popen(
        [sys.executable, str(script), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def spawn_ready(script: Path, *args: object) -> subprocess.Popen[str]:
    """``spawn`` a script that prints "ready" once it has opened what it works on; returns when it has (what it
    printed instead fails the test, with its errors)."""
    child = spawn(script, *args)
    assert child.stdout is not None
    first = child.stdout.readline()
    assert first == "ready\n", child.stderr.read() if child.stderr else first
    return child
