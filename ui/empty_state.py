"""What an empty list says: over a register's table that shows no rows, one plain sentence of what goes there and
the button that does the first step; or, when the screen's filters hide every row, "Nothing matches these
filters" and the button that clears them.

One widget for every register (actions, escalations, conflicts, notices, forums, partners, indicators): it lies
over the table's viewport, so the headers stay and the screen's layout is untouched, and it follows the table's
model, so it leaves with the first record and comes back when the last one goes or a filter hides them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.i18n import N_, _

#: What a first step needs done before it: whether it is missing, the button (untranslated) and what it does.
Need = tuple[Callable[[], bool], str, Callable[[], None]]

NOTHING_MATCHES = N_("Nothing matches these filters.")
CLEAR_FILTERS = N_("Clear filters")


def elsewhere(widget: QWidget, screen: str, method: str) -> Callable[[], None]:
    """What a button does that starts on another screen: switch the window to ``screen`` and call its
    ``method`` (e.g. the forums screen's ``create_forum``)."""

    def go() -> None:
        open_screen = getattr(widget.window(), "open_screen", None)
        target = open_screen(screen) if callable(open_screen) else None
        found = getattr(target, method, None)
        if callable(found):
            found()

    return go


class EmptyState(QFrame):
    """Shown over ``view`` while it shows nothing. ``what`` and ``first_step`` are untranslated (``N_``).

    A table shows nothing when its model has no rows; when that model filters another that has rows, the
    filters hide them ("Nothing matches these filters", and ``clear_filters`` widens the list again). A view
    that is not a table (a page of sections) says when it is empty with ``is_empty``, and its screen calls
    ``refresh`` after reading. ``needs`` are what the first step cannot do without (an action needs a forum and
    a partner): while one is missing, the button does that instead."""

    def __init__(
        self,
        view: QAbstractScrollArea,
        what: str,
        first_step: str,
        do_first: Callable[[], None],
        *,
        clear_filters: Callable[[], None] | None = None,
        may_write: Callable[[], bool] = lambda: True,
        is_empty: Callable[[], bool] | None = None,
        needs: Sequence[Need] = (),
    ) -> None:
        super().__init__(view.viewport())
        self.setObjectName("emptyState")
        self.setAutoFillBackground(True)  # the viewport's base colour, whatever the palette
        self._view = view
        self._what, self._first_step = what, first_step
        self._do_first, self._clear = do_first, clear_filters
        self._may_write, self._is_empty, self._needs = may_write, is_empty, tuple(needs)
        self.text = QLabel()
        self.text.setObjectName("emptyStateText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton()
        self.button.setObjectName("emptyStateButton")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addStretch(1)
        layout.addWidget(self.text)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        cover = QVBoxLayout(view.viewport())  # the viewport's own layout keeps it covering the rows, at any size
        cover.setContentsMargins(0, 0, 0, 0)
        cover.addWidget(self)
        if isinstance(view, QAbstractItemView):
            model = view.model()
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
                signal.connect(self.refresh)
        self.refresh()

    def _empty(self) -> bool:
        if self._is_empty is not None:
            return self._is_empty()
        assert isinstance(self._view, QAbstractItemView)
        return not self._view.model().rowCount()

    @property
    def narrowed(self) -> bool:
        """Whether filters hide every row (rather than there being nothing yet)."""
        model = self._view.model() if isinstance(self._view, QAbstractItemView) else None
        if not isinstance(model, QSortFilterProxyModel) or model.sourceModel() is None:
            return False
        return model.rowCount() == 0 and model.sourceModel().rowCount() > 0

    def refresh(self, *_args: object) -> None:
        """Show or hide it for what the view shows now, in the current language (hidden, it still speaks it)."""
        if self.narrowed:
            self.text.setText(_(NOTHING_MATCHES))
            self.button.setText(_(CLEAR_FILTERS))
            self.button.setEnabled(self._clear is not None)
        else:
            self.text.setText(_(self._what))
            self.button.setText(_(self._step()[0]))
            self.button.setEnabled(self._may_write())
        if not self._empty():
            self.hide()
            return
        self.show()
        self.raise_()

    def _clicked(self) -> None:
        if self.narrowed:
            if self._clear is not None:
                self._clear()
        else:
            self._step()[1]()
        self.refresh()

    def _step(self) -> tuple[str, Callable[[], None]]:
        """The button's words and deed: the first thing missing, else the first step itself."""
        missing = next(((label, do) for lacking, label, do in self._needs if lacking()), None)
        return missing or (self._first_step, self._do_first)
