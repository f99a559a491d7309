"""The README opens with the two developer commands, and tells users how to install before developers set up."""

from __future__ import annotations

from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_stay_at_the_very_top() -> None:
    lines = README.splitlines()
    assert lines[0] == "# Partnership Facilitator"
    block = lines[lines.index("```") + 1 : lines.index("```", lines.index("```") + 1)]
    assert lines.index("```") == 2
    assert [line.split("#")[0].strip() for line in block] == ["uv run facilitator", "uv run pytest"]


def test_users_read_how_to_install_before_the_developer_set_up() -> None:
    install = README.index("\n## Install\n")
    developers = README.index("\n## Developer set-up\n")
    assert README.index("```") < install < developers < README.index("\n## What works today\n")
    section = README[install:developers]
    for step in ("Windows", "macOS", "Linux", "install.sh", "no administrator rights"):
        assert step in section
