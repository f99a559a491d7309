"""The shipped translation catalogs are complete, consistent with the source and usable (no Qt needed).

Every language of the window but English (``facilitator.i18n.UI_LANGUAGES``) has a complete catalog
``translations/<lang>.po``. Every language documents are made in but the window is not (the rest of
``facilitator.i18n.DOCUMENT_LANGUAGES``: nb, sv, da, pl, tr, ro, ru, ar) has a catalog of the *document
messages* only: the messages of the files in ``translations/update.py``'s ``DOCUMENT_SOURCES`` (minutes,
registers, reports, leaflets and the enum labels they print) and those marked ``# Translators: document``.
These tests re-extract the messages from the source with Babel, as ``translations/update.py`` does, and
check each catalog against them.

When a test here fails because of a new or changed string, run::

    uv run python translations/update.py
    uv run python translations/fill.py --dump todo.json   # what is empty, as JSON

and translate the entries that come out empty (``translations/fill.py done.json`` fills and checks them).

Rules checked for every translated entry:

* no entry is missing, empty or fuzzy; plural entries have exactly as many forms as Babel gives the
  language (French has three: one, many, other) and none is empty;
* ``{placeholders}``: a singular entry uses exactly the placeholders of its msgid. Each plural form uses
  exactly the placeholders of ``msgid_plural``, with one allowance: a form that the language's plural rule
  uses for n == 1 only may leave out a placeholder that the English singular leaves out too (``"one
  record"`` / ``"{count} records"``). No form may use a placeholder the source does not pass;
* ``&`` accelerators (``&&`` is a literal ampersand): as many in the translation as in the source;
* a trailing ``…`` or ``:`` of the source is kept (French puts a space before the colon);
* Babel's own checkers (``Catalog.check``) find nothing;
* no compiled ``.mo`` file lies in ``translations/`` (catalogs are compiled in memory).
"""

from __future__ import annotations

import gettext
import importlib.util
import re
import string
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from facilitator import i18n

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
SOURCE_DIRS = ("facilitator", "storage", "exports", "ui")
#: The window's languages but English: their catalogs hold every message.
LANGUAGES = [code for code in i18n.UI_LANGUAGES if code != i18n.SOURCE_LANGUAGE]
#: Languages only documents are made in: their catalogs hold the document messages.
DOCUMENT_ONLY_LANGUAGES = [code for code in i18n.DOCUMENT_LANGUAGES if code not in i18n.UI_LANGUAGES]
ALL_CATALOGS = LANGUAGES + DOCUMENT_ONLY_LANGUAGES
HOW_TO_FIX = (
    "Run `uv run python translations/update.py`, then translate the empty entries of "
    "translations/{lang}.po (and remove any 'fuzzy' flag); `translations/fill.py` helps."
)


def _load_update_script() -> ModuleType:
    """``translations/update.py``, where the document sources are defined (one definition for both)."""
    spec = importlib.util.spec_from_file_location("_translations_update", TRANSLATIONS / "update.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


UPDATE = _load_update_script()

MsgId = str | tuple[str, ...]


# --- extraction -------------------------------------------------------------------------------------------


def _mapping() -> tuple[list[tuple[str, str]], dict[str, dict[str, object]]]:
    """The extraction mapping of ``pyproject.toml``, read as ``translations/update.py`` reads it."""
    methods, options = UPDATE.method_map(ROOT / "pyproject.toml")
    return methods, options


def _calls_in_fstrings(path: Path) -> Iterator[tuple[MsgId, str | None]]:
    """Keyword calls nested in f-strings: Babel on Python 3.11 cannot see them (3.12+ can); found as
    ``translations/update.py`` finds them."""
    for _lineno, message, context in UPDATE.gettext_calls_in_fstrings(path):
        yield message, context


@cache
def extracted() -> dict[tuple[str, str | None], tuple[MsgId, str]]:
    """``(msgid, context) -> (full id, "file:line")`` for every message marked in the source."""
    methods, options = _mapping()
    found: dict[tuple[str, str | None], tuple[MsgId, str]] = {}
    for folder in SOURCE_DIRS:
        for filename, lineno, message, _comments, context in extract_from_dir(
            ROOT / folder, methods, options, keywords=DEFAULT_KEYWORDS
        ):
            if isinstance(message, tuple):  # ngettext: (singular, plural); drop non-literal parts
                message = tuple(m for m in message if m is not None)
                message = message if len(message) > 1 else message[0]
            key = message[0] if isinstance(message, tuple) else message
            if key:
                found.setdefault((key, context), (message, f"{folder}/{filename}:{lineno}"))
        for path in sorted((ROOT / folder).rglob("*.py")):
            for message, context in _calls_in_fstrings(path):
                key = message[0] if isinstance(message, tuple) else message
                found.setdefault((key, context), (message, path.relative_to(ROOT).as_posix()))
    return found


@cache
def document_keys() -> frozenset[tuple[str, str | None]]:
    """The ``(msgid, context)`` of every *document message*: marked in one of ``DOCUMENT_SOURCES`` or with a
    ``# Translators: document`` comment (the rule of ``translations/update.py``)."""
    methods, options = _mapping()
    keys: set[tuple[str, str | None]] = set()
    for folder in SOURCE_DIRS:
        for filename, _lineno, message, comments, context in extract_from_dir(
            ROOT / folder,
            methods,
            options,
            keywords=DEFAULT_KEYWORDS,
            comment_tags=UPDATE.COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            key = (message[0] if isinstance(message, tuple) else message) or ""
            where = f"{folder}/{filename}".replace("\\", "/")
            if key and (
                where in UPDATE.DOCUMENT_SOURCES
                or any(UPDATE.DOCUMENT_COMMENT.match(c.strip()) for c in comments)
            ):
                keys.add((key, context))
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.relative_to(ROOT).as_posix() in UPDATE.DOCUMENT_SOURCES:
                for message, context in _calls_in_fstrings(path):
                    keys.add((message[0] if isinstance(message, tuple) else message, context))
    return frozenset(keys)


def required(lang: str) -> dict[tuple[str, str | None], tuple[MsgId, str]]:
    """The messages the catalog of ``lang`` must hold: all of them, or the document messages only."""
    if lang in LANGUAGES:
        return extracted()
    documents = document_keys()
    return {key: value for key, value in extracted().items() if key in documents}


@cache
def catalog(lang: str) -> Catalog:
    with (TRANSLATIONS / f"{lang}.po").open("rb") as po:
        return read_po(po, locale=lang, domain=i18n.DOMAIN)


def _entries(lang: str) -> list[Message]:
    return [m for m in catalog(lang) if m.id]


def _where(message: Message) -> str:
    return ", ".join(f"{f}:{n}" for f, n in message.locations) or "?"


def _forms(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string or ""]


def _plural_index(lang: str) -> Callable[[int], int]:
    return gettext.c2py(catalog(lang).plural_expr)


# --- helpers for the rules --------------------------------------------------------------------------------


def placeholders(text: str) -> set[str]:
    """The names of the ``str.format`` fields of ``text`` (``{path}``, ``{0}``, ``{n:d}`` -> ``n``)."""
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(text):
        if field is not None:
            names.add(re.split(r"[.\[]", field, maxsplit=1)[0])
    return names


def accelerators(text: str) -> int:
    """How many ``&`` mark a shortcut letter (``&&`` is a literal ampersand)."""
    return len(re.findall(r"&(?=[^&\s])", text.replace("&&", "")))


def _only_for_one(lang: str, index: int) -> bool:
    """Whether plural form ``index`` is used for n == 1 and for no other count."""
    select = _plural_index(lang)
    counts = [*range(0, 1001), 10_000, 100_000, 1_000_000, 2_000_000, 10**9]
    return select(1) == index and all(select(n) != index for n in counts if n != 1)


# --- the tests --------------------------------------------------------------------------------------------


def test_every_shipped_language_has_a_catalog() -> None:
    assert LANGUAGES, "UI_LANGUAGES names no language besides English"
    missing = [lang for lang in ALL_CATALOGS if not (TRANSLATIONS / f"{lang}.po").is_file()]
    assert not missing, f"no catalog for {missing}: run `uv run python translations/update.py` and translate."
    assert set(ALL_CATALOGS) <= set(i18n.shipped_catalogs())


def test_update_script_knows_the_languages_of_the_app() -> None:
    assert tuple(LANGUAGES) == tuple(UPDATE.LANGUAGES), (
        "translations/update.py: LANGUAGES differs from the app"
    )
    assert tuple(DOCUMENT_ONLY_LANGUAGES) == tuple(UPDATE.DOCUMENT_ONLY_LANGUAGES), (
        "translations/update.py: DOCUMENT_ONLY_LANGUAGES differs from facilitator.i18n.DOCUMENT_LANGUAGES"
    )


def test_document_messages_are_found() -> None:
    # A guard for the rule itself: the enum labels and the minutes' headings are document messages, the
    # window's menus are not.
    keys = {key for key, _context in document_keys()}
    assert {"Police", "Minutes", "Agenda", "Review of actions", "Present"} <= keys
    assert "&File" not in keys
    assert any(isinstance(extracted()[key][0], tuple) for key in document_keys() if key in extracted())


def test_extraction_finds_the_window_strings() -> None:
    # A guard for this test itself: if the mapping or the folders change, extraction must still find these.
    ids = {key for key, _context in extracted()}
    assert {"&File", "Partners & representatives", "Sector"} <= ids
    assert any(isinstance(full, tuple) for full, _where in extracted().values()), (
        "no plural message extracted"
    )


def test_no_compiled_catalog_is_left_in_translations() -> None:
    compiled = sorted(str(p.relative_to(ROOT)) for p in TRANSLATIONS.rglob("*.mo"))
    assert not compiled, (
        f"remove {compiled}: catalogs are compiled in memory by facilitator.i18n, never shipped as .mo"
    )


@pytest.mark.parametrize("lang", ALL_CATALOGS)
def test_catalog_has_every_message_of_the_source(lang: str) -> None:
    cat = catalog(lang)
    absent, changed_plural = [], []
    for (key, context), (full, where) in sorted(required(lang).items(), key=lambda kv: kv[1][1]):
        entry = cat.get(key, context)
        if entry is None:
            absent.append(f"  {where}: {key!r}" + (f" (context {context!r})" if context else ""))
        elif isinstance(full, tuple) != isinstance(entry.id, tuple) or (
            isinstance(full, tuple) and tuple(full) != tuple(entry.id)
        ):
            changed_plural.append(f"  {where}: {full!r} (catalog has {entry.id!r})")
    problems = []
    if absent:
        problems.append(f"{len(absent)} message(s) of the source are not in {lang}.po:\n" + "\n".join(absent))
    if changed_plural:
        problems.append("plural wording differs from the catalog:\n" + "\n".join(changed_plural))
    assert not problems, "\n".join(problems) + "\n" + HOW_TO_FIX.format(lang=lang)


@pytest.mark.parametrize("lang", DOCUMENT_ONLY_LANGUAGES)
def test_document_only_catalog_holds_document_messages_only(lang: str) -> None:
    extra = [
        f"  {_where(m)}: {m.id!r}"
        for m in _entries(lang)
        if (m.id[0] if m.pluralizable else m.id, m.context) not in document_keys()
    ]
    assert not extra, (
        f"{lang}.po holds messages that are not document messages (run `uv run python "
        f"translations/update.py`, which keeps only the document messages):\n" + "\n".join(extra)
    )


@pytest.mark.parametrize("lang", ALL_CATALOGS)
def test_header(lang: str) -> None:
    cat = catalog(lang)
    expected = get_plural(lang)
    assert str(cat.locale) == lang
    assert cat.mime_headers and dict(cat.mime_headers)["Language"] == lang
    assert "charset=utf-8" in dict(cat.mime_headers)["Content-Type"].lower()
    assert not cat.fuzzy, f"the header of {lang}.po is marked fuzzy"
    assert cat.num_plurals == expected.num_plurals, (
        f"{lang}.po declares {cat.num_plurals} plural forms; Babel uses {expected.num_plurals}: "
        f"set its header to 'Plural-Forms: {expected.plural_forms}'"
    )
    assert cat.plural_expr.replace(" ", "") == expected.plural_expr.replace(" ", "")


@pytest.mark.parametrize("lang", ALL_CATALOGS)
def test_every_entry_is_translated_and_not_fuzzy(lang: str) -> None:
    cat = catalog(lang)
    untranslated, fuzzy, wrong_count = [], [], []
    for m in _entries(lang):
        forms = _forms(m)
        if m.pluralizable and len(forms) != cat.num_plurals:
            wrong_count.append(f"  {_where(m)}: {m.id!r} has {len(forms)} forms, needs {cat.num_plurals}")
        if not all(f and f.strip() for f in forms):
            untranslated.append(f"  {_where(m)}: {m.id!r}")
        if m.fuzzy:
            fuzzy.append(f"  {_where(m)}: {m.id!r}")
    problems = []
    if untranslated:
        problems.append(
            f"{len(untranslated)} untranslated entr(ies) in {lang}.po:\n" + "\n".join(untranslated)
        )
    if fuzzy:
        problems.append(
            f"{len(fuzzy)} fuzzy entr(ies) in {lang}.po (check, then remove the flag):\n" + "\n".join(fuzzy)
        )
    if wrong_count:
        problems.append("wrong number of plural forms:\n" + "\n".join(wrong_count))
    assert not problems, "\n".join(problems) + "\n" + HOW_TO_FIX.format(lang=lang)


@pytest.mark.parametrize("lang", ALL_CATALOGS)
def test_placeholders_match(lang: str) -> None:
    bad = []
    for m in _entries(lang):
        if not m.pluralizable:
            want, got = placeholders(str(m.id)), placeholders(str(m.string))
            if want != got:
                bad.append(
                    f"  {_where(m)}: {m.id!r} -> {m.string!r}: expected {sorted(want)}, found {sorted(got)}"
                )
            continue
        singular, plural = placeholders(m.id[0]), placeholders(m.id[1])
        for index, form in enumerate(_forms(m)):
            got = placeholders(form)
            may_omit = plural - singular if _only_for_one(lang, index) else set()
            if not (plural - may_omit <= got <= plural | singular):
                bad.append(
                    f"  {_where(m)}: {m.id[1]!r} form [{index}] {form!r}: "
                    f"expected {sorted(plural)}, found {sorted(got)}"
                )
    assert not bad, (
        f"placeholders differ in {lang}.po (keep every {{name}} exactly as in English):\n" + "\n".join(bad)
    )


@pytest.mark.parametrize("lang", ALL_CATALOGS)
def test_accelerators_ellipses_and_colons_are_kept(lang: str) -> None:
    bad = []
    for m in _entries(lang):
        source = str(m.id[1] if m.pluralizable else m.id)  # the English plural for every plural form
        for form in _forms(m):
            if accelerators(form) != accelerators(source):
                bad.append(
                    f"  {_where(m)}: {source!r} -> {form!r}: needs {accelerators(source)} '&' accelerator(s)"
                )
            if accelerators(form) > 1:
                bad.append(f"  {_where(m)}: {form!r}: more than one '&' accelerator")
            for ending in ("…", ":"):
                if source.rstrip().endswith(ending) and not form.rstrip().endswith(ending):
                    bad.append(f"  {_where(m)}: {source!r} -> {form!r}: keep the trailing {ending!r}")
    assert not bad, f"in {lang}.po:\n" + "\n".join(bad)


@pytest.mark.parametrize("lang", ALL_CATALOGS)
def test_babel_checkers_find_nothing(lang: str) -> None:
    errors = [f"  {_where(m)}: {m.id!r}: {'; '.join(map(str, errs))}" for m, errs in catalog(lang).check()]
    assert not errors, f"Babel's checks fail in {lang}.po:\n" + "\n".join(errors)


@pytest.mark.parametrize("lang", ALL_CATALOGS)
def test_translator_picks_the_plural_form_of_the_language(lang: str) -> None:
    select = _plural_index(lang)
    translator = i18n.translator(lang)
    plurals = [m for m in _entries(lang) if m.pluralizable]
    assert plurals, f"{lang}.po has no plural entry"
    for m in plurals:
        for n in (0, 1, 2, 5, 21, 1_000_000):
            assert translator.ngettext(m.id[0], m.id[1], n) == _forms(m)[select(n)], (lang, m.id, n)


# A real message with every form spelled out: this pins which msgstr[] each count gets (French uses
# msgstr[0] for 0 and 1, msgstr[2] for the ordinary plural; msgstr[1] is for exact millions).
IMPORTED = ("Imported {count} record into {db}.", "Imported {count} records into {db}.")
EXPECTED_IMPORTED = {
    "fr": ("{count} enregistrement importé dans {db}.", "{count} enregistrements importés dans {db}."),
    "de": ("{count} Datensatz in {db} importiert.", "{count} Datensätze in {db} importiert."),
    "nl": ("{count} record geïmporteerd in {db}.", "{count} records geïmporteerd in {db}."),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ngettext_of_a_real_message_for_1_2_and_5(lang: str) -> None:
    # If the message is renamed, pick another real plural message here rather than losing the check.
    assert catalog(lang).get(IMPORTED[0]) is not None, f"{IMPORTED[0]!r} is no longer a message"
    assert lang in EXPECTED_IMPORTED, f"write the expected forms for {lang}"
    one, other = EXPECTED_IMPORTED[lang]
    translator = i18n.translator(lang)
    assert translator.ngettext(*IMPORTED, 1) == one
    assert translator.ngettext(*IMPORTED, 2) == other
    assert translator.ngettext(*IMPORTED, 5) == other
    assert translator.ngettext(*IMPORTED, 5).format(count=5, db="x.sqlite") == other.format(
        count=5, db="x.sqlite"
    )


# A real plural document message (the time allowed per item on an agenda), with the form each count must get
# in every document language: one/other in most; Polish, Russian and Romanian have three forms (Romanian
# takes "de" from 20 on), Arabic six (zero, one, two, few 3-10, many 11-99, other), Turkish one word for all.
MINUTES = ("{n} minute", "{n} minutes")
EXPECTED_MINUTES: dict[str, dict[int, str]] = {
    "en": {1: "1 minute", 2: "2 minutes", 5: "5 minutes", 11: "11 minutes", 21: "21 minutes"},
    "fr": {1: "1 minute", 2: "2 minutes", 5: "5 minutes", 11: "11 minutes", 21: "21 minutes"},
    "de": {1: "1 Minute", 2: "2 Minuten", 5: "5 Minuten", 11: "11 Minuten", 21: "21 Minuten"},
    "nl": {1: "1 minuut", 2: "2 minuten", 5: "5 minuten", 11: "11 minuten", 21: "21 minuten"},
    "nb": {1: "1 minutt", 2: "2 minutter", 5: "5 minutter", 11: "11 minutter", 21: "21 minutter"},
    "sv": {1: "1 minut", 2: "2 minuter", 5: "5 minuter", 11: "11 minuter", 21: "21 minuter"},
    "da": {1: "1 minut", 2: "2 minutter", 5: "5 minutter", 11: "11 minutter", 21: "21 minutter"},
    "pl": {1: "1 minuta", 2: "2 minuty", 5: "5 minut", 11: "11 minut", 21: "21 minut"},
    "tr": {1: "1 dakika", 2: "2 dakika", 5: "5 dakika", 11: "11 dakika", 21: "21 dakika"},
    "ro": {1: "1 minut", 2: "2 minute", 5: "5 minute", 11: "11 minute", 21: "21 de minute"},
    "ru": {1: "1 минута", 2: "2 минуты", 5: "5 минут", 11: "11 минут", 21: "21 минута"},
    "ar": {1: "1 دقيقة", 2: "2 دقيقتان", 5: "5 دقائق", 11: "11 دقيقة", 21: "21 دقيقة"},
}


@pytest.mark.parametrize("lang", i18n.DOCUMENT_LANGUAGES)
def test_ngettext_of_a_document_message_for_1_2_5_11_and_21(lang: str) -> None:
    # If the message is renamed, pick another real plural document message rather than losing the check.
    assert (MINUTES[0], None) in document_keys(), f"{MINUTES[0]!r} is no longer a document message"
    assert lang in EXPECTED_MINUTES, f"write the expected forms for {lang}"
    translator = i18n.translator(lang)
    got = {n: translator.ngettext(*MINUTES, n).format(n=n) for n in EXPECTED_MINUTES[lang]}
    assert got == EXPECTED_MINUTES[lang]


def test_right_to_left_document_language() -> None:
    assert i18n.translator("ar").right_to_left
    assert not any(i18n.translator(lang).right_to_left for lang in i18n.DOCUMENT_LANGUAGES if lang != "ar")
