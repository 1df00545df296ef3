"""Writing CSV/XLSX files users open in spreadsheets: problem reports, sample files.

CSV cells are guarded against formula injection (:mod:`relimport.core.domain.formula`:
a leading apostrophe, dropped again on re-import); XLSX cells are written as strings,
which spreadsheets never evaluate, so they are exact. Output files hold whole rows of
CRM data: they are created ``0600`` and written atomically (a temp file beside the
target, then a rename), and :func:`check_output` refuses a target that is the store,
one of its own files, a directory or a special file before any work is done.

A problem file is the rows with problems, their original columns plus a problem column
in relimport's words (:mod:`relimport.core.domain.words`, as the TUI shows them), its
header in the language of the file's headers (:func:`problem_header`); on re-import that
column is ignored, being no field's or relationship's name.
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
from relimport.core.domain.formula import guard, unguard
from relimport.core.domain.objects import KIND_LABELS, OBJECT_TYPES
from relimport.core.domain.text import norm_header
from relimport.core.domain.words import problem_word

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


#: The problem column's header by the language of the file's headers (see
#: :func:`problem_header`); neither decided, both.
PROBLEM_HEADER = {"pl": "Problemy", "en": "Problems", None: "Problemy / Problems"}
#: Headers a problem column has had: an exported file's last column under one of them is
#: that export's problem column (``Problem``: files exported before the header followed
#: the file's language). It is never mapped on re-import (no field or relationship is
#: named so) and is replaced, not kept, when such a file is exported again.
PROBLEM_HEADERS = frozenset(norm_header(h) for h in ("Problem", *PROBLEM_HEADER.values()))


def _label_words() -> tuple[set[str], set[str]]:
    """The normalised Polish and English names of fields and object types (a name the
    same in both languages, ``REGON``, ``E-mail``/``Email``, in neither)."""
    pl: set[str] = set()
    en: set[str] = set()
    pairs = [(f.label_pl, f.label_en) for t in OBJECT_TYPES.values() for f in t.fields]
    pairs += list(KIND_LABELS.values())
    for p, e in pairs:
        if norm_header(p) != norm_header(e):
            pl.add(norm_header(p))
            en.add(norm_header(e))
    return pl - en, en - pl


def header_language(headers: Sequence[str]) -> str | None:
    """``"pl"`` or ``"en"``: the language of the headers that name a field or an object
    type in one language only (``Nazwa``, ``Wartość`` / ``Name``, ``Value``), when more
    of them are in one than in the other; None when none does or as many do in each."""
    pl, en = _label_words()
    forms = [norm_header(str(h)) for h in headers]
    n_pl = sum(f in pl for f in forms)
    n_en = sum(f in en for f in forms)
    return "pl" if n_pl > n_en else "en" if n_en > n_pl else None


def problem_header(headers: Sequence[str]) -> str:
    """The problem column's header: ``Problemy`` over Polish headers, ``Problems`` over
    English ones, ``Problemy / Problems`` when the headers do not tell."""
    return PROBLEM_HEADER[header_language(headers)]


def _problem_text(d: dict[str, Any]) -> str:
    column, message = d.get("column"), str(d["message"])
    # Some messages already start with their column ("Wartość: not a number").
    named = column and not message.startswith(f"{column}:")
    word = problem_word(str(d["kind"]))
    return f"{word}: {column}: {message}" if named else f"{word}: {message}"


def problem_table(problem_rows: dict[str, Any], problems: Sequence[Any]) -> tuple[list[str], list[list[Any]]]:
    """Original columns of each problem row plus a problem column: the row number, then
    each distinct problem of the row once, by its words (``row 5: not found: Klient: …``,
    several joined by `` | ``), under :func:`problem_header`.

    ``problems`` are :class:`relimport.core.resolve.problems.Problem` objects or their JSON
    dicts. An earlier export's problem column (the last column, under a problem header)
    is dropped: this export's column says what is wrong now.
    """
    headers = list(problem_rows.get("headers", []))
    keep = len(headers)
    if headers and norm_header(str(headers[-1])) in PROBLEM_HEADERS:
        keep -= 1
    by_row: dict[int, dict[str, None]] = {}
    for p in problems:
        d = p if isinstance(p, dict) else p.to_json()
        by_row.setdefault(int(d["row"]), {})[_problem_text(d)] = None
    rows = []
    for r in problem_rows.get("rows", []):
        rownum = int(r[0])
        # Cells as read stand for their unguarded text (an earlier export's ``'=A1`` is
        # ``=A1``): written guarded once again, not twice.
        cells = [unguard(c) if isinstance(c, str) else c for c in list(r[1:])[:keep]]
        rows.append([*cells, f"row {rownum}: " + " | ".join(by_row.get(rownum, {}))])
    headers = headers[:keep]
    return [*headers, problem_header(headers)], rows


def export_problems(path: Path, problem_rows: dict[str, Any], problems: Sequence[Any]) -> int:
    """Write the problem rows (original columns + the problem column); returns rows written."""
    headers, rows = problem_table(problem_rows, problems)
    write_table(path, headers, rows)
    return len(rows)
