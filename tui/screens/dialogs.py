"""Modal dialogs: help, first run, a path prompt, a yes/no confirmation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Static

from relimport.core.ops.demo import DEMO_STORE, SAMPLE_DATA

if TYPE_CHECKING:
    from relimport.core.store.jsonfile import Store

GENERAL_HELP = """\
Everywhere: Tab / Shift+Tab move between controls, arrows move inside lists
and tables, Enter chooses or opens a dropdown, Esc goes back one step.
F1 or ? help · F2 relationship types · F3 records · F4 import history · F5 aliases ·
Ctrl+N next step · Ctrl+Q quit."""


class HelpScreen(ModalScreen[None]):
    """Help for the screen below: what it does and its keys."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("f1", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under
        self.bindings_text = _bindings_text(under)

    def compose(self) -> ComposeResult:
        title = getattr(self.under, "TITLE", None) or type(self.under).__name__
        with Vertical(id="help-box"):
            yield Label(f"Help — {title}", id="help-title")
            with VerticalScroll(id="help-body"):
                help_text = unwrap(self.under.HELP or "")
                if help_text:
                    yield Static(help_text, id="help-screen-text", markup=False)
                yield Static(self.bindings_text, id="help-keys")
                yield Static(unwrap(GENERAL_HELP), id="help-general", markup=False)
            yield Label("Esc closes", id="help-close")

    def action_close(self) -> None:
        self.dismiss(None)


def unwrap(text: str) -> str:
    """Join hard-wrapped lines into paragraphs (blank lines separate them)."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text.strip())


def _bindings_text(screen: Screen) -> Text:
    text = Text()
    seen: set[str] = set()
    try:
        active = screen.active_bindings
    except Exception:  # the screen is not mounted (never expected; help stays usable)
        active = {}
    # The screen's own keys first, then the app's; Textual's system keys are general.
    ordered = sorted(active.values(), key=lambda ab: ab.node is screen.app)
    for ab in ordered:
        desc = ab.binding.description
        if not desc or desc in seen or ab.binding.system or ab.node not in (screen, screen.app):
            continue
        seen.add(desc)
        shown = screen.app.get_key_display(ab.binding)
        text.append(f"{shown:>10}  ", style="bold")
        text.append(desc + ("" if ab.enabled else " (not now)") + "\n")
    return text


class FirstRunDialog(ModalScreen[str | None]):
    """No store yet: start with the demo data or empty (None = quit)."""

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
        from relimport.tui.screens.base import display_path

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


class PathDialog(ModalScreen[Path | None]):
    """Ask for a file path (to save or open); Enter accepts, Esc cancels."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        default: str,
        *,
        base: Path,
        must_exist: bool = False,
        suffixes: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.base = base
        self.must_exist = must_exist
        self.suffixes = suffixes
        self._overwrite: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(self.default, id="path-input")
            yield Static("", id="path-error", classes="error-line")
            hint = "Enter: OK · Esc: cancel"
            if self.suffixes:
                hint = f"{' or '.join(self.suffixes)} · " + hint
            yield Static(hint, classes="hint")

    def on_mount(self) -> None:
        from relimport.tui.screens.base import no_blink

        no_blink(self)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return self._error("give a file name")
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.base / path
        if self.suffixes and path.suffix.lower() not in self.suffixes:
            return self._error(f"use {' or '.join(self.suffixes)}")
        if self.must_exist and not path.is_file():
            return self._error(f"{text}: no such file")
        if not self.must_exist and path.exists() and self._overwrite != path:
            self._overwrite = path
            return self._error(f"{text} exists: Enter again to replace it")
        self.dismiss(path)

    def _error(self, message: str) -> None:
        self.query_one("#path-error", Static).update(message)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; y/Enter on Yes confirms, n/Esc declines."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="warning", compact=True)
                yield Button("No (n)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
