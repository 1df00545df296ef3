"""Completion of a typed path on the file step: names of the folder typed so far, the
part several names share, and the names it may become shown on the status line."""

from __future__ import annotations

from textual.widgets import Input, Static

from relimport.tui.screens.file import FileScreen
from tests.tui.helpers import SIZE, Workspace, settle, to_file_step, type_text
from tests.writers import write_file


async def test_completion_lists_the_typed_folder_and_stops_where_names_part(ws: Workspace) -> None:
    own = ws.dir / "own"
    own.mkdir()
    write_file(own / "szanse_admin.csv", "Nazwa\nA\n")
    write_file(own / "szanse_admin.xlsx", b"not read here")
    (ws.dir / "demo0").mkdir()  # a folder of the start directory, not of own/
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_file_step(pilot, "4")
        assert isinstance(app.screen, FileScreen)
        path = app.screen.query_one("#file-path", Input)
        await type_text(pilot, "ow")
        await settle(pilot)
        await pilot.press("right")
        await settle(pilot)
        assert path.value == "own/"
        await pilot.press("right")  # both names start "szanse_admin.": that much
        await settle(pilot)
        assert path.value == "own/szanse_admin."
        status = str(app.screen.query_one("#file-status", Static).render())
        assert "it may be szanse_admin.csv, szanse_admin.xlsx" in " ".join(status.split())
        await pilot.press("right")  # nothing more they share: the value stays
        await settle(pilot)
        assert path.value == "own/szanse_admin."
        await type_text(pilot, "C")
        await settle(pilot)
        await pilot.press("right")
        await settle(pilot)
        assert path.value == "own/szanse_admin.csv"


async def test_only_the_reading_options_of_the_files_format_are_shown(ws: Workspace) -> None:
    from tests.writers import write_xlsx

    write_xlsx(ws.dir / "firmy.xlsx", {"Firmy": [["Nazwa", "NIP"], ["Acme", "5260001246"]]})
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_file_step(pilot, "3")
        screen = app.screen
        assert isinstance(screen, FileScreen)

        def shown_options() -> list[str]:
            names = ("encoding", "delimiter", "sheet")
            return [n for n in names if screen.query_one(f"#file-{n}").parent.display]  # type: ignore[union-attr]

        screen.query_one("#file-path", Input).value = "firmy.xlsx"
        await settle(pilot)
        assert "xlsx" in str(screen.query_one("#file-status", Static).render())
        assert shown_options() == ["sheet"]
        screen.query_one("#file-path", Input).value = "szanse.csv"
        await settle(pilot)
        assert "csv" in str(screen.query_one("#file-status", Static).render())
        assert shown_options() == ["encoding", "delimiter"]
