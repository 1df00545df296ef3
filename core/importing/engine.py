"""Planning an import: every outcome computed, nothing written (the dry run).

:func:`plan_import` computes every outcome without touching the store;
:func:`relimport.core.importing.applying.changes_of` and
:func:`relimport.core.importing.applying.journal_entry` say what applying it writes.
The front door that strings them together with a store, for a file or a workbook, is
:func:`relimport.core.importing.run.run_import`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import polars as pl

from relimport.core.domain.errors import Cancelled
from relimport.core.domain.objects import OBJECT_TYPES, kind_types
from relimport.core.domain.options import ImportOptions
from relimport.core.files.reader import Table
from relimport.core.importing.applying import JOURNAL_PROBLEMS, problem_rows
from relimport.core.importing.planning import (
    CandidateRecords,
    build_report,
    company_hint,
    firma_links,
    other_type,
    rel_id_of,
    resolve_type,
)
from relimport.core.importing.report import ImportReport
from relimport.core.mapping import columns as mp
from relimport.core.mapping.columns import COMPANY_PREFIX, Mapping
from relimport.core.mapping.decisions import Decision
from relimport.core.resolve.keys import Candidates
from relimport.core.resolve.links import ColumnOutcome, LinkState, LookedUp, look_up_column, resolve_column
from relimport.core.resolve.problems import add_candidate_fields, concat_problems, to_problems
from relimport.core.resolve.records import RecordsResult
from relimport.core.resolve.resolutions import column_fixes, label_resolved, plan_creations
from relimport.core.resolve.suggest import add_suggestions
from relimport.core.store.model import FIRMA, StoreData, empty_links

Progress = Callable[[str, int, int], None]
CancelCheck = Callable[[], bool]


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
    new_aliases: list[tuple[str, str, str | None, int]] = field(default_factory=list)


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

    ``decisions`` settle values of relationship columns (see relimport.core.resolve.resolutions); the
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

    # Candidates of each type: the store's records plus those this import creates (the
    # results filled in below; with this import's updates applied, so a renamed record is
    # found by its new name).
    all_records = CandidateRecords(data, results, batch_id)
    states: dict[int, LinkState] = {}
    cand_cache: dict[str, Candidates] = {}
    rel_cols = [c for c in cols if c.target == "rel"]
    targets = {c.header: other_type(data, c) for c in rel_cols}

    def cands(type_key: str) -> Candidates:
        if type_key not in cand_cache:
            cand_cache[type_key] = Candidates(
                type_key, partial(all_records.columns, type_key), holds=partial(all_records.holds, type_key)
            )
        return cand_cache[type_key]

    def state(rel_id: int) -> LinkState:
        if rel_id not in states:
            states[rel_id] = LinkState(
                data.rel(rel_id), data.links.get(rel_id, empty_links()), records=all_records.columns
            )
        return states[rel_id]

    # Values naming records of a type this file does not import are looked up while the
    # file's own records are resolved (in two threads; the store's records are all their
    # candidates). Decisions that create records wait: those records are candidates too.
    early: dict[int, Future[LookedUp]] = {}
    if (os.cpu_count() or 1) > 1 and not any(d.action == "create" for d in decisions):
        imported = {t.key for t in kind_types(kind)}
        jobs = {}
        for i, c in enumerate(rel_cols):
            other = targets[c.header]
            if other not in imported:
                fixes = column_fixes(data, c.header, other, decisions, {})
                cells = frame.select("__row", pl.col(c.header).alias("cell"))
                jobs[i] = partial(look_up_column, c, other, cells, cands(other), fixes)
        early = dict(zip(jobs, _in_background(list(jobs.values())), strict=True))

    company_col = None
    if kind == "person_company":
        cfields = {
            c.field.removeprefix(COMPANY_PREFIX): c.header
            for c in cols
            if c.target == "field" and c.field and c.field.startswith(COMPANY_PREFIX)
        }
        if cfields:
            cmode = "upsert" if options.mode in ("upsert", "create") else options.mode
            res, probs = resolve_type(
                data,
                frame,
                "company",
                cfields,
                cmode,
                next_id,
                batch_id,
                optional=True,
                decimal=options.decimal,
                date_order=options.date_order,
                decisions=decisions,
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
    hint: pl.DataFrame | None = None  # each row's company id, when known
    if company_col is not None:
        hint = results["company"].rows.select("__row", pl.col("rid").alias(company_col))
    elif main == "person":
        firma_col = next(
            (c for c in cols if c.target == "rel" and c.rel_id == FIRMA.id and c.direction == "out"), None
        )
        if firma_col is not None:
            # "Full name (+ company when given)": a Firma column tells same-named persons apart.
            company_col = "_company"
            fixes = column_fixes(data, firma_col.header, "company", decisions, {})
            hint = company_hint(data, frame, firma_col, company_col, fixes)
    res, probs = resolve_type(
        data,
        frame,
        main,
        fields,
        options.mode,
        next_id,
        batch_id,
        extra=hint,
        company_col=company_col,
        decimal=options.decimal,
        date_order=options.date_order,
        decisions=decisions,
    )
    next_id = res.next_id
    results[main] = res
    problems.append(probs)
    rids[main] = res.rows
    if cancel():
        raise Cancelled()

    # Candidates of each type: the store's records plus those this import creates.
    # (with this import's updates applied, so a renamed record is found by its new name).
    #: The keys each column's values are looked up by (an explicit key, or every key).
    lookup_keys = {
        c.header: (c.match_by,) if c.match_by != "auto" else OBJECT_TYPES[targets[c.header]].match_keys
        for c in rel_cols
    }
    created: dict[str, dict[str, int]] = {}
    creations: dict[str, pl.DataFrame] = {}
    if any(d.action == "create" for d in decisions) and options.mode in ("upsert", "create"):
        creations, created, next_id = plan_creations(decisions, targets, all_records, next_id, batch_id)
        for t, df in creations.items():
            all_records.extend(t, df)

    # Columns of one relationship share its links (a later column sees what an earlier
    # one linked), columns naming one type share its candidates: they run in order.
    # Other columns are independent and run side by side (polars works outside the
    # GIL: two columns use two cores).
    groups: dict[object, list[int]] = {}
    group_of: dict[object, object] = {}
    for i, c in enumerate(rel_cols):
        state(rel_id_of(c))
        cands(targets[c.header])
        rel_key, type_key = ("rel", rel_id_of(c)), ("type", targets[c.header])
        group = group_of.get(rel_key, group_of.get(type_key, rel_key))
        for other_key in (rel_key, type_key):
            joined = group_of.get(other_key)
            if joined is not None and joined != group:  # two groups meet: merge them
                groups[group] = sorted(groups.get(group, []) + groups.pop(joined))
                group_of.update({k: group for k, g in group_of.items() if g == joined})
            group_of[other_key] = group
        groups.setdefault(group, []).append(i)
    resolved: dict[int, ColumnOutcome] = {}
    stop = threading.Event()

    def run_group(indices: list[int]) -> None:
        for i in indices:
            if stop.is_set():
                return
            c = rel_cols[i]
            progress(f"resolving {c.header}", i, len(rel_cols))
            other = targets[c.header]
            cells = rids[c.subject].join(frame.select("__row", pl.col(c.header).alias("cell")), on="__row")
            fixes = column_fixes(data, c.header, other, decisions, created.get(c.header, {}))
            resolved[i] = resolve_column(
                c,
                cells,
                state(rel_id_of(c)),
                cands(other),
                replace=options.replace,
                batch_id=batch_id,
                fixes=fixes,
                looked=early[i].result() if i in early else None,
            )

    _run_side_by_side([partial(run_group, g) for g in groups.values()], stop, cancel)
    outcomes: list[ColumnOutcome] = [resolved[i] for i in range(len(rel_cols))]

    if kind == "person_company" and company_col is not None:
        outcomes.append(firma_links(results, mapping, state(FIRMA.id), cands("company"), options, frame))

    progress("collecting problems", 0, 0)
    link_problems = [o.problems for o in outcomes]
    pframe = concat_problems(problems + link_problems)
    problem_list = to_problems(pframe, all_records)
    problem_list = add_suggestions(problem_list, all_records, lookup_keys)
    problem_list = add_candidate_fields(problem_list, all_records.telling)

    report = build_report(table, mapping, options, results, main, outcomes, problem_list)
    report.created += sum(df.height for df in creations.values())
    own = [r for res in results.values() for r in res.resolved]
    report.resolved = label_resolved(
        own + [{"column": o.header} | r for o in outcomes for r in o.resolved], all_records
    )
    plan = Plan(report, batch_id, next_id, results, states, created=creations)
    for r in own:  # own records settled by a decision to remember
        same = (r["column"], r["value"].casefold())
        d = next((d for d in decisions if (d.column, d.value.strip().casefold()) == same), None)
        if d is not None and d.remember and r["via"] == "decision":
            plan.new_aliases.append((r["type"], d.value, None, r["id"]))
    for d in decisions:
        rid = created.get(d.column, {}).get(d.value) if d.action == "create" else d.id
        if d.remember and rid is not None and d.column in targets:
            # An alias made under match-by auto holds for whichever key the value fits.
            key = lookup_keys[d.column][0] if len(lookup_keys[d.column]) == 1 else None
            plan.new_aliases.append((targets[d.column], d.value, key, rid))
    if problem_list:
        rows = sorted({p.row for p in problem_list})[:JOURNAL_PROBLEMS]
        plan.problem_rows = problem_rows(table, rows)
    return plan


def _in_background(jobs: list[Callable[[], Any]], workers: int = 2) -> list[Future[Any]]:
    """Start ``jobs`` in up to ``workers`` daemon threads (each takes every other job, in
    order); their futures. A job not started yet is skipped once its future is cancelled,
    and a thread ends with its last job, whatever becomes of the caller."""
    futures: list[Future[Any]] = [Future() for _ in jobs]

    def work(indices: range) -> None:
        for k in indices:
            future = futures[k]
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(jobs[k]())
            except BaseException as exc:  # handed to whoever waits for the result
                future.set_exception(exc)

    for w in range(min(workers, len(jobs))):
        thread = threading.Thread(
            target=work, args=(range(w, len(jobs), workers),), name=f"relimport-lookup-{w}", daemon=True
        )
        thread.start()
    return futures


def _run_side_by_side(jobs: list[Callable[[], None]], stop: threading.Event, cancel: CancelCheck) -> None:
    """Run ``jobs`` (at most two at a time), checking ``cancel`` meanwhile: a cancel sets
    ``stop`` (each job checks it between its steps) and raises once they ended."""
    if len(jobs) < 2 or (os.cpu_count() or 1) < 2:
        for job in jobs:
            job()
            if cancel():
                raise Cancelled()
        return
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="relimport-column") as pool:
        pending = {pool.submit(job) for job in jobs}
        while pending:
            done, pending = wait(pending, timeout=0.05, return_when=FIRST_EXCEPTION)
            for future in done:
                if future.exception() is not None:
                    stop.set()
                    future.result()
            if cancel():
                stop.set()
    if stop.is_set() or cancel():
        raise Cancelled()
