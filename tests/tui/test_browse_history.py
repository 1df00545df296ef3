"""Pilot tests of the import history screens: a batch's problems, their export and undo,
what later imports changed, and every browse screen without colour.

A real store built through core, in a tiny test-only App (see test_browse.py).
"""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import DataTable, Input, Label, OptionList, Static

from relimport.core.store.jsonfile import load
from relimport.tui.dialogs import ConfirmDialog, PathDialog, TextDialog
from relimport.tui.screens.history import BatchScreen, HistoryScreen
from relimport.tui.screens.records import RecordsScreen
from relimport.tui.screens.relations import RelationsScreen
from tests.tui.helpers import SIZE, BrowseApp, row_of, sync, text_of, until


@sync
async def test_history_open_batch_export_problems_and_undo(store_path: Path, tmp_path: Path) -> None:
    app = BrowseApp(store_path, HistoryScreen)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        stats = app.screen.query_one("#hist-stats", Label)
        assert "store now: 7 records, 5 links" in str(stats.render())
        olist = app.screen.query_one("#hist-list", OptionList)
        assert olist.highlighted == 0  # newest first: B3
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BatchScreen))
        batch = app.screen
        summary = text_of(batch.query_one("#batch-summary", Static))
        assert "B3 · szanse.csv · Deal · mode upsert · applied" in summary
        assert "2 created" in summary and "! not found 1" in summary
        problems = batch.query_one("#batch-problems", DataTable)
        assert problems.row_count == 1
        row = row_of(problems, 0)
        assert row[:4] == ["3", "Klient", "Brak", "! not found"]

        # Export: a wrong suffix is refused inline, then a CSV is written.
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, PathDialog))
        path_input = app.screen.query_one("#path-input", Input)
        path_input.value = str(tmp_path / "problems.txt")
        await pilot.press("enter")
        error = app.screen.query_one("#path-error", Label)
        await until(pilot, lambda: "write .csv or .xlsx" in str(error.render()))
        assert not (tmp_path / "problems.txt").exists()
        path_input.value = str(tmp_path / "problems.csv")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is batch)
        with (tmp_path / "problems.csv").open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=";"))
        assert rows[0] == ["Nazwa", "Wartość", "Klient", "Problemy"]
        assert rows[1][:3] == ["Serwis", "200", "Brak"] and "not found: Klient" in rows[1][3]

        # Undo, confirmed; the report; the counts drop.
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, TextDialog))
        report = text_of(app.screen.query_one("#text-body", Static))
        assert "2 records and 1 link removed" in report
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is batch)
        assert "undone" in text_of(batch.query_one("#batch-summary", Static))
        assert batch.check_action("undo", ()) is False  # no second undo offered
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        assert "store now: 5 records, 4 links" in str(stats.render())
        assert "UNDONE" in str(olist.get_option_at_index(0).prompt)
    data = load(store_path)
    assert data.records["deal"].height == 0 and data.batch(3).status == "undone"


@sync
async def test_undo_reports_what_later_imports_changed(store_path: Path) -> None:
    app = BrowseApp(store_path, HistoryScreen)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.press("down", "down")  # B1: the companies, which B2 and B3 link to
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, TextDialog))
        report = text_of(app.screen.query_one("#text-body", Static))
    assert "Changed by later imports, kept as they are:" in report
    assert "company 1 created by B1 kept: linked by a later import" in report
    data = load(store_path)
    assert data.batch(1).status == "undone" and data.records["company"].height == 2


@sync
async def test_screens_render_without_colour(store_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    for make in (RelationsScreen, RecordsScreen, HistoryScreen):
        app = BrowseApp(store_path, make)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda app=app, make=make: isinstance(app.screen, make))
            await pilot.pause()
            assert app.no_color
            svg = app.export_screenshot()
            assert "Back" in svg
