"""relimport engine: files, mapping, resolution, store and batches.

Layers, lowest first (each may import only the ones below it; import-linter checks):

- ``domain``    object types, fields, options, errors, text helpers (no polars)
- ``files``     reading CSV/TSV/XLSX/XLS/ODS into a table of text; writing reports
- ``store``     the store interface, the JSON file store, its lock and format checks
- ``mapping``   columns → fields/relationships, recipes, the user's decisions
- ``resolve``   canonical values, keys, per-value resolution, suggestions, problems
- ``importing`` plan (dry run) and apply: the one front door for an import
- ``ops``       relationship types, undo, records and stats, history, templates, demo

This package never imports Textual or Rich; the TUI and the CLI sit on top of it.

Each layer's ``__init__`` lists its modules and names its public API in ``__all__``;
those names are importable from the layer (``from relimport.core.resolve import
resolve_column``) but are imported only when first used (:func:`lazy_exports`), so
importing one light module never loads a whole layer and polars with it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, exports: Mapping[str, tuple[str, ...]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A layer's module ``__getattr__`` and ``__dir__`` (PEP 562) for its public names.

    Args:
        package: the layer's module name (its ``__name__``).
        exports: module name inside the layer → the public names it defines.

    Returns:
        ``__getattr__`` importing the module that defines a name on first use (and
        keeping the value in the layer, so the next lookup is plain), and ``__dir__``.
    """
    where = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        vars(sys.modules[package])[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *where})

    return __getattr__, __dir__


def version() -> str:
    """The installed distribution's version (the one place it is read)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("relimport")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"
