"""A row's identity: the identity key it is identified by, within the store and the file.

A row is identified by the first identity key it has a value for (a company row with
a NIP is matched by NIP only; a person by name, or by name and company in a
persons-and-companies file). A row identified by a weaker key can name the record
another row of the same file creates: it is then that record, as it would be if the
record already existed. Used by :func:`relimport.core.resolve.records.resolve_records`.
"""

from __future__ import annotations

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.resolve.fields import field_column
from relimport.core.resolve.keys import COMPOUND_SEP, NAME_COMPANY, full_name_expr
from relimport.core.resolve.normalize import norm_expr


def identity_exprs(
    type_key: str, fields: dict[str, str], company_col: str | None
) -> tuple[dict[str, pl.Expr], pl.Expr, pl.Expr, pl.Expr]:
    """Compare forms to add as columns first, then (key name, normalised value, cell
    text) of the first identity key each row has, read from those columns.

    Each compare form is computed once (the three expressions read it as a column),
    from the canonical values :func:`relimport.core.resolve.fields.clean_fields` gives (not cleaned again).
    """
    otype = OBJECT_TYPES[type_key]
    forms: dict[str, pl.Expr] = {}
    keys: list[tuple[str, pl.Expr, pl.Expr]] = []
    for k in otype.identity:
        if type_key == "person" and k == "name":
            if "first_name" not in fields and "last_name" not in fields:
                continue
            fn = full_name_expr(
                "first_name" if "first_name" in fields else "__none",
                "last_name" if "last_name" in fields else "__none",
            )
            forms["__form_name"] = norm_expr("name", fn, cleaned=True)
            nval = pl.col("__form_name")
            if company_col is not None:
                compound = pl.concat_str([nval, pl.lit(COMPOUND_SEP), pl.col(company_col).cast(pl.String)])
                keys.append(
                    (
                        k,
                        pl.when(pl.col(company_col).is_not_null())
                        .then(pl.lit(None, dtype=pl.String))
                        .otherwise(nval),
                        fn,
                    )
                )
                keys.append((NAME_COMPANY, compound, fn))
                continue
            keys.append((k, nval, fn))
        elif k in fields:
            c = pl.col(field_column(k))
            forms[f"__form_{k}"] = norm_expr(k, c, cleaned=True)
            keys.append((k, pl.col(f"__form_{k}"), c))
    none = pl.lit(None, dtype=pl.String)
    if not keys:
        return forms, none, none, none
    key_name = pl.coalesce([pl.when(v.is_not_null()).then(pl.lit(k)) for k, v, _ in keys])
    key_val = pl.coalesce([v for _, v, _ in keys])
    key_raw = pl.coalesce([pl.when(v.is_not_null()).then(r) for _, v, r in keys])
    return forms, key_name, key_val, key_raw


def _key_value(type_key: str, k: str, fields: dict[str, str]) -> pl.Expr | None:
    """Normalised value of identity key ``k`` for every row (None when not mapped)."""
    if type_key == "person" and k == "name":
        if "first_name" not in fields and "last_name" not in fields:
            return None
        fn = full_name_expr(
            "first_name" if "first_name" in fields else "__none",
            "last_name" if "last_name" in fields else "__none",
        )
        return norm_expr("name", fn, cleaned=True)
    return norm_expr(k, pl.col(field_column(k)), cleaned=True) if k in fields else None


def match_within_file(rows: pl.DataFrame, type_key: str, fields: dict[str, str]) -> pl.DataFrame:
    """A row identified by a weaker key names the record another row of the file creates.

    ``Nowa,111`` then ``Nowa,`` (no NIP): the second row is identified by name, and
    the record the first row creates has that name, so it is that record, exactly as
    it would be if the first row's record already existed.
    """
    order = {k: i for i, k in enumerate(OBJECT_TYPES[type_key].identity)}
    created = rows.filter(pl.col("status") == "created")
    if created["_ikey"].n_unique() < 2:
        return rows
    moved = []
    for k in created["_ikey"].unique().sort().to_list():
        expr = _key_value(type_key, k, fields) if k in order and k != "id" else None
        if expr is None:
            continue
        weak = created.filter(pl.col("_ikey") == k).select("__row", "_ival")
        strong = created.filter(
            pl.col("_ikey").replace_strict(order, default=len(order), return_dtype=pl.Int64) < order[k]
        ).select(pl.col("__row").alias("_by"), expr.alias("_ival"))
        hits = (
            weak.join(strong.drop_nulls("_ival"), on="_ival")
            .group_by("__row")
            .agg(pl.col("_by").min(), pl.len().alias("_hits"))
        )
        moved.append(hits)
    if not moved or not sum(m.height for m in moved):
        return rows
    hits = pl.concat(moved)
    rows = rows.join(hits, on="__row", how="left")
    # Rows that pointed at a re-identified row follow it.
    follow = hits.select(pl.col("__row").alias("_first"), pl.col("_by").alias("_by2"), "_hits")
    rows = rows.join(follow.rename({"_hits": "_hits2"}), on="_first", how="left")
    rows = rows.with_columns(
        pl.coalesce("_hits", "_hits2").alias("_hits"), pl.coalesce("_by", "_by2").alias("_by")
    )
    if "_own_create" in rows.columns:
        # The user chose a new record for a value naming several this file creates.
        chosen = (pl.col("_hits") > 1) & pl.col("_own_create")
        rows = rows.with_columns(
            pl.when(chosen).then(pl.lit("created")).otherwise(pl.col("_via")).alias("_via"),
            pl.when(chosen).then(None).otherwise(pl.col("_hits")).alias("_hits"),
        )
    rows = rows.with_columns(
        pl.when(pl.col("_hits") > 1)
        .then(pl.lit("ambiguous"))
        .when(pl.col("_hits") == 1)
        .then(pl.lit("duplicate"))
        .otherwise(pl.col("status"))
        .alias("status"),
        pl.when(pl.col("_hits") > 1).then(pl.col("_hits").cast(pl.UInt32)).otherwise(pl.col("n")).alias("n"),
        pl.when(pl.col("_hits") == 1).then(pl.col("_by")).otherwise(pl.col("_first")).alias("_first"),
    )
    return rows.drop("_by", "_hits", "_by2", "_hits2")
