"""Every budget the benchmarks measure, in one list: what ``bench/run_all.py`` runs, prints and checks, and what
the README's performance table shows (``tests/test_bench_budgets.py`` fails when the two disagree).

A ``Budget`` names the measurement its script reports (``common.emit(key, value)``), the README's words for
it, its limit (None: reported, not budgeted) and its unit: ``ms`` for times, ``MB`` for peak resident memory,
``x`` for a ratio to something measured in the same run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    key: str
    what: str
    limit: float | None
    unit: str
    script: str

    def budget_text(self) -> str:
        """The budget as the README's table prints it."""
        if self.limit is None:
            return ""
        if self.unit == "x":
            return f"≤ {self.limit:.2g}×"
        return f"≤ {self.limit:g} {self.unit}"

    def value_text(self, value: float) -> str:
        if self.unit == "x":
            return f"{value:.2f}×"
        if self.unit == "MB":
            return f"{value:.0f} MB"
        return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"

    def over(self, value: float) -> bool:
        return self.limit is not None and value > self.limit


def _commands() -> list[Budget]:
    rows = [
        Budget("cli.python", "the interpreter alone (`python -c pass`)", None, "ms", "commands.py"),
    ]
    for key, words in (
        ("version", "`facilitator --version`"),
        ("help", "`facilitator --help`"),
        ("meetings", "`facilitator meetings --json`, 10-year demo"),
        ("check", "`facilitator check`, 10-year demo"),
        ("backups", "`facilitator backups`, 10-year demo"),
    ):
        rows.append(Budget(f"cli.{key}", f"{words}, whole process", 200, "ms", "commands.py"))
    rows += [
        Budget("cli.soffice", "LibreOffice converting the minutes' DOCX to PDF", None, "ms", "commands.py"),
        Budget("cli.minutes_pdf", "`facilitator minutes --format pdf`, 20 items", None, "ms", "commands.py"),
        Budget("cli.minutes_pdf_ratio", "minutes PDF ÷ LibreOffice", 1 / 3, "x", "commands.py"),
        Budget("cli.minutes_docx", "`facilitator minutes --format docx`, 20 items", None, "ms", "commands.py"),
        Budget("cli.minutes_docx_ratio", "minutes DOCX ÷ LibreOffice", 1 / 3, "x", "commands.py"),
        Budget("cli.first_pdf", "first PDF on a fresh machine (empty font cache)", 3000, "ms", "commands.py"),
        Budget("rss.meetings", "peak memory, `meetings --json`", None, "MB", "commands.py"),
        Budget("rss.check", "peak memory, `check`", None, "MB", "commands.py"),
        Budget("rss.minutes_pdf", "peak memory, `minutes --format pdf`", None, "MB", "commands.py"),
        Budget("rss.minutes_docx", "peak memory, `minutes --format docx`", None, "MB", "commands.py"),
    ]
    return rows


BUDGETS: list[Budget] = [
    *_commands(),
    Budget("window.bare", "bare PySide6 window, first paint", None, "ms", "open_and_filter.py"),
    Budget("window.paint", "app window, first paint, 10-year demo", None, "ms", "open_and_filter.py"),
    Budget("window.paint_ratio", "app window first paint ÷ bare", 1.3, "x", "open_and_filter.py"),
    Budget("window.home", "Home showing the 10-year demo's content", None, "ms", "open_and_filter.py"),
    Budget("window.home_ratio", "Home with content ÷ bare", 3, "x", "open_and_filter.py"),
    Budget("window.screens", "every screen built (the rest after Home)", None, "ms", "open_and_filter.py"),
    Budget("window.filter_demo", "partner filter per keystroke, demo (worst)", 50, "ms", "open_and_filter.py"),
    Budget(
        "window.filter_large",
        "partner filter per keystroke, 2,000 partners and 10,000 people (worst)",
        50,
        "ms",
        "open_and_filter.py",
    ),
    Budget("window.switch", "switching screens in the window (worst)", 100, "ms", "open_and_filter.py"),
    Budget("meetings.core", "opening a 30-item, 40-person meeting, core", 100, "ms", "meetings.py"),
    Budget("meetings.window", "switching meetings in the window, any tab (slowest median)", 100, "ms", "meetings.py"),
    Budget("actions.derive", "planned meeting carrying 500 open actions: derived", 100, "ms", "actions.py"),
    Budget("actions.start", "the same meeting started (reviews fixed and written)", 100, "ms", "actions.py"),
    Budget("actions.filter", "filtering a 20,000-action register (slowest rule)", 100, "ms", "actions.py"),
    Budget("documents.pdf", "minutes of a 20-item meeting, PDF, in process", 500, "ms", "documents.py"),
    Budget("documents.docx", "minutes of a 20-item meeting, DOCX, in process", 500, "ms", "documents.py"),
    Budget("leaflet.pdf", "one leaflet, slowest PDF", 500, "ms", "leaflet.py"),
    Budget("indicators.all", "every indicator, ten years, whole partnership", 300, "ms", "indicators.py"),
    Budget("indicators.review_pdf", "the year in review, PDF", 2000, "ms", "indicators.py"),
    Budget("indicators.review_docx", "the year in review, DOCX", 2000, "ms", "indicators.py"),
    Budget("storage.audited", "600 audited writes", 3000, "ms", "storage.py"),
    Budget("storage.kills", "10 kills and 200 committed edits", 25000, "ms", "storage.py"),
    Budget("growth.30.window_rss", "peak memory of the window, 30-year partnership", 300, "MB", "growth.py"),
]

#: How cost grows with the partnership's age (``bench/growth.py``): the rows, for 1, 10 and 30 years.
GROWTH_YEARS = (1, 10, 30)
GROWTH = {
    "records": "records in the file",
    "open": "window: open to ready (Home with content)",
    "home": "Home's content computed",
    "indicators": "every indicator, whole life",
    "filter": "actions register filtered (slowest rule)",
    "minutes_pdf": "`facilitator minutes --format pdf`, whole process",
    "window_rss": "window's peak memory, every screen built (MB)",
}
