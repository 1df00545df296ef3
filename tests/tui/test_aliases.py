"""Pilot flow of the Aliases screen (F5) at 80×24: list, open the record, remove one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
from textual.widgets import DataTable, Static

from relimport.core.resolve.resolutions import add_alias, list_aliases
from relimport.core.store.jsonfile import load, save
from relimport.tui.dialogs import ConfirmDialog
from relimport.tui.screens.aliases import EMPTY, AliasesScreen
from relimport.tui.screens.kind import KindScreen
from relimport.tui.screens.records import RecordsScreen
from tests.tui.helpers import SIZE, Workspace, settle, until

ROOT = Path(__file__).resolve().parents[2]


def _cli_aliases(store_path: Path) -> list[dict]:
    out = subprocess.run(
        [sys.executable, "-m", "relimport.tui.cli", "--store", str(store_path), "aliases", "list", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def _add_polmet_alias(ws: Workspace) -> int:
    data = load(ws.store_path)
    companies = data.records["company"]
    rid = int(companies.filter(pl.col("name") == "Polmet")["id"][0])
    add_alias(data, "company", "Polmet", None, rid)
    save(ws.store_path, data)
    return rid


def _rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_aliases_list_open_and_remove(ws: Workspace) -> None:
    rid = _add_polmet_alias(ws)
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AliasesScreen)
        table = screen.query_one("#alias-table", DataTable)
        shown = _rows(table)
        assert shown == [["Company", "Polmet", str(rid), "Polmet", "any key"]]
        # The CLI lists the same aliases as the screen.
        cli = _cli_aliases(ws.store_path)
        assert [(a["type"], a["value"], a["id"], a["key"]) for a in cli] == [
            (a.type, a.value, a.id, a.key) for a in screen.aliases
        ]
        assert [[a["value"], str(a["id"])] for a in cli] == [row[1:3] for row in shown]

        # Enter opens the record; Esc comes back.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordsScreen)
        assert app.screen.path and (app.screen.path[-1].type, app.screen.path[-1].id) == ("company", rid)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AliasesScreen)

        # d asks first; n keeps the alias.
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, AliasesScreen))
        await settle(pilot)
        assert len(list_aliases(load(ws.store_path))) == 1

        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, AliasesScreen))
        await settle(pilot)
        assert table.row_count == 0
        assert str(screen.query_one("#alias-intro", Static).render()) == EMPTY

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, KindScreen)
    assert list_aliases(load(ws.store_path)) == []
    assert _cli_aliases(ws.store_path) == []


async def test_aliases_empty_state(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, AliasesScreen)
        assert str(app.screen.query_one("#alias-intro", Static).render()) == EMPTY
        await pilot.press("d")  # nothing to remove: no dialog
        await pilot.pause()
        assert isinstance(app.screen, AliasesScreen)
