"""The team store's connections: connecting, one-line errors, and the writers' lock.

Every message names the store by its URL without the password (:func:`redact`), and
a database error becomes one line (:func:`store_error`). Writers are serialised by a
transaction-scoped advisory lock (:func:`take_lock`); one that waits says who holds
it, from the holder's ``application_name`` (:func:`application_name`) and
``pg_stat_activity``.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from relimport.core.domain.errors import StoreError, StoreLockedError
from relimport.core.domain.paths import redact_url
from relimport.core.domain.text import visible
from relimport.core.store.lock import ENV_LOCK_TIMEOUT
from relimport.core.store.pgschema import LOCK_KEY

if TYPE_CHECKING:
    import psycopg

#: Seconds between two tries of a held lock.
POLL = 0.2


def redact(url: str) -> str:
    """``url`` without its password, control characters made visible."""
    return visible(redact_url(url))


def _password(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        found = parts.password or dict(parse_qsl(parts.query)).get("password")
    except ValueError:
        return None
    return found or None


def lock_timeout() -> float:
    """Seconds a writer waits for the lock: ``$RELIMPORT_LOCK_TIMEOUT``, default 10."""
    try:
        return float(os.environ.get(ENV_LOCK_TIMEOUT, "10"))
    except ValueError:
        return 10.0


def application_name() -> str:
    """Who this is, as other sessions see it while we hold the lock (63 bytes at most)."""
    args, command = sys.argv[1:], "app"
    while args:
        arg = args.pop(0)
        if arg == "--store":
            args = args[1:]
        elif not arg.startswith("-"):
            command = arg
            break
    name = f"relimport {command} pid {os.getpid()} on {socket.gethostname()}"
    return name.encode()[:63].decode("utf-8", "ignore")


def reason(url: str, exc: BaseException) -> str:
    """What went wrong, in one line, without the password of ``url``."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if "failed: " in text:
        text = text.rsplit("failed: ", 1)[1]
    for prefix in ("FATAL: ", "ERROR: "):
        text = text.removeprefix(prefix)
    secret = _password(url)
    if secret:
        text = text.replace(secret, "***")
    return text[:200]


def store_error(url: str, exc: BaseException) -> StoreError:
    """A one-line store error for a database error ``exc`` of the store at ``url``."""
    import psycopg

    name = redact(url)
    if isinstance(exc, psycopg.errors.LockNotAvailable):
        return StoreLockedError(f"{name}: a table is locked by another session; try again later")
    if isinstance(exc, psycopg.OperationalError) and (
        getattr(exc, "sqlstate", None) is None or str(getattr(exc, "sqlstate", "")).startswith(("08", "57"))
    ):
        return StoreError(f"{name}: connection lost ({reason(url, exc)}); nothing written")
    return StoreError(f"{name}: database error ({reason(url, exc)}); nothing written")


def connect(url: str) -> psycopg.Connection:
    """A new connection (its own transactions), or a one-line :class:`StoreError`."""
    import psycopg

    try:
        return psycopg.connect(
            url,
            application_name=application_name(),
            connect_timeout=10,
            keepalives=1,
            keepalives_idle=30,
            keepalives_interval=10,
            keepalives_count=3,
        )
    except psycopg.Error as exc:
        raise StoreError(f"{redact(url)}: cannot connect ({reason(url, exc)})") from None


def take_lock(
    conn: psycopg.Connection, name: str, timeout: float | None, on_wait: Callable[[str], None] | None
) -> None:
    """Take the store's advisory lock for this transaction, waiting up to ``timeout``
    seconds (``None``: :func:`lock_timeout`); ``on_wait`` hears once that it waits."""
    wait = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + wait
    told = False
    while True:
        row = conn.execute("SELECT pg_try_advisory_xact_lock(%s)", (LOCK_KEY,)).fetchone()
        if row and row[0]:
            return
        who = holder(conn)
        if time.monotonic() >= deadline:
            raise StoreLockedError(f"{name}: locked by {who}; try again later")
        if not told and on_wait is not None:
            on_wait(f"waiting for the store lock (held by {who})")
            told = True
        time.sleep(min(POLL, max(0.0, deadline - time.monotonic())))


def holder(conn: psycopg.Connection) -> str:
    """Who holds the lock: their application name, user, address and since when."""
    row = conn.execute(
        "SELECT a.application_name, a.usename, a.client_addr::text, a.pid, "
        "to_char(a.xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND l.classid = %s AND l.objid = %s AND l.objsubid = 1",
        ((LOCK_KEY >> 32) & 0xFFFFFFFF, LOCK_KEY & 0xFFFFFFFF),
    ).fetchone()
    if row is None:
        return "another relimport session"
    app, user, addr, pid, since = row
    who = app or f"server process {pid}"
    extra = [f"user {user}"] if user else []
    if addr:
        extra.append(f"from {addr}")
    if since:
        extra.append(f"since {since} UTC")
    return visible(" ".join(f"{who} ({', '.join(extra)})".split()))
