"""Fill the empty entries of the translation catalogs from JSON files, check them, say what is still missing.

Typical round, after adding strings to the source::

    uv run python translations/update.py                        # re-extract; new entries come out empty
    uv run python translations/fill.py --dump todo.json         # what is empty, per catalog, as JSON
    # ... translate todo.json (or write new JSON files) ...
    uv run python translations/fill.py done.json [more.json...] # fill, check, report

A JSON file maps a language to its translations: ``{"fr": {"Save": "Enregistrer", "{count} action":
["{count} action", "{count} actions", "{count} actions"]}}``. A key is the msgid (the *singular* for a
plural message; ``context + "\\x04" + msgid`` for a message with a context). A plural message takes a list
with exactly as many forms as the language has (French three: one, many, other; Polish, Russian and Romanian
three; Arabic six; the others two); a singular message takes a string.

Only empty (or fuzzy) entries are filled unless ``--overwrite`` is given. A translation is refused, with a
reason, when its ``{placeholders}``, ``&`` accelerators, trailing ``…`` or ``:`` or number of plural forms do
not match the source (the rules of ``tests/test_catalogs.py``). Keys that are not messages of the catalog are
reported and ignored: msgids are never invented. Exit status 1 when something is still missing.
"""

from __future__ import annotations

import argparse
import gettext
import json
import re
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import update  # noqa: E402 - the sibling script, for the language lists and the writer

ALL_LANGUAGES = update.LANGUAGES + update.DOCUMENT_ONLY_LANGUAGES
CONTEXT_SEPARATOR = "\x04"


def load(language: str) -> Catalog:
    with (HERE / f"{language}.po").open("rb") as po:
        return read_po(po, locale=language, domain="facilitator")


def key_of(message: Message) -> str:
    msgid = message.id[0] if message.pluralizable else message.id
    return f"{message.context}{CONTEXT_SEPARATOR}{msgid}" if message.context else str(msgid)


def placeholders(text: str) -> set[str]:
    names = set()
    try:
        for _literal, field, _spec, _conversion in string.Formatter().parse(text):
            if field is not None:
                names.add(re.split(r"[.\[]", field, maxsplit=1)[0])
    except ValueError:
        names.add("<unbalanced braces>")
    return names


def accelerators(text: str) -> int:
    return len(re.findall(r"&(?=[^&\s])", text.replace("&&", "")))


def problems(catalog: Catalog, message: Message, value: object) -> list[str]:
    """Why ``value`` cannot be the translation of ``message`` (nothing when it can)."""
    if message.pluralizable:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [f"a plural message needs a list of {catalog.num_plurals} forms"]
        if len(value) != catalog.num_plurals:
            return [f"{len(value)} forms given, {catalog.locale} has {catalog.num_plurals}"]
        forms, source = value, str(message.id[1])
        singular, plural = placeholders(message.id[0]), placeholders(message.id[1])
        select = gettext.c2py(catalog.plural_expr)
        only_one = {
            i
            for i in range(len(forms))
            if select(1) == i and all(select(n) != i for n in [*range(0, 1001), 1_000_000] if n != 1)
        }
    else:
        if not isinstance(value, str):
            return ["a singular message needs a string"]
        forms, source = [value], str(message.id)
        singular = plural = placeholders(source)
        only_one = set()
    found = []
    for index, form in enumerate(forms):
        if not form.strip():
            found.append(f"form [{index}] is empty")
        got = placeholders(form)
        may_omit = plural - singular if index in only_one else set()
        if not (plural - may_omit <= got <= plural | singular):
            found.append(f"form [{index}] has placeholders {sorted(got)}, expected {sorted(plural)}")
        if accelerators(form) != accelerators(source):
            found.append(f"form [{index}] needs {accelerators(source)} '&' accelerator(s)")
        for ending in ("…", ":"):
            if source.rstrip().endswith(ending) and not form.rstrip().endswith(ending):
                found.append(f"form [{index}] must end with {ending!r}")
    return found


def is_missing(message: Message) -> bool:
    forms = message.string if isinstance(message.string, tuple | list) else [message.string]
    return bool(message.id) and (message.fuzzy or not all(f and f.strip() for f in forms))


def dump(path: Path, languages: list[str]) -> None:
    """Write the empty entries of ``languages`` as JSON to translate, with the English plural beside."""
    out: dict[str, dict[str, object]] = {}
    for language in languages:
        catalog = load(language)
        todo: dict[str, object] = {}
        for m in catalog:
            if is_missing(m):
                todo[key_of(m)] = [str(m.id[1])] + [""] * (catalog.num_plurals - 1) if m.pluralizable else ""
        out[language] = todo
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {path}: " + ", ".join(f"{lang} {len(todo)}" for lang, todo in out.items()))


def fill(files: list[Path], languages: list[str], *, overwrite: bool) -> int:
    given: dict[str, dict[str, object]] = {}
    for path in files:
        for language, entries in json.loads(path.read_text(encoding="utf-8")).items():
            if language not in ALL_LANGUAGES:
                print(f"{path}: unknown catalog {language!r} ignored")
                continue
            given.setdefault(language, {}).update(entries)
    still_missing = 0
    for language in languages:
        catalog = load(language)
        entries = given.get(language, {})
        by_key = {key_of(m): m for m in catalog if m.id}
        filled, refused = 0, []
        for key, value in entries.items():
            message = by_key.get(key)
            if message is None:
                continue  # not (or no longer) a message of this catalog
            if not overwrite and not is_missing(message):
                continue
            reasons = problems(catalog, message, value)
            if reasons:
                refused.append(f"  {key!r}: {'; '.join(reasons)}")
                continue
            message.string = tuple(value) if message.pluralizable else value  # type: ignore[arg-type]
            message.flags.discard("fuzzy")
            filled += 1
        if filled:
            catalog.fuzzy = False
            (HERE / f"{language}.po").write_bytes(update._render(catalog))
        missing = [m for m in catalog if is_missing(m)]
        still_missing += len(missing)
        print(f"{language}.po: filled {filled}, refused {len(refused)}, still missing {len(missing)}")
        for line in refused:
            print(line)
        for m in missing[:20]:
            print(f"  missing: {key_of(m)!r}")
        if len(missing) > 20:
            print(f"  ... and {len(missing) - 20} more (use --dump)")
    return 1 if still_missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="JSON files {lang: {msgid: msgstr or [forms]}}")
    parser.add_argument("--dump", type=Path, metavar="JSON", help="write the empty entries to JSON and stop")
    parser.add_argument("--lang", action="append", choices=ALL_LANGUAGES, help="only this catalog (repeat)")
    parser.add_argument("--overwrite", action="store_true", help="replace existing translations too")
    args = parser.parse_args(argv)
    languages = args.lang or list(ALL_LANGUAGES)
    if args.dump:
        dump(args.dump, languages)
        return 0
    return fill(args.files, languages, overwrite=args.overwrite)


if __name__ == "__main__":
    sys.exit(main())
