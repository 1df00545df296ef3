"""Pieces of planning an import: per-type record resolution, candidate records,
the persons' company hint and the persons-and-companies Firma links.

Split from :mod:`relimport.core.importing.engine`, which strings them together.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from collections.abc import Mapping as AbcMapping
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.files.reader import Table
from relimport.core.importing.report import ImportReport
from relimport.core.mapping.columns import COMPANY_PREFIX, ColumnMap, Mapping
from relimport.core.mapping.decisions import Decision
from relimport.core.resolve.keys import Candidates, candidate_columns
from relimport.core.resolve.links import (
    ColumnOutcome,
    LinkState,
    resolve_column,
    resolve_pieces,
    split_values,
)
from relimport.core.resolve.own_record import settlements
from relimport.core.resolve.problems import concat_problems
from relimport.core.resolve.records import (
    REJECTED,
    RecordsResult,
    clean_fields,
    resolve_records,
)
from relimport.core.resolve.resolutions import Fixes
from relimport.core.store.layout import JsonColumn
from relimport.core.store.memory import apply_cells
from relimport.core.store.model import FIRMA, StoreData, list_aliases
from relimport.core.store.tables import LazyTables

if TYPE_CHECKING:
    from relimport.core.domain.options import ImportOptions


def rel_id_of(c: ColumnMap) -> int:
    """The relationship of a relationship column (mapping.check ensures it has one)."""
    if c.rel_id is None:
        raise ValueError(f"column {c.header!r} is mapped to no relationship")
    return c.rel_id


def other_type(data: StoreData, c: ColumnMap) -> str:
    """The object type a relationship column's values name."""
    rel = data.rel(rel_id_of(c))
    return rel.target if c.direction == "out" else rel.source


def resolve_type(
    data: StoreData,
    frame: pl.DataFrame,
    type_key: str,
    fields: dict[str, str],
    mode: str,
    next_id: int,
    batch_id: int,
    *,
    optional: bool = False,
    extra: pl.DataFrame | None = None,
    company_col: str | None = None,
    decimal: str | None = None,
    date_order: str | None = None,
    decisions: Sequence[Decision] = (),
) -> tuple[RecordsResult, pl.DataFrame]:
    """The record part of ``type_key``: each row's record, created / updated / problem.

    ``decisions`` on the type's identity columns and the store's aliases settle rows
    whose identity names several existing records.
    """
    values, invalid = clean_fields(frame, type_key, fields, decimal=decimal, date_order=date_order)
    if extra is not None:
        values = values.join(extra, on="__row", how="left")
    key_column = next((fields[k] for k in OBJECT_TYPES[type_key].identity if k in fields), "")
    if type_key == "person" and not key_column:
        key_column = fields.get("last_name") or fields.get("first_name") or ""
    res = resolve_records(
        values,
        type_key,
        fields,
        mode,
        data.records[type_key],
        next_id=next_id,
        batch_id=batch_id,
        firma_links=data.links.get(FIRMA.id),
        company_col=company_col,
        key_column=key_column,
        settled=settlements(type_key, fields, decisions, list_aliases(data)),
    )
    probs = res.problems
    if optional:
        # Company columns of a persons-and-companies file: a row without a company is
        # fine, and many persons sharing a company are not duplicates — unless the
        # company's values differ from its first row's (those are named).
        differing = res.differing["__row"] if res.differing is not None else pl.Series([], dtype=pl.Int64)
        differs = pl.col("row").is_in(differing.implode())
        dropped = (pl.col("kind") == "missing_key") | ((pl.col("kind") == "duplicate_in_file") & ~differs)
        probs = probs.filter(~dropped).with_columns(
            pl.col("message").str.replace("; not imported$", "; the row's person gets no company")
        )
        res.rows = res.rows.with_columns(
            pl.when(pl.col("status") == "duplicate")
            .then(pl.lit("shared"))
            .otherwise(pl.col("status"))
            .alias("status")
        )
    return res, concat_problems([invalid, probs])


class CandidateRecords(AbcMapping):
    """Records values may resolve to, per type, built on first use.

    The store's records (only the columns resolution reads, for types this import
    does not write) plus the records this import creates, with its updates applied
    (so a renamed record is found by its new name).
    """

    def __init__(self, data: StoreData, results: dict[str, RecordsResult], batch_id: int) -> None:
        self._data, self._results, self._batch = data, results, batch_id
        self._built: dict[str, pl.DataFrame] = {}

    def __getitem__(self, t: str) -> pl.DataFrame:
        if t not in OBJECT_TYPES:
            raise KeyError(t)
        if t not in self._built:
            recs = self._data.records
            if t in self._results:
                res = self._results[t]
                self._built[t] = pl.concat([apply_cells(recs[t], res.changes, self._batch), res.new_records])
            elif isinstance(recs, LazyTables):
                self._built[t] = recs.view(t, candidate_columns(t))
            else:
                self._built[t] = recs[t].select(candidate_columns(t))
        return self._built[t]

    def columns(self, t: str, cols: tuple[str, ...]) -> pl.DataFrame:
        """The candidates of type ``t`` with only ``cols`` (the store's untouched
        tables give them without building their other columns)."""
        recs = self._data.records
        if t not in self._built and t not in self._results and isinstance(recs, LazyTables):
            return recs.view(t, cols)
        return self[t].select(cols)

    def holds(self, t: str, cols: tuple[str, ...], char: str) -> bool | None:
        """Whether a stored record of type ``t`` has ``char`` in one of ``cols``, read from
        the store file's text without decoding the columns; ``None`` when the records
        are not only the store's unchanged ones."""
        recs = self._data.records
        raw = recs.raw(t) if isinstance(recs, LazyTables) else None
        if raw is None or t in self._results or t in self._built:
            return None
        columns = [raw.get(c) for c in cols]
        if not all(c is None or isinstance(c, JsonColumn) for c in columns):
            return None
        return any(isinstance(c, JsonColumn) and c.contains_char(char) for c in columns)

    def telling(self, t: str, cols: tuple[str, ...]) -> pl.DataFrame:
        """The candidates of type ``t`` with ``cols``, which may be columns resolution does
        not read (a city, a phone): the store's records plus this import's."""
        recs = self._data.records
        if t in self._results:
            return self[t].select(cols)
        store = recs.view(t, cols) if isinstance(recs, LazyTables) else recs[t].select(cols)
        if t not in self._built:
            return store
        # Records "create" decisions add: only the columns they were made with.
        new = self._built[t].join(store.select("id"), on="id", how="anti")
        if not new.height:
            return store
        return pl.concat(
            [store, new.select(pl.col(c) if c in new.columns else pl.lit(None).alias(c) for c in cols)],
            how="vertical_relaxed",
        )

    def extend(self, t: str, new: pl.DataFrame) -> None:
        """Add records created by "create" decisions to the candidates of type ``t``."""
        cur = self[t]
        self._built[t] = pl.concat([cur, new.select(cur.columns)])

    def __iter__(self) -> Iterator[str]:
        return iter(OBJECT_TYPES)

    def __len__(self) -> int:
        return len(OBJECT_TYPES)


def company_hint(
    data: StoreData, frame: pl.DataFrame, col: ColumnMap, out: str, fixes: Fixes | None = None
) -> pl.DataFrame:
    """Each row's company id from its Firma cell, when the cell names exactly one company
    (or ``fixes``, the column's decisions and aliases, settle it)."""
    cells = frame.select("__row", pl.lit(0, dtype=pl.Int64).alias("rid"), pl.col(col.header).alias("cell"))
    cells = cells.filter(pl.col("cell").is_not_null())
    cands = Candidates("company", data.records["company"])
    parts = split_values(cells, col.separator)
    key = None if col.match_by == "auto" else col.match_by
    df, _ = resolve_pieces(parts, key, cands, OBJECT_TYPES["company"].match_keys, fixes)
    one = df.group_by("__row").agg(pl.len().alias("_k"), pl.col("n").first(), pl.col("id").first())
    return one.select(
        "__row", pl.when((pl.col("_k") == 1) & (pl.col("n") == 1)).then(pl.col("id")).alias(out)
    )


def firma_links(
    results: dict[str, RecordsResult],
    mapping: Mapping,
    st: LinkState,
    cands: Candidates,
    options: ImportOptions,
    frame: pl.DataFrame,
) -> ColumnOutcome:
    """Link each person of a persons-and-companies row to the row's company."""
    header = next(
        (c.header for c in mapping.columns if c.target == "field" and c.field == COMPANY_PREFIX + "name"),
        next(c.header for c in mapping.columns if c.field and c.field.startswith(COMPANY_PREFIX)),
    )
    persons = results["person"].rows.select("__row", "rid")
    companies = results["company"].rows.select("__row", pl.col("rid").cast(pl.String).alias("cell"))
    cells = persons.join(companies, on="__row", how="left").join(
        frame.select("__row", pl.col(header).alias("display")), on="__row", how="left"
    )
    col = ColumnMap(
        header,
        "rel",
        rel_id=FIRMA.id,
        direction="out",
        subject="person",
        match_by="id",
        separator=None,
        header_rel_name=FIRMA.name,
    )
    outcome = resolve_column(col, cells, st, cands, replace=options.replace, batch_id=0)
    # The link goes to the row's company, found by the company's identity keys: say which.
    outcome.match_by = ", ".join(results["company"].keys_used) or outcome.match_by
    return outcome


def build_report(
    table: Table,
    mapping: Mapping,
    options: ImportOptions,
    results: dict[str, RecordsResult],
    main: str,
    outcomes: list[ColumnOutcome],
    problems: list,
) -> ImportReport:
    main_rows = results[main].rows
    status_counts = dict(main_rows.group_by("status").len().iter_rows())
    other_counts: dict[str, int] = {}
    for t, r in results.items():
        if t != main:
            other_counts = dict(
                r.rows.filter(pl.col("status") != "shared").group_by("status").len().iter_rows()
            )
    rejected = sum(status_counts.get(s, 0) for s in REJECTED)
    rep = ImportReport(
        file=Path(table.info.path).name,
        kind=mapping.kind,
        mode=options.mode,
        dry_run=options.dry_run,
        rows_total=main_rows.height,
        rows_imported=main_rows.height - rejected,
        rows_with_problems=len({p.row for p in problems}),
        created=status_counts.get("created", 0) + other_counts.get("created", 0),
        updated=status_counts.get("updated", 0) + other_counts.get("updated", 0),
        unchanged=status_counts.get("unchanged", 0) + other_counts.get("unchanged", 0),
        skipped=rejected + status_counts.get("duplicate", 0),
        links_created=sum(o.counts["linked"] for o in outcomes),
        links_existing=sum(o.counts["existing"] for o in outcomes),
        links_replaced=sum(o.counts["replaced"] for o in outcomes),
        problems=problems,
        ignored_columns=mapping.ignored,
        match_keys={o.header: o.match_by for o in outcomes},
    )
    if options.all_or_nothing and problems:
        rep.refused = True
    return rep
