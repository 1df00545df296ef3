"""What an import would leave out: ignored columns and sheets, recipe columns the file lacks.

relimport never drops data without a word. Each of these is one line naming what
is left out and why; the CLI prints them on stderr, the TUI shows them before the
check, and with ``--strict`` (or ``strict = true`` in a recipe) each one is a usage
error before anything is read further or written.
"""

from __future__ import annotations

from collections.abc import Sequence

from relimport.core.domain.errors import UsageError
from relimport.core.domain.objects import kind_types
from relimport.core.files.reader import Table
from relimport.core.mapping.columns import Mapping, find_header
from relimport.core.mapping.recipe import Recipe


def ignored_columns(mapping: Mapping, table: Table) -> list[str]:
    """One line per column with values that no field or relationship takes.

    Columns the user skipped on purpose (``skip`` in a recipe or ``--map``) and
    columns without a single value lose nothing and are not listed.
    """
    what = " or ".join(t.label_en.lower() for t in kind_types(mapping.kind))
    frame = table.frame
    out = []
    for c in mapping.columns:
        if c.target != "skip" or c.skip_chosen or c.header not in frame.columns:
            continue
        if not frame[c.header].is_not_null().any():
            continue
        if c.header in table.info.empty_headers:
            reason = "it has no header (name it, or map it with --map)"
        elif c.note:
            reason = c.note
        else:
            reason = (
                f"{what} has no field and no relationship type named {c.header!r} "
                "(an import never creates relationship types: relimport relations add)"
            )
            if c.suggestion:
                reason += f"; did you mean {c.suggestion}?"
        out.append(f"column {c.header!r} is ignored: {reason}")
    return out


def missing_recipe_columns(recipe: Recipe | None, mapping: Mapping) -> list[str]:
    """A line naming the recipe's mapped columns that the file does not have (or none)."""
    if recipe is None:
        return []
    missing = [
        c.header for c in recipe.columns if c.target != "skip" and find_header(mapping, c.header) is None
    ]
    if not missing:
        return []
    names = ", ".join(repr(h) for h in missing)
    one = len(missing) == 1
    return [
        f"the recipe maps {'a column' if one else 'columns'} the file does not have: {names} "
        f"({'its' if one else 'their'} values are not imported)"
    ]


def ignored_sheets(names: Sequence[str]) -> list[str]:
    """One line per workbook sheet that is not imported."""
    return [
        f"sheet {name!r} is not imported: its name is no import type (map it with --sheet-map 'SHEET=TYPE')"
        for name in names
    ]


def refuse_if_strict(strict: bool | None, notes: Sequence[str]) -> None:
    """Under ``--strict`` anything left out is a usage error (exit 2), before anything is written.

    Raises:
        UsageError: ``strict`` and at least one note.
    """
    if strict and notes:
        raise UsageError("--strict: " + "; ".join(notes))
