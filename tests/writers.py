"""Writers of the files tests read and import: delimited text, XLSX and ODS.

Every test that needs a spreadsheet on disk writes it through these, so each quirk
(an encoding, a delimiter, CRLF, a BOM, numeric or date cells, blank rows) is made one
way everywhere. Files that are deliberately broken (random bytes, zip bombs, damaged
stores) are written as raw bytes where they are made.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import xlsxwriter

#: A cell of a workbook: text, a number, a boolean, a date or time, or nothing (None).
Cell = str | int | float | bool | dt.datetime | None


def write_file(path: Path, content: bytes | str, encoding: str = "utf-8") -> Path:
    """Write ``content`` as it is: bytes unchanged, text encoded with ``encoding``."""
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    newline: str = "\n",
) -> Path:
    """Write rows (the header first) as delimited text, quoting cells that need it.

    ``encoding`` may be any codec (``cp1250``, ``utf-8-sig`` for a BOM, ``utf-16``);
    ``newline`` ends every row (``"\\r\\n"`` as Excel writes); a line break inside a
    cell is kept inside its quotes.
    """

    def quoted(cell: str) -> str:
        if any(ch in cell for ch in (delimiter, '"', "\n", "\r")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    text = newline.join(delimiter.join(quoted(c) for c in row) for row in rows) + newline
    return write_file(path, text, encoding)


def write_xlsx(path: Path, sheets: dict[str, list[list[Cell]]]) -> Path:
    """An XLSX workbook, one sheet per entry in order, with real cell types.

    Rows are written from row 1; an empty list is a blank row. ``None`` leaves a cell
    empty, numbers and booleans are Excel numbers and booleans, a datetime at midnight
    is a date cell, any other datetime a date-and-time cell.
    """
    wb = xlsxwriter.Workbook(str(path))
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    stamp = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                if value is None:
                    continue
                if isinstance(value, dt.datetime):
                    ws.write_datetime(r, c, value, date if value.time() == dt.time() else stamp)
                elif isinstance(value, bool):
                    ws.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    ws.write_number(r, c, value)
                else:
                    ws.write_string(r, c, value)
    wb.close()
    return path


def write_ods(path: Path, sheets: dict[str, list[list[Cell]]]) -> Path:
    """A minimal OpenDocument spreadsheet (no writer library needed).

    Numbers are float cells, ``None`` an empty cell, anything else a string cell.
    """

    def cell(v: Cell) -> str:
        if v is None:
            return "<table:table-cell/>"
        if isinstance(v, int | float) and not isinstance(v, bool):
            return (
                f'<table:table-cell office:value-type="float" office:value="{v}">'
                f"<text:p>{v}</text:p></table:table-cell>"
            )
        text = f"<text:p>{escape(str(v))}</text:p>"
        return f'<table:table-cell office:value-type="string">{text}</table:table-cell>'

    body = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f"{body}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as z:
        # The mimetype entry comes first and uncompressed, as the format requires.
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


#: A workbook of one sheet per import kind (and one that is none), for write_xlsx:
#: companies, persons with their companies, deals naming both; one deal's client is unknown.
BOOK: dict[str, list[list[Cell]]] = {
    # Deals first in the file: the import still orders companies and persons before them.
    "Szanse": [
        ["Nazwa", "Wartość", "Klient", "Decydent"],
        ["Wdrożenie", "1000", "Acme", "jan@acme.pl"],
        ["Serwis", "200", "Beta", "ewa@beta.pl"],
        ["Audyt", "50", "Nieznana", ""],
    ],
    "Osoby": [
        ["Imię", "Nazwisko", "E-mail", "Firma"],
        ["Jan", "Kowalski", "jan@acme.pl", "Acme"],
        ["Ewa", "Lis", "ewa@beta.pl", "Beta"],
    ],
    "Firmy": [["Nazwa", "NIP"], ["Acme", "1234563218"], ["Beta", "1111111111"]],
    "Notatki": [["cokolwiek"], ["x"]],
}


def far_cell_xlsx(path: Path) -> Path:
    """2 KB: a header, one row, and one cell at XFD1048576 (the reader would allocate
    rows x columns cells: half a terabyte)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Firmy")
    ws.write_string(0, 0, "Nazwa")
    ws.write_string(1, 0, "Acme")
    ws.write_string(1048575, 16383, "x")
    wb.close()
    return path
