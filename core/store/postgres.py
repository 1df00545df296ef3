"""The team store: the same store in a PostgreSQL database (``postgresql://…`` URLs).

Tables and their versioning: :mod:`relimport.core.store.pgschema` (documented in
``docs/store-postgresql.md``); reading: :mod:`relimport.core.store.pgread`; writing:
:mod:`relimport.core.store.pgwrite`.

Guarantees, as for the file store:

- an import, an undo or another edit is **one transaction**: a crash, a killed client
  or a dropped connection leaves the state before it (the server rolls back);
- writers are serialised by a transaction-scoped advisory lock, taken before the data
  is read, so no update is lost and no two batches interleave; a writer that waits says
  who holds the lock (their ``application_name``: ``relimport import pid … on host``)
  and gives up after ``$RELIMPORT_LOCK_TIMEOUT`` seconds (default 10) with a
  :class:`StoreLockedError` naming the holder;
- a database without the store's tables reads as an empty store; the first write
  creates them; a newer schema version is refused, never written;
- connection errors are one line naming the URL without its password.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from relimport.core.domain.errors import StoreError, UsageError
from relimport.core.store.atomic import held_signals
from relimport.core.store.base import Changes, Focus, UndoReport
from relimport.core.store.memory import DataSession
from relimport.core.store.model import Batch, StoreData
from relimport.core.store.pgconnect import connect, reason, redact, store_error, take_lock
from relimport.core.store.pgschema import SCHEMA, ensure_schema, schema_state
from relimport.core.store.written import note_written

if TYPE_CHECKING:
    import psycopg

T = TypeVar("T")


class PostgresStore:
    """A store in a PostgreSQL database (a :class:`relimport.core.store.base.StoreBackend`).

    Args:
        url: ``postgresql://user[:password]@host[:port]/database[?…]`` (libpq's
            environment, ``PGPASSWORD`` or ``~/.pgpass`` supply what it leaves out).
        on_wait: Called once with a one-line message when a writer has to wait for the
            lock (the CLI prints it on stderr).
    """

    #: :meth:`changed_on_disk` asks the server: callers with a UI run it in a thread.
    change_check_is_query = True

    def __init__(self, url: str, *, on_wait: Callable[[str], None] | None = None) -> None:
        self.url = url
        #: The URL as shown to users: never with the password.
        self.name = redact(url)
        self.on_wait = on_wait
        self._reader: psycopg.Connection | None = None
        self._data: StoreData | None = None
        self._revision: int | None = None

    # --- connections and errors ------------------------------------------------------

    def __repr__(self) -> str:
        return f"PostgresStore({self.name!r})"

    @property
    def path(self) -> str:
        """The store's location as shown to users (the URL without its password)."""
        return self.name

    def error(self, exc: BaseException) -> StoreError:
        """A one-line store error for a database error ``exc``."""
        return store_error(self.url, exc)

    def connect(self) -> psycopg.Connection:
        """A new connection (its own transactions), or a one-line :class:`StoreError`."""
        return connect(self.url)

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        import psycopg

        try:
            yield
        except psycopg.Error as exc:
            raise self.error(exc) from None

    def _reader_conn(self) -> psycopg.Connection:
        if self._reader is None or self._reader.closed or self._reader.broken:
            self._reader = self.connect()
            self._reader.autocommit = True
        return self._reader

    def _run_reader(self, fn: Callable[[psycopg.Connection], T]) -> T:
        with self._translated():
            return fn(self._reader_conn())

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    # --- reading ------------------------------------------------------------------------

    def _load(
        self, conn: psycopg.Connection, run: Callable[[Callable[[Any], Any]], Any]
    ) -> tuple[StoreData, int]:
        from relimport.core.store.pgread import load

        with self._translated():
            if not schema_state(conn, self.name):
                return StoreData.empty(), 0
        return load(run)

    def reload(self) -> None:
        with self._translated():
            self._data, self._revision = self._load(self._reader_conn(), self._run_reader)

    def _current_revision(self) -> int | None:
        def revision(conn: psycopg.Connection) -> int | None:
            if not schema_state(conn, self.name):
                return 0
            row = conn.execute(f"SELECT revision FROM {SCHEMA}.counters").fetchone()
            return int(row[0]) if row else 0

        return self._run_reader(revision)

    def changed_on_disk(self) -> bool:
        """Whether a write was committed since the data was read (one small query; False
        while nothing is read yet, or when the server cannot be asked)."""
        if self._data is None:
            return False
        try:
            return self._current_revision() != self._revision
        except StoreError:
            return False

    def reload_if_changed(self) -> bool:
        """Re-read the store when a write was committed since it was read; True if so."""
        if self._data is not None and self._current_revision() == self._revision:
            return False
        self.reload()
        return True

    @property
    def data(self) -> StoreData:
        """The store's data as last read (tables fetched when first used)."""
        if self._data is None:
            self.reload()
        assert self._data is not None
        return self._data

    @property
    def loaded(self) -> bool:
        return self._data is not None

    def read(self) -> StoreData:
        """The current data (re-read when another process wrote since)."""
        self.reload_if_changed()
        return self.data

    def exists(self) -> bool:
        """Whether the database holds a store (its tables were created)."""
        return bool(self._run_reader(lambda conn: schema_state(conn, self.name)))

    # --- writing ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _writing(self, timeout: float | None) -> Iterator[_Transaction]:
        """A transaction holding the store's lock, with the schema in place. Committed when
        the block ends without an error and set ``changed``; rolled back otherwise (and
        by the server when the client dies or the connection drops)."""
        conn = self.connect()
        tx = _Transaction(conn)
        try:
            with self._translated():
                take_lock(conn, self.name, timeout, self.on_wait)
                ensure_schema(conn, self.name)
            yield tx
            if tx.changed:
                with self._translated():
                    conn.execute(f"UPDATE {SCHEMA}.counters SET revision = revision + 1")
                self._commit(conn, tx.written or ["a change to the store"])
        finally:
            with contextlib.suppress(Exception):
                conn.rollback()
            conn.close()
            self._data = None  # read again on next use: this or another write changed it

    def _commit(self, conn: psycopg.Connection, written: list[str]) -> None:
        """COMMIT, and note ``written`` (``batch B7``…) the moment it took effect: Ctrl-C
        arriving meanwhile is delivered after, so an interrupt names what is in the store."""
        import psycopg

        with held_signals():
            try:
                conn.commit()
            except psycopg.Error as exc:
                # The server may have committed before the connection broke: say so.
                raise StoreError(
                    f"{self.name}: connection lost while committing ({reason(self.url, exc)}); "
                    "relimport history shows whether the write was kept"
                ) from None
            for what in written:
                note_written(what)

    @contextlib.contextmanager
    def session(self, *, write: bool = True, timeout: float | None = None) -> Iterator[Any]:
        """See :meth:`relimport.core.store.base.StoreBackend.session`.

        A writing session is one transaction under the lock; what it applies is written
        at once (COPY) inside it and committed when the block ends without an error.
        A reading session reads one snapshot and keeps what it applies private.
        """
        if not write:
            conn = self.connect()
            try:
                with self._translated():
                    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    data, _ = self._load(conn, self._runner(conn))
                yield PgReadSession(self, conn, data)
            finally:
                with contextlib.suppress(Exception):
                    conn.rollback()
                conn.close()
            return
        with self._writing(timeout) as tx:
            session = PgSession(self, tx.conn)
            yield session
            tx.changed = session.changed
            tx.written = session.written

    def _runner(self, conn: psycopg.Connection) -> Callable[[Callable[[Any], Any]], Any]:
        """Run with ``conn`` while it is open, else with the store's reader connection."""

        def run(fn: Callable[[Any], Any]) -> Any:
            if conn.closed:
                return self._run_reader(fn)
            with self._translated():
                return fn(conn)

        return run

    @contextlib.contextmanager
    def transaction(self, timeout: float | None = None) -> Iterator[StoreData]:
        """Other edits (relationship types, aliases): under the lock, the current data to
        change in place; what changed is written when the block ends without an error."""
        from relimport.core.store.pgwrite import Snapshot, write_data

        with self._writing(timeout) as tx:
            data, _ = self._load(tx.conn, self._runner(tx.conn))
            snap = Snapshot.of(data)
            yield data
            with self._translated():
                tx.changed = write_data(tx.conn, snap, data)

    def replace_all(self, data: StoreData, *, force: bool = False) -> None:
        """Make the store hold exactly ``data`` (``relimport migrate``), in one transaction.

        Raises:
            UsageError: the store holds something and ``force`` is not given.
        """
        from relimport.core.store.copying import is_empty
        from relimport.core.store.pgwrite import clear, write_all

        with self._writing(None) as tx:
            held, _ = self._load(tx.conn, self._runner(tx.conn))
            if not force and not is_empty(held):
                raise UsageError(f"{self.name}: the target holds a store; --force replaces it")
            with self._translated():
                clear(tx.conn)
                write_all(tx.conn, data)
            tx.changed = True


class _Transaction:
    """A writer's open transaction; committed at the end only when it ``changed`` something."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn
        self.changed = False
        #: What it writes, as users name it (``batch B7``): noted once committed.
        self.written: list[str] = []


class PgSession:
    """A writing session: everything applied goes into the open transaction at once;
    :attr:`data` is read again from it after a write (a workbook's later sheets see
    the earlier ones)."""

    def __init__(self, store: PostgresStore, conn: psycopg.Connection) -> None:
        self._store = store
        self._conn = conn
        self._data: StoreData | None = None
        #: Whether anything was applied, journalled or undone.
        self.changed = False
        #: What the session journalled or undid (``batch B7``, ``undo of B7``).
        self.written: list[str] = []

    @property
    def data(self) -> StoreData:
        if self._data is None:
            self._data, _ = self._store._load(self._conn, self._store._runner(self._conn))
        return self._data

    def focus(self, focus: Focus) -> StoreData | None:
        """:attr:`data` with only the rows ``focus``'s values can name (see ``pgfocus``)."""
        return _focused(self._store, self._conn, self.data, focus)

    def _wrote(self) -> None:
        self.changed = True
        self._data = None

    def apply(self, changes: Changes) -> None:
        from relimport.core.store.pgwrite import apply_changes

        with self._store._translated():
            apply_changes(self._conn, changes)
        self._wrote()

    def journal(self, batch: Batch) -> None:
        from relimport.core.store.pgwrite import insert_batches

        with self._store._translated():
            insert_batches(self._conn, [batch])
        self._wrote()
        self.written.append(f"batch {batch.label}")

    def undo(self, batch_id: int) -> UndoReport:
        from relimport.core.store.pgundo import undo

        data = self.data
        with self._store._translated():
            report = undo(self._conn, data, batch_id)
        self._wrote()
        self.written.append(f"undo of {report.batch}")
        return report


class PgReadSession(DataSession):
    """A reading session: one snapshot; what it applies stays private."""

    def __init__(self, store: PostgresStore, conn: psycopg.Connection, data: StoreData) -> None:
        super().__init__(data, private=True)
        self._store = store
        self._conn = conn

    def focus(self, focus: Focus) -> StoreData | None:
        """:attr:`data` with only the rows ``focus``'s values can name, while nothing was
        applied in the session yet (see ``pgfocus``)."""
        if self.changed or self._conn.closed:
            return None
        return _focused(self._store, self._conn, self.data, focus)


def _focused(
    store: PostgresStore, conn: psycopg.Connection, data: StoreData, focus: Focus
) -> StoreData | None:
    from relimport.core.store.pgfocus import focused

    with store._translated():
        return focused(conn, store.name, data, focus)
