"""One function per CLI command: call core, print the result. No decisions here.

The helpers every command shares are here too: JSON and one-line errors, the console,
the store at a location, checking an output path. ``import`` is in
:mod:`relimport.tui.cli_import`, ``read`` in :mod:`relimport.tui.cli_read`, ``migrate``
in :mod:`relimport.tui.cli_migrate`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from relimport.core.domain.errors import UsageError
from relimport.core.domain.text import visible
from relimport.core.domain.words import plural, type_name


def print_json(obj: Any) -> None:
    """``obj`` as indented JSON on stdout."""
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
        print_json({"error": message, "exit": code} | ({"written": written} if written else {}))


def plain_console():
    """A console for the text output: no highlighting, never cut when piped."""
    from rich.console import Console

    # Piped output is read by scripts and people alike: never cut columns to 80.
    width = None if sys.stdout.isatty() else 240
    return Console(highlight=False, soft_wrap=True, width=width)


def store_at(location: Path | str):
    """The store at ``location``: a JSON file, or a ``postgresql://`` team store."""
    from relimport.core.store.backends import open_store

    return open_store(location, on_wait=_waiting)


def _waiting(message: str) -> None:
    sys.stderr.write(f"relimport: {message}\n")
    sys.stderr.flush()


def check_output_flag(flag: str, path: Path, store_path: Path | str) -> None:
    """``path`` is a place to write an output to (see ``files.export.check_output``)."""
    from relimport.core.files.export import check_output
    from relimport.core.store.backends import own_files

    try:
        check_output(path, own_files(store_path))
    except UsageError as exc:
        raise UsageError(f"{flag} {exc}") from None


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


# --- template ---------------------------------------------------------------------------


def cmd_template(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.domain.objects import parse_kind
    from relimport.core.ops.template import default_template_name, write_template

    kind = parse_kind(args.kind)
    out = args.output or Path(default_template_name(kind))
    check_output_flag("-o", out, store_path)
    n = write_template(store_at(store_path).data, kind, out)
    sys.stderr.write(f"wrote {visible(str(out))} ({plural(n, 'example row')})\n")
    return 0


# --- relations ----------------------------------------------------------------------------


def cmd_relations(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.ops import relations as rel

    sub = args.rel_command or "list"
    store = store_at(store_path)
    if sub == "list":
        counts = rel.link_counts(store.data)
        items = [r.to_json() | {"links": counts.get(r.id, 0)} for r in store.data.relationship_types]
        if getattr(args, "json", False):
            print_json(items)
        else:
            from relimport.tui.render import print_relations

            print_relations(plain_console(), items)
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
            print_json(r.to_json() | {"links": 0})
        else:
            print(f"added {visible(r.label())}")
        return 0
    if sub == "remove":
        with store.transaction() as data:
            r = rel.find_relationship(data, args.name)
            n = rel.remove_relationship(data, r.id, force=args.force)
        if args.json:
            print_json({"removed": r.name, "links_removed": n})
        else:
            print(f"removed {visible(r.name)} and {plural(n, 'link')}")
        return 0
    raise UsageError(f"unknown relations command {sub!r}")


# --- history / undo ---------------------------------------------------------------------


def cmd_history(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.ops.history import history_items

    items = history_items(store_at(store_path).data)
    if args.json:
        print_json(items)
    else:
        from relimport.tui.render import print_history

        print_history(plain_console(), items)
    return 0


def cmd_undo(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.ops.undo import undo_import

    rep = undo_import(store_at(store_path), args.batch)
    if args.json:
        print_json(rep.to_json())
    else:
        print(
            f"undid {rep.batch}: {plural(rep.records_removed, 'record')} and "
            f"{plural(rep.links_removed, 'link')} removed, {plural(rep.values_restored, 'value')} and "
            f"{plural(rep.links_restored, 'link')} restored"
        )
        for line in rep.kept:
            print(f"  kept: {visible(line)}")
    return 0


# --- show / stats -------------------------------------------------------------------------


def cmd_show(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.domain.objects import parse_object_type
    from relimport.core.ops.query import show

    otype = parse_object_type(args.kind)
    view = show(store_at(store_path).data, otype.key, args.key, args.by)
    if args.json:
        print_json(view.to_json())
    else:
        from relimport.tui.render import print_record

        print_record(plain_console(), view)
    return 0


def cmd_stats(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.ops.query import stats

    s = stats(store_at(store_path).data)
    if args.json:
        print_json(s)
    else:
        for t, n in s["records"].items():
            print(f"{type_name(t):21} {n:>12,}")
        print(f"{'links':21} {s['links']:>12,}")
        print(f"{'relationship types':21} {s['relationship_types']:>12,}")
        print(f"{'batches':21} {s['batches']:>12,}")
    return 0


# --- aliases --------------------------------------------------------------------------------


def cmd_aliases(args: argparse.Namespace, store_path: Path) -> int:
    from relimport.core.resolve.resolutions import list_aliases, remove_alias

    sub = args.alias_command or "list"
    store = store_at(store_path)
    if sub == "list":
        items = [a.to_json() for a in list_aliases(store.data)]
        if getattr(args, "json", False):
            print_json(items)
        elif not items:
            print("no aliases")
        else:
            from relimport.tui.words import keys_label

            for a in items:
                by = keys_label(a["type"], a["key"]) if a["key"] else "any key"
                print(f"{type_name(a['type']):14} {a['value']!r:32} → id {a['id']}  (by {by}, {a['time']})")
        return 0
    from relimport.core.domain.objects import parse_object_type

    type_key = parse_object_type(args.kind).key if args.kind else None
    with store.transaction() as data:
        removed = remove_alias(data, args.value, type_key)
    if args.json:
        print_json({"removed": [a.to_json() for a in removed]})
    else:
        for a in removed:
            print(f"removed alias {type_name(a.type)} {a.value!r} → id {a.id}")
    return 0
