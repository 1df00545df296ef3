"""One writer at a time: an OS file lock beside the store, naming its holder.

``<store>.lock`` is locked with :mod:`filelock` (an OS lock, released by the
kernel when the holder dies, so it never goes stale); ``<store>.lock.owner``
says who holds it, for the "locked by pid … since …" message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import filelock

from relimport.core.domain.errors import StoreError, StoreLockedError
from relimport.core.domain.text import visible

ENV_LOCK_TIMEOUT = "RELIMPORT_LOCK_TIMEOUT"


def target_path(path: Path) -> Path:
    """The file a write must replace: a symlinked store writes through to its target."""
    return Path(os.path.realpath(path))


def _lock_timeout() -> float:
    try:
        return float(os.environ.get(ENV_LOCK_TIMEOUT, "10"))
    except ValueError:
        return 10.0


@contextlib.contextmanager
def locked(
    path: Path, timeout: float | None = None, *, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the store's writer lock (``<store>.lock`` beside the real file).

    Waits up to ``timeout`` seconds (default ``$RELIMPORT_LOCK_TIMEOUT`` or 10),
    then raises :class:`StoreLockedError` naming the holder; ``on_wait``, if given,
    is called once with ``waiting for the store lock (held by …)`` when the lock is
    not free at once. The lock is an OS file lock, so a killed holder never leaves
    it stale.
    """
    real = target_path(Path(path))
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{real.parent}: cannot create the store directory ({exc.strerror})") from None
    lock_path = real.with_name(real.name + ".lock")
    owner_path = real.with_name(real.name + ".lock.owner")
    lock = filelock.FileLock(str(lock_path), mode=0o600)
    wait = _lock_timeout() if timeout is None else timeout
    try:
        if on_wait is None:
            lock.acquire(timeout=wait)
        else:
            try:
                lock.acquire(timeout=0)
            except filelock.Timeout:
                on_wait(f"waiting for the store lock (held by {_holder(owner_path)})")
                lock.acquire(timeout=wait)
    except filelock.Timeout:
        raise StoreLockedError(f"{path}: {_owner_text(owner_path)}; try again later") from None
    except OSError as exc:
        raise StoreError(f"{lock_path}: cannot lock the store ({exc.strerror})") from None
    try:
        with contextlib.suppress(OSError):
            _write_owner(owner_path)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(owner_path)
        lock.release()


def _write_owner(owner_path: Path) -> None:
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    cmd = " ".join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv[:2]))
    text = f"pid {os.getpid()} on {socket.gethostname()} ({cmd}) since {now}"
    # A symlink planted at the owner path is never followed: unlink it, then create
    # the file exclusively without following links.
    with contextlib.suppress(FileNotFoundError):
        if os.path.islink(owner_path):
            os.unlink(owner_path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(owner_path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


#: The owner note is a line of our own; more than this is not ours.
_OWNER_MAX = 300


def _holder(owner_path: Path) -> str:
    """Who holds the lock, as its owner note says (made safe to print)."""
    try:
        fd = os.open(owner_path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            owner = fh.read(_OWNER_MAX).decode("utf-8", "replace").strip()
    except OSError:
        owner = ""
    return visible(" ".join(owner.split())) or "another relimport process"


def _owner_text(owner_path: Path) -> str:
    return f"locked by {_holder(owner_path)}"
