"""Reads the store in a background thread, so the first screen does not wait for it.

The first screen should be on the terminal within a second; reading a store of 700,000 records
(and importing polars) takes longer than that alone. The app paints its first
screen, then :meth:`StoreLoader.start` reads the store in a thread (not sooner:
orjson and polars hold the GIL for long stretches and would delay that first
paint); whatever needs the store runs once :meth:`StoreLoader.wait` returns.
No Textual here.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from relimport.core.domain.paths import is_store_url, redact_url

if TYPE_CHECKING:
    from relimport.core.store.jsonfile import Store


def freeze_long_lived() -> None:
    """Keep what exists now (the store's columns, Textual's widgets) out of cyclic GC passes.

    A full collection walks every container object: with a store of 700,000
    records that is a pause of 150+ ms on the UI thread (measured by
    ``bench/bench_tui.py --why``). Frozen objects are still freed by reference
    counting when dropped; only the cycle search skips them.
    """
    import gc

    gc.freeze()


class StoreLoader:
    """A store to be read in a daemon thread (:meth:`start`).

    ``source`` is a path or a :class:`relimport.core.store.jsonfile.Store`; a Store whose data is
    already in memory is ready at once, without a thread.
    """

    def __init__(self, source: Store | Path | str) -> None:
        self._location: Path | str | None = None
        if is_store_url(source):
            # A team store (postgresql://): shown without its password, never "first run".
            self._location = str(source)
            self.path: Path | str = redact_url(str(source))
            self._store: Store | None = None
        elif isinstance(source, (str, os.PathLike)):
            self.path = self._location = Path(source)
            self._store = None
        else:
            self.path = source.path
            self._store = source
        #: Whether the store file existed when loading began (else: the app's first run).
        self.existed = not isinstance(self.path, Path) or self.path.exists()
        self.error: Exception | None = None
        self._done = threading.Event()
        self._started = False
        if self._store is not None and self._store.loaded:
            self._done.set()

    def start(self) -> None:
        """Begin reading in a thread (once; nothing to do if the data is in memory)."""
        if self._started or self._done.is_set():
            return
        self._started = True
        threading.Thread(target=self._run, name="relimport-store", daemon=True).start()

    def _run(self) -> None:
        try:
            if self._store is None:
                from relimport.core.store.backends import open_store

                assert self._location is not None
                self._store = open_store(self._location)  # type: ignore[assignment]
            self._store.data  # noqa: B018 - reads the file now, off the UI thread
            freeze_long_lived()
        except Exception as exc:  # reported by the app (RelimportError: one line; else a bug)
            self.error = exc
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def join(self) -> None:
        """Block until reading has ended (successfully or not); starts it if need be."""
        self.start()
        self._done.wait()

    def wait(self) -> Store:
        """The loaded store (blocks until read); re-raises what reading raised."""
        self.join()
        if self.error is not None:
            raise self.error
        assert self._store is not None
        return self._store
