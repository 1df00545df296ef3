"""Text from files, the store and paths is text on every screen: never markup, never control.

A store whose relationship types, records, batches and aliases are named with Rich
markup, Textual actions, terminal escapes (OSC 52 clipboard, clear screen), a bidi
override and a C1 control, and an import file (with such a name, headers and cells),
are walked through every screen and dialog of the app. After each step the screen
as drawn must hold no raw control character, no hyperlink and no click action, and
the app must still be running.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Select

from relimport.core.domain.text import has_controls
from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.ops import relations
from relimport.core.resolve.resolutions import add_alias
from relimport.core.store.jsonfile import Store, save
from relimport.core.store.model import StoreData
from relimport.tui.app import RelimportApp
from relimport.tui.dialogs import ConfirmDialog, HelpScreen, RelationshipForm
from relimport.tui.dialogs.record_search import RecordSearch
from relimport.tui.screens.aliases import AliasesScreen
from relimport.tui.screens.check import CheckScreen
from relimport.tui.screens.history import BatchScreen, HistoryScreen
from relimport.tui.screens.mapping import MappingScreen
from relimport.tui.screens.queue import QueueScreen
from relimport.tui.screens.records import RecordsScreen
from relimport.tui.screens.relations import RelationsScreen
from relimport.tui.screens.results import ResultsScreen
from tests.tui.helpers import settle, until
from tests.writers import write_file

MARKUP = "[/b]Co"
LINK = "[link=https://evil.example]x[/link]"
ACTION = "[@click=app.quit]Q[/]"
OSC52 = "\x1b]52;c;ZXZpbA==\x07clip"
CLEAR = "\x1b[2Jclear"
RLO = "rlo\u202eevil"
C1 = "c1\x9bx"
HOSTILE = (MARKUP, LINK, ACTION, OSC52, CLEAR, RLO, C1)
REL = "[/b]Klient\x1b[2J"
FILE = "szanse[bold]\x1b]0;title\x07.csv"


def csv(*rows: tuple[str, ...]) -> str:
    """Rows as CSV with every cell quoted (the values hold ';')."""
    return "".join(";".join('"' + c.replace('"', '""') + '"' for c in row) + "\n" for row in rows)


def build(directory: Path) -> Path:
    """A store named with hostile text everywhere, and an import file likewise."""
    directory.mkdir(parents=True, exist_ok=True)
    data = StoreData.empty()
    relations.add_relationship(data, REL, "deal", "company", inverse_name=LINK)
    relations.add_relationship(data, CLEAR, "company", "company", symmetric=True)
    firmy = csv(("Nazwa", "Miasto", CLEAR), *((v, f"{v} city", v) for v in HOSTILE), (MARKUP, "twin", ""))
    run_import(data, ImportRequest(write_file(directory / f"firmy{CLEAR}.csv", firmy), "company"))
    deals = csv(("Nazwa", REL), *((f"{v} deal", v) for v in HOSTILE), ("lost", f"{OSC52} nowhere"))
    run_import(data, ImportRequest(write_file(directory / f"old{OSC52}.csv", deals), "deal"))
    rid = int(data.records["company"]["id"][0])
    add_alias(data, "company", f"{ACTION} alias{C1}", None, rid)
    store = directory / "store.json"
    save(store, data)
    cells = [(f"{v} new", v, f"{v} note") for v in HOSTILE]
    write_file(directory / FILE, csv(("Nazwa", REL, LINK), *cells, ("extra", f"{RLO} missing", "x")))
    return store


def assert_inert(app: RelimportApp, where: str) -> None:
    """The screen as drawn: no control character, no hyperlink, no click action."""
    assert app.is_running, f"{where}: the app stopped"
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        for seg in strip:
            assert not has_controls(seg.text), f"{where}, line {y}: {seg.text!r}"
            style = seg.style
            if style is not None:
                assert not style.link, f"{where}, line {y}: a link {style.link!r}"
                assert "@click" not in (style.meta or {}), f"{where}, line {y}: {style.meta!r}"


async def test_every_screen_shows_hostile_text_inert(tmp_path: Path, monkeypatch) -> None:
    work = tmp_path / "work"
    store = build(work)
    monkeypatch.chdir(work)
    app = RelimportApp(Store(store), work, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:

        async def step(where: str, *keys: str) -> None:
            if keys:
                await pilot.press(*keys)
            # Not settle(): a worker waiting for a dialog's answer never completes meanwhile.
            for _ in range(10):
                await pilot.pause(0.03)
            assert_inert(app, where)

        await step("first screen")
        await step("relationship types", "f2")
        assert isinstance(app.screen, RelationsScreen)
        await step("edit a relationship type", "e")
        assert isinstance(app.screen, RelationshipForm)
        await step("back from the form", "escape")
        await step("remove a relationship type", "down", "d")
        assert isinstance(app.screen, ConfirmDialog)
        await step("not removed", "n")
        await step("help", "f1")
        assert isinstance(app.screen, HelpScreen)
        await step("help closed", "escape")

        await step("records", "f3")
        assert isinstance(app.screen, RecordsScreen)
        await until(pilot, lambda: app.screen.query_one("#rec-results", DataTable).row_count > 1)
        await step("records listed")
        await step("a record", "tab", "enter")
        assert app.screen.view is not None
        await step("a linked record", "enter")
        await pilot.press("slash")
        app.screen.query_one("#rec-search", Input).value = MARKUP + CLEAR
        await step("a hostile search")

        await step("history", "f4")
        assert isinstance(app.screen, HistoryScreen)
        await step("a batch", "enter")
        assert isinstance(app.screen, BatchScreen)
        await step("undo asked", "u")
        assert isinstance(app.screen, ConfirmDialog)
        await step("not undone", "n")

        await step("aliases", "f5")
        assert isinstance(app.screen, AliasesScreen)
        await step("remove an alias", "d")
        assert isinstance(app.screen, ConfirmDialog)
        await step("alias kept", "n")
        await step("back to the wizard", "escape")

        # The wizard, with the hostile file.
        await step("file step", "4")
        app.screen.query_one("#file-path", Input).value = FILE
        await step("preview")
        app.screen.query_one("#file-path", Input).value = "no such " + CLEAR
        await step("a missing file's line")
        app.screen.query_one("#file-path", Input).value = FILE
        await step("preview again")
        await step("mapping", "ctrl+n")
        assert isinstance(app.screen, MappingScreen)
        await step("a relationship column", "down")
        target = app.screen.query_one("#map-target", Select)
        target.focus()
        await step("target list open", "enter")
        await step("target list closed", "escape")
        await step("check", "ctrl+n")
        assert isinstance(app.screen, CheckScreen)
        assert app.state.report is not None and app.state.report.problems
        for _ in range(4):
            await step("another problem", "down")
        await step("queue", "ctrl+e")
        assert isinstance(app.screen, QueueScreen)
        await step("queue line", "down")
        await step("search", "slash")
        assert isinstance(app.screen, RecordSearch)
        await step("search closed", "escape")
        await step("create all", "C")
        await step("created", "y")
        await step("back to the check", "escape")
        await step("import", "ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), timeout=10)
        await step("results")
        await step("a problem's record", "o")
        await step("back to results", "escape")
        await step("undo asked", "u")
        await step("undone", "y")
        await settle(pilot)
        assert_inert(app, "after undo")
    assert app.return_code in (None, 0)
