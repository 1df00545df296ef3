"""Multi-sheet workbooks: one file, a sheet per type, one batch, one undo (issue #7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from relimport.core.domain.errors import UsageError
from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.importing.workbook import parse_sheet_map, sheet_kinds
from relimport.core.mapping.precedence import Choices
from relimport.core.ops.query import stats
from relimport.core.ops.undo import undo_import
from relimport.core.store.jsonfile import Store, save
from tests.stores import base_store
from tests.writers import BOOK, write_xlsx


@pytest.fixture
def store(tmp_path: Path) -> Store:
    save(tmp_path / "store.json", base_store())
    return Store(tmp_path / "store.json")


def test_sheets_recognised_and_ordered(tmp_path):
    book = write_xlsx(tmp_path / "b.xlsx", BOOK)
    kinds, ignored = sheet_kinds(book, {})
    assert kinds == [("Firmy", "company"), ("Osoby", "person"), ("Szanse", "deal")]
    assert ignored == ["Notatki"]
    kinds, _ = sheet_kinds(book, parse_sheet_map(["Notatki=produkty"]))
    assert ("Notatki", "product") in kinds
    with pytest.raises(UsageError, match="no sheet 'X'"):
        sheet_kinds(book, {"X": "company"})


def test_workbook_one_batch_and_one_undo(store, tmp_path):
    book = write_xlsx(tmp_path / "b.xlsx", BOOK)
    dry = run_import(store, ImportRequest(book, workbook=True, dry_run=True))
    assert dry.report.batch is None and stats(store.data)["records"]["company"] == 0
    res = run_import(store, ImportRequest(book, workbook=True))
    rep = res.report
    assert (rep.kind, rep.file, rep.batch) == ("workbook", "b.xlsx", "B1")
    assert rep.created == 2 + 2 + 3
    # Firma links (2) + Klient (2) + Decydent (2): deals found records created by other sheets.
    assert rep.links_created == 6
    assert [(p.column, p.kind) for p in rep.problems] == [("Szanse: Klient", "not_found")]
    same = ("rows", "records", "links", "problems")
    assert {k: dry.to_json()[k] for k in same} == {k: res.to_json()[k] for k in same}
    assert dry.to_json()["sheets"][0]["batch"] is None
    j = res.to_json()
    assert [s["sheet"] for s in j["sheets"]] == ["Firmy", "Osoby", "Szanse"]
    assert j["ignored_sheets"] == ["Notatki"]
    store.reload()
    data = store.data
    assert len(data.batches) == 1 and data.batches[0].kind == "workbook"
    assert stats(data)["records"] == {"person": 2, "company": 2, "deal": 3, "product": 0, "vehicle_space": 0}
    undo_import(store)
    s = stats(store.data)
    assert sum(s["records"].values()) == 0 and s["links"] == 0


def test_workbook_all_or_nothing_writes_nothing(store, tmp_path):
    book = write_xlsx(tmp_path / "b.xlsx", BOOK)
    res = run_import(store, ImportRequest(book, workbook=True, choices=Choices(all_or_nothing=True)))
    assert res.report.refused and res.report.batch is None
    store.reload()
    assert store.data.batches == [] and stats(store.data)["records"]["company"] == 0


def test_workbook_update_of_same_field_twice_undoes_to_first_value(store, tmp_path):
    book = write_xlsx(
        tmp_path / "b.xlsx",
        {"Firmy": [["Nazwa", "NIP", "Miasto"], ["Acme", "1234563218", "Łódź"]]},
    )
    run_import(store, ImportRequest(book, workbook=True))
    book2 = write_xlsx(
        tmp_path / "b2.xlsx",
        {
            "Firmy": [["Nazwa", "NIP", "Miasto"], ["Acme", "1234563218", "Kraków"]],
            "Companies": [["Name", "Tax ID", "City"], ["Acme", "1234563218", "Gdańsk"]],
        },
    )
    run_import(store, ImportRequest(book2, workbook=True))
    assert store.data.records["company"]["city"].to_list() == ["Gdańsk"]
    undo_import(store)
    assert store.data.records["company"]["city"].to_list() == ["Łódź"]
