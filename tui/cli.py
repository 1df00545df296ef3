"""The ``relimport`` command: parses arguments, calls core, prints.

Exit status (as the README lists it): 0 done without problems; 3 done, some rows had
problems (or the import was written and a later step — a ``--report``, or the command
itself, interrupted after the write — did not finish); 1 fatal error, nothing written;
2 usage error. Errors are one line on stderr; with ``--json`` stdout stays one valid JSON
document.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from relimport.core import version
from relimport.core.domain.paths import store_location
from relimport.tui import cli_commands as cmd
from relimport.tui import cli_import, cli_migrate, cli_read


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        sys.stderr.write(f"relimport: {message}\n")
        if "--json" in sys.argv[1:]:  # stdout stays one valid JSON document
            sys.stdout.write(json.dumps({"error": message, "exit": 2}) + "\n")
        raise SystemExit(2)


class _Version(argparse.Action):
    """``--version``: the installed version, read only when asked (reading the package
    metadata costs every other command 20 ms of start-up)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=str(kwargs.get("help", "")))

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        sys.stdout.write(f"relimport {version()}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="relimport", description="Import CRM records with their relationships.")
    p.add_argument(
        "--store",
        type=store_location,
        help="store file or postgresql:// URL (default: $RELIMPORT_STORE or the user data dir)",
    )
    p.add_argument("--version", action=_Version, help="show the version and exit")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    demo = sub.add_parser("demo", help="copy the demo store and sample files to DIR and open the TUI")
    demo.add_argument("dir", nargs="?", type=Path)
    demo.add_argument("--no-tui", action="store_true", help="only copy, print the store path")

    imp = sub.add_parser("import", help="import a file (or --dry-run to check it)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--type", "-t", dest="kind")
    imp.add_argument("--recipe", type=Path)
    imp.add_argument("--map", dest="maps", action="append", default=[], metavar="HEADER=TARGET")
    imp.add_argument("--mode", choices=("upsert", "create", "update", "link"))
    imp.add_argument("--dry-run", action="store_true")
    imp.add_argument("--all-or-nothing", action="store_true", default=None)
    imp.add_argument(
        "--strict",
        action="store_true",
        default=None,
        help="an ignored column or sheet (or a recipe column the file lacks) is an error (exit 2)",
    )
    imp.add_argument("--replace", action="store_true", default=None)
    imp.add_argument("--encoding")
    imp.add_argument("--delimiter")
    imp.add_argument("--sheet")
    imp.add_argument("--format", choices=("csv", "xlsx", "xls", "ods"), help="read as this format")
    imp.add_argument("--separator")
    imp.add_argument("--report", type=Path, help="write problem rows to .csv/.xlsx")
    imp.add_argument("--save-recipe", type=Path)
    imp.add_argument("--json", action="store_true")
    imp.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    imp.add_argument("--workbook", action="store_true", help="import every sheet of a workbook as one batch")
    imp.add_argument("--sheet-map", dest="sheet_maps", action="append", default=[], metavar="SHEET=TYPE")
    imp.add_argument(
        "--decimal",
        choices=(",", "."),
        metavar=",|.",
        help="decimal mark of amounts (default: decided per column)",
    )
    imp.add_argument(
        "--date-order",
        choices=("dmy", "mdy", "ymd"),
        help="order of day, month and year in dates (default: decided per column, day first)",
    )

    tpl = sub.add_parser("template", help="write a sample import file for TYPE")
    tpl.add_argument("kind", metavar="TYPE")
    tpl.add_argument("-o", "--output", type=Path)

    rel = sub.add_parser("relations", help="list, add or remove relationship types")
    rsub = rel.add_subparsers(dest="rel_command", parser_class=_Parser)
    rl = rsub.add_parser("list")
    rl.add_argument("--json", action="store_true")
    ra = rsub.add_parser("add")
    ra.add_argument("name")
    ra.add_argument("--from", dest="source", required=True, metavar="TYPE")
    ra.add_argument("--to", dest="target", required=True, metavar="TYPE")
    ra.add_argument("--inverse")
    ra.add_argument("--one", action="store_true")
    ra.add_argument("--symmetric", action="store_true")
    ra.add_argument("--json", action="store_true")
    rr = rsub.add_parser("remove")
    rr.add_argument("name")
    rr.add_argument("--force", action="store_true")
    rr.add_argument("--json", action="store_true")

    hist = sub.add_parser("history", help="list import batches")
    hist.add_argument("--json", action="store_true")

    undo = sub.add_parser("undo", help="undo a batch (default: the last one)")
    undo.add_argument("batch", nargs="?")
    undo.add_argument("--json", action="store_true")

    show = sub.add_parser("show", help="a record with its links")
    show.add_argument("kind", metavar="TYPE")
    show.add_argument("key", metavar="KEY")
    show.add_argument(
        "--by", metavar="MATCH_KEY", help="look KEY up under this key only (id, name, email, …)"
    )
    show.add_argument("--json", action="store_true")

    al = sub.add_parser("aliases", help="list or remove remembered values (aliases)")
    asub = al.add_subparsers(dest="alias_command", parser_class=_Parser)
    al_list = asub.add_parser("list")
    al_list.add_argument("--json", action="store_true")
    al_rm = asub.add_parser("remove")
    al_rm.add_argument("value")
    al_rm.add_argument("--type", "-t", dest="kind", metavar="TYPE")
    al_rm.add_argument("--json", action="store_true")

    st = sub.add_parser("stats", help="counts of records, links, relationship types, batches")
    st.add_argument("--json", action="store_true")

    cli_read.add_parser(sub)
    cli_migrate.add_parser(sub)
    _store_option_everywhere(p)
    return p


def _store_option_everywhere(parser: argparse.ArgumentParser) -> None:
    """``--store`` works after the command too (``relimport history --store S``)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                sub.add_argument(
                    "--store", type=store_location, default=argparse.SUPPRESS, help="store file or URL"
                )
                _store_option_everywhere(sub)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from relimport.core.domain.errors import RelimportError
    from relimport.core.domain.paths import default_store_location
    from relimport.core.store.written import written_mark, written_since

    store_path = args.store or default_store_location()
    handlers = {
        None: cmd.cmd_tui,
        "demo": cmd.cmd_demo,
        "import": cli_import.cmd_import,
        "template": cmd.cmd_template,
        "relations": cmd.cmd_relations,
        "history": cmd.cmd_history,
        "undo": cmd.cmd_undo,
        "show": cmd.cmd_show,
        "stats": cmd.cmd_stats,
        "aliases": cmd.cmd_aliases,
        "read": cli_read.cmd_read,
        "migrate": cli_migrate.cmd_migrate,
    }
    mark = written_mark()
    try:
        code = handlers[args.command](args, store_path)
    except RelimportError as exc:
        code = _failed(args, str(exc), exc.exit_code, written_since(mark))
    except KeyboardInterrupt:
        done = written_since(mark)
        if done:  # the store holds it: say so, and exit as interrupted (not "nothing written")
            code = EXIT_INTERRUPTED
            cmd.fail(args, f"interrupted; {_was_written(done)}", code, written=done)
        else:
            code = 1
            cmd.fail(args, "interrupted, nothing written", code)
    except MemoryError:
        done = written_since(mark)
        code = _failed(args, "out of memory" + ("" if done else ", nothing written"), 1, done)
    except Exception as exc:  # a bug: still one line; a write is atomic, so the store is whole
        if os.environ.get("RELIMPORT_DEBUG"):
            raise
        done = written_since(mark)
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        what = "internal error" + ("" if done else ", nothing written")
        code = _failed(args, f"{what} ({reason}); RELIMPORT_DEBUG=1 shows details", 1, done)
    sys.stdout.flush()
    return code


#: Interrupted after the store was written: done, with a problem (never 1, "nothing written").
EXIT_INTERRUPTED = 3


def _was_written(done: list[str]) -> str:
    """``batch B7 was written to the store`` (what :mod:`relimport.core.store.written` noted)."""
    return f"{', '.join(done)} {'was' if len(done) == 1 else 'were'} written to the store"


def _failed(args: argparse.Namespace, message: str, code: int, done: list[str]) -> int:
    """Report a failure in one line; returns the exit status.

    After a write (a report that cannot be written, say) the line names what was
    written and the status is 3 — done, with a problem — never one that says nothing was.
    """
    if not done:
        cmd.fail(args, message, code)
        return code
    cmd.fail(args, f"{message}; {_was_written(done)}", 3, written=done)
    return 3


def entry() -> None:
    os.environ.setdefault("POLARS_MAX_THREADS", str(os.cpu_count() or 2))
    raise SystemExit(main())


if __name__ == "__main__":
    entry()
