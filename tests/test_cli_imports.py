"""What each command loads, in a process of its own: a command that only reads never loads sqlite-utils (nor the
click and pluggy it brings), ``meetings`` not even the core's list of every kind of record, a Word document never
reportlab and a PDF never python-docx, and no PDF the twenty fallback fonts it has no character for.

No stopwatch here (``bench/commands.py`` measures the whole processes): these keep what the imports gained.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import round_file_at
from tests.core.test_minutes import Round

pytestmark = pytest.mark.usefixtures("font_cache")

SQLITE_UTILS = ("sqlite_utils", "click", "pluggy")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Round]:
    """The weekly round of story S1 in a partnership file, closed again."""
    return round_file_at(tmp_path_factory.mktemp("imports") / "round.sqlite")


def _loaded(tmp_path: Path, *argv: str) -> tuple[int, set[str], set[str]]:
    """Run the command line with ``argv`` in a new interpreter: its exit code, the modules it had loaded when it
    finished, and the fonts reportlab knew by then."""
    report = tmp_path / "modules.json"
    program = textwrap.dedent(
        f"""
        import json, sys
        from facilitator.cli import main
        code = main({list(argv)!r})
        fonts = []
        if "reportlab.pdfbase.pdfmetrics" in sys.modules:
            fonts = sorted(sys.modules["reportlab.pdfbase.pdfmetrics"]._fonts)
        with open({str(report)!r}, "w", encoding="utf-8") as file:
            json.dump([code, sorted(sys.modules), fonts], file)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program], check=False, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    code, modules, fonts = json.loads(report.read_text(encoding="utf-8"))
    return code, set(modules), set(fonts)


def _offending(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))


@pytest.mark.parametrize("command", [["meetings", "--json"], ["meetings"], ["check"], ["backups"]])
def test_reading_commands_never_load_sqlite_utils(
    made: tuple[Path, Round], tmp_path: Path, command: list[str]
) -> None:
    db, _round = made
    code, modules, _fonts = _loaded(tmp_path, *command, "--db", str(db))
    assert code == 0
    assert _offending(modules, SQLITE_UTILS) == []
    assert "facilitator.storage.reading" in modules  # the check can fail: the reader was what read the file
    assert _offending(modules, ("reportlab", "docx", "PySide6", "facilitator.demo", "psutil")) == []


def test_meetings_loads_only_the_kinds_it_reads(made: tuple[Path, Round], tmp_path: Path) -> None:
    db, _round = made
    _code, modules, _fonts = _loaded(tmp_path, "meetings", "--db", str(db), "--json")
    # facilitator.records imports every kind of record (and so the whole core): meetings needs three kinds.
    assert "facilitator.records" not in modules
    assert {"facilitator.meetings", "facilitator.record_fields"} <= modules


#: What the window's edits, agendas and documents are made with: reading a record of any kind needs none of it.
OPERATIONS = (
    "facilitator.operations",
    "facilitator.meeting_ops",
    "facilitator.agenda_routing",
    "facilitator.quorum",
    "facilitator.planning",
    "facilitator.snapshot",
    "facilitator.carried",
    "facilitator.minutes",
    "facilitator.docmodel",
    "facilitator.versions",
    "facilitator.mail",
    "facilitator.register_checks",
)
#: What writing takes: the log's rotating file and its folder, a digest, a temporary name, the lock, a new
#: record's id (which runs the platform module). (The zone database is left out: tests run on a frozen clock,
#: which names its zone.)
WRITING = (
    "logging.handlers",
    "platformdirs",
    "hashlib",
    "socket",
    "secrets",
    "facilitator.storage.lock",
    "uuid",
    "platform",
)


def test_check_reads_every_kind_without_the_operations_or_writing(
    made: tuple[Path, Round], tmp_path: Path
) -> None:
    db, _round = made
    code, modules, _fonts = _loaded(tmp_path, "check", "--db", str(db))
    assert code == 0  # a sound file: nothing logged, so no log file opened
    assert "facilitator.records" in modules  # every kind of record was read
    assert _offending(modules, OPERATIONS) == []
    assert _offending(modules, WRITING) == []


def test_a_writing_command_still_opens_with_sqlite_utils(made: tuple[Path, Round], tmp_path: Path) -> None:
    """The check above can fail: a command that writes records loads sqlite-utils, and the test sees it (opening
    a file for writing does not: ``backup`` opens it so and only copies it)."""
    db, _round = made
    _code, modules, _fonts = _loaded(tmp_path, "backup", "--db", str(db), "--out", str(tmp_path / "copy.sqlite"))
    assert _offending(modules, SQLITE_UTILS) == []
    document = tmp_path / "round.json"
    _code, modules, _fonts = _loaded(tmp_path, "export-json", "--db", str(db), "--out", str(document))
    assert _offending(modules, SQLITE_UTILS) == []
    code, modules, _fonts = _loaded(tmp_path, "import-json", "--db", str(tmp_path / "new.sqlite"), str(document))
    assert code == 0 and "sqlite_utils" in modules


def _minutes(db: Path, r: Round, out: Path, kind: str) -> list[str]:
    options = ["--db", str(db), "--meeting", r.meeting.id, "--audience", "partners", "--lang", "en"]
    return ["minutes", *options, "--format", kind, "--out", str(out)]


def test_minutes_as_pdf_load_no_word_writer_and_no_unused_font(made: tuple[Path, Round], tmp_path: Path) -> None:
    db, r = made
    code, modules, fonts = _loaded(tmp_path, *_minutes(db, r, tmp_path / "m.pdf", "pdf"))
    assert code == 0 and (tmp_path / "m.pdf").exists()
    assert _offending(modules, ("docx", *SQLITE_UTILS, "xml.sax", "urllib.request", "facilitator.demo")) == []
    assert "reportlab.platypus" in modules
    assert "NotoSans" in fonts  # the check can fail: the document's own font is registered
    assert not any(name.startswith("NotoEmoji") or name.startswith("NotoSansHebrew") for name in fonts)


def test_minutes_as_docx_load_no_pdf_writer(made: tuple[Path, Round], tmp_path: Path) -> None:
    db, r = made
    code, modules, _fonts = _loaded(tmp_path, *_minutes(db, r, tmp_path / "m.docx", "docx"))
    assert code == 0 and (tmp_path / "m.docx").exists()
    assert _offending(modules, ("reportlab", *SQLITE_UTILS, "facilitator.demo")) == []
    assert "docx" in modules


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_minutes_read_no_font_with_fonttools_once_measured(
    made: tuple[Path, Round], tmp_path: Path, kind: str
) -> None:
    """What the writers need of the fonts (characters, widths, reportlab's parse) is measured by the first
    document on a machine and kept in the font cache (``fonts.advances``, ``pdf_text.font_face``): the next
    one loads no fontTools."""
    db, r = made
    _loaded(tmp_path, *_minutes(db, r, tmp_path / f"first.{kind}", kind))
    code, modules, _fonts = _loaded(tmp_path, *_minutes(db, r, tmp_path / f"second.{kind}", kind))
    assert code == 0 and (tmp_path / f"second.{kind}").exists()
    assert _offending(modules, ("fontTools",)) == []
