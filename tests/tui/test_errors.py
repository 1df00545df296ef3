"""Errors: the user's own as their one line; a bug as one line naming the log with its traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from relimport.core.domain.errors import FileError, StoreLockedError
from relimport.tui import errors, jobs
from relimport.tui.app import RelimportApp, run_app
from relimport.tui.errors import one_line
from relimport.tui.fmt import display_path
from relimport.tui.screens.check import CheckScreen
from relimport.tui.screens.kind import KindScreen
from tests.tui.helpers import SIZE, Workspace, settle, to_check


def test_an_error_the_user_caused_is_its_message_and_is_not_logged(error_log: Path) -> None:
    assert one_line(FileError("x.csv: row 3\nhas 4 cells")) == "x.csv: row 3 has 4 cells"
    assert one_line(StoreLockedError("store.json is locked by pid 12")) == "store.json is locked by pid 12"
    assert not error_log.exists()


def test_a_bug_is_one_line_naming_the_log_which_has_its_traceback(error_log: Path) -> None:
    def broken() -> None:
        {}["missing"]

    try:
        broken()
    except KeyError as exc:
        line = one_line(exc, "testing")
    assert "\n" not in line
    assert line.startswith("unexpected error (KeyError): 'missing'")
    assert line.endswith(f"— details in {display_path(error_log)}")
    log = error_log.read_text(encoding="utf-8")
    assert "testing" in log and "Traceback (most recent call last)" in log
    assert "in broken" in log and "KeyError" in log
    one_line(ValueError("second"))
    assert error_log.read_text(encoding="utf-8").startswith(log)  # appended, not replaced


def test_an_unwritable_log_is_said_in_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(errors, "log_file", lambda: blocker / errors.LOG_NAME)
    line = one_line(RuntimeError("boom"))
    assert line.startswith("unexpected error (RuntimeError): boom (the log ")
    assert "could not be written" in line and "\n" not in line


def test_the_default_log_is_in_the_users_log_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the fixture's redirection: ask for the real place (nothing is written)
    path = errors.log_file()
    assert path.name == "relimport.log" and "relimport" in path.parent.parts


async def test_the_import_worker_shows_a_bug_as_one_line(ws: Workspace, monkeypatch, error_log: Path) -> None:
    def broken(store, table, job, progress, cancel):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(jobs, "run_engine", broken)
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        assert isinstance(app.screen, CheckScreen)
        shown = str(app.screen.query_one("#check-error", Static).render())
    log_name = display_path(error_log)
    assert shown == f"✗ unexpected error (ZeroDivisionError): division by zero — details in {log_name}"
    log = error_log.read_text(encoding="utf-8")
    assert "running an import" in log and "in broken" in log and "ZeroDivisionError" in log


async def test_the_import_worker_shows_the_users_error_as_its_message(
    ws: Workspace, monkeypatch, error_log: Path
) -> None:
    def locked(store, table, job, progress, cancel):
        raise StoreLockedError("store.json is locked by another relimport (pid 12)")

    monkeypatch.setattr(jobs, "run_engine", locked)
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        shown = str(app.screen.query_one("#check-error", Static).render())
    assert shown == "✗ store.json is locked by another relimport (pid 12)"
    assert not error_log.exists()


def test_a_bug_that_stops_the_app_is_one_line_on_stderr(
    ws: Workspace, monkeypatch, capsys, error_log: Path
) -> None:
    def broken(self, index: int) -> None:
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(KindScreen, "action_pick", broken)

    async def press_one(pilot) -> None:
        await settle(pilot)
        await pilot.press("1")
        await pilot.pause()

    real_run = RelimportApp.run
    monkeypatch.setattr(
        RelimportApp, "run", lambda self: real_run(self, headless=True, size=SIZE, auto_pilot=press_one)
    )
    assert run_app(ws.store_path, ws.dir) == 1
    err = capsys.readouterr().err
    assert err == (
        "relimport: unexpected error (RuntimeError): a bug over two lines"
        f" — details in {display_path(error_log)}\n"
    )
    log = error_log.read_text(encoding="utf-8")
    assert "the app stopped" in log and "in broken" in log and "RuntimeError: a bug" in log
