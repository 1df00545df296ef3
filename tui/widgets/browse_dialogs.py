"""Small modal dialogs of the browse screens: confirm, ask a path, show a text.

Keyboard only: every dialog shows its keys in its footer, Esc always cancels.
Work a dialog triggers (writing a file) runs off the UI thread; errors users
can cause (:class:`relimport.core.domain.errors.RelimportError`) are shown inline, never as a
traceback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from relimport.core.domain.errors import RelimportError
from relimport.tui.widgets.keybar import KeyBar


def error_text(exc: BaseException) -> str:
    """One line for any error: core's own message, else the exception's type and text."""
    if isinstance(exc, RelimportError):
        return str(exc)
    text = " ".join(str(exc).split())
    return f"unexpected error ({type(exc).__name__}): {text}" if text else type(exc).__name__


class ConfirmDialog(ModalScreen[bool]):
    """Ask yes/no; dismisses with ``True`` only on ``y``."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > #confirm-box {
        width: 64; max-width: 100%; height: auto; max-height: 20;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    ConfirmDialog #confirm-title { text-style: bold; width: 100%; }
    ConfirmDialog #confirm-keys { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "Cancel"),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self._title = title
        self._message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(self._title, id="confirm-title", markup=False)
            yield Static(self._message, id="confirm-message", markup=False)
            yield Label("y = yes   n / Esc = no", id="confirm-keys")
        yield KeyBar()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class PathDialog(ModalScreen[Any]):
    """Ask a file path; ``save(path)`` runs in a thread and its result dismisses the dialog.

    A :class:`RelimportError` from ``save`` (bad suffix, cannot write) stays in
    the dialog as an inline error so the user can fix the path.
    """

    DEFAULT_CSS = """
    PathDialog { align: center middle; }
    PathDialog > #path-box {
        width: 76; max-width: 100%; height: auto;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    PathDialog #path-title { text-style: bold; }
    PathDialog #path-hint { color: $text-muted; }
    PathDialog #path-error { color: $error; text-style: bold; }
    PathDialog #path-error.-empty { display: none; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, default: str, hint: str, save: Callable[[str], Any]) -> None:
        super().__init__()
        self._title = title
        self._default = default
        self._hint = hint
        self._save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="path-box"):
            yield Label(self._title, id="path-title", markup=False)
            yield Static(self._hint, id="path-hint", markup=False)
            yield Input(self._default, id="path-input", compact=True)
            yield Label("", id="path-error", classes="-empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        path_input = self.query_one("#path-input", Input)
        path_input.cursor_blink = getattr(self.app, "cursor_blink", True)
        path_input.focus()

    def show_error(self, text: str) -> None:
        err = self.query_one("#path-error", Label)
        err.update(text)
        err.set_class(not text, "-empty")

    @on(Input.Submitted, "#path-input")
    def _submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if not path:
            self.show_error("enter a file path ending in .csv or .xlsx")
            return
        self._run_save(path)

    @work(exclusive=True, exit_on_error=False)
    async def _run_save(self, path: str) -> None:
        self.show_error("")
        box = self.query_one("#path-box")
        box.loading = True
        try:
            result = await asyncio.to_thread(self._save, path)
        except Exception as exc:  # shown inline; the dialog stays open
            box.loading = False
            self.show_error(error_text(exc))
            return
        box.loading = False
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(ModalScreen[None]):
    """Show a titled, scrollable text (a report); Enter or Esc closes it."""

    DEFAULT_CSS = """
    TextDialog { align: center middle; }
    TextDialog > #text-box {
        width: 76; max-width: 100%; height: auto; max-height: 20;
        border: thick $success; background: $surface; padding: 0 1;
    }
    TextDialog #text-title { text-style: bold; }
    TextDialog #text-scroll { height: auto; max-height: 16; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="text-box"):
            yield Label(self._title, id="text-title", markup=False)
            with VerticalScroll(id="text-scroll"):
                yield Static(self._text, id="text-body", markup=False)
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)
