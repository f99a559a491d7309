"""Make Partnership Facilitator's application folder for the platform this runs on, with PyInstaller.

    uv run python packaging/build.py            # dist/partnership-facilitator/ and an archive or installer

Steps (every one is repeated from scratch, so a build never carries anything from an earlier one):

1. Stage what the bundle carries that the installed package does not (``build/stage``): the gettext catalogs
   compiled to ``.mo`` (the bundle reads them without Babel's catalog reader), the static bold instances of the
   Noto fonts (a user's first PDF never waits for them), and the icon rendered for each platform.
2. A build environment of its own (``build/venv``): the run-time dependencies exactly as ``uv.lock`` pins them,
   PyInstaller from the ``bundle`` dependency group, and the app installed from its wheel. Nothing of the dev
   group (pytest, Hypothesis, mypy) is there to be picked up, and the app is a real install, not the editable one.
3. PyInstaller with ``packaging/facilitator.spec`` into ``dist/``.
4. What a user downloads: on Linux ``dist/partnership-facilitator-VERSION-linux-ARCH.tar.gz`` (with
   ``install.sh``/``uninstall.sh`` for a desktop entry and icon, per user, no root); on Windows a zip, and an
   installer made with Inno Setup when ``iscc`` is on the PATH (per user, no admin rights); on macOS a ``.dmg``
   of the ``.app`` (``hdiutil``).

Why PyInstaller, and how to build on Windows and macOS: ``packaging/README.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
FOLDER = "partnership-facilitator"
WINDOWS = sys.platform == "win32"
MACOS = sys.platform == "darwin"

sys.path.insert(0, str(PACKAGING))
from icons import render_icons  # noqa: E402 - packaging/ is not a package


def _uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")  # `uv run` names itself in UV
    if not found:
        raise SystemExit("uv is needed to make the build environment: https://docs.astral.sh/uv/")
    return found


def _run(*command: str | Path, env: dict[str, str] | None = None, cwd: Path = ROOT) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, cwd=cwd, env=env)


def stage(target: Path) -> None:
    """Compile the catalogs, cut the bold fonts and render the icon into ``target``."""
    from facilitator import i18n
    from facilitator.exports import fonts

    shutil.rmtree(target, ignore_errors=True)
    catalogs = target / "catalogs"
    catalogs.mkdir(parents=True)
    for language in i18n.shipped_catalogs():
        (catalogs / f"{language}.mo").write_bytes(i18n.compile_catalog(language))
    print(f"catalogs: {len(list(catalogs.iterdir()))} compiled to .mo")

    built_in = target / "fonts"
    for source in (fonts.NOTO_SANS, fonts.NOTO_SANS_ARABIC):
        cached = fonts.bold_path(source)  # this machine's cache: the same file, if it is whole
        if fonts.is_intact(cached):
            built_in.mkdir(parents=True, exist_ok=True)
            shutil.copy2(cached, fonts.bold_path(source, built_in))
        started = time.perf_counter()
        made = fonts.cached_bold(source, cache_dir=built_in)
        print(f"font: {made.name} ({time.perf_counter() - started:.1f} s)")
    if not fonts.fonts_ready(built_in):
        raise SystemExit("the bold font instances could not be made")

    made = render_icons(target / "icons")
    print("icons:", ", ".join(path.name for path in made.values()))


def build_environment(venv: Path, wheels: Path) -> Path:
    """A fresh virtual environment with the locked run-time dependencies, PyInstaller and the app's wheel;
    returns its Python."""
    uv = _uv()
    shutil.rmtree(venv, ignore_errors=True)
    shutil.rmtree(wheels, ignore_errors=True)
    requirements = BUILD / "requirements.txt"
    _run(
        uv,
        "export",
        "--quiet",
        "--frozen",
        "--no-dev",
        "--group",
        "bundle",
        "--no-emit-project",
        "-o",
        requirements,
    )
    _run(uv, "venv", "--python", sys.executable, venv)
    python = venv / ("Scripts/python.exe" if WINDOWS else "bin/python")
    _run(uv, "pip", "install", "--python", python, "--require-hashes", "-r", requirements)
    _run(uv, "build", "--wheel", "--out-dir", wheels)
    (wheel,) = wheels.glob("*.whl")
    _run(uv, "pip", "install", "--python", python, "--no-deps", wheel)
    return python


def pyinstaller(python: Path, staged: Path) -> None:
    # The build environment alone is seen: not the checkout's own folders (``facilitator/`` there lacks the
    # storage, exports and ui packages that only the install maps under it), nor any other environment.
    environment = {**os.environ, "FACILITATOR_STAGE": str(staged), "PYTHONSAFEPATH": "1"}
    for variable in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        environment.pop(variable, None)
    _run(
        python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", DIST, "--workpath", BUILD / "pyinstaller", PACKAGING / "facilitator.spec",
        env=environment, cwd=BUILD,
    )  # fmt: skip


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def _arch() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)


def strip_debug_information(folder: Path) -> None:
    """Take debugging symbols out of Python's own library and extension modules (a Python built from source,
    as pyenv does, keeps them: 20 MB of the bundle). Only Python's files: stripping libraries that wheels
    repaired with patchelf can break them."""
    strip = shutil.which("strip")
    if strip is None:
        return
    internal = folder / "_internal"
    for library in [*internal.glob("libpython3*.so*"), *internal.glob("python3*/lib-dynload/*.so")]:
        if library.is_file() and not library.is_symlink():
            subprocess.run([strip, "--strip-debug", str(library)], check=True)


def finish_linux(folder: Path, staged: Path, version: str) -> Path:
    """Put the desktop entry's installer and the icons beside the executable; pack it all as a .tar.gz."""
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(PACKAGING / "linux" / script, folder / script)
        (folder / script).chmod(0o755)
    shutil.copy2(PACKAGING / "linux" / "README.txt", folder / "README.txt")
    shutil.copytree(staged / "icons" / "hicolor", folder / "icons" / "hicolor", dirs_exist_ok=True)
    archive = DIST / f"{FOLDER}-{version}-linux-{_arch()}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname=FOLDER)
    return archive


def finish_windows(folder: Path, version: str) -> Path:
    """A zip of the folder, and an installer for the current user when Inno Setup's ``iscc`` is installed."""
    archive = DIST / f"{FOLDER}-{version}-windows-{_arch()}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(folder.rglob("*")):
            zipped.write(path, Path(FOLDER) / path.relative_to(folder))
    iscc = shutil.which("iscc") or shutil.which(r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe")
    if iscc is None:
        print("Inno Setup (iscc) not found: no installer made, only the zip")
        return archive
    _run(
        iscc, f"/DAppVersion={version}", f"/DSourceDir={folder}", f"/DOutputDir={DIST}",
        f"/DIconFile={BUILD / 'stage' / 'icons' / 'partnership-facilitator.ico'}",
        PACKAGING / "windows" / "installer.iss",
    )  # fmt: skip
    (installer,) = DIST.glob(f"{FOLDER}-{version}-windows-setup*.exe")
    return installer


def finish_macos(app: Path, version: str) -> Path:
    """A compressed disk image with the .app and a link to /Applications to drag it onto."""
    image = DIST / f"{FOLDER}-{version}-macos-{_arch()}.dmg"
    content = BUILD / "dmg"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    shutil.copytree(app, content / app.name, symlinks=True)
    (content / "Applications").symlink_to("/Applications")
    image.unlink(missing_ok=True)
    _run("hdiutil", "create", "-volname", app.stem, "-srcfolder", content, "-format", "UDZO", image)
    return image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-archive", action="store_true", help="stop at the application folder")
    options = parser.parse_args(argv)
    from facilitator import APP_NAME, __version__

    started = time.perf_counter()
    staged = BUILD / "stage"
    stage(staged)
    python = build_environment(BUILD / "venv", BUILD / "wheel")
    shutil.rmtree(DIST, ignore_errors=True)
    pyinstaller(python, staged)
    folder = DIST / FOLDER
    app = DIST / f"{APP_NAME}.app"
    if not (WINDOWS or MACOS):
        strip_debug_information(folder)
    print(f"application folder: {folder} ({_size(folder) / 1e6:.0f} MB)")
    if not options.no_archive:
        if WINDOWS:
            made = finish_windows(folder, __version__)
        elif MACOS:
            made = finish_macos(app, __version__)
        else:
            made = finish_linux(folder, staged, __version__)
        print(f"to download: {made} ({made.stat().st_size / 1e6:.0f} MB)")
    print(f"built in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
