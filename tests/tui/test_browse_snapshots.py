"""Snapshots (80×24) of the browse screens on a store built by core.

Regenerate after an intended visual change with ``pytest --snapshot-update``.
Batch times are fixed by the store builder, so nothing in view changes by itself.
"""

from __future__ import annotations

from pathlib import Path

from relimport.tui.screens.history import HistoryScreen
from relimport.tui.screens.records import RecordsScreen
from relimport.tui.screens.relations import RelationsScreen
from tests.tui.helpers import SIZE, BrowseApp


def test_relations_list(snap_compare, store_path: Path) -> None:
    async def settle(pilot) -> None:
        await pilot.press("down")  # Partner: a symmetric type, its detail below the table

    assert snap_compare(BrowseApp(store_path, RelationsScreen), terminal_size=SIZE, run_before=settle)


def test_record_with_links_both_ways(snap_compare, store_path: Path) -> None:
    async def settle(pilot) -> None:
        await pilot.pause()

    app = BrowseApp(store_path, lambda: RecordsScreen("company", 1))  # Acme
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_batch_summary_and_problems(snap_compare, store_path: Path) -> None:
    async def settle(pilot) -> None:
        await pilot.press("enter")  # the newest batch, B3
        await pilot.pause()

    assert snap_compare(BrowseApp(store_path, HistoryScreen), terminal_size=SIZE, run_before=settle)
