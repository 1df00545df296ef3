"""Rows found by a record id whose name is another record's: the ``renamed`` warning.

An ``Id`` column maps to relimport's record id, which users see, export and re-import.
A file from another system often has an ``Id`` column of its own: its ids then name
relimport's records at random, and every row would rewrite an unrelated record. A row
found by its id that also gives a name differing (in compare form: case and spacing
aside) from that record's is still imported — a re-imported export may rename on
purpose — but warned about, naming both, so the check step shows it before anything
is written.
"""

from __future__ import annotations

import polars as pl

from relimport.core.resolve.keys import full_name_expr, label_expr
from relimport.core.resolve.normalize import form_expr
from relimport.core.resolve.problems import PROBLEM_SCHEMA

#: Statuses of a row that found its record.
_FOUND = ("updated", "unchanged")


def renamed_by_id(
    rows: pl.DataFrame, type_key: str, fields: dict[str, str], existing: pl.DataFrame
) -> pl.DataFrame:
    """``renamed`` for each row found by its id whose name differs from the record's."""
    if type_key == "person":
        if "first_name" not in fields or "last_name" not in fields:
            return pl.DataFrame(schema=PROBLEM_SCHEMA)
        name, header = full_name_expr(), fields["last_name"]
    elif "name" in fields:
        name, header = pl.col("name"), fields["name"]
    else:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    if "_ikey" not in rows.columns or not existing.height:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    found = rows.filter((pl.col("_ikey") == "id") & pl.col("status").is_in(_FOUND))
    if not found.height:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    mine = found.select("__row", "rid", "_iraw", name.alias("_name")).filter(pl.col("_name").is_not_null())
    stored = existing.filter(pl.col("id").is_in(mine["rid"].unique().implode())).select(
        "id", label_expr(type_key).alias("_stored")
    )
    hits = mine.join(stored, left_on="rid", right_on="id").filter(
        form_expr("text", pl.col("_name")) != form_expr("text", pl.col("_stored"))
    )
    if not hits.height:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    id_header = fields.get("id", "id")
    return hits.select(
        pl.col("__row").cast(pl.Int64).alias("row"),
        pl.lit(header).alias("column"),
        pl.col("_name").cast(pl.String).alias("value"),
        pl.lit("renamed").alias("kind"),
        pl.format(
            "id {} is '{}' in the store; this row names it '{}' and renames it"
            " (if the column '{}' holds another system's ids, map it to skip)",
            pl.col("_iraw"),
            pl.col("_stored"),
            pl.col("_name"),
            pl.lit(id_header),
        ).alias("message"),
        pl.lit(type_key).alias("cand_type"),
        pl.concat_list(pl.col("rid")).alias("cand_ids"),
    ).cast(PROBLEM_SCHEMA)
