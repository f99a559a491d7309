"""The partnership's profile: its region decides how documents write dates and times, in the core, on a real
SQLite file and in the JSON document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator.document import build_document, parse_document
from facilitator.errors import ValidationError
from facilitator.i18n import translator
from facilitator.profile import (
    Profile,
    document_translator,
    partnership_name,
    partnership_profile,
    save_profile,
)
from facilitator.storage import open_partnership
from tests.core.fakes import MemoryStore


def test_translators_write_times_as_the_region_does() -> None:
    evening = dt.time(18, 30)
    assert translator("en").format_time(evening) == "6:30\u00a0PM"  # Babel's English is American
    assert translator("en", "GB").format_time(evening) == "18:30"
    assert translator("pl", "GB").format_time(evening) == "18:30"  # no pl_GB: Polish on Britain's clock
    assert translator("ar", "GB").format_time(evening) == "18:30"
    assert "PM" in translator("fr", "US").format_time(evening)  # the region's 12-hour clock
    assert translator("en", "GB").format_date(dt.date(2026, 12, 7), "short") == "07/12/2026"


def test_one_profile_saved_as_one_undoable_edit() -> None:
    store = MemoryStore()
    assert partnership_profile(store).region == ""
    edit = save_profile(store, Profile(region="GB"))
    edit.apply(store)
    assert partnership_profile(store).region == "GB"
    again = save_profile(store, Profile(region="FR"))
    again.apply(store)
    assert len(store.all(Profile)) == 1 and partnership_profile(store).region == "FR"
    assert str(document_translator(store, "en").locale) == "en_FR"  # English as written in France
    again.revert(store)
    assert partnership_profile(store).region == "GB"
    assert str(document_translator(store, "en").locale) == "en_GB"


@pytest.mark.parametrize("region", ["gb", "XX", "GBR", "1"])
def test_a_region_is_a_known_country_code(region: str) -> None:
    with pytest.raises(ValidationError) as raised:
        save_profile(MemoryStore(), Profile(region=region))
    assert raised.value.field == "region"


def test_the_region_survives_the_file_and_the_json_document(tmp_path: Path) -> None:
    with open_partnership(tmp_path / "p.sqlite") as store:
        save_profile(store, Profile(region="PL")).apply(store)
        document = build_document(store)
    assert [p["region"] for p in document["profiles"]] == ["PL"]
    with open_partnership(tmp_path / "p.sqlite") as store:
        assert partnership_profile(store).region == "PL"
    records = parse_document(document)
    assert [p.region for p in records[Profile]] == ["PL"]  # type: ignore[attr-defined]


def test_the_name_is_kept_trimmed_checked_and_undoable(tmp_path: Path) -> None:
    store = MemoryStore()
    save_profile(store, Profile(region="GB")).apply(store)
    edit = save_profile(store, Profile(name="  Station Square\nPartnership ", region="GB"))
    assert edit.text == "Name the partnership"
    edit.apply(store)
    assert partnership_profile(store).name == "Station Square\nPartnership"
    assert partnership_name(store) == "Station Square Partnership"  # one line for titles and footers
    edit.revert(store)
    assert partnership_name(store) == ""
    with pytest.raises(ValidationError) as raised:
        save_profile(store, Profile(name="x" * 201))
    assert raised.value.field == "name"


def test_the_name_survives_the_file_and_the_json_document(tmp_path: Path) -> None:
    with open_partnership(tmp_path / "p.sqlite") as store:
        save_profile(store, Profile(name="Partenariat de la gare", region="FR")).apply(store)
        document = build_document(store)
    assert [p["name"] for p in document["profiles"]] == ["Partenariat de la gare"]
    with open_partnership(tmp_path / "p.sqlite") as store:
        assert partnership_name(store) == "Partenariat de la gare"
    older = {
        **document,
        "profiles": [{k: v for k, v in p.items() if k != "name"} for p in document["profiles"]],
    }
    records = parse_document(older)  # a profile written before it had a name
    assert [p.name for p in records[Profile]] == [""]  # type: ignore[attr-defined]
