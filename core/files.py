"""Reading import files into a table of text cells (SPEC §3.1).

Delimited text (``.csv``, ``.tsv``, ``.txt``) and workbooks (``.xlsx``,
``.xlsm``, ``.xls``, ``.ods``) come out the same way: a :class:`Table` whose
frame has one ``pl.String`` column per header plus ``__row``, the row number a
spreadsheet program shows for that record (header = row 1 when the file starts
with it). Every cell is text; empty cells are null; blank rows are dropped but
keep their place in the numbering.

Delimited files are decoded here (BOM, strict UTF-8, then a Polish-aware choice
between Windows-1250 and ISO-8859-2) and handed to polars as UTF-8 bytes.
polars reads the common case in one native pass; row numbers are positions
because polars keeps blank lines as rows. Only rows that could be short (last
cell empty) are re-checked, against the raw lines, in columnar passes. Anything
irregular (stray quotes, ragged rows, an unclosed quote) is re-read with the
stdlib ``csv`` module, slower but exact about which row is wrong.
"""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import io
import re
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from core.errors import Cancelled, FileError, UsageError
from core.normalize import norm_header

__all__ = [
    "ROW_COLUMN",
    "SUPPORTED_SUFFIXES",
    "FileOptions",
    "Table",
    "TableInfo",
    "preview_table",
    "read_table",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")
#: Name of the frame column holding the spreadsheet row number.
ROW_COLUMN = "__row"

_DELIMITED = frozenset({".csv", ".tsv", ".txt"})
_WORKBOOK_FORMAT = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}
_DELIMITER_CANDIDATES = (";", ",", "\t", "|")
_DELIMITER_NAMES = {
    "tab": "\t",
    "\\t": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
}
#: A workbook whose parts would inflate beyond this is refused (zip bomb guard).
MAX_UNCOMPRESSED_BYTES = 1 << 30
_READ_CHUNK = 8 << 20
_ONE_READ_BYTES = 256 << 20
_PREVIEW_FIRST_CHUNK = 256 << 10
_PREVIEW_MAX_CHUNK = 64 << 20
_SNIFF_BYTES = 64 << 10

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileOptions:
    """How to read a file; ``None`` means detect.

    Attributes:
        encoding: Python codec name (``"cp1250"``, ``"utf-8"``…); delimited files only.
        delimiter: One character, or ``"tab"`` / ``"\\t"``; delimited files only.
        sheet: Workbook sheet by name or 0-based index; default the first non-empty one.
    """

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | int | None = None


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
    and delimiter are detected from that beginning. Workbooks load at most
    ``n_rows`` + 1000 sheet rows.

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
    except Exception as exc:  # polars/fastexcel/anything: never a traceback
        raise FileError(f"{name}: cannot be read ({_short(exc)})") from None


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
    if suffix not in _DELIMITED and suffix not in _WORKBOOK_FORMAT:
        kind = f"'{suffix}'" if suffix else "(no extension)"
        raise FileError(f"{name}: unsupported file type {kind} (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    if not p.exists():
        raise FileError(f"{name}: file not found")
    if p.is_dir():
        raise FileError(f"{name}: is a directory, not a file")
    if not p.is_file():
        raise FileError(f"{name}: not a regular file")
    _check_cancel(cancel)
    if suffix in _DELIMITED:
        return _read_delimited(p, given, name, suffix, options, progress, cancel, preview_rows)
    return _read_workbook(p, given, name, _WORKBOOK_FORMAT[suffix], options, progress, cancel, preview_rows)


def _check_cancel(cancel: CancelFn | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()


def _short(exc: BaseException) -> str:
    """First line of an exception message, kept short, for a one-line FileError."""
    text = str(exc).strip().splitlines()
    line = text[0].strip() if text else type(exc).__name__
    return line if len(line) <= 160 else line[:157] + "..."


# --- delimited text -------------------------------------------------------------------


def _read_delimited(
    p: Path,
    given: str,
    name: str,
    suffix: str,
    options: FileOptions,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
    preview_rows: int | None,
) -> Table:
    forced_encoding = _check_encoding(name, options.encoding)
    forced_delimiter = _check_delimiter(name, options.delimiter)
    size = p.stat().st_size
    hasher: _Sha256 | None = None
    if preview_rows is None:
        raw, hasher = _read_all(p, size, progress, cancel)
        data, encoding = _decode(name, raw, forced_encoding, final=True)
        del raw
        complete = True
    else:
        data, encoding, complete = _read_head(p, name, size, preview_rows, forced_encoding)
    _check_cancel(cancel)
    if _blank_bytes(data):
        raise FileError(f"{name}: file is empty")
    # Classic Mac line ends (CR only) would make the whole file one line.
    if b"\n" not in data and b"\r" in data:
        data = data.replace(b"\r", b"\n")
    # Excel's "sep=;" first line names the delimiter and is not a row for Excel.
    hint = re.match(rb"sep=([^\r\n\"])\r?\n", data)
    if hint:
        data = data[hint.end() :]
        forced_delimiter = forced_delimiter or hint.group(1).decode()
    delimiter = forced_delimiter or _sniff_delimiter(data[:_SNIFF_BYTES], suffix)
    if not complete:
        data = _cut_records(data, preview_rows or 1)
    if progress:
        progress("parsing", 0, 1)
    parsed = _parse_delimited(name, data, delimiter)
    del data
    _check_cancel(cancel)
    headers, empty, frame = _finish(name, parsed, None, complete)
    if preview_rows is not None:
        frame = frame.head(preview_rows)
    digest = hasher.result() if hasher else ""
    if progress:
        progress("parsing", 1, 1)
    info = TableInfo(
        path=given,
        format="csv",
        encoding=encoding,
        delimiter=delimiter,
        sheet=None,
        sheets=(),
        headers=headers,
        empty_headers=empty,
        sha256=digest,
        rows=frame.height,
    )
    return Table(info=info, frame=frame)


def _check_encoding(name: str, encoding: str | None) -> str | None:
    if encoding is None or not encoding.strip():
        return None
    try:
        info = codecs.lookup(encoding.strip())
    except LookupError:
        raise UsageError(f"{name}: unknown encoding '{encoding}'") from None
    # Codecs like rot13 or base64 are not text encodings.
    if not getattr(info, "_is_text_encoding", True):
        raise UsageError(f"{name}: unknown encoding '{encoding}'")
    return _codec_name(info.name)


def _codec_name(codec: str) -> str:
    """The name reported in ``TableInfo.encoding`` (ISO codecs as ``iso8859_2``)."""
    name = codecs.lookup(codec).name
    return name.replace("-", "_") if name.startswith("iso8859") else name


def _check_delimiter(name: str, delimiter: str | None) -> str | None:
    if delimiter is None or delimiter == "":
        return None
    value = _DELIMITER_NAMES.get(delimiter.strip().lower(), delimiter)
    if len(value) != 1 or value in '"\r\n\x00':
        raise UsageError(f"{name}: invalid delimiter {delimiter!r} (use one character, e.g. ',' ';' tab '|')")
    return value


class _Sha256:
    """SHA-256 of bytes already in memory, computed in a thread while polars parses.

    hashlib releases the GIL on large inputs, so this overlaps with the parse.
    """

    def __init__(self, data: bytes | None = None, digest: str = "") -> None:
        self._digest = digest
        self._thread: threading.Thread | None = None
        if data is not None:
            self._thread = threading.Thread(target=self._run, args=(data,), daemon=True)
            self._thread.start()

    def _run(self, data: bytes) -> None:
        self._digest = hashlib.sha256(data).hexdigest()

    def result(self) -> str:
        if self._thread is not None:
            self._thread.join()
        return self._digest


def _read_all(
    p: Path, size: int, progress: ProgressFn | None, cancel: CancelFn | None
) -> tuple[bytes, _Sha256]:
    """The file's bytes and their SHA-256.

    Files up to ``_ONE_READ_BYTES`` are read at once (fastest; the digest runs in
    a thread); bigger ones in chunks so progress and cancel stay responsive.
    """
    if progress:
        progress("reading", 0, size)
    if size <= _ONE_READ_BYTES:
        with p.open("rb") as fh:
            data = fh.read()
        if progress:
            progress("reading", len(data), max(size, len(data)))
        _check_cancel(cancel)
        return data, _Sha256(data)
    digest = hashlib.sha256()
    parts: list[bytes] = []
    done = 0
    with p.open("rb") as fh:
        while chunk := fh.read(_READ_CHUNK):
            digest.update(chunk)
            parts.append(chunk)
            done += len(chunk)
            if progress:
                progress("reading", done, max(size, done))
            _check_cancel(cancel)
    return b"".join(parts), _Sha256(digest=digest.hexdigest())


def _blank_bytes(data: bytes) -> bool:
    """Only whitespace (without copying the data as ``data.strip()`` would)."""
    return re.search(rb"\S", data) is None


def _read_head(p: Path, name: str, size: int, n_rows: int, forced: str | None) -> tuple[bytes, str, bool]:
    """The decoded beginning of a file holding the header and ``n_rows`` records.

    Starts with a small chunk and grows it only when records are long (big
    cells, many columns). Returns UTF-8 bytes, the codec, and whether that is
    the whole file.
    """
    limit = _PREVIEW_FIRST_CHUNK
    with p.open("rb") as fh:
        raw = fh.read(limit)
        while True:
            complete = len(raw) >= size or len(raw) < limit
            data, encoding = _decode(name, raw, forced, final=complete)
            if complete or limit >= _PREVIEW_MAX_CHUNK or _record_ends(data, n_rows + 1):
                return data, encoding, complete
            more = fh.read(limit * 3)
            raw += more
            limit *= 4


def _record_ends(data: bytes, wanted: int) -> int | None:
    """Offset just after the ``wanted``-th non-blank record, or None if there are fewer."""
    start = 0
    rec_start = 0
    inside = False
    found = 0
    while True:
        nl = data.find(b"\n", start)
        if nl < 0:
            return None
        if data.count(b'"', start, nl) % 2:
            inside = not inside
        start = nl + 1
        if not inside:
            if data[rec_start:nl].strip():
                found += 1
                if found >= wanted:
                    return start
            rec_start = start


def _cut_records(data: bytes, n_rows: int) -> bytes:
    """Cut preview bytes after the header and ``n_rows`` records, or the last whole record."""
    end = _record_ends(data, n_rows + 1)
    if end is not None:
        return data[:end]
    # Fewer records than wanted in the chunk: keep whole records only.
    last = -1
    start = 0
    inside = False
    while True:
        nl = data.find(b"\n", start)
        if nl < 0:
            break
        if data.count(b'"', start, nl) % 2:
            inside = not inside
        start = nl + 1
        if not inside:
            last = start
    return data[:last] if last > 0 else data


# Encoding -----------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ASCII_BYTES = bytes(range(0x80))
# Polish letters that only one of the two encodings puts on these bytes:
# cp1250 ą ś ź Ą Ś Ź = B9 9C 9F A5 8C 8F; ISO-8859-2 ą ś ź Ą Ś Ź = B1 B6 BC A1 A6 AC.
# Bytes 0x80-0x9F are printable in cp1250 (letters, typographic quotes, dashes) and
# C1 control codes in ISO-8859-2, so each one is evidence for cp1250; B1 B6 BC A1
# A6 AC are ± ¶ ľ ˇ ¦ ¬ in cp1250, unusual in Polish text.
_CP1250_EVIDENCE = bytes(range(0x80, 0xA0)) + b"\xb9\xa5"
_ISO8859_2_EVIDENCE = b"\xb1\xb6\xbc\xa1\xa6\xac"
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _decode(name: str, raw: bytes, forced: str | None, *, final: bool) -> tuple[bytes, str]:
    """UTF-8 bytes for polars, and the codec name actually used.

    ``final=False`` means ``raw`` is the beginning of a longer file: a character
    cut at the end is not an error.
    """
    _check_magic(name, raw)
    if forced is not None:
        text = _decode_strict(name, raw, forced, final)
        if forced == "utf-8" and "\x00" not in text:
            return raw.removeprefix(codecs.BOM_UTF8), forced  # already UTF-8: no copy
        return _text_bytes(name, text), forced
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text = _decode_strict(name, raw, codec, final)
            return _text_bytes(name, text), codec
    nul = raw.find(b"\x00")
    if nul >= 0:
        head = raw[:4096]
        if head.count(b"\x00") * 3 > len(head):  # every other byte: UTF-16 text
            raise FileError(
                f"{name}: looks like UTF-16 without a byte-order mark; "
                "choose the encoding utf-16-le or utf-16-be"
            )
        raise FileError(f"{name}: binary content (NUL byte at offset {nul}), not a text table")
    if raw.isascii():
        return raw, "utf-8"
    try:
        decoder = codecs.getincrementaldecoder("utf-8")()
        decoder.decode(raw, final=final)
        return raw, "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    at = utf8_error.start
    if _looks_like_broken_utf8(raw, at):
        line = raw.count(b"\n", 0, at) + 1
        raise FileError(
            f"{name}: not valid UTF-8 (byte 0x{raw[at]:02X} at offset {at}, line {line}); "
            "fix the file or choose its encoding"
        )
    high = raw.translate(None, _ASCII_BYTES)
    cp1250 = len(high) - len(high.translate(None, _CP1250_EVIDENCE))
    iso = len(high) - len(high.translate(None, _ISO8859_2_EVIDENCE))
    order = ("iso8859_2", "cp1250") if iso > cp1250 else ("cp1250", "iso8859_2")
    for codec in order:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(raw, final=final)
        except UnicodeDecodeError:
            continue
        if codec == "iso8859_2":
            # ISO-8859-2 maps every byte, but 0x80-0x9F are control codes there, never
            # text: bytes cp1250 does not know either mean the file is not text at all.
            bad = _C1.search(text)
            if bad:
                at = len(text[: bad.start()].encode("iso8859_2"))
                line = raw.count(b"\n", 0, at) + 1
                raise FileError(
                    f"{name}: not text in UTF-8, Windows-1250 or ISO-8859-2 (byte 0x{raw[at]:02X} "
                    f"at offset {at}, line {line}); choose its encoding if it is another one"
                )
        return _text_bytes(name, text), codec
    # Not reached: ISO-8859-2 decodes every byte.
    raise FileError(f"{name}: cannot detect the text encoding; choose it")


_C1 = re.compile("[\x80-\x9f]")


def _looks_like_broken_utf8(raw: bytes, at: int) -> bool:
    """UTF-8 with a damaged byte at ``at``, rather than a legacy code page?

    Around the first invalid byte, real UTF-8 text has many valid multi-byte
    characters and few invalid bytes; cp1250/ISO-8859-2 Polish text is the
    other way round (its letters seldom pair up as valid UTF-8).
    """
    window = raw[max(0, at - (1 << 20)) : at + (1 << 20)]
    text = window.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    ascii_count = len(window.translate(None, _HIGH_BYTES))
    valid = len(text) - invalid - ascii_count  # valid non-ASCII characters
    return valid >= 4 * invalid


def _decode_strict(name: str, raw: bytes, codec: str, final: bool) -> str:
    try:
        return codecs.getincrementaldecoder(codec)().decode(raw, final=final)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise FileError(
            f"{name}: cannot be decoded as {codec}: byte 0x{raw[exc.start]:02X} at offset "
            f"{exc.start} (line {line})"
        ) from None


def _text_bytes(name: str, text: str) -> bytes:
    text = text.removeprefix("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        raise FileError(f"{name}: binary content (NUL character at position {nul}), not a text table")
    return text.encode("utf-8")


def _check_magic(name: str, raw: bytes) -> None:
    """Workbooks, PDFs and archives saved as .csv: say what they are."""
    kind = None
    if raw.startswith(_ZIP_MAGIC):
        kind = "a ZIP archive (an XLSX/ODS workbook?)"
    elif raw.startswith(_OLE_MAGIC):
        kind = "an XLS workbook"
    elif raw.startswith(b"%PDF"):
        kind = "a PDF document"
    if kind:
        raise FileError(f"{name}: content is {kind}, not a text table (content does not match the extension)")


# Delimiter ----------------------------------------------------------------------------

_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')


def _sniff_delimiter(sample: bytes, suffix: str) -> str:
    """Pick among ``; , tab |`` the one that splits the first records most consistently."""
    text = sample.decode("utf-8", errors="ignore")
    # Quoted cells may hold delimiters and newlines: blank them out first.
    text = _QUOTED.sub("Q", text)
    lines = [line for line in text.replace("\r", "").split("\n") if line.strip()]
    if len(sample) >= _SNIFF_BYTES and len(lines) > 1:
        lines.pop()  # probably cut in the middle
    lines = lines[:100]
    if not lines:
        return "\t" if suffix == ".tsv" else ","
    preferred = "\t" if suffix == ".tsv" else None
    best: str | None = None
    best_score: tuple[float, bool, int, int] | None = None
    for rank, cand in enumerate(_DELIMITER_CANDIDATES):
        header = lines[0].count(cand)
        if header == 0:
            continue
        counts = [line.count(cand) for line in lines[1:]] or [header]
        if not any(counts):
            continue  # in the header only, by chance: not what splits the records
        consistent = sum(1 for c in counts if c == header) / len(counts)
        # Most consistent first; then the suffix's own delimiter, more columns, ; before ,
        score = (consistent, cand == preferred, header, -rank)
        if best_score is None or score > best_score:
            best, best_score = cand, score
    if best:
        return best
    # One column: a delimiter that occurs nowhere, so no cell gets split.
    unused = [c for c in (",", ";", "\t", "|") if not any(c in line for line in lines)]
    return preferred or (unused[0] if unused else ",")


# Parsing ------------------------------------------------------------------------------


@functools.cache
def _polars_keeps_blank_lines() -> bool:
    """The fast path numbers rows by position, so polars must not skip blank lines."""
    try:
        multi = pl.read_csv(b"a;b\n\n1;2\n", has_header=False, infer_schema=False, separator=";")
        lines = pl.read_csv(
            b'a\n\n"1\n', has_header=False, infer_schema=False, separator="\x00", quote_char=None
        )
        return multi.height == 3 and lines.height == 3
    except Exception:
        return False


@dataclass(frozen=True)
class _Parsed:
    """All records of a delimited file, header first, as String columns ``column_N``."""

    frame: pl.DataFrame
    first_row: int  # spreadsheet row of the header
    blank: pl.Series  # per record: every cell empty or whitespace


def _parse_delimited(name: str, data: bytes, delimiter: str) -> _Parsed:
    """Parse records, keeping blank ones so that positions are row numbers.

    Raises FileError for ragged rows and unclosed quotes.
    """
    # Blank lines before the header still count as rows in a spreadsheet.
    lead = re.match(rb"(?:[ \t" + re.escape(delimiter.encode()) + rb"]*\r?\n)+", data)
    first_row = 1
    if lead:
        first_row += lead.group().count(b"\n")
        data = data[lead.end() :]
    if _blank_bytes(data):
        raise FileError(f"{name}: file is empty")
    if not data.endswith(b"\n"):
        # polars drops an empty extra cell on a last line without a line end.
        data += b"\n"
    if _polars_keeps_blank_lines():
        fast = _parse_fast(data, delimiter)
        if fast is not None:
            frame, blank = fast
            return _Parsed(frame, first_row, blank)
    frame = _parse_slow(name, data, delimiter, first_row)
    return _Parsed(frame, first_row, _blank_mask(frame))


def _parse_fast(data: bytes, delimiter: str) -> tuple[pl.DataFrame, pl.Series] | None:
    """polars reads the records; the structure is checked without a Python loop.

    polars keeps blank lines as rows and raises on rows with too many cells, but
    fills rows with too few cells with nulls. Such a row must end in a null, so
    only non-blank rows whose last cell is null are re-counted from the raw
    lines. Returns None when anything is irregular (polars refused the quoting,
    too many or too few cells): the slow path then gives the exact answer.
    """
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            infer_schema=False,
            separator=delimiter,
            quote_char='"',
            null_values="",  # a quoted "" too: empty cells are null
            truncate_ragged_lines=False,
            raise_if_empty=False,
        )
    except Exception:
        return None
    width = frame.width
    if width == 0 or frame.height == 0:
        return None
    # An odd number of quotes: one is never closed (polars then reads to the end
    # of the file silently), or stray quotes sit in unquoted cells.
    if b'"' in data and data.count(b'"') % 2:
        return None
    blank = _blank_mask(frame)
    suspect = frame.get_column(frame.columns[-1]).is_null() & ~blank
    if width == 1 or not suspect.any():
        return frame, blank
    try:
        lines = pl.read_csv(
            data,
            has_header=False,
            infer_schema=False,
            separator="\x00",  # absent (NUL bytes are refused earlier): one field per line
            quote_char=None,
            raise_if_empty=False,
        ).to_series()
    except Exception:
        return None
    has_quote = b'"' in data
    extra_lines = lines.len() - frame.height  # line breaks inside quoted cells
    if extra_lines == 0:
        return (frame, blank) if _cells_ok(lines.filter(suspect), delimiter, width) else None
    if not has_quote or extra_lines < 0:
        return None
    # Records with quoted line breaks span several lines: where each one starts.
    broken = [c for c in frame.columns if frame.get_column(c).str.contains("\n", literal=True).any()]
    extra = (
        frame.select(
            pl.sum_horizontal(
                pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in broken
            ).cast(pl.Int64)
        )
        .to_series()
        .fill_null(0)
    )
    if extra.sum() != extra_lines:
        return None
    start = pl.int_range(0, frame.height, dtype=pl.Int64, eager=True) + extra.cum_sum() - extra
    single = suspect & (extra == 0)
    if not _cells_ok(lines.gather(start.filter(single)), delimiter, width):
        return None
    multi = suspect & (extra > 0)
    if not multi.any():
        return frame, blank
    # Suspect records over several lines: their lines one after another. A line
    # after the first begins inside a quoted cell, so it gets an opening quote.
    firsts, spans = start.filter(multi), extra.filter(multi) + 1
    texts = lines.gather(pl.int_ranges(firsts, firsts + spans, eager=True).explode())
    inner = pl.int_ranges(0, spans, eager=True).explode() > 0
    line = pl.col("line")
    delims = (
        pl.DataFrame({"line": texts, "inner": inner})
        .select(
            pl.when(pl.col("inner"))
            .then(pl.lit('"') + line.fill_null(""))
            .otherwise(line)
            .str.replace_all(r'"[^"]*(?:"|$)', "")
            .str.count_matches(delimiter, literal=True)
            .fill_null(0)
            .cum_sum()
        )
        .to_series()
    )
    # Running total at each record's last line: (width - 1) delimiters per record.
    totals = delims.gather(spans.cum_sum() - 1)
    wanted = pl.int_range(1, spans.len() + 1, dtype=pl.Int64, eager=True) * (width - 1)
    return (frame, blank) if (totals.cast(pl.Int64) == wanted).all() else None


def _cells_ok(lines: pl.Series, delimiter: str, width: int) -> bool:
    """Whether every one-line record has ``width`` cells (delimiters outside quotes + 1)."""
    line = pl.col("line")
    text = lines.alias("line").to_frame()
    if text.select(line.str.contains('"', literal=True).any()).item():
        # Drop quoted stretches (a cell still open at the end runs to the end).
        text = text.select(line.str.replace_all(r'"[^"]*(?:"|$)', ""))
    counts = text.select(line.str.count_matches(delimiter, literal=True).fill_null(0))
    return bool((counts.to_series() == width - 1).all())


def _blank_mask(frame: pl.DataFrame) -> pl.Series:
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


def _parse_slow(name: str, data: bytes, delimiter: str, first_row: int) -> pl.DataFrame:
    """The stdlib csv reader, record by record: exact row numbers and messages."""
    text = data.decode("utf-8")
    lines = io.StringIO(text, newline="").readlines()
    del text
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, 1 << 30))  # cells of several MB are legitimate
    try:
        reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True)
        records: list[list[str]] = []
        start = last_start = 0  # physical line where the (last) record begins
        for record in reader:
            records.append(record)
            last_start, start = start, reader.line_num
    finally:
        csv.field_size_limit(old_limit)
    if not records:
        raise FileError(f"{name}: file is empty")
    if '"' in lines[-1] or reader.line_num - last_start > 1:
        _check_unclosed_quote(name, "".join(lines[last_start:]), delimiter, first_row + len(records) - 1)
    width = len(records[0])
    problems = [
        (i, len(rec))
        for i, rec in enumerate(records)
        if len(rec) != width and any(cell.strip() for cell in rec)
    ]
    if problems:
        i, count = problems[0]
        more = f" (and {len(problems) - 1} more rows)" if len(problems) > 1 else ""
        raise FileError(f"{name}: row {first_row + i} has {count} cells, the header has {width}{more}")
    columns = [
        pl.Series(
            f"column_{j + 1}",
            [(rec[j] or None) if j < len(rec) else None for rec in records],
            dtype=pl.String,
        )
        for j in range(width)
    ]
    return pl.DataFrame(columns)


def _check_unclosed_quote(name: str, tail: str, delimiter: str, row: int) -> None:
    """A quote never closed swallows the rest of the file into one cell: say so.

    The lenient reader cannot tell; a strict re-read of the last record can.
    """
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise FileError(
                f"{name}: row {row}: a quoted cell is never closed (missing closing quote)"
            ) from None


# --- workbooks ------------------------------------------------------------------------


def _read_workbook(
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
    _check_cancel(cancel)
    digest = ""
    if preview_rows is None:
        digest, _ = _hash_file(p, cancel)
    try:
        reader = fastexcel.read_excel(str(p))
        sheets = tuple(reader.sheet_names)
    except Exception as exc:
        raise FileError(f"{name}: not a valid {fmt.upper()} workbook ({_short(exc)})") from None
    if progress:
        progress("reading", size, size)
    _check_cancel(cancel)
    if not sheets:
        raise FileError(f"{name}: file is empty (no sheets)")

    def load(index: int, n_rows: int | None) -> pl.DataFrame:
        try:
            sheet = reader.load_sheet(index, header_row=None, skip_rows=0, n_rows=n_rows, dtypes="string")
            frame = pl.DataFrame(sheet)
        except Exception as exc:
            raise FileError(f"{name}: sheet '{sheets[index]}' cannot be read ({_short(exc)})") from None
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
            if frame.width and not _blank_mask(frame).all():
                index = i
                break
        else:
            raise FileError(f"{name}: file is empty (every sheet is blank)")
    else:
        frame = load(index, n_rows)
        if not frame.width or _blank_mask(frame).all():
            raise FileError(f"{name}: sheet '{sheets[index]}' is empty")
    _check_cancel(cancel)
    if progress:
        progress("parsing", 0, 1)
    frame = _excel_text(frame)
    blank = _blank_mask(frame)
    header_at = int(blank.arg_min() or 0)  # first non-blank row (0-based)
    positions = [int(c.removeprefix("column_")) for c in frame.columns]
    parsed = _Parsed(frame.slice(header_at), header_at + 1, blank.slice(header_at))
    headers, empty, frame = _finish(name, parsed, positions, complete=preview_rows is None)
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
        while chunk := fh.read(_READ_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            _check_cancel(cancel)
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
        if head.startswith(_OLE_MAGIC):
            return
        if head.startswith(_ZIP_MAGIC):
            raise FileError(
                f"{name}: not a valid XLS workbook (content is a ZIP archive, probably XLSX; "
                "content does not match the extension)"
            )
        raise FileError(mismatch)
    if not head.startswith(_ZIP_MAGIC):
        if head.startswith(_OLE_MAGIC):
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


# --- common finishing -----------------------------------------------------------------


def _finish(
    name: str,
    parsed: _Parsed,
    positions: list[int] | None,
    complete: bool,
) -> tuple[tuple[str, ...], tuple[str, ...], pl.DataFrame]:
    """Headers from the first record; data rows numbered, blank ones dropped.

    ``positions`` are the 1-based column numbers shown to users (sheet columns
    for workbooks); ``complete`` is False for a preview cut from a longer file.
    """
    raw = parsed.frame
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
    return tuple(headers), tuple(empty), body


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
