"""One function per CLI command: call core, print the result. No decisions here."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from relimport.core.domain.errors import UsageError
from relimport.core.domain.text import visible


def _print_json(obj: Any) -> None:
    import orjson

    sys.stdout.buffer.write(orjson.dumps(obj, option=orjson.OPT_INDENT_2) + b"\n")


def fail(args: argparse.Namespace, message: str, code: int, *, written: list[str] | None = None) -> None:
    """One line on stderr; with --json also a JSON error object on stdout (``written``:
    what the store holds from this run although the command failed afterwards).

    Control characters of file names or cells in the message are shown visibly.
    """
    from relimport.core.domain.text import visible

    message = visible(message)
    sys.stderr.write(f"relimport: {message}\n")
    if getattr(args, "json", False):
        _print_json({"error": message, "exit": code} | ({"written": written} if written else {}))


def _console():
    from rich.console import Console

    # Piped output is read by scripts and people alike: never cut columns to 80.
    width = None if sys.stdout.isatty() else 240
    return Console(highlight=False, soft_wrap=True, width=width)


def _store(location: Path | str):
    """The store at ``location``: a JSON file, or a ``postgresql://`` team store."""
    from relimport.core.store.backends import open_store

    return open_store(location, on_wait=_waiting)


def _waiting(message: str) -> None:
    sys.stderr.write(f"relimport: {message}\n")
    sys.stderr.flush()


# --- TUI / demo -----------------------------------------------------------------------


def cmd_tui(args: argparse.Namespace, store_path: Path) -> int:
    return _open_tui(store_path)


def _open_tui(store_path: Path, start_dir: Path | None = None) -> int:
    from relimport.tui.terminal import run_guarded

    def run() -> int:
        from relimport.tui.app import run_app

        return run_app(store_path, start_dir=start_dir)

    # The terminal is restored however the app ends (a native crash, a kill).
    return run_guarded(run)


def cmd_demo(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.ops.demo import install_demo

    target, store_file = install_demo(args.dir)
    if args.no_tui:
        print(store_file)
        return 0
    return _open_tui(store_file, target)


# --- import -----------------------------------------------------------------------------


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
        result = run_import(_store(store_path), req, progress=progress)
    report = result.report
    for warning in report.warnings:  # what the import leaves out, never silently
        sys.stderr.write(f"relimport: warning: {visible(warning)}\n")
    failed = _write_outputs(args, result)
    if args.json:
        _print_json(result.to_json() | ({"error": failed} if failed else {}))
    else:
        from relimport.tui.render import line, print_report

        console = _console()
        for sheet in result.sheets:
            rep = sheet.report
            console.print(
                line(
                    ("sheet ", "dim"),
                    (sheet.sheet, "dim"),
                    (
                        f" → {sheet.kind}: {rep.created} created, {rep.updated} updated, "
                        f"{rep.links_created} links, {len(rep.problems)} problems",
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
            from relimport.core.importing.engine import problem_rows

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
        _check_output(flag, path, store_path)


def _check_output(flag: str, path: Path, store_path: Path | str) -> None:
    """``path`` is a place to write an output to (see ``files.export.check_output``)."""
    from relimport.core.files.export import check_output
    from relimport.core.store.backends import own_files

    try:
        check_output(path, own_files(store_path))
    except UsageError as exc:
        raise UsageError(f"{flag} {exc}") from None


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


# --- template ---------------------------------------------------------------------------


def cmd_template(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.domain.objects import parse_kind
    from relimport.core.ops.template import default_template_name, write_template

    kind = parse_kind(args.kind)
    out = args.output or Path(default_template_name(kind))
    _check_output("-o", out, store_path)
    n = write_template(_store(store_path).data, kind, out)
    sys.stderr.write(f"wrote {visible(str(out))} ({n} example rows)\n")
    return 0


# --- relations ----------------------------------------------------------------------------


def cmd_relations(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.ops import relations as rel

    sub = args.rel_command or "list"
    store = _store(store_path)
    if sub == "list":
        counts = rel.link_counts(store.data)
        items = [r.to_json() | {"links": counts.get(r.id, 0)} for r in store.data.relationship_types]
        if getattr(args, "json", False):
            _print_json(items)
        else:
            from relimport.tui.render import print_relations

            print_relations(_console(), items)
        return 0
    if sub == "add":
        with store.transaction() as data:
            r = rel.add_relationship(
                data,
                args.name,
                args.source,
                args.target,
                inverse_name=args.inverse,
                one=args.one,
                symmetric=args.symmetric,
            )
        if args.json:
            _print_json(r.to_json() | {"links": 0})
        else:
            print(f"added {visible(r.label())}")
        return 0
    if sub == "remove":
        with store.transaction() as data:
            r = rel.find_relationship(data, args.name)
            n = rel.remove_relationship(data, r.id, force=args.force)
        if args.json:
            _print_json({"removed": r.name, "links_removed": n})
        else:
            print(f"removed {visible(r.name)} and {n} links")
        return 0
    raise UsageError(f"unknown relations command {sub!r}")


# --- history / undo ---------------------------------------------------------------------


def cmd_history(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.ops.history import history_items

    items = history_items(_store(store_path).data)
    if args.json:
        _print_json(items)
    else:
        from relimport.tui.render import print_history

        print_history(_console(), items)
    return 0


def cmd_undo(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.ops.undo import undo_import

    rep = undo_import(_store(store_path), args.batch)
    if args.json:
        _print_json(rep.to_json())
    else:
        print(
            f"undid {rep.batch}: {rep.records_removed} records and {rep.links_removed} links removed, "
            f"{rep.values_restored} values and {rep.links_restored} links restored"
        )
        for line in rep.kept:
            print(f"  kept: {visible(line)}")
    return 0


# --- show / stats -------------------------------------------------------------------------


def cmd_show(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.domain.objects import parse_object_type
    from relimport.core.ops.query import show

    otype = parse_object_type(args.kind)
    view = show(_store(store_path).data, otype.key, args.key)
    if args.json:
        _print_json(view.to_json())
    else:
        from relimport.tui.render import print_record

        print_record(_console(), view)
    return 0


def cmd_stats(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.ops.query import stats

    s = stats(_store(store_path).data)
    if args.json:
        _print_json(s)
    else:
        for t, n in s["records"].items():
            print(f"{t:18} {n:>12,}")
        print(f"{'links':18} {s['links']:>12,}")
        print(f"{'relationship types':18} {s['relationship_types']:>12,}")
        print(f"{'batches':18} {s['batches']:>12,}")
    return 0


# --- aliases --------------------------------------------------------------------------------


def cmd_aliases(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.resolve.resolutions import list_aliases, remove_alias

    sub = args.alias_command or "list"
    store = _store(store_path)
    if sub == "list":
        items = [a.to_json() for a in list_aliases(store.data)]
        if getattr(args, "json", False):
            _print_json(items)
        elif not items:
            print("no aliases")
        else:
            for a in items:
                print(
                    f"{a['type']:14} {a['value']!r:32} → id {a['id']}"
                    f"  (by {a['key'] or 'any key'}, {a['time']})"
                )
        return 0
    from relimport.core.domain.objects import parse_object_type

    type_key = parse_object_type(args.kind).key if args.kind else None
    with store.transaction() as data:
        removed = remove_alias(data, args.value, type_key)
    if args.json:
        _print_json({"removed": [a.to_json() for a in removed]})
    else:
        for a in removed:
            print(f"removed alias {a.type} {a.value!r} → id {a.id}")
    return 0
