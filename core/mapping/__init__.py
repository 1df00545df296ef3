"""Mapping: which field or relationship each column feeds, recipes, the user's decisions.

Sits on ``store`` (relationship types) and ``domain``; it reads no file and
resolves no value. Modules and their public names:

- ``columns``        a file's columns mapped to fields or relationships (by name, or
  by inverse name from the target's side); exact header matches applied, fuzzy
  ones only suggested: Mapping, ColumnMap, RelView, auto_map, apply_overrides,
  parse_target, set_separator, validate, check, field_choices, field_label,
  field_headers, find_header, rel_views, kind_rel_views, COMPANY_PREFIX,
  COMPANY_NAME_HEADERS
- ``recipe``         a mapping plus file and import options saved as TOML and
  replayed: Recipe, RecipeColumn, recipe_from, save_recipe, load_recipe
- ``recipe_schema``  the shape a recipe file must have, checked before it is used
  (a wrong value is one line naming file and key): check_recipe
- ``decisions``      what the user decided for a value that did not resolve on its
  own (link to a record, or create it): Decision, ACTIONS
- ``precedence``     the one rule for every choice of an import — explicit option >
  recipe > detection/default — and the mapping built by it (auto-mapping, then the
  recipe's columns, then ``--map``): Choices, settle, settle_kind, settle_decisions,
  settle_sheets, build_mapping, parse_overrides, parse_separator

Every public name is importable from ``relimport.core.mapping`` and imported on
first use (see :func:`relimport.core.lazy_exports`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relimport.core import lazy_exports

if TYPE_CHECKING:
    from relimport.core.mapping.columns import (
        COMPANY_NAME_HEADERS,
        COMPANY_PREFIX,
        ColumnMap,
        Mapping,
        RelView,
        apply_overrides,
        auto_map,
        check,
        field_choices,
        field_headers,
        field_label,
        find_header,
        kind_rel_views,
        parse_target,
        rel_views,
        set_separator,
        validate,
    )
    from relimport.core.mapping.decisions import ACTIONS, Decision
    from relimport.core.mapping.precedence import (
        Choices,
        build_mapping,
        parse_overrides,
        parse_separator,
        settle,
        settle_decisions,
        settle_kind,
        settle_sheets,
    )
    from relimport.core.mapping.recipe import Recipe, RecipeColumn, load_recipe, recipe_from, save_recipe
    from relimport.core.mapping.recipe_schema import check_recipe

_EXPORTS = {
    "columns": (
        "Mapping",
        "ColumnMap",
        "RelView",
        "auto_map",
        "apply_overrides",
        "parse_target",
        "set_separator",
        "validate",
        "check",
        "field_choices",
        "field_label",
        "field_headers",
        "find_header",
        "rel_views",
        "kind_rel_views",
        "COMPANY_PREFIX",
        "COMPANY_NAME_HEADERS",
    ),
    "recipe": ("Recipe", "RecipeColumn", "recipe_from", "save_recipe", "load_recipe"),
    "recipe_schema": ("check_recipe",),
    "decisions": ("Decision", "ACTIONS"),
    "precedence": (
        "Choices",
        "settle",
        "settle_kind",
        "settle_decisions",
        "settle_sheets",
        "build_mapping",
        "parse_overrides",
        "parse_separator",
    ),
}

__all__ = [
    "ACTIONS",
    "COMPANY_NAME_HEADERS",
    "COMPANY_PREFIX",
    "Choices",
    "ColumnMap",
    "Decision",
    "Mapping",
    "Recipe",
    "RecipeColumn",
    "RelView",
    "apply_overrides",
    "auto_map",
    "build_mapping",
    "check",
    "check_recipe",
    "field_choices",
    "field_headers",
    "field_label",
    "find_header",
    "kind_rel_views",
    "load_recipe",
    "parse_overrides",
    "parse_separator",
    "parse_target",
    "recipe_from",
    "rel_views",
    "save_recipe",
    "set_separator",
    "settle",
    "settle_decisions",
    "settle_kind",
    "settle_sheets",
    "validate",
]

if not TYPE_CHECKING:  # mypy reads the imports above; at run time each name loads on first use
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
