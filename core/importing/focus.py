"""A small file planned over only the store rows it can name.

A store that can fetch rows by value (the team store: its sessions have ``focus``)
is given a :class:`relimport.core.store.base.Focus`: the compare forms of the file's
identity values (per imported type and identity key) and relationship values (per
target type and each key a value may be looked up by), the records of the store's
aliases and of the user's decisions, and the relationships planning reads. It answers
with the store's data cut down to the records those values can name and their links
and the records at their other ends (or ``None``: planning reads the store as usual).
The plan is the same as over every record — except "did you mean" suggestions for a
value that names nothing, which compare it with every record: a plan with such a
problem is made again over the whole store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES, kind_types
from relimport.core.domain.options import ImportOptions
from relimport.core.files.reader import Table
from relimport.core.importing.engine import CancelCheck, Plan, Progress, plan_import
from relimport.core.importing.planning import other_type
from relimport.core.mapping.columns import COMPANY_PREFIX, Mapping
from relimport.core.mapping.decisions import Decision
from relimport.core.resolve.fields import clean_fields
from relimport.core.resolve.keys import full_name_expr
from relimport.core.resolve.links import split_values
from relimport.core.resolve.normalize import clean_series, fits_expr, form_series, key_kind
from relimport.core.store.base import Focus
from relimport.core.store.model import FIRMA, StoreData

#: Problems whose plan needs the records a value does not name (see the module's text).
WHOLE_STORE_KINDS = frozenset({"not_found"})
#: Files of more rows read the store as usual (their values are not even collected; the
#: store also refuses a focus of more than ``pgfocus.MAX_VALUES`` values).
MAX_ROWS = 10_000


def plan_focused(
    session: Any,
    data: StoreData,
    table: Table,
    mapping: Mapping,
    options: ImportOptions,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    decisions: Sequence[Decision] = (),
) -> Plan:
    """:func:`plan_import` of ``table`` into ``data`` (the data of store session ``session``),
    over the rows the file can name when the session can fetch just those."""
    narrow = getattr(session, "focus", None)
    if callable(narrow) and table.frame.height <= MAX_ROWS:
        focused = narrow(focus_of(data, table.frame, mapping, options, decisions))
        if focused is not None:
            plan = plan_import(
                focused, table, mapping, options, progress=progress, cancel=cancel, decisions=decisions
            )
            if not any(p.kind in WHOLE_STORE_KINDS for p in plan.report.problems):
                return plan
    return plan_import(data, table, mapping, options, progress=progress, cancel=cancel, decisions=decisions)


def focus_of(
    data: StoreData,
    frame: pl.DataFrame,
    mapping: Mapping,
    options: ImportOptions,
    decisions: Sequence[Decision] = (),
) -> Focus:
    """What the file ``frame`` can name in the store (see :class:`Focus`)."""
    values: dict[str, dict[str, set[str]]] = {}

    def add(type_key: str, key: str, forms: pl.Series) -> None:
        got = values.setdefault(type_key, {}).setdefault(key, set())
        got.update(v for v in forms.drop_nulls().unique().to_list() if v)

    types = [t.key for t in kind_types(mapping.kind)]
    for type_key in types:
        own = type_key == "company" and mapping.kind == "person_company"
        fields = {
            c.field.removeprefix(COMPANY_PREFIX): c.header
            for c in mapping.columns
            if c.target == "field" and c.field and c.field.startswith(COMPANY_PREFIX) == own
        }
        values.setdefault(type_key, {})
        _identity(type_key, frame, fields, options, add)
    rels = {FIRMA.id}
    known = {r.id for r in data.relationship_types}
    for c in mapping.columns:
        if c.target != "rel" or c.rel_id not in known:
            continue  # (a mapping naming no relationship is the plan's error to report)
        rels.add(c.rel_id)
        other = other_type(data, c)
        cells = frame.select("__row", pl.lit(0, dtype=pl.Int64).alias("rid"), pl.col(c.header).alias("cell"))
        cells = cells.filter(pl.col("cell").is_not_null())
        pieces = clean_series(split_values(cells, c.separator)["raw"]).drop_nulls().unique()
        keys = OBJECT_TYPES[other].match_keys if c.match_by == "auto" else (c.match_by,)
        values.setdefault(other, {})
        for key in keys:
            kind = key_kind(key)
            forms = pl.DataFrame({"nval": form_series(kind, pieces, cleaned=True)})
            if c.match_by == "auto":
                forms = forms.filter(fits_expr(kind, pl.col("nval")))
            add(other, key, forms["nval"])
    ids = {int(i) for cols in data.aliases.values() for i in cols.get("id", []) if i is not None}
    ids.update(d.id for d in decisions if d.id is not None)
    return Focus(
        values={t: {k: sorted(v) for k, v in keys.items()} for t, keys in values.items()},
        ids=frozenset(ids),
        rels=tuple(sorted(rels)),
    )


def _identity(
    type_key: str, frame: pl.DataFrame, fields: dict[str, str], options: ImportOptions, add: Any
) -> None:
    """Add the compare forms of the rows' identity values of ``type_key`` (as the file has
    them, and as cleaned into the type's values: either may be what the engine compares)."""
    if not fields:
        return
    cleaned, _ = clean_fields(frame, type_key, fields, decimal=options.decimal, date_order=options.date_order)
    raw = frame.select(pl.col(h).cast(pl.String).alias(f) for f, h in fields.items())
    for source in (raw, cleaned):
        for key in OBJECT_TYPES[type_key].identity:
            if type_key == "person" and key == "name":
                parts = ("first_name", "last_name")
                if not set(parts) & set(source.columns):
                    continue
                names = source.select(
                    (pl.col(f) if f in source.columns else pl.lit(None)).cast(pl.String).alias(f)
                    for f in parts
                ).select(full_name_expr().alias("n"))["n"]
                add(type_key, key, form_series(key_kind(key), clean_series(names)))
            elif key in source.columns:
                col = source[key].cast(pl.String)
                add(type_key, key, form_series(key_kind(key), col))
