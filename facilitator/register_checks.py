"""Checks the registers share (conflicts and notices): plausible dates, names and texts within their limits,
and a confidentiality that is never public and names who may see a restricted record."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.entities import EARLIEST_YEAR, LATEST_YEAR, MAX_NAME, MAX_TEXT, Record
from facilitator.errors import ValidationError
from facilitator.i18n import _
from facilitator.meetings import Confidentiality


def check_dates(record: Record, *names: str) -> None:
    """Refuse a date field of ``record`` outside the years the app accepts."""
    for name in names:
        day = getattr(record, name)
        if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise ValidationError(name, _("is not a plausible date"))


def check_texts(record: Record, required: str, *others: str) -> None:
    """Refuse an empty or over-long ``required`` name and over-long ``others`` texts."""
    value = getattr(record, required)
    if not value.strip():
        raise ValidationError(required, _("must not be empty"))
    if len(value) > MAX_NAME:
        raise ValidationError(required, _("is longer than {limit} characters").format(limit=MAX_NAME))
    for name in others:
        if len(getattr(record, name)) > MAX_TEXT:
            raise ValidationError(name, _("is longer than {limit} characters").format(limit=MAX_TEXT))


def check_restriction(confidentiality: Confidentiality, restricted_to: Sequence[str]) -> None:
    """Refuse a public record, or a restricted one that names no partner who may see it."""
    if confidentiality is Confidentiality.PUBLIC:
        raise ValidationError("confidentiality", _("conflicts and notices are never public"))
    if confidentiality is Confidentiality.RESTRICTED and not restricted_to:
        raise ValidationError("restricted_to", _("name at least one partner who may see it"))
