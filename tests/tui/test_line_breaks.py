"""relimport's own line breaks are line breaks; only what came from a file is made inert.

The inert renderer shows a newline inside file data as a visible "␊": text of ours that
carries line breaks must add them outside the data it wraps.
"""

from __future__ import annotations

from textual.widgets import DataTable, Select, Static

from relimport.tui.screens.mapping import MappingScreen
from relimport.tui.screens.queue import QueueScreen
from tests.tui.helpers import SIZE, Workspace, settle, to_check, to_mapping
from tests.writers import write_file


async def test_queue_detail_names_other_spellings_on_a_line_of_their_own(ws: Workspace) -> None:
    rows = "A;Wawel Soft Sp. z o.o.\nB;wawel soft  sp. z o.o.\n"
    write_file(ws.dir / "nowe.csv", "Nazwa;Klient\n" + rows)
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "nowe.csv")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        detail = str(app.screen.query_one("#queue-detail", Static).render())
        lines = detail.splitlines()
        assert lines[0] == "'Wawel Soft Sp. z o.o.' (Company, column Klient)"
        assert lines[1] == "also written: 'wawel soft sp. z o.o.'"
        assert "␊" not in detail


async def test_mapping_errors_each_on_its_own_line(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_mapping(pilot, "4", "szanse.csv")
        screen = app.screen
        assert isinstance(screen, MappingScreen)
        table = screen.query_one("#map-table", DataTable)
        for row, target in ((4, "field:name"), (5, "field:value")):  # Uwagi, Etapp: two clashes
            table.move_cursor(row=row)
            await pilot.pause()
            screen.query_one("#map-target", Select).value = target
            await settle(pilot)
        problems = str(screen.query_one("#map-problems", Static).render())
        assert "␊" not in problems
        errors = [ln for ln in problems.splitlines() if ln.startswith("✗")]
        assert errors == [
            "✗ columns 'Nazwa' and 'Uwagi' both map to field name",
            "✗ columns 'Wartość' and 'Etapp' both map to field value",
        ]
