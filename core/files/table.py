"""The table every file reader produces, and the steps all readers share.

:class:`Table` holds one ``pl.String`` column per header plus ``__row``, the row
number a spreadsheet program shows for that record. :func:`finish` turns the
parsed records (header first) into that frame: headers checked, data rows
numbered, blank rows dropped but keeping their place in the numbering.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from relimport.core.domain.errors import Cancelled, FileError
from relimport.core.domain.text import norm_header

#: Name of the frame column holding the spreadsheet row number.
ROW_COLUMN = "__row"
READ_CHUNK = 8 << 20
#: Columns a file may have: a spreadsheet program shows no more (Excel's XFD is 16,384).
#: Each column costs the reader fixed work: a file of a million one-byte columns took GBs.
MAX_COLUMNS = 16_384
#: Bytes one cell may hold. Excel keeps at most 32,767 characters in a cell; a megabyte
#: leaves room for long notes exported from other systems, while a 100 MB cell (which
#: cost the import 2 GiB) is refused in one line.
MAX_CELL_BYTES = 1 << 20


@dataclass(frozen=True)
class TableInfo:
    """What was read and how.

    ``rows`` counts kept data rows (blank rows excluded); for a preview it is
    the number of rows in the preview, and ``sha256`` is ``""`` there because
    a preview does not read the whole file.
    """

    path: str
    format: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheets: tuple[str, ...]
    headers: tuple[str, ...]
    empty_headers: tuple[str, ...]
    sha256: str
    rows: int


@dataclass(frozen=True)
class Table:
    """A file's records: one ``pl.String`` column per header, then ``__row`` (``pl.Int64``)."""

    info: TableInfo
    frame: pl.DataFrame


ProgressFn = Callable[[str, int, int], None]
CancelFn = Callable[[], bool]


def check_cancel(cancel: CancelFn | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()


def native_crash(exc: BaseException) -> bool:
    """A crash inside a native reader: pyo3 turns a Rust panic into ``PanicException``,
    which derives from ``BaseException`` so that ``except Exception`` does not catch it."""
    return type(exc).__name__ == "PanicException"


def short(exc: BaseException) -> str:
    """First line of an exception message, kept short, for a one-line FileError."""
    text = str(exc).strip().splitlines()
    line = text[0].strip() if text else type(exc).__name__
    return line if len(line) <= 160 else line[:157] + "..."


@dataclass(frozen=True)
class Parsed:
    """All records of a delimited file, header first, as String columns ``column_N``."""

    frame: pl.DataFrame
    first_row: int  # spreadsheet row of the header
    blank: pl.Series  # per record: every cell empty or whitespace


def blank_mask(frame: pl.DataFrame) -> pl.Series:
    """True where every cell of the row is null, empty or whitespace.

    Usually the first cell already shows that a row is not blank, so the other
    cells are looked at only for the remaining rows, joined into one string per
    row (one expression, however many columns: polars pays per column).
    """
    height = frame.height
    if frame.width == 0:
        return pl.repeat(True, height, dtype=pl.Boolean, eager=True).alias("blank")
    columns = frame.columns
    first = frame.select(pl.col(columns[0]).str.strip_chars().str.len_bytes() > 0)
    undecided = first.to_series().fill_null(False).not_().alias("blank")
    if len(columns) == 1 or not undecided.any():
        return undecided
    rest = (
        frame.filter(undecided)
        .select(pl.concat_str(columns[1:], ignore_nulls=True).str.strip_chars().str.len_bytes() > 0)
        .to_series()
        .fill_null(False)
    )
    return undecided.scatter(undecided.arg_true(), rest.not_())


def finish(
    name: str,
    parsed: Parsed,
    positions: list[int] | None,
    complete: bool,
) -> tuple[tuple[str, ...], tuple[str, ...], pl.DataFrame]:
    """Headers from the first record; data rows numbered, blank ones dropped.

    ``positions`` are the 1-based column numbers shown to users (sheet columns
    for workbooks); ``complete`` is False for a preview cut from a longer file.
    """
    raw = parsed.frame
    check_width(name, raw.width)
    positions = positions or list(range(1, raw.width + 1))
    headers: list[str] = []
    empty: list[str] = []
    for cell, pos in zip(raw.row(0), positions, strict=True):
        text = (cell or "").replace("\ufeff", "").strip()
        if not text:
            text = f"(column {pos})"
            empty.append(text)
        headers.append(text)
    _check_headers(name, headers, empty, positions)
    if ROW_COLUMN in headers:
        raise FileError(f"{name}: column header '{ROW_COLUMN}' is reserved; rename the column")

    # Record i (header = 0) is on row first_row + i; blank records keep their number.
    first = parsed.first_row
    body = raw.with_columns(pl.int_range(first, first + raw.height, dtype=pl.Int64).alias(ROW_COLUMN))
    body = body.slice(1).filter(parsed.blank.slice(1).not_())
    body = body.rename(dict(zip(raw.columns, headers, strict=True)))
    if body.height == 0 and complete:
        raise FileError(f"{name}: only a header row, no data")
    _check_cell_sizes(name, headers, body)
    return tuple(headers), tuple(empty), body


def too_wide(columns: int) -> bool:
    return columns > MAX_COLUMNS


def check_width(name: str, columns: int, where: str = "") -> None:
    """Refuse a file (or a sheet: ``where`` is ``"sheet 'X': "``) of more than
    :data:`MAX_COLUMNS` columns."""
    if too_wide(columns):
        raise FileError(
            f"{name}: {where}{columns:,} columns, more than the {MAX_COLUMNS:,} a spreadsheet "
            "holds; remove the extra columns"
        )


def _check_cell_sizes(name: str, headers: list[str], body: pl.DataFrame) -> None:
    """Refuse a cell (or header) of more than :data:`MAX_CELL_BYTES` bytes, naming it."""
    for header in headers:
        if len(header.encode("utf-8")) > MAX_CELL_BYTES:
            raise FileError(f"{name}: a column header of more than {MAX_CELL_BYTES:,} bytes; shorten it")
    if not headers or body.height == 0:
        return
    for header in headers:
        lengths = body.get_column(header).str.len_bytes()
        size = lengths.max()
        if isinstance(size, int) and size > MAX_CELL_BYTES:
            at = lengths.arg_max() or 0
            row = body.get_column(ROW_COLUMN)[at]
            raise FileError(
                f"{name}: row {row}, column '{header}': a cell of {size:,} bytes; at most "
                f"{MAX_CELL_BYTES:,} are read: shorten it or split the text"
            )


def _check_headers(name: str, headers: list[str], empty: list[str], positions: list[int]) -> None:
    """Two non-empty headers that read the same (exactly or after normalisation) clash."""
    groups: dict[str, list[int]] = {}
    placeholders = set(empty)
    for i, header in enumerate(headers):
        key = norm_header(header) or header.casefold()
        if header in placeholders:
            key = "\x00" + header
        groups.setdefault(key, []).append(i)
    clashes = []
    for members in groups.values():
        if len(members) < 2:
            continue
        names = ", ".join(dict.fromkeys(repr(headers[i]) for i in members))
        cols = [str(positions[i]) for i in members]
        listed = ", ".join(cols[:-1]) + " and " + cols[-1]
        clashes.append(f"{names} (columns {listed})")
    if clashes:
        raise FileError(f"{name}: duplicate column headers: {'; '.join(clashes)}")
