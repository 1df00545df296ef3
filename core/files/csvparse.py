"""Parsing decoded delimited text into records, keeping blank ones so positions are row numbers.

polars reads the common case in one native pass; row numbers are positions
because polars keeps blank lines as rows. Only rows that could be short (last
cell empty) are re-checked, against the raw lines, in columnar passes. Anything
irregular (stray quotes, ragged rows, an unclosed quote) is re-read with the
stdlib ``csv`` module, slower but exact about which row is wrong.
"""

from __future__ import annotations

import csv
import functools
import io
import re

import polars as pl

from relimport.core.domain.errors import FileError
from relimport.core.files.table import Parsed, blank_mask, check_width, too_wide


def blank_bytes(data: bytes) -> bool:
    """Only whitespace (without copying the data as ``data.strip()`` would)."""
    return re.search(rb"\S", data) is None


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


def parse_delimited(name: str, data: bytes, delimiter: str) -> Parsed:
    """Parse records, keeping blank ones so that positions are row numbers.

    Raises FileError for ragged rows and unclosed quotes.
    """
    # Blank lines before the header still count as rows in a spreadsheet.
    lead = re.match(rb"(?:[ \t" + re.escape(delimiter.encode()) + rb"]*\r?\n)+", data)
    first_row = 1
    if lead:
        first_row += lead.group().count(b"\n")
        data = data[lead.end() :]
    if blank_bytes(data):
        raise FileError(f"{name}: file is empty")
    _check_header_width(name, data, delimiter)
    if not data.endswith(b"\n"):
        # polars drops an empty extra cell on a last line without a line end.
        data += b"\n"
    if _polars_keeps_blank_lines():
        fast = _parse_fast(data, delimiter)
        if fast is not None:
            frame, blank = fast
            return Parsed(frame, first_row, blank)
    frame = _parse_slow(name, data, delimiter, first_row)
    return Parsed(frame, first_row, blank_mask(frame))


def _check_header_width(name: str, data: bytes, delimiter: str) -> None:
    """Count the first record's cells before parsing: every column costs the parser fixed
    work, so a file of a million columns is refused before it costs gigabytes."""
    end = data.find(b"\n")
    line = data if end < 0 else data[:end]
    delim = delimiter.encode()
    if not too_wide(line.count(delim) + 1):
        return
    # Delimiters inside quoted cells do not separate (a cell still open runs to the end).
    outside = re.sub(rb'"[^"]*(?:"|$)', b"", line) if b'"' in line else line
    check_width(name, outside.count(delim) + 1)


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
    if b'"' in data and (data.count(b'"') % 2 or _stray_quotes(data, delimiter)):
        return None
    blank = blank_mask(frame)
    suspect = frame.get_column(frame.columns[-1]).is_null() & ~blank
    if width == 1 or not suspect.any():
        return frame, blank
    try:
        lines = _raw_lines(data)
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


def _raw_lines(data: bytes) -> pl.Series:
    """The physical lines of ``data``, quotes ignored, in one native pass."""
    return pl.read_csv(
        data,
        has_header=False,
        infer_schema=False,
        separator="\x00",  # absent (NUL bytes are refused earlier): one field per line
        quote_char=None,
        raise_if_empty=False,
    ).to_series()


def _stray_quotes(data: bytes, delimiter: str) -> bool:
    """A quote inside a cell's text (``"ab"cd"ef"``, ``ab"cd``, ``"ab" ,``).

    polars and the stdlib reader read such cells differently, so a file holding
    one always goes to the stdlib reader: the same row reads the same way
    whatever the rest of the file holds. A quote that opens or closes a cell
    stands next to a delimiter, a line end or another quote; this looks for one
    that does not, line by line in one native pass.
    """
    try:
        lines = _raw_lines(data)
    except Exception:
        return True
    d = re.escape(delimiter)
    return bool(lines.str.contains(f'[^{d}\r\n"]"[^{d}\r\n"]').any())


def _cells_ok(lines: pl.Series, delimiter: str, width: int) -> bool:
    """Whether every one-line record has ``width`` cells (delimiters outside quotes + 1)."""
    line = pl.col("line")
    text = lines.alias("line").to_frame()
    if text.select(line.str.contains('"', literal=True).any()).item():
        # Drop quoted stretches (a cell still open at the end runs to the end).
        text = text.select(line.str.replace_all(r'"[^"]*(?:"|$)', ""))
    counts = text.select(line.str.count_matches(delimiter, literal=True).fill_null(0))
    return bool((counts.to_series() == width - 1).all())


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
