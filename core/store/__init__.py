"""Store: where records, links, relationship types, aliases and the batch journal live.

Sits on ``domain`` only (files are a sibling it never imports). The engine reads a
:class:`StoreData` and hands the store :class:`Changes` to apply in one atomic
write; undo is asked of the store by batch id. A second backend implements
:class:`StoreBackend` and :class:`StoreSession` and nothing above changes.
Modules and their public names:

- ``base``      the interface: StoreBackend, StoreSession, Changes (what one import
  writes), UndoReport, Focus (what a small file can name: a store that fetches rows by
  value gives its planning only those)
- ``model``     the data a store holds: StoreData, RelationshipType, Batch, Alias,
  FIRMA, empty_records, empty_links, list_aliases, set_aliases, put_alias
- ``tables``    a store's tables read lazily, built column by column on first use:
  LazyTables
- ``jsonfile``  the store as one versioned JSON file (``docs/store-format.md``),
  written crash-safely under the lock: Store, load, save
- ``jsondecode`` a parsed store file checked and read into StoreData, its tables built
  on first use (inside this layer: from_doc)
- ``jsonencode`` StoreData as the file's bytes, column by column: to_doc (inside this
  layer: encode)
- ``memory``    a StoreData changed in memory — applying changes, undoing a batch;
  the in-memory store for tests and the demo builder: MemoryStore, DataSession,
  as_store, apply_cells (inside this layer: apply_changes, journal, undo_batch)
- ``lock``      one writer at a time, an OS lock naming its holder: locked,
  ENV_LOCK_TIMEOUT
- ``check``     the file's header rules and messages without polars, so the TUI
  refuses a bad store before its first screen: precheck, FORMAT, VERSION
- ``atomic``    replacing a file crash-safely (temp file, fsync, rename, ``.bak``):
  write_atomic
- ``layout``    the file's columns one per line with their CRC-32s, so a column nobody
  changed is decoded only when used and written back as it was read (inside this
  layer: JsonColumn, read_layout)
- ``migrate``   an older store file brought to the current format as it is read
  (values in canonical form; what cannot be converted is kept and listed): upgrade
- ``backends``  a store by its location, a file path or a ``postgresql://`` URL: open_store;
  the files a store there owns (no output may be written onto them): own_files
- ``postgres``  the team store in PostgreSQL (``docs/store-postgresql.md``): one
  transaction per import under an advisory lock: PostgresStore; connections, one-line
  errors and the lock in ``pgconnect``; its tables, versions and match-key indexes in
  ``pgschema``; reading in ``pgread``; a small file's rows in ``pgfocus``; writing in
  ``pgwrite``, undo in ``pgundo``; COPY of polars frames in ``pgcopy``
- ``copying``   a whole store copied to another location (``relimport migrate``): copy_store
- ``written``   what this process wrote to a store, noted as the write takes effect (the CLI
  asks after a later failure or Ctrl-C): note_written, written_mark, written_since

Every public name is importable from ``relimport.core.store`` and imported on first
use (see :func:`relimport.core.lazy_exports`): ``check`` stays free of polars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relimport.core import lazy_exports

if TYPE_CHECKING:
    from relimport.core.store.atomic import write_atomic
    from relimport.core.store.backends import open_store, own_files
    from relimport.core.store.base import Changes, Focus, StoreBackend, StoreSession, UndoReport
    from relimport.core.store.check import FORMAT, VERSION, precheck
    from relimport.core.store.copying import copy_store
    from relimport.core.store.jsonencode import to_doc
    from relimport.core.store.jsonfile import Store, load, save
    from relimport.core.store.lock import ENV_LOCK_TIMEOUT, locked
    from relimport.core.store.memory import DataSession, MemoryStore, apply_cells, as_store
    from relimport.core.store.migrate import upgrade
    from relimport.core.store.model import (
        FIRMA,
        Alias,
        Batch,
        RelationshipType,
        StoreData,
        empty_links,
        empty_records,
        list_aliases,
        put_alias,
        set_aliases,
    )
    from relimport.core.store.postgres import PostgresStore
    from relimport.core.store.tables import LazyTables
    from relimport.core.store.written import note_written, written_mark, written_since

_EXPORTS = {
    "base": ("StoreBackend", "StoreSession", "Changes", "UndoReport", "Focus"),
    "model": (
        "StoreData",
        "RelationshipType",
        "Batch",
        "Alias",
        "FIRMA",
        "empty_records",
        "empty_links",
        "list_aliases",
        "set_aliases",
        "put_alias",
    ),
    "tables": ("LazyTables",),
    "jsonfile": ("Store", "load", "save"),
    "jsonencode": ("to_doc",),
    "memory": ("MemoryStore", "DataSession", "as_store", "apply_cells"),
    "lock": ("locked", "ENV_LOCK_TIMEOUT"),
    "check": ("precheck", "FORMAT", "VERSION"),
    "atomic": ("write_atomic",),
    "migrate": ("upgrade",),
    "backends": ("open_store", "own_files"),
    "postgres": ("PostgresStore",),
    "copying": ("copy_store",),
    "written": ("note_written", "written_mark", "written_since"),
}

__all__ = [
    "ENV_LOCK_TIMEOUT",
    "FIRMA",
    "FORMAT",
    "VERSION",
    "Alias",
    "Batch",
    "Changes",
    "DataSession",
    "Focus",
    "LazyTables",
    "MemoryStore",
    "PostgresStore",
    "RelationshipType",
    "Store",
    "StoreBackend",
    "StoreData",
    "StoreSession",
    "UndoReport",
    "apply_cells",
    "as_store",
    "copy_store",
    "empty_links",
    "empty_records",
    "list_aliases",
    "load",
    "locked",
    "note_written",
    "open_store",
    "own_files",
    "precheck",
    "put_alias",
    "save",
    "set_aliases",
    "to_doc",
    "upgrade",
    "write_atomic",
    "written_mark",
    "written_since",
]

if not TYPE_CHECKING:  # mypy reads the imports above; at run time each name loads on first use
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
