"""Table models over the partnership's records. Views sort and filter through a proxy; nothing is decided here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from facilitator import i18n
from facilitator.entities import Forum, Membership, Partner, Representative
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.ui.column_titles import column_title

T = TypeVar("T")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
AnyIndex = QModelIndex | QPersistentModelIndex


@frozen
class Column(Generic[T]):
    """One column: its (untranslated) title and how to show and sort a record."""

    title: str
    text: Callable[[T], str]
    sort: Callable[[T], Any] | None = None


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """A list of records shown as rows. ``reset_records`` replaces them after an edit."""

    columns: Sequence[Column[T]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[T] = []
        self._search: list[str | None] = []  # search texts, made when first asked for

    def reset_records(self, records: Sequence[T]) -> None:
        """Show ``records`` instead of the current rows."""
        self.beginResetModel()
        self._records = list(records)
        self._search = [None] * len(self._records)
        self.endResetModel()

    def retranslate(self) -> None:
        """Titles and labels follow a new language."""
        self._search = [None] * len(self._records)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))
        if self._records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._records) - 1, len(self.columns) - 1))

    def record(self, row: int) -> T:
        """The record shown in ``row``."""
        return self._records[row]

    def records(self) -> list[T]:
        """Every record shown, in model order."""
        return list(self._records)

    def row_of(self, record_id: str) -> int:
        """The row of the record with ``record_id``, or -1."""
        for row, record in enumerate(self._records):
            if getattr(record, "id", None) == record_id:
                return row
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title([c.title for c in self.columns], section, orientation, role, translate=True)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        record = self._records[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(record)
        if role == ID_ROLE:
            return getattr(record, "id", None)
        if role == SORT_ROLE:
            key = column.sort(record) if column.sort else column.text(record).casefold()
            return key
        if role == SEARCH_ROLE:
            return self.search_text_at(index.row())
        if role == Qt.ItemDataRole.FontRole and getattr(record, "archived", False):
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def search_text_at(self, row: int) -> str:
        """The case-folded search text of ``row``, made once per reset or language change."""
        text = self._search[row]
        if text is None:
            text = self._search[row] = self.search_text(self._records[row]).casefold()
        return text

    def search_text(self, record: T) -> str:
        """What search-as-you-type matches against for ``record``."""
        return " ".join(column.text(record) for column in self.columns)


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _archived_suffix(record: Any, text: str) -> str:
    return _("{name} (archived)").format(name=text) if record.archived else text


class PartnersModel(RecordTableModel[Partner]):
    """Partners, with their representatives' names searchable too."""

    columns = (
        Column[Partner](N_("Name"), lambda p: _archived_suffix(p, p.name)),
        Column[Partner](N_("Short name"), lambda p: p.short_name),
        Column[Partner](N_("Sector"), lambda p: p.sector.label),
        Column[Partner](N_("Language"), lambda p: i18n.active().language_name(p.language)),
        Column[Partner](N_("Contact"), lambda p: p.contact.replace("\n", " · ")),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._people: dict[str, str] = {}

    def reset_partners(self, partners: Sequence[Partner], representatives: Sequence[Representative]) -> None:
        """Show ``partners``; their representatives' names and roles are searchable."""
        people: dict[str, list[str]] = {}
        for person in representatives:
            people.setdefault(person.partner_id, []).append(f"{person.name} {person.role} {person.email}")
        self._people = {pid: " ".join(names) for pid, names in people.items()}
        self.reset_records(partners)

    def search_text(self, record: Partner) -> str:
        return f"{super().search_text(record)} {self._people.get(record.id, '')}"


class RepresentativesModel(RecordTableModel[Representative]):
    """The people who attend for one partner."""

    columns = (
        Column[Representative](N_("Name"), lambda r: _archived_suffix(r, r.name)),
        Column[Representative](N_("Role"), lambda r: r.role),
        Column[Representative](
            N_("Seniority"), lambda r: r.seniority.label, lambda r: list(type(r.seniority)).index(r.seniority)
        ),
        Column[Representative](N_("May decide"), lambda r: _yes_no(r.may_decide)),
        Column[Representative](N_("E-mail"), lambda r: r.email),
        Column[Representative](N_("Phone"), lambda r: r.phone),
        Column[Representative](N_("Language"), lambda r: i18n.active().language_name(r.preferred_language)),
    )


def usual_time_text(forum: Forum) -> str:
    """``Monday 10:00`` in the window's language, or what is known of it."""
    t = i18n.active()
    parts = []
    if forum.usual_weekday is not None:
        parts.append(t.weekday_name(forum.usual_weekday))
    if forum.usual_time is not None:
        parts.append(t.format_time(forum.usual_time))
    return " ".join(parts)


def quorum_text(forum: Forum) -> str:
    """The quorum rule in words; nothing for a forum without one."""
    rule = forum.quorum
    if not rule.applies:
        return ""
    if rule.deciders_only:
        text = i18n.ngettext(
            "{n} partner able to decide", "{n} partners able to decide", rule.min_partners
        ).format(n=rule.min_partners)
    else:
        text = i18n.ngettext("{n} partner", "{n} partners", rule.min_partners).format(n=rule.min_partners)
    if rule.required_sectors:
        sectors = ", ".join(sorted(s.label for s in rule.required_sectors))
        text = _("{partners}, including {sectors}").format(partners=text, sectors=sectors)
    return text


class ForumsModel(RecordTableModel[Forum]):
    """The partnership's standing groups."""

    columns = (
        Column[Forum](N_("Name"), lambda f: _archived_suffix(f, f.name)),
        Column[Forum](N_("Tier"), lambda f: f.tier.label, lambda f: list(type(f.tier)).index(f.tier)),
        Column[Forum](
            N_("How often"), lambda f: f.cadence.label, lambda f: list(type(f.cadence)).index(f.cadence)
        ),
        Column[Forum](N_("Usual day and time"), usual_time_text),
        Column[Forum](N_("Venue"), lambda f: f.usual_venue),
        Column[Forum](N_("Quorum"), quorum_text),
    )


@frozen
class Seat:
    """A membership as the window shows it."""

    membership: Membership
    partner: Partner
    main: Representative | None
    substitutes: tuple[Representative, ...]

    @property
    def id(self) -> str:
        """The membership's id."""
        return self.membership.id


def _person(rep: Representative | None) -> str:
    if rep is None:
        return "—"
    return _("{name} — may decide").format(name=rep.name) if rep.may_decide else rep.name


class SeatsModel(RecordTableModel[Seat]):
    """Who sits on one forum, for which partner."""

    columns = (
        Column[Seat](N_("Partner"), lambda s: s.partner.name),
        Column[Seat](N_("Sector"), lambda s: s.partner.sector.label),
        Column[Seat](N_("Main representative"), lambda s: _person(s.main)),
        Column[Seat](N_("Substitutes"), lambda s: ", ".join(r.name for r in s.substitutes) or "—"),
    )


class SearchProxy(QSortFilterProxyModel):
    """Sorts by the model's sort keys and filters, as you type, on every word against the search text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(SEARCH_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._words: list[str] = []

    def set_search(self, text: str) -> None:
        """Keep only rows that contain every word of ``text`` (ignoring case)."""
        self.beginFilterChange()
        self._words = [w.casefold() for w in text.split()]
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        if isinstance(model, RecordTableModel):  # the fast path: no QModelIndex per row
            haystack = model.search_text_at(source_row)
        else:
            haystack = str(model.data(model.index(source_row, 0, source_parent), SEARCH_ROLE) or "")
        return all(word in haystack for word in self._words)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
