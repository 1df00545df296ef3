"""Importing: a file (or a workbook's sheets) planned against the store and applied.

Sits on ``resolve``, ``mapping``, ``files``, ``store`` and ``domain``. The one front
door is :func:`run_import` — a file or a workbook, dry run or apply, with the user's
decisions, a recipe or explicit options — used by the CLI, the TUI's import worker,
the demo builder and the tests. Modules and their public names:

- ``run``       the front door: run_import
- ``request``   what a caller asks and gets back: ImportRequest, ImportResult,
  SheetResult, WORKBOOK_KIND
- ``prepare``   a request settled into the table, mapping, options and decisions of
  one file (by the rule of ``mapping.precedence``): Prepared, given_recipe
- ``engine``    the plan (every outcome, nothing written): plan_import, Plan
- ``applying``  what applying a plan writes — the store's changes and the batch's
  journal entry with its problem rows: changes_of, journal_entry, problem_rows
- ``focus``     a small file planned over only the store rows its values can name, when
  the store can fetch rows by value (the team store), else over the whole store
  (inside this layer: plan_focused, focus_of)
- ``planning``  pieces of a plan: per-type record resolution, candidate records,
  the persons' company hint, the persons-and-companies Firma links
- ``workbook``  every sheet named after a type, in dependency order, as one batch:
  import_workbook, sheet_kinds, parse_sheet_map, merge_batches
- ``report``    the outcome in the CLI's JSON shape: ImportReport
- ``notices``   what an import would leave out — ignored columns and sheets, recipe
  columns the file lacks — one line each, a usage error under strict:
  ignored_columns, ignored_sheets, missing_recipe_columns, refuse_if_strict

Every public name is importable from ``relimport.core.importing`` and imported on
first use (see :func:`relimport.core.lazy_exports`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relimport.core import lazy_exports

if TYPE_CHECKING:
    from relimport.core.importing.applying import changes_of, journal_entry, problem_rows
    from relimport.core.importing.engine import Plan, plan_import
    from relimport.core.importing.notices import (
        ignored_columns,
        ignored_sheets,
        missing_recipe_columns,
        refuse_if_strict,
    )
    from relimport.core.importing.prepare import Prepared, given_recipe
    from relimport.core.importing.report import ImportReport
    from relimport.core.importing.request import WORKBOOK_KIND, ImportRequest, ImportResult, SheetResult
    from relimport.core.importing.run import run_import
    from relimport.core.importing.workbook import import_workbook, merge_batches, parse_sheet_map, sheet_kinds

_EXPORTS = {
    "run": ("run_import",),
    "request": ("ImportRequest", "ImportResult", "SheetResult", "WORKBOOK_KIND"),
    "prepare": ("Prepared", "given_recipe"),
    "engine": ("plan_import", "Plan"),
    "applying": ("changes_of", "journal_entry", "problem_rows"),
    "workbook": ("import_workbook", "sheet_kinds", "parse_sheet_map", "merge_batches"),
    "report": ("ImportReport",),
    "notices": ("ignored_columns", "ignored_sheets", "missing_recipe_columns", "refuse_if_strict"),
}

__all__ = [
    "WORKBOOK_KIND",
    "ImportReport",
    "ImportRequest",
    "ImportResult",
    "Plan",
    "Prepared",
    "SheetResult",
    "changes_of",
    "given_recipe",
    "ignored_columns",
    "ignored_sheets",
    "import_workbook",
    "journal_entry",
    "merge_batches",
    "missing_recipe_columns",
    "parse_sheet_map",
    "plan_import",
    "problem_rows",
    "refuse_if_strict",
    "run_import",
    "sheet_kinds",
]

if not TYPE_CHECKING:  # mypy reads the imports above; at run time each name loads on first use
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
