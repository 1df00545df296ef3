"""Replacing a file crash-safely: a temp file beside it, fsync, atomic rename, directory fsync.

A crash or ``kill -9`` at any moment leaves the old file or the new one, never a
mix; a failed write (disk full, I/O error) leaves the old file and no temp file.
The old file is kept as ``<name>.bak`` (a hard link, so it costs no copy).
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from pathlib import Path

from relimport.core.domain.errors import StoreError

#: Names beside a store file that belong to it (the lock's are in :mod:`.lock`).
BACKUP_SUFFIX = ".bak"
LOCK_SUFFIXES = (".lock", ".lock.owner")


def own_files(path: Path) -> list[Path]:
    """The files a store at ``path`` reads or writes: the store itself (where a symlink
    leads), its ``.bak``, lock and owner note, and temp files of writes in progress.

    An output file (a report, a recipe, a sample file) must never be one of them.
    """
    real = Path(os.path.realpath(path))
    names = [real.name + s for s in (BACKUP_SUFFIX, *LOCK_SUFFIXES)]
    names.append(f".{real.name}{BACKUP_SUFFIX}.tmp")
    files = [Path(path), real, *(real.with_name(n) for n in names)]
    with contextlib.suppress(OSError):
        files += sorted(real.parent.glob(f".{glob.escape(real.name)}.*.tmp"))
    return files


def write_atomic(real: Path, payload: bytes | list[bytes | memoryview]) -> None:
    """Temp file in the same directory, fsync, atomic replace, directory fsync."""
    directory = real.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        try:
            mode = real.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o600
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as exc:
        raise StoreError(f"{real}: cannot write the store ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in [payload] if isinstance(payload, bytes) else payload:
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if real.exists():
            _keep_backup(real)
        os.replace(tmp, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreError(
            f"{real}: cannot write the store ({exc.strerror}); the previous store is unchanged"
        ) from None
    _fsync_dir(directory)


def _keep_backup(real: Path) -> None:
    bak = real.with_name(real.name + BACKUP_SUFFIX)
    tmp = real.with_name(f".{real.name}{BACKUP_SUFFIX}.tmp")
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    try:
        os.link(real, tmp)
        os.replace(tmp, bak)
    except OSError:
        # Backups are a convenience; a filesystem without hard links still saves.
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
