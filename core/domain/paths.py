"""Where the store lives by default, and reading only regular files (no polars: start-up uses it).

A store's location is a path (the JSON file store) or a ``postgresql://…`` URL (the
team store): :func:`store_location` tells them apart, so a URL is never turned into a
path (``Path`` would fold its ``//``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

ENV_STORE = "RELIMPORT_STORE"
#: URL schemes of the PostgreSQL team store.
STORE_URL_SCHEMES = ("postgresql://", "postgres://")


def is_store_url(location: object) -> bool:
    """Whether ``location`` is a PostgreSQL URL rather than a file path."""
    return isinstance(location, str) and location.lower().startswith(STORE_URL_SCHEMES)


def redact_url(url: str) -> str:
    """A store URL as shown to users: without the password (in the user part or a
    ``password=`` parameter)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            user, host = netloc.rsplit("@", 1)
            netloc = f"{user.split(':', 1)[0]}@{host}"
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k.lower() != "password"], safe="/")
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return "postgresql://…"


def store_location(text: str) -> Path | str:
    """A ``--store`` value: a PostgreSQL URL stays text, anything else is a path."""
    return text if is_store_url(text) else Path(text)


def default_store_location() -> Path | str:
    """``$RELIMPORT_STORE`` (a path or a PostgreSQL URL), else ``store.json`` in the user's
    data directory."""
    env = os.environ.get(ENV_STORE)
    if env:
        return store_location(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("relimport")) / "store.json"


def default_store_path() -> Path:
    """``$RELIMPORT_STORE``, else ``store.json`` in the user's data directory (a file store)."""
    location = default_store_location()
    return location if isinstance(location, Path) else Path(location)


class NotRegularFile(OSError):
    """The path is a FIFO, device, socket or directory: never read it."""


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (at most ``limit`` when given).

    Opened without blocking, so a FIFO never hangs the read, and checked on the open
    descriptor (no race with a swap): a FIFO, device, socket or directory raises
    :class:`NotRegularFile` instead of hanging or reading without end.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "is a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise NotRegularFile(0, kind, str(path))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read() if limit is None else fh.read(limit)
    finally:
        os.close(fd)
