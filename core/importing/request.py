"""What a caller asks of an import, and what it gets back (see :mod:`relimport.core.importing.run`)."""

from __future__ import annotations

from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relimport.core.files.reader import Table
from relimport.core.importing.report import ImportReport
from relimport.core.mapping.columns import Mapping
from relimport.core.mapping.decisions import Decision
from relimport.core.mapping.precedence import Choices
from relimport.core.mapping.recipe import Recipe

#: The ``kind`` of a workbook's summed report and of its batch.
WORKBOOK_KIND = "workbook"


@dataclass(frozen=True)
class ImportRequest:
    """One import: a file (or every sheet of a workbook), how to map it, dry run or not.

    What is not given comes from the recipe, else from detection or the default
    (the rule is :mod:`relimport.core.mapping.precedence`).

    Attributes:
        path: The file to import.
        kind: The import type (``person``, ``deal``…); ``None``: the recipe's.
        recipe: A recipe to replay, or the path of its TOML file.
        choices: Reading and import options given explicitly (``--encoding``, ``--mode``…).
        overrides: ``'HEADER=TARGET'`` items (``--map``), over the recipe's columns.
        separator: ``--separator`` as typed (``none`` for no splitting); ``None``: not given.
        decisions: The user's settlements of values (the resolution queue), over the recipe's.
        dry_run: Compute every outcome and write nothing.
        workbook: Import every sheet named after a type, in dependency order, as one batch.
        sheet_map: Workbook sheet → type (``--sheet-map``), over the recipe's ``[sheets]``.
        mapping: A finished mapping (the wizard's mapping step), used as it is: no recipe
            columns, overrides or separator apply to it.
        table: The file as already read with these reading options (the wizard keeps it);
            else the file is read here.
    """

    path: Path
    kind: str | None = None
    recipe: Recipe | Path | None = None
    choices: Choices = field(default_factory=Choices)
    overrides: tuple[str, ...] = ()
    separator: str | None = None
    decisions: tuple[Decision, ...] = ()
    dry_run: bool = False
    workbook: bool = False
    sheet_map: AbcMapping[str, str] = field(default_factory=dict)
    mapping: Mapping | None = None
    table: Table | None = None


@dataclass(frozen=True)
class SheetResult:
    """One sheet of a workbook import."""

    sheet: str
    kind: str
    report: ImportReport


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or a dry run would do).

    Attributes:
        report: Counts and problems; a workbook's are summed over its sheets.
        recipe: The recipe that replays this import (``--save-recipe`` writes it);
            for a workbook the recipe it was given, if any.
        table: The file as read (not for workbooks).
        mapping: The mapping used (not for workbooks).
        sheets: A workbook's sheets, in the order they were imported.
        ignored_sheets: A workbook's sheets not named after any type.
    """

    report: ImportReport
    recipe: Recipe | None = None
    table: Table | None = None
    mapping: Mapping | None = None
    sheets: tuple[SheetResult, ...] = ()
    ignored_sheets: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        return self.report.exit_code

    @property
    def workbook(self) -> bool:
        return self.report.kind == WORKBOOK_KIND

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` object; a workbook's adds ``sheets`` and ``ignored_sheets``."""
        out = self.report.to_json()
        if self.workbook:
            sheets = [{"sheet": s.sheet} | s.report.to_json() for s in self.sheets]
            out |= {"sheets": sheets, "ignored_sheets": list(self.ignored_sheets)}
        return out
