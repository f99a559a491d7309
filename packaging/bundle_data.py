"""The files a bundle carries besides code: one list, read by ``facilitator.spec`` and by the tests.

Each group names files the app opens at run time from its own packages or the font and document packages it
depends on, and where PyInstaller puts them (relative to the bundle's ``_internal`` folder, which is what
``sys._MEIPASS`` names). Plain Python, no PyInstaller: ``tests/packaging/test_bundle_data.py`` runs the app's
real work under ``strace`` and checks that every data file it opens is in a group here (or left to a
PyInstaller hook named in ``LEFT_TO_HOOKS``) and that every group here is opened by something.

``stage`` is the folder ``build.py`` fills before PyInstaller runs (catalogs compiled to ``.mo``, the bold
font instances); the tests pass a folder of their own.
"""

from __future__ import annotations

from pathlib import Path

#: Packages whose data files PyInstaller's own hooks (PyInstaller, pyinstaller-hooks-contrib) collect whole:
#: they are not listed in the spec. The test accepts a file the app opens inside one of these.
LEFT_TO_HOOKS = {
    "babel": "hook-babel: locale-data/*.dat, global.dat",
    "tzdata": "hook-tzdata: the zoneinfo files",
    "phonenumbers": "hook-phonenumbers: the metadata modules and data",
    "reportlab": "hook-reportlab: its fonts folder (Vera, the standard fonts' metrics)",
    "pypdfium2_raw": "hook-pypdfium2_raw: libpdfium and its version file",
    "pypdfium2": "hook-pypdfium2: its version file",
    "PySide6": "hook-PySide6: Qt's libraries, plugins and translations",
    "certifi": "hook-certifi: the CA bundle",
}

#: Packages that read their own metadata at import and manage without it in a bundle, each with why it is safe.
METADATA_WITHOUT_HARM = {
    "pycrdt": "pycrdt/_version.py asks importlib.metadata for its version and falls back to 'uninstalled'",
    "superqt": "superqt/__init__.py asks importlib.metadata for its version and falls back to 'unknown'",
}

#: Packages kept on disk as source files as well as in the bundle's archive, each with why. python-docx reaches
#: its header and footer templates as ``docx/parts/../templates/...``: the operating system resolves that only
#: if the folder ``docx/parts`` exists, and a package PyInstaller puts in its archive has no folder.
MODULE_COLLECTION_MODE = {"docx.parts": "pyz+py"}


def groups(stage: Path) -> dict[str, list[tuple[Path, str]]]:
    """``{group: [(source file, destination folder in the bundle)]}``; each source is a file, not a pattern."""
    import docx
    import fontpkg_noto_sans
    import fontpkg_noto_sans_arabic
    import qtawesome

    import facilitator.demo
    import facilitator.ui
    from facilitator import folders
    from facilitator.exports import fonts

    ui_folder = Path(facilitator.ui.__file__).resolve().parent
    demo_folder = Path(facilitator.demo.__file__).resolve().parent
    return {
        # Catalogs compiled at bundle time (no .po: facilitator/i18n.py reads a .mo where no .po is shipped).
        "catalogs": [(mo, "facilitator/translations") for mo in sorted((stage / "catalogs").glob("*.mo"))],
        # Static bold instances cut at bundle time (facilitator.folders.built_in_fonts_dir()).
        "bold fonts": [(ttf, folders.BUILT_IN_FONTS) for ttf in sorted((stage / "fonts").glob("*.ttf"))],
        # The Noto fonts as their packages ship them: reportlab embeds them, the window registers them all.
        "Noto Sans": [
            (ttf, "fontpkg_noto_sans/files")
            for ttf in sorted((Path(fontpkg_noto_sans.ROOT) / "files").glob("*.ttf"))
        ],
        "Noto Sans Arabic": [
            (ttf, "fontpkg_noto_sans_arabic/files")
            for ttf in sorted((Path(fontpkg_noto_sans_arabic.ROOT) / "files").glob("*.ttf"))
        ],
        # Only the fallback fonts the PDF writer names, not all of manimgx-fonts.
        "fallback fonts": [
            (fonts.FALLBACK_FOLDER / name, "manimgx_fonts") for name in sorted(fonts.FALLBACK_FILES.values())
        ],
        # python-docx's templates (a new document, its styles, headers and footers).
        "docx templates": [
            (template, "docx/templates")
            for template in sorted((Path(docx.__file__).parent / "templates").iterdir())
            if template.is_file()
        ],
        # qtawesome's icon fonts and their character maps: it loads every family when the first icon is asked
        # for (no PyInstaller hook collects them).
        "icon fonts": [
            (font, "qtawesome/fonts")
            for font in sorted((Path(qtawesome.__file__).parent / "fonts").iterdir())
            if font.suffix in {".ttf", ".json"}
        ],
        # The window's icon (facilitator.ui.app.window_icon).
        "icon": [(ui_folder / "partnership-facilitator.svg", "facilitator/ui")],
        # The demo's stories (facilitator.demo.stories reads them when the demo is built).
        "demo stories": [
            (story, "facilitator/demo/stories") for story in sorted((demo_folder / "stories").glob("*.toml"))
        ],
    }


def datas(stage: Path) -> list[tuple[str, str]]:
    """The spec's ``datas``: every group's files as PyInstaller's (source, destination folder) pairs."""
    return [(str(source), destination) for files in groups(stage).values() for source, destination in files]
