"""Decisions and aliases on a row's *own* record, not only on its relationship values.

A company file's ``Nazwa`` ``Polmet`` names two existing companies: the row is
``ambiguous`` and offered in the resolution queue like a relationship value. The
user's decision (link: this record is that one; create: it is a new one) or an alias
remembered for the value settles it — in the dry run, the import and a recipe's
replay alike. Only a value that names several existing records is settled this way:
a value naming none creates a record as usual, and one naming one record is that
record whatever an alias says.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.mapping.decisions import Decision
from relimport.core.resolve.keys import COMPOUND_SEP, NAME_COMPANY
from relimport.core.resolve.normalize import norm_value
from relimport.core.store.model import Alias

SETTLED_SCHEMA = {"_skey": pl.String, "_sval": pl.String, "_sid": pl.Int64, "_svia": pl.String}


def identity_headers(type_key: str, fields: dict[str, str]) -> dict[str, str]:
    """Identity key → the header its problems name (a person's name: the last name's)."""
    out = {k: fields[k] for k in OBJECT_TYPES[type_key].identity if k in fields}
    name = fields.get("name") or fields.get("last_name") or fields.get("first_name")
    if name:
        out["name"] = name
    return out


def settlements(
    type_key: str, fields: dict[str, str], decisions: Sequence[Decision], aliases: Sequence[Alias]
) -> pl.DataFrame:
    """(identity key, compare form, id or null to create, via) for the decisions on this
    type's identity columns (first) and the aliases of the type."""
    headers = identity_headers(type_key, fields)
    rows: dict[tuple[str, str], tuple[int | None, str]] = {}
    for d in decisions:
        for key, header in headers.items():
            nval = norm_value(key, d.value) if d.column == header and key != "id" else None
            if nval and (key, nval) not in rows:
                rows[(key, nval)] = (None, "created") if d.action == "create" else (d.id, "decision")
    for a in aliases:
        if a.type != type_key:
            continue
        for key in headers:
            nval = norm_value(key, a.value) if key != "id" and a.key in (None, key) else None
            if nval and (key, nval) not in rows:
                rows[(key, nval)] = (a.id, "alias")
    return pl.DataFrame(
        {
            "_skey": [k for k, _ in rows],
            "_sval": [v for _, v in rows],
            "_sid": [i for i, _ in rows.values()],
            "_svia": [via for _, via in rows.values()],
        },
        schema=SETTLED_SCHEMA,
    )


def settle_rows(rows: pl.DataFrame, settled: pl.DataFrame | None, record_ids: pl.Series) -> pl.DataFrame:
    """Settle the rows whose identity names several existing records (``n > 1``).

    ``rows`` has ``_ikey``, ``_ival``, ``n``, ``id``; adds ``_via`` (decision / alias /
    created, else null) and ``_own_create`` (the user chose a new record for the value,
    which also settles a value naming several records the same file creates). A link
    to a record that no longer exists is ignored.
    """
    if settled is None or not settled.height:
        return rows.with_columns(
            pl.lit(None, dtype=pl.String).alias("_via"), pl.lit(False).alias("_own_create")
        )
    settled = settled.filter(pl.col("_sid").is_null() | pl.col("_sid").is_in(record_ids.implode()))
    # A person identified by full name and company is settled by the full name.
    compound = pl.col("_ikey") == NAME_COMPANY
    base = rows.with_columns(
        pl.when(compound).then(pl.lit("name")).otherwise(pl.col("_ikey")).alias("_skey"),
        pl.when(compound)
        .then(pl.col("_ival").str.split(COMPOUND_SEP).list.first())
        .otherwise(pl.col("_ival"))
        .alias("_sval"),
    )
    joined = base.join(settled, on=["_skey", "_sval"], how="left", maintain_order="left")
    hit = (pl.col("n") > 1) & pl.col("_svia").is_not_null()
    create = hit & pl.col("_sid").is_null()
    return joined.with_columns(
        pl.when(create)
        .then(pl.lit(0, dtype=pl.UInt32))
        .when(hit)
        .then(pl.lit(1, dtype=pl.UInt32))
        .otherwise(pl.col("n"))
        .alias("n"),
        pl.when(create).then(None).when(hit).then(pl.col("_sid")).otherwise(pl.col("id")).alias("id"),
        pl.when(hit).then(pl.col("_svia")).alias("_via"),
        (pl.col("_svia") == "created").fill_null(False).alias("_own_create"),
    ).drop("_skey", "_sval", "_sid", "_svia")


def settled_values(rows: pl.DataFrame, type_key: str, fields: dict[str, str]) -> list[dict[str, Any]]:
    """The values settled on the rows' own records (column, value, type, id, via, rows)."""
    if "_via" not in rows.columns:
        return []
    used = rows.filter(pl.col("_via").is_not_null() & pl.col("rid").is_not_null())
    if not used.height:
        return []
    headers = identity_headers(type_key, fields)
    headers[NAME_COMPANY] = headers.get("name", "")
    grouped = used.group_by("_ikey", pl.col("_iraw").str.to_lowercase().alias("_v"), "rid", "_via").agg(
        pl.col("_iraw").first(), pl.len().alias("rows")
    )
    return [
        {"column": headers.get(key, ""), "value": raw, "type": type_key, "id": rid, "via": via, "rows": n}
        for key, _v, rid, via, raw, n in grouped.sort("_iraw").iter_rows()
    ]
