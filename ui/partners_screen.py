"""Partners & representatives: who is in the partnership and who attends for each partner."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLineEdit, QWidget

from facilitator import operations
from facilitator.entities import Partner, Representative
from facilitator.i18n import N_, _
from facilitator.operations import Changes
from facilitator.ui.context import AppContext
from facilitator.ui.dialogs import PartnerDialog, RepresentativeDialog
from facilitator.ui.master_detail import MasterDetailScreen, archive_words
from facilitator.ui.models import PartnersModel, RepresentativesModel
from facilitator.ui.widgets import select_id, selected_id


class PartnersScreen(MasterDetailScreen[Partner]):
    """Partners on top, the selected partner's representatives below."""

    record_kind = Partner

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "partnersScreen", parent)
        self.partners = PartnersModel(self)
        self.people = RepresentativesModel(self)
        self.people_proxy = self.detail_proxy
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.new_partner = self.command(self.create_partner, N_("New partner…"))
        self.edit_partner = self.command(self.change_partner, N_("Edit…"))
        self.archive_partner = self.command(self.toggle_partner_archived)
        self.partner_history = self.command(self.show_partner_history, N_("History…"))
        self.people_title = self.detail_title
        self.new_person = self.command(self.create_person, N_("New representative…"))
        self.edit_person = self.command(self.change_person, N_("Edit…"))
        self.archive_person = self.command(self.toggle_person_archived)
        self.person_history = self.command(self.show_person_history, N_("History…"))
        self.set_tables(
            self.partners,
            "partnersTable",
            self.people,
            "representativesTable",
            open_record=self.change_partner,
            open_detail=self.change_person,
            what=N_("No partners yet. Partners are the agencies and groups that sit at the table."),
            first_step=N_("New partner…"),
            do_first=self.create_partner,
            clear_filters=self.search.clear,
        )
        self.people_table = self.detail_table
        self.lay_out(
            (
                self.search,
                self.show_archived,
                self.new_partner,
                self.edit_partner,
                self.archive_partner,
                self.partner_history,
            ),
            (self.new_person, self.edit_person, self.archive_person, self.person_history),
            stretch=(3, 2),
        )
        self.start()

    # -- reading ----------------------------------------------------------------------------------------------
    def read(self) -> None:
        archived = self.show_archived.isChecked()
        store = self.context.store
        self.partners.reset_partners(
            store.all(Partner, include_archived=archived),
            store.all(Representative, include_archived=archived),
        )

    def on_changed(self, changes: Changes) -> None:
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

    def detail_rows(self, record: Partner) -> Sequence[Representative]:
        archived = self.show_archived.isChecked()
        return self.context.store.where(Representative, {"partner_id": record.id}, include_archived=archived)

    def detail_heading(self, record: Partner, rows: Sequence[Representative]) -> str:
        return _("Representatives of {partner}").format(partner=record.name)

    def nothing_chosen(self) -> str:
        return _("Select a partner to see its representatives.")

    def update_buttons(self) -> None:
        writable = not self.context.read_only
        partner = self.current()
        person_id = selected_id(self.people_table)
        self.new_partner.setEnabled(writable)
        self.edit_partner.setEnabled(writable and partner is not None)
        self.archive_partner.setEnabled(writable and partner is not None)
        self.archive_partner.setText(archive_words(partner))
        self.new_person.setEnabled(writable and partner is not None and not partner.archived)
        self.edit_person.setEnabled(writable and person_id is not None)
        self.archive_person.setEnabled(writable and person_id is not None)
        person = self.context.store.find(Representative, person_id) if person_id else None
        self.archive_person.setText(archive_words(person))
        self.partner_history.setEnabled(partner is not None)
        self.person_history.setEnabled(person_id is not None)

    # -- editing ------------------------------------------------------------------------------------------------
    def create_partner(self) -> None:
        """Ask for a new partner and add it."""
        created = self.ask_new(
            lambda submit: PartnerDialog(self, None, submit),
            lambda record: operations.save_partner(self.context.store, record),
        )
        if created:
            self.search.clear()
            select_id(self.table, created)

    def change_partner(self) -> None:
        """Edit the selected partner."""
        partner = self.current()
        if partner is None or self.context.read_only:
            return
        PartnerDialog(
            self, partner, self.save_with(lambda record: operations.save_partner(self.context.store, record))
        ).exec()

    def toggle_partner_archived(self) -> None:
        """Archive the selected partner, or restore it if archived."""
        partner = self.current()
        if partner is not None:
            self._run(
                lambda: operations.archive_partner(self.context.store, partner.id, not partner.archived)
            )

    def create_person(self) -> None:
        """Ask for a new representative of the selected partner."""
        partner = self.current()
        if partner is None:
            return
        created = self.ask_new(
            lambda submit: RepresentativeDialog(self, None, partner, submit),
            lambda record: operations.save_representative(self.context.store, record),
        )
        if created:
            select_id(self.people_table, created)

    def change_person(self) -> None:
        """Edit the selected representative."""
        partner = self.current()
        person_id = selected_id(self.people_table)
        if partner is None or person_id is None or self.context.read_only:
            return
        person = self.context.store.get(Representative, person_id)
        RepresentativeDialog(
            self,
            person,
            partner,
            self.save_with(lambda record: operations.save_representative(self.context.store, record)),
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

    def translate(self) -> None:
        # Spoken names: what a screen reader announces for fields that have no label beside them.
        self.table.setAccessibleName(_("Partners"))
        self.people_table.setAccessibleName(_("Representatives"))
        self.search.setAccessibleName(_("Search partners, sectors and people…"))
        self.title.setText(_("Partners & representatives"))
        self.search.setPlaceholderText(_("Search partners, sectors and people…"))
