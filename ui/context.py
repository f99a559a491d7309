"""What the screens share: the open partnership, settings, the undo stack, and a signal when records change."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from facilitator.errors import KnownError
from facilitator.i18n import _
from facilitator.ui.errors import tell

if TYPE_CHECKING:  # storage (and sqlite-utils) is imported when a file is opened, after the window paints
    from PySide6.QtWidgets import QWidget

    from facilitator.audience import Audience
    from facilitator.operations import Changes, Edit
    from facilitator.storage import Partnership
    from facilitator.ui.settings import Settings


log = logging.getLogger(__name__)


def edit_records(edit: Edit) -> str:
    """The kinds and ids an edit touches, for the log (never its text, which names records)."""
    return " ".join(
        sorted({f"{type(r).__name__}:{r.id}" for step in edit.steps for r in step if r is not None})
    )


def _operation(make: Callable[[], Edit]) -> str:
    """The screen's method that asked for an edit (``ActionsScreen.close_action``), for the log."""
    name = getattr(make, "__qualname__", type(make).__name__)
    return name.replace(".<locals>", "").removesuffix(".<lambda>")


class EditCommand(QUndoCommand):
    """Qt's undo stack driving a core ``Edit``: redo applies it, undo reverts it."""

    def __init__(self, context: AppContext, edit: Edit) -> None:
        super().__init__(edit.text)
        self._context = context
        self._edit = edit
        self._done = True  # the edit was applied before it was pushed

    def redo(self) -> None:
        if self._done:
            return
        self._context.perform(self._edit.apply, self)
        self._done = True

    def undo(self) -> None:
        self._context.perform(self._edit.revert, self)
        self._done = False


class AppContext(QObject):
    """The open partnership and what goes with it. Screens get it passed in; there is no global."""

    changed = Signal(object)  # Changes
    closing = Signal()  # the file is about to close: save what is being typed
    failed = Signal(object)  # KnownError raised while undoing or redoing
    audiences_changed = Signal()  # a view made for others (a projector) was shown or hidden

    def __init__(self, store: Partnership, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self._on_show: dict[int, Audience] = {}

    def shown_to(self, view: QObject, audience: Audience | None) -> None:
        """Say that ``view`` is on show for ``audience`` (None: no longer on show)."""
        before = dict(self._on_show)
        if audience is None:
            self._on_show.pop(id(view), None)
        else:
            self._on_show[id(view)] = audience
        if self._on_show != before:
            self.audiences_changed.emit()

    def window_audience(self) -> Audience:
        """Who the window's search answers for now (``audience.window_audience``)."""
        from facilitator.audience import window_audience  # noqa: PLC0415

        return window_audience(self._on_show.values())

    @property
    def read_only(self) -> bool:
        """Whether the open file may not be written."""
        return bool(self.store.read_only)

    def run(self, edit: Edit) -> Changes:
        """Apply ``edit`` now and put it on the undo stack. Raises ``KnownError`` when it cannot be applied."""
        try:
            changes = edit.apply(self.store)
        except KnownError as error:
            log.warning("edit refused: %s on %s", type(error).__name__, edit_records(edit))
            raise
        self.undo_stack.push(EditCommand(self, edit))
        self.changed.emit(changes)
        return changes

    def apply(self, parent: QWidget | None, make: Callable[[], Edit], title: str = "") -> bool:
        """What a screen does to change something: make the edit (the operation may refuse), apply it and put
        it on the undo stack. A known error is told in plain words (``title``, by default "Not changed") and
        logged with the screen's operation; False then, True when the edit was applied."""
        try:
            self.run(make())
        except KnownError as error:
            log.warning("%s refused: %s", _operation(make), type(error).__name__)
            tell(parent, error, title or _("Not changed"))
            return False
        return True

    def perform(self, step: Callable[..., Changes], command: QUndoCommand) -> None:
        """Undo or redo one edit; a known failure is reported and the command dropped from the stack."""
        try:
            changes = step(self.store)
        except KnownError as error:
            log.warning("%s refused: %s", step.__name__, type(error).__name__)
            command.setObsolete(True)
            self.failed.emit(error)
            return
        self.changed.emit(changes)

    def close(self) -> None:
        """Let screens save what is being typed, forget the undo history and close the file."""
        self.closing.emit()
        self.undo_stack.clear()
        self.store.close()
