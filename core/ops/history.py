"""Import history: the store's batches as plain data for lists and ``history --json``."""

from __future__ import annotations

from typing import Any

from relimport.core.store.model import StoreData


def history_items(data: StoreData) -> list[dict[str, Any]]:
    """Every batch, newest first: id, time, file, type, mode, status and counts."""
    out = []
    for b in reversed(data.batches):
        out.append(
            {
                "batch": b.label,
                "time": b.time,
                "file": b.file,
                "sha256": b.sha256,
                "type": b.kind,
                "mode": b.mode,
                "status": b.status,
                "undone_at": b.undone_at,
                "counts": b.counts,
                "problems": len(b.problems),
            }
        )
    return out
