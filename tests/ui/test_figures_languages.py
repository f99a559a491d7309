"""The street figures' dialogs and panels open in every window language, and no visible string escapes
translation (the pseudo-language marks every translated string)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from facilitator import i18n
from facilitator.entities import Forum
from facilitator.figure_ops import figures_of, record_figure
from facilitator.figures import TrackedFigure
from facilitator.meeting_ops import agenda, meetings_of, usual_agenda
from facilitator.meetings import MeetingStatus
from facilitator.storage import open_partnership
from facilitator.ui.figure_dialogs import (
    FigureDialog,
    ForumFiguresDialog,
    PastFigureDialog,
    PastFiguresDialog,
)
from facilitator.ui.figures_panel import CoversDialog, FiguresPanel, TargetDialog
from facilitator.ui.main_window import MainWindow
from facilitator.ui.street_part import StreetPart
from tests.core.figure_world import build_figure_world
from tests.ui.test_every_language import LANGUAGES, open_each, untranslated


@pytest.fixture
def seeded_db(tmp_path: Path) -> Path:
    path = tmp_path / "figures.sqlite"
    with open_partnership(path) as store:
        world = build_figure_world(store, weeks=4, held=3)
        for meeting in world.meetings[:2]:
            record_figure(store, meeting.id, world.needles.id, 9).apply(store)
    return path


def _roots(window: MainWindow) -> list[QWidget]:
    context = window.context
    store = context.store
    forum = store.all(Forum)[0]
    figures = figures_of(store, forum.id)
    partners = ForumFiguresDialog(context, forum, window)._partners()
    items = [i.title for i in usual_agenda(store, forum.id)]
    meeting = [m for m in meetings_of(store, forum.id) if m.status is MeetingStatus.HELD][-1]
    street = next(i for i in agenda(store, meeting.id) if i.title == "Street picture")
    panel = FiguresPanel(context, large=True)
    panel.show_item(meeting, street)
    part = StreetPart(context)
    from facilitator.indicators import Period

    part.show_period(Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31)), forum.id)

    def ignore(_record: object) -> None:
        return None

    needles = next(f for f in figures if f.common == "needles_found")
    own = next(f for f in figures if not f.common)
    return [
        ForumFiguresDialog(context, forum, window),
        FigureDialog(window, needles, partners, items, ignore, new=False),
        FigureDialog(window, own, partners, items, ignore, new=True),
        PastFiguresDialog(context, needles, window),
        PastFigureDialog(window, needles, None, ignore),
        CoversDialog(window, "Needles found", (dt.date(2025, 1, 6), dt.date(2025, 1, 12)), ignore),
        TargetDialog(window, figures, needles.id, "en", ignore),
        panel,
        part,
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_figures_dialogs_and_panels_open(window: MainWindow, language: str) -> None:
    window.change_language(language)
    open_each(_roots(window), 1100, 700)


def test_no_figures_string_escapes_translation(window: MainWindow) -> None:
    window.change_language(i18n.PSEUDO_LANGUAGE)
    escaped = []
    for root in _roots(window):
        root.show()
        escaped += untranslated(root)
        model = getattr(root, "model", None)
        if model is not None:
            for column in range(model.columnCount()):
                header = model.headerData(column, Qt.Orientation.Horizontal)
                if header and i18n.PSEUDO_OPEN not in header:
                    escaped.append((type(root).__name__, "header", header))
        root.close()
        root.deleteLater()
    assert escaped == []
    assert window.context.store.all(TrackedFigure)
