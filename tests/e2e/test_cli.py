"""The real CLI in a subprocess against a temp store: every command, JSON shapes, exit codes."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.cli import EXPECTED_KEYS, ROOT, cli, jcli, store_bytes
from tests.writers import write_csv


def polish_excel(tmp_path: Path) -> Path:
    """A Polish Excel export: cp1250, ';', CRLF, quoted newline, blank row."""
    return write_csv(
        tmp_path / "firmy.csv",
        [
            ["Nazwa", "NIP", "Miasto", "Partner"],
            ["Zakład Łódź", "PL 111-111-11-11", "Łódź", ""],
            ["Gdańska Stocznia", "2222222222", "Gdańsk", "Zakład Łódź"],
            ["", "", "", ""],
            ['Kraków "Wawel"', "3333333333", "Kraków\nul. Długa", "Zaklad Lodz"],
        ],
        encoding="cp1250",
        newline="\r\n",
    )


def test_import_json_shape_and_exit_codes(store, tmp_path):
    f = polish_excel(tmp_path)
    code, dry = jcli(store, "import", str(f), "--type", "firma", "--dry-run")
    assert code == 3
    assert set(dry) == EXPECTED_KEYS
    assert dry["batch"] is None and dry["dry_run"] is True
    assert dry["rows"] == {"total": 3, "imported": 3, "with_problems": 1}
    assert dry["records"] == {"created": 3, "updated": 0, "unchanged": 0, "skipped": 0}
    assert dry["links"] == {"created": 1, "existing": 0, "replaced": 0}
    (p,) = dry["problems"]
    assert (p["row"], p["column"], p["value"], p["kind"]) == (
        5,
        "Partner",
        "Zaklad Lodz",
        "not_found",
    )
    assert p["candidates"][0]["label"] == "Zakład Łódź"
    assert jcli(store, "stats")[1]["records"]["company"] == 0  # dry run wrote nothing

    code, real = jcli(store, "import", str(f), "--type", "company")
    assert code == 3 and real["batch"] == "B1"
    code, again = jcli(store, "import", str(f), "--type", "company")
    assert again["records"]["created"] == 0 and again["links"] == {
        "created": 0,
        "existing": 1,
        "replaced": 0,
    }


def test_clean_import_exits_0_and_show_stats_history_undo(store, tmp_path):
    f = write_csv(tmp_path / "c.csv", [["Nazwa", "Partner"], ["A", ""], ["B", "A"]])
    code, rep = jcli(store, "import", str(f), "--type", "company")
    assert code == 0 and rep["problems"] == []
    code, shown = jcli(store, "show", "company", "b")
    assert code == 0
    assert set(shown) >= {"id", "type", "fields", "links"}
    assert shown["links"] == [
        {"relationship": "Partner", "direction": "out", "id": 1, "type": "company", "label": "A"}
    ]
    code, stats = jcli(store, "stats")
    assert stats == {
        "records": {"person": 0, "company": 2, "deal": 0, "product": 0, "vehicle_space": 0},
        "links": 1,
        "relationship_types": 4,
        "batches": 1,
    }
    code, hist = jcli(store, "history")
    assert hist[0]["batch"] == "B1" and hist[0]["status"] == "applied"
    code, undone = jcli(store, "undo")
    assert code == 0 and undone["records_removed"] == 2 and undone["links_removed"] == 1
    assert jcli(store, "stats")[1]["records"]["company"] == 0
    r = cli(store, "undo")
    assert r.returncode == 2 and "nothing to undo" in r.stderr


def test_relations_list_add_remove(store):
    code, rels = jcli(store, "relations", "list")
    assert [r["name"] for r in rels] == ["Firma", "Klient", "Decydent", "Partner"]
    r = cli(store, "relations", "add", "Klient", "--from", "deal", "--to", "company")
    assert r.returncode == 2 and "already has a relationship named 'Klient'" in r.stderr
    r = cli(store, "relations", "remove", "Firma")
    assert r.returncode == 2 and "built in" in r.stderr
    assert cli(store, "relations", "remove", "Partner").returncode == 0
    assert [r["name"] for r in jcli(store, "relations", "list")[1]] == [
        "Firma",
        "Klient",
        "Decydent",
    ]


def test_recipe_round_trip_and_report(store, tmp_path):
    f = write_csv(tmp_path / "d.csv", [["Tytuł", "Firma klienta"], ["Deal =1+1", "Nope"]])
    recipe = tmp_path / "r.toml"
    report = tmp_path / "problems.csv"
    code, rep = jcli(
        store,
        "import",
        str(f),
        "--type",
        "deal",
        "--map",
        "Tytuł=field:name",
        "--map",
        "Firma klienta=rel:Klient@name",
        "--dry-run",
        "--save-recipe",
        str(recipe),
        "--report",
        str(report),
    )
    assert code == 3 and rep["problems"][0]["kind"] == "not_found"
    text = report.read_text(encoding="utf-8-sig")
    # Headers that name no field in one language: the problem column's header is bilingual.
    assert text.splitlines()[0] == "Tytuł;Firma klienta;Problemy / Problems"
    assert ";row 2: not found: Firma klienta: " in text and "not_found" not in text
    assert "Deal =1+1" in text
    code, rep2 = jcli(store, "import", str(f), "--recipe", str(recipe), "--dry-run")
    assert rep2["type"] == "deal" and rep2["problems"] == rep["problems"]


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["import", "missing.csv", "--type", "deal"], 1, "missing.csv"),
        (["import", "{f}", "--type", "statek"], 2, "unknown type"),
        (["import", "{f}", "--type", "deal", "--map", "X"], 2, "HEADER=TARGET"),
        (["import", "{f}", "--type", "deal", "--map", "Nazwa=rel:Nope"], 2, "no relationship"),
        (["import", "{bin}", "--type", "deal"], 1, "bin.csv"),
        (["show", "company", "nobody"], 1, "no company"),
        (["undo", "B9"], 2, "no batch B9"),
        (["frobnicate"], 2, "invalid choice"),
    ],
)
def test_errors_are_one_line(store, tmp_path, args, code, needle):
    f = write_csv(tmp_path / "d.csv", [["Nazwa"], ["A"]])
    b = tmp_path / "bin.csv"
    b.write_bytes(b"Nazwa\n\x00\x01\x02binary\n")
    before = store_bytes(store)
    args = [a.format(f=f, bin=b) for a in args]
    r = cli(store, *args)
    assert r.returncode == code, r.stderr
    assert needle in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr
    assert store_bytes(store) == before


def test_json_error_keeps_stdout_valid(store, tmp_path):
    r = cli(store, "import", "missing.csv", "--type", "deal", "--json")
    assert r.returncode == 1
    assert json.loads(r.stdout)["exit"] == 1


def test_all_or_nothing_refusal_exits_1_and_store_untouched(store, tmp_path):
    f = write_csv(tmp_path / "d.csv", [["Nazwa", "Klient"], ["A", "Nope"]])
    before = store_bytes(store)
    code, rep = jcli(store, "import", str(f), "--type", "deal", "--all-or-nothing")
    assert code == 1 and rep["batch"] is None
    assert [p["kind"] for p in rep["problems"]] == ["not_found"]
    assert store_bytes(store) == before


def test_template_has_relationship_columns(store, tmp_path):
    out = tmp_path / "sample.csv"
    r = cli(store, "template", "deal", "-o", str(out))
    assert r.returncode == 0, r.stderr
    header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    assert header[:2] == ["Nazwa", "Wartość"] and header[-2:] == ["Klient", "Decydent"]


def test_corrupt_store_refused(tmp_path):
    s = tmp_path / "store.json"
    s.write_text("{broken")
    f = write_csv(tmp_path / "d.csv", [["Nazwa"], ["A"]])
    r = cli(s, "import", str(f), "--type", "deal")
    assert r.returncode == 1 and "damaged" in r.stderr
    assert s.read_text() == "{broken"


def test_demo_copies_store_and_samples(tmp_path):
    r = cli(tmp_path / "unused.json", "demo", str(tmp_path / "demo"), "--no-tui")
    assert r.returncode == 0, r.stderr
    store = Path(r.stdout.strip())
    assert store.exists() and (tmp_path / "demo" / "szanse.csv").exists()
    code, stats = jcli(store, "stats")
    assert stats["records"]["company"] > 40
    code, rep = jcli(store, "import", str(tmp_path / "demo" / "szanse.csv"), "--type", "deal", "--dry-run")
    assert code == 3 and rep["rows"]["total"] > 5


def test_store_option_also_after_the_command(tmp_path):
    """``relimport relations add … --store S`` and ``relimport --store S …`` are the same."""
    store = tmp_path / "s.json"
    env = {k: v for k, v in os.environ.items() if k != "RELIMPORT_STORE"} | {"PYTHONPATH": str(ROOT)}
    args = ["relations", "add", "Klient", "--from", "deal", "--to", "company", "--store", str(store)]
    r = subprocess.run(
        [sys.executable, "-m", "relimport.tui.cli", *args], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert r.returncode == 0, r.stderr
    code, stats = jcli(store, "stats")
    assert code == 0 and stats["relationship_types"] == 2


@pytest.mark.file_store
def test_text_output_and_problem_file_speak_words(store, tmp_path):
    """People read relimport's words (the TUI's) and right plurals; --json keeps the ids."""
    f = write_csv(
        tmp_path / "szanse.csv",
        [["Nazwa", "Klient", "Decydent"], ["Serwis", "Nikt", ""], ["Audyt", "", "Jan Nowak, Ewa Kos"]],
    )
    report = tmp_path / "szanse-problems.csv"
    r = cli(store, "import", str(f), "--type", "deal", "--separator", ",", "--report", str(report))
    assert r.returncode == 3, r.stderr
    out = r.stdout
    assert out.startswith("szanse.csv → Deal (upsert, batch B1)")
    assert "! not found" in out and "! one link only" in out
    for word in ("not_found", "cardinality", "deal ", "1 problems"):
        assert word not in out, word
    n = jcli(store, "history")[1][0]["problems"]
    assert n > 1 and f"{n} problems" in out

    with report.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == ["Nazwa", "Klient", "Decydent", "Problemy"]
    assert rows[1] == ["Serwis", "Nikt", "", "row 2: not found: Klient: no company with name 'Nikt'"]
    problems = rows[2][-1]
    assert problems.startswith("row 3: one link only: Decydent: ")
    # One problem per value of the cell, the same words twice: given once.
    assert " | " not in problems
    assert "cardinality" not in problems

    history = cli(store, "history").stdout
    assert "Deal" in history and " deal " not in history
    # JSON keeps the identifiers.
    assert jcli(store, "history")[1][0]["type"] == "deal"


def test_counts_in_words_have_their_plural():
    from rich.console import Console

    from relimport.tui.render import print_history, print_report

    item = {
        "batch": "B1",
        "time": "2026-12-04T23:59:58+01:00",
        "file": "a.csv",
        "type": "person_company",
        "mode": "upsert",
        "status": "applied",
        "counts": {"records": {"created": 2, "updated": 0}, "links": {"created": 1}},
        "problems": 1,
    }
    narrow = Console(width=30, record=True, highlight=False)
    print_history(narrow, [item])
    text = " ".join(narrow.export_text().split())
    assert "Persons and companies" in text
    assert "2 created, 0 updated, 1 link, 1 problem" in text
    print_history(narrow, [item | {"problems": 2, "counts": {"links": {"created": 3}}}])
    assert "3 links, 2 problems" in " ".join(narrow.export_text().split())

    from relimport.core.importing.report import ImportReport
    from relimport.core.resolve.problems import Problem

    rep = ImportReport(file="a.csv", kind="vehicle_space", mode="upsert", dry_run=True)
    rep.problems = [Problem(row=2, kind="possible_duplicate", column="Nazwa", value="A", message="m")]
    wide = Console(width=120, record=True, highlight=False)
    print_report(wide, rep)
    text = wide.export_text()
    assert "→ Vehicle/Space (upsert, dry run)" in text
    assert "1 problem" in text and "1 problems" not in text
    assert "~ possible duplicate" in text and "possible_duplicate" not in text
