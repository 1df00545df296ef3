"""Domain: what relimport knows before it reads any file — object types, options, errors.

The lowest layer: it imports no other layer and never polars (the CLI's argument
parsing and the TUI's first screen start here). Modules and their public names:

- ``errors``   every error a user can cause, each a one-line message: RelimportError
  (the base; exit status 1), UsageError and MappingError (exit 2), FileError,
  StoreError, StoreLockedError, Cancelled
- ``objects``  the fixed object types, their fields and identity keys, import kinds:
  Field, ObjectType, PERSON, COMPANY, DEAL, PRODUCT, VEHICLE_SPACE, OBJECT_TYPES,
  FIELD_ALIASES (header words per field), IMPORT_KINDS, KIND_LABELS, parse_kind,
  parse_object_type, kind_types, kind_label, KEY_TYPES (value type of each match key)
- ``values``   field value types — parsing, validation and canonical form of one value,
  a column's choices: FIELD_TYPES, DECIMAL_MARKS, DATE_ORDERS, parse_value,
  column_choices, tidy_cell, clean_cell
- ``forms``    the compare forms of identity and relationship values (every spelling of
  a value, one form) and the shape a form needs under a key: compare_form, fits
- ``amounts``  money, currencies and dates (locale-dependent spellings), the decimal
  mark and date order decided once per column: decide_decimal, decide_date_order
- ``options``  the choices of an import besides its mapping: ImportOptions (mode,
  dry run, …), FileOptions (encoding, delimiter, sheet, header row), MODES,
  DEFAULT_SEPARATOR, check_value_options (decimal mark, date order)
- ``formula``  neutralising spreadsheet formulas in files relimport writes: guard,
  unguard, needs_guard, GUARDED_GROUP
- ``text``     header normalisation and safe display of text from files: norm_header,
  visible, has_controls
- ``paths``    the default store location (a file path or a PostgreSQL URL) and reading
  only regular files: ENV_STORE, default_store_path, default_store_location,
  store_location, is_store_url, redact_url, read_regular, NotRegularFile
- ``words``    the words people read for problem kinds, object types and counts (the
  TUI, the CLI's text output, exported problem files): PROBLEMS (kind → mark, words),
  MARKS, PROBLEM_HELP, SEVERE_MARK, problem_mark, problem_word, problem_label,
  type_name, plural

Every name above is importable from ``relimport.core.domain``; each is imported on
first use (see :func:`relimport.core.lazy_exports`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relimport.core import lazy_exports

if TYPE_CHECKING:
    from relimport.core.domain.amounts import decide_date_order, decide_decimal
    from relimport.core.domain.errors import (
        Cancelled,
        FileError,
        MappingError,
        RelimportError,
        StoreError,
        StoreLockedError,
        UsageError,
    )
    from relimport.core.domain.forms import compare_form, fits
    from relimport.core.domain.formula import GUARDED_GROUP, guard, needs_guard, unguard
    from relimport.core.domain.objects import (
        COMPANY,
        DEAL,
        FIELD_ALIASES,
        IMPORT_KINDS,
        KEY_TYPES,
        KIND_LABELS,
        OBJECT_TYPES,
        PERSON,
        PRODUCT,
        VEHICLE_SPACE,
        Field,
        ObjectType,
        kind_label,
        kind_types,
        parse_kind,
        parse_object_type,
    )
    from relimport.core.domain.options import (
        DEFAULT_SEPARATOR,
        MODES,
        FileOptions,
        ImportOptions,
        check_value_options,
    )
    from relimport.core.domain.paths import (
        ENV_STORE,
        NotRegularFile,
        default_store_location,
        default_store_path,
        is_store_url,
        read_regular,
        redact_url,
        store_location,
    )
    from relimport.core.domain.text import has_controls, norm_header, visible
    from relimport.core.domain.values import (
        DATE_ORDERS,
        DECIMAL_MARKS,
        FIELD_TYPES,
        clean_cell,
        column_choices,
        parse_value,
        tidy_cell,
    )
    from relimport.core.domain.words import (
        MARKS,
        PROBLEM_HELP,
        PROBLEMS,
        SEVERE_MARK,
        plural,
        problem_label,
        problem_mark,
        problem_word,
        type_name,
    )

_EXPORTS = {
    "errors": (
        "RelimportError",
        "UsageError",
        "MappingError",
        "FileError",
        "StoreError",
        "StoreLockedError",
        "Cancelled",
    ),
    "objects": (
        "Field",
        "ObjectType",
        "PERSON",
        "COMPANY",
        "DEAL",
        "PRODUCT",
        "VEHICLE_SPACE",
        "OBJECT_TYPES",
        "FIELD_ALIASES",
        "IMPORT_KINDS",
        "KIND_LABELS",
        "parse_kind",
        "parse_object_type",
        "kind_types",
        "kind_label",
        "KEY_TYPES",
    ),
    "options": (
        "ImportOptions",
        "FileOptions",
        "MODES",
        "DEFAULT_SEPARATOR",
        "check_value_options",
    ),
    "formula": ("guard", "unguard", "needs_guard", "GUARDED_GROUP"),
    "text": ("norm_header", "visible", "has_controls"),
    "paths": (
        "ENV_STORE",
        "default_store_path",
        "default_store_location",
        "store_location",
        "is_store_url",
        "redact_url",
        "read_regular",
        "NotRegularFile",
    ),
    "amounts": ("decide_decimal", "decide_date_order"),
    "forms": ("compare_form", "fits"),
    "values": (
        "FIELD_TYPES",
        "DECIMAL_MARKS",
        "DATE_ORDERS",
        "parse_value",
        "column_choices",
        "tidy_cell",
        "clean_cell",
    ),
    "words": (
        "PROBLEMS",
        "MARKS",
        "PROBLEM_HELP",
        "SEVERE_MARK",
        "problem_mark",
        "problem_word",
        "problem_label",
        "type_name",
        "plural",
    ),
}

__all__ = [
    "COMPANY",
    "DATE_ORDERS",
    "DEAL",
    "DECIMAL_MARKS",
    "DEFAULT_SEPARATOR",
    "ENV_STORE",
    "FIELD_ALIASES",
    "FIELD_TYPES",
    "GUARDED_GROUP",
    "IMPORT_KINDS",
    "KEY_TYPES",
    "KIND_LABELS",
    "MARKS",
    "MODES",
    "OBJECT_TYPES",
    "PERSON",
    "PROBLEMS",
    "PROBLEM_HELP",
    "PRODUCT",
    "SEVERE_MARK",
    "VEHICLE_SPACE",
    "Cancelled",
    "Field",
    "FileError",
    "FileOptions",
    "ImportOptions",
    "MappingError",
    "NotRegularFile",
    "ObjectType",
    "RelimportError",
    "StoreError",
    "StoreLockedError",
    "UsageError",
    "check_value_options",
    "clean_cell",
    "column_choices",
    "compare_form",
    "decide_date_order",
    "decide_decimal",
    "default_store_location",
    "default_store_path",
    "fits",
    "guard",
    "has_controls",
    "is_store_url",
    "kind_label",
    "kind_types",
    "needs_guard",
    "norm_header",
    "parse_kind",
    "parse_object_type",
    "parse_value",
    "plural",
    "problem_label",
    "problem_mark",
    "problem_word",
    "read_regular",
    "redact_url",
    "store_location",
    "tidy_cell",
    "type_name",
    "unguard",
    "visible",
]

if not TYPE_CHECKING:  # mypy reads the imports above; at run time each name loads on first use
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
