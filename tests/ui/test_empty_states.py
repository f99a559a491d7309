"""Every register of a new file says what goes there and has the button that starts it; the sentence leaves with
the first record (the table's model says so) and, when filters hide every row, says so with "Clear filters"."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from facilitator import i18n, operations
from facilitator.entities import Forum, Partner, Sector
from facilitator.ui.empty_state import EmptyState
from facilitator.ui.main_window import MainWindow

#: screen, the start of its sentence, its button, and the dialog (or screen) the button opens. On a new file the
#: first step of a register that needs a forum or a partner is that forum or partner.
SCREENS = [
    ("actions", "No actions yet.", "New forum…", "ForumDialog"),
    ("escalations", "No escalations.", "Open the actions", "screen:actions"),
    ("conflicts", "No conflicts recorded.", "New forum…", "ForumDialog"),
    ("notices", "No notices yet.", "New partner…", "PartnerDialog"),
    ("forums", "No forums yet.", "New forum…", "ForumDialog"),
    ("partners", "No partners yet.", "New partner…", "PartnerDialog"),
    ("indicators", "Nothing to count yet.", "Plan meetings…", "ForumDialog"),  # no forum yet: a forum first
]


def _state(window: MainWindow, name: str) -> EmptyState:
    screen = window.open_screen(name)
    QApplication.processEvents()
    state = getattr(screen, "empty_state", None)
    assert isinstance(state, EmptyState), f"{name} has no empty state"
    return state


@pytest.mark.parametrize("case", SCREENS, ids=[case[0] for case in SCREENS])
def test_each_empty_register_says_what_goes_there_and_starts_it(
    empty_window: MainWindow, modals: Any, case: tuple[str, str, str, str]
) -> None:
    name, sentence, label, opens = case
    state = _state(empty_window, name)
    assert state.isVisible() and state.text.isVisible() and state.button.isVisible()
    assert state.text.text().startswith(sentence) and len(state.text.text()) > len(sentence) + 20
    assert state.button.text() == label and state.button.isEnabled()
    assert state.geometry().height() > 40  # covers the table's rows, under its headers
    if not opens.startswith("screen:"):
        modals.expect(opens)  # the dialog the button starts, cancelled
    opened = len(modals.opened)
    state.button.click()
    if opens.startswith("screen:"):
        assert empty_window.current_screen() is empty_window.screens[opens.removeprefix("screen:")]
    else:
        assert [type(d).__name__ for d in modals.opened[opened:]][:1] == [opens]


def test_the_sentence_leaves_with_the_first_record_and_filters_say_they_hide_all(
    empty_window: MainWindow, modals: Any
) -> None:
    state = _state(empty_window, "partners")
    screen = empty_window.screens["partners"]

    def fill(dialog: Any) -> None:
        dialog.name.setText("City Police")
        dialog.accept()

    modals.fill["PartnerDialog"] = fill
    state.button.click()  # the empty state's own button, through the screen's dialog and the core
    assert empty_window.context is not None and [p.name for p in empty_window.context.store.all(Partner)] == [
        "City Police"
    ]
    assert not state.isVisible()  # the model's rows arrived
    screen.search.setText("no such partner")
    assert state.isVisible() and state.text.text() == "Nothing matches these filters."
    assert state.button.text() == "Clear filters"
    state.button.click()
    assert screen.search.text() == "" and not state.isVisible()
    empty_window.context.undo_stack.undo()  # undone: no partner, and the sentence comes back
    assert state.isVisible() and state.text.text().startswith("No partners yet.")


def test_once_a_forum_and_a_partner_exist_the_button_starts_the_register_itself(
    empty_window: MainWindow, modals: Any
) -> None:
    assert empty_window.context is not None
    store = empty_window.context.store
    empty_window.context.run(operations.save_forum(store, Forum(name="Weekly round")))
    state = _state(empty_window, "actions")
    assert state.button.text() == "New partner…"  # the forum is there; a partner is still missing
    empty_window.context.run(
        operations.save_partner(store, Partner(name="City Police", sector=Sector.POLICE))
    )
    assert state.button.text() == "New action…"
    modals.expect("ActionDialog")
    opened = len(modals.opened)
    state.button.click()
    assert type(modals.opened[opened]).__name__ == "ActionDialog"
    assert _state(empty_window, "conflicts").button.text() == "Raise conflict…"
    assert _state(empty_window, "notices").button.text() == "Give notice…"


def test_the_actions_filters_are_cleared_by_the_button(empty_window: MainWindow) -> None:
    state = _state(empty_window, "actions")
    screen = empty_window.screens["actions"]
    screen.search.setText("anything")
    screen.overdue_only.setChecked(True)
    assert state.text.text().startswith("No actions yet.")  # nothing filtered away: there is nothing at all
    screen.clear_filters()
    assert screen.search.text() == "" and not screen.overdue_only.isChecked()


@pytest.mark.parametrize("language", [code for code in i18n.UI_LANGUAGES if code != "en"])
def test_the_sentences_speak_the_window_language(empty_window: MainWindow, language: str) -> None:
    empty_window.change_language(language)
    for name, sentence, label, _opens in SCREENS:
        state = _state(empty_window, name)
        assert state.isVisible()
        assert not state.text.text().startswith(sentence), (language, name)
        assert state.button.text() != label, (language, name)
