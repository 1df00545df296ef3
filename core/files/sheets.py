"""Reading workbooks (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) into a :class:`Table`.

One reader per format opens the workbook (:mod:`relimport.core.files.xlsx`,
:mod:`relimport.core.files.xls`, :mod:`relimport.core.files.ods`) and hands over
typed cells; :mod:`relimport.core.files.cells` writes them as the text a
spreadsheet shows. This module checks that the content matches the extension
(and is not a zip bomb or a password-protected file), picks the sheet — the
same one for a preview as for the import — and numbers the rows as the sheet
does. Any failure of a reader, a native crash included, is a one-line
:class:`FileError`: the readers run in a child process
(:mod:`relimport.core.files.isolated`), so an abort or an allocation failure inside
a native library cannot end relimport, and a zip's parts are inflated and counted
before any reader sees them (declared sizes are not trusted).
"""

from __future__ import annotations

import hashlib
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import polars as pl

from relimport.core.domain.errors import FileError
from relimport.core.domain.options import FileOptions
from relimport.core.files.book import Book, Grid
from relimport.core.files.cells import column_text
from relimport.core.files.decode import OLE_MAGIC, ZIP_MAGIC
from relimport.core.files.isolated import run_isolated
from relimport.core.files.table import (
    READ_CHUNK,
    CancelFn,
    Parsed,
    ProgressFn,
    Table,
    TableInfo,
    blank_mask,
    check_cancel,
    check_width,
    finish,
    native_crash,
    short,
)

#: A workbook whose parts would inflate beyond this is refused (zip bomb guard).
MAX_UNCOMPRESSED_BYTES = 1 << 30
#: Sheet rows formatted for a preview beyond the header and the rows shown (blank rows).
_PREVIEW_SLACK = 1000
#: How the stream of an encrypted (password-protected) OOXML file is named in its OLE container.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_PASSWORD = "{}: the workbook is password-protected (encrypted); save it without a password"


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
    size = p.stat().st_size
    if progress:
        progress("reading", 0, size)
    with p.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise FileError(f"{name}: file is empty")
    _check_workbook_content(p, name, fmt, head, cancel)
    check_cancel(cancel)
    digest = ""
    if preview_rows is None:
        digest, _ = _hash_file(p, cancel)
    book = _open_isolated(p, name, fmt, options.sheet, cancel)
    sheets = book.sheets
    if progress:
        progress("reading", size, size)
    check_cancel(cancel)
    if not sheets:
        raise FileError(f"{name}: file is empty (no sheets)")
    limit = None if preview_rows is None else preview_rows + _PREVIEW_SLACK
    index = _pick_sheet(name, sheets, options.sheet)
    if index is None:  # the first non-empty sheet, visible ones first
        for i in _default_order(book):
            found = _sheet_frame(book, i, name, limit)
            if found is not None:
                index = i
                break
            check_cancel(cancel)
        else:
            raise FileError(f"{name}: file is empty (every sheet is blank)")
    else:
        found = _sheet_frame(book, index, name, limit)
        if found is None:
            raise FileError(f"{name}: sheet '{sheets[index]}' is empty")
    grid, frame, blank = found
    check_cancel(cancel)
    if progress:
        progress("parsing", 0, 1)
    header_at = int(blank.arg_min() or 0)  # first non-blank row (0-based)
    if limit is not None and preview_rows is not None and grid.height > frame.height:
        needed = header_at + 1 + preview_rows + _PREVIEW_SLACK
        if needed > frame.height:
            frame = _text_frame(grid, needed)
            blank = blank_mask(frame)
    positions = [int(c.removeprefix("column_")) for c in frame.columns]
    parsed = Parsed(frame.slice(header_at), grid.first_row + header_at + 1, blank.slice(header_at))
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


def _open_isolated(p: Path, name: str, fmt: str, wanted: str | int | None, cancel: CancelFn | None) -> Book:
    """The workbook opened in a child process (see :mod:`relimport.core.files.isolated`),
    with the sheet the read will use already loaded there: the wanted one, or — by
    default — every sheet up to the first that holds cells. Other sheets are loaded
    in a child of their own when asked for."""
    if fmt == "xlsx":
        from relimport.core.files.xlsx import prepare_reader

        prepare_reader()  # asked once here, not again in every child
    sheets, hidden, charts, grids = run_isolated(
        _open_and_load, p, name, fmt, wanted, name=name, cancel=cancel
    )

    def load(index: int) -> Grid:
        if index in grids:
            return grids[index]
        return run_isolated(_load_one, p, name, fmt, index, name=name, cancel=cancel)

    return Book(sheets=sheets, load=load, hidden=hidden, charts=charts)


def _open_and_load(
    p: Path, name: str, fmt: str, wanted: str | int | None
) -> tuple[tuple[str, ...], frozenset[int], frozenset[int], dict[int, Grid]]:
    """In the child: open the workbook and load the sheet a read starts with."""
    book = _open_book(p, name, fmt)
    index = _pick_sheet(name, book.sheets, wanted) if book.sheets else None
    grids: dict[int, Grid] = {}
    for i in [index] if index is not None else _default_order(book):
        grids[i] = _load(book, i, name)
        if grids[i].columns and grids[i].height:
            break
    return book.sheets, book.hidden, book.charts, grids


def _load_one(p: Path, name: str, fmt: str, index: int) -> Grid:
    """In the child: one more sheet of the workbook."""
    return _load(_open_book(p, name, fmt), index, name)


def _open_book(p: Path, name: str, fmt: str) -> Book:
    try:
        if fmt == "xls":
            from relimport.core.files.xls import open_xls

            return open_xls(p, name)
        if fmt == "ods":
            from relimport.core.files.ods import open_ods

            return open_ods(p, name)
        from relimport.core.files.xlsx import open_xlsx

        return open_xlsx(p, name)
    except FileError:
        raise
    except Exception as exc:
        raise FileError(f"{name}: not a valid {fmt.upper()} workbook ({short(exc)})") from None
    except BaseException as exc:  # a Rust panic is a BaseException
        if not native_crash(exc):
            raise
        reason = f"the reader crashed: {short(exc)}"
        raise FileError(f"{name}: not a valid {fmt.upper()} workbook ({reason})") from None


def _load(book: Book, index: int, name: str) -> Grid:
    where = f"{name}: sheet '{book.sheets[index]}' cannot be read"
    try:
        grid = book.load(index)
        check_width(name, len(grid.columns), f"sheet '{book.sheets[index]}' has ")
        return grid
    except FileError:
        raise
    except MemoryError:
        raise
    except Exception as exc:
        raise FileError(f"{where} ({short(exc)})") from None
    except BaseException as exc:
        if not native_crash(exc):
            raise
        raise FileError(f"{where} (the reader crashed: {short(exc)})") from None


def _default_order(book: Book) -> list[int]:
    sheets = [i for i in range(len(book.sheets)) if i not in book.charts]
    return [i for i in sheets if i not in book.hidden] + [i for i in sheets if i in book.hidden]


def _sheet_frame(
    book: Book, index: int, name: str, limit: int | None
) -> tuple[Grid, pl.DataFrame, pl.Series] | None:
    """The sheet's cells as text (the first ``limit`` rows), or None when it is blank.

    Blankness is always that of the whole sheet, so a preview picks the same
    sheet as the import.
    """
    grid = _load(book, index, name)
    if not grid.columns or not grid.height:
        return None
    frame = _text_frame(grid, limit)
    blank = blank_mask(frame)
    if blank.all():
        if limit is None or grid.height <= limit:
            return None
        frame = _text_frame(grid, None)
        blank = blank_mask(frame)
        if blank.all():
            return None
    return grid, frame, blank


def _text_frame(grid: Grid, limit: int | None) -> pl.DataFrame:
    return pl.DataFrame(
        [
            column_text(
                f"column_{grid.first_col + j + 1}",
                values if limit is None else values[:limit],
                grid.day_shift,
            )
            for j, values in enumerate(grid.columns)
        ]
    )


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


def _check_workbook_content(p: Path, name: str, fmt: str, head: bytes, cancel: CancelFn | None) -> None:
    """The content must be the workbook the extension promises, and not a zip bomb."""
    mismatch = f"{name}: not a valid {fmt.upper()} workbook (content does not match the extension)"
    if head.startswith(OLE_MAGIC) and _encrypted_package(p):
        # Excel saves a password-protected XLSX as an OLE container holding the encrypted ZIP.
        raise FileError(_PASSWORD.format(name))
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
    declared = sum(m.file_size for m in members)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise FileError(
            f"{name}: workbook would unpack to {declared / (1 << 30):.1f} GiB "
            f"(limit {MAX_UNCOMPRESSED_BYTES >> 30} GiB), refused"
        )
    # The sizes in a zip's directory are the writer's word: count what really inflates.
    if _inflated_size(p, name, members, MAX_UNCOMPRESSED_BYTES, cancel) > MAX_UNCOMPRESSED_BYTES:
        raise FileError(
            f"{name}: workbook unpacks to more than {MAX_UNCOMPRESSED_BYTES >> 30} GiB "
            "(its zip directory understates the sizes), refused"
        )


#: Bytes inflated per step while counting (a bomb never inflates more at once).
_INFLATE_STEP = 4 << 20
_LOCAL_HEADER = struct.Struct("<4s22xHH")


def _inflated_size(
    p: Path, name: str, members: list[zipfile.ZipInfo], limit: int, cancel: CancelFn | None
) -> int:
    """What the members really inflate to, counted as they stream; stops past ``limit``.

    Each member's compressed bytes are read from where its local header says they
    start — as a reader would — and inflated in bounded steps, so neither a lying
    size nor a lying header makes this allocate more than a step.
    """
    total = 0
    with p.open("rb") as fh:
        for m in members:
            if m.compress_type == zipfile.ZIP_STORED:
                total += m.compress_size
            elif m.compress_type == zipfile.ZIP_DEFLATED:
                total += _inflate_count(fh, m, limit - total)
            else:
                raise FileError(
                    f"{name}: part {m.filename!r} uses a compression method workbooks do not use "
                    f"({m.compress_type}); save the workbook again"
                )
            check_cancel(cancel)
            if total > limit:
                break
    return total


def _inflate_count(fh: Any, m: zipfile.ZipInfo, room: int) -> int:
    fh.seek(m.header_offset)
    header = fh.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        return 0
    magic, name_len, extra_len = _LOCAL_HEADER.unpack(header)
    if magic != b"PK\x03\x04":
        return 0
    fh.seek(m.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    inflater = zlib.decompressobj(-15)
    left, count = m.compress_size, 0
    try:
        while left > 0 and not inflater.eof and count <= room:
            chunk = fh.read(min(left, READ_CHUNK))
            if not chunk:
                break
            left -= len(chunk)
            data = inflater.decompress(chunk, _INFLATE_STEP)
            count += len(data)
            while inflater.unconsumed_tail and count <= room:
                data = inflater.decompress(inflater.unconsumed_tail, _INFLATE_STEP)
                count += len(data)
    except zlib.error:
        pass  # a damaged part: the reader says so
    return count


def _encrypted_package(p: Path) -> bool:
    """An OLE file holding an ``EncryptedPackage`` stream: an encrypted XLSX/XLSM."""
    tail = b""
    with p.open("rb") as fh:
        while chunk := fh.read(READ_CHUNK):
            if _ENCRYPTED_PACKAGE in tail + chunk:
                return True
            tail = chunk[-len(_ENCRYPTED_PACKAGE) :]
    return False
