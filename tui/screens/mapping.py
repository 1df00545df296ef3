"""The mapping step: one line per column: header, samples, target, match by, separator."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from relimport.core.domain.errors import UsageError
from relimport.core.domain.objects import OBJECT_TYPES, parse_kind
from relimport.core.mapping import columns as mp
from relimport.core.mapping.columns import ColumnMap, Mapping
from relimport.core.mapping.precedence import parse_separator
from relimport.core.mapping.recipe import Recipe, load_recipe, save_recipe
from relimport.tui.errors import one_line
from relimport.tui.screens.base import BACK, NEXT, StepBar, WizardScreen, clip
from relimport.tui.widgets.keybar import KeyBar
from relimport.tui.widgets.mapping_table import SKIP, MappingTable, target_value

AUTO = "auto"


class MappingScreen(WizardScreen):
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
press A on the column to use it. A relationship column's values are looked up
by "match by" (auto = the key that finds most of them) and split on the
separator (empty = one value per cell). Problems show in red below the table;
Next is enabled once there are none. Ctrl+O loads and Ctrl+S saves a recipe
(the mapping with the reading and import options, as TOML)."""
    BINDINGS = [
        BACK,
        NEXT,
        Binding("a", "accept", "Use suggestion"),
        Binding("ctrl+o", "load_recipe", "Load recipe"),
        Binding("ctrl+s", "save_recipe", "Save recipe"),
    ]

    def compose(self) -> ComposeResult:
        st = self.state
        if st.mapping is None or st.mapping.kind != st.kind:
            self._auto_map()
        # The editor starts on the first column: a Select's first Changed then
        # carries that column's own value, never a stray one.
        first = self.mapping.columns[0] if self.mapping.columns else ColumnMap("")
        target, keys, match, sep = self._editor_values(first)
        yield StepBar(self.STEP)
        yield Static("", id="map-title", markup=False)
        yield MappingTable(id="map-table")
        with Horizontal(id="map-editor"):
            yield Label("Target ", classes="field-label")
            yield Select(
                self._target_options(), value=target, allow_blank=False, compact=True, id="map-target"
            )
            yield Label(" by ", classes="field-label")
            yield Select(
                [(k, k) for k in keys],
                value=match,
                allow_blank=False,
                compact=True,
                id="map-match",
                disabled=first.target != "rel",
            )
            yield Label(" sep ", classes="field-label")
            yield Input(sep, placeholder="none", compact=True, id="map-sep", disabled=first.target != "rel")
        yield Static("", id="map-problems")
        with Horizontal(id="map-buttons", classes="buttons"):
            yield Button("Load recipe (^O)", id="map-load", compact=True)
            yield Button("Save recipe (^S)", id="map-save", compact=True)
            yield Button("Next ▶ (^N)", id="map-next", variant="primary", compact=True)
        yield KeyBar()

    def _editor_values(self, col: ColumnMap) -> tuple[str, list[str], str, str]:
        """Target value, match keys, match value and separator text shown for ``col``."""
        rel = col.target == "rel"
        other = self._rel_other(col) if rel else ""
        keys = [AUTO, *OBJECT_TYPES[other].match_keys] if other else [AUTO]
        match = col.match_by if col.match_by in keys else AUTO
        return target_value(col), keys, match, (col.separator or "") if rel else ""

    def on_mount(self) -> None:
        table = self.query_one("#map-table", MappingTable)
        table.preview = self.state.preview
        table.suggestions = self.state.suggestions
        self._fill_options()
        self._fill_table()

    def on_screen_resume(self) -> None:
        # Relationship types may have been edited meanwhile (F2): follow renames,
        # and a column whose relationship type was removed falls back to skip.
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
            self._fill_options()
            self._fill_table()
        else:
            self._fill_options()
            self._show_column()

    def _auto_map(self) -> None:
        self.state.auto_map(self.store.data)

    @property
    def mapping(self) -> Mapping:
        assert self.state.mapping is not None
        return self.state.mapping

    # --- the table ---------------------------------------------------------------------

    def _fill_table(self) -> None:
        table = self.query_one("#map-table", MappingTable)
        table.preview = self.state.preview
        table.suggestions = self.state.suggestions
        errors = mp.validate(self.mapping)
        table.fill(self.mapping, errors)
        self._update_status(errors)
        self._show_column()

    def _update_row(self, index: int) -> None:
        errors = mp.validate(self.mapping)
        self.query_one("#map-table", MappingTable).update_column(self.mapping, index, errors)
        self._update_status(errors)

    def _update_status(self, errors: list[str]) -> None:
        cols = self.mapping.columns
        mapped = sum(1 for c in cols if c.target != "skip")
        auto = sum(1 for c in cols if c.auto)
        name = Path(self.state.preview.info.path).name if self.state.preview else ""
        self.query_one("#map-title", Static).update(
            clip(
                f"{len(cols)} columns · {mapped} mapped · {auto} automatically · {name} → {self.kind_text()}",
                78,
            )
        )
        problems = self.query_one("#map-problems", Static)
        if errors:
            problems.update(Text("✗ " + "\n✗ ".join(errors), style="bold red"))
        else:
            problems.update(self._column_hint())
        self.query_one("#map-next", Button).disabled = bool(errors)
        self.refresh_bindings()

    def _column_hint(self) -> Text:
        col = self._current()
        if col is None:
            return Text("")
        if col.note:
            return Text(f"{col.header}: {col.note}", style="yellow")
        suggestion = self.state.suggestions.get(col.header)
        if col.target == "skip" and suggestion:
            return Text(f"{col.header}: maybe {suggestion}? Press A to use it.", style="yellow")
        if col.target == "rel":
            other = self._rel_other(col)
            return Text(
                f"{col.header}: values name {other} records, matched by {col.match_by}.",
                style="dim",
            )
        return Text("✓ mapping is valid", style="green")

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

    def _target_options(self) -> list[tuple[str, str]]:
        """Skip, every field of the kind, every relationship seen from it (by its header)."""
        kind = self.state.kind or "person_company"
        opts: list[tuple[str, str]] = [("— skip —", SKIP)]
        opts += [(clip(label, 36), f"field:{key}") for key, label in mp.field_choices(kind)]
        for v in mp.kind_rel_views(kind, self.store.data.relationship_types):
            arrow = "↔" if v.rel.symmetric else ("→" if v.direction == "out" else "←")
            opts.append(
                (
                    clip(f"rel {v.header} {arrow} {OBJECT_TYPES[v.other].label_en}", 36),
                    f"rel:{v.header}",
                )
            )
        return opts

    def _fill_options(self) -> None:
        opts = self._target_options()
        if opts == getattr(self, "_targets", None):
            return
        self._targets = opts
        target = self.query_one("#map-target", Select)
        with self.prevent(Select.Changed):
            target.set_options(opts)

    @on(DataTable.RowHighlighted, "#map-table")
    def _row_highlighted(self) -> None:
        self._show_column()
        if not mp.validate(self.mapping):
            self.query_one("#map-problems", Static).update(self._column_hint())

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
            if [k for _, k in getattr(self, "_match_options", [])] != keys:
                self._match_options = [(k, k) for k in keys]
                match.set_options(self._match_options)
            match.value = match_value
            match.disabled = not rel
            sep.value = sep_text
            sep.disabled = not rel

    @on(Select.Changed, "#map-target")
    def _target_changed(self, event: Select.Changed) -> None:
        col = self._current()
        if col is None or event.value == Select.NULL or event.value == target_value(col):
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
            return
        self._set_column(new)

    def _set_column(self, new: ColumnMap) -> None:
        index = next(i for i, c in enumerate(self.mapping.columns) if c.header == new.header)
        self.state.set_mapping(self.mapping.with_column(new))
        self._update_row(index)
        self._show_column()

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

    @on(Button.Pressed, "#map-next")
    def action_next(self) -> None:
        errors = mp.validate(self.mapping)
        if errors:
            self.notify(errors[0], severity="error")
            return
        self.step_done()

    @on(Button.Pressed, "#map-save")
    def action_save_recipe(self) -> None:
        from relimport.tui.dialogs import PathDialog

        stem = self.state.path.stem if self.state.path else "import"
        recipe = self.state.recipe()

        def save(path: Path) -> Path:
            save_recipe(recipe, path)
            return path

        self.app.push_screen(
            PathDialog(
                "Save the recipe as",
                f"{stem}.recipe.toml",
                base=self.rapp.start_dir,
                suffixes=(".toml",),
                action=save,
            ),
            self._recipe_saved,
        )

    def _recipe_saved(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"recipe saved: {path.name}")

    @on(Button.Pressed, "#map-load")
    def action_load_recipe(self) -> None:
        from relimport.tui.dialogs import PathDialog

        stem = self.state.path.stem if self.state.path else "import"
        kind = self.state.kind

        def load(path: Path) -> tuple[Path, Recipe]:
            recipe = load_recipe(path)
            if recipe.kind and parse_kind(recipe.kind) != kind:
                raise UsageError(f"recipe {path.name} is for type {recipe.kind!r}, not {kind!r}")
            return path, recipe

        self.app.push_screen(
            PathDialog(
                "Load a recipe",
                f"{stem}.recipe.toml",
                base=self.rapp.start_dir,
                must_exist=True,
                suffixes=(".toml",),
                action=load,
            ),
            self._load_recipe,
        )

    def _load_recipe(self, loaded: tuple[Path, Recipe] | None) -> None:
        if loaded is None:
            return
        path, recipe = loaded
        try:
            self.state.apply_recipe(self.store.data, recipe)
        except Exception as exc:
            self.notify(one_line(exc, f"applying the recipe {path}"), severity="error")
            return
        self._fill_table()
        self.notify(f"recipe loaded: {path.name}")
