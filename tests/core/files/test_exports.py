"""Every CSV/XLSX relimport writes neutralises formulas; recipes round-trip."""

from __future__ import annotations

import csv
import io
import os
import stat
import zipfile

import fastexcel
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relimport.core.domain.errors import UsageError
from relimport.core.domain.formula import guard, needs_guard, unguard
from relimport.core.files.export import check_output, export_problems, write_table
from relimport.core.mapping.columns import auto_map
from relimport.core.mapping.recipe import load_recipe, recipe_from, save_recipe
from relimport.core.ops.template import write_template
from tests.stores import base_store, run
from tests.writers import write_csv

HOSTILE = [
    "=1+1",
    "+48 600",
    "-2",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "\nx",
    ' =HYPERLINK("http://x")',
    "\u00a0=1+1",
    "\uff1d1+1",
    "\uff0b1",
    "'=lit",
]
SAFE = ["plain", "'quoted", "a=b", "", "5-2"]


@pytest.mark.parametrize("value", HOSTILE)
def test_guard_guards_formulas(value):
    assert guard(value) == "'" + value


@pytest.mark.parametrize("value", SAFE)
def test_guard_leaves_plain_text(value):
    assert guard(value) == value


@given(st.text(alphabet=st.sampled_from(list("'= \t\r\n\u00a0\u3000\uff1d+-@ab"))))
def test_guard_round_trips_exactly(text):
    assert unguard(guard(text)) == text
    assert guard(text) == text or guard(text) == "'" + text
    assert needs_guard(text) == (guard(text) != text)


def test_write_table_guards_every_csv_cell(tmp_path):
    p = tmp_path / "t.csv"
    write_table(p, ["=H", "ok"], [[v, v] for v in HOSTILE])
    raw = p.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter=";"))
    assert rows[0] == ["'=H", "ok"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in HOSTILE]
    assert [unguard(r[1]) for r in rows[1:]] == HOSTILE


def test_write_table_xlsx_cells_are_exact_strings(tmp_path):
    p = tmp_path / "t.xlsx"
    write_table(p, ["=H", "ok"], [[v, v] for v in HOSTILE])
    with zipfile.ZipFile(p) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    book = fastexcel.read_excel(str(p)).load_sheet(0, header_row=None, dtypes="string")
    cells = [c for col in book.to_polars().iter_columns() for c in col.to_list()]
    assert "=H" in cells and all(v in cells for v in HOSTILE if "\r" not in v)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_exports_are_private_and_atomic(tmp_path, suffix):
    old = os.umask(0)
    try:
        p = tmp_path / f"t{suffix}"
        write_table(p, ["a"], [["1"]])
    finally:
        os.umask(old)
    assert stat.S_IMODE(p.stat().st_mode) == 0o600
    assert sorted(x.name for x in tmp_path.iterdir()) == [p.name]  # no temp file left


def test_check_output_refuses_store_files_directories_and_missing_folders(tmp_path):
    store = tmp_path / "store.json"
    store.write_text("{}")
    link = tmp_path / "link.csv"
    link.symlink_to(store)
    for bad, words in [
        (store, "store's own file"),
        (link, "store's own file"),
        (tmp_path, "is a directory"),
        (tmp_path / "nope" / "r.csv", "does not exist"),
    ]:
        with pytest.raises(UsageError, match=words):
            check_output(bad, [store])
    assert check_output(tmp_path / "r.csv", [store]) == tmp_path / "r.csv"


def test_problem_export_and_reimport(tmp_path):
    data = base_store()
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["=HYPERLINK()", "Nope"], ["B", ""]])
    rep = run(data, f, "deal", dry_run=True)
    from relimport.core.importing.applying import problem_rows
    from relimport.core.importing.request import ImportRequest
    from relimport.core.importing.run import run_import

    table = run_import(data, ImportRequest(f, "deal", dry_run=True)).table
    assert table is not None
    out = tmp_path / "problems.csv"
    n = export_problems(out, problem_rows(table, [p.row for p in rep.problems]), rep.problems)
    assert n == 1
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    # Polish headers, a Polish header for the problems; the kind in the TUI's words.
    assert lines[0] == "Nazwa;Klient;Problemy"
    assert lines[1].startswith("'=HYPERLINK();Nope;row 2: not found: Klient: ")
    # The exported file imports again: the apostrophe is dropped, the problems are ignored.
    rep2 = run(data, out, "deal", dry_run=True)
    assert rep2.ignored_columns == ["Problemy"]
    assert rep2.problems[0].value == "Nope"
    # Exported again, its old problem column is replaced, not kept beside the new one.
    table2 = run_import(data, ImportRequest(out, "deal", dry_run=True)).table
    assert table2 is not None
    out2 = tmp_path / "problems2.csv"
    export_problems(out2, problem_rows(table2, [p.row for p in rep2.problems]), rep2.problems)
    again = out2.read_text(encoding="utf-8-sig").splitlines()
    assert again[0] == "Nazwa;Klient;Problemy"
    assert again[1].split(";") == [
        "'=HYPERLINK()",
        "Nope",
        "row 2: not found: Klient: no company with name 'Nope'",
    ]


def test_problem_file_of_an_older_export_reimports(tmp_path):
    """Files exported before the header followed the file's language end in ``Problem``:
    that column is still ignored on re-import and replaced on export."""
    from relimport.core.files.export import problem_table

    data = base_store()
    f = write_csv(
        tmp_path / "old.csv", [["Nazwa", "Klient", "Problem"], ["A", "Nope", "row 2: not_found: x"]]
    )
    rep = run(data, f, "deal", dry_run=True)
    assert rep.ignored_columns == ["Problem"]
    assert [p.kind for p in rep.problems] == ["not_found"]
    rows = {"headers": ["Nazwa", "Klient", "Problem"], "rows": [[2, "A", "Nope", "row 2: not_found: x"]]}
    headers, out = problem_table(rows, rep.problems)
    assert headers == ["Nazwa", "Klient", "Problemy"]
    assert out[0][:2] == ["A", "Nope"] and out[0][2].startswith("row 2: not found: Klient: ")


def test_problem_header_follows_the_headers_language():
    from relimport.core.files.export import problem_header

    assert problem_header(["Nazwa", "Wartość", "Klient"]) == "Problemy"
    assert problem_header(["Name", "Value", "Client"]) == "Problems"
    # No field named in one language only (REGON, E-mail are both), or as many each: both.
    assert problem_header(["REGON", "E-mail", "Foo"]) == "Problemy / Problems"
    assert problem_header(["Nazwa", "Value"]) == "Problemy / Problems"
    assert problem_header([]) == "Problemy / Problems"


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
    assert out[0][-1] == "row 2: invalid value: Wartość: not a number"
    assert out[1][-1] == "row 3: not found: Klient: no company with name 'X'"


def test_problem_column_gives_each_problem_of_a_row_once():
    from relimport.core.files.export import problem_table

    rows = {"headers": ["Nazwa", "Decydent"], "rows": [[7, "A", "Jan, Ewa"]]}
    twice = {
        "row": 7,
        "kind": "cardinality",
        "column": "Decydent",
        "message": "Decydent takes one person per deal; the cell gives 2 values, none linked",
    }
    other = {"row": 7, "kind": "not_found", "column": "Decydent", "message": "no person named 'Ewa'"}
    _, out = problem_table(rows, [twice, dict(twice), other])
    assert out[0][-1] == (
        "row 7: one link only: Decydent: Decydent takes one person per deal; the cell gives 2 values,"
        " none linked | not found: Decydent: no person named 'Ewa'"
    )
