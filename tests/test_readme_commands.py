"""The README's command list is the command line's own: every command that ``facilitator --help`` lists is in
the README's "Command line" section, every command the section shows exists, and every option it shows for a
command is one that command's ``--help`` offers."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from facilitator.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]


def _section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block is not None, "the README's Command line section has no command block"
    return block.group(1).replace("\\\n", " ")


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_the_readme_lists_every_command_that_help_lists() -> None:
    help_text = subprocess.run(
        [sys.executable, "-m", "facilitator", "--help"], capture_output=True, text=True, check=True
    ).stdout
    listed = set(_commands(build_parser()))
    assert listed and all(re.search(rf"^\s+{re.escape(name)}\b", help_text, re.M) for name in listed)
    words = set(re.findall(r"[a-z][a-z-]*", _section()))
    assert sorted(listed - words) == []


def test_every_command_and_option_the_readme_shows_exists() -> None:
    parser = build_parser()
    commands = _commands(parser)
    shown = 0
    for line in _section().splitlines():
        found = re.match(r"uv run facilitator\b(.*)", line.strip())
        if not found:
            continue
        words = found.group(1).split("#", 1)[0].split()
        name = words[0] if words and not words[0].startswith(("-", "[")) else None
        assert name is None or name in commands, f"the README shows `facilitator {name}`, which does not exist"
        command = commands[name] if name else parser
        # A command with actions of its own (``exchange export|import|...``) has its options on its actions.
        help_text = "\n".join(
            [command.format_help()] + [action.format_help() for action in _commands(command).values()]
        )
        for option in re.findall(r"--[a-z][a-z-]*", " ".join(words)):
            assert option in help_text, f"`facilitator {name or ''} {option}` is not in its --help"
        shown += 1
    assert shown >= len(commands) // 2
