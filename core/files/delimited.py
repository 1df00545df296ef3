"""Reading delimited text (``.csv``, ``.tsv``, ``.txt``) into a :class:`Table`.

The file is read (whole, with its SHA-256, or only the beginning for a
preview), decoded to UTF-8 by :mod:`relimport.core.files.decode`, its delimiter sniffed,
and the records parsed by :mod:`relimport.core.files.csvparse`.
"""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path

from relimport.core.domain.errors import FileError, UsageError
from relimport.core.domain.options import FileOptions
from relimport.core.files.csvparse import blank_bytes, parse_delimited
from relimport.core.files.decode import check_encoding, decode
from relimport.core.files.table import (
    READ_CHUNK,
    CancelFn,
    ProgressFn,
    Table,
    TableInfo,
    check_cancel,
    finish,
)

_DELIMITER_CANDIDATES = (";", ",", "\t", "|")
_DELIMITER_NAMES = {
    "tab": "\t",
    "\\t": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
}
_ONE_READ_BYTES = 256 << 20
_PREVIEW_FIRST_CHUNK = 256 << 10
_PREVIEW_MAX_CHUNK = 64 << 20
_SNIFF_BYTES = 64 << 10


def read_delimited(
    p: Path,
    given: str,
    name: str,
    suffix: str,
    options: FileOptions,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
    preview_rows: int | None,
) -> Table:
    forced_encoding = check_encoding(name, options.encoding)
    forced_delimiter = _check_delimiter(name, options.delimiter)
    size = p.stat().st_size
    hasher: _Sha256 | None = None
    if preview_rows is None:
        raw, hasher = _read_all(p, size, progress, cancel)
        data, encoding = decode(name, raw, forced_encoding, final=True)
        del raw
        complete = True
    else:
        data, encoding, complete = _read_head(p, name, size, preview_rows, forced_encoding)
    check_cancel(cancel)
    if blank_bytes(data):
        raise FileError(f"{name}: file is empty")
    data = _cr_line_ends(data)
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
    parsed = parse_delimited(name, data, delimiter)
    del data
    check_cancel(cancel)
    headers, empty, frame = finish(name, parsed, None, complete)
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


def _cr_line_ends(data: bytes) -> bytes:
    """Classic Mac line ends (CR only) as LF, so every reader below sees one kind.

    A file whose records end in a bare CR may still hold LF or CRLF inside quoted
    cells; it is a CR file when no LF stands outside quotes. Its bare CRs (also
    those inside cells, which were newlines there too) become LF.
    """
    if b"\r" not in data:
        return data
    crlf = data.count(b"\r\n")
    if data.count(b"\r") == crlf:
        return data
    if b"\n" in data:
        outside = re.sub(rb'"[^"]*"', b"", data) if b'"' in data else data
        if b"\n" in outside:
            return data  # LF or CRLF records; a lone CR is inside a cell
    return re.sub(rb"\r(?!\n)", b"\n", data)


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
        check_cancel(cancel)
        return data, _Sha256(data)
    digest = hashlib.sha256()
    parts: list[bytes] = []
    done = 0
    with p.open("rb") as fh:
        while chunk := fh.read(READ_CHUNK):
            digest.update(chunk)
            parts.append(chunk)
            done += len(chunk)
            if progress:
                progress("reading", done, max(size, done))
            check_cancel(cancel)
    return b"".join(parts), _Sha256(digest=digest.hexdigest())


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
            data, encoding = decode(name, raw, forced, final=complete)
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
