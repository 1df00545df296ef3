"""Files: reading import files into a table of text cells; writing files users open.

Sits on ``domain`` only (the store is a sibling it never imports). Every reader
yields the same :class:`Table` — one ``pl.String`` column per header plus the row
number a spreadsheet shows — and turns any failure into a one-line ``FileError``.
Modules and their public names:

- ``reader``     the one entry for every format; picks the reader by suffix and
  content: read_table, preview_table, SUPPORTED_SUFFIXES
- ``table``      the table all readers produce and the steps they share: Table,
  TableInfo, ROW_COLUMN (inside this layer: finish, check_cancel, Parsed, blank_mask)
- ``delimited``  CSV/TSV/TXT: whole-file or preview reads, delimiter sniffing
  (inside this layer: read_delimited)
- ``decode``     bytes to UTF-8: BOM, strict UTF-8, Windows-1250 vs ISO-8859-2,
  workbooks saved under a text suffix refused (inside this layer: decode,
  check_encoding)
- ``csvparse``   decoded text to records with exact row numbers, stdlib ``csv`` for
  irregular files (inside this layer: parse_delimited)
- ``sheets``     XLSX/XLSM/XLS/ODS: content checks, sheet choice, row numbers
  (inside this layer: read_workbook); one reader per format hands over typed
  cells (``xlsx`` python-calamine, ``xls`` xlrd, ``ods`` its own XML reader,
  all as a Book of ``book``) and ``cells`` writes them as a spreadsheet shows them;
  ``isolated`` runs them in a child process, so a native abort or an allocation
  failure is one line (inside this layer: run_isolated)
- ``export``     CSV/XLSX that users open: formula-guarded, ``0600``, written
  atomically: write_table, export_problems, problem_table, check_output

Every public name is importable from ``relimport.core.files`` and imported on first
use (see :func:`relimport.core.lazy_exports`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relimport.core import lazy_exports

if TYPE_CHECKING:
    from relimport.core.files.export import check_output, export_problems, problem_table, write_table
    from relimport.core.files.reader import SUPPORTED_SUFFIXES, preview_table, read_table
    from relimport.core.files.table import ROW_COLUMN, Table, TableInfo

_EXPORTS = {
    "reader": ("read_table", "preview_table", "SUPPORTED_SUFFIXES"),
    "table": ("Table", "TableInfo", "ROW_COLUMN"),
    "export": ("write_table", "export_problems", "problem_table", "check_output"),
}

__all__ = [
    "ROW_COLUMN",
    "SUPPORTED_SUFFIXES",
    "Table",
    "TableInfo",
    "check_output",
    "export_problems",
    "preview_table",
    "problem_table",
    "read_table",
    "write_table",
]

if not TYPE_CHECKING:  # mypy reads the imports above; at run time each name loads on first use
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
