"""``relimport import FILE``: run an import from the command line and print its report.

The file's type, recipe and options become one import request for core; the outputs
asked for (``--report``, ``--save-recipe``) are checked before anything is imported
and written after; a progress bar shows on a terminal. Printing goes through
:mod:`relimport.tui.render`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from relimport.core.domain.errors import UsageError
from relimport.core.domain.text import visible
from relimport.tui.cli_commands import check_output_flag, plain_console, print_json, store_at


def cmd_import(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.importing.request import ImportRequest
    from relimport.core.importing.run import run_import
    from relimport.core.importing.workbook import parse_sheet_map
    from relimport.core.mapping.precedence import Choices

    workbook = bool(args.workbook or args.sheet_maps)
    if workbook and (args.kind or args.maps or args.report or args.save_recipe):
        raise UsageError(
            "--workbook takes the type from each sheet's name: no --type/--map/--report/--save-recipe"
        )
    req = ImportRequest(
        path=args.file,
        kind=args.kind,
        recipe=args.recipe,
        choices=Choices(
            encoding=args.encoding,
            delimiter=args.delimiter,
            sheet=args.sheet,
            format=getattr(args, "format", None),
            mode=args.mode,
            replace=args.replace,
            all_or_nothing=args.all_or_nothing,
            decimal=getattr(args, "decimal", None),
            date_order=getattr(args, "date_order", None),
            strict=getattr(args, "strict", None),
        ),
        overrides=tuple(args.maps),
        separator=args.separator,
        dry_run=args.dry_run,
        workbook=workbook,
        sheet_map=parse_sheet_map(args.sheet_maps),
    )
    if not workbook:
        _check_outputs(args, store_path)
    show_progress = not (args.json or args.quiet) and sys.stderr.isatty()
    with _progress(show_progress) as progress:
        result = run_import(store_at(store_path), req, progress=progress)
    report = result.report
    for warning in report.warnings:  # what the import leaves out, never silently
        sys.stderr.write(f"relimport: warning: {visible(warning)}\n")
    failed = _write_outputs(args, result)
    if args.json:
        print_json(result.to_json() | ({"error": failed} if failed else {}))
    else:
        from relimport.core.domain.words import plural, type_name
        from relimport.tui.render import line, print_report

        console = plain_console()
        for sheet in result.sheets:
            rep = sheet.report
            console.print(
                line(
                    ("sheet ", "dim"),
                    (sheet.sheet, "dim"),
                    (
                        f" → {type_name(sheet.kind)}: {rep.created:,} created, {rep.updated:,} updated, "
                        f"{plural(rep.links_created, 'link')}, {plural(len(rep.problems), 'problem')}",
                        "dim",
                    ),
                )
            )
        if result.ignored_sheets:
            console.print(line(("sheets not imported: ", "dim"), (", ".join(result.ignored_sheets), "dim")))
        print_report(console, report)
        if report.refused:
            sys.stderr.write("relimport: all-or-nothing: rows had problems, nothing written\n")
    if failed:
        # The batch is in the store: say so, and exit "done, with a problem" (never 1).
        sys.stderr.write(f"relimport: {failed}; batch {report.batch} was written to the store\n")
        return 3
    return result.exit_code


def _write_outputs(args: argparse.Namespace, result: Any) -> str | None:
    """Write --save-recipe and --report after the import.

    Returns None, or — when the import was written and an output then failed (a full
    disk, a folder removed meanwhile) — the one-line reason, so the caller still shows
    the import's result. Before anything was written, the error is raised as usual.
    """
    from relimport.core.domain.errors import RelimportError
    from relimport.core.domain.text import visible

    report = result.report
    try:
        if args.save_recipe and result.recipe is not None:
            from relimport.core.mapping.recipe import save_recipe

            save_recipe(result.recipe, args.save_recipe)
        if args.report and result.table is not None:
            from relimport.core.files.export import export_problems
            from relimport.core.importing.applying import problem_rows

            rows = sorted({p.row for p in report.problems})
            export_problems(args.report, problem_rows(result.table, rows), report.problems)
    except RelimportError as exc:
        if not report.applied:
            raise
        return visible(str(exc))
    return None


def _check_outputs(args: argparse.Namespace, store_path: Path | str) -> None:
    """Refuse --report/--save-recipe paths that cannot or must not be written, before
    anything is imported: the store or one of its own files, the file being imported, a
    directory or special file, a missing or read-only folder."""
    for flag, path, suffixes in (
        ("--report", args.report, (".csv", ".xlsx")),
        ("--save-recipe", args.save_recipe, None),
    ):
        if path is None:
            continue
        if suffixes and path.suffix.lower() not in suffixes:
            raise UsageError(f"{flag} {path}: write .csv or .xlsx")
        if os.path.exists(args.file) and os.path.realpath(path) == os.path.realpath(args.file):
            raise UsageError(f"{flag} {path}: that is the file being imported; choose another name")
        check_output_flag(flag, path, store_path)


class _progress:
    """A rich progress bar on stderr fed by core's progress callback."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            transient=True,
            console=Console(stderr=True),
        )
        self._bar.__enter__()
        task = self._bar.add_task("reading", total=None)

        def update(phase: str, done: int, total: int) -> None:
            self._bar.update(task, description=phase, completed=done, total=total or None)

        return update

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
