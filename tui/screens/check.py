"""The check step: the full dry run (counts and problems) and the import options."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Label, ProgressBar, Select, Static

from relimport.core.domain.options import MODES, ImportOptions
from relimport.core.mapping.decisions import Decision
from relimport.core.resolve.resolutions import resolution_queue
from relimport.tui.jobs import CancelFlag, ImportFinished, ImportJob, JobProgressed, phase_text, start_import
from relimport.tui.screens.base import BACK, StepBar, WizardScreen
from relimport.tui.widgets.keybar import KeyBar
from relimport.tui.widgets.problems import ProblemTable
from relimport.tui.widgets.report_view import ReportView
from relimport.tui.widgets.toggles import MarkedCheckbox

MODE_HELP = {
    "upsert": "upsert: update records that match, create the others",
    "create": "create: only new records; rows matching a record are reported",
    "update": "update: only existing records; rows matching nothing are reported",
    "link": "link: only add relationships to existing records; fields untouched",
}


class CheckScreen(WizardScreen):
    """Run the import as a dry run and show what it would do."""

    STEP = "check"
    TITLE = "Check"
    CSS_PATH = "check.tcss"
    # Focus starts on the options, never on Import: a stray Enter must not write.
    AUTO_FOCUS = "#check-mode"
    HELP = """\
the dry run reads the whole file and computes every outcome and
problem of the import without writing anything. Choose the mode: upsert (update
what matches, create the rest), create (new records only), update (existing
only) or link (only add relationships between existing records). Replace lets a
"one" relationship (e.g. Firma) replace a record's current target.
All-or-nothing writes nothing if any row has a problem. Changing an option
checks again. Ctrl+N (or Tab to the Import button and Enter) starts the import;
Enter on the mode opens its list."""
    BINDINGS = [
        BACK,
        Binding("ctrl+n", "next", "Import"),
        Binding("ctrl+r", "recheck", "Check again"),
        Binding("ctrl+e", "resolve", "Resolve values"),
    ]

    def compose(self) -> ComposeResult:
        o = self.state.options
        yield StepBar(self.STEP)
        with Horizontal(id="check-options"):
            yield Label("Mode ", classes="field-label")
            yield Select(
                [(m, m) for m in MODES],
                value=o.mode,
                allow_blank=False,
                compact=True,
                id="check-mode",
            )
            yield MarkedCheckbox("Replace one-links", o.replace, compact=True, id="check-replace")
            yield MarkedCheckbox("All-or-nothing", o.all_or_nothing, compact=True, id="check-aon")
        yield Static(MODE_HELP[o.mode], id="check-mode-help", markup=False)
        with Horizontal(id="check-progress"):
            yield Static("", id="check-phase", markup=False)
            yield ProgressBar(show_eta=False, id="check-bar")
        yield Static("", id="check-error", classes="error", markup=False)
        yield ReportView(id="check-summary")
        yield ProblemTable(id="check-problems")
        with Horizontal(id="check-buttons", classes="buttons"):
            yield Button("Check again (^R)", id="check-again", compact=True)
            yield Button("Import ▶ (^N)", id="check-import", variant="primary", compact=True, disabled=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self._running = False
        self._blocked = ""
        self._job: ImportJob | None = None
        self.run_check_now()

    # --- options -------------------------------------------------------------------------

    def _chosen(self) -> ImportOptions:
        mode = self.query_one("#check-mode", Select).value
        return ImportOptions(
            mode=str(mode) if mode in MODES else "upsert",
            replace=self.query_one("#check-replace", Checkbox).value,
            all_or_nothing=self.query_one("#check-aon", Checkbox).value,
        )

    @on(Select.Changed, "#check-mode")
    @on(Checkbox.Changed)
    def _options_changed(self) -> None:
        chosen = self._chosen()
        self.query_one("#check-mode-help", Static).update(MODE_HELP[chosen.mode])
        if self.state.set_options(chosen):
            self.run_check_now()

    # --- the dry run ---------------------------------------------------------------------

    def run_check_now(self) -> None:
        st = self.state
        assert st.mapping is not None and st.path is not None
        self._running = True
        st.report = None
        self._sync_buttons()
        self._show_progress(True, "checking…")
        self.query_one("#check-summary").display = False
        self.query_one("#check-error").display = False
        table = st.cached_table()
        self._job = ImportJob(
            st.mapping,
            replace(st.options, dry_run=True),
            tuple(st.decisions.values()),
            table,
            None if table else st.file_key(),
        )
        start_import(self, self.store, self._job, CancelFlag(), group="check")

    def on_job_progressed(self, message: JobProgressed) -> None:
        if self._running:
            self._show_progress(
                True,
                phase_text(message.phase, message.done, message.total),
                message.done,
                message.total,
            )

    def on_import_finished(self, message: ImportFinished) -> None:
        if message.cancelled or message.job is not self._job:
            return  # superseded by a newer check
        self._running = False
        self._show_progress(False)
        summary = self.query_one("#check-summary", ReportView)
        error = self.query_one("#check-error", Static)
        if message.report is None:
            self._blocked = message.error
            error.update(f"✗ {message.error}")
            error.display = True
            self._sync_buttons()
            return
        if message.table is not None:
            self.state.remember_table(message.table, message.key)
        rep = message.report
        self.state.report = rep
        self._blocked = ""
        note = None
        if self.state.options.all_or_nothing and rep.problems:
            self._blocked = "all-or-nothing: rows have problems, nothing would be written"
            note = Text(f"✗ {self._blocked}", style="bold red")
        summary.show(rep, note)
        summary.display = True
        self.query_one("#check-problems", ProblemTable).show(rep.problems)
        self._sync_buttons()

    def _show_progress(self, visible: bool, text: str = "", done: int = 0, total: int = 0) -> None:
        self.query_one("#check-progress").display = visible
        if visible:
            self.query_one("#check-phase", Static).update(text)
            self.query_one("#check-bar", ProgressBar).update(total=total or None, progress=done)

    def _sync_buttons(self) -> None:
        ready = self.state.report is not None and not self._running and not self._blocked
        self.query_one("#check-import", Button).disabled = not ready
        self.refresh_bindings()

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return True if self.state.report is not None and not self._running and not self._blocked else None
        if action == "resolve":
            rep = self.state.report
            return True if rep is not None and not self._running and resolution_queue(rep.problems) else None
        return True

    def action_resolve(self) -> None:
        st = self.state
        rep = st.report
        # Settled values no longer appear as problems: their lines stay so they can be changed.
        items = st.queue_items(resolution_queue(rep.problems) if rep is not None else [])
        if self.check_action("resolve", ()) is not True and not st.decisions:
            return
        from relimport.tui.screens.queue import QueueScreen

        # The queue is part of this step (its decisions come back here), not a step of its own.
        self.app.push_screen(QueueScreen(items, st.decisions, st.options.mode), self._resolved)

    def _resolved(self, decisions: dict[tuple[str, str], Decision] | None) -> None:
        if decisions is not None and self.state.set_decisions(decisions):
            self.run_check_now()

    @on(Button.Pressed, "#check-again")
    def action_recheck(self) -> None:
        self.run_check_now()

    @on(Button.Pressed, "#check-import")
    def action_next(self) -> None:
        if self.check_action("next", ()) is True:
            self.step_done()

    def action_back(self) -> None:
        self.workers.cancel_group(self, "check")
        super().action_back()
