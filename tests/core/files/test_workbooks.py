"""relimport.core.files: workbooks (xlsx, ods) read as text tables; sheets, previews, broken ones."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import polars as pl
import pytest

from relimport.core.domain.errors import FileError
from relimport.core.files import decode as textdecode
from relimport.core.files import sheets
from relimport.core.files.reader import (
    SUPPORTED_SUFFIXES,
    FileOptions,
    preview_table,
    read_table,
)
from tests.core.files.expect import error_of, rows
from tests.writers import write_file, write_ods, write_xlsx

# --- workbooks ------------------------------------------------------------------------


@pytest.fixture
def workbook(tmp_path) -> Path:
    return write_xlsx(
        tmp_path / "crm.xlsx",
        {
            "Notes": [],  # empty first sheet: skipped by default
            "Firmy": [
                [],  # rows 1-2 blank: the header is on row 3
                [],
                ["NIP", "Kwota", "Data", "Kod", None, "Zmiana"],
                [1234567890, 12.5, dt.datetime(2025, 3, 1), "0123", None, dt.datetime(2025, 3, 1, 14, 30)],
                [],  # row 5 left blank
                [5.0, -0.25, None, "  ", "orphan", True],
            ],
            "Osoby": [["Imię", "Nazwisko"], ["Łukasz", "Żółć"]],
        },
    )


def test_xlsx_cells_are_text(workbook):
    table = read_table(workbook)
    info = table.info
    assert (info.format, info.sheet, info.sheets) == ("xlsx", "Firmy", ("Notes", "Firmy", "Osoby"))
    assert (info.encoding, info.delimiter) == (None, None)
    assert info.headers == ("NIP", "Kwota", "Data", "Kod", "(column 5)", "Zmiana")
    assert info.empty_headers == ("(column 5)",)
    assert rows(table) == [
        ("1234567890", "12.5", "2025-03-01", "0123", None, "2025-03-01 14:30:00", 4),
        ("5", "-0.25", None, "  ", "orphan", "TRUE", 6),
    ]
    assert info.rows == 2
    assert len(info.sha256) == 64
    assert table.frame.dtypes == [pl.String] * 6 + [pl.Int64]


@pytest.mark.parametrize(
    ("sheet", "expected"), [("Osoby", "Osoby"), (2, "Osoby"), (" osoby", "Osoby"), (1, "Firmy")]
)
def test_sheet_selection(workbook, sheet, expected):
    table = read_table(workbook, FileOptions(sheet=sheet))
    assert table.info.sheet == expected
    if expected == "Osoby":
        assert rows(table) == [("Łukasz", "Żółć", 2)]


def test_sheet_errors(workbook):
    assert error_of(workbook, FileOptions(sheet="X")) == (
        "crm.xlsx: sheet 'X' not found (sheets: Notes, Firmy, Osoby)"
    )
    assert "sheet 7 not found (sheets: Notes, Firmy, Osoby)" in error_of(workbook, FileOptions(sheet=7))
    assert error_of(workbook, FileOptions(sheet="Notes")) == "crm.xlsx: sheet 'Notes' is empty"


def test_workbook_data_from_row_one_and_placeholders_use_sheet_columns(tmp_path):
    path = write_xlsx(
        tmp_path / "b.xlsx",
        {"S": [[None, "Nazwa", None, "Miasto"], [None, "A", "x", "B"]]},
    )
    table = read_table(path)
    # Column A is empty in the whole sheet; B is the first column read.
    assert table.info.headers == ("Nazwa", "(column 3)", "Miasto")
    assert rows(table) == [("A", "x", "B", 2)]


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        ({"A": [], "B": []}, "w.xlsx: file is empty (every sheet is blank)"),
        ({"A": [["x", "y"]]}, "w.xlsx: only a header row, no data"),
        (
            {"A": [["Nazwa", "nazwa"], [1, 2]]},
            "w.xlsx: duplicate column headers: 'Nazwa', 'nazwa' (columns 1 and 2)",
        ),
    ],
)
def test_workbook_content_errors(tmp_path, sheets, expected):
    assert error_of(write_xlsx(tmp_path / "w.xlsx", sheets)) == expected


def test_workbook_preview(workbook):
    preview = preview_table(workbook, n_rows=1)
    assert rows(preview) == [rows(read_table(workbook))[0]]
    assert preview.info.rows == 1
    assert preview.info.sha256 == ""


def test_ods(tmp_path):
    path = write_ods(
        tmp_path / "a.ods",
        {"Arkusz1": [["NIP", "Miasto"], [1234567890, "Łódź"], [None, None], [12.5, "Gdańsk"]]},
    )
    table = read_table(path)
    assert (table.info.format, table.info.sheet) == ("ods", "Arkusz1")
    assert rows(table) == [("1234567890", "Łódź", 2), ("12.5", "Gdańsk", 4)]


def test_workbook_mismatch_errors(tmp_path, workbook):
    text = write_file(tmp_path / "text.xlsx", b"a;b\n1;2\n")
    assert error_of(text) == ("text.xlsx: not a valid XLSX workbook (content does not match the extension)")
    empty = write_file(tmp_path / "empty.xlsx", b"")
    assert error_of(empty) == "empty.xlsx: file is empty"
    as_xls = write_file(tmp_path / "renamed.xls", workbook.read_bytes())
    assert "renamed.xls: not a valid XLS workbook (content is a ZIP archive" in error_of(as_xls)
    html = write_file(tmp_path / "export.xls", b"<html><table><tr><td>1</td></tr></table></html>")
    assert "export.xls: not a valid XLS workbook (content does not match" in error_of(html)
    ods_as_xlsx = write_file(tmp_path / "o.xlsx", write_ods(tmp_path / "x.ods", {"A": [["a"]]}).read_bytes())
    assert "o.xlsx: not a valid XLSX workbook" in error_of(ods_as_xlsx)
    old = write_file(tmp_path / "old.xlsx", textdecode.OLE_MAGIC + b"\x00" * 100)
    assert "content is an old XLS workbook" in error_of(old)


def test_corrupt_workbook_is_a_file_error(tmp_path):
    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<nonsense")
        z.writestr("xl/workbook.xml", "<also nonsense")
    assert error_of(path).startswith("bad.xlsx: ")


def test_zip_bomb_refused(workbook, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_UNCOMPRESSED_BYTES", 1000)
    assert "crm.xlsx: workbook would unpack to" in error_of(workbook)


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")


def test_bytes_that_are_no_supported_text_are_refused(tmp_path):
    """0x81 is undefined in cp1250 and a control code in ISO-8859-2: not text."""
    p = tmp_path / "x.csv"
    p.write_bytes(b"Nazwa,NIP\nA\xff\xfe\xfd\x81,1\n")
    with pytest.raises(FileError, match=r"not text in UTF-8, Windows-1250 or ISO-8859-2 \(byte 0x81"):
        read_table(p)


def test_format_override_reads_any_suffix(tmp_path):
    p = tmp_path / "export.dat"
    p.write_text("Nazwa;NIP\nAcme;123\n", encoding="utf-8")
    with pytest.raises(FileError, match="unsupported file type '.dat'"):
        read_table(p)
    table = read_table(p, FileOptions(format="csv"))
    assert table.info.headers == ("Nazwa", "NIP") and table.frame["Nazwa"].to_list() == ["Acme"]
