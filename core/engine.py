"""The import: plan (dry run) and apply, shared by the TUI and the CLI.

:func:`plan_import` computes every outcome without touching the store;
:func:`run_import` plans under the store's lock and, unless it is a dry run,
applies the plan and saves in one atomic write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from core import mapping as mp
from core.domain import OBJECT_TYPES, kind_types
from core.errors import Cancelled, UsageError
from core.files import Table
from core.keys import Candidates, candidate_columns
from core.links import ColumnOutcome, LinkState, resolve_column, resolve_pieces, split_values
from core.mapping import COMPANY_PREFIX, ColumnMap, Mapping
from core.model import FIRMA, Batch, LazyTables, StoreData, empty_links
from core.problems import concat_problems, to_problems
from core.records import REJECTED, RecordsResult, apply_changes, clean_fields, resolve_records
from core.report import ImportReport
from core.resolutions import Decision, add_alias, column_fixes, label_resolved, plan_creations
from core.store import Store
from core.suggest import add_suggestions

MODES = ("upsert", "create", "update", "link")
#: Problems kept in a batch's journal (the report itself has them all).
JOURNAL_PROBLEMS = 10_000

Progress = Callable[[str, int, int], None]
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class ImportOptions:
    """What the user chose besides the mapping."""

    mode: str = "upsert"
    replace: bool = False
    all_or_nothing: bool = False
    dry_run: bool = False

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise UsageError(f"unknown mode {self.mode!r}: use one of {', '.join(MODES)}")


@dataclass
class Plan:
    """A computed import: the report plus everything needed to apply it."""

    report: ImportReport
    batch_id: int
    next_id: int
    records: dict[str, RecordsResult] = field(default_factory=dict)
    links: dict[int, LinkState] = field(default_factory=dict)
    problem_rows: dict[str, Any] = field(default_factory=dict)
    #: Records created by "create" decisions, by type.
    created: dict[str, pl.DataFrame] = field(default_factory=dict)
    #: Aliases to remember when applied: (type, value, match key, id).
    new_aliases: list[tuple[str, str, str, int]] = field(default_factory=list)


def _noop(*_: Any) -> None:
    return None


def plan_import(
    data: StoreData,
    table: Table,
    mapping: Mapping,
    options: ImportOptions,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    decisions: Sequence[Decision] = (),
) -> Plan:
    """Compute the full outcome of importing ``table`` into ``data`` (writes nothing).

    ``decisions`` settle values of relationship columns (see core.resolutions); the
    store's aliases apply too.
    """
    progress = progress or _noop
    cancel = cancel or (lambda: False)
    mp.check(mapping)
    kind = mapping.kind
    frame = table.frame
    total = frame.height
    batch_id = data.next_batch
    next_id = data.next_id
    progress("resolving records", 0, total)
    cols = mapping.columns
    main = kind_types(kind)[0].key
    results: dict[str, RecordsResult] = {}
    rids: dict[str, pl.DataFrame] = {}
    problems: list[pl.DataFrame] = []

    company_col = None
    if kind == "person_company":
        cfields = {
            c.field.removeprefix(COMPANY_PREFIX): c.header
            for c in cols
            if c.target == "field" and c.field and c.field.startswith(COMPANY_PREFIX)
        }
        if cfields:
            cmode = "upsert" if options.mode in ("upsert", "create") else options.mode
            res, probs = _resolve_type(
                data, frame, "company", cfields, cmode, next_id, batch_id, optional=True
            )
            next_id = res.next_id
            results["company"] = res
            problems.append(probs)
            company_col = "_company"
            rids["company"] = res.rows
    if cancel():
        raise Cancelled()

    fields = {
        c.field: c.header
        for c in cols
        if c.target == "field" and c.field and not c.field.startswith(COMPANY_PREFIX)
    }
    extra = None
    if company_col is not None:
        extra = results["company"].rows.select("__row", pl.col("rid").alias(company_col))
    elif main == "person":
        firma_col = next(
            (c for c in cols if c.target == "rel" and c.rel_id == FIRMA.id and c.direction == "out"), None
        )
        if firma_col is not None:
            # "Full name (+ company when given)": a Firma column tells same-named persons apart.
            company_col = "_company"
            extra = _company_hint(data, frame, firma_col, company_col)
    res, probs = _resolve_type(
        data,
        frame,
        main,
        fields,
        options.mode,
        next_id,
        batch_id,
        extra=extra,
        company_col=company_col,
    )
    next_id = res.next_id
    results[main] = res
    problems.append(probs)
    rids[main] = res.rows
    if cancel():
        raise Cancelled()

    # Candidates of each type: the store's records plus those this import creates.
    # (with this import's updates applied, so a renamed record is found by its new name).
    all_records = _CandidateRecords(data, results, batch_id)
    states: dict[int, LinkState] = {}
    cand_cache: dict[str, Candidates] = {}
    rel_cols = [c for c in cols if c.target == "rel"]
    targets = {c.header: _other(data, c) for c in rel_cols}
    created: dict[str, dict[str, int]] = {}
    extra: dict[str, pl.DataFrame] = {}
    if any(d.action == "create" for d in decisions) and options.mode in ("upsert", "create"):
        extra, created, next_id = plan_creations(decisions, targets, all_records, next_id, batch_id)
        for t, df in extra.items():
            all_records.extend(t, df)

    def cands(type_key: str) -> Candidates:
        if type_key not in cand_cache:
            cand_cache[type_key] = Candidates(type_key, all_records[type_key])
        return cand_cache[type_key]

    def state(rel_id: int) -> LinkState:
        if rel_id not in states:
            states[rel_id] = LinkState(data.rel(rel_id), data.links.get(rel_id, empty_links()))
        return states[rel_id]

    outcomes: list[ColumnOutcome] = []
    for i, c in enumerate(rel_cols):
        progress(f"resolving {c.header}", i, len(rel_cols))
        st = state(c.rel_id)
        other = targets[c.header]
        cells = rids[c.subject].join(frame.select("__row", pl.col(c.header).alias("cell")), on="__row")
        fixes = column_fixes(data, c.header, other, decisions, created.get(c.header, {}))
        outcomes.append(
            resolve_column(
                c, cells, st, cands(other), replace=options.replace, batch_id=batch_id, fixes=fixes
            )
        )
        if cancel():
            raise Cancelled()

    if kind == "person_company" and company_col is not None:
        outcomes.append(_firma_links(results, mapping, state(FIRMA.id), cands("company"), options, frame))

    progress("collecting problems", 0, 0)
    link_problems = [o.problems for o in outcomes]
    pframe = concat_problems(problems + link_problems)
    problem_list = to_problems(pframe, all_records)
    problem_list = add_suggestions(problem_list, all_records, {o.header: o.match_by for o in outcomes})

    report = _report(table, mapping, options, results, main, outcomes, problem_list)
    report.created += sum(df.height for df in extra.values())
    report.resolved = label_resolved(
        [{"column": o.header} | r for o in outcomes for r in o.resolved], all_records
    )
    plan = Plan(report, batch_id, next_id, results, states, created=extra)
    match_by = {o.header: o.match_by for o in outcomes}
    for d in decisions:
        rid = created.get(d.column, {}).get(d.value) if d.action == "create" else d.id
        if d.remember and rid is not None and d.column in targets:
            plan.new_aliases.append((targets[d.column], d.value, match_by.get(d.column, "name"), rid))
    if problem_list:
        rows = sorted({p.row for p in problem_list})[:JOURNAL_PROBLEMS]
        plan.problem_rows = problem_rows(table, rows)
    return plan


def _other(data: StoreData, c: ColumnMap) -> str:
    """The object type a relationship column's values name."""
    rel = data.rel(c.rel_id)
    return rel.target if c.direction == "out" else rel.source


def _resolve_type(
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
) -> tuple[RecordsResult, pl.DataFrame]:
    values, invalid = clean_fields(frame, type_key, fields)
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
    )
    probs = res.problems
    if optional:
        # Company columns of a persons-and-companies file: a row without a company is
        # fine, and many persons sharing a company are not duplicates.
        probs = probs.filter(~pl.col("kind").is_in(["missing_key", "duplicate_in_file"])).with_columns(
            pl.col("message").str.replace(
                "; not imported", "; the row's person gets no company", literal=True
            )
        )
        res.rows = res.rows.with_columns(
            pl.when(pl.col("status") == "duplicate")
            .then(pl.lit("shared"))
            .otherwise(pl.col("status"))
            .alias("status")
        )
    return res, concat_problems([invalid, probs])


class _CandidateRecords(AbcMapping):
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
                self._built[t] = pl.concat(
                    [apply_changes(recs[t], res.changes, self._batch), res.new_records]
                )
            elif isinstance(recs, LazyTables):
                self._built[t] = recs.view(t, candidate_columns(t))
            else:
                self._built[t] = recs[t].select(candidate_columns(t))
        return self._built[t]

    def extend(self, t: str, new: pl.DataFrame) -> None:
        """Add records created by "create" decisions to the candidates of type ``t``."""
        cur = self[t]
        self._built[t] = pl.concat([cur, new.select(cur.columns)])

    def __iter__(self) -> Iterator[str]:
        return iter(OBJECT_TYPES)

    def __len__(self) -> int:
        return len(OBJECT_TYPES)


def _company_hint(data: StoreData, frame: pl.DataFrame, col: ColumnMap, out: str) -> pl.DataFrame:
    """Each row's company id from its Firma cell, when the cell names exactly one company."""
    cells = frame.select("__row", pl.lit(0, dtype=pl.Int64).alias("rid"), pl.col(col.header).alias("cell"))
    cells = cells.filter(pl.col("cell").is_not_null())
    cands = Candidates("company", data.records["company"])
    parts = split_values(cells, col.separator)
    key = None if col.match_by == "auto" else col.match_by
    df, _ = resolve_pieces(parts, key, cands, OBJECT_TYPES["company"].match_keys)
    one = df.group_by("__row").agg(pl.len().alias("_k"), pl.col("n").first(), pl.col("id").first())
    return one.select(
        "__row", pl.when((pl.col("_k") == 1) & (pl.col("n") == 1)).then(pl.col("id")).alias(out)
    )


def _firma_links(
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
    return resolve_column(col, cells, st, cands, replace=options.replace, batch_id=0)


def _report(
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


def problem_rows(table: Table, rows: list[int]) -> dict[str, Any]:
    """Original cells of ``rows`` (for exporting problem rows)."""
    headers = [h for h in table.frame.columns if h != "__row"]
    sub = table.frame.filter(pl.col("__row").is_in(rows)).sort("__row")
    return {
        "headers": headers,
        "rows": [list(r) for r in sub.select(["__row", *headers]).iter_rows()],
    }


# --- applying -----------------------------------------------------------------------


def apply_plan(data: StoreData, plan: Plan, *, file_sha256: str, recipe: dict[str, Any]) -> Batch:
    """Write the plan into ``data`` (in memory) and journal it as a batch."""
    bid = plan.batch_id
    overwritten: dict[str, list[Any]] = {"type": [], "id": [], "field": [], "old": [], "new": []}
    for type_key, res in plan.records.items():
        df = data.records[type_key]
        ch = res.changes
        if ch.height:
            df = apply_changes(df, ch, bid)
            overwritten["type"] += [type_key] * ch.height
            for c in ("id", "field", "old", "new"):
                overwritten[c] += ch[c].to_list()
        if res.new_records.height:
            df = pl.concat([df, res.new_records.select(df.columns)])
        if ch.height or res.new_records.height:
            data.records[type_key] = df
    for type_key, new in plan.created.items():
        df = data.records[type_key]
        data.records[type_key] = pl.concat([df, new.select(df.columns)])
    for type_key, value, key, rid in plan.new_aliases:
        add_alias(data, type_key, value, key, rid)
    replaced: dict[str, list[Any]] = {"rel": [], "source": [], "target": [], "batch": []}
    for rel_id, st in plan.links.items():
        if not st.added.height and not st.replaced.height:
            continue  # untouched: the store keeps writing its decoded columns as they were
        links = st.existing
        if st.added.height:
            links = pl.concat([links, st.added.with_columns(pl.lit(bid, dtype=pl.Int64).alias("batch"))])
        data.links[rel_id] = links
        if st.replaced.height:
            replaced["rel"] += [rel_id] * st.replaced.height
            for c in ("source", "target", "batch"):
                replaced[c] += st.replaced[c].to_list()
    rep = plan.report
    batch = Batch(
        id=bid,
        time=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        file=rep.file,
        sha256=file_sha256,
        kind=rep.kind,
        mode=rep.mode,
        recipe=recipe,
        counts=rep.counts_json(),
        overwritten=overwritten,
        replaced=replaced,
        problems=[p.to_json() for p in rep.problems[:JOURNAL_PROBLEMS]],
        problem_rows=plan.problem_rows or {"headers": [], "rows": []},
    )
    data.batches.append(batch)
    data.next_batch = bid + 1
    data.next_id = plan.next_id
    rep.batch = batch.label
    return batch


def plan_and_apply(
    data: StoreData,
    table: Table,
    mapping: Mapping,
    options: ImportOptions,
    *,
    recipe: dict[str, Any] | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    decisions: Sequence[Decision] = (),
) -> ImportReport:
    """Plan and apply into ``data`` (inside a store transaction).

    Raises:
        Refused: all-or-nothing and some rows had problems (nothing applied).
        Cancelled: the user cancelled before the write.
    """
    progress = progress or _noop
    plan = plan_import(data, table, mapping, options, progress=progress, cancel=cancel, decisions=decisions)
    if plan.report.refused:
        raise Refused(plan.report)
    if cancel and cancel():
        raise Cancelled()
    progress("writing", 0, 1)
    apply_plan(data, plan, file_sha256=table.info.sha256, recipe=recipe or {})
    return plan.report


def run_import(
    store: Store,
    table: Table,
    mapping: Mapping,
    options: ImportOptions,
    *,
    recipe: dict[str, Any] | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    decisions: Sequence[Decision] = (),
) -> ImportReport:
    """Dry-run or apply an import against ``store`` (one atomic write when applied).

    A cancel before the write, an all-or-nothing refusal or any error leaves the
    store file untouched.
    """
    progress = progress or _noop
    if options.dry_run:
        store.reload()
        return plan_import(
            store.data, table, mapping, options, progress=progress, cancel=cancel, decisions=decisions
        ).report
    try:
        with store.transaction() as data:
            report = plan_and_apply(
                data,
                table,
                mapping,
                options,
                recipe=recipe,
                progress=progress,
                cancel=cancel,
                decisions=decisions,
            )
    except Refused as exc:
        return exc.report
    progress("done", 1, 1)
    return report


class Refused(Exception):
    """All-or-nothing refused the import; carries the report of what was found."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("all-or-nothing: rows had problems, nothing written")
        self.report = report
