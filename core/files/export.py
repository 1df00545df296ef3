"""Writing CSV/XLSX files users open in spreadsheets: problem reports, sample files.

CSV cells are guarded against formula injection (:mod:`relimport.core.domain.formula`:
a leading apostrophe, dropped again on re-import); XLSX cells are written as strings,
which spreadsheets never evaluate, so they are exact. Output files hold whole rows of
CRM data: they are created ``0600`` and written atomically (a temp file beside the
target, then a rename), and :func:`check_output` refuses a target that is the store,
one of its own files, a directory or a special file before any work is done.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from relimport.core.domain.errors import UsageError
from relimport.core.domain.formula import guard

#: Mode of files relimport creates (they hold CRM data).
OUTPUT_MODE = 0o600


def _text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def check_output(path: Path, forbidden: Iterable[Path] = ()) -> Path:
    """Refuse an output path before any work: returns it, or raises :class:`UsageError`.

    Refused: a directory or special file, a path that is (or links to) one of
    ``forbidden`` (the store and its own files), a missing or read-only folder.
    """
    path = Path(path)
    real = Path(os.path.realpath(path))
    for f in forbidden:
        if real == Path(os.path.realpath(f)):
            raise UsageError(f"{path}: that is the store's own file; choose another output path")
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write ({exc.strerror})") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{path}: is a directory; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UsageError(f"{path}: not a regular file")
    parent = real.parent
    if not parent.is_dir():
        raise UsageError(f"{path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{path}: folder {parent} is not writable")
    return path


def write_bytes_atomic(path: Path, payload: bytes, mode: int = OUTPUT_MODE) -> None:
    """Write ``payload`` to ``path`` through a temp file and a rename (never half a file).

    A new file gets ``mode``; an existing regular file keeps its mode.
    """
    real = Path(os.path.realpath(path))
    with contextlib.suppress(OSError):
        mode = os.stat(real).st_mode & 0o777
    fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_table(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Write a table as CSV (UTF-8 with BOM, ``;``, for Excel) or XLSX, by suffix.

    Raises:
        UsageError: unsupported suffix or the file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            buf = io.StringIO(newline="")
            w = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            w.writerow([guard(h) for h in headers])
            w.writerows([guard(v) for v in r] for r in rows)
            write_bytes_atomic(path, buf.getvalue().encode("utf-8-sig"))
        elif suffix == ".xlsx":
            import xlsxwriter

            out = io.BytesIO()
            wb = xlsxwriter.Workbook(
                out,
                {
                    "in_memory": True,
                    "strings_to_formulas": False,
                    "strings_to_numbers": False,
                    "strings_to_urls": False,
                },
            )
            ws = wb.add_worksheet("Import")
            bold = wb.add_format({"bold": True})
            for c, h in enumerate(headers):
                ws.write_string(0, c, _text(h), bold)
            for r, row in enumerate(rows, start=1):
                for c, v in enumerate(row):
                    ws.write_string(r, c, _text(v))
            ws.freeze_panes(1, 0)
            wb.close()
            write_bytes_atomic(path, out.getvalue())
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
