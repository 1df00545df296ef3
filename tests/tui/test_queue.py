"""Pilot flow of the resolution queue at 80×24 (issue #7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import polars as pl
from textual.widgets import DataTable

from relimport.core.mapping.decisions import Decision
from relimport.core.mapping.recipe import load_recipe
from relimport.core.resolve.resolutions import list_aliases
from relimport.core.store.jsonfile import load
from relimport.tui.dialogs import ConfirmDialog
from relimport.tui.dialogs.record_search import RecordSearch
from relimport.tui.screens.check import CheckScreen
from relimport.tui.screens.queue import QueueScreen
from relimport.tui.screens.results import ResultsScreen
from tests.tui.helpers import SIZE, Workspace, settle, to_check, until
from tests.writers import write_file


async def test_queue_settles_values_once_and_remembers_aliases(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        assert isinstance(app.screen, CheckScreen)
        kinds = {p.kind for p in app.state.report.problems}
        assert {"ambiguous", "not_found"} <= kinds
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        table = app.screen.query_one(DataTable)
        assert [item.value for item in app.screen.items] == ["Brak Takiej", "Polmet"]
        assert table.row_count == 2
        await pilot.press("c")  # create the missing company
        await pilot.press("down")
        await pilot.press("1")  # Polmet: the first candidate
        await pilot.press("m")  # ...remembered as an alias
        decisions = app.screen.decisions
        assert decisions[("Klient", "Brak Takiej")].action == "create"
        assert decisions[("Klient", "Polmet")].remember
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CheckScreen)
        kinds = {p.kind for p in app.state.report.problems}
        assert not kinds & {"ambiguous", "not_found"}
        assert len(app.state.report.resolved) == 2
        await pilot.press("ctrl+n")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
    data = load(ws.store_path)
    [alias] = list_aliases(data)
    assert (alias.type, alias.value) == ("company", "Polmet")
    names = data.records["company"]["name"].to_list()
    assert names.count("Brak Takiej") == 1

    # A second import of the same file: the alias settles Polmet by itself.
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        rep = app.state.report
        assert not {p.kind for p in rep.problems} & {"ambiguous", "not_found"}
        assert [(r["value"], r["via"]) for r in rep.resolved] == [("Polmet", "alias")]


async def test_queue_keeps_settled_values_listed_and_shows_skips(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        await pilot.press("ctrl+e")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert "Resolve 2 values" in str(app.screen.query_one("#queue-title").render())
        await pilot.press("s")  # Brak Takiej: skipped, and shown so
        assert str(table.get_cell_at((0, 5))) == "skip"
        await pilot.press("down", "1")  # Polmet: the first candidate, shown by name
        assert str(table.get_cell_at((1, 5))).startswith("→ Polmet (id ")
        detail = str(app.screen.query_one("#queue-detail").render())
        assert "city: Gdańsk" in detail and "city: Poznań" in detail  # the two Polmets told apart
        await pilot.press("escape")
        await settle(pilot)
        # Polmet is no longer a problem, but reopening still lists it with its decision.
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert [item.value for item in app.screen.items] == ["Brak Takiej", "Polmet"]
        assert str(app.screen.query_one(DataTable).get_cell_at((1, 5))).startswith("→ Polmet")


async def test_settled_values_are_named_on_the_check_step(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("down", "1", "escape")
        await settle(pilot)
        head = str(app.screen.query_one("#check-summary").render())
        polmet = app.state.decisions[("Klient", "Polmet")].id  # the first of two named Polmet
        assert f"settled 1 value: 'Polmet' → Polmet (id {polmet}, your choice)" in head


async def test_recipe_saved_after_settling_replays_the_same_through_the_cli(ws: Workspace) -> None:
    """The recipe the mapping step saves carries the queue's decisions: the CLI replaying
    it headless reports exactly what the TUI's check showed."""
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("c", "down", "1")  # create 'Brak Takiej'; Polmet: the first candidate
        polmet = app.screen.decisions[("Klient", "Polmet")].id
        await pilot.press("escape")
        await settle(pilot)
        shown = app.state.report
        assert shown is not None and len(shown.resolved) == 2
        await pilot.press("escape")  # back to the mapping step, which saves recipes
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    recipe = ws.dir / "szanse.recipe.toml"
    assert load_recipe(recipe).decisions == (
        Decision("Klient", "Brak Takiej", action="create"),
        Decision("Klient", "Polmet", id=polmet),
    )
    env = {k: v for k, v in os.environ.items() if k != "RELIMPORT_STORE"}
    r = subprocess.run(
        [sys.executable, "-m", "relimport.tui.cli", "--store", str(ws.store_path), "import"]
        + [str(ws.dir / "szanse.csv"), "--recipe", str(recipe), "--dry-run", "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    out = json.loads(r.stdout)
    assert r.returncode == shown.exit_code == 3  # the bad amount 'abc' stays a problem
    assert out["records"] == {
        "created": shown.created,
        "updated": shown.updated,
        "unchanged": shown.unchanged,
        "skipped": shown.skipped,
    }
    assert out["links"] == {
        "created": shown.links_created,
        "existing": shown.links_existing,
        "replaced": shown.links_replaced,
    }
    assert [(p["row"], p["kind"]) for p in out["problems"]] == [(p.row, p.kind) for p in shown.problems]
    assert [(x["value"], x["id"], x["via"]) for x in out["resolved"]] == [
        (x["value"], x["id"], x["via"]) for x in shown.resolved
    ]
    assert out["records"]["created"] == 5  # four deals and the company 'Brak Takiej'


async def test_spellings_share_a_line_and_create_all_asks_with_counts(ws: Workspace) -> None:
    from tests.tui.helpers import until

    rows = "A;Wawel Soft Sp. z o.o.;\nB;wawel soft  sp. z o.o.;\nC;Polmet;nowy@firma.pl\n"
    write_file(ws.dir / "nowe.csv", "Nazwa;Klient;Decydent\n" + rows)
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "nowe.csv")
        await pilot.press("ctrl+e")
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        lines = [(g.item.column, g.item.value, g.rows, g.variants) for g in queue.groups]
        assert ("Klient", "Wawel Soft Sp. z o.o.", 2, ("wawel soft sp. z o.o.",)) in lines
        assert len(lines) == 3  # Wawel Soft (two spellings), Polmet (ambiguous), the e-mail
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        message = str(app.screen.query_one("#confirm-message").render())
        assert str(app.screen.query_one("#confirm-title").render()) == "Create 2 new records?"
        assert "1 company, 1 person will be created" in message
        await pilot.press("y")
        await until(pilot, lambda: app.screen is queue)
        actions = {(d.value, d.action) for d in queue.decisions.values()}
        assert actions == {("Wawel Soft Sp. z o.o.", "create"), ("nowy@firma.pl", "create")}
        await pilot.press("escape")
        await settle(pilot)
        rep = app.state.report
        assert not [p for p in rep.problems if p.kind == "not_found"]  # both spellings settled
        assert {p.value for p in rep.problems if p.kind == "ambiguous"} == {"Polmet"}


async def test_search_links_a_value_to_any_record_of_its_type(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        await pilot.press("ctrl+e")
        await settle(pilot)
        queue = app.screen
        assert queue.groups[0].item.value == "Brak Takiej"  # no record is close to it
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, RecordSearch))
        search = app.screen
        search.query_one("#search-input").value = "1234563218"  # Beta S.A. by its NIP
        await until(pilot, lambda: search.query_one("#search-results", DataTable).row_count == 1)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is queue)
        companies = load(ws.store_path).records["company"]
        beta = companies.filter(pl.col("name") == "Beta S.A.")["id"][0]
        decision = queue.decisions[("Klient", "Brak Takiej")]
        assert decision.action == "link" and decision.id == beta
        assert str(queue.query_one(DataTable).get_cell_at((0, 5))).startswith("→ Beta S.A. (id ")


async def test_settled_values_counted_in_words_on_a_short_terminal(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=(60, 20)) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("down", "1", "escape")
        await settle(pilot)
        head = " ".join(str(app.screen.query_one("#check-summary").render()).split())
        assert "settled 1 value: 1 by your choice" in head


async def test_v_lists_every_settled_value(ws: Workspace) -> None:
    from relimport.tui.dialogs.text import TextDialog

    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "szanse.csv")
        assert app.screen.check_action("settled", ()) is False  # nothing settled yet
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("c", "down", "1", "escape")  # Brak Takiej: new; Polmet: the first
        await settle(pilot)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, TextDialog))
        body = str(app.screen.query_one("#text-body").render())
        assert "Klient: 'Brak Takiej' → Brak Takiej (Company, id" in body and "new record, 1 row)" in body
        assert "Klient: 'Polmet' → Polmet (Company, id" in body and "your choice, 1 row)" in body
