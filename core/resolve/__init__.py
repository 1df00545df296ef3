"""Resolve: every cell of a mapped table to a canonical value, a record, a link or a problem.

Sits on ``mapping``, ``store``, ``files`` and ``domain``. Work is columnar: polars
expressions and one join per relationship column and key, never a loop over rows
times records. Modules and their public names:

- ``normalize``    the compare forms of cells and key values, per value and as
  polars expressions over whole columns, and the shape a value must have to be
  looked up under a key: norm_value, norm_expr, norm_series, clean_expr, clean_series,
  tidy_expr, tidy_series, form_series, form_expr, fits_expr, key_kind, KEY_KIND
- ``values``       typed field values over whole columns: canonical values and the
  reasons others are invalid (polars for common shapes, the field libraries over
  distinct values), the per-column decimal mark and date order: parse_column,
  ParsedColumn, map_distinct
- ``keys``         match-key tables (one row per record, key and value) and the
  candidates a value is looked up in: Candidates, key_table, key_values, grouped,
  candidate_columns, label_expr, full_name_expr, labels_of
- ``fields``       field values of the imported rows parsed by type; a failing cell
  becomes an ``invalid_value`` problem, an invalid identity value rejects its row:
  clean_fields, field_column
- ``records``      record identity and import modes — which row creates, updates or
  matches which record: resolve_records, RecordsResult, REJECTED
- ``identity``     the identity key each row is identified by, and a row naming the
  record another row of the file creates (inside this layer: identity_exprs,
  match_within_file)
- ``own_record``   decisions and aliases settling a row's own record when its
  identity names several existing records (a company file's ``Nazwa``, the
  ``Firma`` of a persons-and-companies file): settlements, settle_rows,
  settled_values
- ``record_problems`` the problems of the record part: rows not imported, duplicates
  in the file naming the values they differ by, new records named like existing
  ones: row_problems, differing_values, possible_duplicates, same_value
- ``by_id``        rows found by a record id that name the record otherwise, warned
  as ``renamed`` (inside this layer: renamed_by_id)
- ``lookup``       keys chosen per value: each relationship value looked up under
  every match key whose shape it has, one join per key, then a group-by deciding
  found / ambiguous (each candidate with its key) / not found: lookup_pieces
- ``links``        relationship columns: each value becomes exactly one outcome
  (linked, existing, not_found, ambiguous, cardinality, self_link, invalid):
  resolve_column, resolve_pieces, split_values, ColumnOutcome, LinkState
- ``link_problems`` the problems of a relationship column, with the keys a missing
  value was tried under and each ambiguous candidate's key: column_problems
- ``resolutions``  decisions and aliases settling values the lookup could not, and
  the resolution queue: column_fixes, apply_fixes, apply_key_fixes, Fixes, plan_creations,
  label_resolved, resolved_note, add_alias, remove_alias, remove_alias_entry,
  QueueItem, resolution_queue
- ``problems``     one row per value or row that did not import cleanly: Problem,
  PROBLEM_KINDS, PROBLEM_SCHEMA, problem_frame, empty_problems, concat_problems,
  to_problems, add_candidate_fields (the fields telling candidates apart)
- ``suggest``      "did you mean" candidates for values that found nothing:
  add_suggestions

Every public name is importable from ``relimport.core.resolve`` and imported on
first use (see :func:`relimport.core.lazy_exports`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relimport.core import lazy_exports

if TYPE_CHECKING:
    from relimport.core.resolve.fields import clean_fields, field_column
    from relimport.core.resolve.keys import (
        Candidates,
        candidate_columns,
        full_name_expr,
        grouped,
        key_table,
        key_values,
        label_expr,
        labels_of,
    )
    from relimport.core.resolve.link_problems import column_problems
    from relimport.core.resolve.links import (
        ColumnOutcome,
        LinkState,
        resolve_column,
        resolve_pieces,
        split_values,
    )
    from relimport.core.resolve.lookup import lookup_pieces
    from relimport.core.resolve.normalize import (
        KEY_KIND,
        clean_expr,
        clean_series,
        fits_expr,
        form_expr,
        form_series,
        key_kind,
        norm_expr,
        norm_series,
        norm_value,
        tidy_expr,
        tidy_series,
    )
    from relimport.core.resolve.own_record import settle_rows, settled_values, settlements
    from relimport.core.resolve.problems import (
        PROBLEM_KINDS,
        PROBLEM_SCHEMA,
        Problem,
        add_candidate_fields,
        concat_problems,
        empty_problems,
        problem_frame,
        to_problems,
    )
    from relimport.core.resolve.record_problems import (
        differing_values,
        possible_duplicates,
        row_problems,
        same_value,
    )
    from relimport.core.resolve.records import REJECTED, RecordsResult, resolve_records
    from relimport.core.resolve.resolutions import (
        Fixes,
        QueueItem,
        add_alias,
        apply_fixes,
        apply_key_fixes,
        column_fixes,
        label_resolved,
        plan_creations,
        remove_alias,
        remove_alias_entry,
        resolution_queue,
        resolved_note,
    )
    from relimport.core.resolve.suggest import add_suggestions
    from relimport.core.resolve.values import (
        ParsedColumn,
        map_distinct,
        parse_column,
    )

_EXPORTS = {
    "normalize": (
        "norm_value",
        "norm_expr",
        "norm_series",
        "clean_expr",
        "clean_series",
        "tidy_expr",
        "tidy_series",
        "form_series",
        "form_expr",
        "fits_expr",
        "key_kind",
        "KEY_KIND",
    ),
    "keys": (
        "Candidates",
        "key_table",
        "key_values",
        "grouped",
        "candidate_columns",
        "label_expr",
        "full_name_expr",
        "labels_of",
    ),
    "fields": ("clean_fields", "field_column"),
    "records": ("resolve_records", "RecordsResult", "REJECTED"),
    "own_record": ("settlements", "settle_rows", "settled_values"),
    "record_problems": ("row_problems", "differing_values", "possible_duplicates", "same_value"),
    "lookup": ("lookup_pieces",),
    "links": ("resolve_column", "resolve_pieces", "split_values", "ColumnOutcome", "LinkState"),
    "link_problems": ("column_problems",),
    "resolutions": (
        "column_fixes",
        "apply_fixes",
        "apply_key_fixes",
        "Fixes",
        "plan_creations",
        "label_resolved",
        "resolved_note",
        "add_alias",
        "remove_alias",
        "remove_alias_entry",
        "QueueItem",
        "resolution_queue",
    ),
    "problems": (
        "Problem",
        "PROBLEM_KINDS",
        "PROBLEM_SCHEMA",
        "problem_frame",
        "empty_problems",
        "concat_problems",
        "to_problems",
        "add_candidate_fields",
    ),
    "suggest": ("add_suggestions",),
    "values": (
        "parse_column",
        "ParsedColumn",
        "map_distinct",
    ),
}

__all__ = [
    "KEY_KIND",
    "PROBLEM_KINDS",
    "PROBLEM_SCHEMA",
    "REJECTED",
    "Candidates",
    "ColumnOutcome",
    "Fixes",
    "LinkState",
    "ParsedColumn",
    "Problem",
    "QueueItem",
    "RecordsResult",
    "add_alias",
    "add_candidate_fields",
    "add_suggestions",
    "apply_fixes",
    "apply_key_fixes",
    "candidate_columns",
    "clean_expr",
    "clean_fields",
    "clean_series",
    "column_fixes",
    "concat_problems",
    "differing_values",
    "empty_problems",
    "field_column",
    "fits_expr",
    "form_expr",
    "form_series",
    "full_name_expr",
    "grouped",
    "key_kind",
    "key_table",
    "key_values",
    "label_expr",
    "label_resolved",
    "labels_of",
    "column_problems",
    "lookup_pieces",
    "map_distinct",
    "norm_expr",
    "norm_series",
    "norm_value",
    "parse_column",
    "plan_creations",
    "possible_duplicates",
    "problem_frame",
    "remove_alias",
    "remove_alias_entry",
    "resolution_queue",
    "resolve_column",
    "resolve_pieces",
    "resolve_records",
    "resolved_note",
    "row_problems",
    "same_value",
    "settle_rows",
    "settled_values",
    "settlements",
    "split_values",
    "tidy_expr",
    "tidy_series",
    "to_problems",
]

if not TYPE_CHECKING:  # mypy reads the imports above; at run time each name loads on first use
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
