"""The choices of an import that are not the mapping: plain dataclasses, no polars.

The TUI's first screen creates the wizard's state from these before any file or
store is read, so this module stays light; :mod:`relimport.core.importing.engine`,
:mod:`relimport.core.files.table` and :mod:`relimport.core.mapping.columns` re-export what they use.
"""

from __future__ import annotations

from dataclasses import dataclass

from relimport.core.domain.errors import UsageError
from relimport.core.domain.values import DATE_ORDERS, DECIMAL_MARKS

MODES = ("upsert", "create", "update", "link")
#: Separator of several values in one relationship cell.
DEFAULT_SEPARATOR = ";"


@dataclass(frozen=True)
class ImportOptions:
    """What the user chose besides the mapping.

    Attributes:
        decimal: The decimal mark of money columns, ``","`` or ``"."``; ``None``
            decides it per column from the column's values.
        date_order: How dates whose year comes last (or first) are read: ``"dmy"``,
            ``"mdy"`` or ``"ymd"``; ``None`` decides it per column (Polish default: day first).
    """

    mode: str = "upsert"
    replace: bool = False
    all_or_nothing: bool = False
    dry_run: bool = False
    decimal: str | None = None
    date_order: str | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise UsageError(f"unknown mode {self.mode!r}: use one of {', '.join(MODES)}")
        check_value_options(self.decimal, self.date_order)


def check_value_options(decimal: str | None, date_order: str | None) -> None:
    """Refuse a decimal mark or date order relimport does not know (one line, exit 2)."""
    if decimal is not None and decimal not in DECIMAL_MARKS:
        raise UsageError(f"unknown decimal mark {decimal!r}: use ',' or '.'")
    if date_order is not None and date_order not in DATE_ORDERS:
        raise UsageError(f"unknown date order {date_order!r}: use one of {', '.join(DATE_ORDERS)}")


@dataclass(frozen=True)
class FileOptions:
    """How to read a file; ``None`` means detect.

    Attributes:
        encoding: Python codec name (``"cp1250"``, ``"utf-8"``…); delimited files only.
        delimiter: One character, or ``"tab"`` / ``"\\t"``; delimited files only.
        sheet: Workbook sheet by name or 0-based index; default the first non-empty one.
        format: ``"csv"``, ``"xlsx"``, ``"xls"`` or ``"ods"`` to read the file as that
            whatever its suffix (e.g. a ``.txt`` that is delimited, a ``.dat`` export).
    """

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | int | None = None
    format: str | None = None
