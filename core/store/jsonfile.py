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
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import polars as pl

from relimport.core.domain.errors import StoreError
from relimport.core.domain.paths import ENV_STORE, NotRegularFile, default_store_path, read_regular
from relimport.core.store.atomic import UNCHECKED, check_owner_kept, file_identity, own_files, write_atomic
from relimport.core.store.check import FORMAT, VERSION, damaged_error, empty_error
from relimport.core.store.jsondecode import from_doc
from relimport.core.store.jsonencode import encode
from relimport.core.store.layout import read_layout
from relimport.core.store.lock import ENV_LOCK_TIMEOUT, locked, target_path  # noqa: F401 - re-exported
from relimport.core.store.memory import DataSession
from relimport.core.store.model import META_COLUMNS, StoreData, empty_records
from relimport.core.store.written import note_written


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
    return from_doc(doc, name)


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

    write_atomic(target_path(Path(path)), encode(data), on_replaced=replaced, expect=expect)


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
    "write_atomic",
]
