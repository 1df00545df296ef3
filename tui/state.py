"""What the wizard has chosen so far; screens read it and change it through its methods.

Each choice depends on the ones before it: object type → file and its reading
options → mapping → import options and resolution decisions → report. Changing
a choice (:meth:`WizardState.choose_kind`, :meth:`~WizardState.choose_file`,
:meth:`~WizardState.set_mapping`, :meth:`~WizardState.set_options`) drops what was
derived from the old one, here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

# Only light modules at import time: the app's first screen creates this state
# before polars is loaded (the engine is imported where a method needs it).
from relimport.core.domain.options import DEFAULT_SEPARATOR, FileOptions, ImportOptions

if TYPE_CHECKING:
    from relimport.core.files.reader import Table
    from relimport.core.importing.report import ImportReport
    from relimport.core.mapping.columns import ColumnMap, Mapping
    from relimport.core.mapping.decisions import Decision
    from relimport.core.mapping.recipe import Recipe
    from relimport.core.resolve.resolutions import QueueItem
    from relimport.core.store.model import StoreData

#: Rows read for the preview (headers, samples and the file step's table).
PREVIEW_ROWS = 50
#: (path, options, size, mtime) of the file a full table was read from.
FileKey = tuple[str, FileOptions, int, int]


@dataclass
class WizardState:
    """The import being prepared: one per wizard run, kept by the app."""

    kind: str | None = None
    path: Path | None = None
    file_options: FileOptions = field(default_factory=FileOptions)
    #: The first rows of the file (headers and samples for the mapping step).
    preview: Table | None = None
    #: The whole file, read by the check or import step (never by the file step).
    table: Table | None = None
    table_key: FileKey | None = None
    mapping: Mapping | None = None
    #: Fuzzy suggestions of the auto-mapping (header → target text), shown, never applied.
    suggestions: dict[str, str] = field(default_factory=dict)
    separator: str | None = DEFAULT_SEPARATOR
    options: ImportOptions = field(default_factory=ImportOptions)
    #: The last report: a dry run on the check step, the applied import on results.
    report: ImportReport | None = None
    #: Decisions of the resolution queue, by (column, value); they feed the import.
    decisions: dict[tuple[str, str], Decision] = field(default_factory=dict)
    #: Every line the queue has shown, so a settled value (no longer a problem) stays listed.
    queue_seen: dict[tuple[str, str], QueueItem] = field(default_factory=dict)
    #: Headers of the columns the user mapped by hand (never re-mapped automatically).
    manual: set[str] = field(default_factory=set)

    # --- choices, each dropping what depended on the one it replaces -------------------

    def choose_kind(self, kind: str) -> None:
        """The object type to import. Another type keeps the file, but its mapping, report
        and the queue's decisions (made for the other type's columns) go."""
        if kind == self.kind:
            return
        self.kind = kind
        self._forget_mapping()

    def choose_file(self, path: Path, options: FileOptions, preview: Table) -> None:
        """The file, how to read it, and its first rows. Another file or other reading
        options drop everything read or decided from the old one (the type stays)."""
        if path != self.path or options != self.file_options:
            self.forget_file()
            self.path, self.file_options = path, options
        self.preview = preview

    def set_mapping(self, mapping: Mapping) -> None:
        """A new or edited mapping. The report goes, and so do the decisions of every
        column that now links to other records (another relationship, direction or
        subject, or no relationship at all): their ids named records of the old target."""
        old = self.mapping
        self.mapping = mapping
        self.report = None
        if old is None or old.kind != mapping.kind:
            self.decisions, self.queue_seen = {}, {}
            return
        before = {c.header: _links_to(c) for c in old.columns}
        changed = {c.header for c in mapping.columns if before.get(c.header) != _links_to(c)}
        changed |= set(before) - {c.header for c in mapping.columns}
        if changed:
            self.decisions = {k: d for k, d in self.decisions.items() if k[0] not in changed}
            self.queue_seen = {k: q for k, q in self.queue_seen.items() if k[0] not in changed}

    def set_options(self, options: ImportOptions) -> bool:
        """The import options (mode, replace, all-or-nothing); whether they changed (the
        report then goes)."""
        if options == self.options:
            return False
        self.options = options
        self.report = None
        return True

    def set_decisions(self, decisions: dict[tuple[str, str], Decision]) -> bool:
        """The resolution queue's decisions; whether they changed (the report then goes)."""
        if decisions == self.decisions:
            return False
        self.decisions = dict(decisions)
        self.report = None
        return True

    def queue_items(self, items: list[QueueItem]) -> list[QueueItem]:
        """The queue's lines: ``items`` (the values the last check could not settle) plus
        every value settled by a decision since, so the decision can still be changed."""
        for item in items:
            self.queue_seen[(item.column, item.value)] = item
        listed = {(i.column, i.value) for i in items}
        settled = [self.queue_seen[k] for k in self.decisions if k in self.queue_seen and k not in listed]
        return [*items, *settled]

    def start_over(self) -> None:
        """A new import after the results: the report goes, the choices stay (the next
        file is often like the last one)."""
        self.report = None

    def _forget_mapping(self) -> None:
        self.mapping = None
        self.manual = set()
        self.suggestions = {}
        self.report = None
        self.decisions = {}
        self.queue_seen = {}

    # --- the file ---------------------------------------------------------------------

    def file_key(self) -> FileKey | None:
        """Identity of the chosen file as it is on disk now (None if unreadable)."""
        if self.path is None:
            return None
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (str(self.path), self.file_options, st.st_size, st.st_mtime_ns)

    def cached_table(self) -> Table | None:
        """The full table if it was read from the file as it is now."""
        key = self.file_key()
        if self.table is not None and key is not None and key == self.table_key:
            return self.table
        return None

    def remember_table(self, table: Table, key: FileKey | None) -> None:
        self.table = table
        self.table_key = key

    def forget_file(self) -> None:
        """A different file or reading options: everything derived from it goes."""
        self.preview = None
        self.table = None
        self.table_key = None
        self._forget_mapping()

    # --- the mapping --------------------------------------------------------------------

    def auto_map(self, data: StoreData) -> None:
        """Map the preview's columns automatically; keep the fuzzy suggestions aside."""
        from relimport.core.mapping.precedence import build_mapping

        assert self.kind and self.preview is not None
        mapping = build_mapping(data, self.kind, self.preview, separator=self.separator)
        self.set_mapping(mapping)
        self.suggestions = {c.header: c.suggestion for c in mapping.columns if c.suggestion}

    def apply_recipe(self, data: StoreData, recipe: Recipe) -> None:
        """Replay a recipe: its reading options, mapping and import options win.

        The rule of :mod:`relimport.core.mapping.precedence`, with what was chosen here
        as the fallback: what the recipe says, else the choice so far. Reading options
        that change re-read the preview.
        """
        from relimport.core.files.reader import preview_table
        from relimport.core.mapping.precedence import Choices, build_mapping, settle

        settled = settle(Choices.of_recipe(recipe), Choices.of(self.file_options, self.options))
        wanted = settled.file_options()
        if wanted != self.file_options:
            assert self.path is not None
            self.choose_file(self.path, wanted, preview_table(self.path, wanted, n_rows=PREVIEW_ROWS))
        assert self.kind and self.preview is not None
        auto = build_mapping(data, self.kind, self.preview, separator=self.separator)
        self.set_mapping(build_mapping(data, self.kind, self.preview, recipe, separator=self.separator))
        self.manual = {c.header for c in recipe.columns}
        self.suggestions = {c.header: c.suggestion for c in auto.columns if c.suggestion}
        self.set_options(settled.import_options())
        # The recipe's settled values replay too (each over an earlier one for its value).
        self.set_decisions(self.decisions | {(d.column, d.value): d for d in recipe.decisions})
        self.report = None

    def map_new_names(self, data: StoreData) -> list[str]:
        """Columns skipped by the automatic mapping whose header now names a relationship
        type or field (one was added since) map themselves; columns mapped by hand stay.
        Returns the headers that were mapped."""
        from relimport.core.mapping.precedence import build_mapping

        if self.mapping is None or self.preview is None or self.kind is None:
            return []
        auto = {
            c.header: c
            for c in build_mapping(data, self.kind, self.preview, separator=self.separator).columns
        }
        mapping, done = self.mapping, []
        for col in self.mapping.columns:
            new = auto.get(col.header)
            if col.target == "skip" and col.header not in self.manual and new is not None and new.auto:
                mapping = mapping.with_column(new)
                done.append(col.header)
        if done:
            self.set_mapping(mapping)
            self.suggestions = {h: s for h, s in self.suggestions.items() if h not in done}
        return done

    def recipe(self) -> Recipe:
        """The recipe replaying this import (file options only where the user set them),
        with the resolution queue's decisions, so a replay settles the same values."""
        from relimport.core.mapping.recipe import recipe_from

        assert self.mapping is not None
        info = self.preview.info if self.preview else None
        fo = self.file_options
        return recipe_from(
            self.mapping,
            encoding=(info.encoding if info else fo.encoding) if fo.encoding else None,
            delimiter=(info.delimiter if info else fo.delimiter) if fo.delimiter else None,
            sheet=(info.sheet if info else str(fo.sheet)) if fo.sheet is not None else None,
            mode=self.options.mode,
            replace=self.options.replace,
            all_or_nothing=self.options.all_or_nothing,
            decimal=self.options.decimal,
            date_order=self.options.date_order,
            decisions=tuple(self.decisions.values()),
        )


def _links_to(col: ColumnMap) -> tuple[object, ...] | None:
    """What a column's values name: the records at the other end of its relationship."""
    if col.target != "rel":
        return None
    return (col.rel_id, col.direction, col.subject)
