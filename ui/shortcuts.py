"""Every keyboard shortcut of the window, in one list: the actions are made from it and Help lists it.

Chairing shortcuts must work while the chair types notes, so none of them is a bare letter or a key a text box
uses (Ctrl+A selects all, Ctrl+Right moves by a word). They are Ctrl+Shift with a letter: a text box does nothing
with those, and unlike Ctrl+Alt they never collide with AltGr, which on Windows *is* Ctrl+Alt and types €, @ or
ę on French, German, Dutch and Polish keyboards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.ui.icons import ICONS, icon

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

Keys = tuple[str | QKeySequence.StandardKey, ...]

#: Where a shortcut works, in the users' words.
ANYWHERE = N_("Anywhere in the window")
MEETINGS = N_("On the Meetings screen")
CHAIRING = N_("While chairing a meeting (also while typing notes)")
CHAIR_MODE = N_("In chair mode")


@frozen
class Shortcut:
    """One action that has keys: its name in the code, its untranslated title, its keys and where it works."""

    name: str
    title: str
    keys: Keys
    where: str


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("new_file", N_("New partnership file"), (QKeySequence.StandardKey.New,), ANYWHERE),
    Shortcut("open_file", N_("Open partnership file"), (QKeySequence.StandardKey.Open,), ANYWHERE),
    # Some platforms bind no key to Quit; Ctrl+Q is what users everywhere try.
    Shortcut("quit", N_("Quit"), (QKeySequence.StandardKey.Quit, "Ctrl+Q"), ANYWHERE),
    Shortcut("undo", N_("Undo"), (QKeySequence.StandardKey.Undo,), ANYWHERE),
    Shortcut("redo", N_("Redo"), (QKeySequence.StandardKey.Redo,), ANYWHERE),
    Shortcut("find", N_("Search"), (QKeySequence.StandardKey.Find,), ANYWHERE),
    Shortcut("settings", N_("Settings"), (QKeySequence.StandardKey.Preferences,), ANYWHERE),
    *(
        Shortcut(f"screen_{number}", title, (f"Ctrl+{number}",), ANYWHERE)
        for number, title in enumerate(
            (
                N_("Go to Home"),
                N_("Go to Meetings"),
                N_("Go to Actions"),
                N_("Go to Escalations"),
                N_("Go to Conflicts"),
                N_("Go to Notices of change"),
                N_("Go to Forums"),
                N_("Go to Partners & representatives"),
                N_("Go to Indicators"),
            ),
            start=1,
        )
    ),
    Shortcut(
        "collapse_navigation", N_("Show or hide the names in the navigation"), ("Ctrl+Shift+B",), ANYWHERE
    ),
    Shortcut("shortcuts", N_("Keyboard shortcuts"), ("Ctrl+F1",), ANYWHERE),
    Shortcut("help", N_("About the app"), (QKeySequence.StandardKey.HelpContents,), ANYWHERE),
    Shortcut("chair_mode", N_("Chair the chosen meeting (chair mode)"), ("F11",), MEETINGS),
    Shortcut("start_meeting", N_("Start meeting"), ("Ctrl+Shift+S",), CHAIRING),
    Shortcut("next_item", N_("Next item"), ("Ctrl+Shift+N",), CHAIRING),
    Shortcut("previous_item", N_("Previous item"), ("Ctrl+Shift+P",), CHAIRING),
    Shortcut("record_decision", N_("Record decision"), ("Ctrl+Shift+D",), CHAIRING),
    Shortcut("new_action", N_("New action"), ("Ctrl+Shift+A",), CHAIRING),
    Shortcut("ask_to_speak", N_("Asks to speak"), ("Ctrl+Shift+Q",), CHAIRING),
    Shortcut("has_spoken", N_("Has spoken"), ("Ctrl+Shift+H",), CHAIRING),
    Shortcut("withdraw", N_("Withdraw from the queue"), ("Ctrl+Shift+W",), CHAIRING),
    Shortcut("save_notes", N_("Save notes"), (QKeySequence.StandardKey.Save,), CHAIRING),
    Shortcut("end_meeting", N_("End meeting"), ("Ctrl+Shift+E",), CHAIRING),
    Shortcut("projector", N_("Show or hide the projector window"), ("F12",), CHAIR_MODE),
    Shortcut("leave_chair_mode", N_("Leave chair mode"), ("Esc",), CHAIR_MODE),
)
BY_NAME = {shortcut.name: shortcut for shortcut in SHORTCUTS}


def sequences(name: str) -> list[QKeySequence]:
    """The key sequences of the shortcut ``name`` (a standard key may stand for several)."""
    found: list[QKeySequence] = []
    for key in BY_NAME[name].keys:
        for sequence in (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        ):
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    return found


#: ``Qt.Key.Key_Back``, the first of the keys an ordinary keyboard does not have (media and application keys such
#: as "Open" and "Help" follow it), and ``Qt.KeyboardModifier.KeyboardModifierMask``. As numbers: the navigation's
#: tooltips name their keys before the window's first paint, when the ``Qt`` namespace is not built yet
#: (``ui/main_window.py``); ``tests/ui/test_first_paint.py`` checks them against Qt's.
FIRST_MEDIA_KEY = 0x01000061
MODIFIER_MASK = 0xFE000000


def _on_a_keyboard(sequence: QKeySequence) -> bool:
    """Whether ``sequence`` is typed on an ordinary keyboard (not a media key such as "Open" or "Help")."""
    if sequence.count() == 0:
        return False
    combined: int = sequence[0].toCombined()  # type: ignore[index]  # QKeySequence's stubs lack __getitem__
    return combined & ~MODIFIER_MASK < FIRST_MEDIA_KEY


def keys_text(name: str) -> str:
    """The keys of ``name`` as the system writes them (``Ctrl+Shift+N``), several joined by " / "."""
    return " / ".join(
        k.toString(QKeySequence.SequenceFormat.NativeText) for k in sequences(name) if _on_a_keyboard(k)
    )


def menu_entry(
    parent: QObject,
    menu: QMenu,
    slot: Callable[..., object],
    shortcut: str | None = None,
    role: QAction.MenuRole = QAction.MenuRole.NoRole,
) -> QAction:
    """An entry of ``menu`` that calls ``slot``; its text is set by its owner's ``retranslate``, its keys (when
    it has any) come from the list (``shortcut`` names them). ``role`` moves About, Settings and Quit into macOS's
    application menu; every other entry says NoRole, so that Qt's guess from the text (anything starting "About",
    "Settings", "Options", "Quit"...) never moves it there."""
    action = QAction(parent)
    if shortcut is not None:
        action.setShortcuts(sequences(shortcut))
    action.setMenuRole(role)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def make_action(
    parent: QWidget,
    name: str,
    slot: Callable[[], object],
    context: Qt.ShortcutContext | None = None,
) -> QAction:
    """The action ``name`` of the list, on ``parent``, with its keys and icon; its text is set by ``retitle``.
    Its keys work anywhere in ``parent``'s window unless ``context`` says otherwise."""
    action = QAction(parent)
    action.setObjectName(name)
    action.setShortcuts(sequences(name))
    if context is not None:  # else QAction's own default: the window (Qt.ShortcutContext.WindowShortcut)
        action.setShortcutContext(context)
    if name in ICONS:
        action.setIcon(icon(name))
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    retitle(action)
    return action


def retitle(action: QAction) -> None:
    """Give ``action`` its title in the current language and its keys in the tooltip."""
    shortcut = BY_NAME[action.objectName()]
    action.setText(_(shortcut.title))
    keys = keys_text(shortcut.name)
    action.setToolTip(f"{_(shortcut.title)} ({keys})" if keys else _(shortcut.title))
