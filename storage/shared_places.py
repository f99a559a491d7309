"""Where a partnership file lives: on this laptop's own disk, on a network drive, or in a folder that a cloud
client synchronises (OneDrive, SharePoint, Dropbox, Google Drive, iCloud Drive, Box, Syncthing, Nextcloud...).

Both are dangerous for a database that is written change by change. SQLite's write-ahead log needs memory
shared by every process that opens the file, which a network file system cannot give, and its locks are not
reliable there; a sync client copies the file while it is being written, may upload a half-written copy, and
cannot merge two laptops' copies (one overwrites the other, or a "conflicted copy" appears). Where the file is
recognised as shared, it is kept with a rollback journal (``journal_mode=DELETE``), never WAL, and the window
tells the user and offers to keep the working file on the laptop.

Recognition is as good as the machine allows, and says how it recognised (``Place.how``):

- a network drive: on Linux the mount table (``/proc/self/mounts``, read through psutil) gives the file
  system type of the mount holding the file (nfs, cifs, smb3, sshfs...); on macOS psutil reads the same from
  ``getfsstat`` (smbfs, afpfs, nfs, webdav); on Windows a UNC path (``\\\\server\\share``) is a network path and
  ``GetDriveTypeW`` says whether a drive letter is a network drive (``DRIVE_REMOTE``);
- a synchronised folder: the folders the clients say they synchronise (the ``OneDrive``, ``OneDriveCommercial``
  and ``OneDriveConsumer`` environment variables and the ``SyncEngines`` registry key on Windows, which also
  lists SharePoint libraries; Dropbox's ``info.json``; Nextcloud's and ownCloud's configuration), the clients'
  usual folders (``~/Library/CloudStorage`` and iCloud Drive on macOS, ``~/Dropbox``, ``~/iCloudDrive``, Google
  Drive's "My Drive"...), and the marker files the clients leave in the folders they synchronise (``.dropbox``,
  ``.stfolder`` of Syncthing, ``.sync_*.db`` of Nextcloud and ownCloud, ``.SynologyWorkingDirectory``, Resilio's
  ``.sync/ID``, and a ``desktop.ini`` naming the client).

What is not recognised: a client that leaves no marker and keeps its folder list where this module does not
look, a network file system mounted through a generic FUSE layer with no telling name, a folder redirected by
an administrator to a server without a drive letter that looks local. ``docs/platforms.md`` keeps the list.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from facilitator.frozen import frozen
from facilitator.i18n import _


class PlaceKind(Enum):
    """What kind of place holds a file."""

    LOCAL = "local"
    NETWORK = "network"
    SYNCED = "synced"


@frozen
class Place:
    """Where a file is: its kind, the service or file system (a name, e.g. "OneDrive" or "cifs"), the folder
    or mount that makes it so, and how that was recognised."""

    kind: PlaceKind = PlaceKind.LOCAL
    service: str = ""
    root: str = ""
    how: str = ""

    @property
    def shared(self) -> bool:
        """Whether the file is anywhere but on this laptop's own disk."""
        return self.kind is not PlaceKind.LOCAL

    @property
    def journal_mode(self) -> str:
        """SQLite's journal mode for a file here: WAL only on the laptop's own disk."""
        return "delete" if self.shared else "wal"

    def why_dangerous(self) -> str:
        """Why working on a partnership file here is dangerous, in plain words."""
        if self.kind is PlaceKind.NETWORK:
            return _(
                "A database on a network drive can be damaged when the connection drops in the middle of a "
                "change, and the locks that keep two laptops from writing at once are not reliable there."
            )
        if self.kind is PlaceKind.SYNCED:
            return _(
                "{service} copies the file while the app writes to it: it can send a half-written copy to "
                "other computers, and when two laptops change their copies it cannot merge them, so one "
                "laptop's changes overwrite the other's."
            ).format(service=self.service)
        return ""

    def where(self, path: Path) -> str:
        """Where ``path`` is, in a sentence."""
        if self.kind is PlaceKind.NETWORK:
            return _("{name} is on a network drive ({where}).").format(name=path.name, where=self.root)
        if self.kind is PlaceKind.SYNCED:
            return _("{name} is in a folder that {service} synchronises ({where}).").format(
                name=path.name, service=self.service, where=self.root
            )
        return ""


LOCAL = Place()

#: File system types of network drives, as the mount table names them (Linux, macOS).
NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb", "afpfs", "webdav", "davfs", "ncpfs", "afs", "ceph",
        "glusterfs", "lustre", "gpfs", "9p.cifs", "fuse.sshfs", "sshfs", "fuse.rclone", "fuse.s3fs",
        "fuse.gvfsd-fuse", "fuse.glusterfs", "fuse.cephfs", "fuse.davfs2", "fuse.smbnetfs", "fuse.curlftpfs",
    }
)  # fmt: skip
#: File systems that are a cloud client's own synchronised folder (Linux).
SYNCED_FILE_SYSTEMS = {"fuse.onedriver": "OneDrive", "fuse.google-drive-ocamlfuse": "Google Drive"}
#: Windows' GetDriveTypeW answer for a network drive.
DRIVE_REMOTE = 4
#: Files or folders a client leaves at the top of each folder it synchronises.
MARKERS = (
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".stfolder", "Syncthing"),
    (".SynologyWorkingDirectory", "Synology Drive"),
    (".sync/ID", "Resilio Sync"),
    (".owncloudsync.log", "ownCloud"),
    (".nextcloudsync.log", "Nextcloud"),
)
#: Nextcloud and ownCloud keep their journal in ``.sync_<hash>.db`` (hidden as ``._sync_<hash>.db`` on some).
SYNC_JOURNAL = re.compile(r"\._?sync_[0-9a-f]+\.db")
#: What a ``desktop.ini`` names when a client made the folder (OneDrive and SharePoint libraries among them).
DESKTOP_INI_CLIENTS = (("onedrive", "OneDrive"), ("dropbox", "Dropbox"), ("google drive", "Google Drive"))
#: Folders the clients make in the user's home by default.
HOME_FOLDERS = (
    ("Dropbox", "Dropbox"),
    ("iCloudDrive", "iCloud Drive"),
    ("Google Drive", "Google Drive"),
    ("Box", "Box"),
    ("Nextcloud", "Nextcloud"),
    ("ownCloud", "ownCloud"),
    ("pCloudDrive", "pCloud"),
    ("MEGA", "MEGA"),
    ("Library/Mobile Documents", "iCloud Drive"),
)
#: Providers under macOS's ``~/Library/CloudStorage/<Provider>-<account>`` (File Provider clients).
CLOUD_STORAGE = {"OneDrive": "OneDrive", "GoogleDrive": "Google Drive", "Dropbox": "Dropbox", "Box": "Box"}


@frozen
class Mount:
    """One line of the mount table: where a file system is mounted and its type."""

    mountpoint: str
    fstype: str
    device: str = ""


@dataclass
class Machine:
    """What this machine says about its places; tests build one with a faked mount table and environment."""

    windows: bool = os.name == "nt"
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    home: str = field(default_factory=lambda: str(Path.home()))
    mounts: Callable[[], list[Mount]] = field(default_factory=lambda: mount_table)
    drive_type: Callable[[str], int] = field(default_factory=lambda: windows_drive_type)
    sync_engines: Callable[[], list[tuple[str, str]]] = field(default_factory=lambda: onedrive_sync_engines)
    exists: Callable[[str], bool] = os.path.lexists

    def pure(self, path: str | PurePath) -> PurePath:
        """``path`` as this machine spells paths."""
        return PureWindowsPath(path) if self.windows else PurePosixPath(path)


def mount_table() -> list[Mount]:
    """Every mounted file system (Linux: ``/proc/self/mounts``; macOS: ``getfsstat``), through psutil (on Linux
    read as psutil reads it, without loading psutil: ``linux_mount_table``)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, UnicodeError):
            return linux_mount_table()
    import psutil  # noqa: PLC0415 - only when a file is opened

    try:
        return [Mount(p.mountpoint, p.fstype, p.device) for p in psutil.disk_partitions(all=True)]
    except (OSError, RuntimeError):
        return []


def linux_mount_table() -> list[Mount]:
    """The mount table as psutil's ``disk_partitions(all=True)`` gives it on Linux (opening a file spares
    psutil's import, some 20 ms before Home shows): the file psutil reads (``/etc/mtab`` where it is
    a file, else ``/proc/self/mounts``, links followed), read as the C library's ``getmntent`` reads it (lines
    that are blank or start with ``#`` skipped; a space, tab, newline or backslash in a name written as
    ``\\040``, ``\\011``, ``\\012``, ``\\134``), a device ``none`` written as no device. Unlike psutil, a root
    device spelled ``/dev/root`` is not looked up (nothing here reads devices)."""
    name = "/etc/mtab" if Path("/etc/mtab").is_file() else "/proc/self/mounts"
    return parse_mount_table(
        Path(os.path.realpath(name)).read_text(sys.getfilesystemencoding(), "surrogateescape")
    )


def parse_mount_table(table: str) -> list[Mount]:
    """The mounts of a mount table's text (``/proc/self/mounts``), as ``getmntent`` reads them."""
    found = []
    for entry in table.split("\n"):
        line = entry.lstrip(" \t")
        if not line or line.startswith("#"):
            continue
        fields = [_unescaped(f) for f in re.split(r"[ \t]+", line) if f]
        device, mountpoint, fstype = [*fields, "", ""][:3]
        found.append(Mount(mountpoint, fstype, "" if device == "none" else device))
    return found


def _unescaped(name: str) -> str:
    """A name of the mount table as ``getmntent`` decodes it."""
    if "\\" not in name:
        return name
    return re.sub(
        r"\\(040|011|012|134|\\)",
        lambda m: {"040": " ", "011": "\t", "012": "\n", "134": "\\", "\\": "\\"}[m[1]],
        name,
    )


def windows_drive_type(root: str) -> int:
    """Windows' ``GetDriveTypeW`` of a drive's root (``"Z:\\\\"``); 0 (unknown) elsewhere."""
    try:
        import ctypes  # noqa: PLC0415

        return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return 0


def onedrive_sync_engines() -> list[tuple[str, str]]:
    """The folders OneDrive synchronises on Windows, SharePoint libraries included: ``(service, folder)`` from
    ``HKCU\\Software\\SyncEngines\\Providers\\OneDrive``."""
    found: list[tuple[str, str]] = []
    try:
        import winreg  # noqa: PLC0415 - Windows only

        base = r"Software\SyncEngines\Providers\OneDrive"
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, base) as providers:  # type: ignore[attr-defined,unused-ignore]
            number = 0
            while True:
                try:
                    name = winreg.EnumKey(providers, number)  # type: ignore[attr-defined,unused-ignore]
                except OSError:
                    break
                number += 1
                with winreg.OpenKey(providers, name) as key:  # type: ignore[attr-defined,unused-ignore]
                    values = {}
                    for value in ("MountPoint", "UrlNamespace"):
                        with contextlib.suppress(OSError):
                            values[value] = str(winreg.QueryValueEx(key, value)[0])  # type: ignore[attr-defined,unused-ignore]
                if values.get("MountPoint"):
                    url = values.get("UrlNamespace", "")
                    service = "SharePoint" if re.search(r"/(sites|teams)/", url) else "OneDrive"
                    found.append((service, values["MountPoint"]))
    except (ImportError, OSError):
        pass
    return found


# --- recognising -------------------------------------------------------------------------------------------------


def place_of(path: str | PurePath, machine: Machine | None = None) -> Place:
    """Where ``path`` is: synchronised by a cloud client, on a network drive, or on this laptop's own disk."""
    machine = machine or Machine()
    here = machine.windows == (os.name == "nt")  # not a simulated machine: the path can be asked about
    spelled = [machine.pure(Path(path).absolute() if here else path)]
    if here:
        # A symbolic link, or on Windows a mapped drive, may stand for a network or synchronised place.
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            resolved = machine.pure(os.path.realpath(path))
            if resolved != spelled[0]:
                spelled.append(resolved)
    for pure in spelled:
        found = synced_by_known_folders(pure, known_folders(machine)) or synced_by_markers(pure, machine)
        if found is not None:
            return found
    for pure in spelled:
        found = network_on_windows(pure, machine.drive_type) if machine.windows else None
        found = found or (None if machine.windows else mounted_from_network(pure, machine.mounts()))
        if found is not None:
            return found
    return LOCAL


def network_on_windows(path: PurePath, drive_type: Callable[[str], int]) -> Place | None:
    """A UNC path (``\\\\server\\share``), or a drive letter that Windows says is a network drive."""
    drive = PureWindowsPath(path).drive
    if drive.startswith("\\\\") and not re.fullmatch(r"\\\\[?.]\\[A-Za-z]:", drive):
        share = drive.removeprefix("\\\\?\\UNC\\").removeprefix("\\\\")
        return Place(PlaceKind.NETWORK, "SMB", "\\\\" + share.lstrip("\\"), "UNC path")
    letter = re.fullmatch(r"(?:\\\\[?.]\\)?([A-Za-z]:)", drive)
    if letter and drive_type(letter[1] + "\\") == DRIVE_REMOTE:
        return Place(PlaceKind.NETWORK, "SMB", letter[1] + "\\", "GetDriveTypeW: DRIVE_REMOTE")
    return None


def mounted_from_network(path: PurePath, mounts: Iterable[Mount]) -> Place | None:
    """The mount holding ``path`` (the longest mount point above it), if its file system is a network or
    synchronising one."""
    holding: Mount | None = None
    for mount in mounts:
        point = PurePosixPath(mount.mountpoint)
        if (path == point or point in path.parents) and (
            holding is None or len(point.parts) >= len(PurePosixPath(holding.mountpoint).parts)
        ):
            holding = mount
    if holding is None:
        return None
    fstype = holding.fstype.lower()
    how = f"mount table: {holding.fstype} at {holding.mountpoint}"
    if fstype in SYNCED_FILE_SYSTEMS:
        return Place(PlaceKind.SYNCED, SYNCED_FILE_SYSTEMS[fstype], holding.mountpoint, how)
    if fstype in NETWORK_FILE_SYSTEMS:
        return Place(PlaceKind.NETWORK, holding.fstype, holding.mountpoint, how)
    return None


def known_folders(machine: Machine) -> list[tuple[str, str, str]]:
    """``(service, folder, how)`` for every folder a client on this machine is known to synchronise."""
    env, home = machine.environ, machine.pure(machine.home)
    found: list[tuple[str, str, str]] = []
    for variable in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        if env.get(variable):
            found.append(("OneDrive", env[variable], f"environment variable {variable}"))
    if machine.windows:
        found += [(service, folder, "registry: SyncEngines") for service, folder in machine.sync_engines()]
    for folder, service in HOME_FOLDERS:
        found.append((service, str(home / folder), "the client's usual folder"))
    cloud = home / "Library" / "CloudStorage"
    for provider, service in CLOUD_STORAGE.items():
        found.append((service, str(cloud / provider), "macOS File Provider folder"))  # matched by prefix
    if machine.exists(str(home / "Library/Mobile Documents/com~apple~CloudDocs/Documents")):
        found.append(("iCloud Drive", str(home / "Documents"), "iCloud Desktop & Documents"))
        found.append(("iCloud Drive", str(home / "Desktop"), "iCloud Desktop & Documents"))
    found += _dropbox_folders(machine) + _nextcloud_folders(machine)
    return found


def _config_places(machine: Machine, windows: Iterable[str], posix: Iterable[str]) -> list[str]:
    """Where a client keeps its configuration: ``VARIABLE/rest`` under an environment variable on Windows,
    a path under the home folder elsewhere (files of the machine that runs this, so its own ``Path``)."""
    if machine.windows:
        found = []
        for place in windows:
            variable, _sep, rest = place.partition("/")
            if machine.environ.get(variable):
                found.append(str(Path(machine.environ[variable]).joinpath(*rest.split("/"))))
        return found
    return [str(Path(machine.home).joinpath(*place.split("/"))) for place in posix]


def _read_small(name: str, limit: int = 256 * 1024) -> str:
    try:
        with open(name, "rb") as file:  # noqa: PTH123 - a path spelled for another platform in tests
            return file.read(limit).decode("utf-8", "replace")
    except OSError:
        return ""


def _dropbox_folders(machine: Machine) -> list[tuple[str, str, str]]:
    found = []
    for name in _config_places(
        machine, ("APPDATA/Dropbox/info.json", "LOCALAPPDATA/Dropbox/info.json"), (".dropbox/info.json",)
    ):
        with contextlib.suppress(ValueError, AttributeError, TypeError):
            for account in json.loads(_read_small(name) or "{}").values():
                if isinstance(account, dict) and account.get("path"):
                    found.append(("Dropbox", str(account["path"]), "Dropbox's info.json"))
    return found


def _nextcloud_folders(machine: Machine) -> list[tuple[str, str, str]]:
    found = []
    places = _config_places(
        machine,
        ("APPDATA/Nextcloud/nextcloud.cfg", "APPDATA/ownCloud/owncloud.cfg"),
        (
            ".config/Nextcloud/nextcloud.cfg",
            ".config/ownCloud/owncloud.cfg",
            "Library/Preferences/Nextcloud/nextcloud.cfg",
            "Library/Preferences/ownCloud/owncloud.cfg",
        ),
    )
    for name in places:
        service = "Nextcloud" if "nextcloud" in name.lower() else "ownCloud"
        for line in _read_small(name).splitlines():
            local = re.fullmatch(r"\d+\\Folders[A-Za-z]*\\\d+\\localPath=(.+)", line.strip())
            if local:
                found.append((service, local[1], f"{service}'s configuration"))
    return found


def synced_by_known_folders(path: PurePath, folders: Iterable[tuple[str, str, str]]) -> Place | None:
    """The known synchronised folder holding ``path`` (macOS CloudStorage folders match by name prefix)."""
    key = _comparable(path)
    for service, folder, how in folders:
        root = _comparable(type(path)(folder))
        if not root or not root.strip("/\\"):
            continue
        if key == root or key.startswith(root.rstrip("/\\") + _separator(path)):
            return Place(PlaceKind.SYNCED, service, folder, how)
        if how == "macOS File Provider folder" and key.startswith(root + "-"):
            return Place(PlaceKind.SYNCED, service, folder, how)
    parts = [p.casefold() for p in path.parts]
    for number, part in enumerate(parts[:-1]):
        if part in ("my drive", "shared drives") and number <= 3:  # G:\My Drive, ~/Google Drive/My Drive
            return Place(
                PlaceKind.SYNCED, "Google Drive", str(type(path)(*path.parts[: number + 1])), "My Drive"
            )
    return None


def _comparable(path: PurePath) -> str:
    text = str(path)
    return text.casefold() if isinstance(path, PureWindowsPath) else text


def _separator(path: PurePath) -> str:
    return "\\" if isinstance(path, PureWindowsPath) else "/"


def synced_by_markers(path: PurePath, machine: Machine) -> Place | None:
    """A client's marker in a folder above ``path``: ``.dropbox``, ``.stfolder``, a sync journal, a
    ``desktop.ini`` naming the client."""
    for folder in path.parents:
        text = str(folder)
        for marker, service in MARKERS:
            if machine.exists(str(folder / marker)):
                return Place(PlaceKind.SYNCED, service, text, f"marker {marker}")
        journal = _sync_journal(text)
        if journal:
            return Place(PlaceKind.SYNCED, "Nextcloud", text, f"marker {journal}")
        ini = str(folder / "desktop.ini")
        if machine.exists(ini):
            found = _desktop_ini_client(ini)
            if found:
                return Place(PlaceKind.SYNCED, found, text, "desktop.ini")
    return None


def _sync_journal(folder: str) -> str:
    """The name of a Nextcloud or ownCloud sync journal in ``folder``, or ``""``."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        return next((entry.name for entry in entries if SYNC_JOURNAL.fullmatch(entry.name)), "")
    return ""


def _desktop_ini_client(name: str) -> str:
    try:
        with open(name, "rb") as file:  # noqa: PTH123
            raw = file.read(16 * 1024)
    except OSError:
        return ""
    text = (
        raw.decode("utf-16", "replace")
        if raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        else raw.decode("latin-1")
    )
    lowered = text.casefold()
    return next((service for needle, service in DESKTOP_INI_CLIENTS if needle in lowered), "")
