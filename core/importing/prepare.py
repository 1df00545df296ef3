"""From an :class:`ImportRequest` to the table, mapping, options and decisions of one file.

Every choice is settled by the one rule of :mod:`relimport.core.mapping.precedence`,
so a recipe replays the same in the CLI and the TUI.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from relimport.core.domain.errors import UsageError
from relimport.core.domain.options import ImportOptions
from relimport.core.files.reader import Table, read_table
from relimport.core.importing.engine import CancelCheck, Progress
from relimport.core.importing.notices import ignored_columns, missing_recipe_columns, refuse_if_strict
from relimport.core.importing.request import ImportRequest
from relimport.core.mapping.columns import Mapping
from relimport.core.mapping.decisions import Decision
from relimport.core.mapping.precedence import (
    Choices,
    build_mapping,
    parse_overrides,
    parse_separator,
    settle,
    settle_decisions,
    settle_kind,
)
from relimport.core.mapping.recipe import Recipe, load_recipe, recipe_from
from relimport.core.store.model import StoreData


@dataclass(frozen=True)
class Prepared:
    """One file, ready to plan."""

    table: Table
    mapping: Mapping
    options: ImportOptions
    decisions: tuple[Decision, ...]
    #: The recipe that replays the import (the options and columns as settled).
    recipe: Recipe
    #: What the import leaves out (ignored columns, recipe columns the file lacks).
    warnings: tuple[str, ...] = ()


def given_recipe(req: ImportRequest) -> Recipe | None:
    """The request's recipe, read from its file when a path is given."""
    if isinstance(req.recipe, Path):
        return load_recipe(req.recipe)
    return req.recipe


def prepare(
    data: StoreData,
    req: ImportRequest,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Prepared:
    """Read the file (unless the request brings it) and settle mapping, options and decisions.

    Raises:
        UsageError: under strict, a column the import would leave out (see
            :mod:`relimport.core.importing.notices`).
    """
    recipe = given_recipe(req)
    if req.mapping is not None:
        if req.overrides or req.separator is not None:
            raise ValueError("a finished mapping takes no overrides or separator")
        kind = req.mapping.kind
        if req.kind and settle_kind(req.kind, None) != kind:
            raise UsageError(f"the mapping is for type {kind!r}, not {req.kind!r}")
    else:
        kind = settle_kind(req.kind, recipe)
    choices = settle(req.choices, Choices.of_recipe(recipe))
    fopts = choices.file_options()
    table = req.table
    if table is None:
        table = read_table(req.path, fopts, progress=progress, cancel=cancel)
    mapping = req.mapping
    if mapping is None:
        overrides = parse_overrides(req.overrides)
        separator = parse_separator(req.separator)
        given = req.separator is not None
        mapping = build_mapping(data, kind, table, recipe, overrides, separator, separator_given=given)
    options = choices.import_options(dry_run=req.dry_run)
    warnings = ignored_columns(mapping, table) + missing_recipe_columns(recipe, mapping)
    refuse_if_strict(choices.strict, warnings)
    used = recipe_from(
        mapping,
        encoding=table.info.encoding if fopts.encoding else None,
        delimiter=table.info.delimiter if fopts.delimiter else None,
        sheet=table.info.sheet if fopts.sheet is not None else None,
        mode=options.mode,
        replace=options.replace,
        all_or_nothing=options.all_or_nothing,
        decisions=recipe.decisions if recipe else (),
        decimal=options.decimal,
        date_order=options.date_order,
        strict=choices.strict,
    )
    if fopts.format:
        used = replace(used, format=fopts.format)
    decisions = settle_decisions(req.decisions, recipe)
    return Prepared(table, mapping, options, decisions, used, tuple(warnings))
