"""Reading workbooks (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) via fastexcel.

The content must match the extension, and a ZIP workbook that would unpack
beyond :data:`MAX_UNCOMPRESSED_BYTES` is refused (zip bomb guard). Every cell
comes out as text; dates as ISO ``2025-03-01``.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import polars as pl

from relimport.core.domain.errors import FileError
from relimport.core.domain.options import FileOptions
from relimport.core.files.decode import OLE_MAGIC, ZIP_MAGIC
from relimport.core.files.table import (
    READ_CHUNK,
    CancelFn,
    Parsed,
    ProgressFn,
    Table,
    TableInfo,
    blank_mask,
    check_cancel,
    finish,
    short,
)

#: A workbook whose parts would inflate beyond this is refused (zip bomb guard).
MAX_UNCOMPRESSED_BYTES = 1 << 30


def read_workbook(
    p: Path,
    given: str,
    name: str,
    fmt: str,
    options: FileOptions,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
    preview_rows: int | None,
) -> Table:
    import fastexcel  # imported here: delimited files do not need it

    size = p.stat().st_size
    if progress:
        progress("reading", 0, size)
    with p.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise FileError(f"{name}: file is empty")
    _check_workbook_content(p, name, fmt, head)
    check_cancel(cancel)
    digest = ""
    if preview_rows is None:
        digest, _ = _hash_file(p, cancel)
    try:
        reader = fastexcel.read_excel(str(p))
        sheets = tuple(reader.sheet_names)
    except Exception as exc:
        raise FileError(f"{name}: not a valid {fmt.upper()} workbook ({short(exc)})") from None
    if progress:
        progress("reading", size, size)
    check_cancel(cancel)
    if not sheets:
        raise FileError(f"{name}: file is empty (no sheets)")

    def load(index: int, n_rows: int | None) -> pl.DataFrame:
        try:
            sheet = reader.load_sheet(index, header_row=None, skip_rows=0, n_rows=n_rows, dtypes="string")
            frame = pl.DataFrame(sheet)
        except Exception as exc:
            raise FileError(f"{name}: sheet '{sheets[index]}' cannot be read ({short(exc)})") from None
        try:  # sheet column numbers (the used range may start right of column A)
            columns = [info.absolute_index + 1 for info in sheet.selected_columns]
        except Exception:
            columns = list(range(1, frame.width + 1))
        frame.columns = [f"column_{n}" for n in columns]
        return frame

    n_rows = None if preview_rows is None else preview_rows + 1000
    index = _pick_sheet(name, sheets, options.sheet)
    if index is None:  # first non-empty sheet
        for i in range(len(sheets)):
            frame = load(i, n_rows)
            if frame.width and not blank_mask(frame).all():
                index = i
                break
        else:
            raise FileError(f"{name}: file is empty (every sheet is blank)")
    else:
        frame = load(index, n_rows)
        if not frame.width or blank_mask(frame).all():
            raise FileError(f"{name}: sheet '{sheets[index]}' is empty")
    check_cancel(cancel)
    if progress:
        progress("parsing", 0, 1)
    frame = _excel_text(frame)
    blank = blank_mask(frame)
    header_at = int(blank.arg_min() or 0)  # first non-blank row (0-based)
    positions = [int(c.removeprefix("column_")) for c in frame.columns]
    parsed = Parsed(frame.slice(header_at), header_at + 1, blank.slice(header_at))
    headers, empty, frame = finish(name, parsed, positions, complete=preview_rows is None)
    if preview_rows is not None:
        frame = frame.head(preview_rows)
    if progress:
        progress("parsing", 1, 1)
    info = TableInfo(
        path=given,
        format=fmt,
        encoding=None,
        delimiter=None,
        sheet=sheets[index],
        sheets=sheets,
        headers=headers,
        empty_headers=empty,
        sha256=digest,
        rows=frame.height,
    )
    return Table(info=info, frame=frame)


def _hash_file(p: Path, cancel: CancelFn | None) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with p.open("rb") as fh:
        while chunk := fh.read(READ_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            check_cancel(cancel)
    return digest.hexdigest(), size


def _pick_sheet(name: str, sheets: tuple[str, ...], wanted: str | int | None) -> int | None:
    listing = ", ".join(sheets)
    if wanted is None or (isinstance(wanted, str) and not wanted.strip()):
        return None
    if isinstance(wanted, int) and not isinstance(wanted, bool):
        if 0 <= wanted < len(sheets):
            return wanted
        raise FileError(f"{name}: sheet {wanted} not found (sheets: {listing})")
    text = str(wanted)
    if text in sheets:
        return sheets.index(text)
    folded = [s.strip().casefold() for s in sheets]
    if text.strip().casefold() in folded:
        return folded.index(text.strip().casefold())
    raise FileError(f"{name}: sheet '{text}' not found (sheets: {listing})")


def _check_workbook_content(p: Path, name: str, fmt: str, head: bytes) -> None:
    """The content must be the workbook the extension promises, and not a zip bomb."""
    mismatch = f"{name}: not a valid {fmt.upper()} workbook (content does not match the extension)"
    if fmt == "xls":
        if head.startswith(OLE_MAGIC):
            return
        if head.startswith(ZIP_MAGIC):
            raise FileError(
                f"{name}: not a valid XLS workbook (content is a ZIP archive, probably XLSX; "
                "content does not match the extension)"
            )
        raise FileError(mismatch)
    if not head.startswith(ZIP_MAGIC):
        if head.startswith(OLE_MAGIC):
            raise FileError(
                f"{name}: not a valid {fmt.upper()} workbook (content is an old XLS workbook; "
                "content does not match the extension)"
            )
        raise FileError(mismatch)
    try:
        with zipfile.ZipFile(p) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileError(mismatch) from None
    names = {m.filename for m in members}
    needed = "content.xml" if fmt == "ods" else "[Content_Types].xml"
    if needed not in names:
        raise FileError(mismatch)
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileError(
            f"{name}: workbook would unpack to {total / (1 << 30):.1f} GiB "
            f"(limit {MAX_UNCOMPRESSED_BYTES >> 30} GiB), refused"
        )


_EXCEL_DATE = r"^(\d{4}-\d{2}-\d{2}) 00:00:00$"
_EXCEL_TIME = r"^1899-12-3[01] (\d{2}:\d{2}:\d{2})$"


def _excel_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Dates as ISO ``2025-03-01`` (time only if not midnight), time-only cells as ``14:30:00``.

    fastexcel already writes whole numbers without ``.0``.
    """
    cell = pl.all().str.replace(_EXCEL_DATE, "${1}").str.replace(_EXCEL_TIME, "${1}")
    return frame.select(pl.when(cell != "").then(cell))
