"""The problems of the record part of an import: rows not imported, duplicates, look-alikes.

- rows whose record is not imported (``missing_key``, ``ambiguous``, ``exists``,
  ``no_match``);
- ``duplicate_in_file``: a later row of the same record, naming each of its values
  that differs from the kept row's (never dropped silently);
- ``possible_duplicate``: a new record named like an existing one with another key.
"""

from __future__ import annotations

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.resolve.fields import field_column
from relimport.core.resolve.keys import NAME_COMPANY, full_name_expr, key_columns, key_values, label_expr
from relimport.core.resolve.normalize import form_expr, norm_expr
from relimport.core.resolve.problems import PROBLEM_SCHEMA

#: Field types compared in their compare form when deciding whether a value changed:
#: ``jan@firma.pl`` does not overwrite ``Jan@firma.pl``, nor ``AB 12`` the SKU ``AB-12``.
FORM_COMPARED = ("nip", "regon", "email", "domain", "key_text")


def same_value(ftype: str, a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """Whether two canonical values of a field of type ``ftype`` are the same value."""
    if ftype in FORM_COMPARED:
        return form_expr(ftype, a) == form_expr(ftype, b)
    return a == b


def possible_duplicates(
    rows: pl.DataFrame, type_key: str, fields: dict[str, str], existing: pl.DataFrame
) -> pl.DataFrame:
    """``possible_duplicate`` for a new record named like an existing one with another key.

    A row identified by a key (a NIP, an e-mail, a SKU…) that matches no record creates
    one; when an existing record has the same name, the key probably differs by a typo
    or a spreadsheet that dropped leading zeros (SKU ``00042`` read as ``42``), so the
    record is created and that one named as the candidate.
    """
    created = rows.filter((pl.col("status") == "created") & ~pl.col("_ikey").is_in(["name", NAME_COMPANY]))
    if not created.height or not existing.height:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    if type_key == "person":
        if "first_name" not in fields and "last_name" not in fields:
            return pl.DataFrame(schema=PROBLEM_SCHEMA)
        name = full_name_expr(
            "first_name" if "first_name" in fields else "__none",
            "last_name" if "last_name" in fields else "__none",
        )
        header = fields.get("last_name") or fields["first_name"]
    elif "name" in fields:
        name, header = pl.col("name"), fields["name"]
    else:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    mine = created.select(
        "__row", "_ikey", "_iraw", name.alias("_name"), norm_expr("name", name, cleaned=True).alias("nval")
    )
    mine = mine.filter(pl.col("nval").is_not_null())
    if not mine.height:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    wanted = mine["nval"].unique().implode()
    # Stored names are canonical text, so a cheap lower-case test narrows the records
    # to those that can match before their compare forms are built (a person import
    # into 500,000 persons looks at a handful).
    candidates = existing.select(key_columns(type_key, "name"))
    if type_key == "person":
        words = mine.select(pl.col("nval").str.split(" ").explode().unique()).to_series().implode()
        first_word = [
            pl.col(c).str.to_lowercase().str.split(" ").list.first() for c in ("first_name", "last_name")
        ]
        fits = [w.is_in(words) | w.is_null() for w in first_word]
        candidates = candidates.filter(fits[0] & fits[1])
    else:
        candidates = candidates.filter(pl.col("name").str.to_lowercase().is_in(wanted))
    named = key_values(type_key, candidates, "name")
    named = named.filter(pl.col("nval").is_in(wanted)).select("nval", "id").unique()
    hits = mine.join(named, on="nval")
    if not hits.height:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    # Each record of the same name, by its name and its value of the row's key
    # ('Śruba M8' (id 7, sku 00042)): read for these records only.
    ikeys = [k for k in hits["_ikey"].unique().sort().to_list() if k in existing.columns]
    found = existing.filter(pl.col("id").is_in(hits["id"].unique().implode())).select(
        "id",
        label_expr(type_key).alias("_label"),
        *(pl.col(k).cast(pl.String).alias(f"_kv_{k}") for k in ikeys),
    )
    key_text = pl.col("_ikey").str.replace("_", " ", literal=True)
    picks: list[pl.Expr] = [pl.when(pl.col("_ikey") == k).then(pl.col(f"_kv_{k}")) for k in ikeys]
    kv = pl.coalesce(picks or [pl.lit(None, dtype=pl.String)])
    each = (
        pl.when(kv.is_not_null())
        .then(pl.format("'{}' (id {}, {} {})", "_label", "id", key_text, kv))
        .otherwise(pl.format("'{}' (id {})", "_label", "id"))
    )
    hits = (
        hits.join(found, on="id", how="left")
        .with_columns(each.alias("_each"))
        .sort("__row", "id")
        .group_by("__row", "_ikey", "_iraw", "_name", maintain_order=True)
        .agg(pl.col("id"), pl.col("_each").str.join(", ").alias("_others"))
    )
    label = OBJECT_TYPES[type_key].label_en.lower()
    return hits.select(
        pl.col("__row").cast(pl.Int64).alias("row"),
        pl.lit(header).alias("column"),
        pl.col("_name").cast(pl.String).alias("value"),
        pl.lit("possible_duplicate").alias("kind"),
        pl.format(
            "created as a new {} ({} {}), though {} {} the same name and another {}: the same one?",
            pl.lit(label),
            key_text,
            pl.col("_iraw"),
            pl.col("_others"),
            pl.when(pl.col("id").list.len() > 1).then(pl.lit("have")).otherwise(pl.lit("has")),
            key_text,
        ).alias("message"),
        pl.lit(type_key).alias("cand_type"),
        pl.col("id").alias("cand_ids"),
    )


def differing_values(rows: pl.DataFrame, type_key: str, fields: dict[str, str]) -> pl.DataFrame:
    """``__row``, ``_diff``: each duplicate row's values that differ from its kept row's.

    ``Miasto: 'Kielce' (row 5) differs from 'Opole' (row 3)`` — the kept row (the first
    of the record in the file) is what the record gets; a later row's other value is
    not imported, and is named. Values compare canonical (``125 000,50`` = ``125000.50``);
    text whatever its case (``ACME`` on a later row of ``Acme`` loses nothing worth a word).
    """
    out_schema = pl.Schema({"__row": rows.schema["__row"], "_diff": pl.String()})
    dups = rows.filter(pl.col("status") == "duplicate")
    keys = [k for k in fields if k != "id" and field_column(k) in rows.columns]
    if not dups.height or not keys:
        return pl.DataFrame(schema=out_schema)
    otype = OBJECT_TYPES[type_key]
    kept = rows.select(
        pl.col("__row").alias("_first"), *(pl.col(field_column(k)).alias(f"_kept_{k}") for k in keys)
    )
    joined = dups.select("__row", "_first", *(field_column(k) for k in keys)).join(
        kept, on="_first", how="left"
    )
    parts = []
    for k in keys:
        new, old = pl.col(field_column(k)).cast(pl.String), pl.col(f"_kept_{k}").cast(pl.String)
        ftype = otype.field(k).type
        if ftype == "text":
            same = new.str.to_lowercase() == old.str.to_lowercase()
        else:
            same = same_value(ftype, new, old)
        differs = new.is_not_null() & (old.is_null() | ~same.fill_null(False))
        was = pl.when(old.is_null()).then(pl.lit("an empty cell")).otherwise(pl.format("'{}'", old))
        text = pl.format(
            "{}: '{}' (row {}) differs from {} (row {})", pl.lit(fields[k]), new, "__row", was, "_first"
        )
        parts.append(pl.when(differs).then(text))
    diff = joined.select("__row", pl.concat_str(parts, separator="; ", ignore_nulls=True).alias("_diff"))
    return diff.filter(pl.col("_diff") != "").cast(out_schema)


def _exists_message(type_key: str, fields: dict[str, str]) -> pl.Expr:
    """``company 'Acme' (tax id 1234563218) already exists (id 5); mode create``: the
    record by the name its row gives (the key alone when the row gives none)."""
    label = OBJECT_TYPES[type_key].label_en.lower()
    if type_key == "person":
        name = full_name_expr(
            "first_name" if "first_name" in fields else "__none",
            "last_name" if "last_name" in fields else "__none",
        )
    else:
        name = pl.col("name") if "name" in fields else pl.lit(None, dtype=pl.String)
    by_name = pl.col("_ikey").is_in(["name", NAME_COMPANY])
    key = pl.format("{} {}", pl.col("_ikey").str.replace("_", " ", literal=True), pl.col("_iraw"))
    who = (
        pl.when(by_name)
        .then(pl.format("'{}'", pl.col("_iraw")))
        .when(name.is_not_null())
        .then(pl.format("'{}' ({})", name, key))
        .otherwise(pl.format("with {}", key))
    )
    return pl.format("{} {} already exists (id {}); mode create", pl.lit(label), who, pl.col("id"))


def row_problems(
    rows: pl.DataFrame,
    type_key: str,
    fields: dict[str, str],
    key_column: str,
    differing: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Problems for rows whose record part is not imported, and duplicates.

    ``differing`` (from :func:`differing_values`) names the values of duplicate rows
    that differ from the kept row's, added to their ``duplicate_in_file`` problem.
    """
    label = OBJECT_TYPES[type_key].label_en.lower()
    header_of = {**fields}
    header_of["name"] = fields.get("name") or fields.get("last_name") or fields.get("first_name", "")
    header_of[NAME_COMPANY] = header_of["name"]
    col_expr = pl.col("_ikey").replace_strict(header_of, default=key_column, return_dtype=pl.String)
    value_expr = pl.col("_iraw")
    idents = ", ".join(
        "full name" if k == "name" and type_key == "person" else k.replace("_", " ")
        for k in OBJECT_TYPES[type_key].identity
    )
    msgs = {
        "missing_key": pl.lit(f"row has no value to identify the {label} by ({idents})"),
        "ambiguous": pl.when(pl.col("ids").is_null())
        .then(
            pl.format(
                "{} {} matches {} {} records this file creates; not imported",
                pl.col("_ikey"),
                value_expr,
                pl.col("n"),
                pl.lit(label),
            )
        )
        .otherwise(
            pl.format(
                "{} {} matches {} existing {} records (ids {}); not imported",
                pl.col("_ikey").str.replace(NAME_COMPANY, "name", literal=True),
                value_expr,
                pl.col("n"),
                pl.lit(label),
                pl.col("ids").cast(pl.List(pl.String)).list.join(", "),
            )
        ),
        "exists": _exists_message(type_key, fields),
        "no_match": pl.format("no existing {} with {} {}", pl.lit(label), pl.col("_ikey"), value_expr)
        + pl.when(pl.col("_ikey") == "id")
        .then(pl.format(" (ids are relimport's; if '{}' holds another system's, map it to skip)", col_expr))
        .otherwise(pl.lit("")),
        "duplicate": pl.format(
            "same {} as row {}; links added to that record", pl.lit(label), pl.col("_first")
        )
        + pl.when(pl.col("_diff").is_not_null())
        .then(pl.format("; not imported: {}", pl.col("_diff")))
        .otherwise(pl.lit("")),
    }
    if differing is not None and differing.height and "_diff" not in rows.columns:
        rows = rows.join(differing, on="__row", how="left")
    elif "_diff" not in rows.columns:
        rows = rows.with_columns(pl.lit(None, dtype=pl.String).alias("_diff"))
    frames = []
    for status, message in msgs.items():
        sub = rows.filter(pl.col("status") == status)
        if not sub.height:
            continue
        kind = "duplicate_in_file" if status == "duplicate" else status
        cands = pl.col("ids") if status == "ambiguous" else pl.lit([], dtype=pl.List(pl.Int64))
        frames.append(
            sub.select(
                pl.col("__row").alias("row"),
                (pl.lit(key_column) if status == "missing_key" else col_expr).alias("column"),
                (pl.lit(None, dtype=pl.String) if status == "missing_key" else value_expr).alias("value"),
                pl.lit(kind).alias("kind"),
                message.alias("message"),
                pl.lit(type_key).alias("cand_type"),
                cands.alias("cand_ids"),
            )
        )
    return pl.concat(frames) if frames else pl.DataFrame(schema=PROBLEM_SCHEMA)
