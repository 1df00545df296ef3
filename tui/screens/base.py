"""What every wizard step shares: the step bar, app state access, done / back."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from relimport.core.domain.objects import kind_label
from relimport.tui.fmt import clip, display_path
from relimport.tui.state import WizardState
from relimport.tui.wizard import STEPS, StepBack, StepDone, step_number

if TYPE_CHECKING:
    from relimport.core.store.jsonfile import Store
    from relimport.tui.app import RelimportApp

BACK = Binding("escape", "back", "Back")
NEXT = Binding("ctrl+n", "next", "Next")

__all__ = ["BACK", "NEXT", "StepBar", "WizardScreen", "clip", "display_path"]


class StepBar(Static):
    """One line: the wizard's steps with the current one highlighted."""

    def __init__(self, step: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="step-bar")
        self.step = step

    def on_mount(self) -> None:
        self.update(step_bar_text(step_number(self.step)))


def step_bar_text(current: int) -> Text:
    """`` relimport  1 Type  2 File …``: steps done plain, the current one reversed, later ones dim."""
    text = Text(" relimport ", style="bold reverse")
    for i, step in enumerate(STEPS, start=1):
        text.append("  " if i > 1 else " ")
        style = "bold reverse" if i == current else ("" if i < current else "dim")
        text.append(f"{i} {step.title}", style=style)
    return text


def no_blink(screen: Screen) -> None:
    """Stop text cursors blinking when the app asks so (deterministic snapshots)."""
    if not getattr(screen.app, "cursor_blink", True):
        for widget in screen.query(Input):
            widget.cursor_blink = False


class WizardScreen(Screen):
    """Base of the wizard's steps: ``STEP`` names the step (a key of ``relimport.tui.wizard.STEPS``).

    A step ends with :meth:`step_done` or :meth:`step_back`; which screen comes
    next is the wizard's choice, never the screen's.
    """

    STEP: ClassVar[str]

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

    def help_text(self) -> str:
        """``HELP``, headed by the step's number (help shows it)."""
        return f"Step {step_number(self.STEP)} of {len(STEPS)}: {self.HELP or ''}"

    def step_done(self) -> None:
        """This step's work is done: on to the next step."""
        self.post_message(StepDone(self))

    def step_back(self) -> None:
        """Back to the step before (the first step stays)."""
        self.post_message(StepBack(self))

    def action_back(self) -> None:
        self.step_back()
