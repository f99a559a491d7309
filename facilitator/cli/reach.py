"""The command line's ``circulate``, ``reminders`` and ``search``: reaching every partner and finding anything.

Part of the command line (``facilitator.cli``, which adds these commands to its parser): it parses, opens the
partnership file, asks the core, has a writer write, and reports. Drafts are written into the folder given with
``--out``, one ``.eml`` per partner, each path checked (``storage.outputs``); nothing is sent.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import (
    Commands,
    audience_options,
    chosen_audience,
    command,
    forum_named,
    meeting_named,
    open_for_writing,
    out_option,
    partner_named,
    reading,
    reading_with_sqlite_utils,
)
from facilitator.errors import KnownError
from facilitator.i18n import _, current_language, ngettext

if TYPE_CHECKING:
    from facilitator.i18n import Translator
    from facilitator.mail import MailDraft, Recipients
    from facilitator.search import Group


def add_commands(commands: Commands) -> None:
    """Add ``circulate``, ``reminders`` and ``search`` to the parser's commands."""

    circulate = command(
        commands,
        "circulate",
        help=_("prepare one e-mail draft per partner with the agenda or minutes"),
        description=_(
            "Prepare the agenda (with its papers) or the minutes of a meeting as one e-mail draft (.eml) per "
            "partner, addressed to its representatives on the forum, with the version that partner may see, in "
            "its language where the whole document exists in it. Open the drafts in your mail program to send "
            "them; nothing is sent from here. The circulation is recorded in the partnership file."
        ),
        db=_("the partnership file"),
    )
    circulate.add_argument(
        "--meeting", required=True, metavar=_("ID"), help=_("the meeting, by the id `meetings` lists")
    )
    circulate.add_argument("--what", required=True, metavar="agenda|minutes", help=_("what to circulate"))
    circulate.add_argument(
        "--partner",
        dest="partners",
        action="append",
        metavar=_("ID"),
        help=_("only this partner (repeat for more; default: every partner on the forum)"),
    )
    version = circulate.add_mutually_exclusive_group()
    version.add_argument(
        "--public-version",
        dest="public",
        action="store_const",
        const=True,
        help=_("every partner gets the public version (the default for a public meeting)"),
    )
    version.add_argument(
        "--partners-version",
        dest="public",
        action="store_const",
        const=False,
        help=_("each partner gets the partners' version made for it (the default for other meetings)"),
    )
    _folder_options(circulate)
    circulate.set_defaults(run=_circulate)

    reminders = command(
        commands,
        "reminders",
        help=_("prepare one reminder draft per partner before a forum's next meeting"),
        description=_(
            "Prepare one e-mail draft (.eml) per partner of a forum with its open actions for that forum "
            "(overdue first, with due dates and what they wait for) and what it has not answered yet (notices, "
            "escalations), before the forum's next meeting. Nothing is sent from here."
        ),
        db=_("the partnership file to read"),
    )
    reminders.add_argument("--forum", required=True, metavar=_("ID"), help=_("the forum, by its id"))
    _folder_options(reminders)
    reminders.set_defaults(run=_reminders)

    finder = command(
        commands,
        "search",
        help=_("find words in meetings, items, notes, decisions, actions, registers and people"),
        description=_(
            "Find every record whose words begin with the words given, in any case and with or without accents: "
            "meetings, agenda items and notes, decisions, actions and their updates, conflicts, notices, "
            "escalations, partners and people, across all years. Results are grouped by kind, newest first."
        ),
        db=_("the partnership file to read"),
    )
    finder.add_argument("text", nargs="+", metavar=_("TEXT"), help=_("the words to find"))
    finder.add_argument("--json", action="store_true", help=_("write JSON instead of text (for other tools)"))
    audience_options(
        finder,
        _("only what this audience may see (default: the full record, as the coordinator sees it)"),
        partner=_("with --audience partners: for this partner"),
        default="full",
    )
    finder.set_defaults(run=_search)


def _folder_options(parser: argparse.ArgumentParser) -> None:
    out_option(
        parser,
        _("the folder to write the drafts into"),
        metavar=_("FOLDER"),
        force=_("replace drafts of the same name in the folder"),
    )
    parser.add_argument(
        "--from", dest="sender", default="", metavar=_("NAME"), help=_("the name the drafts are signed with")
    )


def _folder(options: argparse.Namespace) -> Path:
    text = str(options.out or "").strip()
    if not text:
        raise KnownError(_("No folder to write to was given."), hint=_("Give one, for example --out drafts."))
    folder = Path(text).expanduser()
    if folder.exists() and not folder.is_dir():
        raise KnownError(
            _("{path} is a file, not a folder.").format(path=folder), hint=_("Give a folder for the drafts.")
        )
    return folder


def _targets(
    options: argparse.Namespace, folder: Path, drafts: Sequence[MailDraft]
) -> list[tuple[Path, MailDraft]]:
    """Where each draft goes, every path checked before anything is written."""
    from facilitator.storage.outputs import check_output

    return [
        (check_output(folder / f"{d.file_stem}.eml", database=options.db, force=options.force), d)
        for d in drafts
    ]


def _write(targets: list[tuple[Path, MailDraft]], folder: Path) -> dict[str, str]:
    from facilitator.exports.eml import write_drafts
    from facilitator.safe_files import plain_os_error

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise plain_os_error(folder, error) from error
    written: dict[str, str] = write_drafts(targets)
    return written


def _addressed(recipients: Recipients) -> str:
    return recipients.line() or _("no e-mail address: the draft has no recipient")


def _circulate(options: argparse.Namespace) -> int:
    from facilitator.circulation import Circulated, drafts, plan_circulation, record_circulation
    from facilitator.i18n import active

    kinds = {c.value: c for c in Circulated}
    if options.what not in kinds:
        raise KnownError(
            _("'{what}' cannot be circulated.").format(what=options.what),
            hint=_("Choose one of: {choices}.").format(choices=", ".join(kinds)),
        )
    folder = _folder(options)
    with open_for_writing(options.db) as partnership:
        meeting_named(partnership, options.meeting, options.db)
        plan = plan_circulation(
            partnership,
            options.meeting,
            kinds[options.what],
            partner_ids=options.partners,
            public=options.public,
            sender=options.sender,
        )
        prepared = drafts(partnership, plan)
        targets = _targets(options, folder, prepared)
        checksums = _write(targets, folder)
        record_circulation(partnership, plan, checksums).apply(partnership)
    language = active()
    for (path, _draft), copy in zip(targets, plan.copies, strict=True):
        version = (
            copy.audience.kind.label
            if copy.audience.is_public
            else _("for {partner}").format(partner=copy.partner.display_name)
        )
        print(
            _("{partner}: {recipients}; {version}, {language}; {file}").format(
                partner=copy.partner.name,
                recipients=_addressed(copy.recipients),
                version=version,
                language=language.language_name(copy.language),
                file=path.name,
            )
        )
        if copy.changes:
            for line in copy.changes:
                print(f"    {line}")
        elif copy.unchanged:
            print("    " + _("unchanged since the last version sent"))
    _say_missing([c.partner.name for c in plan.without_address])
    print(
        ngettext(
            "Wrote {count} draft to {folder}.", "Wrote {count} drafts to {folder}.", len(targets)
        ).format(count=len(targets), folder=folder)
    )
    return 0


def _say_missing(names: list[str]) -> None:
    if names:
        text = _(
            "No e-mail address for: {partners}. Their drafts have no recipient; add the address in the mail "
            "program, or on the Partners screen."
        )
        print(text.format(partners=", ".join(names)), file=sys.stderr)


def _reminders(options: argparse.Namespace) -> int:
    from facilitator.reminders import plan_reminders

    folder = _folder(options)
    with reading(options.db) as partnership:
        forum_named(partnership, options.forum, options.db)
        plan = plan_reminders(partnership, options.forum, sender=options.sender)
    targets = _targets(options, folder, [r.draft for r in plan.reminders])
    if targets:
        _write(targets, folder)
    for (path, _draft), reminder in zip(targets, plan.reminders, strict=True):
        print(
            _("{partner}: {recipients}; {count} to remind; {file}").format(
                partner=reminder.partner.name,
                recipients=_addressed(reminder.recipients),
                count=reminder.count,
                file=path.name,
            )
        )
    if plan.nothing_to_remind:
        print(
            _("Nothing to remind: {partners}.").format(
                partners=", ".join(p.name for p in plan.nothing_to_remind)
            )
        )
    _say_missing([r.partner.name for r in plan.without_address])
    print(
        ngettext(
            "Wrote {count} draft to {folder}.", "Wrote {count} drafts to {folder}.", len(targets)
        ).format(count=len(targets), folder=folder)
    )
    return 0


def _search(options: argparse.Namespace) -> int:
    from facilitator.profile import document_translator
    from facilitator.storage.search_index import find, is_current

    text = " ".join(options.text)
    audience = chosen_audience(options)
    with reading_with_sqlite_utils(options.db) as partnership:
        # Dates as the partnership writes them (its region: 30 Nov 2026 in London), as ``meetings`` does.
        language = document_translator(partnership, current_language())
        if options.for_partner is not None:
            partner_named(partnership, options.for_partner, options.db)
        if not is_current(partnership.db):
            # Read-only, the words are indexed in memory first: seconds on decades of records.
            print(
                _(
                    "Preparing the search of this file first (a few seconds; once it is opened for writing, no more)…"
                ),
                file=sys.stderr,
            )
        groups = find(partnership, text, audience=audience)
    if options.json:
        print(json.dumps(_as_json(groups, text), ensure_ascii=False, indent=2))
        return 0
    if not groups:
        print(_("Nothing found for “{text}”.").format(text=text))
        return 0
    print("\n".join(_as_text(groups, text, language)))
    return 0


def _as_json(groups: list[Group], text: str) -> list[dict[str, object]]:
    from facilitator.search import excerpt, query_terms

    terms = query_terms(text)
    return [
        {
            "kind": group.kind.value,
            "label": group.kind.label,
            "more": group.more,
            "more_at_least": group.capped,  # only the newest matches were counted
            "results": [
                {
                    "id": hit.record_id,
                    "title": hit.title,
                    "day": hit.day.isoformat() if hit.day else None,
                    "excerpt": excerpt(hit.text, terms).text,
                    "found": sorted({part for part, found in excerpt(hit.text, terms).parts if found}),
                    "opens": {"screen": hit.screen, "id": hit.target_id},
                }
                for hit in group.hits
            ],
        }
        for group in groups
    ]


def _as_text(groups: list[Group], text: str, language: Translator) -> list[str]:
    from facilitator.search import excerpt, query_terms

    terms = query_terms(text)
    lines: list[str] = []
    for group in groups:
        count = len(group.hits) + group.more
        lines.append(f"{group.kind.label} ({count}{'+' if group.capped else ''})")
        for hit in group.hits:
            day = language.format_date(hit.day) if hit.day else ""
            found = excerpt(hit.text, terms)
            shown = "".join(f"«{part}»" if marked else part for part, marked in found.parts)
            lines.append(f"  {day}  {hit.title}".rstrip())
            lines.append(f"      {'…' if found.cut_before else ''}{shown}{'…' if found.cut_after else ''}")
        if group.more:
            if group.capped:
                more = ngettext("… and at least {n} more", "… and at least {n} more", group.more)
            else:
                more = ngettext("… and {n} more", "… and {n} more", group.more)
            lines.append("  " + more.format(n=group.more))
        lines.append("")
    return lines
