"""Shared fixtures: a temp store with the demo's relationship types, and a PostgreSQL
server for the team-store tests.

Helpers that tests import live in modules of their own (``tests.writers`` writes
CSV/XLSX/ODS files, ``tests.stores`` builds stores and runs imports, ``tests.pgserver``
runs the PostgreSQL server).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from relimport.core.store.model import StoreData
from tests.pgserver import Server
from tests.stores import base_store


@pytest.fixture
def store_data() -> StoreData:
    return base_store()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """One PostgreSQL server for the whole run, started when a test first needs it."""
    server = Server()
    yield server
    server.close()


@pytest.fixture
def pg_url(pg_server: Server) -> Iterator[str]:
    """The URL of a fresh, empty database of its own for each test."""
    url = pg_server.new_database()
    yield url
    pg_server.drop(url)
