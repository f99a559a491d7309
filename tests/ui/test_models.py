"""Every table model passes Qt's model tester, with real records and after a reset and a language change."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt

from facilitator import i18n
from facilitator.entities import Forum, Membership, Partner, QuorumRule, Representative, Sector
from facilitator.ui.models import (
    ForumsModel,
    PartnersModel,
    RecordTableModel,
    RepresentativesModel,
    SearchProxy,
    Seat,
    SeatsModel,
)

POLICE = Partner(name="City Police", short_name="Police", sector=Sector.POLICE, language="en")
SHOP = Partner(name="Sklep Polski <& Co>", sector=Sector.BUSINESS, language="pl", archived=True)
ANNA = Representative(name="Anna Kowalska", partner_id=POLICE.id, may_decide=True, email="anna@example.org")
SAMIR = Representative(name="سمير حداد", partner_id=POLICE.id, preferred_language="ar")
FORUM = Forum(
    name="Station Square weekly round",
    usual_weekday=0,
    usual_time=dt.time(10, 0),
    quorum=QuorumRule(3, frozenset({Sector.POLICE, Sector.OUTREACH})),
)
SEAT = Seat(Membership(forum_id=FORUM.id, partner_id=POLICE.id), POLICE, ANNA, (SAMIR,))


def _filled(kind: str) -> RecordTableModel:
    if kind == "partners":
        model = PartnersModel()
        model.reset_partners([POLICE, SHOP], [ANNA, SAMIR])
        return model
    model = {"people": RepresentativesModel, "forums": ForumsModel, "seats": SeatsModel}[kind]()
    model.reset_records({"people": [ANNA, SAMIR], "forums": [FORUM], "seats": [SEAT]}[kind])
    return model


@pytest.fixture(params=["partners", "people", "forums", "seats"])
def model(request: pytest.FixtureRequest, qapp) -> RecordTableModel:
    return _filled(request.param)


def test_model_passes_qt_model_tester(model: RecordTableModel, qtmodeltester) -> None:
    qtmodeltester.check(model, force_py=True)
    model.reset_records(model.records()[:1])
    i18n.set_language("fr")
    model.retranslate()
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 1
    assert model.data(QModelIndex()) is None
    assert model.data(model.index(0, model.columnCount())) is None


def test_proxy_passes_qt_model_tester(qapp, qtmodeltester) -> None:
    source = _filled("partners")
    proxy = SearchProxy()
    proxy.setSourceModel(source)
    proxy.set_search("kowalska")
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.rowCount() == 1
    proxy.set_search("")
    assert proxy.rowCount() == 2
    qtmodeltester._source = source  # keep the source alive until the tester is torn down


def test_models_show_translated_labels_and_data_as_is(qapp) -> None:
    forums = _filled("forums")
    assert forums.index(0, 3).data() == "Monday 10:00\u00a0AM"  # Babel's narrow no-break space
    assert forums.index(0, 5).data() == "3 partners, including Outreach work, Police"
    i18n.set_language("de")
    forums.retranslate()
    assert forums.headerData(1, Qt.Orientation.Horizontal) != "Tier"
    assert forums.index(0, 3).data() == "Montag 10:00"
    partners = _filled("partners")
    assert (
        partners.index(1, 0).data().startswith("Sklep Polski <& Co>")
    )  # data shown as typed, never as markup
    assert partners.index(1, 3).data() == "Polnisch"
