"""Figures about the street: what a forum counts (needles found, people contacted, referrals, complaints,
incidents), what was reported at each meeting, and the targets the partners agreed.

These are *outcomes*. The partnership's own indicators (``facilitator.indicators``) measure how it works; the
two are never mixed: the report keeps them in two parts, and says that figures show change, not its cause.

- A ``TrackedFigure`` is a figure one forum tracks: one of the common figures (``COMMON_FIGURES``, named in every
  document language) or the forum's own, with its unit, what counts, the partner that reports it, how often,
  whether higher is better, how reports add up (a total of events, or the average of a level) and whether the
  forum publishes it (its ``confidentiality``: public or partners; ``facilitator.audience`` decides who sees it).
- A ``FigureReading`` is one value as reported, for the days it covers: at a meeting, or from the partner's
  records afterwards (``meeting_id`` None). A figure without a reading is *missing*, never zero; a reading
  without a value says why there is none.
- A ``FigureTarget`` is a target for a period, agreed at a meeting and recorded as a decision there.

Operations on them are in ``facilitator.figure_ops``; totals and trends in ``facilitator.figure_trends``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from facilitator.entities import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_NAME,
    MAX_TEXT,
    LabelledEnum,
    Record,
    Sector,
    check_text,
)
from facilitator.errors import ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import N_, Translator, _
from facilitator.meetings import Confidentiality

MAX_UNIT = 80
MAX_NOTE = 2000
#: No street figure comes near this; a bigger number is a typing slip.
LARGEST_VALUE = 1_000_000_000
MAX_DECIMALS = 3
#: A reading covers at most about a year (a figure reported once a year, at the annual review).
LONGEST_COVER_DAYS = 366


class Frequency(LabelledEnum):
    """How often a figure is reported."""

    EVERY_MEETING = "every_meeting", N_("At every meeting")
    MONTHLY = "monthly", N_("Once a month")
    QUARTERLY = "quarterly", N_("Once a quarter")


class Combine(LabelledEnum):
    """How the reports of a longer period add up: events are counted (a total), a level is averaged."""

    TOTAL = "total", N_("Added up (events counted)")
    AVERAGE = "average", N_("Averaged (a level measured each time)")


@frozen
class CommonFigure:
    """A figure most street-level partnerships track, named and defined in every document language."""

    key: str
    name: str
    unit: str
    counts: str
    higher_is_better: bool
    combine: Combine
    sectors: tuple[Sector, ...]  # who usually reports it, to suggest a partner

    def __post_init__(self) -> None:
        assert self.sectors, "a common figure says who usually reports it"


#: The common figures, by key, in the order they are offered.
COMMON_FIGURES: dict[str, CommonFigure] = {
    figure.key: figure
    for figure in (
        CommonFigure(
            "needles_found",
            N_("Needles found"),
            N_("needles"),
            N_(
                "Discarded needles and syringes found in public places of the area and removed safely, by the "
                "street cleaning teams and outreach workers together."
            ),
            False,
            Combine.TOTAL,
            (Sector.STREET_CLEANING, Sector.OUTREACH),
        ),
        CommonFigure(
            "rough_sleepers_contacted",
            N_("People sleeping rough contacted"),
            N_("people"),
            N_(
                "People sleeping rough in the area whom outreach workers spoke to; a person counts once in each "
                "report, however often they were seen."
            ),
            True,
            Combine.TOTAL,
            (Sector.OUTREACH,),
        ),
        CommonFigure(
            "treatment_referrals",
            N_("Referrals into treatment"),
            N_("referrals"),
            N_("People from the area referred to a drug treatment service by any partner."),
            True,
            Combine.TOTAL,
            (Sector.DRUG_TREATMENT, Sector.OUTREACH),
        ),
        CommonFigure(
            "treatment_starts",
            N_("Referrals that started treatment"),
            N_("people"),
            N_("People referred from the area who attended their first treatment appointment."),
            True,
            Combine.TOTAL,
            (Sector.DRUG_TREATMENT,),
        ),
        CommonFigure(
            "resident_complaints",
            N_("Complaints from residents"),
            N_("complaints"),
            N_(
                "Complaints about drug use, dealing, litter or nuisance in the area received from residents by "
                "the council, by telephone, letter, e-mail or at the counter."
            ),
            False,
            Combine.TOTAL,
            (Sector.PUBLIC_ORDER, Sector.COMMUNITY),
        ),
        CommonFigure(
            "business_complaints",
            N_("Complaints from businesses"),
            N_("complaints"),
            N_(
                "Complaints about drug use, dealing, litter or nuisance in the area received from shops and "
                "other businesses."
            ),
            False,
            Combine.TOTAL,
            (Sector.BUSINESS, Sector.PUBLIC_ORDER),
        ),
        CommonFigure(
            "incidents",
            N_("Drug-related incidents"),
            N_("incidents"),
            N_(
                "Incidents recorded by the police in the area that involved drugs: dealing, using in public, "
                "disorder and thefts linked to drug use."
            ),
            False,
            Combine.TOTAL,
            (Sector.POLICE,),
        ),
    )
}


@frozen(kw_only=True)
class TrackedFigure(Record):
    """A figure one forum tracks, and the partner that reports it.

    For a common figure (``common`` set) an empty name, unit or definition means the common one, printed in each
    document's language; what the forum typed is printed as typed.
    """

    forum_id: str
    partner_id: str
    position: int = 0
    common: str = ""
    name: str = ""
    unit: str = ""
    counts: str = ""  # what counts: the figure's definition
    source: str = ""  # where the partner takes it from (a log, a system, a count night)
    frequency: Frequency = Frequency.EVERY_MEETING
    higher_is_better: bool = False
    combine: Combine = Combine.TOTAL
    decimals: int = 0
    confidentiality: Confidentiality = Confidentiality.PARTNERS
    reported_under: str = ""  # the title of the agenda item its figures are entered under

    @property
    def restricted_to(self) -> tuple[str, ...]:
        """Figures are public or for partners, never restricted to some (``audience.Confidential``)."""
        return ()

    @property
    def is_public(self) -> bool:
        """Whether the forum publishes this figure."""
        return self.confidentiality is Confidentiality.PUBLIC

    @property
    def standard(self) -> CommonFigure | None:
        """The common figure this one is, if any."""
        return COMMON_FIGURES.get(self.common)

    def name_in(self, t: Translator) -> str:
        """The figure's name in the language of ``t``."""
        return self.name or (t.gettext(self.standard.name) if self.standard else "")

    def unit_in(self, t: Translator) -> str:
        """The unit in the language of ``t``."""
        return self.unit or (t.gettext(self.standard.unit) if self.standard else "")

    def counts_in(self, t: Translator) -> str:
        """What counts, in the language of ``t``."""
        return self.counts or (t.gettext(self.standard.counts) if self.standard else "")


@frozen(kw_only=True)
class FigureReading(Record):
    """One value of a figure for the days it covers, reported at a meeting or from the partner's records."""

    figure_id: str
    covers_from: dt.date
    covers_to: dt.date
    meeting_id: str | None = None
    value: float | None = None  # None: not available, and ``note`` says why
    note: str = ""


@frozen(kw_only=True)
class FigureTarget(Record):
    """A target for a figure over a period, agreed by ``decision_id`` (a decision taken at a meeting)."""

    figure_id: str
    decision_id: str
    starts: dt.date
    ends: dt.date
    value: float


# --- validation ---------------------------------------------------------------------------------------------------


def _day(value: dt.date, field: str) -> None:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            field,
            _("{year} is not a plausible year (between {first} and {last})").format(
                year=value.year, first=EARLIEST_YEAR, last=LATEST_YEAR
            ),
        )


def _span(first: dt.date, last: dt.date, first_field: str, last_field: str) -> None:
    _day(first, first_field)
    _day(last, last_field)
    if last < first:
        raise ValidationError(last_field, _("ends before it starts"))


def check_number(value: float, field: str = "value") -> None:
    """Refuse a number no figure can have: not finite, below zero or absurdly large."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(field, _("is not a number"))
    if value < 0:
        raise ValidationError(field, _("cannot be below zero"))
    if value > LARGEST_VALUE:
        raise ValidationError(field, _("is too large to be a figure about the street"))


def validate_figure(figure: TrackedFigure) -> None:
    """Refuse a figure the forum could not report: no name or unit of its own, no reporting partner, a
    confidentiality other than public or partners."""
    if figure.common and figure.common not in COMMON_FIGURES:
        raise ValidationError(
            "common", _("'{key}' is not one of the common figures").format(key=figure.common)
        )
    own = not figure.common
    check_text(figure.name, "name", MAX_NAME, required=own)
    check_text(figure.unit, "unit", MAX_UNIT, required=own)
    check_text(figure.counts, "counts", MAX_TEXT)
    check_text(figure.source, "source", MAX_NAME * 2)
    check_text(figure.reported_under, "reported_under", MAX_NAME)
    if not figure.forum_id:
        raise ValidationError("forum_id", _("a figure belongs to a forum"))
    if not figure.partner_id:
        raise ValidationError("partner_id", _("name the partner that reports this figure"))
    if not 0 <= figure.decimals <= MAX_DECIMALS:
        raise ValidationError("decimals", _("must be between 0 and {most}").format(most=MAX_DECIMALS))
    if figure.confidentiality is Confidentiality.RESTRICTED:
        raise ValidationError("confidentiality", _("a figure is either public or for the partners"))
    if figure.position < 0:
        raise ValidationError("position", _("must not be negative"))


def validate_reading(reading: FigureReading) -> None:
    """Refuse a reading with impossible dates or value, or without a value and without saying why."""
    _span(reading.covers_from, reading.covers_to, "covers_from", "covers_to")
    if (reading.covers_to - reading.covers_from).days >= LONGEST_COVER_DAYS:
        raise ValidationError("covers_to", _("a figure covers a year at most"))
    if reading.value is not None:
        check_number(reading.value)
    check_text(reading.note, "note", MAX_NOTE, required=reading.value is None)


def validate_target(target: FigureTarget) -> None:
    """Refuse a target with impossible dates or value."""
    _span(target.starts, target.ends, "starts", "ends")
    check_number(target.value)
    if not target.decision_id:
        raise ValidationError("decision_id", _("a target is agreed by a decision"))


def fits_figure(value: float, figure: TrackedFigure, field: str = "value") -> None:
    """Refuse ``value`` for ``figure``: more decimals than it is counted with, or a share over 100 %."""
    check_number(value, field)
    scaled = Decimal(str(value)).scaleb(figure.decimals)
    if scaled != scaled.to_integral_value():
        if figure.decimals == 0:
            raise ValidationError(field, _("is counted in whole numbers"))
        raise ValidationError(
            field, _("has more than {count} digits after the decimal point").format(count=figure.decimals)
        )
    if figure.unit.strip() == "%" and value > 100:
        raise ValidationError(field, _("a percentage is 100 at most"))


# --- typed numbers ------------------------------------------------------------------------------------------------

# Patterns kept as text: ``re`` compiles each (and keeps it) at its first use, not whenever the module loads.
#: A number as people type it (digits of any script, group and decimal separators, a sign), then perhaps a unit.
_TYPED = r"^\s*([+-]?[\d.,'’\s\u00a0\u202f]*\d)\s*(.*?)\s*$"
_SPACES = r"[\s\u00a0\u202f]"


def _same_unit(typed: str, unit: str) -> bool:
    def plain(word: str) -> str:
        folded = unicodedata.normalize("NFKC", word).casefold().strip().rstrip(".")
        return folded[:-1] if len(folded) > 2 and folded.endswith("s") else folded

    return bool(unit) and plain(typed) == plain(unit)


def parse_figure(text: str, figure: TrackedFigure, t: Translator) -> float | None:
    """The value typed for ``figure`` in the language of ``t`` ("1 234", "12,5" in French, "12 needles"), or
    None for nothing typed. Raises ``ValidationError`` (field ``value``) naming what is wrong: not a number,
    another unit, below zero, too many decimals."""
    from babel.numbers import NumberFormatError, parse_decimal  # noqa: PLC0415

    if not text.strip():
        return None
    found = re.match(_TYPED, text)
    if found is None:
        raise ValidationError("value", _("'{text}' is not a number").format(text=text.strip()))
    number, unit = found.group(1), found.group(2)
    if unit and not any(_same_unit(unit, u) for u in (figure.unit_in(t), figure.unit)):
        raise ValidationError(
            "value",
            _("this figure is counted in {unit}, not in {typed}").format(unit=figure.unit_in(t), typed=unit),
        )
    plain = re.sub(_SPACES, "", number)
    parsed: Decimal | None
    try:
        parsed = parse_decimal(plain, locale=t.locale, strict=True)
    except NumberFormatError:
        parsed = _plain_decimal(plain)
        if parsed is None:
            raise ValidationError(
                "value",
                _("'{text}' is not a number as {language} writes it").format(
                    text=number.strip(), language=t.language_name(t.language)
                ),
            ) from None
    value = float(parsed)
    fits_figure(value, figure)
    return value


def _plain_decimal(text: str) -> Decimal | None:
    """``12.5`` as a computer writes it, accepted in any language (a figure copied from a spreadsheet)."""
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text) or not text.isascii():
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


def format_figure(value: float | None, figure: TrackedFigure, t: Translator) -> str:
    """A value as the document's language writes it, with the figure's decimals; "—" for no value."""
    if value is None:
        return "—"
    from babel.numbers import format_decimal  # noqa: PLC0415

    places = figure.decimals
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return str(format_decimal(round(value, places), format=pattern, locale=t.locale))
