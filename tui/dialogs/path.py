"""A file path to save to or open, with the save itself run in a thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from relimport.tui.errors import one_line
from relimport.tui.fmt import shown
from relimport.tui.widgets.inputs import SafeInput
from relimport.tui.widgets.keybar import KeyBar


class PathDialog(ModalScreen[Any]):
    """Ask a file path; Enter accepts, Esc cancels (dismisses ``None``).

    A typed relative path is taken from ``base``. The dialog checks the suffix
    (one of ``suffixes``, if given), that the file exists (``must_exist``) or,
    when saving, asks for a second Enter before replacing an existing file.
    Then ``action(path)``, if given, runs in a thread and its result dismisses
    the dialog; an error stays in the dialog as one line, so the path can be
    fixed. Without ``action`` the dialog dismisses with the path.
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        default: str,
        *,
        base: Path,
        hint: str = "",
        suffixes: tuple[str, ...] = (),
        must_exist: bool = False,
        action: Callable[[Path], Any] | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._default = default
        self._base = base
        self._hint = hint
        self._suffixes = suffixes
        self._must_exist = must_exist
        self._action = action
        #: The existing file a first Enter was warned about (a second one replaces it).
        self._overwrite: Path | None = None

    def compose(self) -> ComposeResult:
        keys = "Enter: OK · Esc: cancel"
        hint = self._hint or (" or ".join(self._suffixes) if self._suffixes else "")
        with Vertical(id="path-box", classes="dialog"):
            yield Label(shown(self._title), id="path-title", classes="dialog-title", markup=False)
            yield Static(f"{hint} · {keys}" if hint else keys, id="path-hint", classes="hint", markup=False)
            yield SafeInput(self._default, id="path-input", compact=True)
            yield Static("", id="path-full", classes="hint", markup=False)
            yield Label("", id="path-error", classes="error-line -empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        path_input = self.query_one("#path-input", Input)
        path_input.cursor_blink = getattr(self.app, "cursor_blink", True)
        path_input.focus()
        self._show_full(path_input.value)

    @on(Input.Changed, "#path-input")
    def _changed(self, event: Input.Changed) -> None:
        self._show_full(event.value)

    def _show_full(self, text: str) -> None:
        """The whole path the typed text names (relative paths are taken from ``base``), and
        whether saving would replace a file."""
        full = self.query_one("#path-full", Static)
        text = text.strip()
        if not text:
            full.update("")
            return
        path = Path(text).expanduser()
        path = path if path.is_absolute() else self._base / path
        note = ""
        if not self._must_exist and path.is_file():
            note = " — exists: Enter asks, a second Enter replaces it"
        full.update(f"→ {shown(path.resolve())}{note}")

    def show_error(self, text: str) -> None:
        error = self.query_one("#path-error", Label)
        error.update(shown(text))
        error.set_class(not text, "-empty")

    def checked_path(self, text: str) -> tuple[Path | None, str]:
        """The path ``text`` names and an empty error, or None and why it is refused."""
        text = text.strip()
        if not text:
            return None, "type a file path"
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self._base / path
        if self._suffixes and path.suffix.lower() not in self._suffixes:
            verb = "open" if self._must_exist else "write"
            got = path.suffix or "no suffix"
            return None, f"{path.name}: {verb} {' or '.join(self._suffixes)} (got {got!r})"
        if path.is_dir():
            return None, f"{text} is a folder"
        if self._must_exist and not path.is_file():
            return None, f"{text}: no such file"
        if not self._must_exist:
            refused = self._refused_output(path)
            if refused:
                return None, refused
        if not self._must_exist and path.exists() and self._overwrite != path:
            self._overwrite = path
            # The line above names the file and says it exists.
            return None, "Enter again replaces it, Esc keeps it"
        return path, ""

    def _refused_output(self, path: Path) -> str:
        """Why ``path`` must not be written (the store or one of its own files, a special
        file, a missing or read-only folder), or ``""``."""
        from relimport.core.domain.errors import UsageError
        from relimport.core.files.export import check_output
        from relimport.core.store.backends import own_files

        try:
            check_output(path, own_files(getattr(self.app, "store_path", None)))
        except UsageError as exc:
            return str(exc)
        return ""

    @on(Input.Submitted, "#path-input")
    def _submitted(self, event: Input.Submitted) -> None:
        path, error = self.checked_path(event.value)
        if path is None:
            self.show_error(error)
        elif self._action is None:
            self.dismiss(path)
        else:
            self._run(path)

    @work(exclusive=True, exit_on_error=False, group="path-action")
    async def _run(self, path: Path) -> None:
        assert self._action is not None
        self.show_error("")
        box = self.query_one("#path-box")
        box.loading = True
        try:
            result = await asyncio.to_thread(self._action, path)
        except Exception as exc:  # one line in the dialog; it stays open
            box.loading = False
            self.show_error(one_line(exc, "saving or opening a file"))
            return
        box.loading = False
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
