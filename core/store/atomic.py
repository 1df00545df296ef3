"""Replacing a file crash-safely: a temp file beside it, fsync, atomic rename, directory fsync.

A crash or ``kill -9`` at any moment leaves the old file or the new one, never a
mix; a failed write (disk full, I/O error) leaves the old file and no temp file.
The old file is kept as ``<name>.bak`` (a hard link, so it costs no copy).
Ctrl-C (and SIGTERM, SIGHUP) arriving between the rename and the caller's note that
the write happened waits until that note is taken, so an interrupt never hides a write.
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
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


def write_atomic(
    real: Path,
    payload: bytes | list[bytes | memoryview],
    *,
    on_replaced: Callable[[], None] | None = None,
) -> None:
    """Temp file in the same directory, fsync, atomic replace, directory fsync.

    ``on_replaced`` is called right after the replace, before any interrupt arriving
    meanwhile is delivered: whatever it records is recorded whenever Ctrl-C comes.
    """
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
        with held_signals():
            os.replace(tmp, real)
            # From here on the store is the new file, whatever happens next.
            if on_replaced is not None:
                on_replaced()
            _fsync_dir(directory)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreError(
            f"{real}: cannot write the store ({exc.strerror}); the previous store is unchanged"
        ) from None


#: Signals held back while a write is made known (those that would end the process).
HELD_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def held_signals() -> Iterator[list[int]]:
    """Hold SIGINT, SIGTERM and SIGHUP back during the block; deliver them when it ends.

    Yields the list of signals held so far (a long block may look at it and stop
    early). Only the main thread can install handlers; elsewhere nothing is held
    (Python delivers signals to the main thread only, so the block is not interrupted
    there anyway). A signal that is ignored, or handled outside Python, is left alone.
    """
    pending: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield pending
        return

    def hold(signum: int, _frame: object) -> None:
        pending.append(signum)

    previous: dict[int, object] = {}
    try:
        for sig in HELD_SIGNALS:
            old = signal.getsignal(sig)
            if old is None or old == signal.SIG_IGN:
                continue
            previous[sig] = old
            signal.signal(sig, hold)
        yield pending
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)  # type: ignore[arg-type]
        for sig in dict.fromkeys(pending):
            signal.raise_signal(sig)


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
