"""Reading the team store: a :class:`StoreData` whose tables are fetched when first used.

Relationship types, counters, batches and aliases are read at once (they are small);
record and link tables are fetched with COPY only when the engine asks for them, and
only the columns it asks for (:meth:`PgTables.view`: the key columns of the types a
plan resolves values against), in id order (records) or the order links were added.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.store.model import (
    ALIAS_COLUMNS,
    LINK_SCHEMA,
    Batch,
    RelationshipType,
    StoreData,
    TableBuilder,
    empty_records,
)
from relimport.core.store.pgcopy import copy_out
from relimport.core.store.pgschema import SCHEMA, record_table
from relimport.core.store.tables import LazyTables

if TYPE_CHECKING:
    import psycopg

T = TypeVar("T")
#: Runs a function with a live connection (the session's, or the store's reader),
#: turning database errors into one-line store errors.
Runner = Callable[[Callable[["psycopg.Connection"], T]], T]

OVERWRITTEN_SCHEMA: dict[str, Any] = {
    "batch": pl.Int64,
    "type": pl.String,
    "id": pl.Int64,
    "field": pl.String,
    "old": pl.String,
    "new": pl.String,
}
REPLACED_SCHEMA: dict[str, Any] = {
    "batch": pl.Int64,
    "rel": pl.Int64,
    "source": pl.Int64,
    "target": pl.Int64,
    "link_batch": pl.Int64,
}


class PgTables(LazyTables):
    """Record or link tables fetched from the database on first use.

    :meth:`view` fetches only the columns asked for; :meth:`height` counts rows in the
    database without fetching them; :meth:`as_read` is a table as it was fetched, so a
    writer can tell which tables were replaced since (see ``pgwrite.write_data``).
    """

    def __init__(self, build: TableBuilder, order: list[Any], count: Callable[[Any], int]) -> None:
        super().__init__({}, build, order)
        self._count = count
        self._read: dict[Any, pl.DataFrame] = {}

    def __getitem__(self, key: Any) -> pl.DataFrame:
        fresh = key not in self._frames
        frame = super().__getitem__(key)
        if fresh:
            self._read[key] = frame
        return frame

    def view(self, key: Any, columns: tuple[str, ...]) -> pl.DataFrame:
        if key in self._frames:
            return self._frames[key].select(columns)
        if key not in self._order:
            raise KeyError(key)
        cache = (key, columns)
        if cache not in self._views:
            self._views[cache] = self._build(key, None, columns)
        return self._views[cache]

    def height(self, key: Any) -> int:
        if key in self._frames:
            return self._frames[key].height
        if key not in self._order:
            raise KeyError(key)
        return self._count(key)

    def copy(self) -> PgTables:
        twin = PgTables(self._build, self._order, self._count)
        twin._frames = dict(self._frames)
        twin._views = dict(self._views)
        twin._read = dict(self._read)
        return twin

    def frame_if_built(self, key: Any) -> pl.DataFrame | None:
        """The table as it is now if it was fetched or replaced, else ``None``."""
        return self._frames.get(key)

    def as_read(self, key: Any) -> pl.DataFrame | None:
        """The table as it was fetched (``None``: never fetched, or new)."""
        return self._read.get(key)


def record_query(type_key: str, columns: tuple[str, ...], where: str = "", *, order: bool = True) -> str:
    cols = ", ".join(columns)
    return f"SELECT {cols} FROM {record_table(type_key)} {where}" + (" ORDER BY id" if order else "")


def fetch_records(
    conn: psycopg.Connection,
    type_key: str,
    only: tuple[str, ...] | None,
    where: str = "",
    *,
    order: bool = True,
) -> pl.DataFrame:
    """Records of ``type_key`` (``only`` some columns) ``where`` …, in id order unless not
    ``order``."""
    schema = empty_records(type_key).schema
    columns = tuple(only) if only is not None else tuple(schema)
    query = record_query(type_key, columns, where, order=order)
    return copy_out(conn, query, {c: schema[c] for c in columns})


def fetch_links(conn: psycopg.Connection, rel_id: int) -> pl.DataFrame:
    query = f"SELECT source, target, batch FROM {SCHEMA}.links WHERE rel = {int(rel_id)} ORDER BY seq"
    return copy_out(conn, query, dict(LINK_SCHEMA))


def load(run: Runner[Any]) -> tuple[StoreData, int]:
    """The store's data (tables fetched on first use, through ``run``) and its revision."""
    return run(lambda conn: _load(conn, run))


def _load(conn: psycopg.Connection, run: Runner[Any]) -> tuple[StoreData, int]:
    counters = conn.execute(
        f"SELECT next_id, next_batch, next_rel, revision, migration::text FROM {SCHEMA}.counters"
    ).fetchone()
    assert counters is not None
    next_id, next_batch, next_rel, revision, migration = counters
    rels = [
        RelationshipType(
            id=int(r[0]),
            name=r[1],
            source=r[2],
            target=r[3],
            inverse_name=r[4],
            cardinality="one" if r[5] == "one" else "many",
            symmetric=bool(r[6]),
            builtin=bool(r[7]),
        )
        for r in conn.execute(
            f'SELECT id, name, source, target, inverse_name, cardinality, "symmetric", builtin '
            f"FROM {SCHEMA}.relationship_types ORDER BY position, id"
        ).fetchall()
    ]

    def build_records(type_key: Any, _cols: Any, only: tuple[str, ...] | None) -> pl.DataFrame:
        return run(lambda c: fetch_records(c, type_key, only))

    def count_records(type_key: Any) -> int:
        return int(run(lambda c: _count(c, f"SELECT count(*) FROM {record_table(type_key)}")))

    def build_links(rel_id: Any, _cols: Any, _only: Any) -> pl.DataFrame:
        return run(lambda c: fetch_links(c, int(rel_id)))

    def count_links(rel_id: Any) -> int:
        query = f"SELECT count(*) FROM {SCHEMA}.links WHERE rel = {int(rel_id)}"
        return int(run(lambda c: _count(c, query)))

    data = StoreData(
        relationship_types=rels,
        records=PgTables(build_records, list(OBJECT_TYPES), count_records),
        links=PgTables(build_links, [r.id for r in rels], count_links),
        batches=load_batches(conn),
        next_id=int(next_id),
        next_batch=int(next_batch),
        next_rel=int(next_rel),
        aliases=load_aliases(conn),
        migration=orjson.loads(migration) if migration else None,
    )
    return data, int(revision)


def _count(conn: psycopg.Connection, query: str) -> int:
    row = conn.execute(query).fetchone()
    return int(row[0]) if row else 0


def load_batches(conn: psycopg.Connection) -> list[Batch]:
    rows = conn.execute(
        f"SELECT id, time, file, sha256, kind, mode, recipe::text, counts::text, problems::text, "
        f"problem_rows::text, status, undone_at FROM {SCHEMA}.batches ORDER BY id"
    ).fetchall()
    if not rows:
        return []
    over = copy_out(
        conn,
        f"SELECT batch, type, id, field, old, new FROM {SCHEMA}.batch_overwritten ORDER BY batch, seq",
        OVERWRITTEN_SCHEMA,
    )
    repl = copy_out(
        conn,
        f"SELECT batch, rel, source, target, link_batch FROM {SCHEMA}.batch_replaced ORDER BY batch, seq",
        REPLACED_SCHEMA,
    )
    overwritten = _by_batch(over, {"type": "type", "id": "id", "field": "field", "old": "old", "new": "new"})
    replaced = _by_batch(repl, {"rel": "rel", "source": "source", "target": "target", "batch": "link_batch"})
    out = []
    for bid, time, file, sha, kind, mode, recipe, counts, problems, problem_rows, status, undone in rows:
        out.append(
            Batch(
                id=int(bid),
                time=time,
                file=file,
                sha256=sha,
                kind=kind,
                mode=mode,
                recipe=orjson.loads(recipe),
                counts=orjson.loads(counts),
                overwritten=overwritten.get(bid) or {"type": [], "id": [], "field": [], "old": [], "new": []},
                replaced=replaced.get(bid) or {"rel": [], "source": [], "target": [], "batch": []},
                problems=orjson.loads(problems),
                problem_rows=orjson.loads(problem_rows),
                status=status,
                undone_at=undone,
            )
        )
    return out


def _by_batch(frame: pl.DataFrame, columns: dict[str, str]) -> dict[int, dict[str, list[Any]]]:
    """Journal rows per batch id, as the batch's columns (``columns``: name → frame column)."""
    if not frame.height:
        return {}
    out = {}
    for (bid,), part in frame.partition_by("batch", as_dict=True, maintain_order=True).items():
        out[int(bid)] = {name: part[col].to_list() for name, col in columns.items()}
    return out


def load_aliases(conn: psycopg.Connection) -> dict[str, dict[str, list[Any]]]:
    out: dict[str, dict[str, list[Any]]] = {}
    for type_key, *values in conn.execute(
        f"SELECT type, {', '.join(ALIAS_COLUMNS)} FROM {SCHEMA}.aliases ORDER BY seq"
    ).fetchall():
        cols = out.setdefault(type_key, {c: [] for c in ALIAS_COLUMNS})
        for c, v in zip(ALIAS_COLUMNS, values, strict=True):
            cols[c].append(int(v) if c == "id" and v is not None else v)
    return out
