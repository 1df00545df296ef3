"""The one front door of an import (run_import) and of undo, over the file store and memory."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from relimport.core.domain.errors import Cancelled, StoreLockedError, UsageError
from relimport.core.files.reader import read_table
from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.mapping.decisions import Decision
from relimport.core.mapping.precedence import Choices, build_mapping
from relimport.core.mapping.recipe import load_recipe, save_recipe
from relimport.core.ops.undo import undo_import
from relimport.core.store.base import StoreBackend
from relimport.core.store.jsonfile import Store, load, locked, save
from relimport.core.store.memory import MemoryStore
from relimport.core.store.model import StoreData
from tests.stores import base_store, seed_companies
from tests.writers import BOOK, write_csv, write_xlsx

DEALS = [
    ["Nazwa", "Wartość", "Klient"],
    ["Wdrożenie", "1000", "Acme Sp. z o.o."],
    ["Serwis", "200", "Polmet"],  # two companies are named Polmet: ambiguous
    ["Audyt", "50", "Nieznana"],  # no such company: not_found
]


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A store file with companies and persons, and a deals file beside it."""
    data = base_store()
    seed_companies(data, tmp_path)
    save(tmp_path / "store.json", data)
    write_csv(tmp_path / "szanse.csv", DEALS)
    return tmp_path


def company_id(data: StoreData, nip: str) -> int:
    df = data.records["company"]
    return int(df.filter(pl.col("tax_id") == nip)["id"][0])


def test_both_stores_implement_the_interface(tmp_path: Path) -> None:
    assert isinstance(Store(tmp_path / "s.json"), StoreBackend)
    assert isinstance(MemoryStore(), StoreBackend)


def test_file_dry_run_writes_nothing_and_matches_the_apply(seeded: Path) -> None:
    store_file = seeded / "store.json"
    before = store_file.read_bytes()
    req = ImportRequest(seeded / "szanse.csv", "deal", dry_run=True)
    dry = run_import(Store(store_file), req)
    assert store_file.read_bytes() == before
    assert dry.report.batch is None and dry.report.dry_run
    assert dry.table is not None and dry.table.info.rows == 3
    assert dry.mapping is not None and dry.mapping.column("Klient").target == "rel"

    phases: list[str] = []
    real = run_import(
        Store(store_file),
        ImportRequest(seeded / "szanse.csv", "deal"),
        progress=lambda phase, done, total: phases.append(phase),
    )
    assert real.report.batch == "B3" and not real.report.dry_run
    assert phases[-2:] == ["writing", "done"]
    strip = {"batch", "dry_run"}
    assert {k: v for k, v in dry.to_json().items() if k not in strip} == {
        k: v for k, v in real.to_json().items() if k not in strip
    }
    after = load(store_file)
    assert after.count_records("deal") == 3
    assert [b.label for b in after.batches][-1] == "B3"


def test_decisions_settle_values_and_explicit_ones_win_over_the_recipe(seeded: Path) -> None:
    data = load(seeded / "store.json")
    polmet_krakow, polmet_gdansk = company_id(data, "1111111111"), company_id(data, "2222222222")
    recipe = seeded / "r.toml"
    run = run_import(data, ImportRequest(seeded / "szanse.csv", "deal", dry_run=True))
    assert {p.kind for p in run.report.problems} == {"ambiguous", "not_found"}
    save_recipe(run.recipe, recipe)
    text = recipe.read_text(encoding="utf-8")
    recipe.write_text(
        text + f'\n[[decisions]]\ncolumn = "Klient"\nvalue = "Polmet"\nid = {polmet_krakow}\n',
        encoding="utf-8",
    )
    assert load_recipe(recipe).decisions

    by_recipe = run_import(data, ImportRequest(seeded / "szanse.csv", recipe=recipe, dry_run=True))
    assert {p.kind for p in by_recipe.report.problems} == {"not_found"}
    assert [(r["value"], r["id"]) for r in by_recipe.report.resolved] == [("Polmet", polmet_krakow)]

    mine = (
        Decision("Klient", "Polmet", id=polmet_gdansk),
        Decision("Klient", "Nieznana", action="create"),
    )
    store = MemoryStore(data)
    result = run_import(store, ImportRequest(seeded / "szanse.csv", recipe=recipe, decisions=mine))
    assert result.report.problems == [] and result.report.batch == "B3"
    assert {(r["value"], r["id"]) for r in result.report.resolved} >= {("Polmet", polmet_gdansk)}
    names = data.records["company"]["name"].to_list()
    assert "Nieznana" in names  # created by the decision, in the same batch
    klient = next(r for r in data.relationship_types if r.name == "Klient")
    links = data.links[klient.id]
    assert polmet_gdansk in links["target"].to_list() and polmet_krakow not in links["target"].to_list()


def test_all_or_nothing_refusal_and_cancel_write_nothing(seeded: Path) -> None:
    store_file = seeded / "store.json"
    before = store_file.read_bytes()
    refused = run_import(
        Store(store_file), ImportRequest(seeded / "szanse.csv", "deal", choices=Choices(all_or_nothing=True))
    )
    assert refused.report.refused and refused.report.batch is None and refused.exit_code == 1
    assert store_file.read_bytes() == before
    with pytest.raises(Cancelled):
        run_import(Store(store_file), ImportRequest(seeded / "szanse.csv", "deal"), cancel=lambda: True)
    assert store_file.read_bytes() == before


def test_an_applied_import_waits_for_the_lock(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store_file = seeded / "store.json"
    before = store_file.read_bytes()
    monkeypatch.setenv("RELIMPORT_LOCK_TIMEOUT", "0.2")
    with locked(store_file), pytest.raises(StoreLockedError):
        run_import(Store(store_file), ImportRequest(seeded / "szanse.csv", "deal"))
    assert store_file.read_bytes() == before


def test_a_finished_mapping_and_a_read_table_import_like_the_file(seeded: Path) -> None:
    """The wizard's way in: its own mapping and the table it already read."""
    data = load(seeded / "store.json")
    by_path = run_import(data, ImportRequest(seeded / "szanse.csv", "deal", dry_run=True))
    table = read_table(seeded / "szanse.csv")
    mapping = build_mapping(data, "deal", table)
    given = ImportRequest(seeded / "szanse.csv", mapping=mapping, table=table, dry_run=True)
    assert run_import(data, given).to_json() == by_path.to_json()
    with pytest.raises(UsageError, match="not 'company'"):
        run_import(data, ImportRequest(seeded / "szanse.csv", "company", mapping=mapping, dry_run=True))


def test_memory_store_changes_data_in_place_only_when_applied(seeded: Path) -> None:
    data = load(seeded / "store.json")
    deals_before = data.count_records("deal")
    batches_before = len(data.batches)
    run_import(data, ImportRequest(seeded / "szanse.csv", "deal", dry_run=True))
    assert (data.count_records("deal"), len(data.batches)) == (deals_before, batches_before)
    run_import(data, ImportRequest(seeded / "szanse.csv", "deal"))
    assert (data.count_records("deal"), len(data.batches)) == (deals_before + 3, batches_before + 1)


def test_workbook_dry_run_apply_and_one_undo(tmp_path: Path) -> None:
    save(tmp_path / "store.json", base_store())
    store_file = tmp_path / "store.json"
    before = store_file.read_bytes()
    book = write_xlsx(tmp_path / "crm.xlsx", BOOK)
    dry = run_import(Store(store_file), ImportRequest(book, workbook=True, dry_run=True))
    assert store_file.read_bytes() == before
    assert [(s.sheet, s.kind) for s in dry.sheets] == [
        ("Firmy", "company"),
        ("Osoby", "person"),
        ("Szanse", "deal"),
    ]
    assert dry.ignored_sheets == ("Notatki",) and dry.report.batch is None
    # A later sheet resolves against the records an earlier sheet creates, in the dry run too.
    assert dry.sheets[2].report.links_created == 4

    decided = (Decision("Szanse: Klient", "Nieznana", action="create"),)
    real = run_import(Store(store_file), ImportRequest(book, workbook=True, decisions=decided))
    assert real.report.batch == "B1" and all(s.report.batch == "B1" for s in real.sheets)
    assert real.report.created == dry.report.created + 1 and real.report.problems == []
    data = load(store_file)
    assert [b.label for b in data.batches] == ["B1"] and data.batches[0].kind == "workbook"
    assert real.to_json()["sheets"][0]["sheet"] == "Firmy"

    rep = undo_import(Store(store_file))
    assert rep.batch == "B1" and rep.records_removed == real.report.created
    data = load(store_file)
    assert sum(data.count_records(t) for t in data.records) == 0
    assert data.batches[0].status == "undone"
    with pytest.raises(UsageError, match="nothing to undo"):
        undo_import(Store(store_file))


def test_workbook_all_or_nothing_refusal_leaves_memory_and_file_alone(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "crm.xlsx", BOOK)
    data = base_store()
    req = ImportRequest(book, workbook=True, choices=Choices(all_or_nothing=True))
    result = run_import(data, req)
    assert result.report.refused and result.report.batch is None
    assert data.batches == [] and data.count_records("company") == 0
    save(tmp_path / "store.json", data)
    before = (tmp_path / "store.json").read_bytes()
    assert run_import(Store(tmp_path / "store.json"), req).report.refused
    assert (tmp_path / "store.json").read_bytes() == before


def test_undo_by_id_through_memory_and_file(seeded: Path) -> None:
    data = load(seeded / "store.json")
    run_import(data, ImportRequest(seeded / "szanse.csv", "deal"))
    assert undo_import(data, "B3").records_removed == 3
    assert data.batch(3).status == "undone" and data.count_records("deal") == 0
    with pytest.raises(UsageError, match="already undone"):
        undo_import(data, 3)
    rep = undo_import(Store(seeded / "store.json"), "B2")
    assert rep.batch == "B2" and load(seeded / "store.json").batch(2).status == "undone"
