"""Tables keep ids whole however their rows arrive: a record with more links than the
table has rows gets a scrollbar after its columns were sized, and the columns are sized
again for the narrower room."""

from __future__ import annotations

from pathlib import Path

from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.ops import relations
from relimport.core.store.jsonfile import save
from relimport.core.store.model import StoreData
from relimport.tui.screens.records import RecordsScreen
from relimport.tui.widgets.fit_table import FitTable
from tests.tui.helpers import BrowseApp
from tests.writers import write_file

FIRST_ID = 4_200_000_001


def many_links_store(directory: Path) -> Path:
    """Two companies (ids of ten digits): the first with one deal, the second with 60."""
    data = StoreData.empty()
    data.next_id = FIRST_ID
    relations.add_relationship(data, "Klient", "deal", "company", inverse_name="Szanse")
    seeds = directory / "seeds"
    seeds.mkdir(parents=True)
    companies = "Nazwa;NIP\nMała Firma;5260001246\nDuża Firma Handlowa Sp. z o.o.;1234563218\n"
    run_import(data, ImportRequest(write_file(seeds / "firmy.csv", companies), "company"))
    deals = ["Nazwa;Klient", "Pierwsza szansa;Mała Firma"]
    deals += [f"Szansa numer {i};Duża Firma Handlowa Sp. z o.o." for i in range(60)]
    run_import(data, ImportRequest(write_file(seeds / "szanse.csv", "\n".join(deals) + "\n"), "deal"))
    store = directory / "store.json"
    save(store, data)
    return store


def overflow(table: FitTable) -> int:
    """Cells the columns need beyond what the table shows (0: nothing cut)."""
    used = sum(column.get_render_width(table) for column in table.columns.values())
    return used - table.scrollable_content_region.width


async def test_ids_whole_when_a_record_with_many_links_is_opened_at_120x40(tmp_path: Path) -> None:
    store = many_links_store(tmp_path)
    app = BrowseApp(store, lambda: RecordsScreen("company", FIRST_ID))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RecordsScreen)
        links = screen.query_one("#rec-links", FitTable)
        assert links.row_count == 1 and overflow(links) <= 0
        screen.open_record("company", FIRST_ID + 1)  # 60 links: a scrollbar appears
        await pilot.pause()
        await pilot.pause()
        assert links.row_count == 60 and links.show_vertical_scrollbar
        assert overflow(links) <= 0
        widths = {c.key.value: c.width for c in links.columns.values()}
        assert widths["id"] == len(str(FIRST_ID))
        screen.action_back()  # and back: the columns take the room again
        await pilot.pause()
        await pilot.pause()
        assert links.row_count == 1 and not links.show_vertical_scrollbar
        assert overflow(links) == 0


async def test_problem_kinds_are_whole_at_80x24(ws) -> None:
    from relimport.tui.screens.check import CheckScreen
    from relimport.tui.widgets.problems import ProblemTable
    from relimport.tui.words import problem_label
    from tests.tui.helpers import SIZE, to_check

    rows = (
        "Nazwa;Wartość;Data zamknięcia;Klient;Decydent\n"
        'Wdrożenie systemu magazynowego;1000;;Acme Sp. z o.o.;"jan@acme.pl;anna@beta.pl"\n'
        "Serwis;abc;pojutrze po południu;Acme Sp. z o.o.;\n"
        'Audyt;50;;Acme Sp. z o.o.;"jan@acme.pl;;anna@beta.pl"\n'
    )
    write_file(ws.dir / "dlugie.csv", rows)
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "4", "dlugie.csv")
        assert isinstance(app.screen, CheckScreen)
        table = app.screen.query_one("#check-problems", ProblemTable)
        kinds = {p.kind for p in table.shown}
        assert "invalid" in kinds  # "! invalid link value", the longest label
        width = table.columns["kind"].width  # type: ignore[index]
        assert all(len(problem_label(k)) <= width for k in kinds)
        assert overflow(table) <= 0


def test_record_fields_wrap_under_their_values_and_keep_addresses_whole() -> None:
    from rich.text import Text

    from relimport.tui.widgets.fields import field_text

    rows = [
        ("Name", Text("Relacja Consulting Sp. z o.o.")),
        ("Email", Text("biuro@relacja.com.pl")),
        ("City", Text("Warszawa")),
    ]
    lines = field_text(rows, 26).plain.splitlines()
    assert lines == [
        "Name         Relacja",
        "             Consulting",
        "             Sp. z o.o.",
        "Email",
        "  biuro@relacja.com.pl",
        "City         Warszawa",
    ]
    wide = field_text(rows, 60).plain.splitlines()
    assert wide[1] == "Email        biuro@relacja.com.pl"
