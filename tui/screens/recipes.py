"""Loading and saving a recipe from the mapping step (Ctrl+O / Ctrl+S).

A recipe is saved beside the file being imported unless the user types another
path (relative paths are taken from where the app was started); the dialog shows
the full path and asks before replacing a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from relimport.core.domain.errors import UsageError
from relimport.core.domain.objects import parse_kind
from relimport.core.mapping.recipe import Recipe, load_recipe, save_recipe
from relimport.tui.errors import one_line
from relimport.tui.fmt import display_path, full_path, input_path

if TYPE_CHECKING:
    from relimport.tui.state import WizardState


class RecipeActions:
    """Ctrl+S saves the recipe of the import being prepared, Ctrl+O replays one."""

    state: WizardState
    app: object

    def recipe_folder(self) -> Path:
        state = self.state
        return state.path.parent if state.path else Path(self.app.start_dir)  # type: ignore[attr-defined]

    def action_save_recipe(self) -> None:
        from relimport.tui.dialogs import PathDialog

        stem = self.state.path.stem if self.state.path else "import"
        recipe = self.state.recipe()

        def save(path: Path) -> Path:
            save_recipe(recipe, path)
            return path

        self.app.push_screen(  # type: ignore[attr-defined]
            PathDialog(
                "Save the recipe as",
                input_path(self.recipe_folder() / f"{stem}.recipe.toml", self.app.launch_dir),  # type: ignore[attr-defined]
                base=self.app.launch_dir,  # type: ignore[attr-defined]
                suffixes=(".toml",),
                action=save,
            ),
            self._recipe_saved,
        )

    def _recipe_saved(self, path: Path | None) -> None:
        if path is not None:
            self.app.notify(f"recipe saved: {full_path(path)}", markup=False)  # type: ignore[attr-defined]

    def action_load_recipe(self) -> None:
        from relimport.tui.dialogs import PathDialog

        stem = self.state.path.stem if self.state.path else "import"
        kind = self.state.kind

        def load(path: Path) -> tuple[Path, Recipe]:
            recipe = load_recipe(path)
            if recipe.kind and parse_kind(recipe.kind) != kind:
                raise UsageError(f"recipe {path.name} is for type {recipe.kind!r}, not {kind!r}")
            return path, recipe

        self.app.push_screen(  # type: ignore[attr-defined]
            PathDialog(
                "Load a recipe",
                input_path(self.recipe_folder() / f"{stem}.recipe.toml", self.app.launch_dir),  # type: ignore[attr-defined]
                base=self.app.launch_dir,  # type: ignore[attr-defined]
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
            self.state.apply_recipe(self.app.store.data, recipe)  # type: ignore[attr-defined]
        except Exception as exc:
            self.app.notify(one_line(exc, f"applying the recipe {path}"), severity="error")  # type: ignore[attr-defined]
            return
        self.recipe_applied()
        self.app.notify(f"recipe loaded: {display_path(path)}")  # type: ignore[attr-defined]

    def recipe_applied(self) -> None:  # pragma: no cover - overridden
        """Show the mapping the recipe made."""
