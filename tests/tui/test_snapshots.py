"""Snapshots of the wizard's steps at 80×24 (``pytest --snapshot-update`` re-records them).

The store and files come from ``helpers.build_workspace`` (not the demo data),
the working directory is the workspace (so paths show relative) and text
cursors do not blink: every run draws the same screen.
"""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.helpers import SIZE, Workspace, settle


async def _kind(pilot) -> None:
    await settle(pilot)


async def _file(pilot) -> None:
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    pilot.app.screen.query_one("#file-path", Input).value = "szanse.csv"
    await settle(pilot)


async def _mapping(pilot) -> None:
    await _file(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await pilot.press("down")  # a relationship column: its match key and separator show
    await pilot.press("down")
    await settle(pilot)


async def _check(pilot) -> None:
    await _file(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)


async def _results(pilot) -> None:
    await _check(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await settle(pilot)


def test_snapshot_kind(ws: Workspace, snap_compare) -> None:
    assert snap_compare(ws.app(), terminal_size=SIZE, run_before=_kind)


def test_snapshot_file(ws: Workspace, snap_compare) -> None:
    assert snap_compare(ws.app(), terminal_size=SIZE, run_before=_file)


def test_snapshot_mapping(ws: Workspace, snap_compare) -> None:
    assert snap_compare(ws.app(), terminal_size=SIZE, run_before=_mapping)


def test_snapshot_check(ws: Workspace, snap_compare) -> None:
    assert snap_compare(ws.app(), terminal_size=SIZE, run_before=_check)


def test_snapshot_results(ws: Workspace, snap_compare) -> None:
    assert snap_compare(ws.app(), terminal_size=SIZE, run_before=_results)
