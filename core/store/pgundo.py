"""Undo on the team store, inside the caller's transaction (which holds the lock).

Undo reads only the rows the batch can have touched, runs the same in-memory undo as
the file store (:func:`relimport.core.store.memory.undo_batch`) over them and writes
the difference, so both stores undo alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.store.base import UndoReport
from relimport.core.store.memory import undo_batch
from relimport.core.store.model import LINK_SCHEMA, StoreData, empty_links
from relimport.core.store.pgcopy import copy_out, temp_table
from relimport.core.store.pgread import fetch_records
from relimport.core.store.pgschema import SCHEMA
from relimport.core.store.pgwrite import LINKS, write_links_diff, write_records_diff

if TYPE_CHECKING:
    import psycopg


def undo(conn: psycopg.Connection, data: StoreData, batch_id: int) -> UndoReport:
    """Undo batch ``batch_id`` (``data``: the store as read in this transaction).

    Only the rows the batch can have touched are read: records it created or whose
    values it overwrote, links it added, links to or from its records, and links from
    the sources of links it replaced. Undo then runs on them in memory exactly as on
    the file store, and the difference is written.
    """
    index = next((i for i, b in enumerate(data.batches) if b.id == batch_id), None)
    if index is None:
        raise KeyError(batch_id)
    batch = data.batches[index]
    bid = int(batch.id)
    ow = batch.overwritten
    touched = pl.DataFrame(
        {"type": ow.get("type") or [], "id": ow.get("id") or []}, schema={"type": pl.String, "id": pl.Int64}
    )
    records: dict[str, pl.DataFrame] = {}
    for type_key in OBJECT_TYPES:
        ids = temp_table(conn, "_undo_ids", touched.filter(pl.col("type") == type_key).select("id").unique())
        where = f"WHERE created_batch = {bid} OR id IN (SELECT id FROM {ids})"
        records[type_key] = fetch_records(conn, type_key, None, where)
    created = pl.concat([df.filter(pl.col("created_batch") == bid).select("id") for df in records.values()])
    rp = batch.replaced
    sources = pl.DataFrame(
        {"rel": rp.get("rel") or [], "source": rp.get("source") or []},
        schema={"rel": pl.Int64, "source": pl.Int64},
    ).unique()
    made = temp_table(conn, "_undo_created", created)
    src = temp_table(conn, "_undo_sources", sources)
    rows = copy_out(
        conn,
        f"SELECT rel, source, target, batch FROM {LINKS} l WHERE l.batch = {bid} "
        f"OR l.source IN (SELECT id FROM {made}) OR l.target IN (SELECT id FROM {made}) "
        f"OR (l.rel, l.source) IN (SELECT rel, source FROM {src}) ORDER BY seq",
        {"rel": pl.Int64} | dict(LINK_SCHEMA),
    )
    links = {
        r.id: rows.filter(pl.col("rel") == r.id).drop("rel") if rows.height else empty_links()
        for r in data.relationship_types
    }
    part = StoreData(
        relationship_types=list(data.relationship_types),
        records=dict(records),
        links=dict(links),
        batches=list(data.batches),
        next_id=data.next_id,
        next_batch=data.next_batch,
        next_rel=data.next_rel,
    )
    report = undo_batch(part, batch_id)
    for type_key in OBJECT_TYPES:
        write_records_diff(conn, type_key, records[type_key], part.records[type_key])
    for rel_id, before in links.items():
        write_links_diff(conn, rel_id, before, part.links[rel_id])
    done = part.batches[index]
    conn.execute(
        f"UPDATE {SCHEMA}.batches SET status = %s, undone_at = %s WHERE id = %s",
        (done.status, done.undone_at, bid),
    )
    return report
