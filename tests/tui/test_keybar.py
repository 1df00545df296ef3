"""The key bar: the screen's keys in one line, disabled ones dimmed, a click presses the key."""

from __future__ import annotations

from textual.widgets import Input

from relimport.tui.dialogs import HelpScreen
from relimport.tui.screens.file import FileScreen
from relimport.tui.widgets.keybar import KeyBar
from tests.tui.helpers import SIZE, Workspace, settle


def _enabled(bar: KeyBar) -> dict[str, bool]:
    return {description: enabled for _, _, description, enabled in bar.entries()}


async def test_keys_follow_the_screen_and_its_state(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        plain = bar.render().plain
        assert "f2 Relationships" in plain and "^q Quit" in plain and "f1 Help" in plain
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, FileScreen)
        bar = app.screen.query_one(KeyBar)
        assert "^n Next" in bar.render().plain
        assert _enabled(bar)["Next"] is False  # no file chosen yet: Next is dimmed
        assert any(span.style.dim for span in bar.render().spans)
        app.screen.query_one("#file-path", Input).value = "szanse.csv"
        await settle(pilot)
        assert _enabled(bar)["Next"] is True
        assert not any(span.style.dim for span in bar.render().spans)


async def test_a_click_on_a_key_presses_it(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        plain = bar.render().plain
        x = plain.index("f1 Help")
        await pilot.click(KeyBar, offset=(x + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
