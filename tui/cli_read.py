"""``relimport read FILE``: what relimport reads from a file, with the import's own reader.

Prints the detected format, encoding and delimiter (delimited text) or the
sheets and the chosen one (workbooks), the headers, and the data rows with the
row numbers a spreadsheet shows. ``--json`` prints one object; the
text output shows cells as plain text with control characters made visible,
so nothing read from a file can steer the terminal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

#: Widest a cell is shown in the text output (the JSON output is never cut).
_CELL_WIDTH = 40


def add_parser(sub: Any) -> None:
    """Register ``read`` on the CLI's subparsers."""
    rd = sub.add_parser("read", help="show what relimport reads from FILE: headers and rows with row numbers")
    rd.add_argument("file", type=Path)
    rd.add_argument("--sheet", help="workbook sheet (name; default: the first non-empty one)")
    rd.add_argument("--encoding", help="text encoding (default: detected)")
    rd.add_argument("--delimiter", help="delimiter: one character, or tab/comma/semicolon/pipe")
    rd.add_argument("--limit", type=_limit, metavar="N", help="show at most N rows (default: all)")
    rd.add_argument("--json", action="store_true")


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid --limit {text!r} (a whole number, 0 or more)") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"invalid --limit {text!r} (a whole number, 0 or more)")
    return value


def cmd_read(args: argparse.Namespace, store_path: Path) -> int:
    """Read the file as the import does; the store is not opened."""
    from relimport.core.domain.options import FileOptions
    from relimport.core.files.reader import read_table

    options = FileOptions(encoding=args.encoding, delimiter=args.delimiter, sheet=args.sheet)
    table = read_table(args.file, options)
    result = read_result(str(args.file), table, args.limit)
    if args.json:
        import orjson

        sys.stdout.buffer.write(orjson.dumps(result, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        sys.stdout.write(_text(result))
    return 0


def read_result(file: str, table: Any, limit: int | None) -> dict[str, Any]:
    """The ``read --json`` object: what was read, and the rows (at most ``limit``)."""
    from relimport.core.files.table import ROW_COLUMN

    info = table.info
    frame = table.frame if limit is None else table.frame.head(limit)
    cells = frame.select(info.headers).rows()
    numbers = frame.get_column(ROW_COLUMN).to_list()
    return {
        "file": file,
        "format": info.format,
        "encoding": info.encoding,
        "delimiter": info.delimiter,
        "sheet": info.sheet,
        "sheets": list(info.sheets),
        "headers": list(info.headers),
        "rows": [{"row": n, "cells": list(row)} for n, row in zip(numbers, cells, strict=True)],
        "total_rows": table.frame.height,
    }


def _show(value: object, width: int = _CELL_WIDTH) -> str:
    from relimport.core.domain.text import visible

    if value is None:
        return ""
    text = visible(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _text(result: dict[str, Any]) -> str:
    """Plain text: a few ``name: value`` lines, then the rows as aligned columns."""
    from rich.cells import cell_len

    lines = [f"file:      {_show(result['file'], 200)}", f"format:    {result['format']}"]
    if result["encoding"] is not None:
        delimiter = result["delimiter"]
        shown = {"\t": "tab", " ": "space"}.get(delimiter, delimiter)
        lines.append(f"encoding:  {result['encoding']}")
        lines.append(f"delimiter: {_show(shown)}")
    if result["sheets"]:
        lines.append(f"sheet:     {_show(result['sheet'], 200)}")
        lines.append(f"sheets:    {_show(', '.join(result['sheets']), 200)}")
    shown_rows = len(result["rows"])
    total = result["total_rows"]
    count = f"{total}" if shown_rows == total else f"{total} (showing {shown_rows})"
    lines.append(f"rows:      {count}")
    lines.append("")
    table = [["row", *(_show(h) for h in result["headers"])]]
    table += [[str(r["row"]), *(_show(c) for c in r["cells"])] for r in result["rows"]]
    widths = [max(cell_len(row[i]) for row in table) for i in range(len(table[0]))]
    for k, row in enumerate(table):
        parts = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - cell_len(cell))
            parts.append(pad + cell if i == 0 else cell + pad)
        lines.append("  ".join(parts).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
