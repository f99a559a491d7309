"""The main window: navigation between the working screens, menus, and the open partnership file."""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import facilitator
from facilitator import i18n
from facilitator.errors import DatabaseCorrupt, DatabaseLocked, DatabaseReadOnly, KnownError
from facilitator.i18n import N_, _
from facilitator.ui.backup_dialogs import DataMenu, ask_when_not_writable, offer_backup
from facilitator.ui.context import AppContext
from facilitator.ui.errors import tell
from facilitator.ui.settings import Settings

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


def screen_class(where: str) -> type[QWidget]:
    """The screen class named ``module:class``."""
    module, name = where.split(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


#: Each shipped window language, named in itself so that anyone can find their own.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "de": "Deutsch", "nl": "Nederlands"}
STYLE = """
QLabel#screenTitle { font-size: 16pt; font-weight: 600; padding: 2px 0 6px 0; }
QLabel#sectionTitle { font-size: 11pt; font-weight: 600; }
QListWidget#navigation { font-size: 11pt; }
QListWidget#navigation::item { padding: 6px 4px; }
"""


def app_name() -> str:
    """The app's name in the window's language."""
    return _("Partnership Facilitator")


FILE_FILTER = N_("Partnership files (*.sqlite);;All files (*)")


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
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        translator.setObjectName(self.NAME)
        if language != "en" and translator.load(f"qtbase_{language}", folder):
            app.installTranslator(translator)
        QLocale.setDefault(QLocale(language if language != i18n.PSEUDO_LANGUAGE else "en"))


class EmptyState(QWidget):
    """Shown when no partnership file is open: the two ways forward."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("emptyState")
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
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

    def retranslate(self) -> None:
        """Show the labels in the current language."""
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

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(220)
        self.navigation.currentRowChanged.connect(self._show_screen)
        self.stack = QStackedWidget()
        self.empty = EmptyState(self)
        self.stack.addWidget(self.empty)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
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
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 760)
        if state is not None:
            self.restoreState(state)

    # -- menus -----------------------------------------------------------------------------------------------
    def _action(
        self, menu: QMenu, slot: object, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None
    ) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.new_action = self._action(self.file_menu, self.new_file, QKeySequence.StandardKey.New)
        self.open_action = self._action(self.file_menu, self.open_file, QKeySequence.StandardKey.Open)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.data_menu = DataMenu(self, self.file_menu)  # copies, backups, audit trail, personal data
        self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, self.close, QKeySequence.StandardKey.Quit)

        self.edit_menu = bar.addMenu("")
        self.undo_action = self._action(self.edit_menu, self._undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(self.edit_menu, self._redo, QKeySequence.StandardKey.Redo)
        self.edit_menu.addSeparator()
        self.settings_action = self._action(self.edit_menu, self.show_settings, QKeySequence.StandardKey.Preferences)

        self.view_menu = bar.addMenu("")
        self.view_actions: list[QAction] = []
        for number, (_name, _title, _cls) in enumerate(SCREENS, start=1):
            action = self._action(
                self.view_menu,
                lambda _c=False, row=number - 1: self.navigation.setCurrentRow(row),
                f"Ctrl+{number}",
            )
            self.view_actions.append(action)

        self.language_menu = bar.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.setData(code)
            action.triggered.connect(lambda _c=False, language=code: self.change_language(language))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.help_menu = bar.addMenu("")
        self.about_action = self._action(
            self.help_menu, self.show_about, QKeySequence.StandardKey.HelpContents
        )

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.preferences().recent_databases
        if not recent:
            empty = self.recent_menu.addAction(_("No recent files"))
            empty.setEnabled(False)
        for path in recent:
            action = self.recent_menu.addAction(path)
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
    def set_context(self, context: AppContext | None) -> None:
        """Show ``context``'s partnership (or the empty state), closing the one shown before."""
        if self.context is not None:
            self.context.close()
        for screen in self.screens.values():
            self.stack.removeWidget(screen)
            screen.deleteLater()
        self.screens = {}
        self.context = context
        if context is not None:
            for name, _title, where in SCREENS:
                screen = screen_class(where)(context)
                self.screens[name] = screen
                self.stack.addWidget(screen)
            context.undo_stack.indexChanged.connect(lambda _i: self._update_undo_actions())
            context.failed.connect(lambda error: tell(self, error))
        self._show_context()

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
        self.stack.setCurrentWidget(self.screens[SCREENS[row][0]])

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
        self.setWindowTitle(f"{name}{suffix} — {app_name()}")
        self.path_label.setText(str(self.context.store.path) + suffix)

    def open_path(self, path: Path, *, read_only: bool = False) -> bool:
        """Open the partnership file at ``path``; tell the user plainly when it cannot be opened."""
        from facilitator.storage import open_partnership  # noqa: PLC0415 - not needed to show the window

        self.statusBar().showMessage(_("Opening {name}…").format(name=path.name))
        try:
            store = open_partnership(path, read_only=read_only, daily_backup=True)
        except (DatabaseLocked, DatabaseReadOnly) as error:
            if read_only or not path.exists():
                tell(self, error, _("Cannot open the file"))
                return False
            choice = ask_when_not_writable(self, path, error)
            if choice == "read-only":
                return self.open_path(path, read_only=True)
            if choice == "take-over":
                from facilitator.storage.lock import break_lock  # noqa: PLC0415

                break_lock(path)
                return self.open_path(path)
            return False
        except DatabaseCorrupt as error:
            from facilitator.storage.backup import DamagedPartnership  # noqa: PLC0415

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

        store.author = Author(coordinator=self.settings.preferences().coordinator_name, user=store.author.user)
        self.set_context(AppContext(store, self.settings))
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
        return True

    def open_soon(self, path: Path) -> None:
        """Open ``path`` once the window has painted itself, so the user sees the window at once."""
        self.statusBar().showMessage(_("Opening {name}…").format(name=path.name))
        self._open_after_paint = path

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and self._open_after_paint is not None:
            path, self._open_after_paint = self._open_after_paint, None
            QTimer.singleShot(0, lambda: self.open_path(path))
        return handled

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
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About {app}").format(app=app_name()))
        row = self.navigation.currentRow()
        self.navigation.blockSignals(True)
        self.navigation.clear()
        for (_name, title, _cls), action in zip(SCREENS, self.view_actions, strict=True):
            self.navigation.addItem(_(title))
            action.setText(_(title))
        self.navigation.setCurrentRow(row)
        self.navigation.blockSignals(False)
        current = i18n.current_language()
        if current in self.language_actions:
            self.language_actions[current].setChecked(True)
        self.empty.retranslate()
        for screen in self.screens.values():
            screen.retranslate()  # type: ignore[attr-defined]
        self._update_title()
        self._update_undo_actions()

    # -- help and closing ---------------------------------------------------------------------------------------
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
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.set_context(None)
        i18n.off_language_changed(self._language_changed)
        super().closeEvent(event)
