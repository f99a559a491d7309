"""S7, two laptops, with a user's hands: the coordinator makes copies of the partnership file (File → Save a copy
as…) for the deputy and the secretariat; each of the three edits the partnership in their own window; they
exchange through the council's shared folder (File → Exchange with other laptops…). Nothing typed on one laptop is
lost on another, and where two of them changed the same name, the coordinator is asked (Home, then the exchange
dialog) which stands; the choice stands on every laptop after the next exchange. The deputy plans the residents'
meeting on her laptop and the secretariat translates it on the third; the translation reaches the other two and
their exported agendas.

The story starts from a partnership that already exists (a coordinator going on leave has one), so the seeded file
is its right start; everything after the copies are made is done through the windows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from facilitator.clock import FrozenClock
from facilitator.content_translation import ContentTranslation
from facilitator.entities import Partner
from facilitator.storage import open_partnership
from facilitator.ui.dialogs import PartnerDialog
from facilitator.ui.main_window import MainWindow
from facilitator.ui.settings import Settings
from tests.ui.conftest import ModalAnswers, window_on
from tests.ui.hands import (
    choose,
    click_row,
    double_click_row,
    go_to,
    press,
    type_in_cell,
    type_into,
    use_menu,
)
from tests.ui.test_documents_tab import docx_text

ITEM = "Needles found in the play area"
FRENCH = "Seringues trouvées dans l'aire de jeux"


class Laptop:
    """One laptop: its own settings (its name, its shared folder) and a window on its own copy of the file."""

    def __init__(self, qtbot, settings: Settings, path: Path) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self._windows: Iterator[MainWindow] = window_on(qtbot, settings, path)
        self.window = next(self._windows)

    def close(self) -> None:
        next(self._windows, None)

    def edit_partner(self, modals: ModalAnswers, which: str, **typed: str) -> None:
        """Partners screen: click the partner's row, press Edit, type into the dialog's fields, OK."""
        screen = go_to(self.window, "Partners & representatives")

        def fill(dialog: PartnerDialog) -> None:
            for field, text in typed.items():
                type_into(self.qtbot, getattr(dialog, field), text)
            press(self.qtbot, dialog, "OK")

        modals.fill["PartnerDialog"] = fill  # type: ignore[assignment]
        double_click_row(self.qtbot, screen.table, which)  # type: ignore[attr-defined]
        del modals.fill["PartnerDialog"]

    def new_partner(self, modals: ModalAnswers, name: str) -> None:
        screen = go_to(self.window, "Partners & representatives")

        def fill(dialog: PartnerDialog) -> None:
            type_into(self.qtbot, dialog.name, name)
            press(self.qtbot, dialog, "OK")

        modals.fill["PartnerDialog"] = fill  # type: ignore[assignment]
        press(self.qtbot, screen, "New partner")
        del modals.fill["PartnerDialog"]

    def plan_meeting(self, modals: ModalAnswers, venue: str, item: str) -> None:
        """Meetings screen: New meeting… (the forum's next usual day), the venue typed, OK; then the agenda's
        Add item…, its title typed, OK."""
        screen = go_to(self.window, "Meetings")

        def meeting(dialog: QWidget) -> None:
            type_into(self.qtbot, dialog.venue, venue)  # type: ignore[attr-defined]
            press(self.qtbot, dialog, "OK")

        def agenda_item(dialog: QWidget) -> None:
            type_into(self.qtbot, dialog.title_edit, item)  # type: ignore[attr-defined]
            press(self.qtbot, dialog, "OK")

        modals.fill["MeetingDialog"] = meeting
        press(self.qtbot, screen, "New meeting")
        modals.fill["ItemDialog"] = agenda_item
        screen.tabs.setCurrentWidget(screen.agenda)  # type: ignore[attr-defined]
        press(self.qtbot, screen.agenda, "Add item")  # type: ignore[attr-defined]
        del modals.fill["MeetingDialog"], modals.fill["ItemDialog"]

    def meeting_tab(self, tab: str) -> QWidget:
        """Meetings screen: the forum's one meeting clicked in the list, then one of its tabs."""
        screen = go_to(self.window, "Meetings")
        click_row(self.qtbot, screen.table, "", column=0)  # type: ignore[attr-defined]
        page = getattr(screen, tab)
        screen.tabs.setCurrentWidget(page)  # type: ignore[attr-defined]
        QApplication.processEvents()
        return page  # type: ignore[no-any-return]

    def translations_shown(self, language: str) -> list[tuple[str, str]]:
        """The Translations tab in ``language``: each text beside its translation, as the table shows them."""
        tab = self.meeting_tab("translations")
        choose(tab.language, language)  # type: ignore[attr-defined]
        model = tab.table.model()  # type: ignore[attr-defined]
        return [
            (str(model.index(r, 1).data()), str(model.index(r, 2).data() or ""))
            for r in range(model.rowCount())
        ]

    def export_agenda(self, monkeypatch: pytest.MonkeyPatch, language: str, target: Path) -> str:
        """Documents tab: the agenda for the partners in ``language``, as Word, Export…; the file read back."""
        tab = self.meeting_tab("documents")
        choose(tab.document, "Agenda")  # type: ignore[attr-defined]
        choose(tab.language, language)  # type: ignore[attr-defined]
        choose(tab.format, "Word")  # type: ignore[attr-defined]
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
        with self.qtbot.waitSignal(tab.exported, timeout=120_000) as done:  # type: ignore[attr-defined]
            press(self.qtbot, tab, "Export")
        return docx_text(Path(done.args[0]))

    def exchange(self, laptop: str, folder: Path) -> object:
        """File → Exchange with other laptops…: this laptop's name and the shared folder typed, Exchange now."""
        use_menu(self.window, "File", "Exchange with other laptops")
        dialog = self.window.exchange.dialog
        assert dialog is not None and dialog.isVisible()
        type_into(self.qtbot, dialog.laptop, laptop)
        type_into(self.qtbot, dialog.folder, str(folder))
        with self.qtbot.waitSignal(self.window.exchange.finished, timeout=60000) as waited:
            press(self.qtbot, dialog, "Exchange now")
        QApplication.processEvents()
        assert not waited.args[0].refused, waited.args[0].refused
        return dialog

    def partners(self) -> dict[str, Partner]:
        assert self.window.context is not None
        return {p.short_name or p.name: p for p in self.window.context.store.all(Partner)}

    def shown_partners(self) -> list[str]:
        """The names the Partners screen's table shows."""
        screen = go_to(self.window, "Partners & representatives")
        screen.reload()  # type: ignore[attr-defined]
        model = screen.table.model()  # type: ignore[attr-defined]
        return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


@pytest.fixture
def laptops(  # noqa: PLR0917 - pytest fixtures
    qtbot, tmp_path: Path, settings: Settings, seeded_db: Path, modals: ModalAnswers, monkeypatch
):  # type: ignore[no-untyped-def]
    """The coordinator's laptop, and two copies made by its File → Save a copy as… for the deputy and the
    secretariat, each opened in a window with its own settings."""
    coordinator = Laptop(qtbot, settings, seeded_db)
    copies = {"deputy": tmp_path / "deputy.sqlite", "secretariat": tmp_path / "secretariat.sqlite"}
    for target in copies.values():
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, _t=target: (str(_t), ""))
        use_menu(coordinator.window, "File", "Save a copy as")
        assert target.exists()
    found = {"coordinator": coordinator}
    for who, path in copies.items():
        found[who] = Laptop(qtbot, Settings(tmp_path / f"config-{who}"), path)
    yield found
    for laptop in reversed(list(found.values())):
        laptop.close()


def test_s7_three_laptops_exchange_through_a_shared_folder_and_the_coordinator_decides(
    laptops: dict[str, Laptop],
    modals: ModalAnswers,
    clock: FrozenClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    coordinator, deputy, secretariat = laptops["coordinator"], laptops["deputy"], laptops["secretariat"]
    shared = tmp_path / "council share"
    shared.mkdir()

    # Each laptop works on its own, offline: the coordinator renames the police before going on leave ...
    coordinator.edit_partner(modals, "City Police", name="City Police Service")
    clock.advance(dt.timedelta(hours=1))
    # ... the deputy, chairing the residents' meeting, renames them too, and adds the night shelter ...
    deputy.edit_partner(modals, "City Police", name="Station Ward Police")
    deputy.new_partner(modals, "Night shelter")
    # ... and plans the residents' meeting she chairs, with its first item ...
    deputy.plan_meeting(modals, "St Mark's hall", ITEM)
    # ... and the secretariat types the outreach team's contact.
    secretariat.edit_partner(modals, "Outreach North", contact="outreach@north.example")
    clock.advance(dt.timedelta(hours=1))

    for who, laptop in (("Coordinator", coordinator), ("Deputy", deputy), ("Secretariat", secretariat)):
        laptop.exchange(f"{who}'s laptop", shared)
    # The secretariat, on the third laptop, translates the meeting's texts into French (Translations tab).
    tab = secretariat.meeting_tab("translations")
    choose(tab.language, "French")  # type: ignore[attr-defined]
    type_in_cell(secretariat.qtbot, tab.table, ITEM, 2, FRENCH, find_in=1)  # type: ignore[attr-defined]
    assert (ITEM, FRENCH) in secretariat.translations_shown("French")
    secretariat.exchange("Secretariat's laptop", shared)
    coordinator.exchange("Coordinator's laptop", shared)  # hears from the two who exchanged after it
    deputy.exchange("Deputy's laptop", shared)

    # Nothing typed on one laptop is lost on another.
    for laptop in (coordinator, deputy, secretariat):
        shown = laptop.shown_partners()
        assert "Night shelter" in shown, shown
        assert laptop.partners()["Outreach North"].contact == "outreach@north.example"

    # The same name changed on two laptops: the one written last stands everywhere, and the coordinator is asked.
    assert {laptop.partners()["Police"].name for laptop in (coordinator, deputy, secretariat)} == {
        "Station Ward Police"
    }
    home = go_to(coordinator.window, "Home")
    home.reload()  # type: ignore[attr-defined]
    asked = home.exchange_conflicts  # type: ignore[attr-defined]
    assert asked.isVisibleTo(home)
    assert "1 change made on two laptops needs your decision" in asked.text()
    press(coordinator.qtbot, home, "1 change made on two laptops")
    dialog = coordinator.window.exchange.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 1
    assert "1 change waits for your decision" in dialog.conflicts_title.text()
    row = [str(dialog.model.index(0, column).data()) for column in range(dialog.model.columnCount())]
    assert "Station Ward Police" in " ".join(row) and "City Police Service" in " ".join(row), row
    click_row(coordinator.qtbot, dialog.table, "name", column=1)
    press(coordinator.qtbot, dialog, "Use the value set aside")  # the coordinator's own name
    assert dialog.model.rowCount() == 0
    assert coordinator.partners()["Police"].name == "City Police Service"

    # The choice travels: after another round of exchanges every laptop holds it and nobody is asked again.
    for who, laptop in (("Coordinator", coordinator), ("Deputy", deputy), ("Secretariat", secretariat)):
        laptop.exchange(f"{who}'s laptop", shared)
    for laptop in (coordinator, deputy, secretariat):
        assert laptop.partners()["Police"].name == "City Police Service"
        assert "City Police Service" in laptop.shown_partners()
        assert "Night shelter" in laptop.shown_partners()
        assert laptop.partners()["Outreach North"].contact == "outreach@north.example"
    home = go_to(coordinator.window, "Home")
    home.reload()  # type: ignore[attr-defined]
    assert not home.exchange_conflicts.isVisibleTo(home)  # type: ignore[attr-defined]

    # The secretariat's translation is on the coordinator's and the deputy's laptops, and in what they export.
    for who, laptop in (("coordinator", coordinator), ("deputy", deputy)):
        assert (ITEM, FRENCH) in laptop.translations_shown("French"), who
        printed = laptop.export_agenda(monkeypatch, "French", tmp_path / f"agenda-{who}.docx")
        assert FRENCH in printed and ITEM not in printed, (who, printed)

    # The files themselves, read back: the three copies hold the same partners, and the translation.
    for laptop in (coordinator, deputy, secretariat):
        assert laptop.window.context is not None
        path = laptop.window.context.store.path
        laptop.close()
        with open_partnership(path, read_only=True) as store:
            names = sorted(p.name for p in store.all(Partner))
            assert [t.text for t in store.all(ContentTranslation) if t.language == "fr"] == [FRENCH]
        assert names == sorted(
            ["City Police Service", "Outreach North", "Residents of Station Square", "Night shelter"]
        )
