"""A small file's planning on the team store: only the rows its values can name.

For a file of a few thousand values, fetching the key columns of 700,000 records costs
more than the whole import. Here the database finds the records those values may name
through the match-key indexes of schema version 2 (see
:mod:`relimport.core.store.pgschema`): each value's compare form is keyed by the same
SQL function as the indexed columns, so the records fetched are every record whose
compare form can equal one of the values (and a few whose key is only alike, or
unsure). Their links come with them (the links of the relationships the file uses that
start at one of those records), and the records at the other ends of those links, which
problems name. The engine then plans exactly as over the whole store; a "did you mean"
suggestion for a value that names nothing needs every record, and such a plan is made
again over the whole store by the caller (``importing.focus``).

The values are sent as one array parameter (``unnest``), not a temporary table, so
the same works inside a dry run's read-only snapshot.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import polars as pl
from psycopg.pq import TransactionStatus

from relimport.core.domain.objects import KEY_TYPES, OBJECT_TYPES
from relimport.core.store.base import Focus
from relimport.core.store.model import LINK_SCHEMA, StoreData
from relimport.core.store.pgcopy import copy_out
from relimport.core.store.pgread import fetch_records
from relimport.core.store.pgschema import SCHEMA, UNSURE, key_expr, record_keys, schema_state
from relimport.core.store.tables import LazyTables

if TYPE_CHECKING:
    import psycopg

#: Above this many distinct values planning reads the key columns instead (a large
#: file names a large part of the store anyway).
MAX_VALUES = 10_000
#: The schema version whose indexes this needs.
NEEDS_VERSION = 2

_KEY_TEXT = re.compile(r"^[a-z0-9*]*$")


def focused(conn: psycopg.Connection, name: str, data: StoreData, focus: Focus) -> StoreData | None:
    """``data`` with the record tables of ``focus``'s types and the link tables of its
    relationships cut down to the rows the values can name; ``None`` when that cannot
    be done here (too many values, an older schema, a value whose key is unsure, a web
    address to match): the caller plans over the whole store then.
    """
    if sum(len(v) for keys in focus.values.values() for v in keys.values()) > MAX_VALUES:
        return None
    if schema_state(conn, name) < NEEDS_VERSION:
        return None
    # Only the match-key indexes read few rows. A store whose statistics are not gathered
    # yet (just migrated, or just written in bulk) makes the planner guess, and it may
    # guess a scan of the whole table: not here (for this transaction's reads only).
    row = conn.execute("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
    before = str(row.fetchone()[0])  # type: ignore[index]
    try:
        return _focused(conn, data, focus)
    finally:
        if conn.info.transaction_status != TransactionStatus.INERROR:
            conn.execute("SELECT set_config('enable_seqscan', %s, true)", (before,))


def _focused(conn: psycopg.Connection, data: StoreData, focus: Focus) -> StoreData | None:
    ids = set(focus.ids)
    wanted: dict[str, dict[str, list[str]]] = {}
    for type_key, keys in focus.values.items():
        exprs = record_keys(type_key)
        for key, values in keys.items():
            if not values:
                continue
            if key == "id":
                ids.update(int(v) for v in values if v.isdigit() and len(v) <= 18)
                continue
            if key not in exprs:
                return None  # a key the database does not index (a web address)
            found = _keys_of(conn, key, values)
            if found is None:
                return None
            wanted.setdefault(type_key, {})[key] = found
    records = _tables(data.records)
    fetched: list[pl.Series] = []
    for type_key in focus.values:
        if type_key not in OBJECT_TYPES:
            raise KeyError(type_key)
        # Sorted here, not by the server: ORDER BY id would tempt it to walk the whole
        # primary key in order instead of using the match-key indexes.
        frame = fetch_records(
            conn, type_key, None, _where(type_key, wanted.get(type_key, {}), ids), order=False
        )
        records[type_key] = frame.sort("id")
        fetched.append(frame["id"])
    touched = sorted(set(pl.concat(fetched).to_list()) | ids) if fetched else sorted(ids)
    links = _tables(data.links)
    present = set(links)  # ("in" would fetch the table: a lazy mapping's lookup builds it)
    ends: dict[str, set[int]] = {}
    for rel_id in focus.rels:
        if rel_id in present:
            frame = _links(conn, int(rel_id), touched, data.rel(rel_id).symmetric)
            links[rel_id] = frame
            rel = data.rel(rel_id)
            ends.setdefault(rel.source, set()).update(frame["source"].to_list())
            ends.setdefault(rel.target, set()).update(frame["target"].to_list())
    # The records at the other end of those links, so a problem names them as it would
    # over the whole store (a deal's Decydent kept: "… already has 'Jan Kowalski'").
    # (Types the file does not name keep their whole, lazily fetched table.)
    for type_key, wanted_ids in ends.items():
        if type_key not in focus.values:
            continue
        missing = wanted_ids - set(records[type_key]["id"].to_list())
        if missing:
            more = fetch_records(conn, type_key, None, _where(type_key, {}, missing))
            records[type_key] = pl.concat([records[type_key], more]).sort("id")
    return replace(data, records=records, links=links)


def _tables(tables: object) -> LazyTables | dict:
    """A copy of a table mapping whose tables can be replaced without touching the original."""
    if isinstance(tables, LazyTables):
        return tables.copy()
    assert isinstance(tables, dict)
    return dict(tables)


def _keys_of(conn: psycopg.Connection, key: str, values: list[str]) -> list[str] | None:
    """The distinct keys of ``values`` (compare forms of match key ``key``), computed by the
    database with the indexes' own function; ``None`` if one is unsure."""
    kind = KEY_TYPES.get(key, "text")
    expr = key_expr(kind, "v")
    assert expr is not None
    rows = conn.execute(f"SELECT DISTINCT {expr} FROM unnest(%s::text[]) AS v", (values,)).fetchall()
    keys = [r[0] for r in rows if r[0] is not None]
    if UNSURE in keys:
        return None
    if kind == "email":  # "mailto:a@b.pl" has the compare form "a@b.pl"
        keys += [f"mailto{k}" for k in keys]
    for k in keys:
        if not _KEY_TEXT.match(k):  # keys are ASCII letters and digits: safe to inline
            raise ValueError(f"unexpected match key {k!r}")
    return keys


def _where(type_key: str, wanted: dict[str, list[str]], ids: set[int]) -> str:
    """The WHERE clause fetching the records of ``type_key`` that ``wanted`` keys can name
    (by each indexed expression of the key, or an unsure key), and ``ids``."""
    exprs = record_keys(type_key)
    terms = [f"id = ANY('{{{','.join(map(str, sorted(ids)))}}}'::bigint[])"] if ids else []
    for key, keys in wanted.items():
        listed = ", ".join(f"'{k}'" for k in sorted(set(keys)) + [UNSURE])
        terms += [f"{expr} IN ({listed})" for expr in exprs[key]]
    return "WHERE " + (" OR ".join(terms) if terms else "false")


def _links(conn: psycopg.Connection, rel_id: int, ids: list[int], symmetric: bool) -> pl.DataFrame:
    """Links of relationship ``rel_id`` from one of ``ids`` (or, ``symmetric``, to one of
    them: such a link is stored once, either way round), in the order added.

    A column's values name the records at the far end of its relationship, and its rows
    the records at the near end, and both are among ``ids``: the links planning reads
    (a row's existing links, a value's "one" link elsewhere) start at one of them. So
    no index on targets is needed, which would cost a large import a random insert per
    link.
    """
    if not ids:
        return pl.DataFrame(schema=LINK_SCHEMA)
    array = f"'{{{','.join(map(str, ids))}}}'::bigint[]"
    ends = f"(source = ANY({array}) OR target = ANY({array}))" if symmetric else f"source = ANY({array})"
    query = f"SELECT source, target, batch FROM {SCHEMA}.links WHERE rel = {rel_id} AND {ends} ORDER BY seq"
    return copy_out(conn, query, dict(LINK_SCHEMA))
