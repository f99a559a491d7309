"""The command line's ``demo``: a realistic demonstration partnership in a new or empty file. The demo's
stories (``facilitator.demo``, a large package) load only for this command."""

from __future__ import annotations

import argparse

from facilitator.cli.files import count_records, new_partnership
from facilitator.cli.options import Commands, command
from facilitator.i18n import _, ngettext


def add_commands(commands: Commands) -> None:
    """``demo``."""
    demo = command(
        commands,
        "demo",
        help=_("create a demonstration partnership"),
        description=_("Fill a new or empty partnership file with a realistic demonstration partnership."),
        db=_("the partnership file to create (it must be new or empty)"),
    )
    demo.add_argument(
        "--years",
        type=int,
        default=1,
        metavar=_("N"),
        help=_("how many years of meetings to make up (default 1)"),
    )
    demo.set_defaults(run=_demo)


def _demo(options: argparse.Namespace) -> int:
    from facilitator.demo import build_demo

    with new_partnership(options.db) as partnership:
        build_demo(partnership, years=options.years)
        count = count_records(partnership)
    print(
        ngettext(
            "Created a demonstration partnership in {path} ({count} record).",
            "Created a demonstration partnership in {path} ({count} records).",
            count,
        ).format(path=options.db, count=count)
    )
    return 0
