"""Opening a store by its location (a JSON file path, or a ``postgresql://…`` URL), and the
files a store at a location owns."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relimport.core.store.jsonfile import Store
    from relimport.core.store.postgres import PostgresStore


def open_store(
    location: str | os.PathLike[str], *, on_wait: Callable[[str], None] | None = None
) -> Store | PostgresStore:
    """The store at ``location``: the PostgreSQL team store for a ``postgresql://`` (or
    ``postgres://``) URL, else the JSON file store at that path.

    Nothing is read or connected to yet. ``on_wait`` is called with a one-line message
    when a PostgreSQL writer waits for another one's lock.
    """
    from relimport.core.domain.paths import is_store_url

    if is_store_url(location):
        from relimport.core.store.postgres import PostgresStore

        return PostgresStore(str(location), on_wait=on_wait)
    from relimport.core.store.jsonfile import Store

    return Store(Path(location))


def own_files(location: str | os.PathLike[str] | None) -> list[Path]:
    """The files the store at ``location`` reads or writes (none for a ``postgresql://``
    store): an output path must not be one of them (see ``files.export.check_output``)."""
    from relimport.core.domain.paths import is_store_url

    if location is None or is_store_url(location):
        return []
    from relimport.core.store.atomic import own_files as files_of

    return files_of(Path(location))
