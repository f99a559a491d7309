"""The main window: navigation between the working screens, menus, and the open partnership file.

The window paints itself before the partnership file is opened (``open_soon``), and what it needs for that paint
is kept light, because the user waits for it (``bench/open_and_filter.py``: at most 1.3 times a bare PySide6
window). The search's results and worker, the dialogs behind the menus, and the screens load after it. Until that
first paint nothing here names the ``Qt`` namespace (``Qt.AlignmentFlag`` and the like): PySide builds the Python
enums of the whole namespace, about ninety, the first time one of them is touched, some 15 ms. The style sheet
sets the few such properties the shell needs (``qproperty-…``); methods that run later import ``Qt`` where they
use it. ``tests/ui/test_window_imports.py`` checks the one, ``tests/ui/test_first_paint.py`` the other.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QSize, QTimer, QTranslator
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import facilitator
from facilitator import i18n
from facilitator.errors import DatabaseCorrupt, DatabaseLocked, DatabaseReadOnly, KnownError
from facilitator.i18n import N_, _
from facilitator.ui.data_menu import DataMenu
from facilitator.ui.errors import tell
from facilitator.ui.exchange_control import ExchangeControl
from facilitator.ui.icons import icon
from facilitator.ui.search_field import SearchBox
from facilitator.ui.settings import Settings
from facilitator.ui.shortcuts import keys_text, menu_entry

if TYPE_CHECKING:
    from facilitator.ui.context import AppContext
    from facilitator.ui.jobs import Ahead
    from facilitator.ui.search_box import Search, SearchResults
    from facilitator.ui.text_undo import TextUndoPassage

#: The working screens, in navigation order: (object name, untranslated title, "module:class"). Their modules are
#: imported when a partnership file is opened, after the window has painted, so that start-up stays quick.
SCREENS = (
    ("home", N_("Home"), "facilitator.ui.home_screen:HomeScreen"),
    ("meetings", N_("Meetings"), "facilitator.ui.meetings_screen:MeetingsScreen"),
    ("actions", N_("Actions"), "facilitator.ui.actions_screen:ActionsScreen"),
    ("escalations", N_("Escalations"), "facilitator.ui.escalations_screen:EscalationsScreen"),
    ("conflicts", N_("Conflicts"), "facilitator.ui.conflicts_screen:ConflictsScreen"),
    ("notices", N_("Notices of change"), "facilitator.ui.notices_screen:NoticesScreen"),
    ("forums", N_("Forums"), "facilitator.ui.forums_screen:ForumsScreen"),
    ("partners", N_("Partners & representatives"), "facilitator.ui.partners_screen:PartnersScreen"),
    ("indicators", N_("Indicators"), "facilitator.ui.indicators_screen:IndicatorsScreen"),
)


def screen_class(where: str) -> Callable[[AppContext], QWidget]:
    """The screen class named ``module:class`` (every screen is built from the open partnership's context)."""
    module, name = where.split(":")
    made: Callable[[AppContext], QWidget] = getattr(importlib.import_module(module), name)
    return made


#: Each shipped window language, named in itself so that anyone can find their own.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "de": "Deutsch", "nl": "Nederlands"}
STYLE = """
QLabel#screenTitle { font-size: 16pt; font-weight: 600; padding: 2px 0 6px 0; }
QLabel#sectionTitle { font-size: 11pt; font-weight: 600; }
QListWidget#navigation { font-size: 11pt; }
QListWidget#navigation::item { padding: 6px 4px; }
QToolButton#navigationToggle { border: none; padding: 4px; }
QListWidget#navigation { qproperty-horizontalScrollBarPolicy: ScrollBarAlwaysOff; }
QWidget#emptyState QLabel { qproperty-alignment: AlignCenter; }
"""


def app_name() -> str:
    """The app's name in the window's language."""
    return _("Partnership Facilitator")


#: ``Qt.ItemDataRole.AccessibleTextRole``, as a number: the navigation is shaped before the first paint (module
#: docstring; ``tests/ui/test_first_paint.py`` checks it against Qt's).
ACCESSIBLE_TEXT_ROLE = 11
FILE_FILTER = N_("Partnership files (*.sqlite);;All files (*)")
#: The window's size on first start where the screen allows it.
FIRST_SIZE = QSize(1180, 760)


def first_size(available: QSize) -> QSize:
    """The window's size on first start: ``FIRST_SIZE``, or what a smaller screen leaves with room for the
    window's frame (a laptop at 150 % display scaling: 1920x1080 leaves 1280x720 logical pixels)."""
    return FIRST_SIZE.boundedTo(QSize(available.width() * 95 // 100, available.height() * 90 // 100))


class QtTranslations:
    """Qt's own translations (standard buttons and dialogs), swapped with the window's language.

    There is one such catalog per application whatever the number of windows, so the one installed before is
    found on the application itself and replaced.
    """

    NAME = "facilitator-qtbase"

    def install(self, language: str) -> None:
        """Use Qt's catalog of ``language`` (English needs none)."""
        app = QApplication.instance()
        assert app is not None, "Qt translations need the application"
        for old in app.findChildren(QTranslator, self.NAME):
            app.removeTranslator(old)
            old.deleteLater()
        if language != "en":
            # Where Qt keeps its catalogs: asked only here, as the first paint in English needs none (the class's
            # enums are built when it is first named).
            from PySide6.QtCore import QLibraryInfo  # noqa: PLC0415

            translator = QTranslator(app)
            translator.setObjectName(self.NAME)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if translator.load(f"qtbase_{language}", folder):
                app.installTranslator(translator)
            else:
                translator.deleteLater()
        QLocale.setDefault(QLocale(language if language != i18n.PSEUDO_LANGUAGE else "en"))


class EmptyState(QWidget):
    """Shown when no partnership file is open: the two ways forward; or, while the window opens one after its
    first paint, which file it is opening."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("emptyState")
        self.opening: str | None = None  # the name of the file being opened
        self.label = QLabel()
        # Centred by the window's style sheet (``STYLE``).
        self.label.setWordWrap(True)
        self.new = QPushButton()
        self.open = QPushButton()
        self.new.clicked.connect(window.new_file)
        self.open.clicked.connect(window.open_file)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.new)
        row.addWidget(self.open)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addStretch(2)
        self.retranslate()

    def show_opening(self, name: str | None) -> None:
        """Say that the file ``name`` is being opened (None: that no file is open, and the ways forward)."""
        self.opening = name
        self.retranslate()

    def retranslate(self) -> None:
        """Show the labels in the current language."""
        self.new.setVisible(self.opening is None)
        self.open.setVisible(self.opening is None)
        if self.opening is not None:
            self.label.setText(_("Opening {name}…").format(name=self.opening))
            return
        self.label.setText(_("No partnership file is open. Create a new one, or open one you already have."))
        self.new.setText(_("New partnership file…"))
        self.open.setText(_("Open partnership file…"))


class MainWindow(QMainWindow):
    """Navigation on the left, the chosen screen on the right."""

    def __init__(self, settings: Settings, qt_translations: QtTranslations | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setStyleSheet(STYLE)
        self.settings = settings
        self.qt_translations = qt_translations or QtTranslations()
        self.context: AppContext | None = None
        self.screens: dict[str, QWidget] = {}
        self._open_after_paint: Path | None = None
        self._checked_ahead: Ahead[str | None] | None = None
        # Icons wait for the first paint: qtawesome costs about a fifth of a second to import and load its fonts,
        # more than the bare window takes to appear (bench/open_and_filter.py).
        self._icons_ready = False
        self._blank_icon: QIcon | None = None
        self._after_start: list[Callable[[], object]] = []
        # Ctrl+Z in a text box with nothing of its own to undo: from the first paint or the first file, whichever
        # comes first (``_pass_text_undo``; its text boxes' enums are built when their classes are first named).
        self.text_undo: TextUndoPassage | None = None

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(22, 22))
        self.navigation.setWordWrap(True)  # long names (French, Dutch) take two lines rather than being cut
        # No horizontal scroll bar (``STYLE``); a name too long for two lines elides at its end (Qt's default).
        self.navigation.setResizeMode(QListView.ResizeMode.Adjust)
        self.navigation.currentRowChanged.connect(self._show_screen)
        # Collapsed, the navigation shows its icons only (their names are in tooltips), giving the screen room.
        self.navigation_toggle = QToolButton()
        self.navigation_toggle.setObjectName("navigationToggle")
        self.navigation_toggle.setCheckable(True)
        self.navigation_toggle.toggled.connect(self.collapse_navigation)
        self.stack = QStackedWidget()
        self.empty = EmptyState(self)
        self.stack.addWidget(self.empty)
        # The one search box (Ctrl+F from anywhere): its results take the screen's place while it holds words.
        self.search_box = SearchBox()
        self.search_box.setMaximumWidth(210)  # as wide as the navigation under it, never wider
        self.search_box.setEnabled(False)  # until a file is open
        # Where the results show, and what asks the index: made when first needed, after Home (``search``).
        self._search: Search | None = None
        self._search_results: SearchResults | None = None
        self._search_said = ""
        central = QWidget()
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.search_box)
        side.addWidget(self.navigation, 1)
        toggle_row = QHBoxLayout()
        toggle_row.addWidget(self.navigation_toggle)
        toggle_row.addStretch(1)
        side.addLayout(toggle_row)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.path_label = QLabel()
        self.path_label.setProperty("showsData", True)  # a file path, not words to translate
        self.statusBar().addPermanentWidget(self.path_label)

        self._build_menus()
        i18n.on_language_changed(self._language_changed)
        self.retranslate()
        self._show_context()
        geometry, state = settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)  # Qt brings a window saved on another screen back inside this one
        else:
            self.resize(first_size(self.screen().availableGeometry().size()))
        if state is not None:
            self.restoreState(state)
        self.navigation_toggle.setChecked(settings.navigation_collapsed())

    # -- menus -----------------------------------------------------------------------------------------------
    def _action(
        self,
        menu: QMenu,
        slot: Callable[..., object],
        shortcut: str | None = None,
        role: QAction.MenuRole = QAction.MenuRole.NoRole,
    ) -> QAction:
        """A menu entry of the window's (``shortcuts.menu_entry``: its keys from the one list of shortcuts, a
        standard key bringing every binding of this platform; ``role`` for macOS's application menu)."""
        return menu_entry(self, menu, slot, shortcut, role)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.new_action = self._action(self.file_menu, self.new_file, "new_file")
        self.open_action = self._action(self.file_menu, self.open_file, "open_file")
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.data_menu = DataMenu(self, self.file_menu)  # copies, backups, audit trail, personal data
        self.exchange = ExchangeControl(self, self.file_menu)  # other laptops' copies of the partnership
        self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, self.close, "quit", QAction.MenuRole.QuitRole)

        self.edit_menu = bar.addMenu("")
        self.undo_action = self._action(self.edit_menu, self._undo, "undo")
        self.redo_action = self._action(self.edit_menu, self._redo, "redo")
        self.edit_menu.addSeparator()
        self.find_action = self._action(self.edit_menu, self.focus_search, "find")
        self.settings_action = self._action(
            self.edit_menu, self.show_settings, "settings", QAction.MenuRole.PreferencesRole
        )

        self.view_menu = bar.addMenu("")
        self.view_actions: list[QAction] = []
        for number, (_name, _title, _cls) in enumerate(SCREENS, start=1):
            action = self._action(
                self.view_menu,
                lambda _c=False, row=number - 1: self.go_to_screen(row),
                f"screen_{number}",
            )
            self.view_actions.append(action)
        self.view_menu.addSeparator()
        self.collapse_action = self._action(
            self.view_menu, lambda _c=False: self.navigation_toggle.toggle(), "collapse_navigation"
        )

        self.language_menu = bar.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, self)
            action.setMenuRole(QAction.MenuRole.NoRole)
            action.setCheckable(True)
            action.setData(code)
            action.triggered.connect(lambda _c=False, language=code: self.change_language(language))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.help_menu = bar.addMenu("")
        self.shortcuts_action = self._action(self.help_menu, self.show_shortcuts, "shortcuts")
        self.about_action = self._action(self.help_menu, self.show_about, "help", QAction.MenuRole.AboutRole)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.preferences().recent_databases
        if not recent:
            empty = self.recent_menu.addAction(_("No recent files"))
            empty.setMenuRole(QAction.MenuRole.NoRole)
            empty.setEnabled(False)
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.setMenuRole(QAction.MenuRole.NoRole)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(Path(p)))

    def _undo(self) -> None:
        if self.context is not None:
            self.context.undo_stack.undo()

    def _redo(self) -> None:
        if self.context is not None:
            self.context.undo_stack.redo()

    def _update_undo_actions(self) -> None:
        stack = self.context.undo_stack if self.context else None
        can_undo = bool(stack and stack.canUndo())
        can_redo = bool(stack and stack.canRedo())
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        self.undo_action.setText(
            _("&Undo {action}").format(action=stack.undoText()) if can_undo and stack else _("&Undo")
        )
        self.redo_action.setText(
            _("&Redo {action}").format(action=stack.redoText()) if can_redo and stack else _("&Redo")
        )

    # -- the open file -------------------------------------------------------------------------------------------
    def set_context(self, context: AppContext | None, *, screens_later: bool = False) -> None:
        """Show ``context``'s partnership (or the empty state), closing the one shown before.

        With ``screens_later`` only the screen on show is built now; the others are built one per turn of the
        event loop once it is on screen (or at once when chosen first), so Home shows its content sooner."""
        if self.context is not None:
            self._keep_what_is_typed()
            self.context.close()
        for screen in self.screens.values():
            self.stack.removeWidget(screen)
            screen.deleteLater()
        self.screens = {}
        self.context = context
        if context is not None:
            self._pass_text_undo()
            self._screen(SCREENS[max(self.navigation.currentRow(), 0)][0])
            if screens_later:
                QTimer.singleShot(0, self._build_next_screen)
            else:
                for name, _title, _where in SCREENS:
                    self._screen(name)
            context.undo_stack.indexChanged.connect(lambda _i: self._update_undo_actions())
            context.failed.connect(lambda error: tell(self, error))
            context.changed.connect(lambda _changes: self._update_title())  # the partnership may be renamed
        self.exchange.attach(context)
        if screens_later:  # the search waits for the screen on show, as the other screens do
            QTimer.singleShot(0, lambda: self._search_follow(context))
        else:
            self._search_follow(context)
        self._show_context()

    def _search_follow(self, context: AppContext | None) -> None:
        """Have the search box search ``context``'s file (the one open, unless another was opened since)."""
        if context is not self.context:
            return
        if context is None:
            if self._search is not None:
                self._search.set_file(None)
            return
        readiness = None if context.read_only else context.store.search_readiness.value
        self.search.set_file(context.store.path, readiness)
        context.audiences_changed.connect(lambda: self.search.set_audience(context.window_audience()))

    @property
    def search(self) -> Search:
        """What asks the index for the words in the search box and shows the answers. Made when a file is first
        searched: its module and widgets are not needed for the window's first paint, nor for Home."""
        if self._search is None:
            from facilitator.ui.search_box import Search, SearchResults  # noqa: PLC0415 - see above

            results = SearchResults()
            self.stack.addWidget(results)
            self._search_results = results
            self._search = Search(self.search_box, results, self)
            self._search.showing.connect(self._show_search)
            self._search.status.connect(self._search_status)
            results.open_requested.connect(lambda hit: self.open_record(hit.screen, hit.target_id))
        return self._search

    @property
    def search_results(self) -> SearchResults:
        """The search's answers, grouped by kind (in the screens' place while the box holds words)."""
        results = self.search.results
        assert results is self._search_results
        return results

    def _screen(self, name: str) -> QWidget:
        """The screen ``name`` of the open partnership, built now if it is not yet."""
        screen = self.screens.get(name)
        if screen is None:
            assert self.context is not None, "screens are built only while a partnership is open"
            order = [entry[0] for entry in SCREENS]
            screen = screen_class(SCREENS[order.index(name)][2])(self.context)
            self.stack.addWidget(screen)
            self.screens[name] = screen
            self.screens = {n: self.screens[n] for n in order if n in self.screens}
        return screen

    @staticmethod
    def _keep_what_is_typed() -> None:
        """Save a cell being edited (a translation, an agenda title) before its file closes, as leaving the cell
        would: taking the keyboard away makes its delegate commit. Left to the widgets' destruction, the text was
        lost and the edit ran on a closed file."""
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()

    def _build_next_screen(self) -> None:
        """Build one screen not built yet and come back on the next turn; when all are built, have the PDF
        fonts' bold prepared where nobody waits (``fonts.build_in_background``)."""
        if self.context is None:
            return
        missing = [entry[0] for entry in SCREENS if entry[0] not in self.screens]
        if missing:
            self._screen(missing[0])
            QTimer.singleShot(0, self._build_next_screen)
            return
        from facilitator.exports import fonts  # noqa: PLC0415 - once the window is ready

        fonts.build_in_background()  # a process of its own: cutting fonts would stall this one's event loop
        # The file was opened and read with the standard library only; the first edit needs sqlite-utils (about
        # 60 ms to load): loaded now, while nobody waits, rather than when the user first saves something.
        QTimer.singleShot(0, self._ready_for_edits)

    def _ready_for_edits(self) -> None:
        if self.context is not None:
            self.context.store.db  # noqa: B018 - made on first use (``Partnership.db``)

    def _show_context(self) -> None:
        has_file = self.context is not None
        self.navigation.setEnabled(has_file)
        self.view_menu.setEnabled(has_file)
        self.data_menu.update(has_file, bool(self.context and self.context.read_only))
        if has_file:
            if self.navigation.currentRow() < 0:
                self.navigation.setCurrentRow(0)
            self._show_screen(self.navigation.currentRow())
        else:
            self.stack.setCurrentWidget(self.empty)
        self._update_title()
        self._update_undo_actions()

    def _show_screen(self, row: int) -> None:
        if self.context is None or not 0 <= row < len(SCREENS):
            return
        self.stack.setCurrentWidget(self._screen(SCREENS[row][0]))

    def go_to_screen(self, row: int) -> None:
        """Show the screen of ``row`` and take the keyboard into it (Ctrl+1…9): left in the search box, the next
        key typed would put the search's results back over the screen just asked for."""
        if self.context is None or not 0 <= row < len(SCREENS):
            return
        from PySide6.QtCore import Qt  # noqa: PLC0415 - not before the first paint (module docstring)

        self.navigation.setCurrentRow(row)
        self._show_screen(row)  # also when the row was already current and the search's results were on show
        screen = self._screen(SCREENS[row][0])
        remembered = screen.focusWidget()  # where the keyboard was when the user last left this screen
        if remembered is not None and remembered.isVisible() and remembered.isEnabled():
            remembered.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        widget = screen.nextInFocusChain()
        while widget is not screen and widget is not None:
            if (
                screen.isAncestorOf(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()

    # -- search and opening a record where it lives ---------------------------------------------------------
    def focus_search(self) -> None:
        """Put the keyboard in the search box, its words selected (Ctrl+F)."""
        if self.context is None:
            return
        from PySide6.QtCore import Qt  # noqa: PLC0415 - not before the first paint (module docstring)

        if self.navigation_toggle.isChecked():
            self.collapse_navigation(False)
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()
        if self.search_box.text().strip():
            self._show_search(True)

    def _search_status(self, text: str, timeout: int) -> None:
        """The search getting ready, in the status bar (an empty text takes its words away)."""
        said, self._search_said = self._search_said, text
        if text:
            self.statusBar().showMessage(text, timeout)
        elif said and self.statusBar().currentMessage() == said:
            self.statusBar().clearMessage()

    def _show_search(self, shown: bool) -> None:
        if self.context is None:
            return
        if shown:
            self.stack.setCurrentWidget(self.search_results)
        elif self.stack.currentWidget() is self._search_results:
            self._show_screen(self.navigation.currentRow())

    def open_record(self, screen_name: str, record_id: str | None) -> QWidget | None:
        """Show the screen ``screen_name`` with the record ``record_id`` selected on it; returns the screen."""
        screen = self.screens.get(screen_name)
        if screen is None:
            return None
        names = [name for name, _title, _where in SCREENS]
        if names.index(screen_name) != self.navigation.currentRow():
            self.navigation.setCurrentRow(names.index(screen_name))
        else:
            self._show_screen(self.navigation.currentRow())
        if record_id:
            for method, wrap in (
                ("show_record", False),
                ("show_meeting", False),
                ("show_conflict", False),
                ("show_notice", False),
                ("select", False),
                ("select_ids", True),
            ):
                found = getattr(screen, method, None)
                if callable(found):
                    found([record_id] if wrap else record_id)
                    break
        return screen

    def open_screen(self, name: str) -> QWidget | None:
        """Switch to the screen called ``name`` (as in ``SCREENS``) and return it."""
        names = [screen for screen, _title, _where in SCREENS]
        if name not in names or name not in self.screens:
            return None
        self.navigation.setCurrentRow(names.index(name))
        return self.screens[name]

    def current_screen(self) -> QWidget | None:
        """The screen on show."""
        return self.stack.currentWidget()

    def _update_title(self) -> None:
        if self.context is None:
            self.setWindowTitle(app_name())
            self.path_label.setText("")
            return
        name = self.context.store.path.name
        suffix = " " + _("(read-only)") if self.context.read_only else ""
        # Imported here: the core's records load once a file is open, after the window's first paint.
        from facilitator.profile import partnership_name  # noqa: PLC0415

        partnership = partnership_name(self.context.store)
        if partnership:  # the partnership first: that is what a coordinator with two files open looks for
            name = f"{partnership} ({name})"
        self.setWindowTitle(f"{name}{suffix} — {app_name()}")
        self.path_label.setText(str(self.context.store.path) + suffix)
        # Laid out now rather than on the next turn of the event loop: Home's first paint showed one letter of it.
        if (bar_layout := self.statusBar().layout()) is not None:
            bar_layout.activate()

    def open_path(
        self,
        path: Path,
        *,
        read_only: bool = False,
        screens_later: bool = False,
        checked: Ahead[str | None] | None = None,
    ) -> bool:
        """Open the partnership file at ``path``; tell the user plainly when it cannot be opened.

        ``screens_later``: show the first screen as soon as it is built, the others after (``set_context``).
        ``checked``: the file's quick check, started on a worker at the first paint (``_check_ahead``)."""
        from facilitator.storage import open_partnership  # noqa: PLC0415 - not needed to show the window

        self.statusBar().showMessage(_("Opening {name}…").format(name=path.name))
        try:
            # The search index is built by a job once the window shows the file (``Search.set_file``).
            store = open_partnership(
                path,
                read_only=read_only,
                daily_backup=True,
                build_search=False,
                contents_checked=checked.answer if checked is not None else None,
                leftovers_later=screens_later,
            )
        except (DatabaseLocked, DatabaseReadOnly) as error:
            from facilitator.ui.backup_dialogs import ask_when_not_writable  # noqa: PLC0415 - rarely needed

            if read_only or not path.exists():
                tell(self, error, _("Cannot open the file"))
                return False
            choice = ask_when_not_writable(self, path, error)
            if choice == "read-only":
                return self.open_path(path, read_only=True, screens_later=screens_later, checked=checked)
            if choice == "take-over":
                from facilitator.storage.lock import break_lock  # noqa: PLC0415

                break_lock(path)
                return self.open_path(path, screens_later=screens_later, checked=checked)
            return False
        except DatabaseCorrupt as error:
            from facilitator.storage.backup import DamagedPartnership  # noqa: PLC0415
            from facilitator.ui.backup_dialogs import offer_backup  # noqa: PLC0415

            if isinstance(error, DamagedPartnership):
                self.statusBar().clearMessage()
                return bool(offer_backup(self, path, error))
            tell(self, error, _("Cannot open the file"))
            return False
        except KnownError as error:
            tell(self, error, _("Cannot open the file"))
            return False
        finally:
            self.statusBar().clearMessage()
        from facilitator.storage.audit import Author  # noqa: PLC0415

        preferences = self.settings.preferences()
        store.author = Author(
            coordinator=preferences.coordinator_name,
            user=store.author.user,
            laptop=preferences.laptop_name or store.author.laptop,
        )
        from facilitator.ui.context import AppContext  # noqa: PLC0415 - with the file, after the first paint

        self.set_context(AppContext(store, self.settings), screens_later=screens_later)
        if screens_later and not store.read_only:  # housekeeping nobody waits for: once Home is on screen
            QTimer.singleShot(0, store.remove_leftovers)
        self.settings.remember_database(path)
        if store.backup_problem is not None:
            self.statusBar().showMessage(
                _("Today's backup could not be made: {problem}").format(problem=store.backup_problem.message)
            )
        if store.migrated_from is not None:
            self.statusBar().showMessage(
                _("The file was upgraded; the old version is kept as {path}.").format(
                    path=store.migrated_from.name
                )
            )
        if store.place.shared and not store.read_only:
            from facilitator.ui.shared_place import warn_about_shared_place  # noqa: PLC0415

            warn_about_shared_place(self, store)
        return True

    def open_soon(self, path: Path) -> None:
        """Open ``path`` once the window has painted itself, so the user sees the window at once."""
        self.statusBar().showMessage(_("Opening {name}…").format(name=path.name))
        self.empty.show_opening(path.name)
        self._open_after_paint = path

    def _icon(self, name: str) -> QIcon:
        """The icon of ``name`` once the window has painted itself (``_dress``); before, a blank one of its size,
        so that nothing moves when the icons come (without one, the navigation cut long names it now wraps)."""
        if self._icons_ready:
            return icon(name)
        if self._blank_icon is None:
            blank = QPixmap(self.navigation.iconSize())
            blank.fill(QColor(0, 0, 0, 0))
            self._blank_icon = QIcon(blank)
        return self._blank_icon

    def after_start(self, work: Callable[[], object]) -> None:
        """Have ``work`` done once the window shows its first screen (Home with the file, or the empty state),
        with its icons: what the user need not wait for to see the window (``app.start_window``: the log file)."""
        if self._icons_ready:
            work()
        else:
            self._after_start.append(work)

    def _dress(self) -> None:
        """Give the navigation, its toggle and the menus their icons (after the first paint); then what waited for
        the first screen (``after_start``)."""
        if self._icons_ready:
            return
        self._icons_ready = True
        for row, (name, _title, _cls) in enumerate(SCREENS):
            self.navigation.item(row).setIcon(icon(name))
        self._shape_navigation(self.navigation_toggle.isChecked())
        self.shortcuts_action.setIcon(icon("shortcuts"))
        waiting, self._after_start = self._after_start, []
        for work in waiting:
            work()

    def _pass_text_undo(self) -> None:
        if self.text_undo is None:
            from facilitator.ui.text_undo import TextUndoPassage  # noqa: PLC0415 - see ``text_undo``

            self.text_undo = TextUndoPassage(self)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint:
            self._pass_text_undo()
        # After the first paint: the file (and Home with it) first, then the icons, once Home has painted — what
        # the user came for before what dresses it (qtawesome costs a fifth of a second).
        if event.type() == QEvent.Type.Paint and self._open_after_paint is not None:
            path, self._open_after_paint = self._open_after_paint, None
            self._check_ahead(path)
            QTimer.singleShot(0, lambda: self._open_then_dress(path))
        elif event.type() == QEvent.Type.Paint and not self._icons_ready:
            QTimer.singleShot(0, self._dress)
        return handled

    def _check_ahead(self, path: Path) -> None:
        """Start SQLite's check of ``path``'s pages on a worker: it reads the whole file (about 65 ms on ten years),
        beside the loading of storage and the core that opening waits for anyway, rather than after them."""
        from facilitator.storage.quick_check import quick_check_apart  # noqa: PLC0415 - the standard library only
        from facilitator.ui.jobs import Ahead  # noqa: PLC0415 - after the first paint

        self._checked_ahead = Ahead(lambda: quick_check_apart(path), name="checking the file")

    def _open_then_dress(self, path: Path) -> None:
        checked, self._checked_ahead = self._checked_ahead, None
        self.empty.show_opening(None)  # if the file cannot be opened, the ways forward
        # The opening waits for the check of the file's pages (on a worker since the first paint) before it writes;
        # what the first screen is made of (Home's module, the core's records and rules) loads meanwhile.
        screen_class(SCREENS[max(self.navigation.currentRow(), 0)][2])
        self.open_path(path, screens_later=True, checked=checked)
        QTimer.singleShot(0, self._dress)

    def new_file(self) -> None:
        """Ask where to create a new partnership file and open it."""
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - see ui/errors.py

        path, _filter = QFileDialog.getSaveFileName(self, _("New partnership file"), "", _(FILE_FILTER))
        if not path:
            return
        target = Path(path)
        if target.suffix == "":
            target = target.with_suffix(".sqlite")
        if target.exists():
            tell(
                self,
                KnownError(
                    _("{path} already exists.").format(path=target),
                    hint=_("Choose another name, or open it."),
                ),
            )
            return
        self.open_path(target)

    def open_file(self) -> None:
        """Ask for a partnership file and open it."""
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415

        path, _filter = QFileDialog.getOpenFileName(self, _("Open partnership file"), "", _(FILE_FILTER))
        if path:
            self.open_path(Path(path))

    def show_settings(self) -> None:
        """Settings: the window's region and the partnership's."""
        from facilitator.ui.settings_dialog import open_settings  # noqa: PLC0415

        open_settings(self, self.settings, self.context)

    # -- language --------------------------------------------------------------------------------------------------
    def change_language(self, language: str) -> None:
        """Switch the whole window (and Qt's own dialogs) to ``language`` now, and remember it."""
        i18n.set_language(language)
        self.settings.set_language(language)

    def _language_changed(self, language: str) -> None:
        self.qt_translations.install(language)
        self.retranslate()

    def retranslate(self) -> None:
        """Show every menu, title and screen in the current language."""
        self.file_menu.setTitle(_("&File"))
        self.new_action.setText(_("&New partnership file…"))
        self.open_action.setText(_("&Open partnership file…"))
        self.settings_action.setText(_("&Settings…"))
        self.recent_menu.setTitle(_("Open &recent"))
        self.quit_action.setText(_("&Quit"))
        self.data_menu.retranslate()
        self.exchange.retranslate()
        self.edit_menu.setTitle(_("&Edit"))
        self.find_action.setText(_("&Find…"))
        if self._search is None:
            self.search_box.retranslate()
        else:
            self.search_box.retranslate(self._search.preparing, for_room=self._search.audience is not None)
            self.search.results.retranslate()
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About {app}").format(app=app_name()))
        self.shortcuts_action.setText(_("&Keyboard shortcuts"))
        self.collapse_action.setText(_("Show or hide the names in the &navigation"))
        row = self.navigation.currentRow()
        self.navigation.blockSignals(True)
        self.navigation.clear()
        for (name, title, _cls), action in zip(SCREENS, self.view_actions, strict=True):
            self.navigation.addItem(QListWidgetItem(self._icon(name), _(title)))
            entry = self.navigation.item(self.navigation.count() - 1)
            entry.setToolTip(f"{_(title)} ({keys_text(f'screen_{self.navigation.count()}')})")
            action.setText(_(title).replace("&", "&&"))  # a menu reads a lone & as a mnemonic and hides it
        self.navigation.setCurrentRow(row)
        self.navigation.blockSignals(False)
        self.navigation.setAccessibleName(_("Screens"))
        self._shape_navigation(self.navigation_toggle.isChecked())
        current = i18n.current_language()
        if current in self.language_actions:
            self.language_actions[current].setChecked(True)
        self.empty.retranslate()
        for screen in self.screens.values():
            screen.retranslate()  # type: ignore[attr-defined]
        self._update_title()
        self._update_undo_actions()

    # -- navigation ------------------------------------------------------------------------------------------------
    def collapse_navigation(self, collapsed: bool) -> None:
        """Show the navigation as icons only (``collapsed``) or with the screens' names; remembered."""
        if self.navigation_toggle.isChecked() != collapsed:
            self.navigation_toggle.setChecked(collapsed)  # comes back here through ``toggled``
            return
        self._shape_navigation(collapsed)
        self.settings.set_navigation_collapsed(collapsed)

    def _shape_navigation(self, collapsed: bool) -> None:
        metrics = self.navigation.fontMetrics()
        icon_room = self.navigation.iconSize().width() + 24 + self.navigation.frameWidth() * 2
        if collapsed:
            width = icon_room
        else:
            longest = max(
                (metrics.horizontalAdvance(_(title)) for _name, title, _cls in SCREENS), default=120
            )
            # Long names (French, Dutch) elide in the navigation rather than widening the window.
            width = min(icon_room + longest + 12, 210)
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            item.setText("" if collapsed else _(SCREENS[row][1]))
            item.setData(ACCESSIBLE_TEXT_ROLE, _(SCREENS[row][1]))  # read aloud when collapsed
        self.navigation.setFixedWidth(width)
        # Collapsed, the search box gives its room too; Ctrl+F brings the names and the box back.
        self.search_box.setVisible(not collapsed)
        self.navigation_toggle.setIcon(
            self._icon("expand_navigation" if collapsed else "collapse_navigation")
        )
        tip = _("Show the screens' names") if collapsed else _("Hide the screens' names")
        self.navigation_toggle.setToolTip(f"{tip} ({keys_text('collapse_navigation')})")
        self.navigation_toggle.setAccessibleName(tip)

    # -- help and closing ---------------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        """Every keyboard shortcut, from the one list the actions are made from."""
        from facilitator.ui.shortcuts_dialog import ShortcutsDialog  # noqa: PLC0415 - when asked for

        ShortcutsDialog(self).exec()

    def show_about(self) -> None:
        """Name, version and purpose."""
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

        QMessageBox.about(
            self,
            _("About {app}").format(app=app_name()),
            _(
                "{app} {version}\n\nPrepare and run partnership meetings, keep track of actions, conflicts and "
                "notices of intended change, and produce minutes and leaflets, on one laptop and offline."
            ).format(app=app_name(), version=facilitator.__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._checked_ahead is not None:  # closed before the file opened: the check ends first
            self._checked_ahead.wait()
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.set_context(None)
        if self._search is not None:
            self._search.stop()
        i18n.off_language_changed(self._language_changed)
        super().closeEvent(event)
