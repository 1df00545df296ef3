"""Start-up: the first screen does not wait for the store (it should show within a second).

The store is read in a thread once the first screen is painted; keys pressed
meanwhile act once it is read, and a store that cannot be read still ends the
app with one line and exit 1 (``test_wizard.test_run_app_refuses_a_damaged_store``).
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from textual.widgets import Static

from relimport.tui.app import RelimportApp
from relimport.tui.loader import StoreLoader
from relimport.tui.screens.file import FileScreen
from relimport.tui.screens.kind import KindScreen
from tests.tui.helpers import SIZE, Workspace, settle

ROOT = Path(__file__).resolve().parents[2]


class GatedLoader(StoreLoader):
    """Reads the store only when the test opens the gate."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.gate = threading.Event()

    def _run(self) -> None:
        self.gate.wait(10)
        super()._run()


async def test_keys_pressed_while_the_store_is_read_act_once_it_is(ws: Workspace) -> None:
    loader = GatedLoader(ws.store_path)
    app = RelimportApp(loader, ws.dir, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.05)
        assert isinstance(app.screen, KindScreen)
        line = str(app.screen.query_one("#kind-store", Static).render())
        assert "reading…" in line
        assert not app.store_ready
        await pilot.press("3")  # company, then deal: the later key wins
        await pilot.press("4")
        await pilot.pause(0.05)
        assert isinstance(app.screen, KindScreen)  # nothing opened yet
        loader.gate.set()
        await settle(pilot)
        assert isinstance(app.screen, FileScreen)
        assert app.state.kind == "deal"
        assert len(app.screen_stack) == 3  # default screen, kind, one file step
        app.pop_screen()
        await settle(pilot)
        line = str(app.screen.query_one("#kind-store", Static).render())
        assert "relationship types" in line and "reading" not in line


def test_first_screen_is_drawn_without_polars(ws: Workspace) -> None:
    """Run headless in a fresh interpreter with reading held back: no polars yet.

    (The first screen's footer once asked a check that imported the engine.)
    """
    script = f"""
import asyncio, sys
from pathlib import Path
from relimport.tui.app import RelimportApp

class App(RelimportApp):
    CSS_PATH = [str(Path({str(ROOT / "tui")!r}) / p) for p in RelimportApp.CSS_PATH]
    def _read_store(self):
        pass  # held back: only what the first screen needs is loaded

async def main():
    app = App(Path({str(ws.store_path)!r}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "What do you want to import?" in str(app.screen.query_one(".question").render())
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("polars", "numpy", "orjson", "rapidfuzz"))
    print("heavy:", heavy[:5])

asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "heavy: []" in out.stdout, out.stdout


def test_the_store_line_breaks_between_counts() -> None:
    from relimport.tui.screens.kind import flow

    items = ["Store: demo/store.json", "9 relationship types", "320 links", "6 imports"]
    assert flow(items, 80) == "Store: demo/store.json · 9 relationship types · 320 links · 6 imports"
    assert flow(items, 58).split("\n") == [
        "Store: demo/store.json · 9 relationship types · 320 links ·",
        "6 imports",
    ]
    assert flow(items, 30).split("\n") == [
        "Store: demo/store.json ·",
        "9 relationship types ·",
        "320 links · 6 imports",
    ]
