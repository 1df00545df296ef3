"""The TUI's save dialog (problem export, recipe, sample file) refuses the store's own files."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input, Label

from relimport.tui.dialogs import PathDialog
from tests.tui.helpers import SIZE, until


class _SaveApp(App[None]):
    def __init__(self, store_path: Path, base: Path, suffixes: tuple[str, ...]) -> None:
        super().__init__()
        self.suffixes = suffixes
        self.store_path = store_path
        self.base = base
        self.saved: list[Path] = []
        self.result: object = "open"

    def on_mount(self) -> None:
        def save(path: Path) -> Path:
            path.write_text("report")
            self.saved.append(path)
            return path

        dialog = PathDialog("Save", "", base=self.base, suffixes=self.suffixes, action=save)
        self.push_screen(dialog, lambda value: setattr(self, "result", value))


@pytest.mark.parametrize(
    ("name", "suffixes"),
    [("store.csv", (".csv",)), ("link.csv", (".csv",)), ("store.csv.bak", ()), ("store.csv.lock", ())],
)
async def test_save_dialog_refuses_the_store_and_its_files(
    tmp_path: Path, name: str, suffixes: tuple[str, ...]
) -> None:
    store = tmp_path / "store.csv"  # a store may be named anything
    store.write_bytes(b'{"format": "relimport-store"}')
    (tmp_path / "store.csv.bak").write_bytes(b"old")
    (tmp_path / "store.csv.lock").write_bytes(b"")
    (tmp_path / "link.csv").symlink_to(store)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    app = _SaveApp(store, tmp_path, suffixes)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PathDialog))
        app.screen.query_one("#path-input", Input).value = name
        await pilot.press("enter")
        error = app.screen.query_one("#path-error", Label)
        await until(pilot, lambda: "own file" in str(error.render()))
        await pilot.press("enter")  # a second Enter does not replace it either
        await pilot.pause()
        assert isinstance(app.screen, PathDialog) and app.saved == []
        app.screen.query_one("#path-input", Input).value = "problems.csv"
        await pilot.press("enter")
        await until(pilot, lambda: app.result != "open")
    assert app.saved == [tmp_path / "problems.csv"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name != "problems.csv"} == before


async def test_saving_names_the_written_file_by_its_full_path(ws) -> None:
    from relimport.tui.screens.results import ResultsScreen
    from tests.tui.helpers import settle, to_results

    (ws.dir / "out").mkdir()
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_results(pilot, "4", "szanse.csv")
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, PathDialog))
        app.screen.query_one("#path-input", Input).value = "out/problemy.csv"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await settle(pilot)
        written = (ws.dir / "out" / "problemy.csv").resolve()
        assert written.is_file()
        messages = [n.message for n in app._notifications]
        assert any(m.endswith(f"with problems to {written}") for m in messages), messages


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_the_replace_prompt_is_whole_and_said_once(tmp_path: Path, size) -> None:
    store = tmp_path / "store.json"
    store.write_bytes(b'{"format": "relimport-store"}')
    name = "a-rather-long-name-of-an-existing-sample-file-relimport-sample-deal.csv"
    (tmp_path / name).write_text("old")
    app = _SaveApp(store, tmp_path, (".csv",))
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PathDialog))
        app.screen.query_one("#path-input", Input).value = name
        await pilot.press("enter")
        error = app.screen.query_one("#path-error", Label)
        await until(pilot, lambda: "Esc keeps it" in str(error.render()))
        await pilot.pause()
        box = app.screen.query_one("#path-box")
        assert error.region.right <= box.content_region.right  # wrapped, never cut
        assert error.size.height >= 1 and str(error.render()) == "Enter again replaces it, Esc keeps it"
        full = str(app.screen.query_one("#path-full").render())
        assert " ".join(full.split()).endswith("exists: Enter asks, a second Enter replaces it")
        await pilot.press("enter")
        await until(pilot, lambda: app.result != "open")
    assert (tmp_path / name).read_text() == "report"
