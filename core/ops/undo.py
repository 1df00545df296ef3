"""Undo of a batch: restore the state before it, leaving later changes alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from relimport.core.domain.errors import UsageError
from relimport.core.store.model import Batch, StoreData


@dataclass
class UndoReport:
    batch: str
    records_removed: int = 0
    links_removed: int = 0
    values_restored: int = 0
    links_restored: int = 0
    #: What later batches changed and undo therefore left alone, one line each.
    kept: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "batch": self.batch,
            "records_removed": self.records_removed,
            "links_removed": self.links_removed,
            "values_restored": self.values_restored,
            "links_restored": self.links_restored,
            "kept": self.kept,
        }


def parse_batch_id(text: str) -> int:
    t = text.strip().lstrip("Bb#")
    if not t.isdigit():
        raise UsageError(f"batch {text!r}: expected a batch id such as B3 or 3")
    return int(t)


def pick_batch(data: StoreData, batch: str | None) -> Batch:
    """The batch to undo: the named one, or the last one still applied."""
    if batch is None:
        applied = [b for b in data.batches if b.status == "applied"]
        if not applied:
            raise UsageError("nothing to undo: no applied import in the store")
        return applied[-1]
    bid = parse_batch_id(batch)
    try:
        b = data.batch(bid)
    except KeyError:
        raise UsageError(f"no batch B{bid} in the store (see relimport history)") from None
    if b.status != "applied":
        raise UsageError(f"batch {b.label} was already undone ({b.undone_at})")
    return b


def undo_batch(data: StoreData, batch: Batch) -> UndoReport:
    """Undo ``batch`` in ``data`` (in memory); the caller saves."""
    bid = batch.id
    rep = UndoReport(batch.label)
    # Links this batch added go first (records they touch may then become removable).
    for rel_id, links in data.links.items():
        mine = links.filter(pl.col("batch") == bid)
        if mine.height:
            rep.links_removed += mine.height
            data.links[rel_id] = links.filter(pl.col("batch") != bid)

    # Records it created, unless a later batch changed them or links to them.
    referenced = _referenced_ids(data)
    for type_key, df in data.records.items():
        created = df.filter(pl.col("created_batch") == bid)
        if not created.height:
            continue
        later = created.filter((pl.col("modified_batch") != bid) | pl.col("id").is_in(referenced.implode()))
        for rid, mb in later.select("id", "modified_batch").head(20).iter_rows():
            why = f"changed by B{mb}" if mb != bid else "linked by a later import"
            rep.kept.append(f"{type_key} {rid} created by {batch.label} kept: {why}")
        if later.height > 20:
            rep.kept.append(f"... and {later.height - 20} more {type_key} records kept")
        drop = created.join(later.select("id"), on="id", how="anti")["id"]
        rep.records_removed += drop.len()
        data.records[type_key] = df.filter(~pl.col("id").is_in(drop.implode()))

    _restore_values(data, batch, rep)
    _restore_links(data, batch, rep)
    batch.status = "undone"
    batch.undone_at = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return rep


def _referenced_ids(data: StoreData) -> pl.Series:
    ends = [pl.concat([links["source"], links["target"]]) for links in data.links.values() if links.height]
    if not ends:
        return pl.Series("id", [], dtype=pl.Int64)
    return pl.concat(ends).unique().alias("id")


def _restore_values(data: StoreData, batch: Batch, rep: UndoReport) -> None:
    ow = batch.overwritten
    if not ow.get("id"):
        return
    changes = pl.DataFrame(
        ow,
        schema={
            "type": pl.String,
            "id": pl.Int64,
            "field": pl.String,
            "old": pl.String,
            "new": pl.String,
        },
    )
    later_mods = _later_modifications(data, batch)
    for (type_key, fld), group in changes.group_by(["type", "field"]):
        df = data.records[str(type_key)]
        cur = df.select("id", pl.col(str(fld)).alias("_cur"), "modified_batch")
        g = group.join(cur, on="id", how="left")
        ok = g.filter(pl.col("_cur").is_not_null() & (pl.col("_cur") == pl.col("new")))
        for rid, cur_val in (
            g.join(ok.select("id"), on="id", how="anti").select("id", "_cur").head(20).iter_rows()
        ):
            state = "removed" if cur_val is None else f"now {cur_val!r}"
            rep.kept.append(f"{type_key} {rid} {fld}: changed since {batch.label} ({state}), kept")
        if not ok.height:
            continue
        upd = ok.select("id", pl.col("old").alias("_old"))
        df = (
            df.join(upd, on="id", how="left")
            .with_columns(
                pl.when(pl.col("id").is_in(upd["id"].implode()))
                .then(pl.col("_old"))
                .otherwise(pl.col(str(fld)))
                .alias(str(fld))
            )
            .drop("_old")
        )
        data.records[str(type_key)] = df
        rep.values_restored += ok.height
    # modified_batch goes back to the latest other batch that still changes the record.
    for type_key, df in data.records.items():
        touched = changes.filter(pl.col("type") == type_key)["id"]
        if not touched.len():
            continue
        lm = later_mods.filter(pl.col("type") == type_key).select("id", pl.col("batch").alias("_lm"))
        df = (
            df.join(lm, on="id", how="left")
            .with_columns(
                pl.when(pl.col("id").is_in(touched.implode()) & (pl.col("modified_batch") == batch.id))
                .then(pl.coalesce(pl.col("_lm"), pl.col("created_batch")))
                .otherwise(pl.col("modified_batch"))
                .alias("modified_batch")
            )
            .drop("_lm")
        )
        data.records[type_key] = df


def _later_modifications(data: StoreData, batch: Batch) -> pl.DataFrame:
    """(type, id) → latest other applied batch that overwrote a value of the record."""
    frames = []
    for b in data.batches:
        if b.id == batch.id or b.status != "applied" or not b.overwritten.get("id"):
            continue
        frames.append(
            pl.DataFrame(
                {"type": b.overwritten["type"], "id": b.overwritten["id"]},
                schema={"type": pl.String, "id": pl.Int64},
            ).with_columns(pl.lit(b.id, dtype=pl.Int64).alias("batch"))
        )
    if not frames:
        return pl.DataFrame(schema={"type": pl.String, "id": pl.Int64, "batch": pl.Int64})
    return pl.concat(frames).group_by(["type", "id"]).agg(pl.col("batch").max())


def _restore_links(data: StoreData, batch: Batch, rep: UndoReport) -> None:
    rp = batch.replaced
    if not rp.get("rel"):
        return
    removed = pl.DataFrame(
        rp, schema={"rel": pl.Int64, "source": pl.Int64, "target": pl.Int64, "batch": pl.Int64}
    )
    for (rel_id,), group in removed.group_by(["rel"]):
        rid = int(rel_id)
        if rid not in data.links:
            rep.kept.append(f"relationship {rid} was removed since {batch.label}; links not restored")
            continue
        links = data.links[rid]
        busy = group.join(links.select("source"), on="source", how="semi")
        for s, t in busy.select("source", "target").head(20).iter_rows():
            rep.kept.append(f"link {s} → {t} not restored: the record has another link since {batch.label}")
        back = group.join(busy.select("source"), on="source", how="anti").select("source", "target", "batch")
        data.links[rid] = pl.concat([links, back])
        rep.links_restored += back.height
