"""The store: one versioned JSON file, written crash-safely under a lock.

Format (documented in ``docs/store-format.md``)::

    {"format": "relimport-store", "version": 1, "next_id": .., "next_batch": ..,
     "next_rel": .., "relationship_types": [..],
     "records": {type: {column: [values...]}},     # columnar
     "links": {rel_id: {"source": [..], "target": [..], "batch": [..]}},
     "batches": [..]}

Guarantees: a write goes to a temp file in the same directory, is fsynced,
atomically replaces the store and the directory is fsynced; one writer at a
time (``<store>.lock``); a corrupt or newer file is refused and never
overwritten; new files are created 0600; a symlinked path writes through.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import uuid
from collections.abc import Callable, Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import polars as pl

from relimport.core.domain.errors import StoreError
from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.domain.paths import ENV_STORE, NotRegularFile, default_store_path, read_regular
from relimport.core.store.atomic import UNCHECKED, check_owner_kept, file_identity, own_files, write_atomic
from relimport.core.store.check import FORMAT, VERSION, damaged_error, doc_error, empty_error
from relimport.core.store.layout import JsonColumn, SumsWriter, read_layout, values_of
from relimport.core.store.lock import ENV_LOCK_TIMEOUT, locked, target_path  # noqa: F401 - re-exported
from relimport.core.store.memory import DataSession
from relimport.core.store.migrate import upgrade
from relimport.core.store.model import (
    FIRMA,
    LINK_SCHEMA,
    META_COLUMNS,
    Batch,
    LazyTables,
    RelationshipType,
    StoreData,
    TableBuilder,
    empty_links,
    empty_records,
    parse_aliases,
)
from relimport.core.store.written import note_written

# --- reading ---------------------------------------------------------------------


def load(path: Path) -> StoreData:
    """Read the store at ``path``; a missing file is an empty store.

    Raises:
        StoreError: unreadable, not JSON, not a relimport store, or a newer version.
    """
    name = str(path)
    try:
        raw = read_regular(Path(path))
    except FileNotFoundError:
        return StoreData.empty()
    except (IsADirectoryError, NotRegularFile) as exc:
        what = "is a directory" if isinstance(exc, IsADirectoryError) else exc.strerror
        raise StoreError(f"{name}: {what}; give the path of a store file") from None
    except PermissionError:
        raise StoreError(f"{name}: permission denied reading the store") from None
    except OSError as exc:
        raise StoreError(f"{name}: cannot read the store ({exc.strerror})") from None
    if not raw.strip():
        raise empty_error(name)
    # A file relimport wrote: its unchanged columns stay JSON text until used (see layout).
    doc = read_layout(raw)
    if doc is None:
        try:
            doc = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise damaged_error(name, f"invalid JSON: {exc.msg} at byte {exc.pos}") from None
    return _from_doc(doc, name)


def _from_doc(doc: Any, name: str) -> StoreData:
    error = doc_error(name, doc)
    if error:
        raise error
    try:
        rels = [RelationshipType.from_json(r) for r in doc.get("relationship_types", [])]
        if not any(r.builtin and r.name == FIRMA.name for r in rels):
            rels.insert(0, FIRMA)
        rec_doc = doc.get("records") or {}
        links_doc = doc.get("links") or {}
        _check_parts(rels, rec_doc, links_doc, doc)
        raw_records = {k: _checked_columns(f"records.{k}", rec_doc.get(k)) for k in OBJECT_TYPES}
        raw_links = {r.id: _checked_columns(f"links.{r.id}", links_doc.get(str(r.id))) for r in rels}
        records = LazyTables(
            {k: v for k, v in raw_records.items() if v},
            _builder(name, _records_frame),
            list(OBJECT_TYPES),
        )
        links = LazyTables(
            {k: v for k, v in raw_links.items() if v},
            _builder(name, lambda _rel_id, cols, _only: _links_frame(cols)),
            [r.id for r in rels],
        )
        batches = [Batch.from_json(b) for b in doc.get("batches", [])]
        aliases = parse_aliases(doc.get("aliases"))
        if doc["version"] != VERSION:
            for cols in raw_records.values():
                if cols:
                    cols.update({c: values_of(v) for c, v in cols.items()})
        # An older file's values become canonical now; the next write stores them so.
        migration = upgrade(doc["version"], raw_records, batches, aliases) or doc.get("migration")
        max_id = max((_max_id(v["id"]) for v in raw_records.values() if v), default=0)
        return StoreData(
            relationship_types=rels,
            records=records,
            links=links,
            batches=batches,
            next_id=max(doc.get("next_id", 1), max_id + 1),
            next_batch=max(doc.get("next_batch", 1), max((b.id for b in batches), default=0) + 1),
            next_rel=max(doc.get("next_rel", 2), max(r.id for r in rels) + 1),
            aliases=aliases,
            migration=migration,
        )
    except (KeyError, TypeError, ValueError, AttributeError, pl.exceptions.PolarsError) as exc:
        reason = " ".join(str(exc).split())[:160]
        raise StoreError(f"{name}: store has a wrong shape ({reason}); refused") from None


#: Ids and counters stay far below the Int64 limit (2**53: exact in every JSON reader).
MAX_ID = 2**53


def _check_parts(rels: list[RelationshipType], rec_doc: Any, links_doc: Any, doc: dict[str, Any]) -> None:
    """Refuse what a later write would silently drop or what would break reads.

    Unknown record types or relationship ids, repeated relationship or batch ids and
    counters that are not sane whole numbers (``1e20``, ``true``) are refused here;
    duplicate record ids when a table is first built (:func:`_records_frame`).
    """
    for key in ("next_id", "next_batch", "next_rel"):
        value = doc.get(key, 1)
        if type(value) is not int or not 1 <= value <= MAX_ID:
            raise ValueError(f"{key} is {value!r}, not a whole number from 1 to 2**53")
    if not isinstance(rec_doc, dict) or not isinstance(links_doc, dict):
        raise TypeError("records and links must be objects")
    unknown = sorted(set(rec_doc) - set(OBJECT_TYPES))
    if unknown:
        raise ValueError(f"records of unknown type {unknown[0]!r}")
    rel_ids = [r.id for r in rels]
    if len(set(rel_ids)) != len(rel_ids) or any(not 1 <= i <= MAX_ID for i in rel_ids):
        raise ValueError("relationship type ids repeat or are out of range")
    stray = sorted(set(links_doc) - {str(i) for i in rel_ids})
    if stray:
        raise ValueError(f"links of unknown relationship type id {stray[0]}")
    batch_ids = [b.get("id") if isinstance(b, dict) else None for b in doc.get("batches", [])]
    if len(set(batch_ids)) != len(batch_ids) or any(
        type(i) is not int or not 1 <= i <= MAX_ID for i in batch_ids
    ):
        raise ValueError("batch ids repeat or are not whole numbers")


def _checked_columns(where: str, cols: Any) -> dict[str, list[Any]] | None:
    """Cheap shape check of a columnar table at load: a dict of equally long lists
    (or columns relimport wrote and nobody changed since: :class:`JsonColumn`)."""
    if not cols:
        return None
    if not isinstance(cols, dict) or not all(isinstance(v, list | JsonColumn) for v in cols.values()):
        raise TypeError(f"{where} is not a table of columns")
    lengths = {len(v) for v in cols.values()}
    if len(lengths) > 1:
        raise ValueError(f"{where} has columns of different lengths")
    for key in ("id", "source", "target"):
        column = cols.get(key, [])
        if isinstance(column, JsonColumn):
            continue
        # A cheap sanity check at load; every value is type-checked when the table is used.
        ends = column[:1] + column[-1:]
        if any(type(x) is not int for x in ends):
            raise TypeError(f"{where}.{key} holds a value that is not an integer id")
    return cols


def _max_id(ids: Any) -> int:
    if isinstance(ids, JsonColumn):
        return ids.maximum or 0
    return max(ids, default=0)


def _builder(name: str, build: TableBuilder) -> TableBuilder:
    """``build`` with its errors turned into a one-line :class:`StoreError` naming the file."""

    def run(key: Any, cols: dict[str, list[Any]] | None, only: tuple[str, ...] | None) -> pl.DataFrame:
        try:
            return build(key, cols, only)
        except (KeyError, TypeError, ValueError, OverflowError, pl.exceptions.PolarsError) as exc:
            reason = " ".join(str(exc).split())[:160]
            raise StoreError(f"{name}: store has a wrong shape ({reason}); refused") from None

    return run


def _records_frame(
    type_key: str, cols: dict[str, list[Any]] | None, only: tuple[str, ...] | None = None
) -> pl.DataFrame:
    base = empty_records(type_key)
    if only is not None:
        base = base.select(only)
    if not cols:
        return base
    if not isinstance(cols, dict):
        raise TypeError(f"records of {type_key} are not columns")
    n = len(cols.get("id", []))
    data: dict[str, Any] = {}
    for col, dtype in base.schema.items():
        values = cols.get(col)
        if values is None:
            values = [None] * n
        if len(values) != n:
            raise ValueError(f"column {type_key}.{col} has {len(values)} values, expected {n}")
        data[col] = _series(col, values, dtype)
    ids = data.get("id")
    if ids is not None and ids.len():
        if ids.null_count() or ids.n_unique() != ids.len() or not 1 <= (ids.min() or 0) <= MAX_ID:
            raise ValueError(f"records.{type_key} has missing, repeated or out-of-range ids")
        if (ids.max() or 0) > MAX_ID:
            raise ValueError(f"records.{type_key} has ids beyond 2**53")
    return pl.DataFrame(data)


def _links_frame(cols: dict[str, list[Any]] | None) -> pl.DataFrame:
    if not cols:
        return empty_links()
    return pl.DataFrame({c: _series(c, cols[c], t) for c, t in LINK_SCHEMA.items()})


def _series(name: str, values: Any, dtype: Any) -> pl.Series:
    if isinstance(values, JsonColumn):
        return values.series(name, dtype)
    return pl.Series(name, values, dtype=dtype, strict=True)


# --- writing ---------------------------------------------------------------------


def to_doc(data: StoreData, numpy: bool = False) -> dict[str, Any]:
    """The JSON document for ``data`` (columnar records and links) as Python objects.

    ``numpy`` is accepted for compatibility and ignored; :func:`save` encodes
    columns itself (see :func:`_encode`).
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
    """A column to encode on its own (see :func:`_encode`), with its path in the document."""

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


def _encode(data: StoreData) -> list[bytes | memoryview]:
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


def save(path: Path, data: StoreData, *, written: tuple[str, ...] = (), expect: object = UNCHECKED) -> None:
    """Write ``data`` to ``path`` crash-safely. The caller holds the lock.

    The old file is kept as ``<store>.bak`` (a hard link, so it costs no copy).
    ``written`` (``"batch B7"``…) is noted as written the moment the file is replaced
    (:mod:`relimport.core.store.written`). ``expect``: the identity of the file that
    was read (:func:`relimport.core.store.atomic.file_identity`); another file at the
    path by now is never replaced.
    """

    def replaced() -> None:
        for what in written:
            note_written(what)

    write_atomic(target_path(Path(path)), _encode(data), on_replaced=replaced, expect=expect)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """Identity of the file's current version: an atomic replace always gives a new inode."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class Store:
    """A store file and its data (a :class:`relimport.core.store.base.StoreBackend`).

    Imports and undo write in a :meth:`session`; other edits in a :meth:`transaction`.
    """

    def __init__(self, path: Path | str, *, on_wait: Callable[[str], None] | None = None) -> None:
        self.path = Path(path)
        #: Called once with a one-line message when a writer has to wait for the lock.
        self.on_wait = on_wait
        self._data: StoreData | None = None
        self._stamp: tuple[int, int, int] | None = None
        #: (device, inode) of the file the data was read from (None: there was none).
        self._identity: tuple[int, int] | None = None

    @property
    def data(self) -> StoreData:
        """The store's data, read on first use (so a locked write reads it only once)."""
        if self._data is None:
            self.reload()
        assert self._data is not None
        return self._data

    @data.setter
    def data(self, value: StoreData) -> None:
        self._data = value

    @property
    def loaded(self) -> bool:
        """Whether the data is in memory (reading ``data`` would not touch the file)."""
        return self._data is not None

    def reload(self) -> None:
        for _ in range(3):
            self._stamp = _stamp(self.path)
            self._identity = file_identity(self.path)
            self._data = load(self.path)
            if file_identity(self.path) == self._identity:
                return
            # Another process replaced the file while it was read: read the new one.
        self._data = None
        raise StoreError(f"{self.path}: the store file keeps being replaced while it is read; try again")

    def _saved(self) -> None:
        """What was just written is what the data in memory came from."""
        self._stamp = _stamp(self.path)
        self._identity = file_identity(self.path)

    def changed_on_disk(self) -> bool:
        """Whether another process replaced the file since it was read (a stat, no read);
        False while nothing is read yet."""
        return self._data is not None and _stamp(self.path) != self._stamp

    def reload_if_changed(self) -> bool:
        """Re-read the store when another process wrote it since; True if it did."""
        if self._data is not None and _stamp(self.path) == self._stamp:
            return False
        self.reload()
        return True

    @contextlib.contextmanager
    def transaction(self, timeout: float | None = None) -> Iterator[StoreData]:
        """Lock, reload the latest data, yield it for changes, save on success.

        An exception inside the block leaves the file untouched (and the
        in-memory data reloaded from disk).
        """
        with locked(self.path, timeout, on_wait=self.on_wait):
            # Under the lock nobody else writes: the data in memory is current unless the
            # file changed since it was read (another process wrote it).
            self.reload_if_changed()
            check_owner_kept(target_path(self.path))
            try:
                yield self.data
                save(self.path, self.data, written=("a change to the store",), expect=self._identity)
            except BaseException:
                # Changes made in memory were not saved: forget them.
                self._data = None
                raise
            self._saved()

    def read(self) -> StoreData:
        """The current data (re-read if another process wrote the file since)."""
        self.reload_if_changed()
        return self.data

    @contextlib.contextmanager
    def session(self, *, write: bool = True, timeout: float | None = None) -> Iterator[DataSession]:
        """See :meth:`relimport.core.store.base.StoreBackend.session`: a writing session
        holds the lock from reading the data to saving it, so no other writer's change
        is lost; a failed or empty one writes nothing."""
        if not write:
            yield DataSession(self.read(), private=True)
            return
        with locked(self.path, timeout, on_wait=self.on_wait):
            self.reload_if_changed()
            check_owner_kept(target_path(self.path))
            session = DataSession(self.data, private=False)
            try:
                yield session
                if session.changed:
                    written = tuple(session.written) or ("a change to the store",)
                    save(self.path, self.data, written=written, expect=self._identity)
            except BaseException:
                if session.changed:
                    self._data = None  # changed in memory, not saved: forget it
                raise
            if session.changed:
                self._saved()

    def exists(self) -> bool:
        return self.path.exists()

    def own_files(self) -> list[Path]:
        """The store file and the files it keeps beside it (backup, lock, temp files):
        never a place for an output file."""
        return own_files(self.path)


def records_of(data: StoreData, type_key: str) -> pl.DataFrame:
    return data.records.get(type_key, empty_records(type_key))


__all__ = [
    "FORMAT",
    "VERSION",
    "META_COLUMNS",
    "Store",
    "ENV_STORE",
    "default_store_path",
    "load",
    "locked",
    "records_of",
    "save",
    "to_doc",
    "write_atomic",
]
