"""A :class:`StoreData` changed in memory: applying an import's changes, undoing a batch.

The JSON file store changes its data in memory and writes it whole;
:class:`MemoryStore` keeps data in memory only (tests, the demo builder). Both
hand out :class:`DataSession` objects.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import polars as pl

from relimport.core.store.base import Changes, StoreBackend, UndoReport
from relimport.core.store.model import Batch, StoreData, empty_links, put_alias

# --- applying -----------------------------------------------------------------------


def apply_cells(df: pl.DataFrame, changes: pl.DataFrame, batch_id: int) -> pl.DataFrame:
    """``df`` with the changed cells written and ``modified_batch`` set for those records."""
    if not changes.height:
        return df
    for f in changes["field"].unique().to_list():
        upd = changes.filter(pl.col("field") == f).select("id", pl.col("new").alias("_new"))
        df = (
            df.join(upd, on="id", how="left")
            .with_columns(pl.coalesce(pl.col("_new"), pl.col(f)).alias(f))
            .drop("_new")
        )
    touched = changes["id"].unique().implode()
    return df.with_columns(
        pl.when(pl.col("id").is_in(touched))
        .then(pl.lit(batch_id, dtype=pl.Int64))
        .otherwise(pl.col("modified_batch"))
        .alias("modified_batch")
    )


def _rows(frame: pl.DataFrame | None) -> pl.DataFrame | None:
    """``frame`` when it has rows, else None."""
    return frame if frame is not None and frame.height else None


def apply_changes(data: StoreData, changes: Changes) -> None:
    """Write ``changes`` into ``data``; tables they do not touch are left as they are
    (the JSON store then writes their decoded columns back without building frames)."""
    bid = changes.batch_id
    for type_key in dict.fromkeys([*changes.updated, *changes.created]):
        updated = _rows(changes.updated.get(type_key))
        created = _rows(changes.created.get(type_key))
        if updated is None and created is None:
            continue
        df = data.records[type_key]
        if updated is not None:
            df = apply_cells(df, updated, bid)
        if created is not None:
            df = pl.concat([df, created.select(df.columns)])
        data.records[type_key] = df
    for rel_id in dict.fromkeys([*changes.links_added, *changes.links_removed]):
        added = _rows(changes.links_added.get(rel_id))
        removed = _rows(changes.links_removed.get(rel_id))
        if added is None and removed is None:
            continue
        links = data.links.get(rel_id, empty_links())
        if removed is not None:
            links = links.join(removed.select("source", "target"), on=["source", "target"], how="anti")
        if added is not None:
            new = added.select("source", "target").with_columns(pl.lit(bid, dtype=pl.Int64).alias("batch"))
            links = pl.concat([links, new])
        data.links[rel_id] = links
    for alias in changes.aliases:
        put_alias(data, alias)
    data.next_id = max(data.next_id, changes.next_id)


def journal(data: StoreData, batch: Batch) -> None:
    """Append ``batch`` to the history; the next batch id follows it."""
    data.batches.append(batch)
    data.next_batch = max(data.next_batch, batch.id + 1)


# --- undoing --------------------------------------------------------------------------


def undo_batch(data: StoreData, batch_id: int) -> UndoReport:
    """Undo batch ``batch_id`` in ``data`` (in memory; the journal entry is replaced, not
    changed, so a fork of ``data`` keeps its own)."""
    index = next((i for i, b in enumerate(data.batches) if b.id == batch_id), None)
    if index is None:
        raise KeyError(batch_id)
    batch = data.batches[index]
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
    data.batches[index] = replace(
        batch, status="undone", undone_at=dt.datetime.now().astimezone().isoformat(timespec="seconds")
    )
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
    for (type_key, fld), group in changes.group_by(["type", "field"], maintain_order=True):
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
    for (rel_id,), group in removed.group_by(["rel"], maintain_order=True):
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


# --- sessions ---------------------------------------------------------------------------


class DataSession:
    """A :class:`relimport.core.store.base.StoreSession` over data in memory.

    ``private``: the first change forks the data (:meth:`StoreData.fork`), so the
    data the session started from is never changed; else changes go into it.
    """

    def __init__(self, data: StoreData, *, private: bool) -> None:
        self._data = data
        self._private = private
        #: Whether anything was applied, journalled or undone.
        self.changed = False
        #: What the session journalled or undid, as the user names it (``batch B7``,
        #: ``undo of B7``): what a store notes as written once it saved the session.
        self.written: list[str] = []

    @property
    def data(self) -> StoreData:
        return self._data

    def _edit(self) -> StoreData:
        if self._private and not self.changed:
            self._data = self._data.fork()
        self.changed = True
        return self._data

    def apply(self, changes: Changes) -> None:
        apply_changes(self._edit(), changes)

    def journal(self, batch: Batch) -> None:
        journal(self._edit(), batch)
        self.written.append(f"batch {batch.label}")

    def undo(self, batch_id: int) -> UndoReport:
        report = undo_batch(self._edit(), batch_id)
        self.written.append(f"undo of {report.batch}")
        return report


class MemoryStore:
    """A store that is a :class:`StoreData` in memory (no file, no lock): tests and the
    demo builder run imports and undo through the same interface as the file store."""

    def __init__(self, data: StoreData | None = None) -> None:
        self.data = data if data is not None else StoreData.empty()

    def read(self) -> StoreData:
        return self.data

    @contextlib.contextmanager
    def session(self, *, write: bool = True, timeout: float | None = None) -> Iterator[DataSession]:
        session = DataSession(self.data, private=True)
        yield session
        if write and session.changed:
            # Commit: the caller's StoreData object now holds the session's data.
            vars(self.data).update(vars(session.data))

    @contextlib.contextmanager
    def transaction(self, timeout: float | None = None) -> Iterator[StoreData]:
        yield self.data


def as_store(target: StoreBackend | StoreData) -> StoreBackend:
    """``target`` as a store: a :class:`StoreData` is wrapped in a :class:`MemoryStore`."""
    return MemoryStore(target) if isinstance(target, StoreData) else target
