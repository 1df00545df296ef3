"""Fixtures of the end-to-end tests: a temp store with relationship types."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli import cli


@pytest.fixture
def store(tmp_path: Path) -> Path:
    s = tmp_path / "store.json"
    for args in (
        ["Klient", "--from", "deal", "--to", "company", "--inverse", "Szanse"],
        ["Decydent", "--from", "deal", "--to", "person", "--one"],
        ["Partner", "--from", "company", "--to", "company", "--symmetric"],
    ):
        r = cli(s, "relations", "add", *args)
        assert r.returncode == 0, r.stderr
    return s
