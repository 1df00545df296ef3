"""What every wizard step shares: the step bar, app state access, done / back."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events
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
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        width = self.size.width or self.app.size.width
        self.update(step_bar_text(step_number(self.step), brand=width >= 70))


def step_bar_text(current: int, *, brand: bool = True) -> Text:
    """`` relimport  1 Type  2 File …``: steps done plain, the current one reversed, later ones dim
    (without the name when ``brand`` is off: on a narrow terminal every step stays in view)."""
    text = Text(" relimport " if brand else "", style="bold reverse")
    for i, step in enumerate(STEPS, start=1):
        text.append("  " if i > 1 or not brand else " ")
        style = "bold reverse" if i == current else ("" if i < current else "dim")
        text.append(f"{i} {step.title}", style=style)
    return text


def size_classes(screen: Screen, width: int, height: int) -> None:
    """Classes the stylesheets lay a screen out by: ``-short`` (under 30 rows), ``-tiny``
    (under 22), ``-tall`` (36 rows or more), ``-narrow`` (under 72 columns), ``-wide``
    (110 columns or more)."""
    screen.set_class(height < 30, "-short")
    screen.set_class(height < 22, "-tiny")
    screen.set_class(height >= 36, "-tall")
    screen.set_class(width < 72, "-narrow")
    screen.set_class(width >= 110, "-wide")


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
        size_classes(self, *self.app.size)

    def on_resize(self, event: events.Resize) -> None:
        size_classes(self, *event.size)

    def link_targets(self) -> dict[str, str]:
        """Relationship column header → the object type its values name (for key names)."""
        out: dict[str, str] = {}
        mapping = self.state.mapping
        data = self.store.data
        for col in mapping.columns if mapping is not None else ():
            if col.target == "rel" and col.rel_id is not None:
                try:
                    rel = data.rel(col.rel_id)
                except KeyError:
                    continue
                out[col.header] = rel.target if col.direction == "out" else rel.source
        if self.state.kind == "person_company":
            # The persons' companies are found through the built-in relationship (reported
            # under its name) from the company columns.
            for rel in data.relationship_types:
                if rel.builtin:
                    out.setdefault(rel.name, rel.target)
            for col in mapping.columns if mapping is not None else ():
                if col.target == "field" and (col.field or "").startswith("company."):
                    out.setdefault(col.header, "company")
        return out

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
