"""Never a wrong link, never a silent loss — through the real CLI, with files written the
way a Polish Excel writes them (cp1250, ``;``, CRLF): keys chosen per value, id/SKU
collisions, a file settling its own ambiguity, duplicates naming what they leave out,
link-mode files, ignored columns and ``--strict``, recipes lacking columns, decisions on
a row's own record, field-named relationship types and the exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.cli import cli, jcli, store_bytes
from tests.writers import write_csv


def excel_csv(path: Path, rows: list[list[str]]) -> Path:
    return write_csv(path, rows, encoding="cp1250", newline="\r\n")


def problems(rep: dict) -> list[tuple]:
    return [(p["row"], p["column"], p["value"], p["kind"]) for p in rep["problems"]]


def seed(store, tmp_path: Path) -> None:
    """Products 1–4 (SKUs 100, 101, 1, 2), companies 5–8 (two named Gamma), persons 9–10."""
    assert cli(store, "relations", "add", "Produkty", "--from", "deal", "--to", "product").returncode == 0
    files = [
        (
            "product",
            [["Nazwa", "Kod"], ["Śruba", "100"], ["Nakrętka", "101"], ["Podkładka", "1"], ["Wkręt", "2"]],
        ),
        (
            "company",
            [
                ["Nazwa", "NIP", "Miasto"],
                ["Alfa", "526-000-12-46", "Kielce"],
                ["Beta", "", "Opole"],
                ["Gamma", "1234563218", "Opole"],
                ["Gamma", "5280636083", "Kraków"],
            ],
        ),
        (
            "person",
            [
                ["Imię", "Nazwisko", "E-mail"],
                ["Jan", "Kowalski", "jan@alfa.pl"],
                ["Anna", "Nowak", "anna@beta.pl"],
            ],
        ),
    ]
    for kind, rows in files:
        code, rep = jcli(store, "import", str(excel_csv(tmp_path / f"{kind}.csv", rows)), "--type", kind)
        assert (code, rep["problems"]) == (0, []), rep


def test_id_sku_collision_mixed_keys_and_an_ambiguity_the_file_settles(store, tmp_path):
    seed(store, tmp_path)
    deals = excel_csv(
        tmp_path / "szanse.csv",
        [
            ["Nazwa", "Produkty", "Klient", "Decydent"],
            ["D1", "1", "Gamma", "Jan Kowalski"],
            ["D2", "100; 4", "5280636083", "ANNA@BETA.PL"],
            ["D3", "Podkładka", "PL 526-000-12-46", "10"],
            ["D4", "Śrubka", "7", "Kowalski Jan"],
        ],
    )
    code, rep = jcli(store, "import", str(deals), "--type", "deal", "--dry-run")
    assert code == 3
    assert rep["links"] == {"created": 10, "existing": 0, "replaced": 0}  # 3 + 3 + 4
    assert problems(rep) == [(2, "Klient", "Gamma", "ambiguous"), (2, "Produkty", "1", "ambiguous"),
                             (5, "Produkty", "Śrubka", "not_found")]  # fmt: skip
    gamma, one, srubka = rep["problems"]
    assert gamma["message"] == "'Gamma' matches 2 company records by name (ids 7, 8); not linked"
    assert [(c["id"], c["key"], c["fields"]) for c in gamma["candidates"]] == [
        (7, "name", {"city": "Opole", "tax_id": "1234563218"}),
        (8, "name", {"city": "Kraków", "tax_id": "5280636083"}),
    ]
    assert one["message"] == "'1' matches 2 product records (id 1 by id, id 3 by sku); not linked"
    assert [(c["id"], c["key"], c["label"]) for c in one["candidates"]] == [
        (1, "id", "Śruba"),
        (3, "sku", "Podkładka"),
    ]
    assert srubka["message"] == "no product with sku or name 'Śrubka'; did you mean 'Śruba' (id 1)?"
    # The file settles its ambiguities itself: an id, a SKU written as such (explicit key).
    fixed = excel_csv(tmp_path / "fixed.csv", [["Nazwa", "Produkty", "Klient"], ["D1", "1", "7"]])
    code, rep = jcli(store, "import", str(fixed), "--type", "deal", "--map", "Produkty=rel:Produkty@sku")
    assert (code, rep["problems"], rep["links"]["created"]) == (0, [], 2)
    shown = json.loads(cli(store, "show", "deal", "D1", "--json").stdout)
    assert sorted((link["relationship"], link["id"]) for link in shown["links"]) == [
        ("Klient", 7),
        ("Produkty", 3),
    ]


def test_an_empty_store_names_the_column_it_ignores_and_strict_refuses_it(tmp_path):
    store = tmp_path / "empty.json"
    deals = excel_csv(tmp_path / "szanse.csv", [["Nazwa", "Klient", "Wartość"], ["A", "Alfa", "1 234,50"]])
    r = cli(store, "import", str(deals), "--type", "deal", "--strict", "--json")
    assert r.returncode == 2 and not store.exists()
    assert json.loads(r.stdout)["exit"] == 2
    assert "column 'Klient' is ignored: deal has no field and no relationship type named 'Klient'" in r.stderr
    r = cli(store, "import", str(deals), "--type", "deal", "--json")
    rep = json.loads(r.stdout)
    assert r.returncode == 0 and rep["records"]["created"] == 1 and rep["ignored_columns"] == ["Klient"]
    assert rep["warnings"] == [
        "column 'Klient' is ignored: deal has no field and no relationship type named 'Klient' "
        "(an import never creates relationship types: relimport relations add)"
    ]
    assert "relimport: warning: column 'Klient' is ignored" in r.stderr


@pytest.mark.file_store
def test_a_recipe_whose_columns_the_file_lacks_warns_and_strict_refuses(store, tmp_path):
    recipe = tmp_path / "r.toml"
    recipe.write_text(
        '[relimport]\ntype = "deal"\n\n[[columns]]\nheader = "Kwota"\ntarget = "field:value"\n\n'
        '[[columns]]\nheader = "Uwagi"\ntarget = "skip"\n',
        encoding="utf-8",
    )
    deals = excel_csv(tmp_path / "szanse.csv", [["Nazwa", "Wartość"], ["A", "10"]])
    before = store_bytes(store)
    r = cli(store, "import", str(deals), "--recipe", str(recipe), "--strict")
    assert r.returncode == 2 and store_bytes(store) == before
    assert "the recipe maps a column the file does not have: 'Kwota'" in r.stderr
    r = cli(store, "import", str(deals), "--recipe", str(recipe))
    assert r.returncode == 0
    assert r.stderr.count("relimport: warning:") == 1 and "'Kwota'" in r.stderr


def test_duplicates_name_the_values_they_leave_out(store, tmp_path):
    firms = excel_csv(
        tmp_path / "firmy.csv",
        [
            ["Nazwa", "NIP", "Miasto", "Telefon"],
            ["Nowa X", "", "Opole", "600 000 004"],
            ["Alfa", "5260001246", "Kielce", ""],
            ["nowa x", "", "Opole", "+48 600000004"],
            ["Nowa X", "", "Kielce", ""],
        ],
    )
    code, rep = jcli(store, "import", str(firms), "--type", "company")
    assert code == 3
    assert rep["records"] == {"created": 2, "updated": 0, "unchanged": 0, "skipped": 2}
    assert [(p["row"], p["kind"], p["message"]) for p in rep["problems"]] == [
        (4, "duplicate_in_file", "same company as row 2; links added to that record"),
        (5, "duplicate_in_file", "same company as row 2; links added to that record; "
                                 "not imported: Miasto: 'Kielce' (row 5) differs from 'Opole' (row 2)"),
    ]  # fmt: skip


def test_a_link_file_has_one_row_per_link(store, tmp_path):
    firms = excel_csv(tmp_path / "firmy.csv", [["Nazwa"], ["Alfa"], ["Beta"], ["Gamma"]])
    assert cli(store, "import", str(firms), "--type", "company").returncode == 0
    links = excel_csv(
        tmp_path / "partnerzy.csv",
        [["Nazwa", "Partner"], ["Alfa", "Beta"], ["Alfa", "Gamma"], ["alfa", "Beta"], ["Beta", "Gamma"]],
    )
    code, rep = jcli(store, "import", str(links), "--type", "company", "--mode", "link")
    assert (code, rep["problems"]) == (0, [])
    assert rep["rows"] == {"total": 4, "imported": 4, "with_problems": 0}
    assert rep["records"] == {"created": 0, "updated": 0, "unchanged": 2, "skipped": 0}
    assert rep["links"] == {"created": 3, "existing": 1, "replaced": 0}


def test_a_recipe_decision_settles_a_row_s_own_record(store, tmp_path):
    firms = excel_csv(
        tmp_path / "firmy.csv", [["Nazwa", "NIP"], ["Polmet", "1111111111"], ["Polmet", "2222222222"]]
    )
    assert cli(store, "import", str(firms), "--type", "company").returncode == 0
    phones = excel_csv(tmp_path / "telefony.csv", [["Nazwa", "Telefon"], ["Polmet", "22 123 45 67"]])
    code, rep = jcli(store, "import", str(phones), "--type", "company", "--dry-run")
    assert code == 3 and problems(rep) == [(2, "Nazwa", "Polmet", "ambiguous")]
    polmet = json.loads(cli(store, "show", "company", "2222222222", "--json").stdout)["id"]
    recipe = tmp_path / "r.toml"
    recipe.write_text(
        '[relimport]\ntype = "company"\n\n'
        f'[[decisions]]\ncolumn = "Nazwa"\nvalue = "polmet"\nid = {polmet}\n',
        encoding="utf-8",
    )
    code, rep = jcli(store, "import", str(phones), "--recipe", str(recipe))
    assert (code, rep["problems"], rep["records"]["updated"]) == (0, [], 1)
    assert [(x["column"], x["id"], x["via"]) for x in rep["resolved"]] == [("Nazwa", polmet, "decision")]
    shown = json.loads(cli(store, "show", "company", "2222222222", "--json").stdout)
    assert shown["fields"]["phone"] == "+48221234567"


def test_relationship_types_named_like_a_field_are_refused(store):
    refused = (
        ["Miasto", "--from", "company", "--to", "company"],
        ["Opiekun", "--from", "deal", "--to", "person", "--inverse", "E-mail"],
    )
    for args in refused:
        r = cli(store, "relations", "add", *args)
        assert r.returncode == 2
        assert "is a field of" in r.stderr and r.stderr.count("\n") == 1


def test_all_or_nothing_refusal_exits_1_with_the_report(store, tmp_path):
    deals = excel_csv(tmp_path / "szanse.csv", [["Nazwa", "Klient"], ["A", "Nikt"], ["B", ""]])
    before = store_bytes(store)
    r = cli(store, "import", str(deals), "--type", "deal", "--all-or-nothing")
    assert r.returncode == 1 and store_bytes(store) == before
    assert "! not found" in r.stdout and "not_found" not in r.stdout and "nothing written" in r.stderr
