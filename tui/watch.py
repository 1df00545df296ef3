"""Another process wrote the store: see it, and one piece of store work at a time in this app.

The app polls the store file's identity (inode, size, mtime: a stat, no read) every
few seconds; a team store's check is a query (its revision, bumped by every write), so
the app asks it in a worker thread, never on the UI thread (:func:`checks_by_query`).
When another process (a CLI import, another app) has written the store, it is read
again in a thread and the screens showing it refresh themselves.

Reading the store again swaps the data the store object holds. Work that reads
and then writes through that object (an import, an undo, an edit of relationship
types or aliases) must not run while that happens, so every such piece of work,
and the re-read, holds :data:`STORE_GATE` (:func:`store_work`); the re-read only
ever tries it, and waits for the next poll when the store is busy.
No Textual here.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

#: Held by every piece of store work of this process (re-entrant: work may nest).
STORE_GATE = threading.RLock()
#: Seconds between two looks at the store file.
POLL_SECONDS = 2.0


@contextlib.contextmanager
def store_work() -> Iterator[None]:
    """Hold the store while reading and writing it (no re-read swaps its data meanwhile)."""
    with STORE_GATE:
        yield


def checks_by_query(store: Any) -> bool:
    """Whether the store's change check asks a server (the team store): it then runs in a
    worker thread (:func:`reload_if_free`), not where the UI waits for it."""
    return bool(getattr(store, "change_check_is_query", False))


def changed_on_disk(store: Any) -> bool:
    """Whether another process replaced the store since it was read (False for stores
    that cannot tell, or have not been read yet)."""
    check = getattr(store, "changed_on_disk", None)
    if not callable(check):
        return False
    try:
        return bool(check())
    except OSError:
        return False


def reload_if_free(store: Any) -> bool:
    """Read the store again if it changed and no work holds it; True if it was re-read."""
    if not STORE_GATE.acquire(blocking=False):
        return False
    try:
        if not changed_on_disk(store):
            return False
        return bool(store.reload_if_changed())
    finally:
        STORE_GATE.release()
