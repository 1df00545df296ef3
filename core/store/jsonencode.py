"""A :class:`StoreData` encoded as the store file's bytes (``docs/store-format.md``).

The document's skeleton is encoded once and each column on a line of its own, with the
columns' sums at the end (see :mod:`relimport.core.store.layout`): a column read and
not changed is written back as the text it was read from; frame columns never become
Python objects; a large column is encoded in slices, many new values two columns at a
time. :func:`relimport.core.store.jsonfile.save` writes the pieces crash-safely.
"""

from __future__ import annotations

import io
import os
import sys
import uuid
from collections.abc import Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
import polars as pl

from relimport.core.store.check import FORMAT, VERSION
from relimport.core.store.layout import JsonColumn, SumsWriter, values_of
from relimport.core.store.model import StoreData
from relimport.core.store.tables import LazyTables


def to_doc(data: StoreData, numpy: bool = False) -> dict[str, Any]:
    """The JSON document for ``data`` (columnar records and links) as Python objects.

    ``numpy`` is accepted for compatibility and ignored; :func:`relimport.core.store.jsonfile.save`
    encodes columns itself (see :func:`encode`).
    """
    return _doc(data, lambda v, _path: v.to_list() if isinstance(v, pl.Series) else values_of(v))


def _doc(data: StoreData, column: Callable[[Any, str], Any]) -> dict[str, Any]:
    return (
        {
            "format": FORMAT,
            "version": VERSION,
            "next_id": data.next_id,
            "next_batch": data.next_batch,
            "next_rel": data.next_rel,
            "relationship_types": [r.to_json() for r in data.relationship_types],
            "records": {k: _table_doc(data.records, k, column, f"records.{k}") for k in data.records},
            "links": {str(r): _table_doc(data.links, r, column, f"links.{r}") for r in data.links},
            "batches": [b.to_json() for b in data.batches],
        }
        | ({"aliases": data.aliases} if data.aliases else {})
        | ({"migration": data.migration} if data.migration else {})
    )


def _table_doc(
    tables: MutableMapping[Any, pl.DataFrame], key: Any, column: Callable[[Any, str], Any], where: str
) -> dict[str, Any]:
    raw = tables.raw(key) if isinstance(tables, LazyTables) else None
    if raw is not None:
        return {c: column(v, f"{where}.{c}") for c, v in raw.items()}
    return {c: column(s, f"{where}.{c}") for c, s in _columns(tables[key]).items()}


def _columns(df: pl.DataFrame) -> dict[str, pl.Series]:
    """The columns to write; all-empty ones are left out (the loader fills in nulls)."""
    out: dict[str, pl.Series] = {}
    for c in df.columns:
        s = df.get_column(c)
        if s.len() and s.null_count() == s.len() and c not in ("id", "source", "target"):
            continue
        out[c] = s
    return out


class _Column:
    """A column to encode on its own (see :func:`encode`), with its path in the document."""

    __slots__ = ("path", "value")

    def __init__(self, value: Any, path: str) -> None:
        self.value = value
        self.path = path


#: Values encoded per call: each encoder call holds the GIL, so a column of a million
#: values is encoded in slices (a TUI worker saving never stalls the event loop long).
ENCODE_SLICE = 100_000


def _column_json(value: Any) -> list[bytes | memoryview]:
    """One column as a JSON array, in pieces written one after the other (no join copy):
    polars encodes frames natively, orjson decoded lists; a column read unchanged is
    written back as the text it was read from."""
    if isinstance(value, JsonColumn):
        return [value.text]
    n = value.len() if isinstance(value, pl.Series) else len(value)
    if n <= ENCODE_SLICE:
        return [_slice_json(value)]
    pieces: list[bytes | memoryview] = [b"["]
    for i in range(0, n, ENCODE_SLICE):
        if i:
            pieces.append(b",")
        pieces.append(memoryview(_slice_json(value[i : i + ENCODE_SLICE]))[1:-1])
    pieces.append(b"]")
    return pieces


def _slice_json(value: Any) -> bytes:
    if isinstance(value, pl.Series):
        if value.dtype == pl.Int64 and value.len() and not value.null_count():
            return _ints_json(value)
        buf = io.BytesIO()
        pl.DataFrame({"c": value}).select(pl.col("c").implode()).write_ndjson(buf)
        return buf.getvalue()[5:-2]  # strip '{"c":' and '}\n'
    return orjson.dumps(value)


def _ints_json(value: pl.Series) -> bytes:
    """Ids and batch numbers (no nulls) as a JSON array, the fastest way at hand: one
    number repeated (a batch column) by repeating its text; else through numpy when it
    is loaded (orjson writes the zero-copy array natively), else polars' CSV writer (not
    worth importing numpy for: 0.1 s)."""
    low, high = value.min(), value.max()
    if low == high:
        one = str(low).encode()
        return b"[" + (one + b",") * (value.len() - 1) + one + b"]"
    if "numpy" in sys.modules:
        return orjson.dumps(value.to_numpy(), option=orjson.OPT_SERIALIZE_NUMPY)
    buf = io.BytesIO()
    value.to_frame().write_csv(buf, include_header=False)
    return b"[" + buf.getvalue()[:-1].replace(b"\n", b",") + b"]"


def encode(data: StoreData) -> list[bytes | memoryview]:
    """The store file as pieces: a skeleton with each column encoded separately, on a
    line of its own, and the columns' sums at the end (see :mod:`relimport.core.store.layout`).

    No single encoding call spans the whole store (the TUI's event loop keeps
    running while a worker saves) and frame columns never become Python objects.
    """
    token = uuid.uuid4().hex
    columns: list[_Column] = []

    def placeholder(obj: Any) -> str:
        if isinstance(obj, _Column):
            columns.append(obj)
            return f"@@{token}:{len(columns) - 1}@@"
        raise TypeError(f"cannot store {type(obj).__name__}")

    skeleton = orjson.dumps(_doc(data, _Column), default=placeholder)
    parts = skeleton.split(f'"@@{token}:'.encode())
    pieces: list[bytes | memoryview] = [parts[0]]
    sums = SumsWriter()
    encoded = _encode_columns([c.value for c in columns])
    for part in parts[1:]:
        index, rest = part.split(b'@@"', 1)
        column = columns[int(index)]
        json = encoded[int(index)]
        if isinstance(column.value, JsonColumn):
            sums.keep(column.path, column.value)
        else:
            sums.add(column.path, json, len(column.value), _column_max(column))
        pieces += [b"\n", *json, b"\n", rest]
    # The skeleton closes the document: the sums go in before its last brace.
    last = bytes(pieces[-1])
    pieces[-1] = last[: last.rindex(b"}")] + sums.field() + b"}"
    return pieces


#: Values to encode from which a second thread helps (polars encodes outside the GIL).
PARALLEL_ENCODE = 500_000


def _encode_columns(values: list[Any]) -> list[list[bytes | memoryview]]:
    """Each column's JSON pieces (see :func:`_column_json`), two at a time when there
    are many new values (a million-row import writes ten columns of a million)."""
    new = sum(len(v) for v in values if not isinstance(v, JsonColumn))
    if new < PARALLEL_ENCODE or (os.cpu_count() or 1) < 2:
        return [_column_json(v) for v in values]
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="relimport-encode") as pool:
        return list(pool.map(_column_json, values))


def _column_max(column: _Column) -> int | None:
    """The largest id of an ``id`` column (written beside it: the next id is checked
    against it on load without decoding the column), else ``None``."""
    if not column.path.endswith(".id"):
        return None
    value = column.value
    if isinstance(value, JsonColumn):
        return value.maximum
    if isinstance(value, pl.Series):
        top = value.max()
        return int(top) if top is not None else None  # type: ignore[arg-type]
    return max((v for v in value if type(v) is int), default=None)
