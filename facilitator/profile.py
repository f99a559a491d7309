"""The partnership's own profile: its name, and where it works, so that its documents write dates and times as
people there do.

A partnership has at most one profile. Its ``name`` is public (the window's title, the header of its minutes and
agendas, whoever receives them); its ``region`` is an ISO 3166 country code ("GB", "FR", "PL"); documents
format with the document's language *and* this region (``facilitator.i18n.translator(language, region)``), so
an English leaflet of a partnership in Britain says "18:30", not the United States' "6:30 PM". Without a
profile, documents take each language's own conventions.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from facilitator.entities import MAX_NAME, Record, max_length, touched
from facilitator.errors import ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import Translator, _, translator
from facilitator.store import Store

if TYPE_CHECKING:
    from facilitator.operations import Edit

KIND_NAME = "profiles"  # the name of the kind in records.KINDS and of its table


@frozen(kw_only=True)
class Profile(Record):
    """What the partnership is called and where it works."""

    name: str = ""  # e.g. "Station Square Partnership"; public; empty until the coordinator gives one
    region: str = ""  # ISO 3166-1 alpha-2 code, upper case; empty: each language's own conventions


@cache
def known_regions() -> frozenset[str]:
    """The country codes Babel knows (ISO 3166-1 alpha-2)."""
    from babel import Locale  # noqa: PLC0415 - Babel is loaded when first needed

    names = Locale.parse("en").territories
    return frozenset(
        str(code) for code in names if isinstance(code, str) and len(code) == 2 and code.isalpha()
    )


def validate_profile(profile: Profile) -> None:
    """Refuse a name too long for a title, and a region that is not a known two-letter country code."""
    max_length(profile.name, "name", MAX_NAME)
    if profile.region and profile.region not in known_regions():
        raise ValidationError(
            "region",
            _("'{code}' is not a country code (two capital letters, such as GB or FR)").format(
                code=profile.region
            ),
        )


def partnership_profile(store: Store) -> Profile:
    """The partnership's profile, or an empty one (not stored) when none was saved."""
    found = store.all(Profile)
    return found[0] if found else Profile()


def partnership_name(store: Store) -> str:
    """The partnership's name on one line (what a title or a footer prints), or "" when it has none."""
    return " ".join(partnership_profile(store).name.split())


def save_profile(store: Store, profile: Profile) -> Edit:
    """Create or change the partnership's profile (there is one)."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    profile = replace(profile, name=profile.name.strip())
    validate_profile(profile)
    stored = store.all(Profile)
    label = _("Set where the partnership works")
    if not stored:
        if profile.name:
            label = _("Name the partnership")
        return Edit(label, ((None, touched(profile)),))
    before = stored[0]
    if before.name != profile.name:
        label = _("Name the partnership")
    after = touched(replace(profile, id=before.id, created=before.created))
    return Edit(label, ((before, after),))


def document_translator(store: Store, language: str) -> Translator:
    """The translator a document of this partnership is written with: its language, and the partnership's
    region for dates, times and numbers."""
    return translator(language, partnership_profile(store).region)
