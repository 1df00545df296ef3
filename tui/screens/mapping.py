"""The mapping step: one line per column: header, samples, target, match by, separator.

A column whose header names no relationship type yet can get one here: "new
relationship type…" in the Target list (or N) opens the form prefilled with the
header, the imported type and the type the values most likely name; once saved,
the column maps to it. Columns that the automatic mapping left skipped map
themselves when a relationship type with their name appears (added here, in F2,
or by another program); columns mapped by hand stay as they are.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Select, Static

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.mapping import columns as mp
from relimport.core.mapping.columns import ColumnMap, Mapping
from relimport.core.mapping.precedence import parse_separator
from relimport.core.ops.advice import mapping_warnings
from relimport.tui.errors import one_line
from relimport.tui.fmt import clip, line, shown
from relimport.tui.screens.base import BACK, NEXT, StepBar, WizardScreen
from relimport.tui.screens.mapping_new import NewRelationship
from relimport.tui.screens.recipes import RecipeActions
from relimport.tui.widgets.inputs import SafeInput
from relimport.tui.widgets.keybar import KeyBar
from relimport.tui.widgets.mapping_table import SKIP, MappingTable, target_value, target_words
from relimport.tui.words import field_words, key_label

AUTO = "auto"
NEW_REL = "new-rel"


class MappingScreen(NewRelationship, RecipeActions, WizardScreen):
    """Map each column of the file to a field, a relationship, or skip it."""

    STEP = "mapping"
    TITLE = "Mapping"
    CSS_PATH = "mapping.tcss"
    AUTO_FOCUS = "#map-table"
    HELP = """\
say what each column of the file holds. Move through the columns
with the arrows; Tab goes to the column's target (a field of the record, a
relationship, or skip), its match key and separator.
"auto" marks columns mapped automatically (the header is a field's name or a
relationship's name / inverse name). "?" marks a suggestion that is not applied:
press A on the column to use it. "not imported" marks a skipped column.
A column whose values name other records but whose header is no relationship
type yet: N (or "new relationship type…" in the Target list) creates the type,
prefilled, and the column maps to it. A relationship column's values are looked
up by "match by" (auto = each value by the key it fits) and split on the
separator (empty = one value per cell). Problems show below the table; Next is
enabled once there are none. Ctrl+O loads and Ctrl+S saves a recipe (the
mapping with the reading and import options, as TOML)."""
    BINDINGS = [
        BACK,
        NEXT,
        Binding("a", "accept", "Use suggestion"),
        Binding("n", "new_relationship", "New relationship type"),
        Binding("ctrl+o", "load_recipe", "Load recipe"),
        Binding("ctrl+s", "save_recipe", "Save recipe"),
    ]

    def compose(self) -> ComposeResult:
        st = self.state
        if st.mapping is None or st.mapping.kind != st.kind:
            st.auto_map(self.store.data)
        # The editor starts on the first column: a Select's first Changed then
        # carries that column's own value, never a stray one.
        first = self.mapping.columns[0] if self.mapping.columns else ColumnMap("")
        target, keys, match, sep = self._editor_values(first)
        self._targets = self._target_options()
        yield StepBar(self.STEP)
        yield Static("", id="map-title", markup=False)
        yield MappingTable(id="map-table")
        with Horizontal(id="map-editor"):
            yield Label("Target ", classes="field-label")
            yield Select(self._targets, value=target, allow_blank=False, compact=True, id="map-target")
            yield Label(" by ", classes="field-label")
            yield Select(
                keys,
                value=match,
                allow_blank=False,
                compact=True,
                id="map-match",
                disabled=first.target != "rel",
            )
            yield Label(" sep ", classes="field-label")
            yield SafeInput(
                sep, placeholder="none", compact=True, id="map-sep", disabled=first.target != "rel"
            )
        yield Static("", id="map-problems")
        yield KeyBar()

    def _editor_values(self, col: ColumnMap) -> tuple[str, list[tuple[str, str]], str, str]:
        """Target value, match key options, match value and separator text shown for ``col``."""
        rel = col.target == "rel"
        other = self._rel_other(col) if rel else ""
        keys = [AUTO, *OBJECT_TYPES[other].match_keys] if other else [AUTO]
        match = col.match_by if col.match_by in keys else AUTO
        options = [(key_label(other, k), k) for k in keys]
        return target_value(col), options, match, (col.separator or "") if rel else ""

    def on_mount(self) -> None:
        self._fill_table()

    def on_screen_resume(self) -> None:
        # Relationship types may have been edited meanwhile (F2): follow renames, and a
        # column whose relationship type was removed falls back to skip.
        views = {
            (v.rel.id, v.direction): v
            for v in mp.kind_rel_views(self.mapping.kind, self.store.data.relationship_types)
        }
        mapping = self.mapping
        for col in mapping.columns:
            if col.target != "rel":
                continue
            view = views.get((col.rel_id, col.direction))
            if view is None:
                mapping = mapping.with_column(ColumnMap(col.header, note="its relationship type was removed"))
            elif view.header != col.header_rel_name:
                mapping = mapping.with_column(replace(col, header_rel_name=view.header))
        if mapping != self.mapping:
            self.state.set_mapping(mapping)
        mapped = self.state.map_new_names(self.store.data)
        self._fill_options()
        self._fill_table()
        quiet, self.quiet_next_resume = self.quiet_next_resume, False
        if mapped and not quiet:
            names = ", ".join(repr(h) for h in mapped)
            self.notify(f"{names} now mapped: a relationship type or field has that name")

    def store_changed(self) -> None:
        """Another program wrote the store (perhaps a relationship type)."""
        self.on_screen_resume()

    @property
    def mapping(self) -> Mapping:
        assert self.state.mapping is not None
        return self.state.mapping

    # --- the table ---------------------------------------------------------------------

    def _fill_table(self) -> None:
        table = self.query_one("#map-table", MappingTable)
        table.preview = self.state.preview
        table.suggestions = self.state.suggestions
        table.others = {c.header: self._rel_other(c) for c in self.mapping.columns if c.target == "rel"}
        errors = mp.validate(self.mapping)
        table.show(self.mapping, errors)
        self._update_status(errors)
        self._show_column()

    def _update_status(self, errors: list[str]) -> None:
        cols = self.mapping.columns
        mapped = sum(1 for c in cols if c.target != "skip")
        auto = sum(1 for c in cols if c.auto)
        name = Path(self.state.preview.info.path).name if self.state.preview else ""
        counts = f"{len(cols)} columns · {mapped} mapped · {auto} automatically"
        self.query_one("#map-title", Static).update(f"{counts} · {shown(name)} → {self.kind_text()}")
        self._show_problems(errors)
        self.refresh_bindings()

    def _show_problems(self, errors: list[str] | None = None) -> None:
        errors = mp.validate(self.mapping) if errors is None else errors
        out = Text(end="")
        if errors:
            # One line per error: the breaks are ours, each error's text is made inert.
            out.append_text(Text("\n", end="").join(line(("✗ " + e, "bold red")) for e in errors))
        else:
            out.append("✓ mapping is valid", style="green")
            for w in mapping_warnings(self.mapping):
                out.append_text(line("\n", ("! " + w, "yellow")))
        hint = self._column_hint()
        if hint.plain:
            out.append("\n")
            out.append_text(hint)
        self.query_one("#map-problems", Static).update(out)

    def _column_hint(self) -> Text:
        col = self._current()
        if col is None:
            return Text("")
        if col.note:
            return line((f"{col.header}: {col.note}", "yellow"))
        suggestion = self.state.suggestions.get(col.header)
        if col.target == "skip" and suggestion:
            return line(
                (col.header, "bold"),
                (f": maybe {target_words(self.mapping.kind, suggestion)}? A uses it.", "yellow"),
            )
        if col.target == "skip":
            return line((col.header, "bold"), (": not imported. N makes it a new relationship type.", "dim"))
        if col.target == "rel":
            other = self._rel_other(col)
            label = OBJECT_TYPES[other].label_en if other else "other"
            rep = self.state.report
            chosen = rep.match_keys.get(col.header) if rep is not None else None
            how = key_label(other, col.match_by)
            if col.match_by == AUTO:
                how = (
                    f"auto ({key_label(other, chosen)} at the last check)"
                    if chosen
                    else "auto (each value by the key it fits)"
                )
            return line((col.header, "bold"), (f": values name {label} records, matched by {how}.", "dim"))
        return Text("")

    # --- the editor of the highlighted column ------------------------------------------

    def _current(self) -> ColumnMap | None:
        table = self.query_one("#map-table", DataTable)
        cols = self.mapping.columns
        if not cols or table.cursor_row < 0 or table.cursor_row >= len(cols):
            return None
        return cols[table.cursor_row]

    def _rel_other(self, col: ColumnMap) -> str:
        try:
            rel = self.store.data.rel(col.rel_id) if col.rel_id is not None else None
        except KeyError:  # removed meanwhile; on_screen_resume remaps the column
            return ""
        if rel is None:
            return ""
        return rel.target if col.direction == "out" else rel.source

    def _target_options(self) -> list[tuple[Text, str]]:
        """Skip, every field of the kind, every relationship seen from it, a new one (the
        prompts are text, never markup: relationship names are data)."""
        kind = self.state.kind or "person_company"
        opts: list[tuple[Text, str]] = [(Text("— skip —"), SKIP)]
        opts += [
            (Text(f"field {field_words(kind, key)}"), f"field:{key}")
            for key, _label in mp.field_choices(kind)
        ]
        for v in mp.kind_rel_views(kind, self.store.data.relationship_types):
            arrow = "↔" if v.rel.symmetric else ("→" if v.direction == "out" else "←")
            opts.append(
                (
                    Text(clip(f"rel {v.header} {arrow} {OBJECT_TYPES[v.other].label_en}", 40)),
                    f"rel:{v.header}",
                )
            )
        opts.append((Text("+ new relationship type…"), NEW_REL))
        return opts

    def _fill_options(self) -> None:
        opts = self._target_options()
        if opts == self._targets:
            return
        self._targets = opts
        with self.prevent(Select.Changed):
            self.query_one("#map-target", Select).set_options(opts)

    @on(DataTable.RowHighlighted, "#map-table")
    def _row_highlighted(self) -> None:
        self._show_column()
        self._show_problems()
        self.refresh_bindings()

    def _show_column(self) -> None:
        col = self._current()
        if col is None:
            return
        target = self.query_one("#map-target", Select)
        match = self.query_one("#map-match", Select)
        sep = self.query_one("#map-sep", Input)
        value, keys, match_value, sep_text = self._editor_values(col)
        rel = col.target == "rel"
        with self.prevent(Select.Changed, Input.Changed):
            if any(v == value for _, v in self._targets):
                target.value = value
            if getattr(self, "_match_options", None) != keys:
                self._match_options = keys
                match.set_options(keys)
            match.value = match_value
            match.disabled = not rel
            sep.value = sep_text
            sep.disabled = not rel

    @on(Select.Changed, "#map-target")
    def _target_changed(self, event: Select.Changed) -> None:
        col = self._current()
        if col is None or event.value == Select.NULL or event.value == target_value(col):
            return
        if event.value == NEW_REL:
            self.action_new_relationship()
            return
        self._retarget(col, str(event.value))

    @on(Select.Changed, "#map-match")
    def _match_changed(self, event: Select.Changed) -> None:
        col = self._current()
        if col is None or col.target != "rel" or event.value == col.match_by:
            return
        key = "" if event.value == AUTO else f"@{event.value}"
        self._retarget(col, f"rel:{col.header_rel_name}{key}", separator=col.separator)

    @on(Input.Changed, "#map-sep")
    def _sep_changed(self, event: Input.Changed) -> None:
        col = self._current()
        if col is None or col.target != "rel":
            return
        sep = parse_separator(event.value)
        if sep != col.separator:
            self._set_column(replace(col, separator=sep, auto=False))

    def _retarget(self, col: ColumnMap, text: str, separator: str | None = None) -> None:
        sep = (
            separator
            if separator is not None
            else (col.separator if col.target == "rel" else self.state.separator)
        )
        try:
            new = mp.parse_target(
                self.mapping.kind, col.header, text, self.store.data.relationship_types, sep
            )
        except Exception as exc:
            self.notify(one_line(exc, f"mapping column {col.header!r}"), severity="error")
            self._show_column()
            return
        self._set_column(new)

    def _set_column(self, new: ColumnMap) -> None:
        self.state.manual.add(new.header)
        self.state.set_mapping(self.mapping.with_column(new))
        self._fill_table()

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return None if mp.validate(self.mapping) else True
        if action == "accept":
            col = self._current()
            return bool(col and col.target == "skip" and self.state.suggestions.get(col.header))
        return True

    def action_accept(self) -> None:
        col = self._current()
        if col is not None and (suggestion := self.state.suggestions.get(col.header)):
            self._retarget(col, suggestion)

    def action_next(self) -> None:
        errors = mp.validate(self.mapping)
        if errors:
            self.notify(errors[0], severity="error")
            return
        self.step_done()

    def recipe_applied(self) -> None:
        self._fill_table()
