"""Pilot flows for the places a new admin used to get stuck: each ends where they wanted to go.

A relationship type made from the mapping step maps its column; all-or-nothing says
why Import is off; quitting asks before work is lost; the browse screens are one
level; another program's write shows up; a writer waiting for the lock says who
holds it; a problem opens its row's record; the key bar shows working keys as such.
"""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

from textual.widgets import Button, Checkbox, DataTable, Static

from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.store.jsonfile import Store, load, locked
from relimport.tui.dialogs import ConfirmDialog, RelationshipForm
from relimport.tui.screens.check import CheckScreen
from relimport.tui.screens.kind import KindScreen
from relimport.tui.screens.mapping import MappingScreen
from relimport.tui.screens.progress import ProgressScreen
from relimport.tui.screens.records import RecordsScreen
from relimport.tui.screens.results import ResultsScreen
from relimport.tui.widgets.keybar import KeyBar
from relimport.tui.widgets.problems import ProblemTable
from tests.tui.helpers import SIZE, Workspace, settle, to_check, to_mapping, to_results, until
from tests.writers import write_file


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_relationship_type_made_on_the_mapping_step_maps_its_column(ws: Workspace) -> None:
    write_file(ws.dir / "dostawy.csv", "Nazwa;Dostawca\nStal;Acme Sp. z o.o.\nDrewno;Beta S.A.\n")
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_mapping(pilot, "4", "dostawy.csv")
        screen = app.screen
        assert isinstance(screen, MappingScreen)
        assert app.state.mapping.column("Dostawca").target == "skip"
        screen.query_one("#map-table", DataTable).move_cursor(row=1)
        await pilot.pause()
        assert "N makes it a new relationship type" in text(app, "#map-problems")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RelationshipForm))
        form = app.screen
        values = form.values()
        # Prefilled: the header, the imported type, and the type its values name.
        assert (values["name"], values["source"], values["target"]) == ("Dostawca", "deal", "company")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await settle(pilot)
        col = app.state.mapping.column("Dostawca")
        assert col.target == "rel" and col.header_rel_name == "Dostawca"
        assert any("maps to it" in n for n in notes(app))
        assert not any("now mapped" in n for n in notes(app))  # said once, not twice
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, CheckScreen)
        assert app.state.report.links_created == 2
    rel = next(r for r in load(ws.store_path).relationship_types if r.name == "Dostawca")
    assert (rel.source, rel.target) == ("deal", "company")


async def test_a_skipped_column_maps_itself_when_its_relationship_type_appears(ws: Workspace) -> None:
    write_file(ws.dir / "dostawy.csv", "Nazwa;Dostawca;Uwagi\nStal;Acme Sp. z o.o.;x\n")
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_mapping(pilot, "4", "dostawy.csv")
        assert app.state.mapping.column("Dostawca").target == "skip"
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, RelationshipForm))
        app.screen.query_one("#rel-name").value = "Dostawca"
        app.screen.query_one("#rel-source").value = "deal"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RelationshipForm))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MappingScreen)
        assert app.state.mapping.column("Dostawca").target == "rel"
        assert app.state.mapping.column("Uwagi").target == "skip"  # no type has its name
        assert any("'Dostawca' now mapped" in n for n in notes(app))


async def test_all_or_nothing_turns_import_off_and_says_why(ws: Workspace) -> None:
    before = ws.store_bytes()
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        screen = app.screen
        assert screen.check_action("next", ()) is True
        screen.query_one("#check-aon", Checkbox).value = True
        await settle(pilot)
        rep = app.state.report
        assert rep is not None and rep.refused and rep.problems
        assert screen.query_one("#check-import", Button).disabled
        assert screen.check_action("next", ()) is not True
        status = text(app, "#check-status")
        assert status.startswith("Import is off: all-or-nothing is on and")
        summary = text(app, "#check-summary")
        assert "Nothing would be written" in summary and "none would be written" in summary
        assert "created 1" not in summary  # no count that reads as if it would happen
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen is screen
        assert any(n.startswith("Import is off: all-or-nothing") for n in notes(app))
    assert ws.store_bytes() == before


async def test_all_or_nothing_offers_resolving_only_when_there_are_values_to_resolve(ws: Workspace) -> None:
    write_file(ws.dir / "kwoty.csv", "Nazwa;Wartość\nA;abc\nB;12\n")  # a bad amount: nothing to resolve
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "kwoty.csv")
        screen = app.screen
        screen.query_one("#check-aon", Checkbox).value = True
        await settle(pilot)
        assert screen.check_action("resolve", ()) is not True
        status = " ".join(text(app, "#check-status").split())
        assert status.startswith("Import is off: all-or-nothing is on and 1 row has problems")
        assert "^E" not in status and "Resolve" not in status
        assert "Fix the file and check again (^R), or turn all-or-nothing off." in status


async def test_quit_asks_when_work_would_be_lost(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_mapping(pilot, "4", "szanse.csv")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "the import of szanse.csv being prepared" in text(app, "#confirm-message")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, MappingScreen) and app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert app.return_code == 0


async def test_quit_counts_the_decisions_made_in_the_open_queue(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("down", "1")  # Polmet: the first candidate
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        message = text(app, "#confirm-message")
        assert "1 decision of the resolution queue and the import of szanse.csv" in message
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running


async def test_quit_with_nothing_to_lose_quits_at_once(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
    assert app.return_code == 0


async def test_browse_screens_are_one_level_above_the_wizard(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_mapping(pilot, "4", "szanse.csv")
        depth = len(app.screen_stack)
        for key in ("f2", "f3", "f4", "f5", "f3"):
            await pilot.press(key)
            await settle(pilot)
            assert len(app.screen_stack) == depth + 1, key
        assert isinstance(app.screen, RecordsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MappingScreen)


async def test_records_show_what_another_program_wrote(ws: Workspace) -> None:
    app = ws.app()
    app.STORE_POLL = 0.1
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RecordsScreen)
        results = screen.query_one("#rec-results", DataTable)
        await until(pilot, lambda: results.row_count == 4)
        # Another program (the CLI, say) imports a company into the same store file.
        new = write_file(ws.dir / "nowa.csv", "Nazwa;Miasto\nNowa Firma;Opole\n")
        run_import(Store(ws.store_path), ImportRequest(new, "company"))
        await until(pilot, lambda: results.row_count == 5)
        labels = [str(results.get_row_at(i)[1]) for i in range(results.row_count)]
        assert "Nowa Firma" in labels
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, KindScreen)
        store_line = text(app, "#kind-store")
        assert "2 imports" not in store_line and "3 imports" in store_line


def _hold_lock(path: Path, ready, release) -> None:
    with locked(path):
        ready.set()
        release.wait(20)


async def test_a_writer_waiting_for_the_lock_says_who_holds_it(ws: Workspace) -> None:
    ctx = mp.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        holder = ctx.Process(target=_hold_lock, args=(ws.store_path, ready, release))
        holder.start()
        try:
            assert ready.wait(10)
            await pilot.press("ctrl+n")
            await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
            phase = app.screen.query_one("#progress-phase", Static)
            await until(pilot, lambda: "waiting for the store lock (held by pid" in str(phase.render()))
            assert f"pid {holder.pid}" in str(phase.render())
        finally:
            release.set()
            holder.join(10)
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), timeout=15)
        await settle(pilot)
        assert app.state.report.applied


async def test_open_record_opens_the_record_of_the_problems_row(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_results(pilot, "4", "szanse.csv")
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        table = screen.query_one("#results-problems", ProblemTable)
        # "abc" is not an amount: the row (deal Dostawa) was imported all the same.
        row = next(i for i, p in enumerate(table.shown) if p.kind == "invalid_value")
        assert not table.shown[row].candidates
        table.focus()
        table.move_cursor(row=row)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, RecordsScreen) and app.screen.view is not None)
        assert app.screen.view.label == "Dostawa" and app.screen.view.type == "deal"


async def test_the_key_bar_shows_working_keys_after_a_check(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        await settle(pilot)
        screen = app.screen
        assert screen.is_running  # the screen's message pump was once stopped by a name clash
        bar = screen.query_one(KeyBar)
        drawn = {desc: enabled for _key, _shown, desc, enabled in bar.entries()}
        assert drawn["Import"] and drawn["Resolve values"]
        # Drawn like Back (a key that always works), not dimmed.
        colours = {seg.text.strip(): seg.style.color for seg in bar.render_lines(bar.region.reset_offset)[0]}
        assert colours["^n"] == colours["esc"] and colours["Import"] == colours["Back"]
