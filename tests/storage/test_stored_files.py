"""Local files never leak in: a logo is copied into the partnership file when chosen, travels with it, and no
document or import ever follows a path named in the data."""

from __future__ import annotations

import json
import sqlite3
from io import BytesIO
from pathlib import Path

import pytest
import sqlite_utils
from PIL import Image

from facilitator.document import build_document, load_document, parse_document
from facilitator.errors import KnownError, ValidationError
from facilitator.leaflets import add_logo, build_leaflet, leaflet_for, leaflet_of
from facilitator.storage import open_partnership
from facilitator.storage.chosen_files import read_chosen_file
from facilitator.storage.schema import migrations
from facilitator.stored_files import MAX_BYTES, StoredFile
from tests.core.test_leaflets import make_partnership


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (120, 60), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_a_logo_travels_in_the_json_document_and_back(tmp_path: Path) -> None:
    with open_partnership(tmp_path / "a.sqlite") as store:
        data = make_partnership(store)
        add_logo(store, leaflet_for(store, data.meeting_id), "logo.png", _png()).apply(store)
        document = json.loads(json.dumps(build_document(store)))
    (stored,) = document["stored_files"]
    assert stored["media_type"] == "image/png" and stored["name"] == "logo.png"
    assert "logo_paths" not in document["leaflets"][0] and document["leaflets"][0]["logo_ids"] == [
        stored["id"]
    ]
    with open_partnership(tmp_path / "b.sqlite") as copy:
        load_document(copy, parse_document(document))
        assert copy.all(StoredFile)[0].content == _png()
        assert build_leaflet(copy, data.meeting_id, "en").logos == (_png(),)


def test_a_document_whose_file_is_not_what_it_says_is_refused(tmp_path: Path) -> None:
    with open_partnership(tmp_path / "a.sqlite") as store:
        data = make_partnership(store)
        add_logo(store, leaflet_for(store, data.meeting_id), "logo.png", _png()).apply(store)
        document = json.loads(json.dumps(build_document(store)))
    tampered = json.loads(json.dumps(document))
    tampered["stored_files"][0]["content"] = "JVBERi0xLjcK"  # "%PDF-1.7"
    with pytest.raises(ValidationError, match="not a PNG or JPEG"):
        parse_document(tampered)
    tampered = json.loads(json.dumps(document))
    tampered["stored_files"][0]["name"] = "/home/ana/private/logo.png"
    with pytest.raises(ValidationError, match="not a path"):
        parse_document(tampered)
    tampered = json.loads(json.dumps(document))
    tampered["stored_files"] = []
    with pytest.raises(ValidationError, match="logo_ids"):
        parse_document(tampered)


def test_an_import_refuses_paths_to_files_and_drops_an_empty_list(tmp_path: Path) -> None:
    secret = tmp_path / "private.png"
    secret.write_bytes(_png())
    with open_partnership(tmp_path / "a.sqlite") as store:
        data = make_partnership(store)
        store.put(leaflet_for(store, data.meeting_id))
        document = json.loads(json.dumps(build_document(store)))
    document["version"] = 2
    document.pop("stored_files")
    leaflet = document["leaflets"][0]
    leaflet.pop("logo_ids")
    leaflet["logo_paths"] = [str(secret)]
    with pytest.raises(ValidationError) as refused:
        parse_document(document)
    assert "logo_paths" in str(refused.value) and "not read" in str(refused.value)
    leaflet["logo_paths"] = []
    records = parse_document(document)
    with open_partnership(tmp_path / "b.sqlite") as copy:
        load_document(copy, records)
        assert leaflet_of(copy, data.meeting_id).logo_ids == ()  # type: ignore[union-attr]


def test_the_upgrade_keeps_old_paths_aside_and_never_reads_them(tmp_path: Path) -> None:
    """A file of the version before: its leaflet named a logo by path. After the upgrade no document reads it."""
    secret = tmp_path / "private.png"
    secret.write_bytes(_png())
    path = tmp_path / "old.sqlite"
    with open_partnership(path) as store:
        data = make_partnership(store)
        store.put(leaflet_for(store, data.meeting_id))
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    # Go back to how 0009 left the leaflets table, as the previous version would have written it.
    db.table("leaflets").transform(drop={"logo_ids"})
    db.table("leaflets").add_column("logo_paths", str)
    db.execute("update leaflets set logo_paths = ?", [json.dumps([str(secret)])])
    db.execute("drop table stored_files")
    db.execute("drop table leaflet_logo_paths_before_upgrade")
    db.execute("delete from _sqlite_migrations where name = '0012_stored_files'")
    conn.commit()
    conn.close()

    with open_partnership(path) as store:
        assert not migrations.pending(store.db)
        leaflet = leaflet_of(store, data.meeting_id)
        assert leaflet is not None and leaflet.logo_ids == ()
        assert build_leaflet(store, data.meeting_id, "en").logos == ()
        kept = list(store.db.query("select path from leaflet_logo_paths_before_upgrade"))
        assert kept == [{"path": str(secret)}]
        assert store.all(StoredFile) == []


def test_a_chosen_file_is_read_only_if_it_is_an_ordinary_file_of_reasonable_size(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png())
    assert read_chosen_file(logo) == ("logo.png", _png())
    big = tmp_path / "poster.png"
    with big.open("wb") as out:
        out.truncate(MAX_BYTES + 1)
    with pytest.raises(KnownError, match="larger than"):
        read_chosen_file(big)
    with pytest.raises(KnownError, match="not a file"):
        read_chosen_file(tmp_path)
    if Path("/dev/zero").exists():
        with pytest.raises(KnownError, match="not a file"):
            read_chosen_file("/dev/zero")
    with pytest.raises(KnownError, match="no file"):
        read_chosen_file(tmp_path / "gone.png")
