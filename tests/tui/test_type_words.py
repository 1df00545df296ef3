"""Object types and match keys are named in words, as their tables name them, never by
their internal keys (``deal``, ``tax_id``)."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from relimport.tui.screens.relations import RelationsScreen
from tests.tui.helpers import SIZE, BrowseApp, Workspace, settle, to_check, until
from tests.writers import write_file


async def test_relationship_detail_names_object_types_as_the_table_does(ws: Workspace) -> None:
    app = BrowseApp(ws.store_path, RelationsScreen)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen))
        screen = app.screen
        table = screen.query_one("#rel-table", DataTable)
        await until(pilot, lambda: table.row_count > 1)
        details = []
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.pause()
            details.append(str(screen.query_one("#rel-detail", Static).render()).splitlines()[0])
        assert "Klient: Deal → Company (inverse Szanse)" in details
        assert "Decydent: Deal → Person (inverse Decyzje, one per source)" in details
        assert not [d for d in details if " deal " in d or " company" in d]


async def test_persons_and_companies_check_names_the_company_key_used(ws: Workspace) -> None:
    rows = "Imię;Nazwisko;E-mail;Firma;NIP\nJan;Kowalski;jan@acme.pl;Acme Sp. z o.o.;526-000-12-46\n"
    write_file(ws.dir / "kontakty.csv", rows)
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await to_check(pilot, "1", "kontakty.csv")
        await settle(pilot)
        assert app.state.report is not None and app.state.report.match_keys == {"Firma": "tax_id"}
        summary = str(app.screen.query_one("#check-summary").render())
        assert "Matched  Firma by Tax ID" in summary
