"""Decisions and aliases: values the lookup cannot settle, settled once (issue #7)."""

from __future__ import annotations

from pathlib import Path

from relimport.core.importing.request import ImportRequest
from relimport.core.importing.run import run_import
from relimport.core.mapping.decisions import Decision
from relimport.core.mapping.precedence import Choices
from relimport.core.ops.undo import undo_import
from relimport.core.resolve.resolutions import add_alias, list_aliases, remove_alias
from relimport.core.store.jsonfile import load, save
from tests.stores import seed_companies
from tests.writers import write_csv


def deals(tmp_path: Path, name: str, clients: list[str]) -> Path:
    rows = [["Nazwa", "Klient"]] + [[f"{name} {i}", c] for i, c in enumerate(clients)]
    return write_csv(tmp_path / f"{name}.csv", rows)


def run(data, path, decisions=(), mode="upsert", apply=True):
    request = ImportRequest(
        path, "deal", choices=Choices(mode=mode), decisions=tuple(decisions), dry_run=not apply
    )
    return run_import(data, request).report


def company_id(data, name: str) -> list[int]:
    df = data.records["company"]
    return df.filter(df["name"] == name)["id"].to_list()


def test_queue_decisions_link_create_and_remember(store_data, tmp_path):
    seed_companies(store_data, tmp_path)
    polmet = company_id(store_data, "Polmet")[1]
    acme = company_id(store_data, "Acme Sp. z o.o.")[0]
    f = deals(tmp_path, "d1", ["Polmet", "polmet", "Akme", "Nowa Firma", "Acme Sp. z o.o.", "Akme"])
    dry = run(store_data, f, apply=False)
    kinds = sorted(p.kind for p in dry.problems)
    assert kinds == ["ambiguous", "ambiguous", "not_found", "not_found", "not_found"]
    decisions = [
        Decision("Klient", "Polmet", id=polmet, remember=True),
        Decision("Klient", "Akme", id=acme, remember=True),
        Decision("Klient", "Nowa Firma", action="create"),
    ]
    rep = run(store_data, f, decisions)
    assert rep.problems == []
    assert rep.links_created == 6
    assert rep.created == 6 + 1  # six deals and the new company
    assert {r["via"] for r in rep.resolved} == {"decision", "created"}
    assert any("Akme" in n and "your choice" in n for n in rep.notes)
    new = company_id(store_data, "Nowa Firma")
    assert len(new) == 1
    assert {(a.type, a.value, a.id) for a in list_aliases(store_data)} == {
        ("company", "Polmet", polmet),
        ("company", "Akme", acme),
    }
    # A second, similar file: settled by the aliases alone.
    f2 = deals(tmp_path, "d2", ["POLMET", "Akme", "Nowa Firma"])
    rep2 = run(store_data, f2)
    assert rep2.problems == []
    assert [r["via"] for r in rep2.resolved if r["value"] != "Nowa Firma"] == ["alias", "alias"]
    assert rep2.to_json()["resolved"][0]["label"]
    # Undo removes the created company (once nothing later links to it) but keeps the aliases.
    undo_import(store_data, store_data.batches[-1].id)
    undo_import(store_data, store_data.batches[-2].id)
    assert company_id(store_data, "Nowa Firma") == []
    assert len(list_aliases(store_data)) == 2


def test_aliases_round_trip_and_old_store(store_data, tmp_path):
    seed_companies(store_data, tmp_path)
    acme = company_id(store_data, "Acme Sp. z o.o.")[0]
    add_alias(store_data, "company", "ACME  SA", "name", acme)
    path = tmp_path / "store.json"
    save(path, store_data)
    again = load(path)
    [a] = list_aliases(again)
    assert (a.type, a.value, a.nval, a.id) == ("company", "ACME SA", "acme sa", acme)
    assert remove_alias(again, "acme sa", "company") == [a]
    assert list_aliases(again) == []
    # A store without the field loads with no aliases and is written without it.
    save(path, again)
    assert b'"aliases"' not in path.read_bytes()
    assert load(path).aliases == {}


def test_alias_to_removed_record_is_ignored(store_data, tmp_path):
    seed_companies(store_data, tmp_path)
    add_alias(store_data, "company", "Ghost", "name", 999_999)
    rep = run(store_data, deals(tmp_path, "d3", ["Ghost"]), apply=False)
    assert [p.kind for p in rep.problems] == ["not_found"]
    assert "resolved" not in rep.to_json()


def test_create_decision_needs_create_mode_and_is_not_repeated(store_data, tmp_path):
    seed_companies(store_data, tmp_path)
    f = deals(tmp_path, "d4", ["Nowa"])
    d = [Decision("Klient", "Nowa", action="create")]
    assert run(store_data, f, d, mode="update", apply=False).created == 0
    run(store_data, f, d)
    rep = run(store_data, deals(tmp_path, "d5", ["Nowa"]), d)  # replayed recipe: no second company
    assert len(company_id(store_data, "Nowa")) == 1
    assert rep.problems == []


def test_create_person_from_email_or_name(store_data, tmp_path):
    f = write_csv(tmp_path / "p.csv", [["Nazwa", "Decydent"], ["A", "ola@x.pl"], ["B", "Ewa Maria Lis"]])
    ds = (
        Decision("Decydent", "ola@x.pl", action="create"),
        Decision("Decydent", "Ewa Maria Lis", action="create"),
    )
    report = run_import(store_data, ImportRequest(f, "deal", decisions=ds)).report
    persons = store_data.records["person"].select("first_name", "last_name", "email").rows()
    assert sorted(persons, key=str) == sorted([(None, None, "ola@x.pl"), ("Ewa", "Maria Lis", None)], key=str)
    assert report.links_created == 2
