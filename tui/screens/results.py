"""The results step: summary, outcome chart, problems by kind, export, undo, open a record."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Label, Select, Static

from relimport.core.domain.objects import kind_types
from relimport.core.files.export import export_problems
from relimport.core.importing.engine import problem_rows
from relimport.core.importing.report import ImportReport
from relimport.core.ops.undo import UndoReport, undo_import
from relimport.tui.errors import one_line
from relimport.tui.screens.base import StepBar, WizardScreen, display_path
from relimport.tui.widgets.keybar import KeyBar
from relimport.tui.widgets.problems import SHOWN, ProblemTable
from relimport.tui.widgets.report_view import ReportView

ALL = "all"


@dataclass
class UndoFinished(Message):
    """The undo worker ended with a report, or an error line."""

    report: UndoReport | None
    error: str = ""


class ResultsScreen(WizardScreen):
    """What the import did, and what to do next."""

    STEP = "results"
    TITLE = "Results"
    CSS_PATH = "results.tcss"
    AUTO_FOCUS = "#results-problems"
    HELP = """\
what the import did. Green: records created or updated and links
made; dim: what already existed; yellow/red: problems (red ones kept whole rows
out). Choose a problem kind in the filter to see only those. E exports the rows
with problems (original columns plus a Problem column) to .csv or .xlsx, to fix
and import again. U undoes this import (records it created and links it added
are removed, overwritten values restored). O opens the record a problem points
to (its first candidate) or the records of this type. Esc starts a new import."""
    BINDINGS = [
        Binding("escape", "done", "New import"),
        Binding("e", "export", "Export"),
        Binding("u", "undo", "Undo"),
        Binding("o", "open", "Open record"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.undone: UndoReport | None = None
        self._undoing = False

    @property
    def report(self) -> ImportReport:
        assert self.state.report is not None
        return self.state.report

    def compose(self) -> ComposeResult:
        rep = self.report
        yield StepBar(self.STEP)
        yield ReportView(id="results-summary")
        with Horizontal(id="results-filter"):
            yield Label("Problems ", classes="field-label")
            yield Select(
                self._filter_options(),
                value=ALL,
                allow_blank=False,
                compact=True,
                id="results-kind",
            )
            yield Static("", id="results-count", markup=False)
        yield ProblemTable(id="results-problems")
        with Horizontal(id="results-buttons", classes="buttons"):
            yield Button("Export problems (E)", id="results-export", compact=True, disabled=not rep.problems)
            yield Button(
                "Undo import (U)",
                id="results-undo",
                variant="warning",
                compact=True,
                disabled=not rep.applied,
            )
            yield Button("Open record (O)", id="results-open", compact=True)
            yield Button("New import (Esc)", id="results-new", variant="primary", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#results-summary", ReportView).show(self.report)
        self._show_problems(ALL)

    def _filter_options(self) -> list[tuple[str, str]]:
        counts = self.report.problem_counts()
        opts = [(f"all kinds ({len(self.report.problems):,})", ALL)]
        opts += [(f"{kind} ({n:,})", kind) for kind, n in counts.items()]
        return opts

    @on(Select.Changed, "#results-kind")
    def _filter_changed(self, event: Select.Changed) -> None:
        self._show_problems(str(event.value))

    def _show_problems(self, kind: str) -> None:
        problems = self.report.problems
        if kind != ALL:
            problems = [p for p in problems if p.kind == kind]
        self.query_one("#results-problems", ProblemTable).show(problems)
        if not self.report.problems:
            note = "none — every row imported cleanly"
        elif len(problems) > SHOWN:
            note = f"first {SHOWN:,} of {len(problems):,} shown; export to see all"
        else:
            note = f"{len(problems):,} shown"
        self.query_one("#results-count", Static).update(" " + note)

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return True if self.report.problems else None
        if action == "undo":
            if self.undone or not self.report.applied:
                return False
            return None if self._undoing else True
        return True

    @on(Button.Pressed, "#results-new")
    def action_done(self) -> None:
        self.step_done()

    @on(Button.Pressed, "#results-export")
    def action_export(self) -> None:
        if not self.report.problems:
            return
        table = self.state.table
        if table is None:
            self.notify("the file is no longer loaded; check it again to export", severity="error")
            return
        from relimport.tui.dialogs import PathDialog

        problems = self.report.problems

        def export(path: Path) -> tuple[Path, int]:
            rows = sorted({p.row for p in problems})
            return path, export_problems(path, problem_rows(table, rows), problems)

        stem = Path(self.report.file).stem or "import"
        self.app.push_screen(
            PathDialog(
                "Export the rows with problems to",
                f"{stem}-problems.csv",
                base=self.rapp.start_dir,
                suffixes=(".csv", ".xlsx"),
                action=export,
            ),
            self._exported,
        )

    def _exported(self, written: tuple[Path, int] | None) -> None:
        if written is not None:
            path, n = written
            self.notify(f"wrote {n:,} rows with problems to {display_path(path)}")

    @on(Button.Pressed, "#results-undo")
    def action_undo(self) -> None:
        if self.check_action("undo", ()) is not True:
            return
        from relimport.tui.dialogs import ConfirmDialog

        rep = self.report
        self.app.push_screen(
            ConfirmDialog(
                f"Undo import {rep.batch} ({rep.file})?",
                "Records it created and links it added are removed; values it overwrote are restored.",
                yes="Undo",
            ),
            self._confirmed_undo,
        )

    def _confirmed_undo(self, yes: bool | None) -> None:
        if not yes:
            return
        self._undoing = True
        self.refresh_bindings()
        self.query_one("#results-undo", Button).disabled = True
        self.run_undo(self.report.batch)

    @work(thread=True, exclusive=True, group="undo", exit_on_error=False)
    def run_undo(self, batch: str | None) -> None:
        try:
            rep = undo_import(self.store, batch)
        except Exception as exc:
            self.post_message(UndoFinished(None, one_line(exc, "undoing an import")))
        else:
            self.post_message(UndoFinished(rep))

    def on_undo_finished(self, message: UndoFinished) -> None:
        self._undoing = False
        if message.report is None:
            self.notify(message.error, title="Undo failed", severity="error", timeout=10)
            self.query_one("#results-undo", Button).disabled = False
            self.refresh_bindings()
            return
        self.undone = rep = message.report
        note = Text(
            f"Undone: {rep.records_removed:,} records and {rep.links_removed:,} links "
            f"removed, {rep.values_restored:,} values restored",
            style="bold yellow",
        )
        if rep.kept:
            note.append(f" ({len(rep.kept)} later changes kept)", style="yellow")
        self.query_one("#results-summary", ReportView).show(self.report, note)
        self.notify(f"Import {rep.batch} undone.")
        self.rapp.refresh_counts()
        self.refresh_bindings()

    @on(Button.Pressed, "#results-open")
    def action_open(self) -> None:
        problem = self.query_one("#results-problems", ProblemTable).current()
        if problem is not None and problem.candidates:
            cand = problem.candidates[0]
            type_key = str(cand.get("type") or problem.target_type)
            if type_key:
                self.rapp.open_records(type_key, int(cand["id"]))
                return
        main = kind_types(self.report.kind)[0].key
        self.rapp.open_records(main)
