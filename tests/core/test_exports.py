"""Every CSV/XLSX relimport writes neutralises formulas; recipes round-trip."""

from __future__ import annotations

import fastexcel
import pytest

from relimport.core.domain.errors import UsageError
from relimport.core.files.export import export_problems, neutralise, write_table
from relimport.core.mapping.columns import auto_map
from relimport.core.mapping.recipe import load_recipe, recipe_from, save_recipe
from relimport.core.ops.template import write_template
from tests.conftest import base_store, run, write_csv

HOSTILE = ["=1+1", "+48 600", "-2", "@SUM(A1)", "\tx", "\rx", "\nx", "plain"]


@pytest.mark.parametrize("value", HOSTILE)
def test_neutralise(value):
    out = neutralise(value)
    assert out == ("'" + value if value != "plain" else value)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_write_table_neutralises_every_cell(tmp_path, suffix):
    p = tmp_path / f"t{suffix}"
    write_table(p, ["=H", "ok"], [[v, v] for v in HOSTILE])
    if suffix == ".csv":
        cells = [
            c for line in p.read_text(encoding="utf-8-sig").split("\r\n") if line for c in line.split(";")
        ]
    else:
        sheet = fastexcel.read_excel(str(p)).load_sheet(0, header_row=None, dtypes="string")
        cells = [c for col in sheet.to_polars().iter_columns() for c in col.to_list() if c is not None]
    for c in cells:
        assert not c.lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r", "\n")), c


def test_problem_export_and_reimport(tmp_path):
    data = base_store()
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["=HYPERLINK()", "Nope"], ["B", ""]])
    rep = run(data, f, "deal", dry_run=True)
    from relimport.core.importing.engine import problem_rows
    from relimport.core.importing.prepare import ImportRequest, prepare

    table = prepare(data, ImportRequest(path=f, kind="deal")).table
    out = tmp_path / "problems.csv"
    n = export_problems(out, problem_rows(table, [p.row for p in rep.problems]), rep.problems)
    assert n == 1
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Nazwa;Klient;Problem"
    assert lines[1].startswith("'=HYPERLINK();Nope;row 2: not_found")
    # The exported file imports again: the apostrophe is dropped, Problem is ignored.
    rep2 = run(data, out, "deal", dry_run=True)
    assert rep2.ignored_columns == ["Problem"]
    assert rep2.problems[0].value == "Nope"


def test_template_files_are_safe(tmp_path):
    data = base_store()
    f = write_csv(tmp_path / "c.csv", [["Nazwa", "Telefon"], ["=cmd|' /C calc'!A0", "+48 600"]])
    run(data, f, "company")
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"s{suffix}"
        write_template(data, "company", out)
        assert out.stat().st_size > 0
    assert "'=cmd" in (tmp_path / "s.csv").read_text(encoding="utf-8-sig")


def test_recipe_round_trip(tmp_path):
    data = base_store()
    m = auto_map("deal", ["Nazwa", "Klient", "Notatka"], data.relationship_types)
    r = recipe_from(
        m,
        encoding="cp1250",
        delimiter=";",
        sheet=None,
        mode="link",
        replace=True,
        all_or_nothing=False,
    )
    p = tmp_path / "r.toml"
    save_recipe(r, p)
    assert load_recipe(p) == r


def test_bad_recipe(tmp_path):
    p = tmp_path / "r.toml"
    p.write_text("[relimport\n")
    with pytest.raises(UsageError, match="invalid TOML"):
        load_recipe(p)


def test_problem_column_names_its_column_once():
    from relimport.core.files.export import problem_table

    rows = {"headers": ["Nazwa", "Wartość"], "rows": [[2, "A", "abc"], [3, "B", "x"]]}
    problems = [
        {"row": 2, "kind": "invalid_value", "column": "Wartość", "message": "Wartość: not a number"},
        {"row": 3, "kind": "not_found", "column": "Klient", "message": "no company with name 'X'"},
    ]
    _, out = problem_table(rows, problems)
    assert out[0][-1] == "row 2: invalid_value: Wartość: not a number"
    assert out[1][-1] == "row 3: not_found: Klient: no company with name 'X'"
