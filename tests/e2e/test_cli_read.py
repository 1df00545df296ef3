"""``relimport read``: what the import reads, as JSON (``--json``) and as safe plain text."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli import cli

CORPUS = Path(__file__).resolve().parents[1] / "core" / "files" / "corpus"


def test_read_json_delimited(tmp_path):
    p = tmp_path / "f.csv"
    p.write_bytes("Nazwa;NIP\n\nAcme;123\n;\n".encode("cp1250") + "Łódź;\n".encode("cp1250"))
    store = tmp_path / "store.json"
    r = cli(store, "read", str(p), "--json", "--limit", "1")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {
        "file": str(p),
        "format": "csv",
        "encoding": "cp1250",
        "delimiter": ";",
        "sheet": None,
        "sheets": [],
        "headers": ["Nazwa", "NIP"],
        "rows": [{"row": 3, "cells": ["Acme", "123"]}],
        "total_rows": 2,
    }
    assert not store.exists()  # reading never creates or touches the store


def test_read_json_workbook_rows_are_sheet_rows(tmp_path):
    r = cli(tmp_path / "s.json", "read", str(CORPUS / "libreoffice.xls"), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["format"], out["encoding"], out["delimiter"]) == ("xls", None, None)
    assert (out["sheet"], out["sheets"]) == ("Dane", ["Ukryty", "Dane", "Pusty"])
    assert [row["row"] for row in out["rows"]] == [4, 5, 6, 8, 9, 10, 11]
    assert out["rows"][0]["cells"][:2] == ["Zażółć gęślą jaźń", "1.041392685158225"]
    assert out["total_rows"] == 7


def test_read_errors_are_one_line_and_json_stays_json(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    r = cli(tmp_path / "s.json", "read", str(bad), "--json")
    assert r.returncode == 1
    assert json.loads(r.stdout) == {
        "error": "bad.xlsx: not a valid XLSX workbook (content does not match the extension)",
        "exit": 1,
    }
    assert r.stderr.count("\n") == 1
    r = cli(tmp_path / "s.json", "read", str(CORPUS / "openpyxl_1900.xlsx"), "--sheet", "Pusty")
    assert (r.returncode, r.stderr) == (1, "relimport: openpyxl_1900.xlsx: sheet 'Pusty' is empty\n")


def test_read_text_shows_cells_as_plain_text(tmp_path):
    p = tmp_path / "evil.csv"
    p.write_text('Name,Note\n"\x1b]52;c;aGk=\x07[bold]x[/bold]",ok\n', encoding="utf-8")
    r = cli(tmp_path / "s.json", "read", str(p))
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "␛]52;c;aGk=␇[bold]x[/bold]" in r.stdout
    assert "delimiter: ," in r.stdout and "rows:      1" in r.stdout
