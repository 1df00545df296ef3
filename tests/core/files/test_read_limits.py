"""Memory proportional to use when reading: a cell of more than 1 MiB or a file of more
than 16,384 columns is refused in one line naming it, before it costs gigabytes."""

from __future__ import annotations

import pytest

from relimport.core.domain.errors import FileError
from relimport.core.files import csvparse, table
from relimport.core.files.reader import preview_table, read_table
from tests.writers import write_csv, write_file


def test_a_cell_over_one_mib_is_refused_naming_its_row_and_column(tmp_path):
    big = "A" * (table.MAX_CELL_BYTES + 1)
    p = write_csv(tmp_path / "notes.csv", [["Nazwa", "Uwagi"], ["Acme", "ok"], ["Beta", big]])
    for read in (read_table, preview_table):
        with pytest.raises(FileError) as err:
            read(p)
        assert str(err.value) == (
            "notes.csv: row 3, column 'Uwagi': a cell of 1,048,577 bytes; at most 1,048,576 are read: "
            "shorten it or split the text"
        )
    fits = write_csv(tmp_path / "fits.csv", [["Nazwa", "Uwagi"], ["Acme", "A" * table.MAX_CELL_BYTES]])
    assert read_table(fits).frame["Uwagi"][0] == "A" * table.MAX_CELL_BYTES


def test_a_million_columns_are_refused_before_parsing(tmp_path):
    header = ";".join(f"k{i}" for i in range(1_000_000))
    p = write_file(tmp_path / "wide.csv", header + "\n" + ";" * 999_999 + "\n")
    with pytest.raises(FileError, match=r"^wide\.csv: 1,000,000 columns, more than the 16,384"):
        read_table(p)


def test_delimiters_inside_quotes_are_not_columns(tmp_path, monkeypatch):
    monkeypatch.setattr(table, "MAX_COLUMNS", 3)
    parsed = []
    monkeypatch.setattr(csvparse, "_parse_fast", lambda *a: parsed.append(a))  # never reached
    ok = write_file(tmp_path / "q.csv", 'Nazwa;"a;b;c;d";X\nAcme;1;2\n')
    assert read_table(ok).info.headers == ("Nazwa", "a;b;c;d", "X")
    wide = write_file(tmp_path / "w.csv", "a;b;c;d\n1;2;3;4\n")
    with pytest.raises(FileError, match="w.csv: 4 columns, more than the 3 a spreadsheet holds"):
        read_table(wide)
    assert len(parsed) == 1  # the quoted file was parsed; the wide one refused before


def test_workbook_limits(tmp_path, monkeypatch):
    import xlsxwriter

    path = tmp_path / "wide.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Firmy")
    for c, text in enumerate(["Nazwa", "Uwagi", "Miasto", "Kraj"]):
        ws.write_string(0, c, text)
        ws.write_string(1, c, text.lower() * 3)
    wb.close()
    monkeypatch.setattr(table, "MAX_COLUMNS", 3)
    with pytest.raises(FileError, match="wide.xlsx: sheet 'Firmy' has 4 columns, more than the 3"):
        read_table(path)
    monkeypatch.setattr(table, "MAX_COLUMNS", 16_384)
    monkeypatch.setattr(table, "MAX_CELL_BYTES", 16)
    with pytest.raises(FileError, match=r"wide.xlsx: row 2, column 'Miasto': a cell of 18 bytes"):
        read_table(path)
