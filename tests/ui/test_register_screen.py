"""The base of the register screens (``ui/register_screen.py``), driven through a small register of partners built
on it here, with real widgets on a real file: the choice stays on the same record across a reading after an edit,
filters and "Clear filters", the empty state in place of the rows, and a hidden register reading only when shown."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from facilitator import operations
from facilitator.entities import Partner, Sector
from facilitator.i18n import N_, _
from facilitator.storage import open_partnership
from facilitator.ui.context import AppContext
from facilitator.ui.models import PartnersModel
from facilitator.ui.register_screen import Choice, RegisterProxy, RegisterScreen
from facilitator.ui.settings import Settings
from tests.ui.conftest import context_on

NAME = 0  # PartnersModel's first column


class PartnersRegister(RegisterScreen):
    """A register as a screen builds one: a sector filter and a search over the partners, the chosen one's
    name below."""

    record_kind = Partner
    shown_kinds = frozenset({Partner})
    choice_kinds = frozenset({Partner})
    select_first = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "partnersRegister", parent)
        self.first_steps = 0
        self.sector_label, self.sector = self.choice_filter("sectorFilter")
        self.search = self.search_field("partnerSearch")
        self.set_table(
            PartnersModel(self),
            RegisterProxy(self),
            "partnersRegisterTable",
            sort=(NAME, Qt.SortOrder.AscendingOrder),
            open_record=lambda: None,
            what=N_("No partners yet."),
            first_step=N_("New partner…"),
            do_first=self._first_step,
        )
        self.chosen = QLabel()
        self.lay_out([self.filter_row(self.search)], detail=self.chosen)
        self.start()

    def _first_step(self) -> None:
        self.first_steps += 1

    def read(self) -> None:
        self.model.reset_records(self.context.store.all(Partner))

    def filter_choices(self) -> list[tuple[QComboBox, list[Choice]]]:
        return [(self.sector, [(_("All sectors"), None), *((s.label, s) for s in Sector)])]

    def filter_test(self) -> Callable[[Partner], bool] | None:
        code = self.sector.currentData()
        return None if code is None else (lambda partner: partner.sector is Sector(code))

    def show_detail(self) -> None:
        partner = self.current()
        self.chosen.setText(partner.name if partner else "Choose a partner")


@pytest.fixture
def context(seeded_db: Path, settings: Settings) -> Iterator[AppContext]:
    """The seeded file: City Police (police), Outreach North (outreach), Residents of Station Square."""
    yield from context_on(seeded_db, settings)


@pytest.fixture
def register(qtbot: Any, context: AppContext, modals: Any) -> PartnersRegister:
    view = PartnersRegister(context)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    return view


def shown_names(register: PartnersRegister) -> list[str]:
    proxy = register.proxy
    return [proxy.index(row, NAME).data() for row in range(proxy.rowCount())]


def partner(context: AppContext, name: str) -> Partner:
    return next(p for p in context.store.all(Partner) if p.name == name)


def test_the_choice_stays_on_the_same_record_after_an_edit(
    register: PartnersRegister, context: AppContext
) -> None:
    assert shown_names(register) == ["City Police", "Outreach North", "Residents of Station Square"]
    assert register.selected_ids() == [partner(context, "City Police").id]  # the first row, from the start
    outreach = partner(context, "Outreach North")
    register.select_ids([outreach.id])
    assert register.chosen.text() == "Outreach North"

    # Renamed, it sorts first: the register reads again and the same partner is still chosen, on its new row.
    context.run(operations.save_partner(context.store, dataclasses.replace(outreach, name="Aa Outreach")))
    assert shown_names(register)[0] == "Aa Outreach"
    assert register.selected_ids() == [outreach.id]
    assert register.table.selectionModel().selectedRows()[0].row() == 0
    assert register.chosen.text() == "Aa Outreach"  # the detail shows the record as stored now

    # An edit of another record, and its undo, leave the choice where it is.
    police = partner(context, "City Police")
    context.run(operations.save_partner(context.store, dataclasses.replace(police, short_name="CP")))
    context.undo_stack.undo()
    context.undo_stack.undo()
    assert register.selected_ids() == [outreach.id]
    assert register.chosen.text() == "Outreach North"


def test_a_filter_narrows_and_clear_filters_shows_everything(
    register: PartnersRegister, context: AppContext
) -> None:
    register.sector.setCurrentIndex(register.sector.findData(Sector.OUTREACH))
    assert shown_names(register) == ["Outreach North"]
    assert register.chosen.text() == "Outreach North"  # the first shown is chosen when the choice was hidden
    assert register.empty_state.isHidden()

    register.search.setText("police")  # nothing is both outreach and police
    assert shown_names(register) == []
    state = register.empty_state
    assert not state.isHidden()
    assert state.text.text() == "Nothing matches these filters."
    assert state.button.text() == "Clear filters"

    state.button.click()
    assert shown_names(register) == ["City Police", "Outreach North", "Residents of Station Square"]
    assert (register.search.text(), register.sector.currentData()) == ("", None)
    assert state.isHidden()

    # A record the filters hide is shown by clearing them.
    register.sector.setCurrentIndex(register.sector.findData(Sector.POLICE))
    residents = partner(context, "Residents of Station Square")
    register.show_record(residents.id)
    assert register.sector.currentData() is None
    assert register.selected_ids() == [residents.id]


def test_the_empty_state_takes_the_place_of_the_rows(
    qtbot: Any, tmp_path: Path, settings: Settings, modals: Any
) -> None:
    with open_partnership(tmp_path / "new.sqlite") as store:
        context = AppContext(store, settings)
        register = PartnersRegister(context)
        qtbot.addWidget(register)
        register.show()
        state = register.empty_state
        assert not state.isHidden() and state.text.text() == "No partners yet."
        assert register.chosen.text() == "Choose a partner"
        state.button.click()
        assert register.first_steps == 1

        context.run(operations.save_partner(store, Partner(name="City Police", sector=Sector.POLICE)))
        assert state.isHidden()
        assert shown_names(register) == ["City Police"]
        context.undo_stack.undo()
        assert not state.isHidden() and state.text.text() == "No partners yet."
        context.close()


class LazyRegister(PartnersRegister):
    lazy = True


def test_a_hidden_lazy_register_reads_when_it_is_shown(qtbot: Any, context: AppContext, modals: Any) -> None:
    register = LazyRegister(context)
    qtbot.addWidget(register)
    assert len(shown_names(register)) == 3  # read once when made, hidden
    context.run(operations.save_partner(context.store, Partner(name="Harbour Lane Clinic")))
    assert len(shown_names(register)) == 3  # not read while hidden
    register.show()
    assert "Harbour Lane Clinic" in shown_names(register)
