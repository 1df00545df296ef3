"""The import wizard's steps, in order, and the one place that moves between them.

A step's screen never imports or opens the next one: it posts :class:`StepDone`
(its work is done: go on) or :class:`StepBack` (Esc), and :class:`Wizard`, kept
by the app, walks :data:`STEPS`. The step bar and the help's "Step n of m" are
read from the same list.

Screens are named by module and class and imported when first shown: the first
screen is drawn before the engine (and polars) is loaded.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App

    from relimport.tui.state import WizardState


@dataclass(frozen=True)
class Step:
    """One step of the wizard and the screen that shows it."""

    key: str
    #: The step's name in the step bar.
    title: str
    #: The screen's module under ``relimport.tui.screens`` and its class.
    module: str
    screen: str
    #: Passed through, never returned to: when done it is replaced by the next
    #: step, and Esc (or a cancel) leaves it for the step before.
    transient: bool = False


STEPS: tuple[Step, ...] = (
    Step("kind", "Type", "kind", "KindScreen"),
    Step("file", "File", "file", "FileScreen"),
    Step("mapping", "Mapping", "mapping", "MappingScreen"),
    Step("check", "Check", "check", "CheckScreen"),
    Step("import", "Import", "progress", "ProgressScreen", transient=True),
    Step("results", "Results", "results", "ResultsScreen"),
)


def step_index(key: str) -> int:
    """The 0-based position of the step ``key`` in :data:`STEPS`."""
    for i, step in enumerate(STEPS):
        if step.key == key:
            return i
    raise KeyError(key)


def step_number(key: str) -> int:
    """The 1-based number of the step ``key``, as the step bar and help show it."""
    return step_index(key) + 1


@dataclass
class StepDone(Message):
    """``screen`` (a wizard step) is done: the wizard shows the next step."""

    screen: Screen


@dataclass
class StepBack(Message):
    """``screen`` (a wizard step) goes back: the wizard shows the step before."""

    screen: Screen


class Wizard:
    """Moves the app between the steps of :data:`STEPS`.

    The steps are a stack of screens: the first step's screen stays at the
    bottom, each step is pushed over the one before, so Esc returns to the
    earlier screen as the user left it. After the last step a new import begins
    at the first step, keeping the choices made (state as the state object
    keeps it: see :meth:`relimport.tui.state.WizardState.start_over`).
    """

    def __init__(self, app: App, state: WizardState) -> None:
        self.app = app
        self.state = state

    def start(self) -> None:
        """Show the first step."""
        self.app.push_screen(self.make(STEPS[0]))

    def make(self, step: Step) -> Screen:
        """A new screen for ``step`` (its module is imported now, if not yet)."""
        module = importlib.import_module(f"relimport.tui.screens.{step.module}")
        return getattr(module, step.screen)()

    def step_of(self, screen: Screen) -> Step | None:
        key = getattr(screen, "STEP", None)
        return STEPS[step_index(key)] if isinstance(key, str) else None

    def current(self, screen: Screen) -> Step | None:
        """``screen``'s step, if it is the newest step on the stack (else the message is stale).

        Dialogs or help above it are allowed: they are closed when the wizard moves on.
        """
        step = self.step_of(screen)
        stack = self.app.screen_stack
        if step is None or screen not in stack:
            return None
        above = stack[stack.index(screen) + 1 :]
        if any(self.step_of(s) is not None for s in above):
            return None
        return step

    def _close_above(self, screen: Screen) -> None:
        while self.app.screen is not screen and len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def done(self, screen: Screen) -> None:
        """``screen``'s step is done: push the next step (replace a transient one)."""
        step = self.current(screen)
        if step is None:
            return
        i = STEPS.index(step)
        if i + 1 == len(STEPS):
            self.restart()
            return
        self._close_above(screen)
        following = self.make(STEPS[i + 1])
        if step.transient:
            self.app.switch_screen(following)
        else:
            self.app.push_screen(following)

    def back(self, screen: Screen) -> None:
        """Leave ``screen``'s step for the one before (the first step stays)."""
        step = self.current(screen)
        if step is None or STEPS.index(step) == 0:
            return
        self._close_above(screen)
        self.app.pop_screen()

    def restart(self) -> None:
        """A new import: back to the first step, the last report dropped."""
        self.state.start_over()
        first = STEPS[0].key
        stack = self.app.screen_stack
        while len(stack) > 1 and getattr(stack[-1], "STEP", None) != first:
            self.app.pop_screen()
            stack = self.app.screen_stack
