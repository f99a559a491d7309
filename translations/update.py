"""Re-extract the window's messages and bring every translation catalog up to date.

Run it from anywhere in the checkout after adding or changing a translatable string::

    uv run python translations/update.py

What it does:

1. Extracts every message marked with ``_``, ``N_``, ``ngettext``, ``pgettext`` (Babel's default keywords)
   from the folders ``facilitator``, ``storage``, ``exports`` and ``ui``, with the mapping in
   ``[tool.babel]`` of ``pyproject.toml``, into ``translations/facilitator.pot``. Comments that start with
   ``Translators:`` just above a message are copied into the template for the translators. This is the same
   as::

       uv run pybabel extract -F pyproject.toml --add-comments=Translators: \\
           -o translations/facilitator.pot facilitator storage exports ui

   plus one thing ``pybabel`` cannot do on Python 3.11: messages marked *inside an f-string*
   (``f"({_('archived')})"``) are invisible to Babel's tokenizer before Python 3.12, so they are found with
   the ``ast`` module and added too. Better still, take such calls out of the f-string.

2. Updates each ``translations/<lang>.po`` (creating it when missing) from the template, like
   ``pybabel update --no-fuzzy-matching --ignore-obsolete``: existing translations are kept, messages that
   disappeared from the source are dropped, and new messages come out *empty*, never guessed (no fuzzy
   matches). ``tests/test_catalogs.py`` then fails, naming them, until someone translates them.

   The window languages (``LANGUAGES``: fr, de, nl) get every message. The *document-only* languages
   (``DOCUMENT_ONLY_LANGUAGES``: nb, sv, da, pl, tr, ro, ru, ar: documents are made in them, the window is
   not) get the *document messages* only: those with a source location in one of ``DOCUMENT_SOURCES``
   (minutes, registers, reports, leaflets, the enum labels they print...) or marked with a
   ``# Translators: document`` comment.

3. Fill the empty entries with ``translations/fill.py`` (``--dump`` writes them out as JSON to translate;
   give it the JSON back and it fills them, checks them and says what is still missing).

It never compiles ``.mo`` files: ``facilitator.i18n`` compiles the ``.po`` catalogs in memory.

Options: ``--check`` only reports which catalogs would change (exit status 1 if any), writing nothing.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import io
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEMPLATE = HERE / "facilitator.pot"
#: The source folders whose messages the window shows (the same list as in ``pyproject.toml``).
SOURCE_DIRS = ("facilitator", "storage", "exports", "ui")
#: The catalogs kept complete: every window language but English, the source language.
LANGUAGES = ("fr", "de", "nl")
#: Languages documents are made in but the window is not (``facilitator.i18n.DOCUMENT_LANGUAGES`` minus the
#: window's): their catalogs hold the *document messages* only (see ``DOCUMENT_SOURCES``), all translated.
DOCUMENT_ONLY_LANGUAGES = ("nb", "sv", "da", "pl", "tr", "ro", "ru", "ar")
#: The source files whose messages end up in documents (minutes, agendas, registers, reports, leaflets) or
#: name what documents show (enum labels). A message is a *document message* when one of its source
#: locations is one of these files (a file that does not exist yet is simply skipped), or when a
#: ``# Translators: document`` comment stands just above it.
DOCUMENT_SOURCES = (
    "facilitator/minutes.py",
    "facilitator/action_minutes.py",
    "facilitator/conflict_minutes.py",
    "facilitator/notice_minutes.py",
    "facilitator/register_docs.py",
    "facilitator/year_review.py",
    "facilitator/indicators.py",
    "facilitator/leaflets.py",
    "facilitator/approval.py",
    "facilitator/audience.py",
    "facilitator/meetings.py",
    "facilitator/entities.py",
    "facilitator/actions.py",
    "facilitator/conflicts.py",
    "facilitator/notices.py",
    "facilitator/register_checks.py",
    "facilitator/escalation.py",
    "facilitator/content_translation.py",
    "facilitator/docmodel.py",
    "facilitator/home.py",
    "facilitator/figures.py",
    "facilitator/street_report.py",
    "facilitator/figure_minutes.py",
)
#: ``# Translators: document`` (the tag itself is stripped by extraction) marks a document message anywhere.
DOCUMENT_COMMENT = re.compile(r"^document(?![\w-])", re.IGNORECASE)
COMMENT_TAGS = ("Translators:",)
PROJECT = "Partnership Facilitator"
WIDTH = 76


Mapping = tuple[list[tuple[str, str]], dict[str, dict[str, object]]]


def method_map(pyproject: Path = ROOT / "pyproject.toml") -> Mapping:
    """The extraction mapping (``[[tool.babel.mappings]]``) as Babel's ``method_map`` and ``options_map``."""
    config = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("babel", {})
    methods: list[tuple[str, str]] = []
    options: dict[str, dict[str, object]] = {}
    for entry in config.get("mappings", []):
        entry = dict(entry)
        method = entry.pop("method")
        patterns = entry.pop("pattern")
        for pattern in [patterns] if isinstance(patterns, str) else patterns:
            methods.append((pattern, method))
            options[pattern] = entry
    return methods, options


def gettext_calls_in_fstrings(path: Path) -> Iterator[tuple[int, str | tuple[str, str], str | None]]:
    """``(line, message, context)`` of keyword calls with literal arguments nested in f-strings."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except SyntaxError as error:  # someone is half-way through an edit: Babel's tokenizer still saw the rest
        print(f"warning: {path}: {error.msg} at line {error.lineno}; f-string messages there skipped")
        return
    for joined in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
        for call in (n for n in ast.walk(joined) if isinstance(n, ast.Call)):
            name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", None)
            args = [
                a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                for a in call.args
            ]
            if name in ("_", "gettext", "N_") and args[:1] and args[0]:
                yield call.lineno, args[0], None
            elif name == "ngettext" and len(args) >= 2 and args[0] and args[1]:
                yield call.lineno, (args[0], args[1]), None
            elif name == "pgettext" and len(args) >= 2 and args[0] and args[1]:
                yield call.lineno, args[1], args[0]


def extract(root: Path = ROOT) -> Catalog:
    """Every translatable message of the source folders under ``root``, as a template catalog."""
    from facilitator import __version__

    template = Catalog(
        project=PROJECT,
        version=__version__,
        copyright_holder="the Partnership Facilitator authors",
        charset="utf-8",
        fuzzy=False,
    )
    methods, options = method_map(root / "pyproject.toml")
    for folder in SOURCE_DIRS:
        for filename, lineno, message, comments, context in extract_from_dir(
            root / folder,
            methods,
            options,
            keywords=DEFAULT_KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            where = f"{folder}/{filename}".replace("\\", "/")
            template.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
        for path in sorted((root / folder).rglob("*.py")):
            where = path.relative_to(root).as_posix()
            for lineno, message, context in gettext_calls_in_fstrings(path):
                msgid = message[0] if isinstance(message, tuple) else message
                known = template.get(msgid, context)
                if known is None:
                    template.add(message, None, [(where, lineno)], context=context)
                elif (where, lineno) not in known.locations:
                    known.locations.append((where, lineno))
    return template


def is_document_message(message: Message) -> bool:
    """Whether ``message`` can appear in a document: it comes from a ``DOCUMENT_SOURCES`` file or is marked
    ``# Translators: document``."""
    return any(filename in DOCUMENT_SOURCES for filename, _line in message.locations) or any(
        DOCUMENT_COMMENT.match(comment.strip()) for comment in message.auto_comments
    )


def document_template(template: Catalog) -> Catalog:
    """The part of ``template`` that documents need: its document messages only."""
    documents = Catalog(
        project=template.project,
        version=template.version,
        copyright_holder=template.copyright_holder,
        charset="utf-8",
        fuzzy=False,
    )
    for message in template:
        if message.id and is_document_message(message):
            documents[message.id] = message.clone()  # keeps context, locations, comments and flags
    return documents


def untranslated(catalog: Catalog) -> list[Message]:
    """The entries of ``catalog`` with an empty translation (or an empty plural form) or a fuzzy flag."""
    return [
        m
        for m in catalog
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple | list) else [m.string]))
    ]


def _render(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, ignore_obsolete=True, include_previous=False, omit_header=False)
    return out.getvalue()


def _same_but_dates(old: bytes, new: bytes) -> bool:
    def strip(text: bytes) -> list[bytes]:
        return [
            line
            for line in text.splitlines()
            if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision'))
        ]

    return strip(old) == strip(new)


def _write(path: Path, content: bytes, *, check: bool) -> bool:
    """Write ``content`` unless only the dates changed; say whether the file changed."""
    if path.is_file() and _same_but_dates(path.read_bytes(), content):
        return False
    if not check:
        path.write_bytes(content)
    return True


def update_catalog(template: Catalog, language: str) -> Catalog:
    """The catalog of ``language`` brought up to date with ``template`` (new messages untranslated)."""
    path = HERE / f"{language}.po"
    locale = Locale.parse(language)
    if path.is_file():
        with path.open("rb") as po:
            catalog = read_po(po, locale=language, domain="facilitator")
    else:
        catalog = Catalog(
            locale=locale,
            domain="facilitator",
            project=PROJECT,
            version=template.version,
            copyright_holder=template.copyright_holder,
            charset="utf-8",
            fuzzy=False,
        )
        catalog.language_team = f"{locale.english_name} <LL@li.org>".replace("LL", language)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False, keep_user_comments=True)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.project, catalog.version = PROJECT, template.version
    catalog.revision_date = dt.datetime.now(dt.UTC)
    return catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    args = parser.parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    template = extract()
    changed = []
    if _write(TEMPLATE, _render(template), check=args.check):
        changed.append(TEMPLATE.name)
    documents = document_template(template)
    print(f"{TEMPLATE.name}: {len(template)} messages, {len(documents)} of them document messages")
    for language, source in [(lang, template) for lang in LANGUAGES] + [
        (lang, documents) for lang in DOCUMENT_ONLY_LANGUAGES
    ]:
        catalog = update_catalog(source, language)
        if _write(HERE / f"{language}.po", _render(catalog), check=args.check):
            changed.append(f"{language}.po")
        what = "messages" if source is template else "document messages"
        print(f"{language}.po: {len(catalog)} {what}, {len(untranslated(catalog))} to translate")
    leftovers = sorted(p.name for p in HERE.glob("*.mo"))
    if leftovers:
        print(f"warning: remove compiled catalogs, they must not be committed: {', '.join(leftovers)}")
    print(("would change: " if args.check else "changed: ") + (", ".join(changed) or "nothing"))
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
