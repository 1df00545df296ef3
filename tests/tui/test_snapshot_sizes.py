"""Snapshots of the screens a new admin reads most — check, results, resolution queue and
a record (F3) — at 80×24, 60×20 and 120×40, with long names and messages and ids of
ten digits (``pytest --snapshot-update`` re-records them after an intended change).

Nothing in view changes by itself: the store is built by core with fixed ids, the
working directory is the workspace, text cursors do not blink.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.ops import relations
from relimport.core.store.jsonfile import Store, save
from relimport.core.store.model import StoreData
from relimport.tui.app import RelimportApp
from relimport.tui.screens.records import RecordsScreen
from tests.tui.helpers import BrowseApp, settle
from tests.writers import write_file

SIZES = [(80, 24), (60, 20), (120, 40)]
#: Ids of ten digits: no table may cut them.
FIRST_ID = 4_200_000_001

COMPANIES = (
    "Nazwa;NIP;Miasto\n"
    "Przedsiębiorstwo Handlowo-Usługowe Wielkopolska Sp. z o.o.;5260001246;Poznań\n"
    "Zakład Produkcji Opakowań Tekturowych Kartonex S.A.;1234563218;Kraków\n"
    "Polmet;1111111111;Gdańsk\n"
    "Polmet;2222222222;Poznań\n"
)
PERSONS = "Imię;Nazwisko;E-mail\nJan;Kowalski;jan@wielkopolska.pl\nAnna;Nowak;anna@kartonex.pl\n"
DEALS = (
    "Nazwa;Wartość;Klient;Decydent\n"
    "Modernizacja linii pakującej w zakładzie w Swarzędzu – etap drugi;125 000,00;"
    "Przedsiębiorstwo Handlowo-Usługowe Wielkopolska Sp. z o.o.;jan@wielkopolska.pl\n"
    "Dostawa kartonów klapowych pięciowarstwowych na rok 2026;dwanaście tysięcy;"
    'Zakład Produkcji Opakowań Tekturowych Kartonex SA;"anna@kartonex.pl; jan@wielkopolska.pl"\n'
    "Audyt;5 000,00;Polmet;\n"
    "Serwis;1 200,00;Przedsiębiorstwo Handlowo-Usługowe Wielkopolska Sp. z o.o.;ktos@nieznany.pl\n"
)

OLD_DEALS = (
    "Nazwa;Klient;Decydent\n"
    "Umowa serwisowa na utrzymanie linii pakujących 2025;"
    "Przedsiębiorstwo Handlowo-Usługowe Wielkopolska Sp. z o.o.;jan@wielkopolska.pl\n"
    "Szkolenie BHP;Przedsiębiorstwo Handlowo-Usługowe Wielkopolska Sp. z o.o.;\n"
)


def build(directory: Path) -> Path:
    """A store with long names and ten-digit ids, and a deals file with long values."""
    directory.mkdir(parents=True, exist_ok=True)
    data = StoreData.empty()
    data.next_id = FIRST_ID
    relations.add_relationship(data, "Klient", "deal", "company", inverse_name="Szanse sprzedaży")
    relations.add_relationship(data, "Decydent", "deal", "person", inverse_name="Decyzje", one=True)
    seeds = directory / ".seed"
    seeds.mkdir()
    run_import(data, ImportRequest(write_file(seeds / "firmy.csv", COMPANIES), "company"))
    run_import(data, ImportRequest(write_file(seeds / "osoby.csv", PERSONS), "person"))
    run_import(data, ImportRequest(write_file(seeds / "stare.csv", OLD_DEALS), "deal"))
    store = directory / "store.json"
    save(store, data)
    write_file(directory / "szanse.csv", DEALS)
    return store


@pytest.fixture
def big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = build(tmp_path / "work")
    monkeypatch.chdir(store.parent)
    return store


def app_on(store: Path) -> RelimportApp:
    return RelimportApp(Store(store), store.parent, cursor_blink=False)


async def _check(pilot) -> None:
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    pilot.app.screen.query_one("#file-path", Input).value = "szanse.csv"
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await pilot.press("down")  # a problem with a long message: its pane shows it whole
    await settle(pilot)


async def _queue(pilot) -> None:
    await _check(pilot)
    await pilot.press("ctrl+e")
    await settle(pilot)


async def _results(pilot) -> None:
    await _check(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_check(big: Path, snap_compare, size) -> None:
    assert snap_compare(app_on(big), terminal_size=size, run_before=_check)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_queue(big: Path, snap_compare, size) -> None:
    assert snap_compare(app_on(big), terminal_size=size, run_before=_queue)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_results(big: Path, snap_compare, size) -> None:
    assert snap_compare(app_on(big), terminal_size=size, run_before=_results)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_record(big: Path, snap_compare, size) -> None:
    async def settle_record(pilot) -> None:
        await pilot.pause()
        await pilot.pause(0.1)

    # The first company (a long name), its deals by their ten-digit ids.
    app = BrowseApp(big, lambda: RecordsScreen("company", FIRST_ID))
    assert snap_compare(app, terminal_size=size, run_before=settle_record)
