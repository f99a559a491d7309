"""Writing files so that a crash, a full disk or a pulled USB stick never leaves a half-written file behind.

Every writer in ``exports`` goes through ``write_atomically``, which is ``facilitator.safe_files.write_bytes``:
the one way the app writes a file (temporary name, fsync, rename, fsync of the folder), shared with storage's
backups and copies.
"""

from __future__ import annotations

from facilitator.safe_files import write_bytes as write_atomically

__all__ = ["write_atomically"]
