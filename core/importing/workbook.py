"""Multi-sheet workbooks: one XLSX/ODS with a sheet per object type, imported as ONE batch.

Sheets are recognised by name (``Firmy``, ``Osoby``, ``Szanse``, ``Companies``…,
via :func:`relimport.core.domain.objects.parse_kind`) or mapped by the user (``--sheet-map``, a
recipe's ``[sheets]``). They are imported in dependency order — companies, then
persons (and persons-and-companies), products, vehicles/spaces, then deals — into
the same in-memory data, so a later sheet's relationship columns find the records
an earlier sheet creates. The sheets' journals are merged into one batch, so one
``undo`` removes all of it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from relimport.core.domain.errors import Cancelled, UsageError
from relimport.core.domain.objects import parse_kind
from relimport.core.domain.options import ImportOptions
from relimport.core.files.reader import FileOptions, preview_table, read_table
from relimport.core.importing.applying import changes_of, journal_entry
from relimport.core.importing.engine import CancelCheck, Progress, plan_import
from relimport.core.importing.notices import ignored_columns, ignored_sheets, refuse_if_strict
from relimport.core.importing.prepare import given_recipe
from relimport.core.importing.report import ImportReport
from relimport.core.importing.request import WORKBOOK_KIND, ImportRequest, ImportResult, SheetResult
from relimport.core.mapping.decisions import Decision
from relimport.core.mapping.precedence import Choices, build_mapping, settle, settle_decisions, settle_sheets
from relimport.core.store.base import StoreBackend
from relimport.core.store.model import Batch
from relimport.core.store.written import note_written

#: Import order: types that others refer to first.
ORDER = ("company", "person_company", "person", "product", "vehicle_space", "deal")


def parse_sheet_map(items: Sequence[str]) -> dict[str, str]:
    """``--sheet-map 'Arkusz1=company'`` items → {sheet: kind}."""
    out = {}
    for item in items:
        name, sep, kind = item.rpartition("=")
        if not sep or not name.strip():
            raise UsageError(f"--sheet-map {item!r}: expected 'SHEET=TYPE'")
        out[name.strip()] = parse_kind(kind.strip())
    return out


def sheet_kinds(path: Path, sheet_map: dict[str, str]) -> tuple[list[tuple[str, str]], list[str]]:
    """The sheets to import with their kinds, in dependency order; and the ignored ones."""
    sheets = preview_table(path, FileOptions(), n_rows=1).info.sheets
    if not sheets:
        raise UsageError(f"{Path(path).name}: not a workbook (no sheets); --workbook needs .xlsx/.ods")
    unknown = [s for s in sheet_map if s not in sheets]
    if unknown:
        raise UsageError(f"--sheet-map: no sheet {unknown[0]!r} in {Path(path).name}")
    picked, ignored = [], []
    for name in sheets:
        kind = sheet_map.get(name)
        if kind is None:
            try:
                kind = parse_kind(name)
            except UsageError:
                ignored.append(name)
                continue
        picked.append((name, parse_kind(kind)))
    if not picked:
        raise UsageError(
            f"{Path(path).name}: no sheet is named after an import type "
            f"(e.g. Firmy, Osoby, Szanse); map them with --sheet-map 'SHEET=TYPE'"
        )
    picked.sort(key=lambda p: ORDER.index(p[1]))
    return picked, ignored


def _sheet_decisions(decisions: Sequence[Decision], sheet: str) -> list[Decision]:
    """Decisions for one sheet: ``column`` as "Sheet: Header" or a bare header (any sheet)."""
    out = []
    prefix = f"{sheet}: "
    for d in decisions:
        if d.column.startswith(prefix):
            out.append(dataclasses.replace(d, column=d.column[len(prefix) :]))
        elif ": " not in d.column:
            out.append(d)
    return out


def _sum_reports(file: str, options: ImportOptions, sheets: list[SheetResult]) -> ImportReport:
    rep = ImportReport(file=file, kind=WORKBOOK_KIND, mode=options.mode, dry_run=options.dry_run)
    for sheet in sheets:
        name, r = sheet.sheet, sheet.report
        for f in (
            "rows_total",
            "rows_imported",
            "rows_with_problems",
            "created",
            "updated",
            "unchanged",
            "skipped",
            "links_created",
            "links_existing",
            "links_replaced",
        ):
            setattr(rep, f, getattr(rep, f) + getattr(r, f))
        rep.problems += [dataclasses.replace(p, column=f"{name}: {p.column}") for p in r.problems]
        rep.ignored_columns += [f"{name}: {c}" for c in r.ignored_columns]
        rep.resolved += [x | {"column": f"{name}: {x['column']}"} for x in r.resolved]
        rep.match_keys.update({f"{name}: {h}": k for h, k in r.match_keys.items()})
    rep.refused = options.all_or_nothing and bool(rep.problems)
    return rep


def merge_batches(batches: list[Batch], rep: ImportReport, sha256: str, recipe: dict[str, Any]) -> Batch:
    """One batch from the sheets' journals (same id): what the first sheet found is the
    value before, what the last wrote the value after, so undo restores the state before."""
    first = batches[0]
    seen: dict[tuple[str, int, str], int] = {}
    ow: dict[str, list[Any]] = {"type": [], "id": [], "field": [], "old": [], "new": []}
    replaced: dict[str, list[Any]] = {"rel": [], "source": [], "target": [], "batch": []}
    for b in batches:
        o = b.overwritten
        for t, rid, fld, old, new in zip(o["type"], o["id"], o["field"], o["old"], o["new"], strict=True):
            k = (t, rid, fld)
            if k in seen:
                ow["new"][seen[k]] = new
                continue
            seen[k] = len(ow["id"])
            for col, v in zip(("type", "id", "field", "old", "new"), (t, rid, fld, old, new), strict=True):
                ow[col].append(v)
        for col in replaced:
            replaced[col] += b.replaced[col]
    return Batch(
        id=first.id,
        time=first.time,
        file=rep.file,
        sha256=sha256,
        kind=WORKBOOK_KIND,
        mode=rep.mode,
        recipe=recipe,
        counts=rep.counts_json(),
        overwritten=ow,
        replaced=replaced,
        problems=[p.to_json() for p in rep.problems[:10_000]],
    )


class _Discard(Exception):
    """All-or-nothing refused the workbook: the sheets applied in the session are dropped."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("all-or-nothing: rows had problems, nothing written")
        self.report = report


def import_workbook(
    store: StoreBackend, req: ImportRequest, *, progress: Progress, cancel: CancelCheck
) -> ImportResult:
    """Import every recognised sheet of ``req.path`` as one batch (or dry-run it).

    Each sheet is planned against the data as the sheets before it left it, in one
    store session: a dry run's session keeps its changes private and drops them; an
    all-or-nothing refusal or a cancel writes nothing.
    """
    path = Path(req.path)
    recipe = given_recipe(req)
    kinds, ignored = sheet_kinds(path, settle_sheets(req.sheet_map, recipe))
    choices = settle(req.choices, Choices.of_recipe(recipe))
    options = choices.import_options(dry_run=req.dry_run)
    warnings = ignored_sheets(ignored)
    refuse_if_strict(choices.strict, warnings)
    decisions = settle_decisions(req.decisions, recipe)
    recipe_doc = recipe.to_dict() if recipe else {}
    sheets: list[SheetResult] = []
    batches: list[Batch] = []
    try:
        with store.session(write=not req.dry_run) as session:
            for i, (name, kind) in enumerate(kinds):
                progress(f"sheet {name}", i, len(kinds))
                data = session.data  # with the earlier sheets' changes
                table = read_table(path, FileOptions(sheet=name), cancel=cancel)
                mapping = build_mapping(data, kind, table)
                notes = [f"sheet {name!r}: {n}" for n in ignored_columns(mapping, table)]
                refuse_if_strict(choices.strict, notes)
                warnings += notes
                sheet_decisions = _sheet_decisions(decisions, name)
                plan = plan_import(data, table, mapping, options, cancel=cancel, decisions=sheet_decisions)
                changes = changes_of(plan)
                batches.append(journal_entry(plan, changes, file_sha256=table.info.sha256, recipe=recipe_doc))
                session.apply(changes)
                sheets.append(SheetResult(name, kind, plan.report))
            report = _sum_reports(path.name, options, sheets)
            report.warnings = warnings
            if not req.dry_run:
                if report.refused:
                    raise _Discard(report)
                if cancel():
                    raise Cancelled()
                progress("writing", 0, 1)
                batch = merge_batches(batches, report, batches[0].sha256, recipe_doc)
                session.journal(batch)
                for r in [report, *(s.report for s in sheets)]:
                    r.batch = batch.label
    except _Discard as exc:
        report = exc.report
    if report.applied:
        note_written(f"batch {report.batch}")  # whatever the store (a file notes it sooner)
        progress("done", 1, 1)
    return ImportResult(report, recipe, sheets=tuple(sheets), ignored_sheets=tuple(ignored))
