"""A partnership file on a network drive or in a synchronised folder is recognised, and WAL is never used there.

Network drives and cloud clients are simulated: a faked mount table (as psutil reads ``/proc/self/mounts`` on
Linux and ``getfsstat`` on macOS), Windows paths with a faked ``GetDriveTypeW`` and a faked registry, faked
environment variables, and real marker files in tmp folders. The files themselves are real SQLite files.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from facilitator.entities import Partner
from facilitator.storage import open_partnership, shared_places
from facilitator.storage.database import file_uri
from facilitator.storage.shared_places import DRIVE_REMOTE, Machine, Mount, Place, PlaceKind, place_of

DRIVE_FIXED = 3
LOCAL_DISKS = [Mount("/", "ext4", "/dev/sda1"), Mount("/boot/efi", "vfat", "/dev/sda2")]


def posix(home: Path | str = "/home/jorg", mounts: list[Mount] | None = None, **environ: str) -> Machine:
    """A Linux or macOS laptop with this mount table and environment."""
    table = LOCAL_DISKS + (mounts or [])
    return Machine(windows=False, environ=environ, home=str(home), mounts=lambda: table)


def this_platform(home: Path) -> Machine:
    """This machine's kind (Windows or not) with no mounts, environment or registry of its own: for tests with
    real marker files in tmp folders, which must run on every platform."""
    return Machine(
        windows=os.name == "nt",
        environ={},
        home=str(home),
        mounts=lambda: list(LOCAL_DISKS),
        drive_type=lambda root: DRIVE_FIXED,
        sync_engines=lambda: [],
    )


#: The mount table is faked, and Windows has none: it finds network drives by UNC paths and GetDriveTypeW.
NOT_ON_WINDOWS = pytest.mark.skipif(
    os.name == "nt",
    reason="fakes a POSIX mount table; Windows' network paths are tested with faked drive types",
)


def windows(
    remote: tuple[str, ...] = (), engines: list[tuple[str, str]] | None = None, **environ: str
) -> Machine:
    """A Windows laptop whose drive letters ``remote`` are network drives."""
    return Machine(
        windows=True,
        environ=environ,
        home=r"C:\Users\Jörg",
        mounts=lambda: [],
        drive_type=lambda root: DRIVE_REMOTE if root[:2] in remote else DRIVE_FIXED,
        sync_engines=lambda: list(engines or []),
    )


# --- network drives ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fstype", ["cifs", "smb3", "nfs", "nfs4", "fuse.sshfs", "smbfs", "afpfs", "webdav"])
def test_a_file_on_a_network_mount_is_recognised_by_the_mount_table(fstype: str) -> None:
    machine = posix(mounts=[Mount("/mnt/council", fstype, "//fs01/partnerships")])
    place = place_of(PurePosixPath("/mnt/council/Drugs/partnership.sqlite"), machine)
    assert place == Place(PlaceKind.NETWORK, fstype, "/mnt/council", f"mount table: {fstype} at /mnt/council")
    assert place.shared and place.journal_mode == "delete"


@pytest.mark.parametrize(
    "fstype", ["ext4", "btrfs", "xfs", "apfs", "hfs", "tmpfs", "vfat", "exfat", "fuseblk"]
)
def test_a_file_on_a_local_disk_or_usb_stick_is_local(fstype: str) -> None:
    machine = posix(mounts=[Mount("/media/jorg/STICK", fstype)])
    place = place_of(PurePosixPath("/media/jorg/STICK/partnership.sqlite"), machine)
    assert place is shared_places.LOCAL and not place.shared and place.journal_mode == "wal"


def test_the_innermost_mount_decides() -> None:
    machine = posix(
        mounts=[Mount("/srv", "nfs"), Mount("/srv/local", "ext4"), Mount("/srv/local/share", "cifs")]
    )
    assert place_of(PurePosixPath("/srv/x.sqlite"), machine).kind is PlaceKind.NETWORK
    assert place_of(PurePosixPath("/srv/local/x.sqlite"), machine).kind is PlaceKind.LOCAL
    assert place_of(PurePosixPath("/srv/local/share/x.sqlite"), machine).service == "cifs"
    assert place_of(PurePosixPath("/srv/localx/x.sqlite"), machine).kind is PlaceKind.NETWORK  # not a prefix


def test_a_linux_onedrive_client_mount_is_a_synchronised_folder() -> None:
    machine = posix(mounts=[Mount("/home/jorg/OneDrive-mount", "fuse.onedriver")])
    place = place_of(PurePosixPath("/home/jorg/OneDrive-mount/p.sqlite"), machine)
    assert (place.kind, place.service) == (PlaceKind.SYNCED, "OneDrive")


@pytest.mark.parametrize(
    ("path", "how"),
    [
        (r"\\council-fs\Partnerships\Drugs\p.sqlite", "UNC path"),
        (r"\\?\UNC\council-fs\Partnerships\p.sqlite", "UNC path"),
        (r"Z:\Drugs\p.sqlite", "GetDriveTypeW: DRIVE_REMOTE"),
        (r"\\?\Z:\Drugs\p.sqlite", "GetDriveTypeW: DRIVE_REMOTE"),
    ],
)
def test_windows_network_paths_and_network_drives_are_recognised(path: str, how: str) -> None:
    place = place_of(PureWindowsPath(path), windows(remote=("Z:",)))
    assert (place.kind, place.how) == (PlaceKind.NETWORK, how)
    assert place.why_dangerous().startswith("A database on a network drive can be damaged")


@pytest.mark.parametrize(
    "path", [r"C:\Users\Jörg\Documents\p.sqlite", r"\\?\C:\Users\p.sqlite", r"E:\p.sqlite"]
)
def test_windows_local_drives_are_local(path: str) -> None:
    assert place_of(PureWindowsPath(path), windows(remote=("Z:",))).kind is PlaceKind.LOCAL


# --- synchronised folders ----------------------------------------------------------------------------------------


def test_onedrive_folders_are_recognised_from_the_environment_whatever_the_case() -> None:
    machine = windows(
        OneDrive=r"C:\Users\Jörg\OneDrive - Gemeente Ærø", OneDriveConsumer=r"C:\Users\Jörg\OneDrive"
    )
    place = place_of(PureWindowsPath(r"c:\users\JÖRG\OneDrive - Gemeente Ærø\Drugs\p.sqlite"), machine)
    assert (place.kind, place.service, place.how) == (
        PlaceKind.SYNCED,
        "OneDrive",
        "environment variable OneDrive",
    )
    assert place_of(PureWindowsPath(r"C:\Users\Jörg\OneDrive\p.sqlite"), machine).service == "OneDrive"
    assert (
        place_of(PureWindowsPath(r"C:\Users\Jörg\OneDrive-notes\p.sqlite"), machine).kind is PlaceKind.LOCAL
    )
    assert place_of(PureWindowsPath(r"C:\Partnerships\p.sqlite"), machine).kind is PlaceKind.LOCAL


def test_a_sharepoint_library_synchronised_by_onedrive_is_recognised_from_the_registry() -> None:
    library = r"C:\Users\Jörg\Gemeente Ærø\Drugs partnership - Documents"
    machine = windows(engines=[("SharePoint", library)])
    place = place_of(PureWindowsPath(library + r"\Minutes\p.sqlite"), machine)
    assert (place.kind, place.service, place.root) == (PlaceKind.SYNCED, "SharePoint", library)
    assert "SharePoint copies the file while the app writes to it" in place.why_dangerous()


def test_google_drive_for_desktop_is_recognised_by_its_my_drive_folder() -> None:
    place = place_of(PureWindowsPath(r"G:\My Drive\Partnership\p.sqlite"), windows())
    assert (place.kind, place.service) == (PlaceKind.SYNCED, "Google Drive")
    place = place_of(PureWindowsPath(r"G:\Shared drives\Council\p.sqlite"), windows())
    assert place.service == "Google Drive"


@pytest.mark.parametrize(
    ("relative", "service"),
    [
        ("Library/CloudStorage/OneDrive-Gemeente/p.sqlite", "OneDrive"),
        ("Library/CloudStorage/GoogleDrive-jorg@example.org/My Drive/p.sqlite", "Google Drive"),
        ("Library/CloudStorage/Dropbox/p.sqlite", "Dropbox"),
        ("Library/CloudStorage/Box-Box/p.sqlite", "Box"),
        ("Library/Mobile Documents/com~apple~CloudDocs/p.sqlite", "iCloud Drive"),
        ("Dropbox/Partnership/p.sqlite", "Dropbox"),
        ("Nextcloud/p.sqlite", "Nextcloud"),
    ],
)
def test_the_clients_usual_folders_on_a_mac_or_linux(relative: str, service: str) -> None:
    place = place_of(PurePosixPath("/Users/jorg") / relative, posix(home="/Users/jorg"))
    assert (place.kind, place.service) == (PlaceKind.SYNCED, service)


def test_not_fooled_by_names_that_merely_look_alike() -> None:
    machine = posix(home="/Users/jorg")
    for path in (
        "/Users/jorg/Dropboxes/p.sqlite",
        "/Users/jorg/Documents/Dropbox notes/p.sqlite",
        "/srv/Box/p.sqlite",
    ):
        assert place_of(PurePosixPath(path), machine).kind is PlaceKind.LOCAL, path


@pytest.mark.skipif(
    os.name == "nt", reason="iCloud's Desktop & Documents is a macOS place, simulated in POSIX paths"
)
def test_icloud_desktop_and_documents_are_recognised_when_they_are_synchronised(tmp_path: Path) -> None:
    home = tmp_path / "jorg"
    (home / "Documents").mkdir(parents=True)
    machine = posix(home=home)
    assert place_of(home / "Documents" / "p.sqlite", machine).kind is PlaceKind.LOCAL
    (home / "Library/Mobile Documents/com~apple~CloudDocs/Documents").mkdir(parents=True)
    assert place_of(home / "Documents" / "p.sqlite", machine).service == "iCloud Drive"


@pytest.mark.parametrize(
    ("marker", "service"),
    [
        (".dropbox", "Dropbox"),
        (".stfolder", "Syncthing"),
        (".sync_5f3a9c0e1b2d.db", "Nextcloud"),
        ("._sync_5f3a9c0e1b2d.db", "Nextcloud"),
        (".SynologyWorkingDirectory", "Synology Drive"),
    ],
)
def test_a_client_s_marker_above_the_file_is_recognised(tmp_path: Path, marker: str, service: str) -> None:
    root = tmp_path / "Shared with the team"
    deep = root / "Partnership" / "Jörg's copy"
    deep.mkdir(parents=True)
    (root / marker).write_bytes(b"")
    place = place_of(deep / "p.sqlite", this_platform(tmp_path / "home"))
    assert (place.kind, place.service, place.root) == (PlaceKind.SYNCED, service, str(root))
    assert place.how == f"marker {marker}"


def test_a_desktop_ini_naming_onedrive_marks_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "Gemeente Ærø"
    (root / "Drugs - Documents").mkdir(parents=True)
    ini = "[.ShellClassInfo]\r\nIconResource=C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe,-589\r\n"
    (root / "desktop.ini").write_bytes(b"\xff\xfe" + ini.encode("utf-16-le"))
    place = place_of(root / "Drugs - Documents" / "p.sqlite", this_platform(tmp_path / "home"))
    assert (place.kind, place.service, place.how) == (PlaceKind.SYNCED, "OneDrive", "desktop.ini")
    (root / "desktop.ini").write_text(
        "[.ShellClassInfo]\r\nIconResource=imageres.dll,-3\r\n", encoding="latin-1"
    )
    assert (
        place_of(root / "Drugs - Documents" / "p.sqlite", posix(home=tmp_path / "home")).kind
        is PlaceKind.LOCAL
    )


@pytest.mark.skipif(
    os.name == "nt", reason="reads the clients' files where Linux and macOS keep them (APPDATA below)"
)
def test_dropbox_and_nextcloud_folders_are_read_from_their_configuration(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".dropbox").mkdir(parents=True)
    team = tmp_path / "Team Dropbox (Gemeente)"
    (home / ".dropbox" / "info.json").write_text(
        json.dumps({"business": {"path": str(team), "host": 1}}), encoding="utf-8"
    )
    (home / ".config" / "Nextcloud").mkdir(parents=True)
    cloud = tmp_path / "Wolke"
    (home / ".config" / "Nextcloud" / "nextcloud.cfg").write_text(
        f"[Accounts]\n0\\Folders\\1\\localPath={cloud}/\n0\\Folders\\1\\paused=false\n", encoding="utf-8"
    )
    machine = posix(home=home)
    assert place_of(team / "p.sqlite", machine) == Place(
        PlaceKind.SYNCED, "Dropbox", str(team), "Dropbox's info.json"
    )
    assert place_of(cloud / "a" / "p.sqlite", machine).service == "Nextcloud"
    assert place_of(tmp_path / "elsewhere" / "p.sqlite", machine).kind is PlaceKind.LOCAL


def test_windows_client_configuration_is_found_under_appdata(tmp_path: Path) -> None:
    appdata = tmp_path / "AppData" / "Roaming"
    (appdata / "Dropbox").mkdir(parents=True)
    (appdata / "Dropbox" / "info.json").write_text(
        json.dumps({"personal": {"path": r"D:\Dropbox (Persoonlijk)"}}), encoding="utf-8"
    )
    machine = windows(APPDATA=str(appdata))
    assert place_of(PureWindowsPath(r"D:\Dropbox (Persoonlijk)\p.sqlite"), machine).service == "Dropbox"
    assert place_of(PureWindowsPath(r"D:\Other\p.sqlite"), machine).kind is PlaceKind.LOCAL


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="read without psutil on Linux only")
def test_on_linux_the_mount_table_is_the_one_psutil_reads() -> None:
    import psutil

    assert [(m.mountpoint, m.fstype) for m in shared_places.linux_mount_table()] == [
        (p.mountpoint, p.fstype) for p in psutil.disk_partitions(all=True)
    ]
    assert shared_places.mount_table() == shared_places.linux_mount_table()


def test_the_mount_table_is_read_as_the_c_library_reads_it() -> None:
    table = (
        "# a comment\n"
        "\n"
        "sysfs /sys sysfs rw,nosuid 0 0\n"
        "  //fs01/Team\\040Share /mnt/Team\\040Share cifs rw 0 0\n"
        "none /mnt/tab\\011and\\134back\\012line tmpfs rw 0 0\n"
        "host:/export\t/mnt/nfs\tnfs4 rw 0 0"
    )
    assert shared_places.parse_mount_table(table) == [
        Mount("/sys", "sysfs", "sysfs"),
        Mount("/mnt/Team Share", "cifs", "//fs01/Team Share"),
        Mount("/mnt/tab\tand\\back\nline", "tmpfs", ""),
        Mount("/mnt/nfs", "nfs4", "host:/export"),
    ]
    found = place_of(
        PurePosixPath("/mnt/Team Share/p.sqlite"), posix(mounts=shared_places.parse_mount_table(table))
    )
    assert found.kind is PlaceKind.NETWORK


def test_this_machine_is_asked_without_failing() -> None:
    """The real machine's facts (mount table through psutil, environment, home) can be read here."""
    place = place_of(Path.cwd() / "p.sqlite")
    assert isinstance(place, Place)


# --- the partnership file in such places ------------------------------------------------------------------------


@pytest.fixture
def network_drive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path/share`` is a CIFS mount (the mount table is faked; the files are real)."""
    share = tmp_path / "share"
    share.mkdir()
    table = [*LOCAL_DISKS, Mount(str(share), "cifs", "//fs01/partnerships")]
    monkeypatch.setattr(shared_places, "mount_table", lambda: table)
    return share


def _journal_mode(path: Path) -> str:
    conn = sqlite3.connect(f"{file_uri(path)}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


@NOT_ON_WINDOWS
def test_on_a_network_drive_a_partnership_never_uses_wal(network_drive: Path) -> None:
    path = network_drive / "Straßenrunde Jörg.sqlite"
    with open_partnership(path) as store:
        assert store.place.kind is PlaceKind.NETWORK and store.place.service == "cifs"
        assert store.journal_mode == "delete"
        store.put(Partner(name="City Police"))
        assert not path.with_name(path.name + "-wal").exists()
        assert not path.with_name(path.name + "-shm").exists()
    assert _journal_mode(path) == "delete"
    with open_partnership(path, read_only=True) as reader:  # reading works, and needs nothing beside the file
        assert [p.name for p in reader.all(Partner)] == ["City Police"]


@NOT_ON_WINDOWS
def test_a_file_made_on_the_laptop_and_moved_to_a_share_leaves_wal_when_opened_there(
    tmp_path: Path, network_drive: Path
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    with open_partnership(laptop) as store:
        assert store.place.kind is PlaceKind.LOCAL and store.journal_mode == "wal"
        store.put(Partner(name="Outreach North"))
    assert _journal_mode(laptop) == "wal"
    moved = network_drive / "moved.sqlite"
    moved.write_bytes(laptop.read_bytes())
    with open_partnership(moved, read_only=True) as reader:  # still WAL in its header: read-only works
        assert [p.name for p in reader.all(Partner)] == ["Outreach North"]
    with open_partnership(moved) as store:
        assert store.journal_mode == "delete"
        store.put(Partner(name="Residents"))
    assert _journal_mode(moved) == "delete"
    with open_partnership(moved, read_only=True) as reader:
        assert {p.name for p in reader.all(Partner)} == {"Outreach North", "Residents"}


@NOT_ON_WINDOWS
def test_a_read_only_share_still_opens_read_only(
    network_drive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read-only fallbacks work on a network place: a share this user may only read."""
    import os

    path = network_drive / "p.sqlite"
    with open_partnership(path) as store:
        store.put(Partner(name="Police"))
    real_access = os.access

    def access(target: object, mode: int, *args: object, **kwargs: object) -> bool:
        if Path(str(target)) in (network_drive, path) and mode & os.W_OK:
            return False
        return real_access(target, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    with open_partnership(path, read_only=True) as reader:
        assert [p.name for p in reader.all(Partner)] == ["Police"]
        assert reader.on_read_only_place


def test_in_a_synchronised_folder_the_file_is_whole_after_every_change(tmp_path: Path) -> None:
    """A sync client copies the file alone: no -wal beside it may hold changes it would leave behind."""
    folder = tmp_path / "Syncthing share"
    folder.mkdir()
    (folder / ".stfolder").mkdir()
    path = folder / "p.sqlite"
    with open_partnership(path) as store:
        assert (store.place.kind, store.place.service) == (PlaceKind.SYNCED, "Syncthing")
        store.put(Partner(name="Housing"))
        copy = tmp_path / "what the client uploads.sqlite"
        copy.write_bytes(path.read_bytes())  # copied mid-session, without any companion file
    with open_partnership(copy, read_only=True) as uploaded:
        assert [p.name for p in uploaded.all(Partner)] == ["Housing"]


# --- URIs for network paths --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        (r"\\fs01\Partnerships\Jörg #1\p.sqlite", "file:////fs01/Partnerships/J%C3%B6rg%20%231/p.sqlite"),
        (r"\\?\UNC\fs01\share\p.sqlite", "file:////fs01/share/p.sqlite"),
        (r"\\?\C:\Long\p.sqlite", "file:///C:/Long/p.sqlite"),
        (r"C:\Users\Jörg\p.sqlite", "file:///C:/Users/J%C3%B6rg/p.sqlite"),
    ],
)
def test_windows_paths_become_uris_sqlite_accepts(path: str, uri: str) -> None:
    """``as_uri`` puts a UNC server in the URI's authority, which SQLite refuses ("invalid uri authority")."""
    assert file_uri(PureWindowsPath(path)) == uri
    if path.startswith("\\\\fs01"):
        assert PureWindowsPath(path).as_uri().startswith("file://fs01/")  # what was there before


def test_an_empty_authority_and_awkward_names_open_in_sqlite(tmp_path: Path) -> None:
    folder = tmp_path / "Jörg #1 ? 100% sicher"
    folder.mkdir()
    path = folder / "p.sqlite"
    sqlite3.connect(path).close()
    for uri in (file_uri(path), "file://" + file_uri(path).removeprefix("file:")):  # file:////... too
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        conn.execute("select count(*) from sqlite_master").fetchone()
        conn.close()


def test_sqlite_is_asked_for_full_syncs_which_only_macos_uses(tmp_path: Path) -> None:
    with open_partnership(tmp_path / "p.sqlite") as store:
        assert store.db.execute("PRAGMA fullfsync").fetchone()[0] == 1
