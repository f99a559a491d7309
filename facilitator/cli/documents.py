"""The command line's documents: ``calendar``, ``minutes``, ``agenda``, ``report`` (the year in review) and
``leaflet``. Each builds its model in the core and has it written through ``exports.write``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import (
    Commands,
    audience_options,
    chosen_audience,
    command,
    document_language,
    document_options,
    forum_named,
    meeting_named,
    messages_in_reader_language,
    out_option,
    output,
    partner_named,
    reading,
)
from facilitator.collector import collector_paused
from facilitator.errors import KnownError, NotFound
from facilitator.i18n import _, active, is_known_language, ngettext

if TYPE_CHECKING:
    from facilitator.docmodel import DocumentModel
    from facilitator.exports import Format
    from facilitator.leaflets import Folding, LeafletModel, PageSize

#: The longest period a report covers (a partnership's whole life; longer is a typing mistake).
MAX_REPORT_YEARS = 50
#: The years a report may cover: a partnership's records are never outside them, and date arithmetic near
#: the ends of the calendar (year 1, year 9999) would fail.
REPORT_YEARS = (1900, 2200)


def add_calendar_command(commands: Commands) -> None:
    """``calendar``: meetings as an iCalendar file."""
    calendar = command(
        commands,
        "calendar",
        help=_("write meetings to an iCalendar file"),
        description=_(
            "Write one meeting, or every meeting of a forum, to an iCalendar (.ics) file that calendar "
            "programs and phones can import. Only public agenda items are listed in it."
        ),
        db=_("the partnership file to read"),
    )
    which = calendar.add_mutually_exclusive_group(required=True)
    which.add_argument("--meeting", metavar=_("ID"), help=_("the meeting with this id"))
    which.add_argument("--forum", metavar=_("ID"), help=_("every meeting of the forum with this id"))
    out_option(calendar, _("the iCalendar file to write"))
    calendar.set_defaults(run=_calendar)


def add_paper_commands(commands: Commands) -> None:
    """``minutes`` and ``agenda`` of one meeting, for an audience, in a language, as PDF or Word."""
    for name, text, description in (
        (
            "minutes",
            _("write the minutes of a meeting as Word or PDF"),
            _("Write the minutes of one meeting for an audience, in a language, as a Word or PDF file."),
        ),
        (
            "agenda",
            _("write the agenda of a meeting as Word or PDF"),
            _("Write the agenda of one meeting for an audience, in a language, as a Word or PDF file."),
        ),
    ):
        paper = command(
            commands, name, help=text, description=description, db=_("the partnership file to read")
        )
        paper.add_argument(
            "--meeting", required=True, metavar=_("ID"), help=_("the meeting, by the id `meetings` lists")
        )
        audience_options(
            paper,
            _("who the document is for: what they may see is decided by the confidentiality of each item"),
            partner=_("with --audience partners: also show what is restricted to the partner with this id"),
            required=True,
        )
        document_options(paper)
        out_option(paper, _("the file to write"))
        paper.set_defaults(run=_paper, paper=name)


def add_report_command(commands: Commands) -> None:
    """``report``: the year in review (indicators, charts, meetings, decisions) as PDF or Word."""
    report = command(
        commands,
        "report",
        help=_("write the year in review as Word or PDF"),
        description=_(
            "Write the partnership's indicators over a period (meetings, attendance, actions, conflicts, notices "
            "and escalations, with their charts and definitions), the meetings held and the decisions taken, for "
            "partners or the public, in a language, as a Word or PDF file."
        ),
        db=_("the partnership file to read"),
    )
    report.add_argument(
        "--forum", metavar=_("ID"), help=_("only the forum with this id (default: every forum)")
    )
    report.add_argument(
        "--from", dest="start", required=True, metavar=_("DATE"), help=_("the first day, as 2025-01-01")
    )
    report.add_argument(
        "--to", dest="end", required=True, metavar=_("DATE"), help=_("the last day, as 2025-12-31")
    )
    audience_options(
        report,
        _("who the report is for: the public version has no conflicts, notices or partners-only decisions"),
        partner=None,
        metavar="public|partners",
        default="partners",
    )
    document_options(report)
    out_option(report, _("the file to write"))
    report.set_defaults(run=_report)


def add_leaflet_command(commands: Commands) -> None:
    """``leaflet``: the leaflet of a public meeting in up to four languages."""
    leaflet = command(
        commands,
        "leaflet",
        help=_("write the leaflet of a public meeting as PDF or Word"),
        description=_(
            "Write the leaflet of a public meeting in up to four languages, a page each or a panel each of a "
            "folded A4 sheet, as a PDF or Word file. Only public content is printed."
        ),
        db=_("the partnership file to read"),
    )
    leaflet.add_argument(
        "--meeting", required=True, metavar=_("ID"), help=_("the public meeting, by the id `meetings` lists")
    )
    document_options(leaflet, _("the leaflet's language"))
    leaflet.add_argument(
        "--second-lang",
        "--also",
        dest="more_languages",
        action="append",
        default=[],
        metavar=_("CODE"),
        help=_("a further language (up to three): a page each, or a panel each with --folded"),
    )
    leaflet.add_argument(
        "--folded", action="store_true", help=_("a folded A4 sheet with an A5 panel for each language")
    )
    leaflet.add_argument("--size", default="a4", metavar="a4|a5", help=_("the paper size (default a4)"))
    leaflet.add_argument(
        "--large-print", action="store_true", help=_("large print (14 point and more, on A4)")
    )
    out_option(leaflet, _("the file to write"))
    leaflet.set_defaults(run=_leaflet)


def _calendar(options: argparse.Namespace) -> int:
    from facilitator.entities import Forum
    from facilitator.exports.ics import write_calendar
    from facilitator.meeting_ops import agenda, meetings_of
    from facilitator.meetings import Meeting

    out = output(options)
    with reading(options.db) as partnership:
        if options.meeting:
            meeting = partnership.find(Meeting, options.meeting)
            if meeting is None:
                raise NotFound(
                    _("There is no meeting with the id {id} in {db}.").format(
                        id=options.meeting, db=options.db
                    )
                )
            chosen = [meeting]
        else:
            forum_named(partnership, options.forum, options.db)
            chosen = meetings_of(partnership, options.forum)
        forums = {f.id: f for f in partnership.all(Forum, include_archived=True)}
        agendas = {m.id: agenda(partnership, m.id) for m in chosen}
    write_calendar(out, chosen, forums, agendas=agendas)
    print(
        ngettext(
            "Wrote {count} meeting to {out}.",
            "Wrote {count} meetings to {out}.",
            len(chosen),
        ).format(count=len(chosen), out=out)
    )
    return 0


def _paper(options: argparse.Namespace) -> int:
    """Minutes or agenda of one meeting, for an audience and in a language, written as PDF or DOCX."""
    with collector_paused():
        return _one_paper(options)


def _one_paper(options: argparse.Namespace) -> int:
    from facilitator.minutes import build_agenda, build_minutes

    messages_in_reader_language(options)
    language = document_language(options)
    audience = chosen_audience(options)
    fmt = _format(options)
    out = output(options)
    with reading(options.db) as partnership:
        meeting_named(partnership, options.meeting, options.db)
        if options.for_partner is not None:
            partner_named(partnership, options.for_partner, options.db)
        build = build_minutes if options.paper == "minutes" else build_agenda
        model = build(partnership, options.meeting, audience, language)
    _write(model, fmt, out)
    if model.untranslated:
        print(
            ngettext(
                "{count} text has no translation into {language} and is printed in the original:",
                "{count} texts have no translation into {language} and are printed in the original:",
                len(model.untranslated),
            ).format(count=len(model.untranslated), language=active().language_name(language))
        )
        for text in model.untranslated:
            print(f"  - {text}")
    return 0


def _format(options: argparse.Namespace) -> Format:
    """The ``--format`` asked for, as one of the formats documents are written in."""
    from facilitator.exports import Format

    return Format.named(options.format)


def _write(
    model: DocumentModel | LeafletModel,
    fmt: Format,
    out: Path,
    *,
    size: PageSize | None = None,
    large_print: bool = False,
    folding: Folding | None = None,
) -> None:
    """Write a document or leaflet through ``exports.write`` and say where. A PDF never waits for the bold fonts
    to be cut (``fonts.never_wait``): they are cut afterwards, in the background (``_bold_later``)."""
    from facilitator import exports
    from facilitator.exports import Format, fonts

    if fmt is not Format.PDF:
        exports.write(model, fmt, out, size=size, large_print=large_print, folding=folding)
        print(_("Wrote {out}.").format(out=out))
        return
    with fonts.never_wait():
        exports.write(model, fmt, out, size=size, large_print=large_print, folding=folding)
    print(_("Wrote {out}.").format(out=out))
    _bold_later()


def _bold_later() -> None:
    """After a PDF written without waiting for the bold fonts (the first on a machine): cut them in a process
    of their own, so this command ends now and the next document has its bold."""
    from facilitator.exports import fonts

    if fonts.build_in_background() is not None:
        print(
            _(
                "Bold text was printed in the regular weight this time: the bold font is being prepared "
                "in the background for the next documents (once per machine)."
            )
        )


def _day(text: str, option: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise KnownError(
            _("{option} {value} is not a date.").format(option=option, value=text),
            hint=_("Write dates as year-month-day, for example 2025-01-31."),
        ) from None
    first, last = REPORT_YEARS
    if not first <= day.year <= last:
        raise KnownError(
            _("{option} {value} is not a date a report can cover.").format(option=option, value=text),
            hint=_("Give a day between the years {first} and {last}.").format(first=first, last=last),
        )
    return day


def _report(options: argparse.Namespace) -> int:
    """The year in review of a period, for partners or the public, written as PDF or DOCX."""
    from facilitator.indicators import Period
    from facilitator.year_review import year_in_review

    messages_in_reader_language(options)
    language = document_language(options)
    audience = chosen_audience(options, ("public", "partners"))
    fmt = _format(options)
    start, end = _day(options.start, "--from"), _day(options.end, "--to")
    if end < start:
        raise KnownError(_("The period ends before it starts."), hint=_("Give --from a day before --to."))
    if end.year - start.year > MAX_REPORT_YEARS:
        raise KnownError(
            _("A report covers at most {years} years.").format(years=MAX_REPORT_YEARS),
            hint=_("Give a shorter period between --from and --to."),
        )
    out = output(options)
    with reading(options.db) as partnership:
        if options.forum:
            forum_named(partnership, options.forum, options.db)
        model = year_in_review(partnership, Period(start, end), language, options.forum, audience=audience)
    _write(model, fmt, out)
    return 0


def _leaflet(options: argparse.Namespace) -> int:
    """The leaflet of a public meeting, written as PDF or DOCX; a leaflet too long for one page is refused."""
    from facilitator.leaflets import Folding, PageSize, build_leaflet, leaflet_of, personal_data_warnings

    messages_in_reader_language(options)
    for code in (options.document_language, *options.more_languages):
        if code is not None and not is_known_language(code):
            raise KnownError(_("'{code}' is not a known language code").format(code=code))
    sizes = {size.value: size for size in PageSize}
    if options.size.lower() not in sizes:
        raise KnownError(
            _("'{size}' is not a paper size for leaflets.").format(size=options.size),
            hint=_("Choose one of: {sizes}.").format(sizes=", ".join(sizes)),
        )
    fmt = _format(options)
    size = sizes[options.size.lower()]
    folding = Folding.FOLDED if options.folded else Folding.SET
    out = output(options)
    with reading(options.db) as partnership:
        meeting_named(partnership, options.meeting, options.db)
        model = build_leaflet(
            partnership, options.meeting, options.document_language, *options.more_languages
        )
        written = leaflet_of(partnership, options.meeting)
        warnings = personal_data_warnings(partnership, written) if written is not None else []
    _write(model, fmt, out, size=size, large_print=options.large_print, folding=folding)
    for warning in warnings:
        print(_("Warning: {warning}").format(warning=warning), file=sys.stderr)
    untranslated = [text for side in model.sides for text in side.untranslated]
    if untranslated:
        print(
            ngettext(
                "{count} text has no translation and is printed in the original:",
                "{count} texts have no translation and are printed in the original:",
                len(untranslated),
            ).format(count=len(untranslated))
        )
        for text in untranslated:
            print(f"  - {text}")
    return 0
