"""Help for the screen below: what it does, its keys, the keys that work everywhere."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

#: Lines of help text shown at once (the rest scrolls).
BODY_ROWS = 18
GENERAL_HELP = """\
Everywhere: Tab / Shift+Tab move between controls, arrows move inside lists
and tables, Enter chooses or opens a dropdown, Esc goes back one step.
F1 or ? help · F2 relationship types · F3 records · F4 import history · F5 aliases ·
Ctrl+N next step · Ctrl+Q quit."""


class HelpScreen(ModalScreen[None]):
    """Help for ``under``: its ``help_text()`` (else its ``HELP``) and its active keys."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("f1", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under
        self.bindings_text = bindings_text(under)

    def compose(self) -> ComposeResult:
        title = getattr(self.under, "TITLE", None) or type(self.under).__name__
        with Vertical(id="help-box"):
            yield Label(f"Help — {title}", id="help-title", markup=False)
            with VerticalScroll(id="help-body"):
                help_text = unwrap(screen_help(self.under))
                if help_text:
                    yield Static(help_text, id="help-screen-text", markup=False)
                yield Static(self.bindings_text, id="help-keys")
                yield Static(unwrap(GENERAL_HELP), id="help-general", markup=False)
            yield Label("Esc closes", id="help-close")

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # The box (its border, title and "Esc closes") stays on a short terminal (60x20):
        # the text scrolls in what is left.
        self.query_one("#help-body").styles.max_height = max(3, min(BODY_ROWS, self.app.size.height - 4))

    def action_close(self) -> None:
        self.dismiss(None)


def screen_help(screen: Screen) -> str:
    """What a screen says about itself (a wizard step prefixes its step number)."""
    help_text = getattr(screen, "help_text", None)
    if callable(help_text):
        return str(help_text())
    return screen.HELP or ""


def unwrap(text: str) -> str:
    """Join hard-wrapped lines into paragraphs (blank lines separate them)."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text.strip())


def bindings_text(screen: Screen) -> Text:
    """The screen's keys, then the app's, one per line; those not usable now say so."""
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
