"""A titled, scrollable text (a report)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from relimport.core.domain.text import visible
from relimport.tui.fmt import shown
from relimport.tui.widgets.keybar import KeyBar


class TextDialog(ModalScreen[None]):
    """Show ``text`` under ``title``; Enter or Esc closes it."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="text-box", classes="dialog"):
            yield Label(shown(self._title), id="text-title", classes="dialog-title", markup=False)
            with VerticalScroll(id="text-scroll"):
                yield Static(visible(self._text, multiline=True), id="text-body", markup=False)
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)
