"""Partners & representatives: who is in the partnership and who attends for each partner."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from facilitator import operations
from facilitator.entities import Partner, Representative
from facilitator.i18n import N_, _
from facilitator.operations import Changes, Edit
from facilitator.ui.context import AppContext
from facilitator.ui.dialogs import PartnerDialog, RepresentativeDialog
from facilitator.ui.empty_state import EmptyState
from facilitator.ui.models import PartnersModel, RepresentativesModel, SearchProxy
from facilitator.ui.widgets import (
    button,
    fit_columns,
    record_table,
    select_id,
    selected_id,
    wrap_title,
    wrapping_row,
)


class PartnersScreen(QWidget):
    """Partners on top, the selected partner's representatives below."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnersScreen")
        self.context = context
        self._shown_id: str | None = None
        self.partners = PartnersModel(self)
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(self.partners)
        self.people = RepresentativesModel(self)
        self.people_proxy = SearchProxy(self)
        self.people_proxy.setSourceModel(self.people)

        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.show_archived = QCheckBox()
        self.show_archived.toggled.connect(lambda _on: self.reload())
        self.new_partner = button("")
        self.edit_partner = button("")
        self.archive_partner = button("")
        self.partner_history = button("")
        self.partner_history.clicked.connect(self.show_partner_history)
        self.new_partner.clicked.connect(self.create_partner)
        self.edit_partner.clicked.connect(self.change_partner)
        self.archive_partner.clicked.connect(self.toggle_partner_archived)
        self.table = record_table(self.proxy)
        self.table.setObjectName("partnersTable")
        self.empty_state = EmptyState(
            self.table,
            N_("No partners yet. Partners are the agencies and groups that sit at the table."),
            N_("New partner…"),
            self.create_partner,
            clear_filters=self.search.clear,
            may_write=lambda: not context.read_only,
        )
        self.table.doubleClicked.connect(lambda _i: self.change_partner())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_moved())

        self.people_title = QLabel()
        self.people_title.setObjectName("sectionTitle")
        self.people_title.setWordWrap(True)  # a long partner's name must not widen the window
        self.new_person = button("")
        self.edit_person = button("")
        self.archive_person = button("")
        self.person_history = button("")
        self.person_history.clicked.connect(self.show_person_history)
        self.new_person.clicked.connect(self.create_person)
        self.edit_person.clicked.connect(self.change_person)
        self.archive_person.clicked.connect(self.toggle_person_archived)
        self.people_table = record_table(self.people_proxy)
        self.people_table.setObjectName("representativesTable")
        self.people_table.doubleClicked.connect(lambda _i: self.change_person())
        self.people_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        bar = wrapping_row(
            self.search,
            self.show_archived,
            self.new_partner,
            self.edit_partner,
            self.archive_partner,
            self.partner_history,
        )
        top_layout.addLayout(bar)
        top_layout.addWidget(self.table)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(wrap_title(self.people_title))
        bottom_layout.addLayout(
            wrapping_row(self.new_person, self.edit_person, self.archive_person, self.person_history)
        )
        bottom_layout.addWidget(self.people_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(splitter, 1)

        context.changed.connect(self._on_changed)
        self.retranslate()
        self.reload()
        if self.proxy.rowCount():
            self.table.selectRow(0)
        fit_columns(self.table)

    # -- reading ----------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read partners and representatives again, keeping the selection."""
        keep = selected_id(self.table)
        archived = self.show_archived.isChecked()
        store = self.context.store
        self.partners.reset_partners(
            store.all(Partner, include_archived=archived),
            store.all(Representative, include_archived=archived),
        )
        select_id(self.table, keep)
        self._partner_selected()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Partner) or changes.touches(Representative):
            self.reload()

    def select(self, partner_id: str) -> None:
        """Show and select a partner (an archived one too), clearing the filter if it hides it."""
        partner = self.context.store.find(Partner, partner_id)
        if partner is None:
            return
        if partner.archived and not self.show_archived.isChecked():
            self.show_archived.setChecked(True)
        if self.search.text():
            self.search.clear()
        select_id(self.table, partner_id)

    def current_partner(self) -> Partner | None:
        """The selected partner."""
        partner_id = selected_id(self.table)
        return self.context.store.find(Partner, partner_id) if partner_id else None

    def _selection_moved(self) -> None:
        # Filtering moves the selection once per removed row; only a different record needs its details read.
        if selected_id(self.table) != self._shown_id:
            self._partner_selected()

    def _partner_selected(self) -> None:
        self._shown_id = selected_id(self.table)
        partner = self.current_partner()
        keep = selected_id(self.people_table)
        if partner is None:
            self.people.reset_records([])
            self.people_title.setText(_("Select a partner to see its representatives."))
        else:
            archived = self.show_archived.isChecked()
            people = self.context.store.where(
                Representative, {"partner_id": partner.id}, include_archived=archived
            )
            self.people.reset_records(people)
            self.people_title.setText(_("Representatives of {partner}").format(partner=partner.name))
            select_id(self.people_table, keep)
            fit_columns(self.people_table)
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = not self.context.read_only
        partner = self.current_partner()
        person_id = selected_id(self.people_table)
        self.new_partner.setEnabled(writable)
        self.edit_partner.setEnabled(writable and partner is not None)
        self.archive_partner.setEnabled(writable and partner is not None)
        self.archive_partner.setText(_("Restore") if partner and partner.archived else _("Archive"))
        self.new_person.setEnabled(writable and partner is not None and not partner.archived)
        self.edit_person.setEnabled(writable and person_id is not None)
        self.archive_person.setEnabled(writable and person_id is not None)
        person = self.context.store.find(Representative, person_id) if person_id else None
        self.archive_person.setText(_("Restore") if person and person.archived else _("Archive"))
        self.partner_history.setEnabled(partner is not None)
        self.person_history.setEnabled(person_id is not None)

    # -- editing ------------------------------------------------------------------------------------------------
    def _run(self, edit_factory: Callable[[], Edit]) -> bool:
        return bool(self.context.apply(self, edit_factory))  # mypy sees facilitator.ui.* as Any

    def create_partner(self) -> None:
        """Ask for a new partner and add it."""
        created: list[str] = []

        def submit(record: object) -> None:
            assert isinstance(record, Partner)
            self.context.run(operations.save_partner(self.context.store, record))
            created.append(record.id)

        PartnerDialog(self, None, submit).exec()
        if created:
            self.search.clear()
            select_id(self.table, created[0])

    def change_partner(self) -> None:
        """Edit the selected partner."""
        partner = self.current_partner()
        if partner is None or self.context.read_only:
            return
        PartnerDialog(
            self, partner, lambda r: self.context.run(operations.save_partner(self.context.store, r))
        ).exec()

    def toggle_partner_archived(self) -> None:
        """Archive the selected partner, or restore it if archived."""
        partner = self.current_partner()
        if partner is not None:
            self._run(
                lambda: operations.archive_partner(self.context.store, partner.id, not partner.archived)
            )

    def create_person(self) -> None:
        """Ask for a new representative of the selected partner."""
        partner = self.current_partner()
        if partner is None:
            return
        created: list[str] = []

        def submit(record: object) -> None:
            assert isinstance(record, Representative)
            self.context.run(operations.save_representative(self.context.store, record))
            created.append(record.id)

        RepresentativeDialog(self, None, partner, submit).exec()
        if created:
            select_id(self.people_table, created[0])

    def change_person(self) -> None:
        """Edit the selected representative."""
        partner = self.current_partner()
        person_id = selected_id(self.people_table)
        if partner is None or person_id is None or self.context.read_only:
            return
        person = self.context.store.get(Representative, person_id)
        RepresentativeDialog(
            self,
            person,
            partner,
            lambda r: self.context.run(operations.save_representative(self.context.store, r)),
        ).exec()

    def toggle_person_archived(self) -> None:
        """Archive the selected representative, or restore them."""
        person_id = selected_id(self.people_table)
        if person_id is None:
            return
        person = self.context.store.get(Representative, person_id)
        self._run(
            lambda: operations.archive_representative(self.context.store, person.id, not person.archived)
        )

    def show_partner_history(self) -> None:
        """The selected partner's history."""
        self._history("partners", selected_id(self.table))

    def show_person_history(self) -> None:
        """The selected representative's history."""
        self._history("representatives", selected_id(self.people_table))

    def _history(self, kind_name: str, record_id: str | None) -> None:
        """Every change to the record, from the audit trail."""
        if record_id is None:
            return
        from facilitator.ui.history_dialog import HistoryDialog  # noqa: PLC0415 - opened rarely

        HistoryDialog(self, self.context.store, kind_name, record_id).exec()

    def retranslate(self) -> None:
        """Show every label in the current language."""
        # Spoken names: what a screen reader announces for fields that have no label beside them.
        self.table.setAccessibleName(_("Partners"))
        self.people_table.setAccessibleName(_("Representatives"))
        self.search.setAccessibleName(_("Search partners, sectors and people…"))
        self.title.setText(_("Partners & representatives"))
        self.search.setPlaceholderText(_("Search partners, sectors and people…"))
        self.show_archived.setText(_("Show archived"))
        self.new_partner.setText(_("New partner…"))
        self.empty_state.refresh()
        self.edit_partner.setText(_("Edit…"))
        self.new_person.setText(_("New representative…"))
        self.partner_history.setText(_("History…"))
        self.person_history.setText(_("History…"))
        self.edit_person.setText(_("Edit…"))
        self.partners.retranslate()
        self.people.retranslate()
        self._partner_selected()
