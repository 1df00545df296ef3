"""Pilot flows of the import wizard at its edges: cancelling an import, the file step's
errors, sample file and help, the first run, a damaged store, Enter on the check step."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Static

from relimport.core.ops.demo import SAMPLE_DATA
from relimport.core.ops.query import stats
from relimport.core.store.jsonfile import Store, load
from relimport.tui import jobs
from relimport.tui.app import RelimportApp, run_app
from relimport.tui.dialogs import FirstRunDialog, HelpScreen, PathDialog
from relimport.tui.screens.check import CheckScreen
from relimport.tui.screens.file import FileScreen
from relimport.tui.screens.kind import KindScreen
from relimport.tui.screens.progress import ProgressScreen
from relimport.tui.screens.results import ResultsScreen
from tests.tui.helpers import SIZE, Workspace, set_path, settle, to_check


async def test_cancel_during_import_leaves_store_unchanged(ws: Workspace, monkeypatch) -> None:
    before = ws.store_bytes()
    started = threading.Event()
    real = jobs.run_engine

    def held_run(store, table, job, progress, cancel):
        # Hold the import (not the check's dry run) in its worker until the user has pressed cancel.
        if not job.options.dry_run:
            started.set()
            deadline = time.monotonic() + 10
            while not cancel.is_set and time.monotonic() < deadline:
                time.sleep(0.01)
        return real(store, table, job, progress, cancel)

    monkeypatch.setattr(jobs, "run_engine", held_run)
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        await pilot.press("ctrl+n")
        for _ in range(300):
            if started.is_set():
                break
            await pilot.pause(0.01)
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CheckScreen)
        assert any("cancelled" in n.message for n in app._notifications)
    assert ws.store_bytes() == before


async def test_file_step_errors_sample_and_help(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, KindScreen)
        app.open_screen("no_such_screen", "Nothing", "Something")
        await pilot.pause()
        assert any("not available yet" in n.message for n in app._notifications)

        await pilot.press("3")
        await settle(pilot)
        # A binary file: one line naming it, and the wizard stays on the file step.
        await set_path(pilot, "zepsuty.csv")
        status = app.screen.query_one("#file-status", Static)
        text = str(status.render())
        assert status.has_class("error")
        assert "zepsuty.csv" in text and "\n" not in text and "Traceback" not in text
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, FileScreen)
        assert app.screen.query_one("#file-next", Button).disabled
        await set_path(pilot, "nie-ma.csv")
        assert "no such file" in str(status.render())

        # ? is help, except while typing in a text field.
        app.screen.query_one("#file-tree").focus()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")

        # The sample file of the chosen type.
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, PathDialog)
        await pilot.press("enter")
        await settle(pilot)
    sample = ws.dir / "relimport-sample-company.csv"
    assert sample.exists()
    assert sample.read_text(encoding="utf-8-sig").splitlines()[0].startswith("Nazwa")


async def test_first_run_offers_demo_or_empty(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "new" / "store.json"
    app = RelimportApp(Store(path), tmp_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunDialog)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, KindScreen)
    assert path.exists() and stats(load(path))["relationship_types"] == 1

    if not (SAMPLE_DATA / "demo-store.json").exists():
        return
    path2 = tmp_path / "demo" / "store.json"
    app = RelimportApp(Store(path2), tmp_path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, KindScreen)
        assert sum(stats(app.store.data)["records"].values()) > 0
    assert stats(load(path2)) == stats(load(SAMPLE_DATA / "demo-store.json"))


def test_run_app_refuses_a_damaged_store(tmp_path: Path, capsys, monkeypatch) -> None:
    bad = tmp_path / "store.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(RelimportApp, "run", lambda self: pytest.fail("the app opened"))
    assert run_app(bad) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged" in err
    assert bad.read_text(encoding="utf-8") == "{not json"


async def test_enter_on_the_check_step_never_imports(ws: Workspace) -> None:
    """Focus starts on the problems (↓ browses them), not on Import: a stray Enter writes nothing."""
    before = ws.store_bytes()
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        assert isinstance(app.screen, CheckScreen)
        assert app.focused is not None and app.focused.id == "check-problems"
        await pilot.press("down")
        await settle(pilot)
        assert app.screen.query_one("#check-problems", DataTable).cursor_row == 1
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, (ProgressScreen, ResultsScreen))
    assert ws.store_bytes() == before
