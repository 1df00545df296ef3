"""Pilot tests of the browse screens: relationship types, records, import history.

Each test builds a real store through core (relationship types, three imports)
and runs a tiny test-only App that holds ``store`` and pushes one screen, so
these tests do not depend on the real app.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.ops.undo import undo_import
from relimport.core.store.jsonfile import load
from relimport.tui.dialogs import ConfirmDialog, RelationshipForm
from relimport.tui.screens.records import RecordsScreen
from relimport.tui.screens.relations import RelationsScreen
from tests.tui.helpers import SIZE, BrowseApp, notes, row_of, sync, text_of, until

ROOT = Path(__file__).resolve().parents[2]


def rel_row(screen: RelationsScreen, name: str) -> int:
    table = screen.query_one("#rel-table", DataTable)
    names = [row_of(table, i)[0].rstrip(" *") for i in range(table.row_count)]
    return names.index(name)


# --- relationship types --------------------------------------------------------------


@sync
async def test_add_relationship_type_through_the_form(store_path: Path) -> None:
    app = BrowseApp(store_path, RelationsScreen)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen))
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, RelationshipForm))
        await pilot.press(*"Dostawca")
        # From: company → product (two down in the list), To stays company.
        await pilot.press("tab", "enter", "down", "down", "enter")
        form = app.screen
        form.query_one("#rel-inverse", Input).value = "Produkty  dostawcy"  # spaces collapse
        await pilot.press("tab", "tab", "tab", "space")  # one company per product
        assert form.query_one("#relform-errors", Static).render().plain == ""
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen))
        table = app.screen.query_one("#rel-table", DataTable)
        row = row_of(table, rel_row(app.screen, "Dostawca"))
        assert row[1:5] == ["Product → Company", "Produkty dostawcy", "one", "0"]  # no links yet
    saved = {r.name: r for r in load(store_path).relationship_types}
    d = saved["Dostawca"]
    assert (d.source, d.target, d.inverse_name, d.cardinality, d.symmetric) == (
        "product",
        "company",
        "Produkty dostawcy",
        "one",
        False,
    )


@sync
async def test_form_shows_core_validation_inline_and_saves_nothing(store_path: Path) -> None:
    before = store_path.read_bytes()
    app = BrowseApp(store_path, RelationsScreen)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen))
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, RelationshipForm))
        form = app.screen
        errors = form.query_one("#relform-errors", Static)
        form.query_one("#rel-name", Input).value = "partner"  # company → company Partner exists
        await pilot.pause()
        assert "Company already has a relationship named 'partner'" in text_of(errors)
        # From person (to company) + symmetric: core refuses a cross-type symmetric type.
        form.query_one("#rel-source", Select).value = "person"
        form.query_one("#rel-symmetric", Checkbox).value = True
        await pilot.pause()
        assert "only a relationship between records of one type can be symmetric" in text_of(errors)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RelationshipForm)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen))
    assert store_path.read_bytes() == before


@sync
async def test_edit_renames_and_keeps_links(store_path: Path) -> None:
    app = BrowseApp(store_path, RelationsScreen)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen))
        table = app.screen.query_one("#rel-table", DataTable)
        table.move_cursor(row=rel_row(app.screen, "Klient"))
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RelationshipForm))
        name = app.screen.query_one("#rel-name", Input)
        name.value = "Klient główny"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen))
    data = load(store_path)
    rel = next(r for r in data.relationship_types if r.name == "Klient główny")
    assert data.links[rel.id].height == 1


@sync
async def test_remove_asks_with_link_count_then_removes(store_path: Path) -> None:
    app = BrowseApp(store_path, RelationsScreen)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen))
        app.screen.query_one("#rel-table", DataTable).move_cursor(row=rel_row(app.screen, "Partner"))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "Its 1 link will be removed with it" in text_of(
            app.screen.query_one("#confirm-message", Static)
        )
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen))
        assert "Partner" in [r.name for r in load(store_path).relationship_types]
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: any("removed 'Partner'" in n for n in notes(app)))
        assert "Partner" not in [
            row_of(app.screen.query_one("#rel-table", DataTable), i)[0]
            for i in range(app.screen.query_one("#rel-table", DataTable).row_count)
        ]
    data = load(store_path)
    assert "Partner" not in [r.name for r in data.relationship_types]
    assert data.count_links() == 4


@sync
async def test_builtin_firma_refuses_removal_with_a_reason(store_path: Path) -> None:
    before = store_path.read_bytes()
    app = BrowseApp(store_path, RelationsScreen)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen))
        assert rel_row(app.screen, "Firma") == 0
        detail = text_of(app.screen.query_one("#rel-detail", Static))
        assert "Built in, cannot be removed" in detail
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, RelationsScreen)  # no confirmation offered
        assert any("'Firma' is built in and cannot be removed" in n for n in notes(app))
    assert store_path.read_bytes() == before


# --- records ---------------------------------------------------------------------------


def shown_links(screen: RecordsScreen) -> list[dict[str, object]]:
    """The links table as the user sees it, group heads carried down."""
    table = screen.query_one("#rec-links", DataTable)
    out, head = [], ""
    for i in range(table.row_count):
        rel, label, type_label, rid = row_of(table, i)
        head = rel or head
        name = head.split(" ", 1)[1].rsplit(" (", 1)[0]
        out.append(
            {
                "relationship": name,
                "direction": "in" if head.startswith("←") else "out",
                "type": type_label,
                "id": int(rid),
                "label": label,
            }
        )
    return out


@sync
async def test_search_open_follow_link_and_back(store_path: Path) -> None:
    app = BrowseApp(store_path, RecordsScreen)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, RecordsScreen)
        results = screen.query_one("#rec-results", DataTable)
        await until(pilot, lambda: results.row_count == 3)  # every company before typing
        # The NIP typed in another spelling matches like an import value.
        await pilot.press(*"5260001246")
        await until(pilot, lambda: results.row_count == 1)
        assert row_of(results, 0)[1] == "Acme"
        await pilot.press("enter")
        await until(pilot, lambda: screen.view is not None and screen.view.label == "Acme")
        links = shown_links(screen)
        assert {
            "relationship": "Partner",
            "direction": "out",
            "type": "Company",
            "id": 2,
            "label": "Beta",
        } in links
        assert any(lk["relationship"] == "Osoby" and lk["direction"] == "in" for lk in links)
        beta = next(i for i, lk in enumerate(links) if lk["label"] == "Beta")
        screen.query_one("#rec-links", DataTable).move_cursor(row=beta)
        await pilot.press("enter")
        await until(pilot, lambda: screen.view.label == "Beta")
        assert "path: Acme › here" in text_of(screen.query_one("#rec-title", Static))
        # Beta's branch Gamma, and from Gamma the inverse name on the incoming side.
        gamma = next(i for i, lk in enumerate(shown_links(screen)) if lk["label"] == "Gamma")
        screen.query_one("#rec-links", DataTable).move_cursor(row=gamma)
        await pilot.press("enter")
        await until(pilot, lambda: screen.view.label == "Gamma")
        assert {
            "relationship": "Centrala",
            "direction": "in",
            "type": "Company",
            "id": 2,
            "label": "Beta",
        } in shown_links(screen)
        await pilot.press("escape")
        await until(pilot, lambda: screen.view.label == "Beta")
        await pilot.press("escape")
        await until(pilot, lambda: screen.view.label == "Acme")
        assert screen.query_one("#rec-links", DataTable).cursor_row == beta  # where we left
        await pilot.press("escape")
        await until(pilot, lambda: screen.view is None)
        assert screen.query_one("#rec-search", Input).value == "5260001246"
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, RecordsScreen))


@sync
async def test_open_by_id_and_esc_leaves(store_path: Path) -> None:
    data = load(store_path)
    jan = data.records["person"].filter(data.records["person"]["email"] == "jan@acme.pl")["id"][0]
    app = BrowseApp(store_path, lambda: RecordsScreen(record_id=int(jan)))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen.view is not None)
        assert screen.view.label == "Jan Kowalski"
        assert {
            "relationship": "Firma",
            "direction": "out",
            "type": "Company",
            "id": 1,
            "label": "Acme",
        } in shown_links(screen)
        await pilot.pause(0.1)
        assert screen.query_one("#rec-switcher").current == "rec-view"  # still the record
        assert screen.query_one("#rec-type").value == "person"
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, RecordsScreen))


@sync
async def test_switching_type_searches_that_type(store_path: Path) -> None:
    app = BrowseApp(store_path, lambda: RecordsScreen("deal"))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        results = screen.query_one("#rec-results", DataTable)
        await until(pilot, lambda: results.row_count == 2)
        await pilot.press("shift+tab", "enter", "up", "up", "enter")  # deal → company → person
        status = screen.query_one("#rec-status", Label)
        await until(pilot, lambda: "all 2 person records" in str(status.render()))
        assert {row_of(results, i)[1] for i in range(2)} == {"Jan Kowalski", "Anna Nowak"}


@sync
async def test_a_record_undone_meanwhile_is_not_shown_stale(store_path: Path) -> None:
    app = BrowseApp(store_path, lambda: RecordsScreen("deal"))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        results = screen.query_one("#rec-results", DataTable)
        screen.query_one("#rec-search", Input).value = "wdrożenie"
        await until(pilot, lambda: results.row_count == 1)
        await pilot.press("enter")
        await until(pilot, lambda: screen.view is not None)
        await app.push_screen(Screen())  # another screen undoes the import meanwhile
        undo_import(app.store, "B3")
        app.pop_screen()
        status = screen.query_one("#rec-status", Label)
        await until(pilot, lambda: "no deal record matches" in str(status.render()))
        assert app.screen is screen and screen.view is None


@sync
async def test_tui_and_cli_show_the_same_record(store_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "relimport.tui.cli",
            "--store",
            str(store_path),
            "show",
            "company",
            "PL 5260001246",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    cli = json.loads(proc.stdout)
    app = BrowseApp(store_path, RecordsScreen)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        results = screen.query_one("#rec-results", DataTable)
        await until(pilot, lambda: results.row_count == 3)
        await pilot.press(*"PL 5260001246")
        await until(pilot, lambda: results.row_count == 1)
        await pilot.press("enter")
        await until(pilot, lambda: screen.view is not None)
        title = text_of(screen.query_one("#rec-title", Static))
        fields = text_of(screen.query_one("#rec-fields", Static)).splitlines()
        tui_links = shown_links(screen)
    assert f"id {cli['id']}" in title and cli["label"] in title
    otype = OBJECT_TYPES[cli["type"]]
    shown = {line[:13].strip(): line[13:].strip() for line in fields}
    for f in otype.fields:
        assert shown[f.label_en] == (cli["fields"][f.key] or "—")
    labels = {k: t.label_en for k, t in OBJECT_TYPES.items()}
    cli_links = [lk | {"type": labels[lk["type"]]} for lk in cli["links"]]
    key = lambda lk: (lk["relationship"], lk["id"])  # noqa: E731
    assert sorted(tui_links, key=key) == sorted(cli_links, key=key)
