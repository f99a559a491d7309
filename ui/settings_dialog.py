"""Settings: where the user is (the window's dates, times and numbers) and where the partnership works (its
documents'). The window's region is a preference of this computer; the partnership's is kept in its file
(``facilitator.profile``) and changed through the core's ``save_profile``."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from facilitator import i18n
from facilitator.entities import MAX_NAME
from facilitator.i18n import _
from facilitator.profile import Profile, partnership_profile, save_profile
from facilitator.ui.context import AppContext
from facilitator.ui.dialogs import RecordDialog, Submit
from facilitator.ui.region import region_names, sample_date, system_region
from facilitator.ui.settings import Settings


def region_combo(current: str, first: str) -> QComboBox:
    """Every region by name, ``first`` (the item for no choice, data "") on top, ``current`` chosen."""
    combo = QComboBox()
    combo.addItem(first, "")
    for code, name in region_names():
        combo.addItem(name, code)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class SettingsDialog(RecordDialog):
    """The window's region, and the partnership's name and region; OK applies them."""

    def __init__(
        self,
        parent: QWidget | None,
        settings: Settings,
        context: AppContext | None,
        submit: Submit,
    ) -> None:
        super().__init__(parent, _("Settings"), submit)
        self.setMinimumWidth(640)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # long labels above their field
        here = system_region()
        names = dict(region_names())
        system = (
            _("As this computer ({region})").format(region=names.get(here, here))
            if here
            else _("As this computer")
        )
        self.window_region = region_combo(settings.preferences().region, system)
        self.window_region.setObjectName("windowRegion")
        self.window_region.setAccessibleName(_("Dates and times in the window"))
        self.add_row("window_region", _("Dates and times in the window:"), self.window_region)
        self.sample = QLabel(_("Now written: {sample}").format(sample=sample_date()))
        self.sample.setProperty("showsData", True)
        self.add_row("sample", "", self.sample)
        self.partnership_region: QComboBox | None = None
        self.partnership_name: QLineEdit | None = None
        if context is not None:
            profile = partnership_profile(context.store)
            self.partnership_name = QLineEdit(profile.name)
            self.partnership_name.setObjectName("partnershipName")
            self.partnership_name.setMaxLength(MAX_NAME)
            self.partnership_name.setPlaceholderText(_("e.g. Station Square Partnership"))
            self.partnership_name.setAccessibleName(_("The partnership's name"))
            self.partnership_name.setToolTip(
                _("Public: the window's title and the foot of every page of its minutes and agendas.")
            )
            self.partnership_name.setEnabled(not context.read_only)
            self.add_row("name", _("The partnership's name:"), self.partnership_name)
            current = profile.region
            self.partnership_region = region_combo(current, _("Each document's language decides"))
            self.partnership_region.setObjectName("partnershipRegion")
            self.partnership_region.setAccessibleName(_("Where the partnership works"))
            self.partnership_region.setEnabled(not context.read_only)
            self.add_row("region", _("Where the partnership works (its documents):"), self.partnership_region)

    def record(self) -> object:
        """(window region, the partnership's profile as chosen or None when no file is open)."""
        chosen = self.window_region.currentData()
        if self.partnership_region is None or self.partnership_name is None:
            return (str(chosen or ""), None)
        return (
            str(chosen or ""),
            Profile(
                name=self.partnership_name.text(), region=str(self.partnership_region.currentData() or "")
            ),
        )


def open_settings(parent: QWidget, settings: Settings, context: AppContext | None) -> None:
    """Show Settings; OK stores the window's region (and applies it now) and the partnership's."""

    def submit(choice: object) -> None:
        assert isinstance(choice, tuple)
        window_region, chosen = choice
        if context is not None and isinstance(chosen, Profile) and not context.read_only:
            profile = partnership_profile(context.store)
            if (profile.name, profile.region) != (chosen.name.strip(), chosen.region):
                wanted = replace(profile, name=chosen.name, region=chosen.region)
                context.run(save_profile(context.store, wanted))  # a refusal is shown in the dialog
        settings.set_region(window_region)
        from facilitator.ui.region import window_region as region_now  # noqa: PLC0415

        i18n.set_language(i18n.current_language(), region_now(settings))

    SettingsDialog(parent, settings, context, submit).exec()
