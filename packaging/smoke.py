"""Try the Linux bundle the way a coordinator would get it: on a machine account that has no Python, no uv and
an empty environment.

    uv run python packaging/smoke.py [--archive dist/partnership-facilitator-*-linux-*.tar.gz]

As root it makes a fresh user (``useradd``; removed afterwards with ``userdel -r``) and runs everything as that
user with ``env -i`` (no PATH, no PYTHONPATH, no PYTHONHOME, a HOME of its own); otherwise it runs as the
current user with ``env -i`` and a temporary HOME. Then, in order:

1. unpacks the download and runs ``install.sh`` (program in ~/.local/opt, desktop entry and icons in
   ~/.local/share), checking the entry and icons are there;
2. opens the window (offscreen, and on an X server too when Xvfb is installed): first run, so a new partnership
   file is made in the user's data folder; waits for the first paint and the file; checks that no Python of the
   machine was loaded (the process's memory map) and saves a screenshot of the X screen;
3. builds the demonstration partnership; writes a meeting's minutes as PDF and DOCX in English and in Arabic and
   a two-language leaflet, reading each back (pypdf, python-docx: text, fonts, right to left); opens the demo in
   the window (offscreen and on the X server, screenshot), ends it, and checks the file is whole and opens again;
4. checks where things went: the partnership, settings and log in the user's folders, no font cache (the bold
   fonts are built in) and nothing new in the program's folder;
5. runs ``uninstall.sh`` and checks the entry, icons and program are gone and the partnership files kept.

The driver (this script) uses the project's Python to read the documents back; the bundle never does. It is not
part of ``uv run pytest``: it needs a built bundle (``packaging/build.py``, minutes) and, for the fresh user, root.
Exit code 0 when every check passed.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import pwd
import shutil
import signal
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
NAME = "partnership-facilitator"
USER = "pf-smoke"
# Qt says when it first puts the window on screen ("Flushing ... of MainWindow"): the first paint.
PAINT_LOG = {
    "QT_LOGGING_RULES": "qt.widgets.painting.debug=true",
    "QT_MESSAGE_PATTERN": "%{category}|%{message}",
}

failures: list[str] = []


def check(what: str, ok: bool, detail: str = "") -> bool:
    print(f"  {'ok ' if ok else 'FAIL'} {what}{f': {detail}' if detail else ''}", flush=True)
    if not ok:
        failures.append(what)
    return ok


class Account:
    """Where and as whom the bundle runs: a fresh user (as root) or the current user with a temporary HOME."""

    def __init__(self, home: Path, user: str | None) -> None:
        self.home = home
        self.user = user

    def command(self, argv: list[str], extra: dict[str, str] | None = None) -> list[str]:
        environment = [f"HOME={self.home}", "PATH=", *(f"{k}={v}" for k, v in (extra or {}).items())]
        runner = ["runuser", "-u", self.user, "--"] if self.user else []
        return [*runner, "/usr/bin/env", "-i", *environment, *argv]

    def run(
        self, argv: list[str], extra: dict[str, str] | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(argv, extra),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=self.home,
        )

    def give(self, path: Path) -> None:
        if self.user:
            shutil.chown(path, self.user, self.user)
            for inner in path.rglob("*") if path.is_dir() else ():
                os.lchown(inner, pwd.getpwnam(self.user).pw_uid, pwd.getpwnam(self.user).pw_gid)


@contextlib.contextmanager
def account(fresh_user: bool) -> Iterator[Account]:
    if fresh_user:
        subprocess.run(
            ["userdel", "-r", USER], capture_output=True, check=False
        )  # a leftover of a killed run
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", USER], check=True)
        home = Path(pwd.getpwnam(USER).pw_dir)
        try:
            yield Account(home, USER)
        finally:
            subprocess.run(["userdel", "-r", USER], capture_output=True, check=False)
    else:
        with tempfile.TemporaryDirectory(prefix="pf-smoke-") as folder:
            yield Account(Path(folder), None)


def listing(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a digest of its content: to see that running it wrote nothing there."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def open_window(
    who: Account,
    program: Path,
    platform: str,
    display: str | None,
    shot: Path | None,
    *,
    file: Path | None = None,
) -> None:
    """Start the window on its first run (or on ``file``), wait for its first paint and for the partnership file;
    then end it as a session's end does (SIGTERM)."""
    data = file or who.home / ".local/share" / NAME / "partnership.sqlite"
    settings = who.home / ".config" / NAME / "preferences.ini"
    extra = {"QT_QPA_PLATFORM": platform, **PAINT_LOG}
    if display:
        extra["DISPLAY"] = display
    started = time.perf_counter()
    process = subprocess.Popen(
        who.command([str(program), *(["--db", str(file)] if file else [])], extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=who.home,
    )
    lines: list[str] = []
    assert process.stderr is not None
    reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    painted = None
    while time.perf_counter() - started < 90 and process.poll() is None:
        if painted is None and any(line.startswith("qt.widgets.painting|Flushing") for line in list(lines)):
            painted = time.perf_counter() - started
        # Ended only once the file is open and the settings written (Qt writes them from its event loop soon
        # after a change): a loaded machine is slower, and a check must not depend on how slow.
        ready = data.exists() and settings.exists()
        if painted is not None and ready and time.perf_counter() - started > painted + 3:
            break
        time.sleep(0.05)
    seen = "".join(lines)
    maps = ""
    with contextlib.suppress(OSError):
        child = _program_process(process.pid, program)
        maps = Path(f"/proc/{child}/maps").read_text() if child else ""
    if shot is not None and display:
        _screenshot(display, shot)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    check(
        f"window painted ({platform})",
        painted is not None,
        f"{painted:.2f} s after start" if painted else seen[-800:],
    )
    if file is None:
        check(f"first run made a new partnership in the data folder ({platform})", data.exists(), str(data))
    if data.exists():
        with contextlib.closing(sqlite3.connect(f"file:{data}?mode=ro", uri=True)) as db:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        check(
            "it is a partnership file (application id, migrated)",
            app_id != 0 and "_sqlite_migrations" in tables,
        )
    libraries = {line.split()[-1] for line in maps.splitlines() if "/" in line and ".so" in line}
    python = sorted(p for p in libraries if "libpython" in p or "/python3" in p)
    outside = [p for p in python if not p.startswith(str(program.parent))]
    check(
        "Python came from the bundle alone",
        bool(python) and not outside,
        f"{len(python)} Python files mapped, outside the bundle: {outside or 'none'}",
    )


def _program_process(pid: int, program: Path) -> int | None:
    # runuser and env exec or fork; the bootloader runs the app in itself. Find the process running the program.
    for candidate in [pid, *_descendants(pid)]:
        with contextlib.suppress(OSError):
            if Path(f"/proc/{candidate}/exe").resolve() == program.resolve():
                return candidate
    return None


def _descendants(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if parent == pid:
                    found += [int(entry.name), *_descendants(int(entry.name))]
    return found


def _screenshot(display: str, target: Path) -> None:
    """The X screen as the user sees it, grabbed by Qt (the driver's own) on the same display."""
    code = (
        "import sys\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "app = QGuiApplication(sys.argv[:1])\n"
        "app.primaryScreen().grabWindow(0).save(sys.argv[1])\n"
    )
    environment = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    subprocess.run([sys.executable, "-c", code, str(target)], env=environment, check=False, timeout=60)


def documents(who: Account, program: Path, out: Path) -> None:
    """Demo, minutes in English and Arabic as PDF and DOCX, a leaflet in two languages: made and read back."""
    from docx import Document
    from pypdf import PdfReader

    demo = who.home / "demo.sqlite"
    made = who.run([str(program), "demo", "--db", str(demo)])
    check(
        "demo partnership built",
        made.returncode == 0 and demo.exists(),
        made.stdout.strip() or made.stderr[-500:],
    )
    listed = who.run([str(program), "meetings", "--db", str(demo), "--json"])
    meetings = json.loads(listed.stdout) if listed.returncode == 0 else []
    held = [m for m in meetings if m.get("status") not in ("planned", "cancelled")]
    public = [m for m in meetings if m.get("kind") == "public" and m.get("status") == "planned"] or [
        m for m in meetings if m.get("kind") == "public"
    ]
    if not check("meetings listed", bool(held) and bool(public), f"{len(meetings)} meetings"):
        return
    meeting = held[-1]["id"]
    for language in ("en", "ar"):
        for kind in ("pdf", "docx"):
            target = out / f"minutes-{language}.{kind}"
            done = who.run(
                [str(program), "minutes", "--db", str(demo), "--meeting", meeting, "--audience", "partners",
                 "--lang", language, "--format", kind, "--out", str(target)]
            )  # fmt: skip
            if not check(
                f"minutes {language} {kind} written",
                done.returncode == 0 and target.exists(),
                done.stderr[-500:],
            ):
                continue
            if kind == "pdf":
                reader = PdfReader(target)
                fonts = _pdf_fonts(reader)
                text = "".join(page.extract_text() or "" for page in reader.pages)
                wanted = {"NotoSansArabic"} if language == "ar" else {"NotoSans-Bold", "NotoSans"}
                check(
                    f"minutes {language} pdf reads back",
                    len(reader.pages) >= 1
                    and len(text) > 200
                    and all(any(w in f for f in fonts) for w in wanted),
                    f"{len(reader.pages)} pages, fonts {sorted(fonts)}",
                )
            else:
                document = Document(str(target))
                text = "\n".join(p.text for p in document.paragraphs)
                rtl = b"w:bidi" in _docx_xml(target)
                check(
                    f"minutes {language} docx reads back",
                    len(text) > 200 and (rtl if language == "ar" else True),
                    f"{len(document.paragraphs)} paragraphs{', right to left' if rtl else ''}",
                )
    leaflet = out / "leaflet-en-ar.pdf"
    done = who.run(
        [str(program), "leaflet", "--db", str(demo), "--meeting", public[0]["id"], "--lang", "en",
         "--second-lang", "ar", "--size", "a4", "--format", "pdf", "--out", str(leaflet)]
    )  # fmt: skip
    if check("leaflet en+ar written", done.returncode == 0 and leaflet.exists(), done.stderr[-500:]):
        reader = PdfReader(leaflet)
        fonts = _pdf_fonts(reader)
        check(
            "leaflet reads back",
            len(reader.pages) == 2 and any("NotoSansArabic" in f for f in fonts),  # a page for each language
            f"{len(reader.pages)} pages, fonts {sorted(fonts)}",
        )


def _pdf_fonts(reader: object) -> set[str]:
    fonts: set[str] = set()
    for page in reader.pages:  # type: ignore[attr-defined]
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont", "")).split("+")[-1])
    return fonts


def _docx_xml(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml")


@contextlib.contextmanager
def xvfb() -> Iterator[str | None]:
    """An X server for the window, when Xvfb is installed."""
    if shutil.which("Xvfb") is None:
        yield None
        return
    display = ":57"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp", "-ac"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.5)
    try:
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, help="the .tar.gz build.py made (default: the one in dist/)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "build" / "smoke", help="documents and screenshots"
    )
    parser.add_argument(
        "--no-fresh-user", action="store_true", help="run as this user, with a temporary HOME"
    )
    options = parser.parse_args(argv)
    archives = [options.archive] if options.archive else sorted(DIST.glob(f"{NAME}-*-linux-*.tar.gz"))
    if not archives or not archives[-1].is_file():
        print("No Linux bundle: make one with `uv run python packaging/build.py` first.", file=sys.stderr)
        return 2
    archive = archives[-1]
    fresh = not options.no_fresh_user and os.geteuid() == 0 and shutil.which("useradd") is not None
    shutil.rmtree(options.out, ignore_errors=True)
    options.out.mkdir(parents=True)
    print(f"bundle: {archive.name} ({archive.stat().st_size / 1e6:.0f} MB)")
    with account(fresh) as who:
        print(
            f"as {'the fresh user ' + (who.user or '') if who.user else 'this user'}, HOME={who.home}, env -i"
        )
        work = who.home / "Downloads"
        work.mkdir()
        with tarfile.open(archive) as tar:
            tar.extractall(work, filter="tar")
        who.give(work)
        documents_out = who.home / "Documents"
        documents_out.mkdir()
        who.give(documents_out)

        print("1. install for this user, no root")
        done = who.run(["/bin/sh", str(work / NAME / "install.sh")])
        check(
            "install.sh",
            done.returncode == 0,
            (done.stdout + done.stderr).strip().splitlines()[-1:][0]
            if (done.stdout + done.stderr).strip()
            else "",
        )
        program = who.home / ".local/opt" / NAME / NAME
        entry = who.home / ".local/share/applications" / f"{NAME}.desktop"
        check("program installed in ~/.local/opt", program.is_file())
        check("desktop entry", entry.is_file() and f'Exec="{program}"' in entry.read_text())
        check(
            "icons",
            all(
                (who.home / ".local/share/icons/hicolor" / size / "apps").glob(f"{NAME}.*")
                for size in ("48x48", "256x256", "scalable")
            ),
        )
        if shutil.which("desktop-file-validate"):
            valid = subprocess.run(
                ["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False
            )
            check("desktop entry is valid", valid.returncode == 0, valid.stdout.strip())
        before = listing(program.parent)
        version = who.run([str(program), "--version"])
        check("--version", version.returncode == 0, version.stdout.strip())

        print("2. the window, first run")
        open_window(who, program, "offscreen", None, None)
        with xvfb() as display:
            if display:
                shutil.rmtree(who.home / ".local/share" / NAME, ignore_errors=True)
                open_window(who, program, "xcb", display, options.out / "window-xcb.png")

        print("3. documents")
        documents(who, program, documents_out)
        for made in documents_out.iterdir():
            shutil.copy2(made, options.out / made.name)
        demo = who.home / "demo.sqlite"
        if demo.exists():
            print("3b. the demo in the window, then the window ended")
            open_window(who, program, "offscreen", None, None, file=demo)
            with xvfb() as display:
                if display:
                    open_window(who, program, "xcb", display, options.out / "window-demo-xcb.png", file=demo)
            with contextlib.closing(sqlite3.connect(f"file:{demo}?mode=ro", uri=True)) as db:
                intact = db.execute("PRAGMA integrity_check").fetchone()[0]
            check("the demo file is whole after the window ended", intact == "ok", intact)
            again = who.run([str(program), "meetings", "--db", str(demo), "--json"])
            check("the demo opens again after the window ended", again.returncode == 0, again.stderr[-300:])

        print("4. where things went")
        check("settings in ~/.config", (who.home / ".config" / NAME / "preferences.ini").is_file())
        log = who.home / ".local/state" / NAME / "log" / "facilitator.log"
        check(
            "log in ~/.local/state",
            log.is_file() and "bundle in" in log.read_text(),
            log.read_text().splitlines()[-1] if log.is_file() else "",
        )
        check(
            "no font cache: the bold fonts are built in", not (who.home / ".cache" / NAME / "fonts").exists()
        )
        after = listing(program.parent)
        check(
            "nothing written in the program's folder",
            before == after,
            f"{len(set(after) ^ set(before))} files differ",
        )

        print("5. uninstall")
        done = who.run(["/bin/sh", str(program.parent / "uninstall.sh")])
        check("uninstall.sh", done.returncode == 0, done.stderr.strip())
        check(
            "entry, icons and program gone",
            not entry.exists()
            and not program.parent.exists()
            and not list((who.home / ".local/share/icons/hicolor").rglob(f"{NAME}.*")),
        )
        check("partnership files kept", (who.home / ".local/share" / NAME / "partnership.sqlite").is_file())
    print(f"documents and screenshot in {options.out}")
    print("every check passed" if not failures else f"{len(failures)} checks failed: {', '.join(failures)}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
