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
"""

from __future__ import annotations


def version() -> str:
    """The installed distribution's version (the one place it is read)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("relimport")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"
