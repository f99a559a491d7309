"""Home: the screen the app opens on, with what needs the coordinator's attention today.

What is listed, in what order, when an agenda counts as ready and what can be done from an entry (prepare an
agenda, start a meeting, circulate minutes) is decided by ``facilitator.home``; this screen shows it in sections
and opens the thing an entry names (one click, or Enter) on its own screen. The page itself never scrolls: a
section with more entries than its room scrolls on its own, an empty one is one line.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.approval import MinutesStatus
from facilitator.frozen import frozen
from facilitator.home import Attention, attention
from facilitator.i18n import N_, _
from facilitator.store import Store
from facilitator.ui.carried_text import carried_texts
from facilitator.ui.context import AppContext
from facilitator.ui.lazy_screen import LazyScreen
from facilitator.ui.models import ID_ROLE, AnyIndex
from facilitator.ui.palette import app_palette, hover_colour, mute, warning_colour, warning_text_style
from facilitator.ui.setup_guide import SetupGuide
from facilitator.ui.widgets import button

KIND_ROLE = Qt.ItemDataRole.UserRole + 10

#: The sections, in reading order: (key, untranslated title).
SECTIONS = (
    ("meetings", N_("Today and the next meetings")),
    ("actions", N_("Actions to chase")),
    ("notices", N_("Notices of change to follow up")),
    ("conflicts", N_("Conflict reviews due")),
    ("escalations", N_("Escalations waiting for an answer")),
    ("minutes", N_("Minutes to circulate or approve")),
)


#: The sections beneath the meetings, two to a row.
GRID = ("actions", "minutes", "notices", "escalations", "conflicts")


@frozen
class Line:
    """One entry as the list shows it, and what it opens."""

    text: str
    kind: str
    record_id: str | None
    tooltip: str = ""
    alarm: bool = False  # shown in red: something will go wrong unless the coordinator acts
    offers: tuple[str, ...] = ()  # what can be done from the entry in one click: keys of OFFERS


#: What an entry of Home may offer to do in one click: (key, untranslated label, tab of the meeting it opens).
OFFERS = {
    "plan": (N_("Plan meetings…"), "agenda"),
    "prepare": (N_("Prepare agenda"), "agenda"),
    "start": (N_("Start"), "live"),
    "chair": (N_("Go on chairing"), "live"),
    "circulate": (N_("Circulate…"), "documents"),
}


class AttentionModel(QAbstractListModel):
    """The lines of one section."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[Line] = []

    def reset_lines(self, lines: Sequence[Line]) -> None:
        """Show ``lines`` instead."""
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> Line:
        """The line in ``row``."""
        return self._lines[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._lines)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines) or index.column() != 0:
            return None
        line = self._lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return line.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return line.tooltip or line.text
        if role == Qt.ItemDataRole.ForegroundRole and line.alarm:
            return warning_colour(app_palette())
        if role == ID_ROLE:
            return line.record_id
        if role == KIND_ROLE:
            return line.kind
        return None


def _date(day: dt.date) -> str:
    return i18n.active().format_date(day)


def _when(found: Attention, start: dt.datetime) -> str:
    """ "Today 10:00", "Tomorrow 10:00", or the weekday and date."""
    t = i18n.active()
    time = t.format_time(start.time())
    if start.date() == found.today:
        return _("Today {time}").format(time=time)
    if start.date() == found.today + dt.timedelta(days=1):
        return _("Tomorrow {time}").format(time=time)
    weekday = t.weekday_name(start.weekday())
    return f"{weekday} {t.format_date(start.date())} {time}"


def _lines(store: Store, found: Attention) -> dict[str, list[Line]]:
    """Every section's lines, in the window's language."""
    meetings = []
    for entry in found.next_meetings:
        if entry.meeting is None:
            meetings.append(
                Line(
                    _("{forum}: no meeting planned").format(forum=entry.forum.name),
                    "forums",
                    entry.forum.id,
                    offers=("plan",),
                )
            )
            continue
        if entry.running:
            state = _("under way")
        else:
            state = _("agenda ready") if entry.agenda_ready else _("agenda not ready yet")
        text = _("{when} · {forum} · {state}").format(
            when=_when(found, entry.meeting.starts_at), forum=entry.forum.name, state=state
        )
        counted, named = carried_texts(store, entry.carried) if entry.carried else ("", "")
        if counted:
            text += " · " + _("carries {what}").format(what=counted)
        offers = ("chair",) if entry.running else ("prepare",) + (("start",) if entry.can_start else ())
        meetings.append(
            Line(text, "meetings", entry.meeting.id, f"{text}\n{named}" if named else "", offers=offers)
        )
    actions = []
    for partner in found.actions:
        for item in partner.entries:
            due = _date(item.action.due) if item.action.due else ""
            text = (
                _("{partner}: {title} · overdue since {date}")
                if item.overdue
                else _("{partner}: {title} · due {date}")
            )
            actions.append(
                Line(
                    text.format(partner=partner.partner.display_name, title=item.action.title, date=due),
                    "actions",
                    item.action.id,
                )
            )
    notices = []
    for notice in found.notices:
        reasons = []
        if notice.waiting_for:
            reasons.append(
                i18n.ngettext(
                    "waiting for {count} answer ({names})",
                    "waiting for {count} answers ({names})",
                    len(notice.waiting_for),
                ).format(
                    count=len(notice.waiting_for), names=", ".join(p.display_name for p in notice.waiting_for)
                )
            )
        if notice.short_notice:
            reasons.append(_("short notice"))
        for forum in notice.unheard_in:
            reasons.append(_("no meeting of {forum} before it takes effect").format(forum=forum.name))
        text = _("{title} · takes effect {date} · {reasons}").format(
            title=notice.notice.title, date=_date(notice.notice.takes_effect_on), reasons="; ".join(reasons)
        )
        advice = (
            _(
                "What to do: give it a notices item on an agenda of {forums} before it takes effect, or tell "
                "their members directly."
            ).format(forums=", ".join(f.name for f in notice.unheard_in))
            if notice.unheard_in
            else ""
        )
        notices.append(
            Line(
                text,
                "notices",
                notice.notice.id,
                f"{text}\n{advice}" if advice else "",
                alarm=bool(notice.unheard_in),
            )
        )
    conflicts = [
        Line(
            (
                _("{title} · review was due {date}") if review.overdue else _("{title} · review due {date}")
            ).format(title=review.conflict.title, date=_date(review.conflict.review_on or found.today)),
            "conflicts",
            review.conflict.id,
        )
        for review in found.conflicts
    ]
    escalations = [
        Line(
            i18n.ngettext(
                "{title} · waiting for {days} day", "{title} · waiting for {days} days", waiting.days_waiting
            ).format(title=waiting.escalation.subject_title, days=waiting.days_waiting),
            "escalations",
            waiting.escalation.id,
        )
        for waiting in found.escalations
    ]
    minutes = [
        Line(
            (
                _("{forum}, {date}: to circulate")
                if waiting.status is MinutesStatus.DRAFT
                else _("{forum}, {date}: to approve")
            ).format(
                forum=waiting.forum.name if waiting.forum else "",
                date=_date(waiting.meeting.starts_at.date()),
            ),
            "meetings",
            waiting.meeting.id,
            offers=("circulate",) if waiting.can_circulate else (),
        )
        for waiting in found.minutes
    ]
    return {
        "meetings": meetings,
        "actions": actions,
        "notices": notices,
        "conflicts": conflicts,
        "escalations": escalations,
        "minutes": minutes,
    }


EMPTY = {
    "meetings": N_("No forum yet: a forum is a group that meets (a weekly round, a residents' meeting)."),
    "actions": N_("No action is overdue or due this week."),
    "notices": N_("Every open notice has its answers, and none came at short notice."),
    "conflicts": N_("No conflict review is due this week."),
    "escalations": N_("No escalation is waiting for an answer."),
    "minutes": N_("No minutes are waiting to be circulated or approved."),
}


class EntryList(QListView):
    """A section's entries: one click or Enter opens the entry under it (a list, not a page of text)."""

    def __init__(self, open_row: Callable[[int], object]) -> None:
        super().__init__()
        self._open_row = open_row
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)  # a long entry wraps rather than hiding its end behind a scroll bar
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "QListView::item { padding: 3px 2px; } "
            f"QListView::item:hover {{ background: {hover_colour(app_palette()).name()}; }}"
        )

    def fit_height(self) -> None:
        """As tall as the entries (wrapped at the present width), up to MAX_ROWS of them: no empty box."""
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        metrics = self.fontMetrics()
        room = max(80, self.width() - 2 * self.frameWidth() - 24)  # the scroll bar's room kept aside
        shown = 0
        for row in range(min(rows, MAX_ROWS)):
            text = str(model.index(row, 0).data() or "")
            lines = math.ceil(metrics.horizontalAdvance(text) * 1.06 / room)  # words wrap a little early
            shown += max(1, lines) * metrics.lineSpacing() + 8  # the item's padding
        # As tall as the entries where there is room; a short window squeezes it to two lines, and it scrolls.
        height = shown + 2 * self.frameWidth() + 2
        self.setMaximumHeight(height)
        self.setMinimumHeight(min(height, 2 * metrics.lineSpacing() + 20))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_height()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open_row(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        index = self.indexAt(event.position().toPoint())
        if event.button() is Qt.MouseButton.LeftButton and index.isValid():
            self._open_row(index.row())


class RowsArea(QScrollArea):
    """The rows of a section: as tall as they are (up to its maximum height), scrolling beyond it."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.maximumHeight() if self.maximumHeight() < 10_000 else hint.height())


class EntryButton(QPushButton):
    """An entry shown as a row that opens with one click, or Enter or Space when it has the focus."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setAutoDefault(False)
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # a long entry is elided
        self.setStyleSheet(
            "QPushButton { text-align: left; padding: 4px 6px; } "
            f"QPushButton:hover {{ background: {hover_colour(app_palette()).name()}; }}"
        )
        self._full = text

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(20, self.width() - 16)
        )
        if shown != self.text():
            self.setText(shown)


class HomeSection(QWidget):
    """A heading with a count, the entries, and a sentence when there is nothing to list.

    Entries that offer something to do in one click (meetings, minutes) are rows with their buttons; the others
    are a list. An empty section is its heading and one line saying what would be listed there.
    """

    def __init__(
        self, key: str, open_line: Callable[[Line], object], do: Callable[[Line, str], object]
    ) -> None:
        super().__init__()
        self.key = key
        self._open_line = open_line
        self._do = do
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.model = AttentionModel(self)
        self.view = EntryList(lambda row: open_line(self.model.line(row)))
        self.view.setObjectName(f"home-{key}")
        self.view.setModel(self.model)
        self.rows_host = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_host)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(2)
        self.rows_scroll = RowsArea()
        self.rows_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its rows take the focus, not the area
        self.rows_scroll.setWidgetResizable(True)
        self.rows_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.rows_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rows_scroll.setWidget(self.rows_host)
        self.row_buttons: list[tuple[EntryButton, list[QPushButton]]] = []
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("padding: 2px 0 6px 0;")
        mute(self.empty)  # the palette's own grey: readable on a dark window too
        self.note = QLabel()
        self.note.setWordWrap(True)
        mute(self.note)
        self.start_button = QPushButton()  # what starts filling an empty section, when the window can
        self.start_button.setAutoDefault(False)
        self.start_button.hide()
        empty_row = QHBoxLayout()
        empty_row.addWidget(self.empty, 1)
        empty_row.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)
        layout.addWidget(self.rows_scroll)
        layout.addLayout(empty_row)
        layout.addWidget(self.note)
        layout.addStretch(1)  # the pair beside a longer section keeps its entries at the top

    @property
    def uses_rows(self) -> bool:
        """Whether the entries are rows with buttons (they offer something to do) rather than a list."""
        return self.key in ROW_SECTIONS

    def show_lines(self, title: str, lines: list[Line], note: str = "") -> None:
        """Fill the section; an empty one says so in words."""
        self.model.reset_lines(lines)
        self.heading.setText(_("{title} ({count})").format(title=title, count=len(lines)))
        self.view.setVisible(bool(lines) and not self.uses_rows)
        self.rows_scroll.setVisible(bool(lines) and self.uses_rows)
        if self.uses_rows and lines:
            self._fill_rows(lines)
        else:
            self.view.fit_height()
        self.empty.setVisible(not lines)
        self.empty.setText(_(EMPTY[self.key]))
        self.start_button.setVisible(not lines and bool(self.start_button.text()))
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def _fill_rows(self, lines: list[Line]) -> None:
        while self.rows_layout.count():
            item = self.rows_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone from the screen (and from the window's children) now, not when the
                widget.setParent(None)  # event loop next runs
                widget.deleteLater()
        self.row_buttons = []
        for line in lines:
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            entry = EntryButton(line.text)
            entry.setToolTip(line.tooltip or line.text)
            entry.setAccessibleName(line.text)
            if line.alarm:
                entry.setStyleSheet(entry.styleSheet() + f" QPushButton {{ {warning_text_style()} }}")
            entry.clicked.connect(lambda _c=False, chosen=line: self._open_line(chosen))
            row_layout.addWidget(entry, 1)
            pushes = []
            for offer in line.offers:
                push = QPushButton(_(OFFERS[offer][0]))
                push.setAutoDefault(False)
                push.setObjectName(f"home-{offer}")
                push.clicked.connect(lambda _c=False, chosen=line, what=offer: self._do(chosen, what))
                row_layout.addWidget(push)
                pushes.append(push)
            self.rows_layout.addWidget(row)
            self.row_buttons.append((entry, pushes))
        self.rows_layout.addStretch(1)
        # As tall as its rows, up to MAX_ROWS of them; beyond that the rows scroll (and the page does not).
        row_height = max(
            [push.sizeHint().height() for _e, pushes in self.row_buttons for push in pushes]
            + [entry.sizeHint().height() for entry, _p in self.row_buttons],
            default=28,
        )
        shown = min(len(lines), MAX_ROWS)
        height = shown * (row_height + self.rows_layout.spacing()) + 2
        self.rows_scroll.setMaximumHeight(height)
        self.rows_scroll.setMinimumHeight(min(height, row_height + 4))  # a short window: it scrolls


#: How many entries a section shows before it scrolls.
MAX_ROWS = 6
#: The sections whose entries are rows with buttons.
ROW_SECTIONS = ("meetings", "minutes")


class HomeScreen(LazyScreen):
    """What needs attention today, in six sections; each entry opens the thing it names."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(stale=False)
        self.setObjectName("homeScreen")
        self.context = context
        self.found: Attention | None = None
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.subtitle = QLabel()
        self.subtitle.setProperty("showsData", True)  # a date
        # Changes made on two laptops wait for the coordinator (File → Exchange…): told here, opened from here.
        self.exchange_conflicts = QPushButton()
        self.exchange_conflicts.setObjectName("homeExchangeConflicts")
        self.exchange_conflicts.setStyleSheet("text-align: left; padding: 6px; font-weight: bold;")
        self.exchange_conflicts.clicked.connect(self.open_exchange_conflicts)
        self.exchange_conflicts.hide()
        self.sections = {key: HomeSection(key, self.open_line, self.do) for key, _title in SECTIONS}
        self.sections["meetings"].start_button.clicked.connect(lambda: self._go("forums", "create_forum"))
        self.reminders_button = button("")
        self.reminders_button.setObjectName("remindersButton")
        self.reminders_button.clicked.connect(lambda _c=False: self.prepare_reminders())
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addSpacing(12)
        heading.addWidget(self.subtitle, 1, Qt.AlignmentFlag.AlignBaseline)
        heading.addWidget(self.reminders_button)
        # Meetings across the page (their rows carry buttons); the rest in two columns beneath.
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(4)
        for number, key in enumerate(GRID):
            self.grid.addWidget(self.sections[key], number // 2, number % 2)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        self.guide = SetupGuide(context, self._screen)  # a new file's first steps, until they are done
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.guide)
        body_layout.addWidget(self.sections["meetings"])
        body_layout.addLayout(self.grid)
        body_layout.addStretch(1)
        # Only a window far smaller than a laptop's screen scrolls the page; at 1366 x 768 everything fits, and
        # only a section with more entries than its room scrolls, on its own.
        self.page = QScrollArea()
        self.page.setObjectName("homePage")
        self.page.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its entries take the focus, not the page
        self.page.setWidgetResizable(True)
        self.page.setFrameShape(QScrollArea.Shape.NoFrame)
        self.page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.exchange_conflicts)
        layout.addWidget(self.page, 1)
        self.follow(context)
        self.retranslate()

    # -- reading -------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Ask the core again what needs attention today."""
        self.found = attention(self.context.store, clock.today())
        self.guide.refresh()
        self._stale = False
        self._show()

    def _show(self) -> None:
        if self.found is None or self._closed:
            return
        self.subtitle.setText(i18n.active().format_date(self.found.today, "full"))
        lines = _lines(self.context.store, self.found)
        titles = dict(SECTIONS)
        for key, section in self.sections.items():
            note = ""
            if key == "minutes" and self.found.older_minutes:
                note = i18n.ngettext(
                    "Minutes of {count} older meeting are still not approved.",
                    "Minutes of {count} older meetings are still not approved.",
                    self.found.older_minutes,
                ).format(count=self.found.older_minutes)
            section.show_lines(_(titles[key]), lines[key], note)
        self._show_exchange_conflicts()

    def _show_exchange_conflicts(self) -> None:
        count = self.context.store.exchange_decisions_waiting()
        self.exchange_conflicts.setText(
            i18n.ngettext(
                "{count} change made on two laptops needs your decision: review it…",
                "{count} changes made on two laptops need your decision: review them…",
                count,
            ).format(count=count)
        )
        self.exchange_conflicts.setVisible(count > 0)

    def open_exchange_conflicts(self) -> QWidget | None:
        """Open File → Exchange…, where the changes made on two laptops are decided."""
        control = getattr(self.window(), "exchange", None)
        return control.show_dialog() if control is not None else None

    # -- opening what an entry names --------------------------------------------------------------------------------
    def open_line(self, line: Line) -> QWidget | None:
        """Switch the window to the screen of ``line``'s record and select it there; returns that screen."""
        open_record = getattr(self.window(), "open_record", None)
        return open_record(line.kind, line.record_id) if callable(open_record) else None

    def prepare_reminders(self) -> QWidget:
        """Reminders for every partner before the next meeting (of the forum that meets first), as e-mail
        drafts (``ui.reminders_dialog``)."""
        from facilitator.ui.reminders_dialog import RemindersDialog  # noqa: PLC0415 - opened on demand

        dialog: QWidget = RemindersDialog(self.context, parent=self)
        dialog.exec()  # type: ignore[attr-defined]
        return dialog

    def do(self, line: Line, offer: str) -> QWidget | None:
        """Open the meeting of ``line`` on the tab where ``offer`` is done, and do it when it is one click (start,
        circulate); returns the meetings screen."""
        if offer == "plan":  # a forum with no meeting: its meetings screen, and the planning dialog
            screen = self.open_line(Line("", "meetings", None))
            if screen is not None and line.record_id:
                screen.choose_forum(line.record_id)  # type: ignore[attr-defined]
                screen.plan_meetings()  # type: ignore[attr-defined]
            return screen
        screen = self.open_line(line)
        tab = OFFERS[offer][1]
        opener = getattr(screen, "open_tab", None)
        if screen is None or not callable(opener):
            return screen
        opener(tab)
        if offer == "start":
            screen.live.start_meeting()  # type: ignore[attr-defined]
        elif offer == "circulate":
            screen.documents.minutes.circulate()  # type: ignore[attr-defined]
        return screen

    def _screen(self, name: str) -> QWidget | None:
        """Switch the window to the screen called ``name`` and return it."""
        open_screen = getattr(self.window(), "open_screen", None)
        return open_screen(name) if callable(open_screen) else None

    def _go(self, kind: str, method: str) -> None:
        """Open the screen of ``kind`` and call its ``method`` (the button of an empty section)."""
        screen = self.open_line(Line("", kind, None))
        found = getattr(screen, method, None)
        if callable(found):
            found()

    # -- language ----------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Show every label in the current language."""
        self.title.setText(_("Home"))
        self.reminders_button.setText(_("Remind partners before the meeting…"))
        self.reminders_button.setToolTip(
            _("One e-mail draft per partner: its open actions, overdue first, and what it has not answered")
        )
        self.sections["meetings"].start_button.setText(_("New forum…"))
        if self.found is None:
            self.reload()
        elif not self._closed:  # a window whose file has closed reads nothing more from it
            self.guide.refresh()
            self._show()
