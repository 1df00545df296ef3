"""What every wizard step shares: the step bar, app state access, Esc = back."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from relimport.core.domain.objects import kind_label
from relimport.tui.fmt import clip, display_path
from relimport.tui.state import WizardState

if TYPE_CHECKING:
    from relimport.core.store.jsonfile import Store
    from relimport.tui.app import RelimportApp

STEPS = ("Type", "File", "Mapping", "Check", "Import", "Results")
BACK = Binding("escape", "back", "Back")
NEXT = Binding("ctrl+n", "next", "Next")

__all__ = ["BACK", "NEXT", "STEPS", "StepBar", "WizardScreen", "clip", "display_path"]


class StepBar(Static):
    """One line: the six steps with the current one highlighted."""

    def __init__(self, step: int, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="step-bar")
        self.step = step

    def on_mount(self) -> None:
        text = Text(" relimport ", style="bold reverse")
        for i, name in enumerate(STEPS, start=1):
            text.append("  " if i > 1 else " ")
            if i == self.step:
                text.append(f"{i} {name}", style="bold reverse")
            elif i < self.step:
                text.append(f"{i} {name}", style="")
            else:
                text.append(f"{i} {name}", style="dim")
        self.update(text)


def no_blink(screen: Screen) -> None:
    """Stop text cursors blinking when the app asks so (deterministic snapshots)."""
    if not getattr(screen.app, "cursor_blink", True):
        for widget in screen.query(Input):
            widget.cursor_blink = False


class WizardScreen(Screen):
    """Base of the wizard's steps."""

    STEP: ClassVar[int] = 1

    @property
    def rapp(self) -> RelimportApp:
        return cast("RelimportApp", self.app)

    @property
    def state(self) -> WizardState:
        return self.rapp.state

    @property
    def store(self) -> Store:
        return self.rapp.store

    def on_mount(self) -> None:
        no_blink(self)

    def kind_text(self) -> str:
        return kind_label(self.state.kind) if self.state.kind else ""

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
