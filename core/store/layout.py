"""The store file's columns one per line, so an unchanged column is neither decoded nor encoded.

relimport writes every column of ``records`` and ``links`` as a JSON array on a line of
its own (newlines are whitespace to any JSON reader, and never occur inside a JSON
string), and lists each column's CRC-32, length and largest value under the top-level
``column_sums``. Reading such a file parses only the rest (the *skeleton*: counters,
relationship types, the journal) and keeps each column whose text still has its CRC-32
as a :class:`JsonColumn`: its values are decoded when first used, and a save writes
the text back as it is. An import into a store of 700,000 records then decodes the
columns it looks values up in, not the whole file, and copies the rest.

Anything else — a file without this layout, a column edited since (its CRC-32
differs), a line that is not a column — is decoded in full, as any JSON file is, so
every value relimport did not write itself is checked as before.
"""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Iterator, Sequence
from typing import Any

import orjson

#: The top-level field listing each column's ``[crc32, length, max]`` by its path
#: (``records.company.name``, ``links.2.source``); ``max`` is null but for ``id``.
SUMS = "column_sums"


class JsonColumn(Sequence[Any]):
    """A column of the store file kept as its JSON text (a valid array of ``n`` values:
    its CRC-32 is the one relimport wrote beside it) until its values are read."""

    __slots__ = ("_series", "_source", "_start", "_stop", "_values", "crc", "maximum", "n")

    def __init__(self, source: bytes, start: int, stop: int, sums: list[Any]) -> None:
        self._source, self._start, self._stop = source, start, stop
        #: The CRC-32 of the text, its number of values and the largest value (ids only),
        #: as written beside the column.
        self.crc, self.n, self.maximum = sums
        self._values: list[Any] | None = None
        self._series: Any = None

    @property
    def text(self) -> memoryview:
        """The column's JSON text, as in the file."""
        return memoryview(self._source)[self._start : self._stop]

    def values(self) -> list[Any]:
        """The decoded values (decoded once)."""
        if self._values is None:
            values = orjson.loads(self.text)
            if not isinstance(values, list) or len(values) != self.n:
                raise ValueError("a column's text does not hold its listed number of values")
            self._values = values
        return self._values

    def series(self, name: str, dtype: Any) -> Any:
        """The values as a polars Series of ``dtype`` (decoded once; a table's views share it)."""
        import polars as pl

        if self._series is not None and self._series.dtype == dtype:
            return self._series.alias(name)
        values = None
        if self._values is None and self.n:
            values = self._split(pl, dtype)
        if values is None:
            values = pl.Series(name, self.values(), dtype=dtype, strict=True)
        self._series = values.alias(name)
        return self._series

    def _split(self, pl: Any, dtype: Any) -> Any:
        """The column's text split natively, without Python objects, when that is exact:
        integers, or texts none of which is null or holds an escape (then every quote
        delimits a value: ``2 n`` of them). A million values in a third of the time of
        decoding; ``None`` otherwise."""
        source, start, stop = self._source, self._start, self._stop
        if dtype == pl.Int64:
            strip, separator = 1, ","
        elif (
            dtype == pl.String
            and source.find(b"\\", start, stop) < 0
            and source.count(b'"', start, stop) == 2 * self.n
        ):
            strip, separator = 2, '","'
        else:
            return None
        try:
            text = pl.Series([bytes(self.text)], dtype=pl.Binary).cast(pl.String)  # checks UTF-8
            values = text.str.slice(strip).str.head(-strip).str.split(separator).explode()
            if dtype == pl.Int64:
                values = values.cast(pl.Int64, strict=True)
        except pl.exceptions.PolarsError:
            return None
        return values if values.len() == self.n else None

    def contains_char(self, char: str) -> bool:
        """Whether some value holds the ASCII punctuation ``char`` (``@``), read from the
        JSON text (as is or ``\\u``-escaped): no value is decoded."""
        escaped = f"\\u{ord(char):04x}"
        return any(
            self._source.find(form.encode(), self._start, self._stop) >= 0
            for form in (char, escaped, escaped.upper().replace("\\U", "\\u"))
        )

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, index: Any) -> Any:
        return self.values()[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.values())


def values_of(column: Any) -> Any:
    """A column's values as a list (a :class:`JsonColumn` decoded), else the column itself."""
    return column.values() if isinstance(column, JsonColumn) else column


def read_layout(raw: bytes) -> dict[str, Any] | None:
    """The document of a file written one column per line, its unchanged columns as
    :class:`JsonColumn`; ``None`` when the file has no such layout or anything in it
    does not fit (the caller then decodes the whole file)."""
    first = raw.find(b"\n")
    if first < 0 or raw.find(b"\n", first + 1) < 0:
        return None
    view = memoryview(raw)
    token = uuid.uuid4().hex
    skeleton: list[bytes | memoryview] = []
    lines: list[tuple[int, int]] = []
    start = 0
    end = len(raw)
    while start <= end:
        stop = raw.find(b"\n", start)
        if stop < 0:
            stop = end
        if stop - start >= 2 and raw[start] == 0x5B and raw[stop - 1] == 0x5D:  # [ ... ]
            skeleton.append(f'"{token}:{len(lines)}"'.encode())
            lines.append((start, stop))
        else:
            skeleton.append(view[start:stop])
        start = stop + 1
    if not lines:
        return None
    try:
        doc = orjson.loads(b"".join(skeleton))
    except orjson.JSONDecodeError:
        return None
    if not isinstance(doc, dict):
        return None
    sums = doc.pop(SUMS, None)
    sums = sums if isinstance(sums, dict) else {}
    used = 0
    prefix = f"{token}:"
    for part in ("records", "links"):
        tables = doc.get(part)
        if not isinstance(tables, dict):
            continue
        for key, cols in tables.items():
            if not isinstance(cols, dict):
                continue
            for name, value in cols.items():
                if not (isinstance(value, str) and value.startswith(prefix)):
                    continue
                start, stop = lines[int(value[len(prefix) :])]
                column = _column(raw, start, stop, sums.get(f"{part}.{key}.{name}"))
                if column is None:
                    return None
                cols[name] = column
                used += 1
    return doc if used == len(lines) else None


def _column(raw: bytes, start: int, stop: int, sums: Any) -> JsonColumn | list[Any] | None:
    """A column line: kept as text when its CRC-32 is the one listed, else decoded."""
    line = memoryview(raw)[start:stop]
    if (
        isinstance(sums, list)
        and len(sums) == 3
        and all(type(x) is int for x in sums[:2])
        and (sums[2] is None or type(sums[2]) is int)
        and zlib.crc32(line) == sums[0]
    ):
        return JsonColumn(raw, start, stop, sums)
    try:
        values = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return values if isinstance(values, list) else None


class SumsWriter:
    """Collects each column's ``[crc32, length, max]`` as the file's pieces are made."""

    def __init__(self) -> None:
        self.sums: dict[str, list[Any]] = {}

    def add(self, path: str, pieces: Sequence[bytes | memoryview], n: int, maximum: int | None) -> None:
        crc = 0
        for piece in pieces:
            crc = zlib.crc32(piece, crc)
        self.sums[path] = [crc, n, maximum]

    def keep(self, path: str, column: JsonColumn) -> None:
        """A column written back as it was read: its sums as read."""
        self.sums[path] = [column.crc, column.n, column.maximum]

    def field(self) -> bytes:
        """``,"column_sums":{…}`` to close the document with."""
        return b',"' + SUMS.encode() + b'":' + orjson.dumps(self.sums)
