"""Stores for tests: an empty store with the demo's relationship types, imports through core."""

from __future__ import annotations

from pathlib import Path

from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.mapping.precedence import Choices
from relimport.core.ops.relations import add_relationship
from relimport.core.store.model import StoreData
from tests.writers import write_csv


def base_store() -> StoreData:
    """An empty store with the usual Polish relationship types."""
    data = StoreData.empty()
    add_relationship(data, "Klient", "deal", "company", inverse_name="Szanse")
    add_relationship(data, "Decydent", "deal", "person", inverse_name="Decyzje", one=True)
    add_relationship(data, "Partner", "company", "company", symmetric=True)
    add_relationship(data, "Centrala", "company", "company", inverse_name="Oddziały", one=True)
    add_relationship(data, "Produkty", "deal", "product", inverse_name="W szansach")
    return data


#: Keywords of :func:`run` that are explicit import options.
CHOICES = ("encoding", "delimiter", "sheet", "format", "mode", "replace", "all_or_nothing")


def run(data: StoreData, path: Path, kind: str, *, apply: bool = True, **req):
    """Import ``path`` into ``data`` (a dry run with ``dry_run=True`` or ``apply=False``);
    other keywords are explicit options (``mode=…``) or request fields (``overrides=[…]``)."""
    choices = Choices(**{k: req.pop(k) for k in CHOICES if k in req})
    dry_run = req.pop("dry_run", False) or not apply
    overrides = tuple(req.pop("overrides", ()))
    request = ImportRequest(path, kind, choices=choices, overrides=overrides, dry_run=dry_run, **req)
    return run_import(data, request).report


def seed_companies(data: StoreData, tmp_path: Path) -> None:
    write_csv(
        tmp_path / "seed_firmy.csv",
        [
            ["Nazwa", "NIP", "Miasto", "WWW"],
            ["Acme Sp. z o.o.", "1234563218", "Łódź", "https://www.acme.pl/"],
            ["Polmet", "1111111111", "Kraków", ""],
            ["Polmet", "2222222222", "Gdańsk", ""],
            ["Łódź Trans", "3333333333", "Łódź", ""],
        ],
    )
    run(data, tmp_path / "seed_firmy.csv", "company")
    write_csv(
        tmp_path / "seed_osoby.csv",
        [
            ["Imię", "Nazwisko", "E-mail", "Firma"],
            ["Jan", "Kowalski", "jan@acme.pl", "Acme Sp. z o.o."],
            ["Anna", "Nowak", "anna@polmet.pl", ""],
        ],
    )
    run(data, tmp_path / "seed_osoby.csv", "person")


def kinds(report) -> list[tuple[int, str, str]]:  # noqa: ANN001 - an ImportReport
    """A report's problems as (row, column, kind)."""
    return [(p.row, p.column, p.kind) for p in report.problems]
