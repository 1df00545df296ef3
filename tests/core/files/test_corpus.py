"""Workbooks of the corpus read cell by cell as LibreOffice shows them (its CSV export is the oracle).

The workbooks and the oracle CSVs are committed (``corpus/make_corpus.py``
regenerates them; LibreOffice is not needed to run these tests). Differences
the comparison allows, each a choice of relimport's:

- numbers compare as numbers: LibreOffice shows 15 significant digits and
  applies number formats (``01234``), relimport keeps the full value;
- an empty cell is ``""`` in the CSV and null in relimport.

LibreOffice recalculates the formulas of an ``.xls`` it opens; the one it
wrote holds no cached text for a formula's text result, which relimport reads
as the cached number (0): that column is left out below.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from relimport.core.domain.errors import FileError
from relimport.core.domain.options import FileOptions
from relimport.core.files.reader import read_table
from relimport.core.files.table import ROW_COLUMN

CORPUS = Path(__file__).parent / "corpus"
ORACLE = CORPUS / "oracle"
BOOKS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".xlsx", ".xls", ".ods"))
CASES = [
    (book, csv_path.stem.removeprefix(book.stem + "-"))
    for book in BOOKS
    for csv_path in sorted(ORACLE.glob(f"{book.stem}-*.csv"))
]


NOT_COMPARED = {("libreoffice_chart.xls", "Wykres"): {"Wynik"}}


def oracle_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def same(ours: str | None, theirs: str) -> bool:
    ours = ours or ""
    if ours == theirs:
        return True
    try:
        a, b = float(ours), float(theirs)
    except ValueError:
        return False
    return math.isclose(a, b, rel_tol=1e-14)


def test_corpus_is_there():
    assert len(BOOKS) >= 10 and len(CASES) >= 20


@pytest.mark.parametrize(("book", "sheet"), CASES, ids=[f"{b.name}:{s}" for b, s in CASES])
def test_cells_as_libreoffice_shows_them(book: Path, sheet: str):
    expected = oracle_rows(ORACLE / f"{book.stem}-{sheet}.csv")
    filled = [i for i, row in enumerate(expected) if any(cell.strip() for cell in row)]
    if not filled:
        with pytest.raises(FileError, match=f"sheet '{sheet}' is empty"):
            read_table(book, FileOptions(sheet=sheet))
        return
    table = read_table(book, FileOptions(sheet=sheet))
    assert table.info.sheet == sheet
    header_at = filled[0]
    first_col = min(next(j for j, c in enumerate(expected[i]) if c.strip()) for i in filled)
    headers = table.info.headers
    width = len(headers)
    for j, header in enumerate(headers):
        if header not in table.info.empty_headers:
            assert header == expected[header_at][first_col + j].strip()
    rows = table.frame.rows()
    assert [r[-1] for r in rows] == [i + 1 for i in filled[1:]], "row numbers"
    for row in rows:
        number, cells = row[-1], row[:-1]
        theirs = (expected[number - 1] + [""] * width)[first_col : first_col + width]
        skip = NOT_COMPARED.get((book.name, sheet), set())
        for j, (a, b) in enumerate(zip(cells, theirs, strict=True)):
            if headers[j] in skip:
                continue
            assert same(a, b), f"{book.name} {sheet} row {number} column {headers[j]!r}: {a!r} != {b!r}"
    assert table.frame.columns[-1] == ROW_COLUMN


@pytest.mark.parametrize("name", ["openpyxl_1900.xlsx", "libreoffice.ods", "libreoffice.xls"])
def test_default_sheet_is_the_first_visible_non_empty_one(name):
    """The first sheet is hidden: the sheet a user sees is read, in the preview as in the import."""
    from relimport.core.files.reader import preview_table

    table = read_table(CORPUS / name)
    assert (table.info.sheet, table.info.sheets) == ("Dane", ("Ukryty", "Dane", "Pusty"))
    assert preview_table(CORPUS / name, n_rows=2).info.sheet == "Dane"


@pytest.mark.parametrize("name", ["openpyxl_1904.xlsx", "mac_1904_extlst.xlsx", "libreoffice_1904.ods"])
def test_1904_date_system(name):
    table = read_table(CORPUS / name)
    assert table.frame.get_column("Data").to_list()[:2] == ["2026-12-31", "2000-02-29"]
    assert table.frame.get_column("Data i czas").to_list()[0] == "2026-01-02 03:04:05"


def test_typed_cells_text():
    """What the oracle cannot show: full precision, and the text of each kind of value."""
    table = read_table(CORPUS / "openpyxl_1900.xlsx")
    first = dict(zip(table.info.headers, table.frame.row(0), strict=False))
    assert first == {
        "Nazwa": "Zażółć gęślą jaźń",
        "Liczba": "1.041392685158225",  # as openpyxl wrote it, not rounded to 9 places
        "Data": "2026-12-31",
        "Data i czas": "2026-01-02 03:04:05",
        "Godzina": "14:30:00",
        "Czas trwania": "36:05:00",
        "Logiczna": "TRUE",
        "Błąd": "#N/A",
        "Kod": "1234",
    }
    numbers = table.frame.get_column("Liczba").to_list()
    assert numbers == [
        "1.041392685158225",
        "1e-10",
        "123456789012345",
        "1234567890",
        "-0.25",
        "0.3",  # openpyxl writes 15 significant digits
        None,
    ]
    assert table.frame.get_column("Godzina").to_list()[1] == "00:00:00"  # midnight, not 1899-12-31


def test_chart_cells_are_not_rows():
    for name in ("xlsxwriter_chart.xlsx", "libreoffice_chart.xls"):
        table = read_table(CORPUS / name)
        assert table.info.sheets == ("Wykres", "Wykres2")
        assert table.frame.get_column("Firma").to_list() == [f"Firma {i}" for i in range(1, 8)]
    results = read_table(CORPUS / "xlsxwriter_chart.xlsx").frame.get_column("Wynik").to_list()
    assert results[:3] == ["#DIV/0!", "duża", "TRUE"]  # cached formula values
