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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relimport.core.domain.errors import UsageError
from relimport.core.domain.objects import parse_kind
from relimport.core.domain.options import ImportOptions
from relimport.core.files.reader import FileOptions, preview_table, read_table
from relimport.core.importing.engine import apply_plan, plan_import
from relimport.core.importing.prepare import build_mapping
from relimport.core.importing.report import ImportReport
from relimport.core.mapping.columns import DEFAULT_SEPARATOR
from relimport.core.mapping.decisions import Decision
from relimport.core.store.jsonfile import Store, load
from relimport.core.store.model import Batch, StoreData

#: Import order: types that others refer to first.
ORDER = ("company", "person_company", "person", "product", "vehicle_space", "deal")
WORKBOOK_KIND = "workbook"


@dataclass
class WorkbookResult:
    """The summed report (same keys as a file's) plus one report per sheet."""

    report: ImportReport
    sheets: list[tuple[str, str, ImportReport]] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return self.report.exit_code

    def to_json(self) -> dict[str, Any]:
        sheets = [{"sheet": name} | rep.to_json() for name, _kind, rep in self.sheets]
        return self.report.to_json() | {"sheets": sheets, "ignored_sheets": list(self.ignored_sheets)}


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


def _apply_sheets(
    data: StoreData,
    path: Path,
    kinds: list[tuple[str, str]],
    options: ImportOptions,
    decisions: Sequence[Decision],
    recipe: dict[str, Any],
    progress: Any,
) -> tuple[list[tuple[str, str, ImportReport]], list[Batch]]:
    """Plan and apply each sheet into ``data`` with the same batch id."""
    bid = data.next_batch
    sheets, batches = [], []
    for i, (name, kind) in enumerate(kinds):
        if progress:
            progress(f"sheet {name}", i, len(kinds))
        table = read_table(path, FileOptions(sheet=name))
        mapping = build_mapping(data, kind, table, None, [], DEFAULT_SEPARATOR)
        data.next_batch = bid
        plan = plan_import(data, table, mapping, options, decisions=_sheet_decisions(decisions, name))
        batches.append(apply_plan(data, plan, file_sha256=table.info.sha256, recipe=recipe))
        data.batches.pop()  # merged below into one batch
        sheets.append((name, kind, plan.report))
    data.next_batch = bid
    return sheets, batches


def _sum_reports(
    file: str, options: ImportOptions, sheets: list[tuple[str, str, ImportReport]]
) -> ImportReport:
    rep = ImportReport(file=file, kind=WORKBOOK_KIND, mode=options.mode, dry_run=options.dry_run)
    for name, _kind, r in sheets:
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


class _Rollback(Exception):
    pass


def import_workbook(
    store: Store,
    path: Path,
    options: ImportOptions,
    *,
    sheet_map: dict[str, str] | None = None,
    decisions: Sequence[Decision] = (),
    recipe: dict[str, Any] | None = None,
    progress: Any = None,
) -> WorkbookResult:
    """Import every recognised sheet of ``path`` as one batch (or dry-run it).

    A dry run applies into a private copy of the store's data and discards it; an
    all-or-nothing refusal writes nothing.
    """
    path = Path(path)
    kinds, ignored = sheet_kinds(path, sheet_map or {})
    if options.dry_run:
        data = load(store.path)
        sheets, _ = _apply_sheets(data, path, kinds, options, decisions, recipe or {}, progress)
        for _n, _k, r in sheets:
            r.batch = None
        return WorkbookResult(_sum_reports(path.name, options, sheets), sheets, ignored)
    result: WorkbookResult | None = None
    try:
        with store.transaction() as data:
            sheets, batches = _apply_sheets(data, path, kinds, options, decisions, recipe or {}, progress)
            rep = _sum_reports(path.name, options, sheets)
            result = WorkbookResult(rep, sheets, ignored)
            if rep.refused:
                raise _Rollback()
            batch = merge_batches(batches, rep, batches[0].sha256, recipe or {})
            data.batches.append(batch)
            data.next_batch = batch.id + 1
            rep.batch = batch.label
    except _Rollback:
        assert result is not None
        for _n, _k, r in result.sheets:
            r.batch = None
    return result
