"""How a sample file is described as data (:class:`SampleFile`) and written to disk.

A sample file is a header of columns and a list of :class:`Row` s. A row may start
from a demo record (``like=("co", "hydro")``: every column mapped to one of the
record's fields takes its value) and sets other cells as text in which
``{co[hydro][name]}``-style references name demo records (``str.format`` fields).
Writers are deterministic (fixed workbook metadata and zip times), so a rebuild
gives byte-identical files.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

#: Demo records by collection and key: ``co``/``pe``/``de`` (companies, persons, deals),
#: ``pr`` (products by SKU), ``ve`` (vehicles and spaces by code); ``dashed`` maps a
#: company's key to its NIP typed with dashes.
Records = Mapping[str, Mapping[str, Any]]

#: Fixed times: the files are byte-identical from run to run.
STAMP = datetime(2025, 3, 3, 9, 0, 0)


@dataclass(frozen=True)
class Csv:
    """Delimited text as a given program writes it."""

    encoding: str = "utf-8"
    delimiter: str = ","
    newline: str = "\n"


@dataclass(frozen=True)
class Xlsx:
    """An Excel workbook: the data sheet, then a sheet of notes that is not imported."""

    sheet: str
    title: str
    #: Columns whose (digit-only) values are written as Excel numbers.
    numbers: tuple[str, ...] = ()
    #: (first column, last column, width) of the data sheet.
    widths: tuple[tuple[int, int, int], ...] = ()
    notes_sheet: str = "Notatki"
    notes: tuple[str, ...] = ()
    notes_width: int = 80


@dataclass(frozen=True)
class Ods:
    """A minimal OpenDocument spreadsheet of one sheet, every cell a string."""

    sheet: str


@dataclass(frozen=True)
class Row:
    """One row of a sample file and what it is there to show (README.md lists the same)."""

    shows: str
    #: A demo record, as (collection, key), that fills the mapped columns.
    like: tuple[str, str] | None = None
    #: Cells by header, over the record's values; ``{…}`` references name demo records.
    cells: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SampleFile:
    """A sample import file: its format, its columns and its rows (row 2 first)."""

    name: str
    layout: Csv | Xlsx | Ods
    #: Header -> the record field a ``like`` row takes (``None``: only given cells).
    columns: Mapping[str, str | None]
    rows: tuple[Row, ...]

    @property
    def headers(self) -> list[str]:
        return list(self.columns)

    def cells(self, records: Records) -> list[list[str]]:
        """The data rows as text, references resolved."""
        out = []
        for row in self.rows:
            unknown = set(row.cells) - set(self.columns)
            if unknown:
                raise ValueError(f"{self.name}: row '{row.shows}' sets unknown columns {sorted(unknown)}")
            record = records[row.like[0]][row.like[1]] if row.like else {}
            values = []
            for header, source in self.columns.items():
                if header in row.cells:
                    values.append(row.cells[header].format_map(records))
                else:
                    values.append(record[source] if source and record else "")
            out.append(values)
        return out

    def write(self, path: Path, records: Records) -> None:
        rows = self.cells(records)
        if isinstance(self.layout, Csv):
            write_csv(path, self.headers, rows, self.layout)
        elif isinstance(self.layout, Xlsx):
            write_xlsx(path, self.headers, rows, self.layout)
        else:
            write_ods(path, self.layout.sheet, [self.headers, *rows])


def write_csv(path: Path, headers: list[str], rows: list[list[str]], layout: Csv = Csv()) -> None:
    with path.open("w", encoding=layout.encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=layout.delimiter, lineterminator=layout.newline)
        w.writerow(headers)
        w.writerows(rows)


def write_xlsx(path: Path, headers: list[str], rows: list[list[str]], layout: Xlsx) -> None:
    """The data sheet (bold header, frozen first row), then the notes sheet."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": layout.title, "author": "relimport demo", "created": STAMP})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet(layout.sheet)
    numbers = {headers.index(h) for h in layout.numbers}
    for j, h in enumerate(headers):
        ws.write_string(0, j, h, bold)
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row):
            if j in numbers and v:
                ws.write_number(i, j, int(v))  # NIP/REGON as Excel numbers
            elif v != "":
                ws.write_string(i, j, v)
    for first, last, width in layout.widths:
        ws.set_column(first, last, width)
    ws.freeze_panes(1, 0)
    notes = wb.add_worksheet(layout.notes_sheet)
    notes.write_string(0, 0, "Notatka", bold)
    for i, text in enumerate(layout.notes, start=1):
        notes.write_string(i, 0, text)
    notes.set_column(0, 0, layout.notes_width)
    wb.close()


def write_ods(path: Path, sheet: str, rows: list[list[str]]) -> None:
    """A minimal valid .ods: mimetype (stored first), manifest, content; every cell a string."""

    def cell(v: str) -> str:
        if not v:
            return "<table:table-cell/>"
        text = f"<text:p>{escape(v)}</text:p>"
        return f'<table:table-cell office:value-type="string">{text}</table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    stamp = STAMP.timetuple()[:6]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            zipfile.ZipInfo("mimetype", stamp),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        for name, text in (("META-INF/manifest.xml", manifest), ("content.xml", content)):
            zf.writestr(
                zipfile.ZipInfo(name, stamp),
                text.encode("utf-8"),
                compress_type=zipfile.ZIP_DEFLATED,
            )
