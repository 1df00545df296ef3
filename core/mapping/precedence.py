"""Which value each choice of an import takes: one rule for the CLI, the TUI and workbooks.

    explicit choice (a CLI option, a TUI control)  >  the recipe  >  detection / default

- Reading options (encoding, delimiter, sheet, format): ``None`` is "detect".
- Import options: mode ``upsert``, replace, all-or-nothing and strict off by default.
- The type: ``--type`` else the recipe's; both given and different is an error.
- The mapping: auto-mapping, then the recipe's columns, then ``--map`` overrides;
  an explicit ``--separator`` then applies to every relationship column.
- Decisions and workbook sheet types: the recipe's, each replaced by an explicit
  one for the same value (sheet).

In the TUI the user's earlier choices are the fallback layer when a recipe is
loaded (the recipe wins over them), and anything chosen afterwards is explicit.
"""

from __future__ import annotations

from collections.abc import Mapping as AbcMapping
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from relimport.core.domain.errors import UsageError
from relimport.core.domain.objects import parse_kind
from relimport.core.domain.options import DEFAULT_SEPARATOR, FileOptions, ImportOptions
from relimport.core.mapping import columns as mp
from relimport.core.mapping.columns import Mapping
from relimport.core.mapping.decisions import Decision
from relimport.core.mapping.recipe import Recipe
from relimport.core.store.model import StoreData

if TYPE_CHECKING:
    from relimport.core.files.reader import Table

#: ``--separator`` words meaning "do not split cells".
NONE_WORDS = ("none", "brak", "")


@dataclass(frozen=True)
class Choices:
    """The options of an import as one source gives them; ``None``: this source says nothing."""

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | int | None = None
    format: str | None = None
    mode: str | None = None
    replace: bool | None = None
    all_or_nothing: bool | None = None
    decimal: str | None = None
    date_order: str | None = None
    #: Anything the import would leave out (an ignored column or sheet) is an error.
    strict: bool | None = None

    @classmethod
    def of_recipe(cls, recipe: Recipe | None) -> Choices:
        """What a recipe says (nothing when there is no recipe)."""
        if recipe is None:
            return cls()
        return cls(
            encoding=recipe.encoding,
            delimiter=recipe.delimiter,
            sheet=recipe.sheet,
            format=recipe.format,
            mode=recipe.mode,
            replace=recipe.replace,
            all_or_nothing=recipe.all_or_nothing,
            decimal=recipe.decimal,
            date_order=recipe.date_order,
            strict=recipe.strict,
        )

    @classmethod
    def of(cls, file: FileOptions, options: ImportOptions) -> Choices:
        """Options already chosen (the TUI's): every import option is given."""
        return cls(
            encoding=file.encoding,
            delimiter=file.delimiter,
            sheet=file.sheet,
            format=file.format,
            mode=options.mode,
            replace=options.replace,
            all_or_nothing=options.all_or_nothing,
            decimal=options.decimal,
            date_order=options.date_order,
        )

    def file_options(self) -> FileOptions:
        """How to read the file (what is not given is detected)."""
        return FileOptions(self.encoding, self.delimiter, self.sheet, self.format)

    def import_options(self, *, dry_run: bool = False) -> ImportOptions:
        """The import options, defaults for what is not given."""
        return ImportOptions(
            mode=self.mode or "upsert",
            replace=bool(self.replace),
            all_or_nothing=bool(self.all_or_nothing),
            dry_run=dry_run,
            decimal=self.decimal,
            date_order=self.date_order,
        )


def _given(value: object) -> bool:
    # An empty text option (e.g. ``--encoding ''``) says nothing, like a missing one;
    # the sheet is the exception: its name may be anything, only None is "not given".
    return value is not None and value != ""


def settle(*layers: Choices) -> Choices:
    """Each option from the first layer that gives it: ``settle(explicit, recipe)``."""
    out = {}
    for f in fields(Choices):
        values = [getattr(layer, f.name) for layer in layers]
        if f.name == "sheet":
            out[f.name] = next((v for v in values if v is not None), None)
        else:
            out[f.name] = next((v for v in values if _given(v)), None)
    return Choices(**out)


def settle_kind(explicit: str | None, recipe: Recipe | None) -> str:
    """The import type: the explicit one, else the recipe's.

    Raises:
        UsageError: neither gives one, or they differ.
    """
    kind_text = explicit or (recipe.kind if recipe else None)
    if not kind_text:
        raise UsageError("--type is required (or a recipe that names the type)")
    kind = parse_kind(kind_text)
    if recipe and recipe.kind and parse_kind(recipe.kind) != kind:
        raise UsageError(f"recipe is for type {recipe.kind!r}, not {kind!r}")
    return kind


def settle_decisions(explicit: Sequence[Decision], recipe: Recipe | None) -> tuple[Decision, ...]:
    """The recipe's decisions, each replaced by an explicit one for the same column and value."""
    mine = {(d.column, d.value) for d in explicit}
    kept = [d for d in (recipe.decisions if recipe else ()) if (d.column, d.value) not in mine]
    return (*kept, *explicit)


def settle_sheets(explicit: AbcMapping[str, str], recipe: Recipe | None) -> dict[str, str]:
    """Workbook sheet → type: the recipe's ``[sheets]``, then explicit ``--sheet-map`` items."""
    return {**(recipe.sheets if recipe else {}), **explicit}


def parse_separator(text: str | None) -> str | None:
    """``--separator``: a string, or none/brak/empty for no splitting (not given: ``;``)."""
    if text is None:
        return DEFAULT_SEPARATOR
    return None if text.strip().lower() in NONE_WORDS else text


def parse_overrides(items: Sequence[str]) -> list[tuple[str, str]]:
    """``--map 'HEADER=TARGET'`` items as (header, target) pairs."""
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
    recipe: Recipe | None = None,
    overrides: Sequence[tuple[str, str]] = (),
    separator: str | None = DEFAULT_SEPARATOR,
    *,
    separator_given: bool = False,
) -> Mapping:
    """Auto-map ``table``'s headers, then apply the recipe's columns, then ``overrides``.

    ``separator`` splits the cells of relationship columns mapped here (a recipe's
    columns bring their own); ``separator_given`` (an explicit ``--separator``) sets
    it on every relationship column, the recipe's too.
    """
    rels = data.relationship_types
    mapping = mp.auto_map(
        kind, table.info.headers, rels, skipped=table.info.empty_headers, separator=separator
    )
    if recipe is not None:
        for col in recipe.columns:
            sep = col.separator if col.target.startswith("rel:") else separator
            mapping = mp.apply_overrides(mapping, [(col.header, col.target)], rels, sep, strict=False)
    mapping = mp.apply_overrides(mapping, overrides, rels, separator)
    if separator_given:
        mapping = mp.set_separator(mapping, separator)
    return mapping
