"""The problems of a relationship column: one row per value that was not linked.

Built from the resolved pieces of :func:`relimport.core.resolve.links.resolve_column`
with whole-column expressions; an ambiguous value lists each candidate with the key
it matched, a value found nowhere names the keys it was looked up under.
"""

from __future__ import annotations

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.mapping.columns import ColumnMap
from relimport.core.resolve.lookup import key_words, tried_text
from relimport.core.resolve.problems import CAND_KEYS, PROBLEM_SCHEMA, empty_problems
from relimport.core.store.model import RelationshipType


def _ambiguous_text(bad: pl.DataFrame) -> pl.Series:
    """``(id 1 by id, id 3 by sku)`` for values whose candidates matched by different keys,
    ``by name (ids 3, 4)`` when one key found them all."""
    amb = bad.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_r"), "ids", "ckeys").filter(
        pl.col("ids").is_not_null()
    )
    ids = pl.col("ids").cast(pl.List(pl.String))
    one_key = pl.col("ckeys").list.unique().list.len() == 1
    single = pl.format(
        "by {} (ids {})", pl.col("ckeys").list.first().str.replace_all("_", " "), ids.list.join(", ")
    )
    pairs = (
        amb.filter(~one_key)
        .explode(["ids", "ckeys"])
        .group_by("_r", maintain_order=True)
        .agg(pl.format("id {} by {}", "ids", pl.col("ckeys").str.replace_all("_", " ")).str.join(", "))
        .select("_r", pl.format("({})", "ids").alias("_multi"))
    )
    texts = amb.join(pairs, on="_r", how="left").select(
        "_r", pl.when(one_key).then(single).otherwise(pl.col("_multi")).alias("_t")
    )
    out = pl.DataFrame({"_r": pl.int_range(bad.height, dtype=pl.UInt32, eager=True)})
    return out.join(texts, on="_r", how="left", maintain_order="left")["_t"]


def column_problems(
    df: pl.DataFrame,
    col: ColumnMap,
    rel: RelationshipType,
    other: str,
    keys: tuple[str, ...],
    tried: dict[str, pl.DataFrame],
) -> pl.DataFrame:
    """The problem frame (:data:`PROBLEM_SCHEMA` plus ``cand_keys``) of a resolved column.

    Args:
        df: the resolved pieces with their ``outcome`` and ``kind``.
        keys: the keys values were looked up by; ``tried``: the pieces tried under each.
    """
    bad = df.filter(~pl.col("kind").is_in(["linked", "existing"]))
    if not bad.height:
        return empty_problems()
    other_label = OBJECT_TYPES[other].label_en.lower()
    subject_label = OBJECT_TYPES[col.subject].label_en.lower()
    if "_cur" not in bad.columns:
        bad = bad.with_columns(pl.lit(None, dtype=pl.Int64).alias("_cur"))
    bad = bad.with_columns(
        tried_text(bad["_i"], tried, keys).alias("_tried"),
        _ambiguous_text(bad).alias("_amb"),
    )
    piece = pl.col("piece").fill_null("")
    # The text the user wrote: the cell for an empty piece, the shown value when given.
    value = pl.when(pl.col("outcome") == "invalid").then(pl.col("cell")).otherwise(pl.col("piece"))
    if "display" in bad.columns:
        value = pl.col("display")
    message = (
        pl.when(pl.col("outcome") == "invalid")
        .then(pl.lit("empty value between separators"))
        .when(pl.col("outcome") == "cardinality_multi")
        .then(
            pl.format(
                "{} takes one {} per {}; the cell gives {} values, none linked",
                pl.lit(rel.name),
                pl.lit(other_label),
                pl.lit(subject_label),
                pl.col("nvals"),
            )
        )
        .when(pl.col("outcome") == "not_found")
        .then(pl.format("no {} with {} '{}'", pl.lit(other_label), pl.col("_tried"), piece))
        .when(pl.col("outcome") == "ambiguous")
        .then(
            pl.format(
                "'{}' matches {} {} records {}; not linked",
                piece,
                pl.col("n"),
                pl.lit(other_label),
                pl.col("_amb").fill_null(pl.format("by {}", pl.lit(" or ".join(map(key_words, keys))))),
            )
        )
        .when(pl.col("outcome") == "self_link")
        .then(pl.lit("a record cannot be linked to itself"))
        .when(pl.col("outcome") == "cardinality_conflict")
        .then(
            pl.format(
                "{} allows one target per source; this file gives record {} several, none linked",
                pl.lit(rel.name),
                pl.col("source"),
            )
        )
        .otherwise(
            pl.format(
                "{} {} already has a different {} (id {}); kept (choose replace to change it)",
                pl.lit(OBJECT_TYPES[rel.source].label_en.lower()),
                pl.col("source"),
                pl.lit(rel.name),
                pl.col("_cur"),
            )
        )
    )
    cands = (
        pl.when(pl.col("outcome") == "ambiguous")
        .then(pl.col("ids"))
        .when(pl.col("outcome") == "cardinality_existing")
        .then(pl.concat_list(pl.col("_cur")))
        .otherwise(pl.lit([], dtype=pl.List(pl.Int64)))
    )
    cand_type = (
        pl.when(pl.col("outcome") == "cardinality_existing").then(pl.lit(rel.target)).otherwise(pl.lit(other))
    )
    return bad.select(
        pl.col("__row").cast(pl.Int64).alias("row"),
        pl.lit(col.header).alias("column"),
        value.alias("value"),
        pl.col("kind"),
        message.alias("message"),
        cand_type.alias("cand_type"),
        cands.alias("cand_ids"),
        pl.when(pl.col("outcome") == "ambiguous").then(pl.col("ckeys")).alias(CAND_KEYS),
    ).cast(PROBLEM_SCHEMA)
