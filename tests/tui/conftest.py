"""Fixtures of the TUI tests: a workspace (store and import files) as the working
directory, the browse screens' store, error logs kept under ``tmp_path``, and async tests
run without a plugin. What tests import is in ``helpers.py``.
"""

from __future__ import annotations

import asyncio
import inspect
import shutil
from pathlib import Path

import pytest

from relimport.tui import errors
from tests.tui.helpers import Workspace, build_browse_store, build_workspace


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**args))
    return True


@pytest.fixture(autouse=True)
def error_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Unexpected errors are logged under the test's ``tmp_path``, never in the user's log folder."""
    path = tmp_path / "log" / errors.LOG_NAME
    monkeypatch.setattr(errors, "log_file", lambda: path)
    return path


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """A workspace in ``tmp_path/work``, which is also the working directory."""
    workspace = build_workspace(tmp_path / "work")
    monkeypatch.chdir(workspace.dir)
    return workspace


_TEMPLATE: dict[str, Path] = {}


@pytest.fixture
def store_path(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    """A fresh copy of the built store for each test (built once per session)."""
    if "store" not in _TEMPLATE:
        _TEMPLATE["store"] = build_browse_store(tmp_path_factory.mktemp("template"))
    target = tmp_path / "store.json"
    shutil.copy(_TEMPLATE["store"], target)
    return target
