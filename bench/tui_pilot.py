"""The TUI benchmark's in-process measures (parts 2 and 3 of ``bench_tui.py``).

A Pilot run of the app (80×24, headless) on the big store and the 1M-row file: the
preview's time in the file step, then the event loop's gaps and the message queue's
delays while the dry run and the import run (see ``loop_probes.py``); and, for scale,
the store load and the preview alone.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from loop_probes import Heartbeat, Sampler


async def wait_until(pilot, cond, timeout: float, step: float = 0.005) -> float:  # noqa: ANN001
    t0 = time.perf_counter()
    while not cond():
        if time.perf_counter() - t0 > timeout:
            raise SystemExit(f"timeout after {timeout}s on screen {type(pilot.app.screen).__name__}")
        await asyncio.sleep(step)
    return time.perf_counter()


async def pilot_run(store: Path, deals: Path, start_dir: Path, why: bool) -> dict[str, object]:
    from textual.widgets import DataTable, Input

    from relimport.core.store.jsonfile import Store
    from relimport.tui.app import RelimportApp
    from relimport.tui.screens.check import CheckScreen
    from relimport.tui.screens.file import FileScreen
    from relimport.tui.screens.kind import KindScreen
    from relimport.tui.screens.mapping import MappingScreen
    from relimport.tui.screens.results import ResultsScreen

    out: dict[str, object] = {}
    sampler = Sampler() if why else None
    app = RelimportApp(Store(store), start_dir, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, KindScreen), 60)
        await pilot.pause()
        await pilot.press("4")  # deal
        await wait_until(pilot, lambda: isinstance(app.screen, FileScreen), 10)
        await pilot.pause()

        # 2. preview: set the path, wait for the rows in the table.
        screen = app.screen
        grid = screen.query_one("#file-preview", DataTable)
        t0 = time.perf_counter()
        screen.query_one("#file-path", Input).value = str(deals)
        t1 = await wait_until(pilot, lambda: grid.row_count > 0, 10, step=0.001)
        await pilot.pause()
        t2 = time.perf_counter()
        out["preview_rows"] = grid.row_count
        out["preview_shown"] = t1 - t0
        out["preview_painted"] = t2 - t0
        await wait_until(pilot, lambda: screen._ready, 10)

        # mapping (auto): deals file's Klient and Decydent map to the relationships.
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, MappingScreen), 10)
        await pilot.pause()
        out["mapping"] = [(c.header, c.target, c.match_by) for c in app.state.mapping.columns]

        # 3a. the dry run: mapping → check until its report is shown.
        if sampler:
            sampler.start()
        hb = Heartbeat(app)
        hb.start()
        t0 = time.perf_counter()
        await pilot.press("ctrl+n")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, CheckScreen)
                and app.state.report is not None
                and not app.screen._checking
            ),
            240,
        )
        await pilot.pause()
        out["check_time"] = time.perf_counter() - t0
        await asyncio.sleep(0.1)
        hb.stop()
        out["check"] = hb.figures()
        out["check_where"] = hb.where[:]
        rep = app.state.report
        out["check_report"] = (rep.rows_total, rep.created, rep.links_created, len(rep.problems))

        # 3b. the import: check → import → results.
        hb = Heartbeat(app)
        hb.start()
        t0 = time.perf_counter()
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, ResultsScreen), 300)
        await pilot.pause()
        out["import_time"] = time.perf_counter() - t0
        await asyncio.sleep(0.1)
        hb.stop()
        out["import"] = hb.figures()
        out["import_where"] = hb.where[:]
        rep = app.state.report
        out["import_report"] = (rep.rows_total, rep.created, rep.links_created, len(rep.problems), rep.batch)
    if sampler:
        sampler.stop()
        for step in ("check", "import"):
            out[f"{step}_why"] = [sampler.explain(a, b) for _, _, a, b in out[f"{step}_where"]]
    return out


def store_load_alone(store: Path, repeat: int) -> list[float]:
    """``jsonfile.load`` of the big store (part of the first screen: read before the app opens)."""
    from relimport.core.store.jsonfile import load

    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        load(store)
        times.append(time.perf_counter() - t0)
    return times


def preview_alone(deals: Path, repeat: int) -> list[float]:
    from relimport.core.files.reader import FileOptions, preview_table
    from relimport.tui.state import PREVIEW_ROWS

    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        table = preview_table(deals, FileOptions(), n_rows=PREVIEW_ROWS)
        times.append(time.perf_counter() - t0)
        assert table.info.rows == PREVIEW_ROWS
    return times
