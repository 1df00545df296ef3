"""Undo of a batch: restore the state before it, leaving later changes alone.

:func:`undo_import` is the one way to undo (CLI, TUI, tests): it picks the batch and has
the store undo it in one atomic write (the work itself is the store's, see
:meth:`relimport.core.store.base.StoreSession.undo`).
"""

from __future__ import annotations

from relimport.core.domain.errors import UsageError
from relimport.core.store.base import StoreBackend, UndoReport
from relimport.core.store.memory import as_store
from relimport.core.store.model import Batch, StoreData
from relimport.core.store.written import note_written

__all__ = ["UndoReport", "parse_batch_id", "pick_batch", "undo_import"]


def parse_batch_id(text: str) -> int:
    t = text.strip().lstrip("Bb#")
    if not t.isdigit():
        raise UsageError(f"batch {text!r}: expected a batch id such as B3 or 3")
    return int(t)


def pick_batch(data: StoreData, batch: str | int | None) -> Batch:
    """The batch to undo: the named one (``"B3"``, ``"3"`` or 3), or the last one still applied.

    Raises:
        UsageError: no such batch, it was undone already, or nothing is left to undo.
    """
    if batch is None:
        applied = [b for b in data.batches if b.status == "applied"]
        if not applied:
            raise UsageError("nothing to undo: no applied import in the store")
        return applied[-1]
    bid = batch if isinstance(batch, int) else parse_batch_id(batch)
    try:
        b = data.batch(bid)
    except KeyError:
        raise UsageError(f"no batch B{bid} in the store (see relimport history)") from None
    if b.status != "applied":
        raise UsageError(f"batch {b.label} was already undone ({b.undone_at})")
    return b


def undo_import(
    store: StoreBackend | StoreData, batch: str | int | None = None, *, timeout: float | None = None
) -> UndoReport:
    """Undo ``batch`` (default: the last applied one) and write the store once.

    The batch is picked under the store's lock, from the data as it is then.

    Raises:
        UsageError: see :func:`pick_batch`.
        StoreLockedError: another process holds the store's lock past ``timeout``.
    """
    with as_store(store).session(write=True, timeout=timeout) as session:
        report = session.undo(pick_batch(session.data, batch).id)
    note_written(f"undo of {report.batch}")  # whatever the store (a file notes it sooner)
    return report
