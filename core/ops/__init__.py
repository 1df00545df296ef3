"""Operations: what users do with a store besides importing — the CLI's and TUI's other commands.

The top layer of the engine: it may use every layer below (an import runs through
``importing``). Modules and their public names:

- ``relations``  relationship types added, edited and removed (with their links):
  find_relationship, validate_relationship, add_relationship, edit_relationship,
  remove_relationship, link_counts
- ``undo``       undoing a batch in one atomic write, leaving later changes alone —
  the one way to undo: undo_import, pick_batch, parse_batch_id, UndoReport
- ``query``      reading the store — a record by any key it would match by in an
  import, its links both ways, search, statistics: show, search, record_view,
  find_ids, labels_for, details_for, type_of, stats, RecordView, LinkView,
  NotFoundError
- ``history``    the store's batches as plain data (``history --json``):
  history_items
- ``template``   sample import files — field headers, a column per relationship,
  two real rows: write_template, template_rows, default_template_name
- ``demo``       a copy of the shipped demo store and sample files: install_demo,
  sample_data, SAMPLE_DATA, DEMO_STORE
- ``advice``     what an interface tells the user around an import — the record a
  file's row names, the type a column's values likely name, what a valid mapping
  still loses, the queue with spellings of one value on one line: row_record,
  ids_by_key, likely_target, mapping_warnings, queue_groups, QueueGroup

Every public name is importable from ``relimport.core.ops`` and imported on first
use (see :func:`relimport.core.lazy_exports`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relimport.core import lazy_exports

if TYPE_CHECKING:
    from relimport.core.ops.advice import (
        QueueGroup,
        ids_by_key,
        likely_target,
        mapping_warnings,
        queue_groups,
        row_record,
    )
    from relimport.core.ops.demo import DEMO_STORE, SAMPLE_DATA, install_demo, sample_data
    from relimport.core.ops.history import history_items
    from relimport.core.ops.query import (
        LinkView,
        NotFoundError,
        RecordView,
        details_for,
        find_ids,
        labels_for,
        record_view,
        search,
        show,
        stats,
        type_of,
    )
    from relimport.core.ops.relations import (
        add_relationship,
        edit_relationship,
        find_relationship,
        link_counts,
        remove_relationship,
        validate_relationship,
    )
    from relimport.core.ops.template import default_template_name, template_rows, write_template
    from relimport.core.ops.undo import UndoReport, parse_batch_id, pick_batch, undo_import

_EXPORTS = {
    "relations": (
        "find_relationship",
        "validate_relationship",
        "add_relationship",
        "edit_relationship",
        "remove_relationship",
        "link_counts",
    ),
    "undo": ("undo_import", "pick_batch", "parse_batch_id", "UndoReport"),
    "query": (
        "show",
        "search",
        "record_view",
        "find_ids",
        "labels_for",
        "details_for",
        "type_of",
        "stats",
        "RecordView",
        "LinkView",
        "NotFoundError",
    ),
    "history": ("history_items",),
    "template": ("write_template", "template_rows", "default_template_name"),
    "demo": ("install_demo", "sample_data", "SAMPLE_DATA", "DEMO_STORE"),
    "advice": ("row_record", "ids_by_key", "likely_target", "mapping_warnings", "queue_groups", "QueueGroup"),
}

__all__ = [
    "DEMO_STORE",
    "SAMPLE_DATA",
    "LinkView",
    "NotFoundError",
    "QueueGroup",
    "RecordView",
    "UndoReport",
    "add_relationship",
    "default_template_name",
    "details_for",
    "edit_relationship",
    "find_ids",
    "find_relationship",
    "history_items",
    "ids_by_key",
    "install_demo",
    "labels_for",
    "likely_target",
    "link_counts",
    "mapping_warnings",
    "parse_batch_id",
    "pick_batch",
    "queue_groups",
    "record_view",
    "remove_relationship",
    "row_record",
    "sample_data",
    "search",
    "show",
    "stats",
    "template_rows",
    "type_of",
    "undo_import",
    "validate_relationship",
    "write_template",
]

if not TYPE_CHECKING:  # mypy reads the imports above; at run time each name loads on first use
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
