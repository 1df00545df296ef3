"""A whole store copied to another location: ``relimport migrate FROM TO``.

Between a JSON file and a PostgreSQL database, either way (or file to file, database
to database). Everything is copied: records, links, relationship types, counters,
batches with their journal, aliases and the file's migration note, so undo works on
the copy as on the original. The source is read in one snapshot; the target is
written in one step (a crash-safe file replace, or one transaction) under its lock.
A target that holds anything is refused unless ``force``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from relimport.core.domain.errors import StoreError, UsageError
from relimport.core.store.backends import open_store
from relimport.core.store.model import StoreData


def is_empty(data: StoreData) -> bool:
    """Whether ``data`` holds nothing a user made (the built-in ``Firma`` aside)."""
    return (
        all(data.count_records(t) == 0 for t in data.records)
        and data.count_links() == 0
        and not data.batches
        and not data.aliases
        and all(r.builtin for r in data.relationship_types)
    )


def summary(data: StoreData) -> dict[str, Any]:
    """What a store holds, in counts."""
    return {
        "records": {t: data.count_records(t) for t in data.records},
        "links": data.count_links(),
        "relationship_types": len(data.relationship_types),
        "batches": len(data.batches),
        "aliases": sum(len(cols.get("id", [])) for cols in data.aliases.values()),
    }


def _whole(data: StoreData) -> StoreData:
    """``data`` with every table fetched (a database store fetches lazily)."""
    for key in list(data.records):
        data.records[key]  # noqa: B018 - fetches the table now
    for rel_id in list(data.links):
        data.links[rel_id]  # noqa: B018
    return data


def copy_store(
    source: str | os.PathLike[str], target: str | os.PathLike[str], *, force: bool = False
) -> dict[str, Any]:
    """Copy the store at ``source`` to ``target``; returns :func:`summary` of what was copied.

    Raises:
        UsageError: the source has no store, source and target are the same, or the
            target holds a store and ``force`` is not given.
        StoreError: either store cannot be read or written (one line).
    """
    from relimport.core.store.jsonfile import Store
    from relimport.core.store.postgres import PostgresStore

    src = open_store(source)
    dst = open_store(target)
    try:
        if _same(src, dst):
            raise UsageError(f"{_name(src)}: source and target are the same store")
        if not src.exists():
            raise UsageError(f"{_name(src)}: no store there to migrate")
        with src.session(write=False) as session:
            data = _whole(session.data)
        if isinstance(dst, PostgresStore):
            dst.replace_all(data, force=force)
        else:
            assert isinstance(dst, Store)
            _write_file(dst, data, force)
        return summary(data)
    finally:
        for store in (src, dst):
            if isinstance(store, PostgresStore):
                store.close()


def _write_file(dst: Any, data: StoreData, force: bool) -> None:
    from relimport.core.store.jsonfile import load, save
    from relimport.core.store.lock import locked

    with locked(dst.path):
        if dst.path.exists() and not force:
            try:
                held = load(dst.path)
            except StoreError as exc:
                raise UsageError(f"{exc}; --force replaces it") from None
            if not is_empty(held):
                raise UsageError(f"{dst.path}: the target holds a store; --force replaces it")
        save(dst.path, data)


def _name(store: Any) -> str:
    return str(getattr(store, "name", None) or store.path)


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if hasattr(a, "url"):
        return bool(a.url == b.url)
    return Path(os.path.realpath(a.path)) == Path(os.path.realpath(b.path))
