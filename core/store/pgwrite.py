"""Writing the team store, always inside the caller's transaction (which holds the lock).

An import's :class:`Changes` are written as they are: new records and links with COPY,
changed cells through one temporary table and one ``UPDATE … FROM`` per object type,
replaced links through a temporary table and one ``DELETE … USING``. Other edits
(relationship types, aliases) write what changed in the :class:`StoreData` they were
given (:func:`write_data`); undo (:mod:`relimport.core.store.pgundo`) writes the
difference its in-memory undo made (:func:`write_records_diff`, :func:`write_links_diff`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import orjson
import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.store.base import Changes
from relimport.core.store.model import (
    ALIAS_COLUMNS,
    Batch,
    StoreData,
    put_alias,
)
from relimport.core.store.pgcopy import copy_in, temp_table
from relimport.core.store.pgread import PgTables, fetch_links, fetch_records
from relimport.core.store.pgschema import SCHEMA, TABLES, record_columns, record_table

if TYPE_CHECKING:
    import psycopg

LINKS = f"{SCHEMA}.links"

# --- an import -------------------------------------------------------------------------


def apply_changes(conn: psycopg.Connection, changes: Changes) -> None:
    """Write an import's records, links and aliases (see :class:`Changes`)."""
    bid = int(changes.batch_id)
    for type_key, cells in changes.updated.items():
        if cells.height:
            _update_cells(conn, type_key, cells, bid)
    for type_key, new in changes.created.items():
        if new.height:
            copy_in(conn, record_table(type_key), new.select(record_columns(type_key)))
    for rel_id, removed in changes.links_removed.items():
        if removed.height:
            _delete_links(conn, int(rel_id), removed)
    for rel_id, added in changes.links_added.items():
        if added.height:
            frame = added.select(
                pl.lit(int(rel_id), dtype=pl.Int64).alias("rel"),
                "source",
                "target",
                pl.lit(bid, dtype=pl.Int64).alias("batch"),
            )
            copy_in(conn, LINKS, frame)
    if changes.aliases:
        scratch = StoreData.empty()
        for alias in changes.aliases:
            _delete_alias(conn, alias.type, alias.nval, alias.key)
            put_alias(scratch, alias)
        _insert_aliases(conn, scratch.aliases)
    conn.execute(f"UPDATE {SCHEMA}.counters SET next_id = GREATEST(next_id, %s)", (int(changes.next_id),))


def _update_cells(conn: psycopg.Connection, type_key: str, cells: pl.DataFrame, bid: int) -> None:
    """Changed cells (id, field, new) of one type in one UPDATE; the records get ``bid``
    as their ``modified_batch``. A null ``new`` keeps the value (as in memory)."""
    allowed = set(OBJECT_TYPES[type_key].field_keys)
    wide = cells.select("id", "field", pl.col("new").cast(pl.String)).pivot(
        on="field", index="id", values="new", aggregate_function="first"
    )
    fields = [c for c in wide.columns if c != "id"]
    if not set(fields) <= allowed:
        raise ValueError(f"changes to unknown fields of {type_key}: {sorted(set(fields) - allowed)}")
    tmp = temp_table(conn, "_cells", wide.cast({f: pl.String for f in fields}))
    sets = "".join(f"{f} = COALESCE(u.{f}, t.{f}), " for f in fields)
    conn.execute(
        f"UPDATE {record_table(type_key)} t SET {sets}modified_batch = {bid} FROM {tmp} u WHERE t.id = u.id"
    )


def _delete_links(conn: psycopg.Connection, rel_id: int, links: pl.DataFrame) -> None:
    tmp = temp_table(conn, "_links", links.select("source", "target"))
    conn.execute(
        f"DELETE FROM {LINKS} l USING {tmp} d "
        f"WHERE l.rel = {rel_id} AND l.source = d.source AND l.target = d.target"
    )


def _delete_alias(conn: psycopg.Connection, type_key: str, nval: str, key: str | None) -> None:
    conn.execute(
        f"DELETE FROM {SCHEMA}.aliases WHERE type = %s AND nval = %s AND key IS NOT DISTINCT FROM %s",
        (type_key, nval, key),
    )


def _insert_aliases(conn: psycopg.Connection, aliases: dict[str, dict[str, list[Any]]]) -> None:
    frames = [
        pl.DataFrame(
            {"type": [type_key] * len(cols.get("id", [])), **{c: cols.get(c) for c in ALIAS_COLUMNS}},
            schema={"type": pl.String, "value": pl.String, "nval": pl.String, "key": pl.String}
            | {"id": pl.Int64, "time": pl.String},
        )
        for type_key, cols in aliases.items()
    ]
    if frames:
        copy_in(conn, f"{SCHEMA}.aliases", pl.concat(frames))


# --- the journal -----------------------------------------------------------------------


def insert_batches(conn: psycopg.Connection, batches: list[Batch]) -> None:
    """Add ``batches`` to the journal: one COPY for the batches, one for each journal table."""
    if not batches:
        return

    def text(value: Any) -> str:
        return orjson.dumps(value).decode()

    rows = pl.DataFrame(
        {
            "id": [b.id for b in batches],
            "time": [b.time for b in batches],
            "file": [b.file for b in batches],
            "sha256": [b.sha256 for b in batches],
            "kind": [b.kind for b in batches],
            "mode": [b.mode for b in batches],
            "recipe": [text(b.recipe) for b in batches],
            "counts": [text(b.counts) for b in batches],
            "problems": [text(b.problems) for b in batches],
            "problem_rows": [text(b.problem_rows) for b in batches],
            "status": [b.status for b in batches],
            "undone_at": [b.undone_at for b in batches],
        },
        schema_overrides={"id": pl.Int64, "undone_at": pl.String},
    )
    copy_in(conn, f"{SCHEMA}.batches", rows)
    over = [_journal_frame(b.id, b.overwritten, _OVER) for b in batches]
    repl = [_journal_frame(b.id, b.replaced, _REPL) for b in batches]
    copy_in(conn, f"{SCHEMA}.batch_overwritten", pl.concat(over))
    copy_in(conn, f"{SCHEMA}.batch_replaced", pl.concat(repl).rename({"batch_": "link_batch"}))
    last = max(b.id for b in batches)
    conn.execute(f"UPDATE {SCHEMA}.counters SET next_batch = GREATEST(next_batch, %s)", (last + 1,))


_OVER: dict[str, Any] = {
    "type": pl.String,
    "id": pl.Int64,
    "field": pl.String,
    "old": pl.String,
    "new": pl.String,
}
_REPL: dict[str, Any] = {"rel": pl.Int64, "source": pl.Int64, "target": pl.Int64, "batch": pl.Int64}


def _journal_frame(bid: int, cols: dict[str, list[Any]], schema: dict[str, Any]) -> pl.DataFrame:
    frame = pl.DataFrame({c: cols.get(c) or [] for c in schema}, schema=schema)
    if "batch" in frame.columns:
        frame = frame.rename({"batch": "batch_"})
    return frame.select(
        pl.lit(bid, dtype=pl.Int64).alias("batch"),
        pl.int_range(pl.len(), dtype=pl.Int64).alias("seq"),
        pl.all(),
    )


def delete_batches(conn: psycopg.Connection, ids: list[int]) -> None:
    if not ids:
        return
    for table in ("batch_overwritten", "batch_replaced"):
        conn.execute(f"DELETE FROM {SCHEMA}.{table} WHERE batch = ANY(%s)", (ids,))
    conn.execute(f"DELETE FROM {SCHEMA}.batches WHERE id = ANY(%s)", (ids,))


# --- differences -------------------------------------------------------------------------


def write_records_diff(
    conn: psycopg.Connection, type_key: str, before: pl.DataFrame, after: pl.DataFrame
) -> None:
    """Write what changed between two versions of (part of) a record table."""
    if before is after:
        return
    table = record_table(type_key)
    columns = record_columns(type_key)
    after = after.select(columns)
    removed = before.join(after, on="id", how="anti").select("id")
    if removed.height:
        tmp = temp_table(conn, "_gone", removed)
        conn.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM {tmp})")
    copy_in(conn, table, after.join(before.select("id"), on="id", how="anti"))
    both = after.join(before.select(columns), on="id", how="inner", suffix="__old")
    differs = pl.any_horizontal([pl.col(c).ne_missing(pl.col(f"{c}__old")) for c in columns if c != "id"])
    changed = both.filter(differs).select(columns)
    if changed.height:
        tmp = temp_table(conn, "_rows", changed)
        sets = ", ".join(f"{c} = u.{c}" for c in columns if c != "id")
        conn.execute(f"UPDATE {table} t SET {sets} FROM {tmp} u WHERE t.id = u.id")


def write_links_diff(
    conn: psycopg.Connection, rel_id: int, before: pl.DataFrame, after: pl.DataFrame
) -> None:
    """Write what changed between two versions of (part of) one relationship's links;
    links added go after the others, as in the file store."""
    if before is after:
        return
    keys = ["source", "target", "batch"]
    removed = before.join(after, on=keys, how="anti", nulls_equal=True)
    added = after.join(before, on=keys, how="anti", nulls_equal=True)
    if removed.height:
        _delete_links(conn, rel_id, removed)
    if added.height:
        copy_in(conn, LINKS, added.select(pl.lit(rel_id, dtype=pl.Int64).alias("rel"), *keys))


@dataclass
class Snapshot:
    """What :func:`write_data` compares against: the small parts of the data as read."""

    rels: list[dict[str, Any]]
    aliases: dict[str, dict[str, list[Any]]]
    batches: dict[int, tuple[Any, ...]]
    counters: tuple[int, int, int]
    migration: Any
    link_ids: list[int]

    @classmethod
    def of(cls, data: StoreData) -> Snapshot:
        return cls(
            rels=[r.to_json() for r in data.relationship_types],
            aliases=copy.deepcopy(data.aliases),
            batches={b.id: _fingerprint(b) for b in data.batches},
            counters=(data.next_id, data.next_batch, data.next_rel),
            migration=copy.deepcopy(data.migration),
            link_ids=list(data.links),
        )


def _fingerprint(b: Batch) -> tuple[Any, ...]:
    """A batch's scalar fields and the identity of its (large) parts."""
    parts = (b.recipe, b.counts, b.overwritten, b.replaced, b.problems, b.problem_rows)
    return (b.time, b.file, b.sha256, b.kind, b.mode, b.status, b.undone_at, *map(id, parts))


def write_data(conn: psycopg.Connection, snap: Snapshot, data: StoreData) -> bool:
    """Write what changed in ``data`` since it was read (``snap``); True if anything did."""
    changed = False
    rels = [r.to_json() for r in data.relationship_types]
    if rels != snap.rels:
        conn.execute(f"DELETE FROM {SCHEMA}.relationship_types")
        insert_relationship_types(conn, data)
        changed = True
    gone = [rid for rid in snap.link_ids if rid not in data.links]
    if gone:
        conn.execute(f"DELETE FROM {LINKS} WHERE rel = ANY(%s)", (gone,))
        changed = True
    for type_key in list(data.records):
        before = _before(data.records, type_key, partial(fetch_records, conn, type_key, None))
        if before is not None:
            write_records_diff(conn, type_key, before, data.records[type_key])
            changed = True
    for rel_id in list(data.links):
        before = _before(data.links, rel_id, partial(fetch_links, conn, int(rel_id)))
        if before is not None:
            write_links_diff(conn, rel_id, before, data.links[rel_id])
            changed = True
    if data.aliases != snap.aliases:
        conn.execute(f"DELETE FROM {SCHEMA}.aliases")
        _insert_aliases(conn, data.aliases)
        changed = True
    fresh = [b for b in data.batches if snap.batches.get(b.id) != _fingerprint(b)]
    dropped = [bid for bid in snap.batches if bid not in {b.id for b in data.batches}]
    if fresh or dropped:
        delete_batches(conn, [b.id for b in fresh if b.id in snap.batches] + dropped)
        insert_batches(conn, fresh)
        changed = True
    if (data.next_id, data.next_batch, data.next_rel) != snap.counters or data.migration != snap.migration:
        write_counters(conn, data)
        changed = True
    return changed


def _before(tables: Any, key: Any, fetch: Callable[[], pl.DataFrame]) -> pl.DataFrame | None:
    """The table ``key`` as it was read when it has been replaced since, else ``None``
    (a table never fetched never changed; one the edit added is fetched, i.e. empty)."""
    if not isinstance(tables, PgTables):
        return fetch()
    now = tables.frame_if_built(key)
    if now is None:
        return None
    was = tables.as_read(key)
    if now is was:
        return None
    return was if was is not None else fetch()


def write_counters(conn: psycopg.Connection, data: StoreData) -> None:
    conn.execute(
        f"UPDATE {SCHEMA}.counters SET next_id = %s, next_batch = %s, next_rel = %s, migration = %s::json",
        (
            data.next_id,
            data.next_batch,
            data.next_rel,
            orjson.dumps(data.migration).decode() if data.migration else None,
        ),
    )


def insert_relationship_types(conn: psycopg.Connection, data: StoreData) -> None:
    rows = pl.DataFrame(
        [
            {
                "id": r.id,
                "position": i,
                "name": r.name,
                "source": r.source,
                "target": r.target,
                "inverse_name": r.inverse_name,
                "cardinality": r.cardinality,
                "symmetric": "t" if r.symmetric else "f",
                "builtin": "t" if r.builtin else "f",
            }
            for i, r in enumerate(data.relationship_types)
        ],
        schema={"id": pl.Int64, "position": pl.Int64}
        | {
            c: pl.String
            for c in ("name", "source", "target", "inverse_name", "cardinality", "symmetric", "builtin")
        },
    )
    copy_in(conn, f"{SCHEMA}.relationship_types", rows)


# --- a whole store (migrate) ---------------------------------------------------------------


def clear(conn: psycopg.Connection) -> None:
    """Empty every table of the store (``migrate --force``); the schema stays."""
    conn.execute(f"TRUNCATE {', '.join(f'{SCHEMA}.{t}' for t in TABLES)} RESTART IDENTITY")
    conn.execute(f"INSERT INTO {SCHEMA}.counters (next_id, next_batch, next_rel) VALUES (1, 1, 2)")


def write_all(conn: psycopg.Connection, data: StoreData) -> None:
    """Write every part of ``data`` into an emptied store (see :func:`clear`)."""
    insert_relationship_types(conn, data)
    for type_key in OBJECT_TYPES:
        frame = data.records.get(type_key)
        if frame is not None and frame.height:
            copy_in(conn, record_table(type_key), frame.select(record_columns(type_key)))
    for rel_id in data.links:
        frame = data.links[rel_id]
        if frame.height:
            rel = pl.lit(int(rel_id), dtype=pl.Int64).alias("rel")
            copy_in(conn, LINKS, frame.select(rel, "source", "target", "batch"))
    _insert_aliases(conn, data.aliases)
    insert_batches(conn, data.batches)
    write_counters(conn, data)
    # Statistics of what was just written, so the next small import's plan uses the
    # match-key indexes at once (autovacuum would gather them only later).
    for type_key in OBJECT_TYPES:
        conn.execute(f"ANALYZE {record_table(type_key)}")
    conn.execute(f"ANALYZE {LINKS}")
