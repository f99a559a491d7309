"""Chair mode: one meeting chaired from a laptop on the table, and what the room sees on a projector.

The chair's window holds nothing but the live view (no navigation, no meetings list), so the current item, its
timer, the next item, the speakers, the quorum and the big buttons fit 1280 x 720 without scrolling. The
projector window shows only what the room may see: it asks ``facilitator.audience`` about every item it could
show, and it never holds the notes, the restricted items' titles or anything the chair alone should read.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from facilitator import clock
from facilitator.audience import Audience, Visibility, room_audience, seen_by
from facilitator.entities import Forum, Partner
from facilitator.errors import KnownError
from facilitator.i18n import _
from facilitator.live import LiveState, live_state
from facilitator.meetings import Meeting, MeetingStatus
from facilitator.operations import Changes
from facilitator.ui.context import AppContext
from facilitator.ui.icons import icon
from facilitator.ui.live_view import PRIMARY_STYLE, LiveView, clock_text
from facilitator.ui.palette import warning_colour
from facilitator.ui.shortcuts import keys_text, make_action, retitle

#: The size a chair's laptop or a projector is sure to have.
CHAIR_SIZE = (1280, 720)

PROJECTOR_STYLE = """
QLabel#projectorMeeting { font-size: 20pt; }
QLabel#projectorTitle { font-size: 40pt; font-weight: 700; }
QLabel#projectorTimer { font-size: 96pt; font-weight: 700; }
QLabel#projectorHeading { font-size: 20pt; font-weight: 600; }
QListWidget#projectorSpeakers { font-size: 26pt; }
"""


def _data_label(name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("showsData", True)
    label.setWordWrap(wrap)
    return label


class ProjectorWindow(QWidget):
    """What the room sees: the item's title (if the room may see it), its timer and who waits to speak."""

    def __init__(self, context: AppContext, meeting_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projectorWindow")
        self.setStyleSheet(PROJECTOR_STYLE)
        self.context = context
        self.meeting_id = meeting_id
        self.meeting_label = _data_label("projectorMeeting")
        self.title = _data_label("projectorTitle")
        self.timer_label = _data_label("projectorTimer", wrap=False)
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.speakers_heading = QLabel()
        self.speakers_heading.setObjectName("projectorHeading")
        self.speakers = QListWidget()
        self.speakers.setObjectName("projectorSpeakers")
        self.speakers.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to choose: the room only reads it
        self.speakers.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(self.meeting_label)
        layout.addWidget(self.title)
        layout.addWidget(self.timer_label, 1)
        layout.addWidget(self.speakers_heading)
        layout.addWidget(self.speakers, 1)
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(1000)
        self.tick_timer.timeout.connect(self.refresh)
        context.changed.connect(self._on_changed)
        self.retranslate()

    def retranslate(self) -> None:
        """Its few words in the current language."""
        self.setWindowTitle(_("Projector"))
        self.speakers_heading.setText(_("Waiting to speak"))
        self.refresh()

    def _on_changed(self, _changes: Changes) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Show the meeting as the room may see it now."""
        try:
            state = live_state(self.context.store, self.meeting_id, clock.now())
        except KnownError:
            state = None
        self.speakers.clear()
        if state is None:
            self.meeting_label.setText("")
            self.title.setText("")
            self.timer_label.setText("")
            return
        self._show(state)

    def _show(self, state: LiveState) -> None:
        meeting = state.meeting
        forum = self.context.store.find(Forum, meeting.forum_id)
        audience = room_audience(forum, meeting)
        # The meeting's own title is the forum's business, like its name on the door.
        self.meeting_label.setText(meeting.title or (forum.name if forum else ""))
        current = state.current
        if current is None:
            self.title.setText(
                _("The meeting has not started.") if meeting.status is MeetingStatus.PLANNED else ""
            )
            self.timer_label.setText("")
            return
        if seen_by(audience, current) is not Visibility.SHOW:
            # A restricted item: the room sees that one is under way and its time, nothing of what it is.
            self.title.setText(_("A confidential item is being discussed."))
            self.timer_label.setText(clock_text(state.item_elapsed))
            return
        self.title.setText(current.display_title)
        self.timer_label.setText(f"{clock_text(state.item_elapsed)} / {clock_text(state.item_allowed)}")
        self.timer_label.setStyleSheet(
            f"color: {warning_colour(self.palette()).name()};" if state.item_over else ""
        )
        names = {s.partner.id: s.partner.display_name for s in state.standings}
        for number, turn in enumerate(state.waiting, start=1):
            partner = names.get(turn.partner_id) or self._partner_name(turn.partner_id)
            self.speakers.addItem(f"{number}. {partner}")

    def _partner_name(self, partner_id: str) -> str:
        partner = self.context.store.find(Partner, partner_id)
        return partner.display_name if partner else ""

    def place(self) -> None:
        """Full screen on a second screen when there is one; otherwise a window beside the chair's."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.setGeometry(screens[1].geometry())
            self.showFullScreen()
        else:
            self.resize(*CHAIR_SIZE)
            self.show()

    def room(self) -> Audience:
        """Who sees this window: the room of its meeting (``audience.room_audience``)."""
        meeting = self.context.store.find(Meeting, self.meeting_id)
        if meeting is None:
            return Audience.public()  # nothing left to say who is in the room: the narrowest
        return room_audience(self.context.store.find(Forum, meeting.forum_id), meeting)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.tick_timer.start()
        # While the room's view is up, the window's own search answers for the room too.
        self.context.shown_to(self, self.room())

    def hideEvent(self, event: QHideEvent) -> None:
        self.tick_timer.stop()
        self.context.shown_to(self, None)
        super().hideEvent(event)


class ChairWindow(QWidget):
    """The chairing view of one meeting, alone in its window, with the projector window at hand."""

    closed = Signal()

    def __init__(self, context: AppContext, meeting_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("chairWindow")
        self.context = context
        self.meeting_id = meeting_id
        self.live = LiveView(context, self)
        self.projector: ProjectorWindow | None = None
        self.projector_button = QPushButton()
        self.projector_button.setObjectName("projectorButton")
        self.projector_button.setCheckable(True)
        self.projector_button.setIcon(icon("projector"))
        self.projector_button.toggled.connect(self.show_projector)
        self.leave_button = QPushButton()
        self.leave_button.setObjectName("leaveChairButton")
        self.leave_button.setIcon(icon("leave_chair_mode"))
        self.leave_button.clicked.connect(self.close)
        for push in (self.projector_button, self.leave_button):
            push.setAutoDefault(False)
            push.setStyleSheet(PRIMARY_STYLE)
            push.setMinimumHeight(44)
        self.projector_action = make_action(self, "projector", self.projector_button.toggle)
        self.leave_action = make_action(self, "leave_chair_mode", self.close)
        self.live.header.addWidget(self.projector_button)
        self.live.header.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.live, 1)
        self.retranslate()
        self.live.set_meeting(meeting_id)
        self.resize(*CHAIR_SIZE)
        context.closing.connect(self.close)  # the file closes: nothing may read it any more

    def retranslate(self) -> None:
        """Every word in the current language."""
        meeting = self.context.store.find(Meeting, self.meeting_id)
        forum = self.context.store.find(Forum, meeting.forum_id) if meeting else None
        name = (meeting.title if meeting else "") or (forum.name if forum else "")
        self.setWindowTitle(_("Chairing: {meeting}").format(meeting=name))
        for push, act, text in (
            (self.projector_button, self.projector_action, _("Projector window")),
            (self.leave_button, self.leave_action, _("Leave chair mode")),
        ):
            retitle(act)
            push.setText(text)
            push.setToolTip(f"{text} ({keys_text(act.objectName())})")
        self.live.retranslate()
        if self.projector is not None:
            self.projector.retranslate()

    def show_projector(self, shown: bool) -> None:
        """Open (or close) the room's window."""
        if shown:
            if self.projector is None:
                self.projector = ProjectorWindow(self.context, self.meeting_id, self)
            self.projector.place()
        elif self.projector is not None:
            self.projector.hide()
        if self.projector_button.isChecked() != shown:
            self.projector_button.setChecked(shown)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.live.save_notes()  # nothing typed is lost when the chair leaves
        if self.projector is not None:
            self.projector.close()
        self.closed.emit()
        super().closeEvent(event)
