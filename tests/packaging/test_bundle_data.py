"""The bundle carries every file the app opens: the spec's data list (``packaging/bundle_data.py``) against the
files the app really opens while it works, watched with strace.

``app_at_work.py`` does in one process what the smoke run asks of a bundle (the demo, minutes as PDF and DOCX in
English and Arabic, a two-language leaflet, the window in French with the demo open). Every data file it opens
from the app's packages or its dependencies must be in a group of the list (a catalog as its compiled ``.mo``, a
bold font as the instance cut at bundle time) or inside a package whose PyInstaller hook collects its data; and
every group of the list must be opened, so nothing is listed for nothing.

The tests at the end need a bundle made by ``uv run python packaging/build.py`` (minutes) and are skipped
without one; they check the bundle itself: every file the app opened is in it, only the Qt modules the app uses,
and it works in an empty environment (no PATH, no Python).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from facilitator import __version__, folders, i18n
from facilitator.exports import fonts

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import bundle_data  # noqa: E402 - packaging/ is not a package

SITE = Path(sysconfig.get_paths()["purelib"])
#: The checkout's folders as the installed package names them (setuptools' package-dir in pyproject.toml).
CHECKOUT = {
    ROOT / "translations": "facilitator/translations",
    ROOT / "ui": "facilitator/ui",
    ROOT / "exports": "facilitator/exports",
    ROOT / "storage": "facilitator/storage",
    ROOT / "facilitator": "facilitator",
}
#: Code and libraries: PyInstaller follows imports and links for these; the list is about data.
CODE = re.compile(r"\.(py|pyc|pth|pyd|so(\.\d+)*)$")
#: Groups of which only some files are opened by any one run: a catalog per language (the run uses two; the
#: others are compiled the same way), python-docx's templates folder, carried whole as the library ships it, and
#: the fallback fonts (a PDF reads one only when it draws a character from it; any document may need any).
OPENED_IN_PART = {"catalogs", "docx templates", "fallback fonts"}

BUNDLE = ROOT / "dist" / "partnership-facilitator"
PROGRAM = BUNDLE / "partnership-facilitator"
INTERNAL = BUNDLE / "_internal"
needs_bundle = pytest.mark.skipif(
    not PROGRAM.is_file() or not sys.platform.startswith("linux"),
    reason="no Linux bundle in dist/: make one with `uv run python packaging/build.py` (a few minutes); "
    "`uv run python packaging/smoke.py` then tries it as a fresh user",
)


def _trace_opened(out: Path) -> set[Path]:
    """Every file ``app_at_work.py`` opened (successfully), all layers: Python, Qt, fontconfig."""
    strace = shutil.which("strace")
    if strace is None or not sys.platform.startswith("linux"):
        pytest.skip("strace (Linux) watches which files the app opens: `apt-get install strace`")
    trace = out / "trace.txt"
    work = out / "work"
    work.mkdir()
    environment = {
        **os.environ,
        "FACILITATOR_CONFIG_DIR": str(out / "config"),
        "FACILITATOR_LOG_DIR": str(out / "log"),
        "FACILITATOR_DATA_DIR": str(out / "data"),
    }
    done = subprocess.run(
        [strace, "-f", "-qq", "-s", "4096", "-e", "trace=open,openat", "-e", "status=successful",
         "-o", str(trace), sys.executable, str(Path(__file__).with_name("app_at_work.py")), str(work)],
        capture_output=True, text=True, env=environment, check=False, timeout=600,
    )  # fmt: skip
    if done.returncode != 0 and "ptrace" in done.stderr:
        pytest.skip(f"strace may not trace here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr[-2000:]
    made = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert {"minutes-en.pdf", "minutes-ar.pdf", "minutes-en.docx", "minutes-ar.docx", "leaflet.pdf"} <= made
    paths = re.findall(r'open(?:at)?\((?:[^,"]+, )?"((?:[^"\\]|\\.)*)"', trace.read_text(encoding="utf-8"))
    return {Path(path) for path in paths if Path(path).is_file()}  # as spelled: docx/parts/../templates/...


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, str]:
    """The data files the app opened (as it spelled them), each with its place in a bundle, spelled alike
    (relative to ``_internal``)."""
    found: dict[Path, str] = {}
    for path in _trace_opened(tmp_path_factory.mktemp("at-work")):
        place = _bundle_place(path)
        if place is not None and not CODE.search(path.name):
            found[path] = place
    return found


def _inside(path: Path, folder: Path) -> str | None:
    """``path`` relative to ``folder`` as spelled (``..`` kept), or None when it is not under it."""
    prefix = str(folder).rstrip("/") + "/"
    return str(path)[len(prefix) :] if str(path).startswith(prefix) else None


def _bundle_place(path: Path) -> str | None:
    """Where a bundle keeps ``path``: the same place under ``_internal`` as under site-packages or the installed
    package; a catalog as its compiled ``.mo``; a bold font cut on this machine among the built-in ones. None
    for files that are not the app's or its packages' (the system's fonts, Python's own library)."""
    if path.resolve().parent == fonts.font_cache_dir().resolve():
        return f"{folders.BUILT_IN_FONTS}/{path.name}"
    relative = _inside(path, SITE)
    if relative is not None:
        if ".dist-info" in relative.split("/")[0]:
            # entry_points.txt is read (sqlite-utils asks pluggy for plug-ins): a bundle offers none. A package
            # declared in METADATA_WITHOUT_HARM reads its METADATA for its version and manages without it.
            package = relative.split("/")[0].split("-")[0].lower()
            harmless = path.name == "METADATA" and package in bundle_data.METADATA_WITHOUT_HARM
            assert path.name == "entry_points.txt" or harmless, f"the app reads {relative}: a bundle has no metadata"
            return None
        return relative
    for folder, package in CHECKOUT.items():
        relative = _inside(path, folder)
        if relative is not None:
            place = f"{package}/{relative}"
            return place[: -len(".po")] + ".mo" if place.endswith(".po") else place
    return None


def _places(opened: dict[Path, str]) -> set[str]:
    return {os.path.normpath(place) for place in opened.values()}


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """``{place in the bundle: group}`` for every file of the spec's list, with a stage made as build.py does
    (catalogs compiled, the bold instances named as they are cut)."""
    stage = tmp_path_factory.mktemp("stage")
    (stage / "catalogs").mkdir()
    for language in i18n.shipped_catalogs():
        (stage / "catalogs" / f"{language}.mo").write_bytes(i18n.compile_catalog(language))
    (stage / "fonts").mkdir()
    for source in (fonts.NOTO_SANS, fonts.NOTO_SANS_ARABIC):
        shutil.copy2(fonts.cached_bold(source), fonts.bold_path(source, stage / "fonts"))
    places: dict[str, str] = {}
    for group, files in bundle_data.groups(stage).items():
        assert files, f"the group {group!r} of the bundle's data lists no file"
        for source, destination in files:
            assert source.is_file(), f"{group}: {source} does not exist"
            places[f"{destination}/{source.name}"] = group
    return places


def test_the_spec_takes_its_data_list_from_bundle_data_alone() -> None:
    tree = ast.parse((ROOT / "packaging" / "facilitator.spec").read_text(encoding="utf-8"))
    assigned = {
        target.id: ast.unparse(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert assigned["DATAS"] == "bundle_data.datas(STAGE)"
    datas = [
        ast.unparse(keyword.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "datas"
    ]
    assert datas == ["DATAS"]  # the Analysis, and nothing else adds data


def test_every_file_the_app_opens_is_carried_by_the_bundle(
    opened: dict[Path, str], listed: dict[str, str]
) -> None:
    missing = [
        f"{path} (would be {place})"
        for path, place in sorted(opened.items())
        if os.path.normpath(place) not in listed and place.split("/")[0] not in bundle_data.LEFT_TO_HOOKS
    ]
    assert not missing, "the app opens files the bundle would not carry:\n" + "\n".join(missing)
    # What the run must have opened for this to mean anything: both kinds of font, a catalog, a template.
    assert {"bold fonts", "Noto Sans Arabic", "catalogs", "docx templates", "icon"} <= {
        listed[place] for place in _places(opened) if place in listed
    }


def test_every_group_of_the_list_is_opened(opened: dict[Path, str], listed: dict[str, str]) -> None:
    seen = _places(opened)
    never = sorted(
        {group for group in listed.values()} - {listed[place] for place in seen if place in listed}
    )
    assert not never, f"listed for the bundle but never opened: {never}"
    unopened = sorted(
        place for place, group in listed.items() if group not in OPENED_IN_PART and place not in seen
    )
    assert not unopened, f"files listed for the bundle that the app never opens: {unopened}"


# --- the bundle itself, when one is built ------------------------------------------------------------------------


@needs_bundle
def test_the_built_bundle_holds_every_file_the_app_opens(opened: dict[Path, str]) -> None:
    # Spelled as the code spells it: docx/parts/../templates/... is found only where docx/parts is a folder.
    absent = sorted(place for place in opened.values() if not (INTERNAL / place).is_file())
    assert not absent, f"not in {INTERNAL}: {absent}"


@needs_bundle
def test_the_built_bundle_holds_only_the_qt_the_app_uses() -> None:
    modules = {path.name.split(".")[0] for path in (INTERNAL / "PySide6").glob("Qt*.so")}
    assert modules == {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport"}
    libraries = {path.name.split(".")[0] for path in INTERNAL.rglob("libQt6*.so*")}
    assert {"libQt6Core", "libQt6Gui", "libQt6Widgets", "libQt6PrintSupport"} <= libraries
    unused = {"libQt6Qml", "libQt6Quick", "libQt6Network", "libQt6WebEngineCore", "libQt6Sql", "libQt6Pdf"}
    assert not libraries & unused
    translations = {path.name for path in INTERNAL.rglob("qtbase_*.qm")}
    assert translations == {f"qtbase_{language}.qm" for language in i18n.UI_LANGUAGES}  # the window's only


@needs_bundle
def test_the_built_bundle_works_with_no_python_and_an_empty_environment(tmp_path: Path) -> None:
    from pypdf import PdfReader

    def bundle(*argv: str) -> str:
        done = subprocess.run(
            ["/usr/bin/env", "-i", f"HOME={tmp_path}", "PATH=", str(PROGRAM), *argv],
            capture_output=True, text=True, check=False, timeout=300, cwd=tmp_path,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-1500:]
        return done.stdout

    assert __version__ in bundle("--version")
    demo = tmp_path / "demo.sqlite"
    bundle("demo", "--db", str(demo))
    meetings = json.loads(bundle("meetings", "--db", str(demo), "--json"))
    held = [m["id"] for m in meetings if m["status"] not in ("planned", "cancelled")]
    assert held
    minutes = tmp_path / "minutes-ar.pdf"
    bundle("minutes", "--db", str(demo), "--meeting", held[-1], "--audience", "partners", "--lang", "ar",
           "--format", "pdf", "--out", str(minutes))  # fmt: skip
    reader = PdfReader(minutes)
    embedded = {
        str(font.get_object().get("/BaseFont", "")).split("+")[-1]
        for page in reader.pages
        for font in (page.get("/Resources") or {}).get("/Font", {}).values()
    }
    assert any(name.startswith("NotoSansArabic-Bold") for name in embedded), embedded  # the built-in bold
    assert not (tmp_path / ".cache").exists()  # no font was cut on this "machine"
