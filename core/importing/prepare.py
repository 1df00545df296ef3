"""From a user's request (file, type, recipe, overrides) to a table and a mapping.

The CLI and the TUI both go through here, so a recipe replays identically in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from relimport.core.domain.errors import UsageError
from relimport.core.domain.objects import parse_kind
from relimport.core.domain.options import ImportOptions
from relimport.core.files.reader import FileOptions, Table, read_table
from relimport.core.importing.engine import Refused, plan_and_apply, plan_import
from relimport.core.importing.report import ImportReport
from relimport.core.mapping import columns as mp
from relimport.core.mapping.columns import DEFAULT_SEPARATOR, Mapping
from relimport.core.mapping.recipe import Recipe, load_recipe, recipe_from
from relimport.core.store.jsonfile import Store
from relimport.core.store.model import StoreData

NONE_WORDS = ("none", "brak", "")


@dataclass(frozen=True)
class ImportRequest:
    """What the user asked for; ``None`` means "from the recipe, else the default"."""

    path: Path
    kind: str | None = None
    recipe: Path | None = None
    overrides: Sequence[str] = ()
    mode: str | None = None
    dry_run: bool = False
    all_or_nothing: bool | None = None
    replace: bool | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    separator: str | None = None
    format: str | None = None


@dataclass
class Prepared:
    table: Table
    mapping: Mapping
    options: ImportOptions
    recipe: Recipe
    file_options: FileOptions = field(default_factory=FileOptions)

    def recipe_dict(self) -> dict[str, Any]:
        return self.recipe.to_dict()


def parse_separator(text: str | None) -> str | None:
    """``--separator``: a string, or none/brak/empty for no splitting."""
    if text is None:
        return DEFAULT_SEPARATOR
    return None if text.strip().lower() in NONE_WORDS else text


def parse_overrides(items: Sequence[str]) -> list[tuple[str, str]]:
    out = []
    for item in items:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip():
            raise UsageError(
                f"--map {item!r}: expected 'HEADER=TARGET' (TARGET: field:NAME, rel:NAME[@KEY], skip)"
            )
        out.append((header.strip(), target.strip()))
    return out


def build_mapping(
    data: StoreData,
    kind: str,
    table: Table,
    recipe: Recipe | None,
    overrides: Sequence[tuple[str, str]],
    separator: str | None,
) -> Mapping:
    """Auto-map, then apply the recipe's columns, then explicit overrides."""
    rels = data.relationship_types
    mapping = mp.auto_map(
        kind, table.info.headers, rels, skipped=table.info.empty_headers, separator=separator
    )
    if recipe is not None:
        for col in recipe.columns:
            sep = col.separator if col.target.startswith("rel:") else separator
            mapping = mp.apply_overrides(mapping, [(col.header, col.target)], rels, sep, strict=False)
    return mp.apply_overrides(mapping, overrides, rels, separator)


def prepare(data: StoreData, req: ImportRequest, *, progress=None, cancel=None) -> Prepared:
    """Read the file and build the mapping and options the request describes."""
    recipe = load_recipe(req.recipe) if req.recipe else None
    kind_text = req.kind or (recipe.kind if recipe else None)
    if not kind_text:
        raise UsageError("--type is required (or a recipe that names the type)")
    kind = parse_kind(kind_text)
    if recipe and recipe.kind and parse_kind(recipe.kind) != kind:
        raise UsageError(f"recipe is for type {recipe.kind!r}, not {kind!r}")
    fopts = FileOptions(
        encoding=req.encoding or (recipe.encoding if recipe else None),
        delimiter=req.delimiter or (recipe.delimiter if recipe else None),
        sheet=req.sheet if req.sheet is not None else (recipe.sheet if recipe else None),
        format=req.format or (recipe.format if recipe else None),
    )
    table = read_table(req.path, fopts, progress=progress, cancel=cancel)
    separator = parse_separator(req.separator)
    mapping = build_mapping(data, kind, table, recipe, parse_overrides(req.overrides), separator)
    if req.separator is not None:
        mapping = mp.set_separator(mapping, separator)
    options = ImportOptions(
        mode=req.mode or (recipe.mode if recipe and recipe.mode else "upsert"),
        replace=bool(req.replace if req.replace is not None else (recipe.replace if recipe else False)),
        all_or_nothing=bool(
            req.all_or_nothing
            if req.all_or_nothing is not None
            else (recipe.all_or_nothing if recipe else False)
        ),
        dry_run=req.dry_run,
    )
    used = recipe_from(
        mapping,
        encoding=table.info.encoding if fopts.encoding else None,
        delimiter=table.info.delimiter if fopts.delimiter else None,
        sheet=table.info.sheet if fopts.sheet is not None else None,
        mode=options.mode,
        replace=options.replace,
        all_or_nothing=options.all_or_nothing,
        decisions=recipe.decisions if recipe else (),
    )
    if fopts.format:
        used = replace(used, format=fopts.format)
    return Prepared(table, mapping, options, used, fopts)


def import_file(
    store: Store, req: ImportRequest, *, progress=None, cancel=None
) -> tuple[Prepared, ImportReport]:
    """Read, map and import (or dry-run) a file; the store is read once.

    An applied import holds the store's lock from reading the store to writing it,
    so no other writer's change can be lost.
    """
    if req.dry_run:
        store.reload_if_changed()
        prepared = prepare(store.data, req, progress=progress, cancel=cancel)
        plan = plan_import(
            store.data,
            prepared.table,
            prepared.mapping,
            prepared.options,
            progress=progress,
            cancel=cancel,
            decisions=prepared.recipe.decisions,
        )
        return prepared, plan.report
    prepared = None
    try:
        with store.transaction() as data:
            prepared = prepare(data, req, progress=progress, cancel=cancel)
            report = plan_and_apply(
                data,
                prepared.table,
                prepared.mapping,
                prepared.options,
                recipe=prepared.recipe_dict(),
                progress=progress,
                cancel=cancel,
                decisions=prepared.recipe.decisions,
            )
    except Refused as exc:
        assert prepared is not None
        return prepared, exc.report
    return prepared, report
