"""Reading import files into a table of text cells.

Delimited text (``.csv``, ``.tsv``, ``.txt``) and workbooks (``.xlsx``,
``.xlsm``, ``.xls``, ``.ods``) come out the same way: a :class:`Table` whose
frame has one ``pl.String`` column per header plus ``__row``, the row number a
spreadsheet program shows for that record (header = row 1 when the file starts
with it). Every cell is text; empty cells are null; blank rows are dropped but
keep their place in the numbering.

The readers live beside this module: :mod:`relimport.core.files.delimited` (reading, delimiter
sniffing, preview cutting) with :mod:`relimport.core.files.decode` (encodings, magic bytes)
and :mod:`relimport.core.files.csvparse` (records and row numbers); :mod:`relimport.core.files.sheets` for
workbooks; :mod:`relimport.core.files.table` for the types and the finishing they share.
This module picks the reader and turns any failure into a one-line
:class:`FileError`.
"""

from __future__ import annotations

from pathlib import Path

from relimport.core.domain.errors import Cancelled, FileError, UsageError
from relimport.core.domain.options import FileOptions
from relimport.core.files.delimited import read_delimited
from relimport.core.files.sheets import MAX_UNCOMPRESSED_BYTES, read_workbook
from relimport.core.files.table import (
    ROW_COLUMN,
    CancelFn,
    ProgressFn,
    Table,
    TableInfo,
    check_cancel,
    native_crash,
    short,
)

__all__ = [
    "MAX_UNCOMPRESSED_BYTES",
    "ROW_COLUMN",
    "SUPPORTED_SUFFIXES",
    "FileOptions",
    "Table",
    "TableInfo",
    "preview_table",
    "read_table",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")

_DELIMITED = frozenset({".csv", ".tsv", ".txt"})
_WORKBOOK_FORMAT = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}
#: Formats a user may force, and the suffix whose reader each one uses.
FORMAT_SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "xls": ".xls", "ods": ".ods"}
_FORMAT_OF = {".csv": "csv", ".tsv": "csv", ".txt": "csv", **_WORKBOOK_FORMAT}


# --- public API -----------------------------------------------------------------------


def read_table(
    path: str | Path,
    options: FileOptions = FileOptions(),  # noqa: B008 - frozen, safe as a default
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Table:
    """Read a whole delimited file or workbook sheet as text cells.

    Args:
        path: The file; its suffix picks the reader (see ``SUPPORTED_SUFFIXES``).
        options: Encoding, delimiter or sheet overrides.
        progress: Called as ``progress(phase, done, total)`` a few times
            (phases ``"reading"`` in bytes, then ``"parsing"``).
        cancel: Polled between steps; returning True raises :class:`Cancelled`.

    Returns:
        The table; ``info.rows`` is the number of data rows kept.

    Raises:
        FileError: The file cannot be read as a table (one-line reason).
        Cancelled: ``cancel()`` returned True.
    """
    return _guarded(path, options, progress, cancel, preview_rows=None)


def preview_table(
    path: str | Path,
    options: FileOptions = FileOptions(),  # noqa: B008 - frozen, safe as a default
    n_rows: int = 50,
) -> Table:
    """Read the header and the first ``n_rows`` data rows, fast even on huge files.

    Only the beginning of a delimited file is read (256 KiB, more only when
    records are long, at most 64 MiB) and cut after the last whole record, so
    problems further down are found by :func:`read_table`, not here; encoding
    and delimiter are detected from that beginning. Workbooks are read whole
    (the sheet is picked as for the import) and their first rows formatted.

    Returns:
        The table; ``info.rows`` is the number of rows in the preview (at most
        ``n_rows``) and ``info.sha256`` is ``""`` (the file is not read whole).
    """
    return _guarded(path, options, None, None, preview_rows=max(1, n_rows))


# --- dispatch and error wrapping ------------------------------------------------------


def _guarded(
    path: str | Path,
    options: FileOptions,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
    preview_rows: int | None,
) -> Table:
    p = Path(path)
    name = p.name or str(path)
    options = options or FileOptions()
    try:
        return _read(p, str(path), name, options, progress, cancel, preview_rows)
    except (FileError, Cancelled):
        raise
    except FileNotFoundError:
        raise FileError(f"{name}: file not found") from None
    except IsADirectoryError:
        raise FileError(f"{name}: is a directory, not a file") from None
    except PermissionError:
        raise FileError(f"{name}: permission denied") from None
    except MemoryError:
        raise FileError(f"{name}: too large to read into memory") from None
    except OSError as exc:
        raise FileError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    except Exception as exc:  # polars, a reader library, anything: never a traceback
        raise FileError(f"{name}: cannot be read ({short(exc)})") from None
    except BaseException as exc:  # a native library's panic is no Exception
        if not native_crash(exc):
            raise
        raise FileError(f"{name}: cannot be read (the reader crashed: {short(exc)})") from None


def _read(
    p: Path,
    given: str,
    name: str,
    options: FileOptions,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
    preview_rows: int | None,
) -> Table:
    suffix = p.suffix.lower()
    if options.format:
        forced = FORMAT_SUFFIX.get(options.format.strip().lower())
        if forced is None:
            raise UsageError(f"{name}: unknown format {options.format!r} (use {', '.join(FORMAT_SUFFIX)})")
        suffix = suffix if FORMAT_SUFFIX.get(_FORMAT_OF.get(suffix, "")) == forced else forced
    if suffix not in _DELIMITED and suffix not in _WORKBOOK_FORMAT:
        kind = f"'{suffix}'" if suffix else "(no extension)"
        raise FileError(f"{name}: unsupported file type {kind} (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    if not p.exists():
        raise FileError(f"{name}: file not found")
    if p.is_dir():
        raise FileError(f"{name}: is a directory, not a file")
    if not p.is_file():
        raise FileError(f"{name}: not a regular file")
    check_cancel(cancel)
    if suffix in _DELIMITED:
        return read_delimited(p, given, name, suffix, options, progress, cancel, preview_rows)
    return read_workbook(p, given, name, _WORKBOOK_FORMAT[suffix], options, progress, cancel, preview_rows)
