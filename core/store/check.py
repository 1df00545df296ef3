"""The store file's header rules and their messages, without polars.

:func:`precheck` lets the TUI refuse a store that cannot be read before its
screen opens, while the store itself is read in the background
(:mod:`relimport.tui.loader`); :func:`relimport.core.store.jsonfile.load` applies the same rules to the
whole file and gives the same messages.
"""

from __future__ import annotations

import re
from pathlib import Path

from relimport.core.domain.errors import StoreError

FORMAT = "relimport-store"
#: 2: field values are stored in their type's canonical form (1 is converted when read).
VERSION = 2
#: Files up to this size are parsed whole by :func:`precheck` (a few ms).
PRECHECK_FULL_BYTES = 2 << 20
_HEAD_FORMAT = re.compile(rb'^\s*\{\s*"format"\s*:\s*"([^"\\]*)"\s*,\s*"version"\s*:\s*(-?\d+)')


def empty_error(name: str) -> StoreError:
    hint = f" (last good copy: {name}.bak)" if Path(f"{name}.bak").exists() else ""
    return StoreError(f"{name}: store file is empty; refused{hint}")


def damaged_error(name: str, detail: str) -> StoreError:
    bak = Path(f"{name}.bak")
    hint = f" (last good copy: {bak})" if bak.exists() else ""
    return StoreError(f"{name}: store is damaged ({detail}); refused and left unchanged{hint}")


def header_error(name: str, fmt: object, version: object) -> StoreError | None:
    """Why a file with these ``format`` and ``version`` values is refused, or None."""
    if fmt != FORMAT:
        return StoreError(f"{name}: not a relimport store (no format {FORMAT!r}); refused")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return StoreError(f"{name}: store has no valid version; refused")
    if version > VERSION:
        return StoreError(
            f"{name}: store version {version} is newer than this relimport supports "
            f"({VERSION}); upgrade relimport. The file was not changed"
        )
    return None


def doc_error(name: str, doc: object) -> StoreError | None:
    """Why a decoded store document is refused on its header, or None."""
    if not isinstance(doc, dict):
        return header_error(name, None, None)
    return header_error(name, doc.get("format"), doc.get("version"))


def precheck(path: Path) -> None:
    """Refuse a store that is certainly unreadable, cheaply (a missing file is fine).

    Small files are parsed whole; big ones must open and close like a JSON
    object, and a header written by relimport (``format`` then ``version``) must
    be one this version reads. Whatever passes is still checked in full when read.
    """
    import orjson

    name = str(path)
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, 2)
            fh.seek(0)
            if size <= PRECHECK_FULL_BYTES:
                raw = fh.read()
                head = tail = raw
            else:
                raw = None
                head = fh.read(4096)
                fh.seek(size - 64)
                tail = fh.read()
    except OSError:
        return  # missing, a directory, unreadable: the full read says which
    if not head.strip():
        raise empty_error(name)
    if raw is not None:
        try:
            doc = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise damaged_error(name, f"invalid JSON: {exc.msg} at byte {exc.pos}") from None
        error = doc_error(name, doc)
        if error:
            raise error
        return
    if not head.lstrip().startswith(b"{") or not tail.rstrip().endswith(b"}"):
        raise damaged_error(name, "not a complete JSON object: the file is cut off or overwritten")
    m = _HEAD_FORMAT.match(head)
    if m:
        error = header_error(name, m.group(1).decode("utf-8", "replace"), int(m.group(2)))
        if error:
            raise error
