"""Fixtures for window tests: settings in a tmp folder, a real partnership file, modal dialogs answered."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog
from PySide6.QtWidgets import (
    QApplication,
    QColorDialog,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QWidget,
)

from facilitator import operations
from facilitator.entities import Forum, Partner, QuorumRule, Representative, Sector, Seniority, Tier
from facilitator.meeting_ops import new_meeting, roll, set_attendance
from facilitator.meetings import Meeting, Presence
from facilitator.storage import open_partnership
from facilitator.ui.app import create_application
from facilitator.ui.context import AppContext
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.meetings_screen import MeetingsScreen
from facilitator.ui.settings import Settings


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "modal_loops: dialogs run their real event loop and the test answers every one itself (``modals`` then "
        "guards only file and input choosers and popup menus)",
    )


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Fresh settings in a tmp folder; nothing from the developer's own settings leaks in."""
    folder = tmp_path / "config"
    monkeypatch.setenv("FACILITATOR_CONFIG_DIR", str(folder))
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(tmp_path / "data"))
    return Settings(folder)


@pytest.fixture
def seeded_db(tmp_path: Path) -> Path:
    """A real partnership file with a forum, three partners and two representatives."""
    path = tmp_path / "seeded.sqlite"
    with open_partnership(path) as store:
        forum = Forum(name="Station Square weekly round", quorum=QuorumRule(2, frozenset({Sector.POLICE})))
        operations.save_forum(store, forum).apply(store)
        police = Partner(name="City Police", short_name="Police", sector=Sector.POLICE)
        outreach = Partner(name="Outreach North", sector=Sector.OUTREACH)
        residents = Partner(name="Residents of Station Square", sector=Sector.COMMUNITY)
        for partner in (police, outreach, residents):
            operations.save_partner(store, partner).apply(store)
        inspector = Representative(
            name="Anna Kowalska",
            partner_id=police.id,
            role="Inspector",
            seniority=Seniority.MANAGER,
            may_decide=True,
        )
        worker = Representative(name="Yusuf Demir", partner_id=outreach.id, role="Outreach worker")
        for person in (inspector, worker):
            operations.save_representative(store, person).apply(store)
        operations.set_membership(store, forum.id, police.id, inspector.id).apply(store)
    return path


class UnexpectedDialog(AssertionError):
    """A dialog or message box the test did not declare appeared (the user would have seen it)."""


def _message_words(box: object) -> str:
    """Everything a message box says: title, text and the smaller words under it."""
    if isinstance(box, tuple):  # a static QMessageBox.warning(parent, title, text, ...) call
        return " ".join(str(part) for part in box[1:3])
    assert isinstance(box, QMessageBox)
    return " ".join(part for part in (box.windowTitle(), box.text(), box.informativeText()) if part)


class ModalAnswers:
    """Answers modal dialogs the test declared, and fails the test on any other.

    A dialog class is declared with ``fill["ClassName"] = function`` (the function fills it in and accepts or
    rejects) or ``expect("ClassName")`` (it may appear, and is cancelled); a message box with
    ``expect_message("words it says", answer=...)``. Anything else that appears is recorded, cancelled, and fails
    the test at teardown with its class and words; a declared message that never appeared fails it too.
    """

    def __init__(self) -> None:
        self.opened: list[Any] = []
        self.fill: dict[str, Callable[[QDialog], None]] = {}
        self.unexpected: list[str] = []
        self._expected_classes: set[str] = set()
        self._messages: list[_ExpectedMessage] = []

    def expect(self, *class_names: str) -> None:
        """Dialogs of these classes may appear; they are cancelled (rejected)."""
        self._expected_classes.update(class_names)

    def expect_message(
        self, words: str, answer: QMessageBox.StandardButton | str = QMessageBox.StandardButton.Ok
    ) -> None:
        """A message box saying ``words`` (in its title, text or details) is expected and answered with
        ``answer``: a standard button, or the text of one of its buttons."""
        self._messages.append(_ExpectedMessage(words, answer))

    def _message(self, words: str) -> _ExpectedMessage | None:
        for message in self._messages:
            if message.words.casefold() in words.casefold():
                message.seen += 1
                return message
        return None

    def exec(self, dialog: QDialog) -> int:
        self.opened.append(dialog)
        filler = self.fill.get(type(dialog).__name__)
        if filler is not None:
            filler(dialog)
            return int(dialog.result())
        if isinstance(dialog, QMessageBox):
            message = self._message(_message_words(dialog))
            if message is not None:
                return message.answer_box(dialog)
            self.unexpected.append(f"QMessageBox: {_message_words(dialog)!r}")
        elif type(dialog).__name__ not in self._expected_classes:
            self.unexpected.append(f"{type(dialog).__name__}: {dialog.windowTitle()!r}")
        dialog.reject()
        return int(QDialog.DialogCode.Rejected)

    def static(self, name: str, args: tuple[Any, ...]) -> QMessageBox.StandardButton:
        """``QMessageBox.warning/information/critical/about(parent, title, text, ...)``."""
        self.opened.append(args)
        message = self._message(_message_words(args))
        if message is None:
            self.unexpected.append(f"QMessageBox.{name}: {_message_words(args)!r}")
            return QMessageBox.StandardButton.Ok
        answer = message.answer
        return answer if isinstance(answer, QMessageBox.StandardButton) else QMessageBox.StandardButton.Ok

    def popup(self, args: tuple[Any, ...]) -> None:
        """``QMenu.exec``: a popup menu waits for a choice like a dialog; ``expect("QMenu")`` lets it close."""
        self.opened.append(args)
        if "QMenu" not in self._expected_classes:
            menu = args[0]
            words = menu.title() if isinstance(menu, QMenu) else ""
            self.unexpected.append(f"QMenu: {words!r}")

    def chooser(self, where: str, cancelled: object, args: tuple[Any, ...]) -> object:
        """``QFileDialog.getSaveFileName`` and the other static choosers: cancelled; unexpected unless declared
        with ``expect("QFileDialog.getSaveFileName")`` (or the test answers them itself)."""
        self.opened.append(args)
        if where not in self._expected_classes:
            title = next((a for a in args[1:] if isinstance(a, str)), "")
            self.unexpected.append(f"{where}: {title!r}")
        return cancelled

    def problems(self) -> list[str]:
        missing = [f"expected message never shown: {m.words!r}" for m in self._messages if not m.seen]
        return [f"unexpected {what}" for what in self.unexpected] + missing


class _ExpectedMessage:
    def __init__(self, words: str, answer: QMessageBox.StandardButton | str) -> None:
        self.words = words
        self.answer = answer
        self.seen = 0

    def answer_box(self, box: QMessageBox) -> int:
        if isinstance(self.answer, QMessageBox.StandardButton):
            box.done(int(self.answer.value))
            return int(self.answer.value)
        (button,) = [b for b in box.buttons() if self.answer in b.text()]
        button.click()
        return int(box.result())


#: The static dialogs of Qt that run their own event loop (a Python patch of ``QDialog.exec`` never sees them),
#: with what each gives back when cancelled.
STATIC_DIALOGS: dict[tuple[type, str], object] = {
    (QFileDialog, "getOpenFileName"): ("", ""),
    (QFileDialog, "getOpenFileNames"): ([], ""),
    (QFileDialog, "getSaveFileName"): ("", ""),
    (QFileDialog, "getExistingDirectory"): "",
    (QFileDialog, "getOpenFileUrl"): (QUrl(), ""),
    (QFileDialog, "getSaveFileUrl"): (QUrl(), ""),
    (QInputDialog, "getText"): ("", False),
    (QInputDialog, "getMultiLineText"): ("", False),
    (QInputDialog, "getItem"): ("", False),
    (QInputDialog, "getInt"): (0, False),
    (QInputDialog, "getDouble"): (0.0, False),
    (QColorDialog, "getColor"): QColor(),
}


@pytest.fixture(autouse=True)
def modals(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModalAnswers]:
    """Modal ``exec`` never blocks a window test, whether it names this fixture or not (autouse): declared
    dialogs are filled in by the test, declared message boxes answered; any other dialog, message box, file or
    input dialog, print dialog or popup menu is cancelled and fails the test (a user would have had it in their
    face). A test that answers a static dialog itself (``monkeypatch.setattr(QFileDialog, ...)``) overrides the
    guard for that one. A test marked ``modal_loops`` runs dialogs in their real event loop and answers every one
    itself (a timer that fails on any dialog it did not expect, as the keyboard story does); choosers and popup
    menus, which such a timer cannot reach, stay guarded."""
    answers = ModalAnswers()
    if request.node.get_closest_marker("modal_loops") is None:
        monkeypatch.setattr(QDialog, "exec", lambda self: answers.exec(self))
        monkeypatch.setattr(QMessageBox, "exec", lambda self: answers.exec(self))
        # Qt's print dialogs have an ``exec`` of their own, which runs its own loop.
        monkeypatch.setattr(QPrintDialog, "exec", lambda self: answers.exec(self))
        monkeypatch.setattr(QPageSetupDialog, "exec", lambda self: answers.exec(self))
        for name in ("warning", "information", "critical", "about", "question"):
            monkeypatch.setattr(
                QMessageBox, name, staticmethod(lambda *args, _n=name: answers.static(_n, args))
            )
    monkeypatch.setattr(QMenu, "exec", lambda *args: answers.popup(args))
    for (kind, name), cancelled in STATIC_DIALOGS.items():
        where = f"{kind.__name__}.{name}"
        monkeypatch.setattr(
            kind,
            name,
            staticmethod(lambda *args, _w=where, _c=cancelled, **kw: answers.chooser(_w, _c, args)),
        )
    yield answers
    problems = answers.problems()
    if problems:
        raise UnexpectedDialog("\n".join(problems))


@pytest.fixture
def window(qtbot, settings: Settings, seeded_db: Path, modals: ModalAnswers) -> Iterator[MainWindow]:
    """The main window on the seeded file, shown offscreen."""
    yield from window_on(qtbot, settings, seeded_db)


@pytest.fixture
def empty_window(qtbot, settings: Settings, tmp_path: Path, modals: ModalAnswers) -> Iterator[MainWindow]:
    """The main window on a new, empty partnership file (as a coordinator's first day starts)."""
    path = tmp_path / "new.sqlite"
    with open_partnership(path):
        pass
    yield from window_on(qtbot, settings, path)


#: The most common office laptop's screen: the stories run on it (issue 15).
LAPTOP = (1366, 768)


@pytest.fixture
def laptop() -> Iterator[Callable[[MainWindow], MainWindow]]:
    """Put a window at 1366×768 (``laptop(window)``); fails when it cannot be that small, and again at the end of
    the test when a screen the story showed has pushed it wider or taller."""
    placed: list[MainWindow] = []

    def put(window: MainWindow) -> MainWindow:
        window.resize(*LAPTOP)
        QApplication.processEvents()
        assert (window.width(), window.height()) == LAPTOP, f"the window cannot be {LAPTOP}: {window.size()}"
        placed.append(window)
        return window

    yield put
    for window in placed:
        QApplication.processEvents()
        assert (window.width(), window.height()) == LAPTOP, f"the story grew the window to {window.size()}"


def assert_in_sight(*widgets: QWidget) -> None:
    """Each widget is shown whole inside its window: not hidden, not cut by a scroll area or the window's edge
    (what a chair must see and reach at 1366×768 without scrolling)."""
    for widget in widgets:
        name = widget.accessibleName() or widget.objectName() or type(widget).__name__
        assert widget.isVisible(), f"{name} is hidden"
        shown = widget.visibleRegion().boundingRect()
        assert shown == widget.rect(), f"{name} is cut: {shown} of {widget.rect()}"
        corner = widget.mapTo(widget.window(), widget.rect().bottomRight())
        assert widget.window().rect().contains(corner), f"{name} runs past its window"


def context_on(path: Path, settings: Settings) -> Iterator[AppContext]:
    """The window's context on the partnership file at ``path``, closed afterwards (for fixtures)."""
    ctx = AppContext(open_partnership(path), settings)
    yield ctx
    ctx.close()


def window_on(  # type: ignore[no-untyped-def]
    qtbot, settings: Settings, path: Path, size: tuple[int, int] | None = None
) -> Iterator[MainWindow]:
    """The main window on ``path`` (at ``size``, if given), shown offscreen, closed afterwards (for fixtures)."""
    create_application()
    win = MainWindow(settings)
    qtbot.addWidget(win)
    assert win.open_path(path)
    if size is not None:
        win.resize(*size)
    win.show()
    QApplication.processEvents()
    yield win
    win.close()


def seat_outreach(context: AppContext) -> tuple[Forum, dict[str, Partner], Representative]:
    """Seat the seeded outreach worker, Yusuf Demir, for Outreach North on the seeded forum (the seeded file
    seats only the police), through the window's context: the forum, the partners by name, and Yusuf."""
    store = context.store
    forum = store.all(Forum)[0]
    partners = {p.name: p for p in store.all(Partner)}
    yusuf = next(r for r in store.all(Representative) if r.name == "Yusuf Demir")
    context.run(operations.set_membership(store, forum.id, partners["Outreach North"].id, yusuf.id))
    return forum, partners, yusuf


def add_mayors_round(window: MainWindow) -> tuple[Forum, Forum]:
    """Add a strategic forum, the Mayor's round (where the street round's actions are escalated), to the window's
    partnership through its context: the seeded street round and the Mayor's round."""
    context = window.context
    assert context is not None
    store = context.store
    street = store.all(Forum)[0]
    mayor = Forum(name="Mayor's round", tier=Tier.STRATEGIC)
    context.run(operations.save_forum(store, mayor))
    return street, mayor


def meeting_everyone_present(window: MainWindow, starts: dt.datetime, zone: str) -> Meeting:
    """A new meeting of the window's first forum at ``starts`` (wall time in ``zone``), everyone on its roll
    marked present; not started."""
    context = window.context
    assert context is not None
    store = context.store
    forum = store.all(Forum)[0]
    edit, meeting = new_meeting(store, forum.id, starts, timezone=zone)
    context.run(edit)
    for line in roll(store, meeting.id):
        context.run(set_attendance(store, replace(line, presence=Presence.PRESENT)))
    return meeting


def show_screen(window: MainWindow, name: str) -> Any:
    """The screen called ``name`` (``ui.main_window.SCREENS``), chosen in the window's navigation and shown."""
    window.navigation.setCurrentRow([s[0] for s in SCREENS].index(name))
    QApplication.processEvents()
    return window.screens[name]


def meetings_on(qtbot, settings: Settings, path: Path) -> Iterator[tuple[MainWindow, MeetingsScreen]]:  # type: ignore[no-untyped-def]
    """The main window on ``path`` at 1400×900, on its meetings screen (for fixtures)."""
    for window in window_on(qtbot, settings, path, size=(1400, 900)):
        window.navigation.setCurrentRow(1)
        meetings = window.findChild(MeetingsScreen)
        assert meetings is not None
        yield window, meetings


def ink(image: object) -> float:
    """The share of a page image that is not paper: 0 for a blank page (judges a printout by what it shows)."""
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage) and not image.isNull()
    small = image.scaled(120, 170).convertToFormat(QImage.Format.Format_Grayscale8)
    dark = sum(
        1 for y in range(small.height()) for x in range(small.width()) if small.pixelColor(x, y).value() < 200
    )
    return dark / (small.width() * small.height())


def printed_pages(path: object) -> list[object]:
    """Every page of a printout made to a PDF file, as images."""
    from pathlib import Path

    from facilitator.ui.export_worker import render_pages

    data = Path(str(path)).read_bytes()
    return list(render_pages(data, 0.5))


def assert_shown(widget: object) -> None:
    """A widget that really shows something: its screenshot has ink, and it holds visible words, none of them an
    unformatted placeholder ("{name}") or an empty button (a screenshot that is merely not null proves nothing)."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

    assert isinstance(widget, QWidget)
    shot = widget.grab().toImage()
    assert ink(shot) > 0.0005, f"{type(widget).__name__} looks blank"  # a blank one has none at all
    texts = [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget) and w.text().strip()]
    texts += [
        w.title() for w in widget.findChildren(QGroupBox) if w.isVisibleTo(widget) and w.title().strip()
    ]
    buttons = [w for w in widget.findChildren(QAbstractButton) if w.isVisibleTo(widget)]
    texts += [b.text() for b in buttons if b.text().strip()]
    assert texts, f"{type(widget).__name__} shows no words"
    unformatted = [t for t in texts if re.search(r"\{[a-z_]*\}", t)]
    assert not unformatted, unformatted
