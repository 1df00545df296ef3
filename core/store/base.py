"""The store interface: what the engine and the operations need from a store.

A store holds the records, links, relationship types, aliases and the batch
journal. The engine never writes a table itself: it reads :class:`StoreData`
(whose tables a backend may build lazily, column by column — see
:class:`relimport.core.store.tables.LazyTables`) and hands the store a
:class:`Changes` to apply; undo is asked of the store by batch id. So a second
backend (a database shared by a team) implements :class:`StoreBackend` and
:class:`StoreSession` and the engine stays as it is.

Implementations: :class:`relimport.core.store.jsonfile.Store` (one JSON file,
crash-safe writes, a lock file) and :class:`relimport.core.store.memory.MemoryStore`
(a :class:`StoreData` in memory: tests, the demo builder).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import polars as pl

from relimport.core.store.model import Alias, Batch, StoreData


@dataclass(frozen=True)
class Changes:
    """What one import (or one sheet of a workbook) writes; a store applies it whole.

    Frames are in the store's schema. Records created carry ``batch_id`` as their
    ``created_batch``/``modified_batch``; the records of ``updated`` get it as their
    ``modified_batch``; links added carry it as their ``batch``.
    """

    batch_id: int
    #: The store's next record id once the changes are in.
    next_id: int
    #: New records by object type (full rows).
    created: dict[str, pl.DataFrame] = field(default_factory=dict)
    #: Changed cells by object type: ``id``, ``field``, ``old``, ``new``.
    updated: dict[str, pl.DataFrame] = field(default_factory=dict)
    #: Links added by relationship id: ``source``, ``target``.
    links_added: dict[int, pl.DataFrame] = field(default_factory=dict)
    #: Links removed (a "one" link replaced) by relationship id: ``source``, ``target``, ``batch``.
    links_removed: dict[int, pl.DataFrame] = field(default_factory=dict)
    #: Values to remember as aliases.
    aliases: tuple[Alias, ...] = ()


@dataclass(frozen=True)
class Focus:
    """What a small file can name: the only store rows its planning needs.

    A store that can fetch rows by value (the team store) gives planning just the
    records that may match these values, their links, and the records named by id;
    the engine's result is the same as over every record (see ``pgfocus``).
    """

    #: Compare forms of the file's values, by object type and match key (the ``id``
    #: key's are record ids).
    values: dict[str, dict[str, list[str]]]
    #: Records to include whatever their values (aliases' and decisions' records).
    ids: frozenset[int] = frozenset()
    #: Relationships whose links planning reads (only those touching the records fetched).
    rels: tuple[int, ...] = ()


@dataclass
class UndoReport:
    """What undoing a batch did, and what it left alone."""

    batch: str
    records_removed: int = 0
    links_removed: int = 0
    values_restored: int = 0
    links_restored: int = 0
    #: What later batches changed and undo therefore left alone, one line each.
    kept: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "batch": self.batch,
            "records_removed": self.records_removed,
            "links_removed": self.links_removed,
            "values_restored": self.values_restored,
            "links_restored": self.links_restored,
            "kept": self.kept,
        }


@runtime_checkable
class StoreSession(Protocol):
    """The store's data for one piece of work, and the writes made in it.

    Everything applied is seen by later reads of :attr:`data` in the same session.
    """

    @property
    def data(self) -> StoreData:
        """The data to plan against (tables built when first used)."""
        ...

    def apply(self, changes: Changes) -> None:
        """Write records, links and aliases (not journalled: see :meth:`journal`)."""
        ...

    def journal(self, batch: Batch) -> None:
        """Record ``batch`` in the import history; the next batch id follows it."""
        ...

    def undo(self, batch_id: int) -> UndoReport:
        """Restore the state before batch ``batch_id``, keeping what later batches changed."""
        ...


@runtime_checkable
class StoreBackend(Protocol):
    """A store: its current data, sessions that write atomically, and a lock."""

    def read(self) -> StoreData:
        """The current data, for reading only (lists, counts, a file's dry run)."""
        ...

    def session(
        self, *, write: bool = True, timeout: float | None = None
    ) -> AbstractContextManager[StoreSession]:
        """A session over the current data.

        ``write``: hold the store's writer lock for the whole session (waiting up to
        ``timeout`` seconds, then :class:`relimport.core.domain.errors.StoreLockedError`);
        what was applied is written in one atomic step when the block ends without an
        error, and nothing at all otherwise — nor when nothing was applied.
        Not ``write``: no lock; whatever is applied stays private to the session
        (a dry run that must see its own changes, e.g. a workbook's later sheets).
        """
        ...

    def transaction(self, timeout: float | None = None) -> AbstractContextManager[StoreData]:
        """Other edits (relationship types, aliases): under the lock, the current data to
        change in place, written when the block ends without an error."""
        ...
