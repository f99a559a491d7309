"""The one place for language: gettext lookups and Babel formatting for the window and the documents.

Widgets call ``_``/``ngettext`` for the language of the window; writers ask ``translator(code)`` for the language
of a document, so a French document can be produced from an English window. Catalogs are the ``.po`` files in
``facilitator.translations``; they are compiled when first needed, never committed as ``.mo`` (the program's
start has the compiled catalogs kept in the user's cache folder: ``keep_compiled_catalogs``). A
bundle (``packaging/build.py``) ships them compiled to ``.mo`` instead, without the ``.po``: a catalog is read
from its ``.mo`` only where no ``.po`` is shipped, so a stray ``.mo`` in a checkout is never read.
Babel's modules are imported when first used: the window shows before any date is formatted.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Callable
from functools import cache, cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from babel import Locale

DOMAIN = "facilitator"
SOURCE_LANGUAGE = "en"
#: Languages the window is translated into, complete.
UI_LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "nl")
#: Languages documents (minutes, agendas, leaflets, registers) are made in; their labels are translated.
DOCUMENT_LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "nl", "nb", "sv", "da", "pl", "tr", "ro", "ru", "ar")
#: Languages a partner, a person or a forum may work in (Babel knows them all); the window offers these.
COMMON_LANGUAGES: tuple[str, ...] = (
    "en",
    "fr",
    "de",
    "nl",
    "pl",
    "ar",
    "tr",
    "es",
    "pt",
    "it",
    "ro",
    "bg",
    "el",
    "ru",
    "uk",
    "fa",
    "ur",
    "so",
    "ti",
    "am",
    "ku",
    "sq",
    "sr",
    "hr",
    "bs",
    "zh",
    "vi",
    "hi",
    "bn",
    "pa",
)
#: A test-only language that wraps every translated string, to find strings that escape translation.
PSEUDO_LANGUAGE = "x-pseudo"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


def N_(message: str) -> str:
    """Mark a module-level string for extraction; translate it with ``_`` when it is shown."""
    return message


class _PseudoTranslations(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"{PSEUDO_OPEN}{message}{PSEUDO_CLOSE}"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)


def catalog_path(language: str) -> Traversable:
    """Where the ``.po`` catalog of ``language`` lives inside the installed package."""
    from importlib import resources  # noqa: PLC0415 - not needed to start in English

    return resources.files("facilitator.translations").joinpath(f"{language}.po")


def compiled_catalog_path(language: str) -> Traversable:
    """Where a bundle keeps the catalog of ``language`` compiled (``.mo``), read only when no ``.po`` is shipped."""
    from importlib import resources  # noqa: PLC0415

    return resources.files("facilitator.translations").joinpath(f"{language}.mo")


def shipped_catalogs() -> list[str]:
    """The language codes for which a catalog is shipped (``.po``, or ``.mo`` in a bundle)."""
    from importlib import resources  # noqa: PLC0415

    folder = resources.files("facilitator.translations")
    return sorted({p.name[:-3] for p in folder.iterdir() if p.name.endswith((".po", ".mo"))})


@cache
def _load(language: str) -> gettext.NullTranslations:
    if language == PSEUDO_LANGUAGE:
        return _PseudoTranslations()
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    path = catalog_path(language)
    if not path.is_file():
        compiled = compiled_catalog_path(language)
        if not compiled.is_file():
            return gettext.NullTranslations()
        with compiled.open("rb") as mo:
            return gettext.GNUTranslations(mo)
    return gettext.GNUTranslations(io.BytesIO(_compiled(language)))


def compile_catalog(language: str, po: bytes | None = None) -> bytes:
    """The ``.po`` catalog of ``language`` (its bytes ``po``, else the shipped file) compiled to ``.mo`` bytes:
    in memory at run time, or into a bundle."""
    from babel.messages.mofile import write_mo  # noqa: PLC0415 - only when a catalog is needed
    from babel.messages.pofile import read_po  # noqa: PLC0415

    source = io.BytesIO(po if po is not None else catalog_path(language).read_bytes())
    catalog = read_po(source, locale=language.replace("-", "_"), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


#: How a ``.po`` catalog becomes ``.mo`` bytes at run time: compiled in memory, unless the window or the command
#: line keeps them compiled (``keep_compiled_catalogs``).
_compiled: Callable[[str], bytes] = compile_catalog


def keep_compiled_catalogs(compiled: Callable[[str], bytes]) -> None:
    """Have catalogs compiled by ``compiled`` from now on (``storage.catalog_cache.compiled_catalog`` keeps them
    in the user's cache folder: Babel takes about 85 ms to compile one, at every start in French, and for every
    document in another language). The core writes no files; the program's start chooses this."""
    global _compiled
    _compiled = compiled


def _babel_locale(language: str, region: str = "") -> Locale:
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415

    if language == PSEUDO_LANGUAGE:
        return Locale.parse(SOURCE_LANGUAGE)
    code = language.replace("-", "_")
    if region and "_" not in code:
        try:  # the language as it is written in the region: en_GB says 18:30, en (the United States) 6:30 PM
            return Locale.parse(f"{code}_{region}")
        except (ValueError, UnknownLocaleError):
            pass  # Babel has no such pair (Polish in Britain): the language's own conventions
    try:
        return Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return Locale.parse(SOURCE_LANGUAGE)


def _plain_spaces(text: str) -> str:
    """CLDR writes "10:00 AM" with a narrow no-break space, which many fonts lack (the window measured the
    column without it and cut the time to "10…AM"): a no-break space, in every font, keeps it together."""
    return text.replace("\u202f", "\u00a0")


class Translator:
    """Translations and formats of one language, written as in one region (an ISO country code) when given."""

    def __init__(self, language: str, region: str = "", *, numeric_dates: bool = False) -> None:
        self.language = language
        self.region = region
        #: The window's dates in tables and fields: the region's short form with the year in full (07/12/2026 in
        #: Britain, 12/7/2026 in the United States), so that a table and a date field say the same.
        self.numeric_dates = numeric_dates
        self._translations = _load(language)

    @cached_property
    def locale(self) -> Locale:
        """Babel's locale of the language in the region (English for the pseudo language)."""
        return _babel_locale(self.language, self.region)

    def gettext(self, message: str) -> str:
        """The translation of ``message``, or ``message`` itself when there is none."""
        return str(self._translations.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The plural form of the message that suits ``n`` in this language."""
        return str(self._translations.ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> str:
        """The translation of ``message`` in ``context`` (for words that differ by use)."""
        return str(self._translations.pgettext(context, message))

    @property
    def right_to_left(self) -> bool:
        """Whether the language is written right to left."""
        return self.locale.character_order == "right-to-left"

    def format_date(self, value: dt.date, form: str | None = None) -> str:
        """A date in this language's own format (``short``, ``medium``, ``long`` or ``full``; by default
        ``medium``, or the numeric ``date_pattern`` for a translator made with ``numeric_dates``)."""
        from babel import dates  # noqa: PLC0415

        if form is None:
            form = self.date_pattern if self.numeric_dates else "medium"
        return str(dates.format_date(value, form, locale=self.locale))

    @cached_property
    def date_pattern(self) -> str:
        """The region's short date pattern (CLDR) with the year written in full: ``dd/MM/y`` in Britain."""
        import re  # noqa: PLC0415

        return re.sub(r"y+", "y", str(self.locale.date_formats["short"].pattern))

    @property
    def uses_24_hours(self) -> bool:
        """Whether times are written on the 24-hour clock here."""
        clock = _region_clock(self.region) if self.region else ""
        return (clock or ("H" if "H" in str(self.locale.time_formats["short"].pattern) else "h")) == "H"

    def format_time(self, value: dt.time, form: str = "short") -> str:
        """A time of day in this language's own format, on the region's clock (24 hours in Britain, 12 in
        the United States) when the language's own format would use the other."""
        from babel import dates  # noqa: PLC0415

        clock = _region_clock(self.region) if self.region and form == "short" else ""
        if clock and (clock == "H") != ("H" in str(self.locale.time_formats["short"].pattern)):
            written = dates.format_skeleton("Hm" if clock == "H" else "hm", value, locale=self.locale)
        else:
            written = dates.format_time(value, form, locale=self.locale)
        return _plain_spaces(str(written))

    def format_datetime(self, value: dt.datetime, form: str = "medium") -> str:
        """A moment in this language's own format."""
        from babel import dates  # noqa: PLC0415

        return _plain_spaces(str(dates.format_datetime(value, form, locale=self.locale)))

    def format_number(self, value: float) -> str:
        """A number with this language's separators."""
        from babel import numbers  # noqa: PLC0415

        return str(numbers.format_decimal(value, locale=self.locale))

    def format_percent(self, value: float) -> str:
        """A share (0.25 for a quarter) as a percentage in this language."""
        from babel import numbers  # noqa: PLC0415

        return str(numbers.format_percent(value, locale=self.locale))

    def weekday_name(self, weekday: int) -> str:
        """The name of a weekday, Monday being 0."""
        return str(self.locale.days["format"]["wide"][weekday])

    def language_name(self, code: str) -> str:
        """The name of language ``code`` in this language (``fr`` in German is ``Französisch``)."""
        return _language_name(code, str(self.locale))


@cache
def _region_clock(region: str) -> str:
    """ "H" when a region's people write times on the 24-hour clock, "h" on the 12-hour clock, "" unknown: as
    the region's most spoken language writes them there (English in Britain: 18:30)."""
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415
    from babel.core import get_global  # noqa: PLC0415

    spoken = get_global("territory_languages").get(region, {})
    for language in sorted(spoken, key=lambda code: -float(spoken[code].get("population_percent", 0))):
        try:
            pattern = str(Locale.parse(f"{language}_{region}").time_formats["short"].pattern)
        except (ValueError, UnknownLocaleError):
            continue
        return "H" if "H" in pattern else "h"
    return ""


@cache
def _language_name(code: str, in_locale: str) -> str:
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(Locale.parse(in_locale))
    except (ValueError, UnknownLocaleError):
        return code
    return str(name) if name else code


@cache
def translator(language: str, region: str = "") -> Translator:
    """The translator of ``language``, formatting dates, times and numbers as in ``region`` (an ISO country
    code such as "GB") when Babel knows the pair (cached; catalogs are compiled once per run)."""
    return Translator(language, region)


class _Active:
    current: Translator | None = None
    region: str = ""
    listeners: list[Callable[[str], None]] = []  # noqa: RUF012 - a process-wide list on purpose


def set_language(language: str, region: str | None = None) -> None:
    """Make ``language`` the language of the window and tell those who listen.

    ``region`` (an ISO country code) is where the user is: the window writes dates, times and numbers as people
    there do, dates in the short numeric form. None keeps the region set before; "" is none (each language's own
    conventions, dates in the medium form).
    """
    if region is None:
        region = _Active.region
    _Active.region = region
    _Active.current = Translator(language, region, numeric_dates=True) if region else translator(language)
    for listener in list(_Active.listeners):
        listener(language)


def current_region() -> str:
    """The region the window formats for ("" when none was set)."""
    return _Active.region


def on_language_changed(listener: Callable[[str], None]) -> None:
    """Call ``listener(code)`` whenever the window's language changes."""
    _Active.listeners.append(listener)


def off_language_changed(listener: Callable[[str], None]) -> None:
    """Stop calling ``listener`` (a window that closes says so)."""
    if listener in _Active.listeners:
        _Active.listeners.remove(listener)


def active() -> Translator:
    """The translator of the window's language."""
    if _Active.current is None:
        _Active.current = translator(SOURCE_LANGUAGE)
    return _Active.current


def current_language() -> str:
    """The code of the window's language."""
    return active().language


def _(message: str) -> str:
    """Translate ``message`` into the window's language."""
    return active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count into the window's language."""
    return active().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` in ``context`` into the window's language."""
    return active().pgettext(context, message)


@cache
def is_known_language(code: str) -> bool:
    """Whether Babel knows ``code`` as a language (``fr``, ``pt-BR``, ``ar``...)."""
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415

    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True
