"""CLI end to end for issue #7: recipe decisions, remembered aliases, workbooks."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli import EXPECTED_KEYS, cli, jcli
from tests.writers import BOOK, write_csv, write_xlsx


def seed(store: Path, tmp_path: Path) -> dict[str, int]:
    f = write_csv(
        tmp_path / "firmy.csv",
        [["Nazwa", "NIP"], ["Polmet", "1111111111"], ["Polmet", "2222222222"], ["Acme", "3333333333"]],
    )
    assert cli(store, "import", str(f), "--type", "company").returncode == 0
    shown = json.loads(cli(store, "show", "company", "3333333333", "--json").stdout)
    polmet = json.loads(cli(store, "show", "company", "2222222222", "--json").stdout)
    return {"acme": shown["id"], "polmet": polmet["id"]}


def test_recipe_decisions_remember_aliases_for_the_next_import(store, tmp_path):
    ids = seed(store, tmp_path)
    deals = write_csv(tmp_path / "szanse.csv", [["Nazwa", "Klient"], ["A", "Akme"], ["B", "Polmet"]])
    code, dry = jcli(store, "import", str(deals), "--type", "deal", "--dry-run")
    assert code == 3 and set(dry) == EXPECTED_KEYS
    assert sorted(p["kind"] for p in dry["problems"]) == ["ambiguous", "not_found"]
    recipe = tmp_path / "r.toml"
    recipe.write_text(
        '[relimport]\ntype = "deal"\n'
        f'[[decisions]]\ncolumn = "Klient"\nvalue = "Akme"\nid = {ids["acme"]}\nremember = true\n'
        f'[[decisions]]\ncolumn = "Klient"\nvalue = "Polmet"\nid = {ids["polmet"]}\nremember = true\n',
        encoding="utf-8",
    )
    code, rep = jcli(store, "import", str(deals), "--recipe", str(recipe))
    assert code == 0, rep
    assert rep["problems"] == [] and rep["links"]["created"] == 2
    assert {(r["value"], r["via"]) for r in rep["resolved"]} == {("Akme", "decision"), ("Polmet", "decision")}
    code, aliases = jcli(store, "aliases", "list")
    assert {(a["type"], a["value"], a["id"]) for a in aliases} == {
        ("company", "Akme", ids["acme"]),
        ("company", "Polmet", ids["polmet"]),
    }
    listed = cli(store, "aliases", "list").stdout.splitlines()
    assert [row.split()[0] for row in listed] == ["Company", "Company"], listed  # the type by name
    # A second file, no recipe: the aliases settle the values; the text output says so.
    deals2 = write_csv(tmp_path / "szanse2.csv", [["Nazwa", "Klient"], ["C", "AKME"], ["D", "polmet"]])
    r = cli(store, "import", str(deals2), "--type", "deal")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "settled" in r.stdout and "alias" in r.stdout
    # Undo keeps aliases; remove one by value and type.
    assert cli(store, "undo").returncode == 0
    code, out = jcli(store, "aliases", "remove", "akme", "--type", "firma")
    assert code == 0 and out["removed"][0]["id"] == ids["acme"]
    r = cli(store, "aliases", "remove", "akme")
    assert r.returncode == 2 and "no alias" in r.stderr
    code, aliases = jcli(store, "aliases", "list")
    assert [a["value"] for a in aliases] == ["Polmet"]


def test_workbook_import_and_undo(store, tmp_path):
    book = write_xlsx(tmp_path / "crm.xlsx", BOOK)
    code, rep = jcli(store, "import", str(book), "--workbook", "--sheet-map", "Notatki=skip", "--dry-run")
    assert code == 2 and "unknown type" in rep["error"]
    code, rep = jcli(store, "import", str(book), "--workbook")
    assert code == 3
    assert set(rep) >= EXPECTED_KEYS and rep["type"] == "workbook" and rep["file"] == "crm.xlsx"
    assert rep["records"]["created"] == 7 and rep["links"]["created"] == 6
    assert [s["sheet"] for s in rep["sheets"]] == ["Firmy", "Osoby", "Szanse"]
    assert rep["problems"][0]["column"] == "Szanse: Klient"
    code, hist = jcli(store, "history")
    assert len(hist) == 1 and hist[0]["type"] == "workbook"
    code, undo = jcli(store, "undo")
    assert code == 0
    code, st = jcli(store, "stats")
    assert sum(st["records"].values()) == 0 and st["links"] == 0
    r = cli(store, "import", str(book), "--workbook", "--type", "deal")
    assert r.returncode == 2
