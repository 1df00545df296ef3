"""The problems of a relationship column: one row per value that was not linked.

Built from the resolved pieces of :func:`relimport.core.resolve.links.resolve_column`
with whole-column expressions; an ambiguous value lists each candidate with the key
it matched, a value found nowhere names the keys it was looked up under, and a record
that keeps its link is named (``deal 'Audyt' already has a different Decydent ('Jan
Kowalski', id 61)``), its name read for those rows only.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.mapping.columns import ColumnMap
from relimport.core.resolve.keys import full_name_expr
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


#: The records of a type with the given columns (the store's plus this import's).
RecordColumns = Callable[[str, tuple[str, ...]], pl.DataFrame]


def _name_columns(type_key: str) -> tuple[tuple[str, ...], pl.Expr]:
    """The columns naming a record of ``type_key`` and its name from them (null when none):
    a person's full name or e-mail, otherwise the name."""
    if type_key == "person":
        return ("first_name", "last_name", "email"), pl.coalesce(full_name_expr(), pl.col("email"))
    return ("name",), pl.col("name")


def record_names(ids: pl.Series, type_key: str, records: RecordColumns | None) -> pl.Series:
    """The name of the record of ``type_key`` each of ``ids`` names (null for a null id,
    a record without a name, or when ``records`` is not given).

    Only the records named are read (one join on their ids, no loop over rows).
    """
    frame = pl.DataFrame({"_id": ids.cast(pl.Int64)})
    wanted = frame["_id"].drop_nulls().unique()
    if records is None or type_key not in OBJECT_TYPES or not wanted.len():
        return pl.Series("_name", [None] * len(ids), dtype=pl.String)
    cols, name = _name_columns(type_key)
    named = (
        records(type_key, ("id", *cols))
        .filter(pl.col("id").is_in(wanted.implode()))
        .select(pl.col("id").cast(pl.Int64).alias("_id"), name.alias("_name"))
        .filter(pl.col("_name").str.strip_chars() != "")
        .unique("_id", keep="first")
    )
    return frame.join(named, on="_id", how="left", maintain_order="left")["_name"]


def _named(name: str, rid: str, *, with_id: bool) -> pl.Expr:
    """``'Jan Kowalski'`` (``'Jan Kowalski', id 61`` ``with_id``), or ``id 61`` without a name."""
    quoted = pl.format("'{}', id {}", name, rid) if with_id else pl.format("'{}'", name)
    return pl.when(pl.col(name).is_not_null()).then(quoted).otherwise(pl.format("id {}", rid))


def column_problems(
    df: pl.DataFrame,
    col: ColumnMap,
    rel: RelationshipType,
    other: str,
    keys: tuple[str, ...],
    tried: dict[str, pl.DataFrame],
    records: RecordColumns | None = None,
) -> pl.DataFrame:
    """The problem frame (:data:`PROBLEM_SCHEMA` plus ``cand_keys``) of a resolved column.

    Args:
        df: the resolved pieces with their ``outcome`` and ``kind``.
        keys: the keys values were looked up by; ``tried``: the pieces tried under each.
        records: the records of a type with some columns, to name the records a link
            was refused for (by their ids when not given).
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
    # Records named in cardinality messages: the source, and the target it keeps.
    card = pl.col("outcome").is_in(["cardinality_conflict", "cardinality_existing"])
    named = bad.select(
        pl.when(card).then(pl.col("source")).alias("s"), pl.when(card).then(pl.col("_cur")).alias("c")
    )
    bad = bad.with_columns(
        record_names(named["s"], rel.source, records).alias("_src_name"),
        record_names(named["c"], rel.target, records).alias("_cur_name"),
    )
    target_label = OBJECT_TYPES[rel.target].label_en.lower()
    source_label = OBJECT_TYPES[rel.source].label_en.lower()
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
                "{} allows one {} per {}; this file gives {} {} several, none linked",
                pl.lit(rel.name),
                pl.lit(target_label),
                pl.lit(source_label),
                pl.lit(source_label),
                _named("_src_name", "source", with_id=False),
            )
        )
        .otherwise(
            pl.format(
                "{} {} already has a different {} ({}); kept (choose replace to change it)",
                pl.lit(source_label),
                _named("_src_name", "source", with_id=False),
                pl.lit(rel.name),
                _named("_cur_name", "_cur", with_id=True),
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
