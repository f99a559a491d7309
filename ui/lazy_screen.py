"""A screen that reads the file again only while it is shown (the home and indicators screens): a change made while
it is hidden waits until it is next shown, so a hidden screen costs nothing while others edit, and nothing is read
once the file is closing (the window shows its screens one last time while it takes them down). The register
screens are lazy screens too; ``RegisterScreen.lazy`` says whether a hidden one waits."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from facilitator.operations import Changes
from facilitator.ui.context import AppContext


class LazyScreen(QWidget):
    """A screen read again when shown after a change; ``stale``: it has not been read yet."""

    def __init__(self, *, stale: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stale = stale
        self._closed = False

    def follow(self, context: AppContext) -> None:
        """Hear the file's changes (``_on_changed``) and its closing."""
        context.changed.connect(self._on_changed)
        context.closing.connect(self._file_closing)

    def reload(self) -> None:
        """Read the screen's records again (and clear ``_stale``)."""
        raise NotImplementedError

    def _on_changed(self, changes: Changes) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Read again now, or, when hidden, when next shown."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def _file_closing(self) -> None:
        self._closed = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and not self._closed:
            self.reload()
