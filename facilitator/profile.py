"""The partnership's own profile: where it works, so that its documents write dates and times as people there do.

A partnership has at most one profile. Its ``region`` is an ISO 3166 country code ("GB", "FR", "PL"); documents
format with the document's language *and* this region (``facilitator.i18n.translator(language, region)``), so
an English leaflet of a partnership in Britain says "18:30", not the United States' "6:30 PM". Without a
profile, documents take each language's own conventions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from facilitator.entities import Record, touched
from facilitator.errors import ValidationError
from facilitator.i18n import Translator, _, translator
from facilitator.operations import Edit
from facilitator.store import Store

KIND_NAME = "profiles"  # the name of the kind in records.KINDS and of its table


@dataclass(frozen=True, kw_only=True)
class Profile(Record):
    """Where the partnership works."""

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
    """Refuse a region that is not a known two-letter country code."""
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


def save_profile(store: Store, profile: Profile) -> Edit:
    """Create or change the partnership's profile (there is one)."""
    validate_profile(profile)
    stored = store.all(Profile)
    if not stored:
        return Edit(_("Set where the partnership works"), ((None, touched(profile)),))
    before = stored[0]
    after = touched(replace(profile, id=before.id, created=before.created))
    return Edit(_("Set where the partnership works"), ((before, after),))


def document_translator(store: Store, language: str) -> Translator:
    """The translator a document of this partnership is written with: its language, and the partnership's
    region for dates, times and numbers."""
    return translator(language, partnership_profile(store).region)
