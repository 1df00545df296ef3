"""The results step: summary, outcome chart, problems by kind, export, undo, open a record."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Label, Select, Static

from relimport.core.files.export import export_problems
from relimport.core.importing.applying import problem_rows
from relimport.core.importing.report import ImportReport
from relimport.core.ops.advice import row_record
from relimport.core.ops.undo import UndoReport, undo_import
from relimport.tui.errors import one_line
from relimport.tui.fmt import full_path, input_path, plural
from relimport.tui.screens.base import StepBar, WizardScreen
from relimport.tui.widgets.keybar import KeyBar
from relimport.tui.widgets.problems import SHOWN, ProblemDetail, ProblemTable
from relimport.tui.widgets.report_view import ReportView, Undone
from relimport.tui.words import problem_label

ALL = "all"


@dataclass
class UndoFinished(Message):
    """The undo worker ended with a report, or an error line."""

    report: UndoReport | None
    error: str = ""


@dataclass
class RecordFound(Message):
    """The record a problem's row names (None: the row names none in the store)."""

    row: int
    record: tuple[str, int] | None


class ResultsScreen(WizardScreen):
    """What the import did, and what to do next."""

    STEP = "results"
    TITLE = "Results"
    CSS_PATH = "results.tcss"
    AUTO_FOCUS = "#results-problems"
    HELP = """\
what the import did: records created, updated, unchanged, skipped;
links made, existing, replaced; each problem kind with its count. A problem's
mark says what it cost: ✗ the row was not imported, ! one value was not, ~
imported but worth a look. Choose a kind in the filter to see only those; the
pane under the table shows the selected problem in full. E exports the rows
with problems (original columns plus a problems column) to .csv or .xlsx, to
fix and import again. U undoes this import (records it created and links it
added are removed, overwritten values restored). O opens the record of the
selected problem's row, C the first record the problem names (a candidate or
a "did you mean"). Esc starts a new import."""
    BINDINGS = [
        Binding("escape", "done", "New import"),
        Binding("e", "export", "Export"),
        Binding("u", "undo", "Undo"),
        Binding("o", "open", "Row's record"),
        Binding("c", "candidate", "Candidate record"),
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
        yield ProblemDetail(id="results-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_summary()
        self._show_problems(ALL)

    def _show_summary(self) -> None:
        undone = None
        if self.undone is not None:
            rep = self.undone
            undone = Undone(
                rep.batch, rep.records_removed, rep.links_removed, rep.values_restored, len(rep.kept)
            )
        self.query_one("#results-summary", ReportView).show(
            self.report,
            targets=self.link_targets(),
            undone=undone,
            bars=self.app.size.width >= 72,
            compact=self.app.size.height < 22,
        )

    def on_resize(self) -> None:
        self._show_summary()

    def _filter_options(self) -> list[tuple[str, str]]:
        counts = self.report.problem_counts()
        opts = [(f"all kinds ({len(self.report.problems):,})", ALL)]
        opts += [(f"{problem_label(kind)} ({n:,})", kind) for kind, n in counts.items()]
        return opts

    @on(Select.Changed, "#results-kind")
    def _filter_changed(self, event: Select.Changed) -> None:
        self._show_problems(str(event.value))

    def _show_problems(self, kind: str) -> None:
        problems = self.report.problems
        if kind != ALL:
            problems = [p for p in problems if p.kind == kind]
        table = self.query_one("#results-problems", ProblemTable)
        table.show(problems)
        self._show_detail()
        if not self.report.problems:
            note = "none — every row imported cleanly"
        elif len(problems) > SHOWN:
            note = f"first {SHOWN:,} of {len(problems):,} shown; export to see all"
        else:
            note = f"{len(problems):,} shown"
        self.query_one("#results-count", Static).update(" " + note)

    @on(DataTable.RowHighlighted, "#results-problems")
    def _show_detail(self) -> None:
        table = self.query_one("#results-problems", ProblemTable)
        self.query_one("#results-detail", ProblemDetail).follow(table)
        self.refresh_bindings()

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return True if self.report.problems else None
        if action == "undo":
            if self.undone or not self.report.applied:
                return False
            return None if self._undoing else True
        if action in ("open", "candidate"):
            if not self.is_mounted:
                return True
            problem = self.query_one("#results-problems", ProblemTable).current()
            if action == "candidate":
                return bool(problem and problem.candidates)
            return True if problem is not None else None
        return True

    def action_done(self) -> None:
        self.step_done()

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
        folder = self.state.path.parent if self.state.path else self.rapp.start_dir
        self.app.push_screen(
            PathDialog(
                "Export the rows with problems to",
                input_path(folder / f"{stem}-problems.csv", self.rapp.launch_dir),
                base=self.rapp.launch_dir,
                suffixes=(".csv", ".xlsx"),
                action=export,
            ),
            self._exported,
        )

    def _exported(self, written: tuple[Path, int] | None) -> None:
        if written is not None:
            path, n = written
            self.notify(f"wrote {plural(n, 'row')} with problems to {full_path(path)}", markup=False)

    def on_key(self, event: events.Key) -> None:
        # u when there is nothing to undo (the key is not offered then): say why.
        if event.key == "u" and self.check_action("undo", ()) is False:
            event.stop()
            rep = self.report
            why = (
                f"import {rep.batch} was already undone"
                if self.undone is not None
                else "nothing was written by this import"
            )
            self.notify(f"{why}: nothing to undo", severity="warning", markup=False)

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
        self.run_undo(self.report.batch)

    @work(thread=True, exclusive=True, group="undo", exit_on_error=False)
    def run_undo(self, batch: str | None) -> None:
        from relimport.tui.watch import store_work

        try:
            with store_work():
                rep = undo_import(self.store, batch)
        except Exception as exc:
            self.post_message(UndoFinished(None, one_line(exc, "undoing an import")))
        else:
            self.post_message(UndoFinished(rep))

    def on_undo_finished(self, message: UndoFinished) -> None:
        self._undoing = False
        if message.report is None:
            self.notify(message.error, title="Undo failed", severity="error", timeout=10, markup=False)
            self.refresh_bindings()
            return
        self.undone = rep = message.report
        self._show_summary()
        self.notify(f"Import {rep.batch} undone.", markup=False)
        self.rapp.refresh_counts()
        self.refresh_bindings()

    def action_open(self) -> None:
        problem = self.query_one("#results-problems", ProblemTable).current()
        if problem is None:
            return
        table, mapping = self.state.table, self.state.mapping
        if table is None or mapping is None:
            self.notify("the file is no longer loaded", severity="warning")
            return
        self._find_row_record(problem.row)

    @work(thread=True, exclusive=True, group="find-row", exit_on_error=False)
    def _find_row_record(self, row: int) -> None:
        table, mapping = self.state.table, self.state.mapping
        assert table is not None and mapping is not None
        try:
            found = row_record(self.store.data, table, mapping, row)
        except Exception as exc:  # one line; a bug's traceback goes to the log
            self.app.call_from_thread(self.notify, one_line(exc, "finding a row's record"), severity="error")
            return
        self.post_message(RecordFound(row, found))

    def on_record_found(self, message: RecordFound) -> None:
        if message.record is None:
            self.notify(
                f"row {message.row:,} names no record in the store (it was not imported, "
                "or its key matches several records)",
                severity="warning",
                markup=False,
            )
            return
        type_key, rid = message.record
        self.rapp.open_records(type_key, rid)

    def action_candidate(self) -> None:
        problem = self.query_one("#results-problems", ProblemTable).current()
        if problem is None or not problem.candidates:
            self.notify("this problem names no record", severity="warning")
            return
        cand = problem.candidates[0]
        type_key = str(cand.get("type") or problem.target_type)
        if type_key:
            self.rapp.open_records(type_key, int(cand["id"]))
