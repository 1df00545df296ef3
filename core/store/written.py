"""What this process has written to a store, noted the moment the write took effect.

A file store notes a write right after the atomic replace (with Ctrl-C held back
between the two, see :mod:`relimport.core.store.atomic`); imports and undo note theirs
again when the store's session has ended, which covers every backend. The CLI asks
:func:`written_since` when something fails or is interrupted later (a report that
cannot be written, Ctrl-C while printing), so it never says "nothing written" about a
store that holds the batch.
"""

from __future__ import annotations

import threading

_done: list[str] = []
_lock = threading.Lock()


def note_written(what: str) -> None:
    """Note that ``what`` (``"batch B7"``, ``"undo of B7"``) is in the store now.

    Noting the same thing twice keeps one entry.
    """
    with _lock:
        if what not in _done:
            _done.append(what)


def written_mark() -> int:
    """A position to ask :func:`written_since` from (the number of writes noted so far)."""
    with _lock:
        return len(_done)


def written_since(mark: int) -> list[str]:
    """What was written after :func:`written_mark` returned ``mark``, oldest first."""
    with _lock:
        return list(_done[mark:])
