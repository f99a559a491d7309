"""Forums: the partnership's standing groups and which partners sit on each, with whom."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from facilitator import operations
from facilitator.entities import Forum, Membership, Partner, Representative, by_name
from facilitator.i18n import N_, _, ngettext
from facilitator.operations import Changes
from facilitator.ui.context import AppContext
from facilitator.ui.dialogs import ForumDialog, SeatDialog
from facilitator.ui.master_detail import MasterDetailScreen, archive_words
from facilitator.ui.models import ForumsModel, Seat, SeatsModel
from facilitator.ui.widgets import select_id, selected_id


class ForumsScreen(MasterDetailScreen[Forum]):
    """Forums on top, the selected forum's seats below."""

    record_kind = Forum

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "forumsScreen", parent)
        self.forums = ForumsModel(self)
        self.seats = SeatsModel(self)
        self.seats_proxy = self.detail_proxy
        self.new_forum = self.command(self.create_forum, N_("New forum…"))
        self.edit_forum = self.command(self.change_forum, N_("Edit…"))
        self.archive_forum = self.command(self.toggle_forum_archived)
        self.usual_agenda = self.command(self.edit_usual_agenda, N_("Usual agenda…"))
        self.figures = self.command(self.edit_figures, N_("Street figures…"))
        self.seats_title = self.detail_title
        self.add_seat = self.command(self.seat_partner, N_("Seat a partner…"))
        self.edit_seat = self.command(self.change_seat, N_("Change representatives…"))
        self.remove_seat = self.command(self.unseat_partner, N_("Take off forum"))
        self.set_tables(
            self.forums,
            "forumsTable",
            self.seats,
            "seatsTable",
            open_record=self.change_forum,
            open_detail=self.change_seat,
            what=N_("No forums yet. A forum is a group that meets: a weekly round, a residents' meeting…"),
            first_step=N_("New forum…"),
            do_first=self.create_forum,
        )
        self.seats_table = self.detail_table
        self.lay_out(
            (
                self.show_archived,
                self.new_forum,
                self.edit_forum,
                self.archive_forum,
                self.usual_agenda,
                self.figures,
            ),
            (self.add_seat, self.edit_seat, self.remove_seat),
        )
        self.start()

    def read(self) -> None:
        self.forums.reset_records(
            self.context.store.all(Forum, include_archived=self.show_archived.isChecked())
        )

    def on_changed(self, changes: Changes) -> None:
        if changes.touches(Forum):
            self.reload()
        elif changes.kinds & {Membership, Partner, Representative}:
            self.show_selected()

    def select(self, forum_id: str) -> None:
        """Show and select a forum (an archived one too)."""
        forum = self.context.store.find(Forum, forum_id)
        if forum is not None and forum.archived and not self.show_archived.isChecked():
            self.show_archived.setChecked(True)
        select_id(self.table, forum_id)

    def show_record(self, forum_id: str) -> None:
        """Select the forum ``forum_id``."""
        select_id(self.table, forum_id)
        self.show_selected()

    def detail_heading(self, record: Forum, rows: Sequence[Seat]) -> str:
        return ngettext("{forum}: {count} partner", "{forum}: {count} partners", len(rows)).format(
            forum=record.name, count=len(rows)
        )

    def nothing_chosen(self) -> str:
        return _("Select a forum to see who sits on it.")

    def detail_rows(self, record: Forum) -> list[Seat]:
        store = self.context.store
        people = {r.id: r for r in store.all(Representative, include_archived=True)}
        return [
            Seat(
                membership,
                partner,
                people.get(membership.main_representative_id or ""),
                tuple(people[s] for s in membership.substitute_ids if s in people),
            )
            for partner, membership in operations.members(store, record.id)
        ]

    def update_buttons(self) -> None:
        writable = not self.context.read_only
        forum = self.current()
        seat = selected_id(self.seats_table)
        self.new_forum.setEnabled(writable)
        self.edit_forum.setEnabled(writable and forum is not None)
        self.archive_forum.setEnabled(writable and forum is not None)
        self.archive_forum.setText(archive_words(forum))
        self.usual_agenda.setEnabled(writable and forum is not None and not forum.archived)
        self.figures.setEnabled(writable and forum is not None and not forum.archived)
        self.add_seat.setEnabled(writable and forum is not None and not forum.archived)
        self.edit_seat.setEnabled(writable and seat is not None)
        self.remove_seat.setEnabled(writable and seat is not None)

    def create_forum(self) -> None:
        """Ask for a new forum and add it."""
        created = self.ask_new(
            lambda submit: ForumDialog(self, None, submit, forums=self.context.store.all(Forum)),
            lambda record: operations.save_forum(self.context.store, record),
        )
        if created:
            select_id(self.table, created)

    def change_forum(self) -> None:
        """Edit the selected forum."""
        forum = self.current()
        if forum is None or self.context.read_only:
            return
        ForumDialog(
            self,
            forum,
            self.save_with(lambda record: operations.save_forum(self.context.store, record)),
            forums=self.context.store.all(Forum),
        ).exec()

    def edit_usual_agenda(self) -> None:
        """Edit the selected forum's usual agenda, which every new meeting of it starts from."""
        forum = self.current()
        if forum is None or self.context.read_only:
            return
        from facilitator.ui.agenda_editor import UsualAgendaDialog  # noqa: PLC0415 - loaded with the Meetings screen

        UsualAgendaDialog(self.context, forum, self).exec()

    def edit_figures(self) -> None:
        """Choose the figures about the street the selected forum tracks, and who reports each."""
        forum = self.current()
        if forum is None or self.context.read_only:
            return
        from facilitator.ui.figure_dialogs import ForumFiguresDialog  # noqa: PLC0415 - only when asked for

        ForumFiguresDialog(self.context, forum, self).exec()

    def toggle_forum_archived(self) -> None:
        """Archive the selected forum, or restore it."""
        forum = self.current()
        if forum is not None:
            self._run(lambda: operations.archive_forum(self.context.store, forum.id, not forum.archived))

    def _seat_dialog(self, forum: Forum, current: tuple[str, str | None, tuple[str, ...]] | None) -> None:
        store = self.context.store
        seated = {m.partner_id for _p, m in operations.members(store, forum.id)}
        partners = [p for p in store.all(Partner) if current is not None or p.id not in seated]
        if not partners:
            QMessageBox.information(self, _("Nobody to seat"), _("Every partner already sits on this forum."))
            return

        def submit(choice: object) -> None:
            assert isinstance(choice, tuple)
            partner_id, main_id, substitutes = choice
            self.context.run(operations.set_membership(store, forum.id, partner_id, main_id, substitutes))

        people = store.all(Representative)
        SeatDialog(
            self, forum, by_name(partners), people, submit, current=current
        ).exec()

    def seat_partner(self) -> None:
        """Seat another partner on the selected forum."""
        forum = self.current()
        if forum is not None:
            self._seat_dialog(forum, None)

    def change_seat(self) -> None:
        """Change who represents the selected partner on the forum."""
        forum = self.current()
        seat_id = selected_id(self.seats_table)
        if forum is None or seat_id is None or self.context.read_only:
            return
        membership = self.context.store.get(Membership, seat_id)
        self._seat_dialog(
            forum, (membership.partner_id, membership.main_representative_id, membership.substitute_ids)
        )

    def unseat_partner(self) -> None:
        """Take the selected partner off the forum."""
        forum = self.current()
        seat_id = selected_id(self.seats_table)
        if forum is None or seat_id is None:
            return
        membership = self.context.store.get(Membership, seat_id)
        self._run(lambda: operations.remove_membership(self.context.store, forum.id, membership.partner_id))

    def translate(self) -> None:
        # Spoken names: what a screen reader announces for tables that have no label beside them.
        self.table.setAccessibleName(_("Forums"))
        self.seats_table.setAccessibleName(_("Partners on the forum"))
        self.title.setText(_("Forums"))
