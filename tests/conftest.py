"""Shared fixtures: a temp store with the demo's relationship types.

Helpers that tests import live in modules of their own (``tests.writers`` writes
CSV/XLSX/ODS files, ``tests.stores`` builds stores and runs imports).
"""

from __future__ import annotations

import pytest

from relimport.core.store.model import StoreData
from tests.stores import base_store


@pytest.fixture
def store_data() -> StoreData:
    return base_store()
