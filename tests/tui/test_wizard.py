"""Pilot flows of the import wizard at 80×24: keys in, screens and the store out.

Each test is one app run through several steps (a run costs a few seconds), so
the flows are grouped by what they exercise rather than one check per test.
"""

from __future__ import annotations

import json
import shutil

import pytest
from textual.widgets import Button, DataTable, Input, Select, Static

from relimport.core.ops.demo import SAMPLE_DATA
from relimport.core.ops.query import stats
from relimport.core.store.jsonfile import load
from relimport.tui.dialogs import PathDialog
from relimport.tui.screens.check import CheckScreen
from relimport.tui.screens.file import FileScreen
from relimport.tui.screens.kind import KindScreen
from relimport.tui.screens.mapping import MappingScreen
from relimport.tui.screens.results import ResultsScreen
from relimport.tui.widgets.problems import ProblemTable
from tests.tui.helpers import SIZE, Workspace, expected_report, set_path, settle, to_check, type_text


def counts_of(rep) -> dict:
    d = rep.to_json()
    keys = ("rows", "records", "links", "problems", "ignored_columns", "type", "mode", "file")
    return {k: d[k] for k in keys}


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_keyboard_wizard_end_to_end(ws: Workspace) -> None:
    """Type → file (typed) → mapping → check → import → results: filter, export, undo."""
    expected = expected_report(ws, "szanse.csv", "deal")
    before = stats(load(ws.store_path))
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, KindScreen)
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, FileScreen)
        await type_text(pilot, "szanse.csv")
        await settle(pilot)
        status = text_of(app, "#file-status")
        assert "cp1250" in status and "';'" in status
        assert app.screen.query_one("#file-preview", DataTable).row_count == 4
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, MappingScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, CheckScreen)
        dry = app.state.report
        assert dry is not None and dry.dry_run
        assert counts_of(dry) == counts_of(expected)
        assert store_unchanged_by_check(ws, before)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await settle(pilot)

        # Results: the same numbers as core's dry run, on screen.
        assert isinstance(app.screen, ResultsScreen)
        rep = app.state.report
        assert rep is not None and rep.applied and not rep.dry_run
        assert counts_of(rep) == counts_of(expected)
        head = text_of(app, "#results-summary")
        assert f"batch {rep.batch}" in head
        assert f"{rep.rows_total} rows: {rep.rows_imported} imported" in head
        assert f"created {rep.created:,}" in head
        assert f"linked {rep.links_created:,}" in head
        table = app.screen.query_one("#results-problems", ProblemTable)
        assert table.row_count == len(rep.problems) > 0
        after_import = stats(load(ws.store_path))
        assert after_import["records"]["deal"] == before["records"]["deal"] + expected.created

        # Open the record a problem points to (its first candidate).
        table.focus()
        ambiguous = next(i for i, p in enumerate(table.shown) if p.candidates)
        table.move_cursor(row=ambiguous)
        await pilot.press("c")
        await settle(pilot)
        assert type(app.screen).__name__ == "RecordsScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)

        # Filter the problems by kind.
        kinds = rep.problem_counts()
        kind = next(iter(kinds))
        app.screen.query_one("#results-kind", Select).value = kind
        await settle(pilot)
        assert table.row_count == kinds[kind]
        assert {p.kind for p in table.shown} == {kind}

        # Export the rows with problems.
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PathDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)

        # Undo this import: the store's counts are back.
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await settle(pilot)
        assert f"Import {rep.batch} undone" in text_of(app, "#results-summary")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, KindScreen)
    after = stats(load(ws.store_path))
    assert after["records"] == before["records"]
    assert after["links"] == before["links"]
    out = (ws.dir / "szanse-problems.csv").read_text(encoding="utf-8-sig")
    header = out.splitlines()[0].split(";")
    assert header[0] == "Nazwa" and header[-1] == "Problemy"
    assert "Brak Takiej" in out


def store_unchanged_by_check(ws: Workspace, before: dict) -> bool:
    return stats(load(ws.store_path)) == before


async def test_results_equal_cli_json_on_sample_file(ws: Workspace, capsys) -> None:
    """The real Polish sample (cp1250, quoted newlines) against the demo store."""
    demo = SAMPLE_DATA / "demo-store.json"
    if not demo.exists() or not (SAMPLE_DATA / "szanse.csv").exists():
        pytest.skip("demo data not generated yet")
    shutil.copy(demo, ws.store_path)
    shutil.copy(SAMPLE_DATA / "szanse.csv", ws.dir / "szanse.csv")
    from relimport.tui.cli import main

    code = main(
        ["--store", str(ws.store_path), "import", "szanse.csv", "--type", "deal", "--dry-run", "--json"]
    )
    cli = json.loads(capsys.readouterr().out)
    assert code in (0, 3)
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await set_path(pilot, "szanse.csv")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        got = app.state.report.to_json()
    for key in ("rows", "records", "links", "problems", "ignored_columns"):
        assert got[key] == cli[key], key


async def test_mapping_and_check_steps(ws: Workspace) -> None:
    """Esc back; invalid mapping explained and blocking; keyboard edit; recipe; mode."""
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        assert isinstance(app.screen, CheckScreen)

        # Changing the mode checks again, with core's numbers for that mode.
        app.screen.query_one("#check-mode", Select).value = "update"
        await settle(pilot)
        await settle(pilot)
        assert app.state.options.mode == "update"
        assert counts_of(app.state.report) == counts_of(
            expected_report(ws, "szanse.csv", "deal", mode="update")
        )

        # Esc goes back one step at a time; the file step keeps its path and preview.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MappingScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, FileScreen)
        assert app.screen.query_one("#file-path", Input).value == "szanse.csv"
        assert not app.screen.query_one("#file-next", Button).disabled
        await pilot.press("ctrl+n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MappingScreen)

        # Keyboard only: down to "Uwagi", Tab to its target, Enter, two down, Enter.
        assert screen.focused is screen.query_one("#map-table")
        await pilot.press("down", "down", "down", "down")
        await pilot.press("tab", "enter", "down", "down", "enter")
        await settle(pilot)
        col = app.state.mapping.column("Uwagi")
        assert col.target == "field" and col.field == "name"
        # ... which clashes with Nazwa: explained inline, Next blocked.
        problems = str(screen.query_one("#map-problems", Static).render())
        assert "'Nazwa' and 'Uwagi' both map to field name" in problems
        assert screen.check_action("next", ()) is not True
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, MappingScreen)
        screen.query_one("#map-target", Select).value = "skip"
        await settle(pilot)
        assert screen.check_action("next", ()) is True

        # "Etapp" carries a suggestion (marked "?"); A applies it.
        table = screen.query_one("#map-table", DataTable)
        table.focus()
        table.move_cursor(row=5)
        await pilot.pause()
        assert "maybe field Stage? A uses it" in str(screen.query_one("#map-problems", Static).render())
        await pilot.press("a")
        await settle(pilot)
        assert app.state.mapping.column("Etapp").field == "stage"

        # The separator of a relationship column is typed in place.
        table.move_cursor(row=2)
        await pilot.pause()
        screen.query_one("#map-sep", Input).focus()
        await pilot.press("ctrl+u", "|")
        await settle(pilot)
        assert app.state.mapping.column("Klient").separator == "|"

        # Save the recipe, edit it, load it back.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PathDialog)
        await pilot.press("enter")
        await settle(pilot)
        recipe = ws.dir / "szanse.recipe.toml"
        text = recipe.read_text(encoding="utf-8")
        assert 'target = "rel:Klient"' in text and 'mode = "update"' in text
        assert "[file]" not in text  # nothing overridden: detection replays
        edited = text.replace('target = "rel:Klient"', 'target = "skip"')
        recipe.write_text(edited + '\n[file]\nencoding = "windows-1250"\n', encoding="utf-8")
        await pilot.press("ctrl+o", "enter")
        await settle(pilot)
        assert app.state.mapping.column("Klient").target == "skip"
        assert app.state.file_options.encoding == "windows-1250"

        # Relationship types edited meanwhile (F2 screen, another process): a rename is
        # followed, a removed type's column falls back to skip with a note.
        from relimport.core.ops.relations import edit_relationship, find_relationship, remove_relationship

        with app.store.transaction() as data:
            rel = find_relationship(data, "Decydent")
            edit_relationship(data, rel.id, name="Osoba decyzyjna")
        await pilot.press("f1")
        await pilot.press("escape")
        await settle(pilot)
        assert app.state.mapping.column("Decydent").header_rel_name == "Osoba decyzyjna"
        with app.store.transaction() as data:
            remove_relationship(data, find_relationship(data, "Osoba decyzyjna").id, force=True)
        await pilot.press("f1")
        await pilot.press("escape")
        await settle(pilot)
        col = app.state.mapping.column("Decydent")
        assert col.target == "skip" and "removed" in (col.note or "")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, CheckScreen)
        assert "Klient" in app.state.report.ignored_columns

        # Back to the first step; the file step shows the recipe's encoding on the way.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#file-encoding", Select).value == "windows-1250"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, KindScreen)
        await pilot.press("escape")  # the first step stays put
        assert isinstance(app.screen, KindScreen)
        await pilot.press("3")
        await settle(pilot)
        assert app.state.mapping is None and isinstance(app.screen, FileScreen)
