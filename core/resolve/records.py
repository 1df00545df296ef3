"""Record identity and modes: which row creates, updates or matches which record.

A row is identified by the first identity key it has a value for: a
company row with a NIP is matched by NIP only (which key, and a row naming a record
another row of the file creates: :mod:`relimport.core.resolve.identity`). Everything
here is columnar: one join of the rows' identity values against the store's key table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.resolve.by_id import renamed_by_id
from relimport.core.resolve.fields import (  # noqa: F401 - re-exported
    BAD_KEY,
    ID_FIELD,
    clean_fields,
    field_column,
)
from relimport.core.resolve.identity import identity_exprs, match_within_file
from relimport.core.resolve.keys import NAME_COMPANY, Candidates, person_company_keys
from relimport.core.resolve.normalize import form_expr
from relimport.core.resolve.own_record import settle_rows, settled_values
from relimport.core.resolve.record_problems import (
    differing_values,
    possible_duplicates,
    row_problems,
    same_value,
)
from relimport.core.store.model import empty_records

#: Row statuses that mean the row's record part was not imported.
REJECTED = ("missing_key", "invalid_key", "ambiguous", "exists", "no_match")


@dataclass
class RecordsResult:
    """Outcome of the record part of an import for one object type."""

    type_key: str
    #: __row, rid (record id or null), status.
    rows: pl.DataFrame
    #: New records in store schema (created_batch/modified_batch = the batch id).
    new_records: pl.DataFrame
    #: Changed cells: id, field, old, new.
    changes: pl.DataFrame
    problems: pl.DataFrame
    next_id: int
    #: Rows of a record already given by an earlier row whose values differ from it
    #: (``__row``, ``_diff``: what is not imported).
    differing: pl.DataFrame | None = None
    #: Rows' own records settled by a decision or an alias (column, value, type, id,
    #: via, rows), as relationship columns report theirs.
    resolved: list[dict[str, Any]] = field(default_factory=list)
    #: The identity keys the rows that found or created a record were identified by,
    #: in the type's order (``("tax_id", "name")``).
    keys_used: tuple[str, ...] = ()


def resolve_records(
    values: pl.DataFrame,
    type_key: str,
    fields: dict[str, str],
    mode: str,
    existing: pl.DataFrame,
    *,
    next_id: int,
    batch_id: int,
    firma_links: pl.DataFrame | None = None,
    company_col: str | None = None,
    key_column: str = "",
    settled: pl.DataFrame | None = None,
) -> RecordsResult:
    """Identify each row's record and decide create / update / problem per ``mode``.

    Args:
        values: cleaned field values from :func:`clean_fields` (plus ``company_col``).
        fields: mapped field key → header (for naming problem columns).
        existing: the store's records of this type.
        firma_links: person→company links, for the persons-and-companies identity.
        company_col: column of ``values`` holding each row's company id (persons only).
        key_column: header to name in ``missing_key`` problems.
        settled: decisions and aliases for identities that name several existing
            records (:func:`relimport.core.resolve.own_record.settlements`).
    """
    otype = OBJECT_TYPES[type_key]
    if "__none" not in values.columns:
        values = values.with_columns(pl.lit(None, dtype=pl.String).alias("__none"))
    if BAD_KEY not in values.columns:
        values = values.with_columns(pl.lit(False).alias(BAD_KEY))
    forms, key_name, key_val, key_raw = identity_exprs(type_key, fields, company_col)
    # A row whose identity value is invalid has no identity (it is rejected below).
    bad = pl.col(BAD_KEY)
    rows = (
        values.with_columns(e.alias(c) for c, e in forms.items())
        .with_columns(
            pl.when(~bad).then(key_name).alias("_ikey"),
            pl.when(~bad).then(key_val).alias("_ival"),
            pl.when(~bad).then(key_raw).alias("_iraw"),
        )
        .drop(list(forms))
    )

    extra = None
    if type_key == "person" and company_col is not None and firma_links is not None:
        extra = person_company_keys(existing, firma_links)
    cands = Candidates(type_key, existing, extra)
    lookups = [
        cands.lookup(k, rows.filter(pl.col("_ikey") == k)["_ival"]).with_columns(pl.lit(k).alias("key"))
        for k in rows["_ikey"].drop_nulls().unique().sort().to_list()
    ]
    table = (
        pl.concat(lookups)
        if lookups
        else pl.DataFrame(
            schema={
                "nval": pl.String,
                "n": pl.UInt32,
                "id": pl.Int64,
                "ids": pl.List(pl.Int64),
                "key": pl.String,
            }
        )
    )
    if table.height:
        rows = rows.join(
            table, left_on=["_ikey", "_ival"], right_on=["key", "nval"], how="left"
        ).with_columns(pl.col("n").fill_null(0))
    else:  # nothing to match against (e.g. the first import of a type)
        rows = rows.with_columns(
            pl.lit(0, dtype=pl.UInt32).alias("n"),
            pl.lit(None, dtype=pl.Int64).alias("id"),
            pl.lit(None, dtype=pl.List(pl.Int64)).alias("ids"),
        )
    rows = settle_rows(rows, settled, existing["id"])

    # First row of each identity is the record; later ones are duplicates in the file.
    # The identity is the matched record's id, or (key, value) for a record still to create.
    matched = pl.col("n") == 1
    group = pl.struct(
        pl.when(matched).then(pl.col("id")).alias("g_id"),
        pl.when(~matched).then(pl.col("_ikey")).alias("g_key"),
        pl.when(~matched).then(pl.col("_ival")).alias("g_val"),
    )
    rows = rows.sort("__row")
    # Fast exact check first: distinct hashes prove distinct identities (the usual case).
    if rows.select(group.hash().n_unique()).item() == rows.height:
        rows = rows.with_columns(pl.lit(False).alias("_dup"))
    else:
        rows = rows.with_columns((~group.is_first_distinct()).alias("_dup"))
    rows = rows.with_columns(pl.col("__row").alias("_first"))
    if rows["_dup"].any():
        # Only the groups that repeat need their first row looked up.
        rep = rows.filter(group.is_duplicated()).with_columns(group.alias("_g"))
        firsts = rep.group_by("_g").agg(pl.col("__row").min().alias("_f"))
        rep = rep.join(firsts, on="_g").select("__row", "_f")
        rows = (
            rows.join(rep, on="__row", how="left")
            .with_columns(pl.coalesce(pl.col("_f"), pl.col("__row")).alias("_first"))
            .drop("_f")
        )
    by_id = pl.col("_ikey") == "id"
    status = (
        pl.when(pl.col(BAD_KEY))
        .then(pl.lit("invalid_key"))
        .when(pl.col("_ikey").is_null())
        .then(pl.lit("missing_key"))
        .when(pl.col("n") > 1)
        .then(pl.lit("ambiguous"))
        .when((pl.col("n") == 0) & (by_id | pl.lit(mode in ("update", "link"))))
        .then(pl.lit("no_match"))
        .when((pl.col("n") == 1) & pl.lit(mode == "create"))
        .then(pl.lit("exists"))
        .when(pl.col("_dup"))
        .then(pl.lit("duplicate"))
        .when(pl.col("n") == 0)
        .then(pl.lit("created"))
        .otherwise(pl.lit("matched"))
    )
    rows = rows.with_columns(status.alias("status"))
    rows = match_within_file(rows, type_key, fields)
    if mode == "link":
        # One row per link is the normal shape of a link file: its rows share a record.
        rows = rows.with_columns(
            pl.when(pl.col("status") == "duplicate")
            .then(pl.lit("shared"))
            .otherwise("status")
            .alias("status")
        )

    # Ids for new records, in row order; a duplicate of a new record takes its first row's id.
    created = pl.col("status") == "created"
    rows = rows.with_columns(
        pl.when(created).then(created.cum_sum().cast(pl.Int64) - 1 + next_id).alias("_nid")
    )
    n_new = int(rows["_nid"].count())
    dup_new = (pl.col("status") == "duplicate") & (pl.col("n") == 0)
    if rows.select(dup_new.any()).item():
        firsts = rows.filter(created).select(pl.col("__row").alias("_first"), pl.col("_nid").alias("_fid"))
        rows = (
            rows.join(firsts, on="_first", how="left")
            .with_columns(pl.when(dup_new).then(pl.col("_fid")).otherwise(pl.col("_nid")).alias("_nid"))
            .drop("_fid")
        )
    rows = rows.with_columns(
        pl.when(pl.col("status").is_in(REJECTED))
        .then(None)
        .otherwise(pl.coalesce(pl.col("id"), pl.col("_nid")))
        .alias("rid")
    )
    next_id += n_new

    field_keys = [f for f in otype.field_keys if f in fields]
    new_records = _new_records(rows, type_key, field_keys, batch_id)
    rows, changes = _updates(rows, existing, type_key, field_keys, mode)
    differing = differing_values(rows, type_key, fields)
    problems = row_problems(rows, type_key, fields, key_column, differing)
    warnings = [possible_duplicates(rows, type_key, fields, existing)]
    if mode != "link":  # link mode touches no field: a differing name renames nothing
        warnings.append(renamed_by_id(rows, type_key, fields, existing))
    warnings = [w for w in warnings if w.height]
    if warnings:
        problems = pl.concat([problems, *warnings])
    return RecordsResult(
        type_key=type_key,
        rows=rows.select("__row", "rid", "status").sort("__row"),
        new_records=new_records,
        changes=changes,
        problems=problems,
        next_id=next_id,
        differing=differing,
        resolved=settled_values(rows, type_key, fields),
        keys_used=_keys_used(rows, type_key),
    )


def _keys_used(rows: pl.DataFrame, type_key: str) -> tuple[str, ...]:
    if "_ikey" not in rows.columns:
        return ()
    order = OBJECT_TYPES[type_key].identity
    used = set(rows.filter(~pl.col("status").is_in(REJECTED))["_ikey"].drop_nulls().unique().to_list())
    named = {NAME_COMPANY: "name"}
    return tuple(k for k in order if k in used or any(named.get(u) == k for u in used))


def _new_records(rows: pl.DataFrame, type_key: str, field_keys: list[str], batch_id: int) -> pl.DataFrame:
    schema = empty_records(type_key).schema
    created = rows.filter(pl.col("status") == "created")
    cols = [
        pl.col("rid").alias("id"),
        pl.lit(batch_id, dtype=pl.Int64).alias("created_batch"),
        pl.lit(batch_id, dtype=pl.Int64).alias("modified_batch"),
    ]
    for f in schema:
        if f in ("id", "created_batch", "modified_batch"):
            continue
        cols.append(pl.col(f) if f in field_keys else pl.lit(None, dtype=pl.String).alias(f))
    return created.select(cols).cast(schema)


def _updates(
    rows: pl.DataFrame, existing: pl.DataFrame, type_key: str, field_keys: list[str], mode: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Mark matched rows updated/unchanged and list the cells they change."""
    change_schema = {"id": pl.Int64, "field": pl.String, "old": pl.String, "new": pl.String}
    matched = rows.filter(pl.col("status") == "matched")
    if mode == "link" or not field_keys or matched.height == 0:
        rows = rows.with_columns(
            pl.when(pl.col("status") == "matched")
            .then(pl.lit("unchanged"))
            .otherwise(pl.col("status"))
            .alias("status")
        )
        return rows, pl.DataFrame(schema=change_schema)
    old = existing.select(["id", *field_keys]).rename({f: f"_old_{f}" for f in field_keys})
    ikey = ["_ikey"] if "_ikey" in matched.columns else []
    joined = matched.select(["__row", "rid", *ikey, *field_keys]).join(old, left_on="rid", right_on="id")
    changes = []
    otype = OBJECT_TYPES[type_key]
    # A row found by its name names the record; its spelling of that name is no new value
    # (``HYDRO-TECH SP. Z O.O.`` finds ``Hydro-Tech Sp. z o.o.`` and leaves it as it is).
    name_fields = ("first_name", "last_name") if type_key == "person" else ("name",)
    by_name = pl.col("_ikey").is_in(["name", NAME_COMPANY]) if ikey else pl.lit(False)
    for f in field_keys:
        new, prev = pl.col(f), pl.col(f"_old_{f}")
        # Values are canonical on both sides; keys compare in their compare form.
        ftype = otype.field(f).type
        same = same_value(ftype, new, prev)
        if f in name_fields:
            same = same.fill_null(False) | (by_name & (form_expr("text", new) == form_expr("text", prev)))
        diff = joined.filter(new.is_not_null() & (prev.is_null() | ~same.fill_null(False)))
        if diff.height:
            changes.append(
                diff.select(
                    pl.col("rid").alias("id"),
                    pl.lit(f).alias("field"),
                    prev.alias("old"),
                    new.alias("new"),
                )
            )
    change_df = pl.concat(changes) if changes else pl.DataFrame(schema=change_schema)
    changed_ids = change_df.select(pl.col("id").unique())
    rows = rows.with_columns(
        pl.when(pl.col("status") == "matched")
        .then(
            pl.when(pl.col("rid").is_in(changed_ids["id"].implode()))
            .then(pl.lit("updated"))
            .otherwise(pl.lit("unchanged"))
        )
        .otherwise(pl.col("status"))
        .alias("status")
    )
    return rows, change_df
