"""Replacing a file crash-safely: a temp file beside it, fsync, atomic rename, directory fsync.

A crash or ``kill -9`` at any moment leaves the old file or the new one, never a
mix; a failed write (disk full, I/O error) leaves the old file and no temp file.
The old file is kept as ``<name>.bak`` (a hard link, so it costs no copy).

Around that:

- Ctrl-C, SIGTERM and SIGHUP are held back during a write: arriving before the
  rename, they stop it and remove the temp file; arriving after it, they wait until
  the caller noted the write, so an interrupt never hides one.
- A temp file is named after its writer (``.<store>.<host>.<pid>.<random>.tmp``):
  the next write removes those whose process is gone (a ``kill -9`` leaves one).
- The new file gets the old one's mode, owner and group (a store written by root
  stays its user's); when that cannot be done the write is refused in one line.
- ``expect`` names the file the caller read: when something else stands at the path
  by the time of the rename (the store swapped for a symlink mid-import), nothing is
  replaced.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import secrets
import signal
import socket
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


#: ``expect`` when the caller does not know what it read (no identity check).
UNCHECKED = object()


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path`` (through symlinks), None when there is none."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino)


def write_atomic(
    real: Path,
    payload: bytes | list[bytes | memoryview],
    *,
    on_replaced: Callable[[], None] | None = None,
    expect: object = UNCHECKED,
) -> None:
    """Temp file in the same directory, fsync, atomic replace, directory fsync.

    Args:
        real: The file to replace (a symlink's target already resolved).
        payload: The bytes, or pieces written one after the other.
        on_replaced: Called right after the replace, before any interrupt arriving
            meanwhile is delivered: whatever it records is recorded whenever Ctrl-C comes.
        expect: The identity (:func:`file_identity`) of the file the caller read, or
            None when there was none: if ``real`` is another file by now, nothing is
            written.

    Raises:
        StoreError: the file cannot be written, its owner cannot be kept, or it is not
            the file that was read (one line; the previous file is unchanged).
    """
    directory = real.parent
    stopped = False
    with held_signals() as pending:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            old = _stat_or_none(real)
            _check_owner_kept(real, old)
            sweep_stale_temps(real)
            fd, tmp = _create_temp(real)
        except OSError as exc:
            raise StoreError(f"{real}: cannot write the store ({exc.strerror})") from None
        try:
            try:
                with os.fdopen(fd, "wb") as fh:
                    for piece in [payload] if isinstance(payload, bytes) else payload:
                        if pending:
                            raise _Stopped()
                        fh.write(piece)
                    fh.flush()
                    os.fsync(fh.fileno())
                    _same_owner_and_mode(fh.fileno(), real, old)
                if pending:
                    raise _Stopped()
                if expect is not UNCHECKED and file_identity(real) != expect:
                    raise StoreError(
                        f"{real}: the store file was replaced by another file (or a link) while "
                        "relimport was working on it; nothing written"
                    )
                if old is not None:
                    _keep_backup(real)
                os.replace(tmp, real)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            # From here on the store is the new file, whatever happens next; a signal
            # held meanwhile is delivered once the caller has noted the write.
            if on_replaced is not None:
                on_replaced()
            _fsync_dir(directory)
        except _Stopped:
            stopped = True  # the held signal is delivered as the block ends
        except OSError as exc:
            raise StoreError(
                f"{real}: cannot write the store ({exc.strerror}); the previous store is unchanged"
            ) from None
    if stopped:  # the signal's handler did not end the write: still, nothing was written
        raise StoreError(f"{real}: the write was interrupted; the previous store is unchanged")


def check_owner_kept(real: Path) -> None:
    """Raise :class:`StoreError` now if a write could not keep the store's owner and group
    (so a long import is refused before its work, not after)."""
    _check_owner_kept(real, _stat_or_none(real))


class _Stopped(Exception):
    """A held signal stopped a write before the replace (the temp file is gone)."""


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _check_owner_kept(real: Path, old: os.stat_result | None) -> None:
    """Refuse, before writing anything, to replace a store whose owner or group this
    process could not give the new file (it would lock its owner out)."""
    if old is None or os.geteuid() == 0:
        return
    if old.st_uid != os.geteuid():
        raise StoreError(
            f"{real}: the store belongs to user {_user(old.st_uid)}; relimport running as "
            f"{_user(os.geteuid())} would take it over: run it as its owner; nothing written"
        )
    if old.st_gid != os.getegid() and old.st_gid not in os.getgroups():
        raise StoreError(
            f"{real}: the store's group is {_group(old.st_gid)}, which {_user(os.geteuid())} "
            "is not in: a write would change it; nothing written"
        )


def _same_owner_and_mode(fd: int, real: Path, old: os.stat_result | None) -> None:
    """The temp file gets the old file's owner, group and mode (a new one: ``0600``).

    Owner first: changing it clears set-id bits, which the mode then restores.
    """
    if old is None:
        os.fchmod(fd, 0o600)
        return
    st = os.fstat(fd)
    if (st.st_uid, st.st_gid) != (old.st_uid, old.st_gid):
        try:
            os.fchown(fd, old.st_uid if st.st_uid != old.st_uid else -1, old.st_gid)
        except PermissionError:
            raise StoreError(
                f"{real}: cannot give the new store the old one's owner and group "
                f"({_user(old.st_uid)}:{_group(old.st_gid)}); nothing written"
            ) from None
    os.fchmod(fd, stat.S_IMODE(old.st_mode))


def _user(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def _group(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (ImportError, KeyError):
        return str(gid)


# --- temp files named after their writer ----------------------------------------------


def _host() -> str:
    """This machine's name as it may stand in a file name."""
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:64] or "host"


def _create_temp(real: Path) -> tuple[int, str]:
    """A new temp file beside ``real``, named after this writer, created ``0600``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = f".{real.name}.{_host()}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        path = str(real.with_name(name))
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp file name beside {real}")


def _temp_pattern(real: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(real.name)}\.(?P<host>[A-Za-z0-9-]+)\.(?P<pid>\d+)\.[0-9a-f]+\.tmp")


def sweep_stale_temps(real: Path) -> list[Path]:
    """Remove temp files of writes whose process is gone: named for this host and a pid
    that no longer runs (a killed or crashed writer's). Returns what was removed.

    Temp files of another host, or of a process still running, are left alone.
    """
    pattern = _temp_pattern(real)
    host = _host()
    removed = []
    with contextlib.suppress(OSError):
        for path in real.parent.glob(f".{glob.escape(real.name)}.*.tmp"):
            m = pattern.fullmatch(path.name)
            if m is None or m["host"] != host or _alive(int(m["pid"])):
                continue
            with contextlib.suppress(OSError):
                if not path.is_symlink() and path.is_file():
                    path.unlink()
                    removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process: it exists
    return True


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

    previous: dict[int, Any] = {}
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
            signal.signal(sig, old)
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
