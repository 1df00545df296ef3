"""Sample import files: field headers, one column per relationship, two real rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from relimport.core.domain.objects import COMPANY, OBJECT_TYPES, kind_types
from relimport.core.files.export import write_table
from relimport.core.mapping.columns import COMPANY_NAME_HEADERS, kind_rel_views
from relimport.core.resolve.keys import full_name_expr
from relimport.core.store.model import FIRMA, StoreData

#: Key used to name a record of each type in a relationship column.
REF_KEY = {
    "person": "email",
    "company": "name",
    "deal": "name",
    "product": "sku",
    "vehicle_space": "code",
}


def _ref(data: StoreData, type_key: str, ids: list[int]) -> str:
    if not ids:
        return ""
    recs = data.records[type_key].filter(pl.col("id").is_in(ids))
    key = REF_KEY[type_key]
    vals = (
        recs.select(pl.coalesce(pl.col(key), pl.col("name") if "name" in recs.columns else full_name_expr()))
        .to_series()
        .drop_nulls()
        .to_list()
    )
    return "; ".join(vals)


def template_rows(data: StoreData, kind: str) -> tuple[list[str], list[list[str]]]:
    """Headers and two example rows for ``kind`` built from the store's records."""
    main = kind_types(kind)[0]
    headers = [f.label_pl for f in main.fields]
    views = kind_rel_views(kind, data.relationship_types)
    if kind == "person_company":
        headers += [COMPANY_NAME_HEADERS[0]] + [
            f.label_pl for f in COMPANY.fields if f.key in ("tax_id", "regon", "domain")
        ]
    headers += [v.header for v in views]
    recs = data.records[main.key]
    linked_ids: set[int] = set()
    for v in views:
        lk = data.links.get(v.rel.id)
        if lk is not None and lk.height:
            linked_ids.update(lk["source" if v.direction == "out" else "target"].head(1000).to_list())
    sample = recs.filter(pl.col("id").is_in(list(linked_ids))).head(2)
    if sample.height < 2:
        sample = pl.concat(
            [
                sample,
                recs.filter(~pl.col("id").is_in(sample["id"].implode())).head(2 - sample.height),
            ]
        )
    rows: list[list[str]] = []
    for rec in sample.iter_rows(named=True):
        row = [rec[f.key] or "" for f in main.fields]
        if kind == "person_company":
            firma = data.links[FIRMA.id].filter(pl.col("source") == rec["id"])["target"].to_list()
            comp = data.records["company"].filter(pl.col("id").is_in(firma)).head(1)
            c = comp.row(0, named=True) if comp.height else {}
            row += [
                c.get("name") or "",
                c.get("tax_id") or "",
                c.get("regon") or "",
                c.get("domain") or "",
            ]
        for v in views:
            lk = data.links.get(v.rel.id)
            ids: list[int] = []
            if lk is not None and lk.height:
                if v.direction == "out":
                    ids = lk.filter(pl.col("source") == rec["id"])["target"].to_list()
                else:
                    ids = lk.filter(pl.col("target") == rec["id"])["source"].to_list()
                if v.rel.symmetric:
                    ids += lk.filter(pl.col("target") == rec["id"])["source"].to_list()
            row.append(_ref(data, v.other, ids))
        rows.append(row)
    return headers, rows


def write_template(data: StoreData, kind: str, path: Path) -> int:
    """Write the sample file (CSV or XLSX by suffix); returns the number of example rows."""
    headers, rows = template_rows(data, kind)
    write_table(path, headers, rows)
    return len(rows)


def default_template_name(kind: str) -> str:
    return f"relimport-sample-{kind}.csv"


__all__ = ["OBJECT_TYPES", "template_rows", "write_template", "default_template_name"]
