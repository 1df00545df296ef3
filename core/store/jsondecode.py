"""A store document read into :class:`StoreData`: its shape checked, its tables lazy.

The document is what :func:`relimport.core.store.jsonfile.load` parsed from the file
(``docs/store-format.md``). Counters, ids and tables that a later write would silently
drop or that would break reads are refused with one line naming the file; a table is
built into a frame column by column on first use (:class:`LazyTables`), and an older
version's values are brought to canonical form (:func:`upgrade`).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from relimport.core.domain.errors import StoreError
from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.store.check import VERSION, doc_error
from relimport.core.store.layout import JsonColumn, values_of
from relimport.core.store.migrate import upgrade
from relimport.core.store.model import (
    FIRMA,
    LINK_SCHEMA,
    Batch,
    RelationshipType,
    StoreData,
    TableBuilder,
    empty_links,
    empty_records,
    parse_aliases,
)
from relimport.core.store.tables import LazyTables


def from_doc(doc: Any, name: str) -> StoreData:
    """The store in ``doc``, a parsed store file named ``name`` in errors.

    Raises:
        StoreError: not a relimport store, a newer version, or a wrong shape.
    """
    error = doc_error(name, doc)
    if error:
        raise error
    try:
        rels = [RelationshipType.from_json(r) for r in doc.get("relationship_types", [])]
        if not any(r.builtin and r.name == FIRMA.name for r in rels):
            rels.insert(0, FIRMA)
        rec_doc = doc.get("records") or {}
        links_doc = doc.get("links") or {}
        _check_parts(rels, rec_doc, links_doc, doc)
        raw_records = {k: _checked_columns(f"records.{k}", rec_doc.get(k)) for k in OBJECT_TYPES}
        raw_links = {r.id: _checked_columns(f"links.{r.id}", links_doc.get(str(r.id))) for r in rels}
        records = LazyTables(
            {k: v for k, v in raw_records.items() if v},
            _builder(name, _records_frame),
            list(OBJECT_TYPES),
        )
        links = LazyTables(
            {k: v for k, v in raw_links.items() if v},
            _builder(name, lambda _rel_id, cols, _only: _links_frame(cols)),
            [r.id for r in rels],
        )
        batches = [Batch.from_json(b) for b in doc.get("batches", [])]
        aliases = parse_aliases(doc.get("aliases"))
        if doc["version"] != VERSION:
            for cols in raw_records.values():
                if cols:
                    cols.update({c: values_of(v) for c, v in cols.items()})
        # An older file's values become canonical now; the next write stores them so.
        migration = upgrade(doc["version"], raw_records, batches, aliases) or doc.get("migration")
        max_id = max((_max_id(v["id"]) for v in raw_records.values() if v), default=0)
        return StoreData(
            relationship_types=rels,
            records=records,
            links=links,
            batches=batches,
            next_id=max(doc.get("next_id", 1), max_id + 1),
            next_batch=max(doc.get("next_batch", 1), max((b.id for b in batches), default=0) + 1),
            next_rel=max(doc.get("next_rel", 2), max(r.id for r in rels) + 1),
            aliases=aliases,
            migration=migration,
        )
    except (KeyError, TypeError, ValueError, AttributeError, pl.exceptions.PolarsError) as exc:
        reason = " ".join(str(exc).split())[:160]
        raise StoreError(f"{name}: store has a wrong shape ({reason}); refused") from None


#: Ids and counters stay far below the Int64 limit (2**53: exact in every JSON reader).
MAX_ID = 2**53


def _check_parts(rels: list[RelationshipType], rec_doc: Any, links_doc: Any, doc: dict[str, Any]) -> None:
    """Refuse what a later write would silently drop or what would break reads.

    Unknown record types or relationship ids, repeated relationship or batch ids and
    counters that are not sane whole numbers (``1e20``, ``true``) are refused here;
    duplicate record ids when a table is first built (:func:`_records_frame`).
    """
    for key in ("next_id", "next_batch", "next_rel"):
        value = doc.get(key, 1)
        if type(value) is not int or not 1 <= value <= MAX_ID:
            raise ValueError(f"{key} is {value!r}, not a whole number from 1 to 2**53")
    if not isinstance(rec_doc, dict) or not isinstance(links_doc, dict):
        raise TypeError("records and links must be objects")
    unknown = sorted(set(rec_doc) - set(OBJECT_TYPES))
    if unknown:
        raise ValueError(f"records of unknown type {unknown[0]!r}")
    rel_ids = [r.id for r in rels]
    if len(set(rel_ids)) != len(rel_ids) or any(not 1 <= i <= MAX_ID for i in rel_ids):
        raise ValueError("relationship type ids repeat or are out of range")
    stray = sorted(set(links_doc) - {str(i) for i in rel_ids})
    if stray:
        raise ValueError(f"links of unknown relationship type id {stray[0]}")
    batch_ids = [b.get("id") if isinstance(b, dict) else None for b in doc.get("batches", [])]
    if len(set(batch_ids)) != len(batch_ids) or any(
        type(i) is not int or not 1 <= i <= MAX_ID for i in batch_ids
    ):
        raise ValueError("batch ids repeat or are not whole numbers")


def _checked_columns(where: str, cols: Any) -> dict[str, list[Any]] | None:
    """Cheap shape check of a columnar table at load: a dict of equally long lists
    (or columns relimport wrote and nobody changed since: :class:`JsonColumn`)."""
    if not cols:
        return None
    if not isinstance(cols, dict) or not all(isinstance(v, list | JsonColumn) for v in cols.values()):
        raise TypeError(f"{where} is not a table of columns")
    lengths = {len(v) for v in cols.values()}
    if len(lengths) > 1:
        raise ValueError(f"{where} has columns of different lengths")
    for key in ("id", "source", "target"):
        column = cols.get(key, [])
        if isinstance(column, JsonColumn):
            continue
        # A cheap sanity check at load; every value is type-checked when the table is used.
        ends = column[:1] + column[-1:]
        if any(type(x) is not int for x in ends):
            raise TypeError(f"{where}.{key} holds a value that is not an integer id")
    return cols


def _max_id(ids: Any) -> int:
    if isinstance(ids, JsonColumn):
        return ids.maximum or 0
    return max(ids, default=0)


def _builder(name: str, build: TableBuilder) -> TableBuilder:
    """``build`` with its errors turned into a one-line :class:`StoreError` naming the file."""

    def run(key: Any, cols: dict[str, list[Any]] | None, only: tuple[str, ...] | None) -> pl.DataFrame:
        try:
            return build(key, cols, only)
        except (KeyError, TypeError, ValueError, OverflowError, pl.exceptions.PolarsError) as exc:
            reason = " ".join(str(exc).split())[:160]
            raise StoreError(f"{name}: store has a wrong shape ({reason}); refused") from None

    return run


def _records_frame(
    type_key: str, cols: dict[str, list[Any]] | None, only: tuple[str, ...] | None = None
) -> pl.DataFrame:
    base = empty_records(type_key)
    if only is not None:
        base = base.select(only)
    if not cols:
        return base
    if not isinstance(cols, dict):
        raise TypeError(f"records of {type_key} are not columns")
    n = len(cols.get("id", []))
    data: dict[str, Any] = {}
    for col, dtype in base.schema.items():
        values = cols.get(col)
        if values is None:
            values = [None] * n
        if len(values) != n:
            raise ValueError(f"column {type_key}.{col} has {len(values)} values, expected {n}")
        data[col] = _series(col, values, dtype)
    ids = data.get("id")
    if ids is not None and ids.len():
        if ids.null_count() or ids.n_unique() != ids.len() or not 1 <= (ids.min() or 0) <= MAX_ID:
            raise ValueError(f"records.{type_key} has missing, repeated or out-of-range ids")
        if (ids.max() or 0) > MAX_ID:
            raise ValueError(f"records.{type_key} has ids beyond 2**53")
    return pl.DataFrame(data)


def _links_frame(cols: dict[str, list[Any]] | None) -> pl.DataFrame:
    if not cols:
        return empty_links()
    return pl.DataFrame({c: _series(c, cols[c], t) for c, t in LINK_SCHEMA.items()})


def _series(name: str, values: Any, dtype: Any) -> pl.Series:
    if isinstance(values, JsonColumn):
        return values.series(name, dtype)
    return pl.Series(name, values, dtype=dtype, strict=True)
