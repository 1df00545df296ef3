"""Reading old ``.xls`` workbooks (BIFF2-BIFF8) with xlrd.

calamine, the reader of the other workbook formats, misreads real ``.xls``
files: it ignores the code page of BIFF5/7 workbooks (``•`` read as ``\\x95``),
reads NUL bytes into some strings, takes the cells of an embedded chart for
rows of the sheet, and panics on a truncated formula. xlrd is the long-standing
pure-Python reader of the format (frozen since Excel 2003, as is xlrd): it
honours the code page, skips chart substreams, reports error cells by their
code, keeps the 1900/1904 date system, and fails with ordinary exceptions.
Dates, times and durations are told apart by the cell's number format.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from relimport.core.domain.errors import FileError
from relimport.core.files.book import Book, Grid

_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1900_EARLY = dt.datetime(1899, 12, 31)  # before Excel's phantom 1900-02-29
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_ELAPSED = re.compile(r"\[(?:h+|m+|s+)\]", re.IGNORECASE)
_EMPTY, _TEXT, _NUMBER, _DATE, _BOOLEAN, _ERROR, _BLANK = range(7)


def open_xls(p: Path, name: str) -> Book:
    import xlrd  # type: ignore[import-untyped]  # imported here: other formats do not need it

    try:
        book = xlrd.open_workbook(str(p), formatting_info=True, logfile=io.StringIO(), ragged_rows=False)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise FileError(
                f"{name}: the workbook is password-protected (encrypted); save it without a password"
            ) from None
        raise
    names = tuple(book.sheet_names())
    hidden = frozenset(i for i, s in enumerate(book.sheets()) if getattr(s, "visibility", 0))
    elapsed = {
        key for key, fmt in book.format_map.items() if _ELAPSED.search(_strip_literals(fmt.format_str or ""))
    }
    duration_xf = {i for i, xf in enumerate(book.xf_list) if xf.format_key in elapsed}

    def load(index: int) -> Grid:
        sheet = book.sheet_by_index(index)
        return _grid(sheet, book.datemode, duration_xf, xlrd.error_text_from_code)

    return Book(sheets=names, load=load, hidden=hidden)


def _strip_literals(fmt: str) -> str:
    return re.sub(r'"[^"]*"|\\.', "", fmt)


def _grid(sheet: Any, datemode: int, duration_xf: set[int], error_text: dict[int, str]) -> Grid:
    """The used range of the sheet, without empty leading rows and columns."""
    nrows, ncols = sheet.nrows, sheet.ncols
    filled_rows = [r for r in range(nrows) if any(t not in (_EMPTY, _BLANK) for t in sheet.row_types(r))]
    if not filled_rows:
        return Grid(columns=[], first_row=0, first_col=0)
    top, bottom = filled_rows[0], filled_rows[-1] + 1
    columns: list[list[Any]] = []
    first_col = None
    for c in range(ncols):
        types = sheet.col_types(c, top, bottom)
        if first_col is None:
            if all(t in (_EMPTY, _BLANK) for t in types):
                continue
            first_col = c
        values = sheet.col_values(c, top, bottom)
        cells: list[Any] = [
            v if t in (_TEXT, _NUMBER) else "" if t in (_EMPTY, _BLANK) else None
            for t, v in zip(types, values, strict=True)
        ]
        for i, t in enumerate(types):
            if t == _BOOLEAN:
                cells[i] = bool(values[i])
            elif t == _ERROR:
                cells[i] = error_text.get(values[i], "#VALUE!")
            elif t == _DATE:
                xf = sheet.cell_xf_index(top + i, c)
                cells[i] = _date_value(values[i], datemode, xf in duration_xf)
        columns.append(cells)
    while columns and all(v == "" for v in columns[-1]):
        columns.pop()
    return Grid(columns=columns, first_row=top, first_col=first_col or 0)


def _date_value(serial: float, datemode: int, elapsed: bool) -> Any:
    """A date-formatted number as a date, datetime, time of day or (``[h]:mm``) duration."""
    ms = round(serial * 86_400_000)
    if elapsed:
        return dt.timedelta(milliseconds=ms)
    if serial < 0:
        return serial
    if ms < 86_400_000:
        return (dt.datetime.min + dt.timedelta(milliseconds=ms)).time()
    epoch = _EPOCH_1904 if datemode else _EPOCH_1900 if serial >= 61 else _EPOCH_1900_EARLY
    try:
        value = epoch + dt.timedelta(milliseconds=ms)
    except OverflowError:
        return serial
    return value.date() if ms % 86_400_000 == 0 else value
