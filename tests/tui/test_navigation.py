"""Wizard navigation: one step list, walked by the wizard; Esc back through the steps.

The step bar and the help's step numbers come from ``relimport.tui.wizard.STEPS``;
no step's screen imports another step's screen (the wizard picks the next one).
"""

from __future__ import annotations

import ast
from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from relimport.tui.dialogs import HelpScreen
from relimport.tui.screens.base import StepBar, WizardScreen, step_bar_text
from relimport.tui.screens.check import CheckScreen
from relimport.tui.screens.file import FileScreen
from relimport.tui.screens.kind import KindScreen
from relimport.tui.screens.mapping import MappingScreen
from relimport.tui.screens.results import ResultsScreen
from relimport.tui.wizard import STEPS, Wizard, step_number
from tests.tui.helpers import SIZE, Workspace, settle, to_check

SCREENS = Path(__file__).resolve().parents[2] / "tui" / "screens"


def highlighted(screen: WizardScreen) -> str:
    """The step the step bar shows as current (drawn reversed, like the " relimport " head)."""
    text = screen.query_one(StepBar).content
    assert isinstance(text, Text)
    current = [text.plain[s.start : s.end] for s in text.spans if "reverse" in str(s.style)]
    assert text.plain.startswith(" relimport ") and len(current) == 1
    return current[0]


def step_keys(app) -> list[str]:
    return [s.STEP for s in app.screen_stack if isinstance(s, WizardScreen)]


def test_step_bar_and_step_numbers_come_from_the_step_list() -> None:
    titles = [step.title for step in STEPS]
    assert titles == ["Type", "File", "Mapping", "Check", "Import", "Results"]
    bar = step_bar_text(3)
    assert bar.plain == " relimport  " + "  ".join(f"{i} {t}" for i, t in enumerate(titles, 1))
    styles = {bar.plain[s.start : s.end]: str(s.style) for s in bar.spans}
    assert styles["3 Mapping"] == "bold reverse"
    assert styles["4 Check"] == "dim"
    assert styles.get("2 File", "") == ""  # a step done: plain
    # Each step names its screen, whose STEP is that step; help numbers it from the list.
    wizard = Wizard(app=None, state=None)  # type: ignore[arg-type]
    for step in STEPS:
        screen = wizard.make(step)
        assert type(screen).__name__ == step.screen
        assert step.key == screen.STEP
        assert screen.help_text().startswith(f"Step {step_number(step.key)} of {len(STEPS)}: ")
        assert "Step" not in (screen.HELP or "")  # the number is never written by hand


def test_no_step_screen_imports_another_step() -> None:
    step_modules = {f"relimport.tui.screens.{step.module}" for step in STEPS}
    for step in STEPS:
        path = SCREENS / f"{step.module}.py"
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
        others = (step_modules - {f"relimport.tui.screens.{step.module}"}) & imported
        assert not others, f"{path.name} imports {others}"


async def test_esc_walks_back_through_the_steps(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, KindScreen) and highlighted(app.screen) == "1 Type"
        await to_check(pilot, "4", "szanse.csv")
        assert isinstance(app.screen, CheckScreen)
        assert step_keys(app) == ["kind", "file", "mapping", "check"]
        assert highlighted(app.screen) == "4 Check"

        # Help numbers the step from the same list.
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-screen-text", Static).render())
        assert help_text.startswith("Step 4 of 6: the dry run reads the whole file")
        await pilot.press("escape")

        for screen_type, current in (
            (MappingScreen, "3 Mapping"),
            (FileScreen, "2 File"),
            (KindScreen, "1 Type"),
        ):
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, screen_type)
            assert highlighted(app.screen) == current
        assert step_keys(app) == ["kind"]
        await pilot.press("escape")  # the first step stays
        await settle(pilot)
        assert isinstance(app.screen, KindScreen) and len(app.screen_stack) == 2

        # Forward again to the results: the import step is replaced by them.
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, FileScreen)
        assert highlighted(app.screen) == "2 File"
        await pilot.press("ctrl+n")  # the file chosen before is still there
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert highlighted(app.screen) == "6 Results"
        assert step_keys(app) == ["kind", "file", "mapping", "check", "results"]
        assert app.state.report is not None and app.state.report.applied

        # After the last step a new import begins at the first, with the choices kept.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, KindScreen)
        assert step_keys(app) == ["kind"]
        assert app.state.report is None
        assert app.state.kind == "deal" and app.state.path == ws.dir / "szanse.csv"


async def test_a_stale_step_message_moves_nothing(ws: Workspace) -> None:
    """Two quick presses of a kind key open one file step, not two."""
    app = ws.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        kind = app.screen
        assert isinstance(kind, KindScreen)
        kind.step_done()
        kind.step_done()  # posted before the first one moved the wizard on
        await settle(pilot)
        assert step_keys(app) == ["kind", "file"]
        kind.step_back()  # the kind screen is no longer the current step
        await settle(pilot)
        assert isinstance(app.screen, FileScreen)
