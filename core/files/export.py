"""Writing CSV/XLSX files users open in spreadsheets: problem reports, sample files.

Every cell is neutralised against formula injection (OWASP "CSV injection"):
a cell starting with ``=``, ``+``, ``-``, ``@``, tab, CR or LF gets a leading
apostrophe, so a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from relimport.core.domain.errors import UsageError

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Any) -> str:
    """Text of ``value`` safe to open in a spreadsheet."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_DANGEROUS):
        return "'" + text
    return text


def write_table(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Write a table as CSV (UTF-8 with BOM, ``;``, for Excel) or XLSX, by suffix.

    Raises:
        UsageError: unsupported suffix or the file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    safe_headers = [neutralise(h) for h in headers]
    safe_rows = [[neutralise(v) for v in r] for r in rows]
    try:
        if suffix == ".csv":
            with path.open("w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
                w.writerow(safe_headers)
                w.writerows(safe_rows)
        elif suffix == ".xlsx":
            import xlsxwriter

            wb = xlsxwriter.Workbook(
                str(path),
                {
                    "strings_to_formulas": False,
                    "strings_to_numbers": False,
                    "strings_to_urls": False,
                },
            )
            ws = wb.add_worksheet("Import")
            bold = wb.add_format({"bold": True})
            for c, h in enumerate(safe_headers):
                ws.write_string(0, c, h, bold)
            for r, row in enumerate(safe_rows, start=1):
                for c, v in enumerate(row):
                    ws.write_string(r, c, v)
            ws.freeze_panes(1, 0)
            wb.close()
        else:
            raise UsageError(f"{path.name}: write .csv or .xlsx (got {suffix or 'no suffix'!r})")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write ({exc.strerror})") from None


def problem_table(problem_rows: dict[str, Any], problems: Sequence[Any]) -> tuple[list[str], list[list[Any]]]:
    """Original columns of each problem row plus a ``Problem`` column (row number first).

    ``problems`` are :class:`relimport.core.resolve.problems.Problem` objects or their JSON dicts.
    """
    headers = list(problem_rows.get("headers", []))
    by_row: dict[int, list[str]] = {}
    for p in problems:
        d = p if isinstance(p, dict) else p.to_json()
        column, message = d.get("column"), d["message"]
        # Some messages already start with their column ("Wartość: not a number").
        named = column and not message.startswith(f"{column}:")
        text = f"{d['kind']}: {column}: {message}" if named else f"{d['kind']}: {message}"
        by_row.setdefault(int(d["row"]), []).append(text)
    rows = []
    for r in problem_rows.get("rows", []):
        rownum, cells = int(r[0]), list(r[1:])
        rows.append([*cells, f"row {rownum}: " + " | ".join(by_row.get(rownum, []))])
    return [*headers, "Problem"], rows


def export_problems(path: Path, problem_rows: dict[str, Any], problems: Sequence[Any]) -> int:
    """Write the problem rows (original columns + ``Problem``); returns rows written."""
    headers, rows = problem_table(problem_rows, problems)
    write_table(path, headers, rows)
    return len(rows)
