"""Helpers of the TUI tests: workspaces and stores built through core, and Pilot steps.

The stores and files are made here (not copied from ``sample_data/``) so that the
snapshots do not change when the demo data does; one flow also runs on the real
sample ``szanse.csv``. The fixtures that use them are in ``conftest.py``.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.mapping.precedence import Choices
from relimport.core.ops import relations
from relimport.core.store.jsonfile import Store, save
from relimport.core.store.model import StoreData
from relimport.tui.app import RelimportApp
from tests.writers import write_file

SIZE = (80, 24)

COMPANIES = (
    "Nazwa;NIP;Miasto\n"
    "Acme Sp. z o.o.;526-000-12-46;Warszawa\n"
    "Beta S.A.;1234563218;Kraków\n"
    "Polmet;1111111111;Gdańsk\n"
    "Polmet;2222222222;Poznań\n"
)
PERSONS = (
    "Imię;Nazwisko;E-mail;Firma\n"
    "Jan;Kowalski;jan@acme.pl;Acme Sp. z o.o.\n"
    "Anna;Nowak;anna@beta.pl;Beta S.A.\n"
)
#: Deals in cp1250 with ';' (a Polish Excel export): links, a miss, an ambiguity, a bad value.
#: "Etapp" is a typo: suggested (field stage), not applied.
DEALS = (
    "Nazwa;Wartość;Klient;Decydent;Uwagi;Etapp\n"
    "Wdrożenie CRM;1000;Acme Sp. z o.o.;jan@acme.pl;pilne;Oferta\n"
    "Serwis;200;Brak Takiej;anna@beta.pl;;\n"
    "Dostawa;abc;Polmet;;;Negocjacje\n"
    "Audyt;50;Beta S.A.;;;\n"
)


@dataclass
class Workspace:
    dir: Path
    store_path: Path

    def app(self, **kwargs) -> RelimportApp:
        return RelimportApp(Store(self.store_path), self.dir, cursor_blink=False, **kwargs)

    def store_bytes(self) -> bytes:
        return self.store_path.read_bytes()


def _import(data: StoreData, path: Path, kind: str) -> None:
    run_import(data, ImportRequest(path, kind))


def build_workspace(directory: Path) -> Workspace:
    """A folder with a store (relationship types, companies, persons) and import files."""
    directory.mkdir(parents=True, exist_ok=True)
    data = StoreData.empty()
    relations.add_relationship(data, "Klient", "deal", "company", inverse_name="Szanse")
    relations.add_relationship(data, "Decydent", "deal", "person", inverse_name="Decyzje", one=True)
    relations.add_relationship(data, "Partner", "company", "company", symmetric=True)
    seeds = directory / ".seed"
    seeds.mkdir()
    write_file(seeds / "firmy.csv", COMPANIES)
    write_file(seeds / "osoby.csv", PERSONS)
    _import(data, seeds / "firmy.csv", "company")
    _import(data, seeds / "osoby.csv", "person_company")
    store_path = directory / "store.json"
    save(store_path, data)
    write_file(directory / "szanse.csv", DEALS, "cp1250")
    write_file(directory / "firmy.csv", COMPANIES.replace("Gdańsk", "Gdynia"))
    (directory / "zepsuty.csv").write_bytes(b"Nazwa;NIP\n\x00\x01\x02\x00binary\x00\n")
    (directory / "notatki.md").write_text("not an import file\n", encoding="utf-8")
    return Workspace(directory, store_path)


def expected_report(ws: Workspace, name: str, kind: str, mode: str = "upsert"):
    """What core says a dry run of ``name`` does (auto mapping, detected options)."""
    request = ImportRequest(ws.dir / name, kind, choices=Choices(mode=mode), dry_run=True)
    return run_import(Store(ws.store_path), request).report


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Wait for the app's own workers (not the directory tree's endless loader)."""
    app = pilot.app
    await pilot.pause()
    # The store is read in a thread once the first screen is painted.
    loader = getattr(app, "loader", None)
    while loader is not None and not loader.done:
        await pilot.pause(0.01)
    for _ in range(rounds):
        busy = [w for w in app.workers if w.group != "_loader" and not w.is_finished]
        if not busy:
            break
        await app.workers.wait_for_complete(busy)
        # A finished worker's message (and what it starts) is handled after this pause.
        await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)


async def to_file_step(pilot: Pilot, kind_number: str) -> None:
    await pilot.press(kind_number)
    await settle(pilot)


async def to_mapping(pilot: Pilot, kind_number: str, name: str) -> None:
    """Kind by its number key, the file by setting the path input (typing is tested once)."""
    await to_file_step(pilot, kind_number)
    pilot.app.screen.query_one("#file-path", Input).value = name
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)


async def to_check(pilot: Pilot, kind_number: str, name: str) -> None:
    await to_mapping(pilot, kind_number, name)
    await pilot.press("ctrl+n")
    await settle(pilot)


async def to_results(pilot: Pilot, kind_number: str, name: str) -> None:
    await to_check(pilot, kind_number, name)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await settle(pilot)


async def until(pilot, cond: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until ``cond()`` holds (workers and dialogs settle)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        await pilot.pause(0.01)
        if cond():
            return
    raise AssertionError("the app did not reach the expected state")


# --- the browse screens' store ---------------------------------------------------------

FILES = {
    # A company by NIP in another spelling, a symmetric partner, a branch, a value
    # that resolves to nothing.
    "firmy.csv": (
        "company",
        "Nazwa;NIP;Miasto;Partner;Oddział\n"
        "Acme;PL 526-000-12-46;Warszawa;Beta;\n"
        "Beta;1234563218;Kraków;;Gamma\n"
        "Gamma;;Łódź;Nieznana;\n",
    ),
    "osoby.csv": (
        "person_company",
        "Imię;Nazwisko;E-mail;Firma\nJan;Kowalski;jan@acme.pl;Acme\nAnna;Nowak;anna@beta.pl;Beta\n",
    ),
    "szanse.csv": ("deal", "Nazwa;Wartość;Klient\nWdrożenie;1000;Acme\nSerwis;200;Brak\n"),
}


def build_browse_store(directory: Path) -> Path:
    """A store made by core: 3 user relationship types and 3 imports (B1..B3)."""
    data = StoreData.empty()
    relations.add_relationship(data, "Partner", "company", "company", symmetric=True)
    relations.add_relationship(data, "Oddział", "company", "company", inverse_name="Centrala")
    relations.add_relationship(data, "Klient", "deal", "company", one=True)
    for i, (name, (kind, text)) in enumerate(FILES.items()):
        path = write_file(directory / name, text)
        run_import(data, ImportRequest(path, kind))
        batch = data.batches[-1]
        assert batch.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        batch.time = f"2025-03-14T10:0{i}:00+01:00"  # fixed, for snapshots
    store = directory / "store.json"
    save(store, data)
    return store


class BrowseApp(App[None]):
    """Test-only app: holds ``store`` like the real one and pushes one screen."""

    ENABLE_COMMAND_PALETTE = False

    def __init__(self, path: Path, make_screen: Callable[[], Screen]) -> None:
        super().__init__()
        self.store = Store(path)
        self.cursor_blink = False
        self._make_screen = make_screen

    def on_mount(self) -> None:
        self.push_screen(self._make_screen())


# --- Pilot flows as plain tests, and what a user reads --------------------------------


def sync(flow):
    """Run an async Pilot flow as a plain test (no asyncio pytest plugin is installed)."""

    @functools.wraps(flow)
    def test(*args, **kwargs):
        asyncio.run(flow(*args, **kwargs))

    return test


def text_of(widget: Static) -> str:
    return str(widget.render())


def notes(app: App) -> list[str]:
    return [n.message for n in app._notifications]


def row_of(table: DataTable, i: int) -> list[str]:
    """A table row as the user reads it (cells are text objects)."""
    return [str(c) for c in table.get_row_at(i)]


async def set_path(pilot: Pilot, name: str) -> None:
    """Type ``name`` into the file step's path (as one value) and let the step react."""
    pilot.app.screen.query_one("#file-path", Input).value = name
    await settle(pilot)
