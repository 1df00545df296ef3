"""The relimport terminal app: holds the store and the wizard state, pushes the first screen.

Everything a step does lives in its screen under ``tui/screens/``; the app only
owns what all screens share and the keys that work everywhere.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from core.errors import RelimportError
from core.store import Store
from tui.state import WizardState


class RelimportApp(App[int]):
    """The import wizard (and the entry to the browsing screens)."""

    # Every screen's stylesheet is read once at start-up: a screen opened later then
    # costs no CSS parsing on the UI thread (Textual skips sources it already has).
    CSS_PATH = [
        "app.tcss",
        *sorted(f"screens/{p.name}" for p in (Path(__file__).parent / "screens").glob("*.tcss")),
    ]
    TITLE = "relimport"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f2", "relations", "Relationship types", show=False),
        Binding("f3", "records", "Records", show=False),
        Binding("f4", "history", "Import history", show=False),
        Binding("f5", "aliases", "Aliases", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, store: Store, start_dir: Path | None = None, *, cursor_blink: bool = True) -> None:
        super().__init__()
        #: Whether text cursors blink (tests turn it off for stable snapshots).
        self.cursor_blink = cursor_blink
        self.store = store
        self.store_path = store.path
        self.start_dir = Path(start_dir) if start_dir else Path.cwd()
        self.state = WizardState()
        #: Whether the store file existed when the app started (else: first run).
        self.first_run = not store.exists()

    def on_mount(self) -> None:
        from tui.screens.kind import KindScreen

        self.push_screen(KindScreen())
        if self.first_run:
            from tui.screens.dialogs import FirstRunDialog

            self.push_screen(FirstRunDialog(self.store_path), self._first_run_chosen)

    def _first_run_chosen(self, choice: str | None) -> None:
        from tui.screens.dialogs import start_store

        if choice is None:
            self.exit(0)
            return
        try:
            start_store(self.store, demo=choice == "demo")
        except RelimportError as exc:
            self.notify(str(exc), severity="error", timeout=10)
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Tell the first screen that records may have changed."""
        from tui.screens.kind import KindScreen

        for screen in self.screen_stack:
            if isinstance(screen, KindScreen):
                screen.refresh_counts()

    # --- keys that work everywhere ---------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While an import runs, its screen stays on top (help aside).
        if action in ("relations", "records", "history", "aliases"):
            from tui.screens.progress import ProgressScreen

            if isinstance(self.screen, ProgressScreen):
                return False
        return True

    def action_help(self) -> None:
        from tui.screens.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_relations(self) -> None:
        self.open_screen("relations", "RelationsScreen", "Relationship types")

    def action_records(self) -> None:
        self.open_records()

    def action_history(self) -> None:
        self.open_screen("history", "HistoryScreen", "Import history")

    def action_aliases(self) -> None:
        self.open_screen("aliases", "AliasesScreen", "Aliases")

    def open_records(self, type_key: str | None = None, record_id: int | None = None) -> None:
        kwargs = {"type_key": type_key, "record_id": record_id} if type_key else {}
        self.open_screen("records", "RecordsScreen", "Records", **kwargs)

    def open_screen(self, module: str, name: str, title: str, **kwargs: object) -> None:
        """Push a browsing screen, imported only when asked for."""
        full = f"tui.screens.{module}"
        current = type(self.screen)
        if current.__name__ == name and current.__module__ == full and not kwargs:
            return
        try:
            screen_cls = getattr(importlib.import_module(full), name)
        except ModuleNotFoundError as exc:
            if exc.name != full:
                raise
            self.notify(f"{title}: not available yet", severity="warning")
            return
        except AttributeError:
            self.notify(f"{title}: not available yet", severity="warning")
            return
        self.push_screen(screen_cls(**kwargs))


def run_app(store_path: Path, start_dir: Path | None = None) -> int:
    """Open the TUI on ``store_path``; the file step starts in ``start_dir`` (default cwd).

    A store that cannot be read is refused with one line on stderr (exit 1).
    """
    store = Store(Path(store_path))
    try:
        _ = store.data  # read now: a damaged store is refused before the screen opens
    except RelimportError as exc:
        sys.stderr.write(f"relimport: {exc}\n")
        return exc.exit_code
    app = RelimportApp(store, start_dir)
    code = app.run()
    return int(code or 0)
