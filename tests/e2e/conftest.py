"""Fixtures of the end-to-end tests: a temp store with relationship types, as a JSON file
and as a PostgreSQL database (the ``store`` fixture runs each test on both; a test marked
``file_store`` runs on the file only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli import cli


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "file_store: the test is about the JSON file store only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store" in metafunc.fixturenames and "store_kind" in metafunc.fixturenames:
        file_only = metafunc.definition.get_closest_marker("file_store") is not None
        metafunc.parametrize("store_kind", ["json"] if file_only else ["json", "postgres"])


@pytest.fixture
def store(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """A store with three relationship types: a file, or a fresh PostgreSQL database's URL."""
    s: Path | str = tmp_path / "store.json" if store_kind == "json" else request.getfixturevalue("pg_url")
    for args in (
        ["Klient", "--from", "deal", "--to", "company", "--inverse", "Szanse"],
        ["Decydent", "--from", "deal", "--to", "person", "--one"],
        ["Partner", "--from", "company", "--to", "company", "--symmetric"],
    ):
        r = cli(s, "relations", "add", *args)
        assert r.returncode == 0, r.stderr
    return s
