"""The one front door of an import: :func:`run_import`.

The CLI, the TUI's workers, the demo builder and the tests all import through it:
a file or a whole workbook, a dry run or an applied import, with the user's
decisions, a recipe or explicit options (settled by
:mod:`relimport.core.mapping.precedence`).
"""

from __future__ import annotations

from relimport.core.domain.errors import Cancelled
from relimport.core.importing.applying import changes_of, journal_entry
from relimport.core.importing.engine import CancelCheck, Progress
from relimport.core.importing.focus import plan_focused
from relimport.core.importing.prepare import prepare
from relimport.core.importing.request import ImportRequest, ImportResult
from relimport.core.importing.workbook import import_workbook
from relimport.core.store.base import StoreBackend
from relimport.core.store.memory import as_store
from relimport.core.store.model import StoreData
from relimport.core.store.written import note_written


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


def _never() -> bool:
    return False


def run_import(
    store: StoreBackend | StoreData,
    request: ImportRequest,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ImportResult:
    """Import ``request.path`` into ``store`` (or only compute the outcome: ``request.dry_run``).

    An applied import holds the store's writer lock from reading the store to
    writing it (one atomic write, one batch in the history), so no other writer's
    change is lost. A dry run writes nothing. So does an all-or-nothing import with
    problems (its report says ``refused``), a cancel, or any error.

    Args:
        store: A store (:class:`relimport.core.store.base.StoreBackend`), or data in
            memory (changed in place when the import is applied).
        request: The file, type, recipe, options, decisions; see :class:`ImportRequest`.
        progress: Called as ``progress(phase, done, total)`` (phases: ``reading``,
            ``parsing``, ``resolving …``, ``collecting problems``, ``writing``, ``done``;
            ``sheet NAME`` for workbooks). Cancelling is possible until ``writing``.
        cancel: Polled between steps; True raises
            :class:`relimport.core.domain.errors.Cancelled` (nothing written).

    Raises:
        RelimportError: a file, recipe, mapping or store error the user can fix (one line).
    """
    progress = progress or _no_progress
    cancel = cancel or _never
    backend = as_store(store)
    if request.workbook:
        return import_workbook(backend, request, progress=progress, cancel=cancel)
    with backend.session(write=not request.dry_run) as session:
        prepared = prepare(session.data, request, progress=progress, cancel=cancel)
        plan = plan_focused(
            session,
            session.data,
            prepared.table,
            prepared.mapping,
            prepared.options,
            progress=progress,
            cancel=cancel,
            decisions=prepared.decisions,
        )
        report = plan.report
        report.warnings = list(prepared.warnings)
        if not request.dry_run and not report.refused:
            if cancel():
                raise Cancelled()
            progress("writing", 0, 1)
            changes = changes_of(plan)
            sha256 = prepared.table.info.sha256
            batch = journal_entry(plan, changes, file_sha256=sha256, recipe=prepared.recipe.to_dict())
            session.apply(changes)
            session.journal(batch)
            report.batch = batch.label
    if report.applied:
        note_written(f"batch {report.batch}")  # whatever the store (a file notes it sooner)
        progress("done", 1, 1)
    return ImportResult(report, prepared.recipe, prepared.table, prepared.mapping)
