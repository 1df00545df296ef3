"""Shared fixtures: temp stores with the demo's relationship types, file writers."""

from __future__ import annotations

from pathlib import Path

import pytest

from relimport.core.importing.engine import apply_plan, plan_import
from relimport.core.importing.prepare import ImportRequest, prepare
from relimport.core.ops.relations import add_relationship
from relimport.core.store.model import StoreData


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    newline: str = "\n",
) -> Path:
    """Write rows as a delimited file, quoting cells that need it."""

    def q(cell: str) -> str:
        if any(ch in cell for ch in (delimiter, '"', "\n", "\r")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    text = newline.join(delimiter.join(q(c) for c in r) for r in rows) + newline
    path.write_bytes(text.encode(encoding))
    return path


def base_store() -> StoreData:
    """An empty store with the usual Polish relationship types."""
    data = StoreData.empty()
    add_relationship(data, "Klient", "deal", "company", inverse_name="Szanse")
    add_relationship(data, "Decydent", "deal", "person", inverse_name="Decyzje", one=True)
    add_relationship(data, "Partner", "company", "company", symmetric=True)
    add_relationship(data, "Centrala", "company", "company", inverse_name="Oddziały", one=True)
    add_relationship(data, "Produkty", "deal", "product", inverse_name="W szansach")
    return data


def run(data: StoreData, path: Path, kind: str, *, apply: bool = True, **req):
    """Plan (and apply) an import of ``path``; returns the report."""
    prepared = prepare(data, ImportRequest(path=path, kind=kind, **req))
    plan = plan_import(data, prepared.table, prepared.mapping, prepared.options)
    if apply and not plan.report.refused and not prepared.options.dry_run:
        apply_plan(data, plan, file_sha256=prepared.table.info.sha256, recipe=prepared.recipe_dict())
    return plan.report


@pytest.fixture
def store_data() -> StoreData:
    return base_store()


def seed_companies(data: StoreData, tmp_path: Path) -> None:
    write_csv(
        tmp_path / "seed_firmy.csv",
        [
            ["Nazwa", "NIP", "Miasto", "WWW"],
            ["Acme Sp. z o.o.", "1234567890", "Łódź", "https://www.acme.pl/"],
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
