"""Fixtures of the wizard's tests: a store built through core, small import files, helpers.

The store and files are made here (not copied from ``sample_data/``) so that the
snapshots do not change when the demo data does; one flow also runs on the real
sample ``szanse.csv``.
"""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.mapping.precedence import Choices
from relimport.core.ops import relations
from relimport.core.store.jsonfile import Store, save
from relimport.core.store.model import StoreData
from relimport.tui import errors
from relimport.tui.app import RelimportApp

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


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**args))
    return True


@pytest.fixture(autouse=True)
def error_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Unexpected errors are logged under the test's ``tmp_path``, never in the user's log folder."""
    path = tmp_path / "log" / errors.LOG_NAME
    monkeypatch.setattr(errors, "log_file", lambda: path)
    return path


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
    (seeds / "firmy.csv").write_text(COMPANIES, encoding="utf-8")
    (seeds / "osoby.csv").write_text(PERSONS, encoding="utf-8")
    _import(data, seeds / "firmy.csv", "company")
    _import(data, seeds / "osoby.csv", "person_company")
    store_path = directory / "store.json"
    save(store_path, data)
    (directory / "szanse.csv").write_bytes(DEALS.encode("cp1250"))
    (directory / "firmy.csv").write_text(COMPANIES.replace("Gdańsk", "Gdynia"), encoding="utf-8")
    (directory / "zepsuty.csv").write_bytes(b"Nazwa;NIP\n\x00\x01\x02\x00binary\x00\n")
    (directory / "notatki.md").write_text("not an import file\n", encoding="utf-8")
    return Workspace(directory, store_path)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """A workspace in ``tmp_path/work``, which is also the working directory."""
    workspace = build_workspace(tmp_path / "work")
    monkeypatch.chdir(workspace.dir)
    return workspace


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
