"""A yes/no question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from relimport.core.domain.text import visible
from relimport.tui.fmt import shown
from relimport.tui.widgets.keybar import KeyBar


class ConfirmDialog(ModalScreen[bool]):
    """Ask ``title`` (explained by ``message``); dismisses ``True`` only on a yes.

    y (or Enter on the yes button) confirms; n, Esc or Enter on No (where the
    focus starts, so a stray Enter never confirms) declines.
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "Cancel"),
    ]

    def __init__(self, title: str, message: str = "", *, yes: str = "Yes", id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = title
        self._message = message
        self._yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog"):
            yield Label(shown(self._title), id="confirm-title", classes="dialog-title", markup=False)
            if self._message:
                yield Static(visible(self._message, multiline=True), id="confirm-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self._yes} (y)", id="yes", variant="warning", compact=True)
                yield Button("No (n)", id="no", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
