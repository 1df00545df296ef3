"""No store yet: start with the demo data or an empty store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from relimport.core.ops.demo import DEMO_STORE, SAMPLE_DATA
from relimport.tui.fmt import display_path

if TYPE_CHECKING:
    from relimport.core.store.jsonfile import Store


class FirstRunDialog(ModalScreen[str | None]):
    """Dismisses ``"demo"``, ``"empty"`` or ``None`` (quit)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("d", "choose('demo')", "Demo data"),
        Binding("e", "choose('empty')", "Empty"),
        Binding("escape", "choose(None)", "Quit"),
    ]

    def __init__(self, store_path: Path) -> None:
        super().__init__()
        self.store_path = store_path
        self.has_demo = (SAMPLE_DATA / DEMO_STORE).exists()

    def compose(self) -> ComposeResult:
        with Vertical(id="first-run-box", classes="dialog"):
            yield Label("Welcome to relimport", classes="dialog-title")
            yield Static(
                f"There is no store at {display_path(self.store_path)} yet.\n"
                "Start with demo data (companies, persons, deals and relationship types "
                "to try imports on) or with an empty store?",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    "Demo data (d)",
                    id="demo",
                    variant="primary",
                    disabled=not self.has_demo,
                    compact=True,
                )
                yield Button("Empty (e)", id="empty", compact=True)
                yield Button("Quit (Esc)", id="quit", compact=True)

    def on_mount(self) -> None:
        self.query_one("#demo" if self.has_demo else "#empty", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(None if event.button.id == "quit" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        if choice == "demo" and not self.has_demo:
            self.notify("demo data is not installed", severity="warning")
            return
        self.dismiss(choice)


def start_store(store: Store, *, demo: bool) -> None:
    """Create the store file: a copy of the demo store, or an empty store."""
    from relimport.core.store.jsonfile import load, locked, save
    from relimport.core.store.model import StoreData

    data = load(SAMPLE_DATA / DEMO_STORE) if demo else StoreData.empty()
    with locked(store.path):
        if store.path.exists():  # another process was quicker: keep its store
            store.reload()
            return
        save(store.path, data)
    store.reload()
