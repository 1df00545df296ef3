"""What every workbook reader hands over: sheet names and, per sheet, typed cells."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Grid:
    """A sheet's used range, column by column, as typed cells (see :mod:`relimport.core.files.cells`).

    ``first_row``/``first_col`` are the 0-based sheet position of the top-left
    cell; every column has the same length. ``day_shift`` days are added to
    dates when the reader library used the wrong date system.
    """

    columns: list[list[Any]]
    first_row: int
    first_col: int
    day_shift: int = 0

    @property
    def height(self) -> int:
        return len(self.columns[0]) if self.columns else 0


@dataclass(frozen=True)
class Book:
    """An open workbook: its sheet names (every tab, in order) and a loader per sheet index."""

    sheets: tuple[str, ...]
    load: Callable[[int], Grid]
    hidden: frozenset[int] = field(default_factory=frozenset)
    charts: frozenset[int] = field(default_factory=frozenset)  # chart sheets: no cells
