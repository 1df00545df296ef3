"""The import step: progress with phase and rows; Esc cancels before the write."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, ProgressBar, Static

from relimport.core.files.reader import Table
from relimport.tui.fmt import shown
from relimport.tui.jobs import CancelFlag, ImportFinished, ImportJob, JobProgressed, phase_text, start_import
from relimport.tui.screens.base import StepBar, WizardScreen
from relimport.tui.widgets.keybar import KeyBar

#: Phases after which cancelling is no longer possible (the store is being written).
POINT_OF_NO_RETURN = ("writing", "done")


class ProgressScreen(WizardScreen):
    """Run the import in a thread worker and show how far it got."""

    STEP = "import"
    #: While the import runs, the browsing screens (F2-F5) stay closed.
    BLOCKS_BROWSING = True
    TITLE = "Import"
    CSS_PATH = "progress.tcss"
    AUTO_FOCUS = "#progress-cancel"
    HELP = """\
the import runs. Until the store is written, Esc cancels and
leaves the store exactly as it was. The write itself is one atomic step."""
    BINDINGS = [Binding("escape", "cancel", "Cancel import")]

    def __init__(self) -> None:
        super().__init__()
        self.cancel_flag = CancelFlag()
        self._writing = False

    def compose(self) -> ComposeResult:
        st = self.state
        name = Path(st.path).name if st.path else ""
        yield StepBar(self.STEP)
        yield Static(
            f"Importing {shown(name)} as {self.kind_text()} ({st.options.mode})",
            id="progress-title",
            markup=False,
        )
        yield Static("starting…", id="progress-phase", markup=False)
        yield ProgressBar(show_eta=False, id="progress-bar")
        yield Static("", id="progress-rows", markup=False)
        yield Static(
            "Esc cancels — nothing is written until the last step.",
            id="progress-note",
            markup=False,
        )
        yield Button("Cancel (Esc)", id="progress-cancel", variant="error", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        st = self.state
        assert st.mapping is not None
        table = st.cached_table()
        if table is not None:
            self._show_rows(table)
        job = ImportJob(
            st.mapping,
            replace(st.options, dry_run=False),
            tuple(st.decisions.values()),
            table,
            None if table else st.file_key(),
            file_options=st.file_options,
        )
        start_import(self, self.store, job, self.cancel_flag, group="import")

    @property
    def writing(self) -> bool:
        """Whether the store is being written (quitting must wait)."""
        return self._writing

    def store_waits(self, message: str) -> None:
        """Another writer holds the store: say who, until the lock is free."""
        self.query_one("#progress-phase", Static).update(shown(message) + " — Esc cancels")
        self.query_one("#progress-bar", ProgressBar).update(total=None)

    def on_job_progressed(self, message: JobProgressed) -> None:
        if message.phase in POINT_OF_NO_RETURN:
            self._writing = True
            self.query_one("#progress-cancel", Button).disabled = True
            self.query_one("#progress-note", Static).update("Writing the store — cannot cancel now.")
            self.refresh_bindings()
        if self.cancel_flag.is_set and not self._writing:
            return
        self.query_one("#progress-phase", Static).update(
            phase_text(message.phase, message.done, message.total)
        )
        self.query_one("#progress-bar", ProgressBar).update(
            total=message.total or None, progress=message.done
        )

    def _show_rows(self, table: Table) -> None:
        self.query_one("#progress-rows", Static).update(f"{table.info.rows:,} rows in the file")

    def on_import_finished(self, message: ImportFinished) -> None:
        st = self.state
        if message.cancelled:
            self.notify("Import cancelled — nothing was written.", severity="warning")
            self.step_back()
            return
        if message.report is None:
            self.notify(
                message.error,
                title="Import failed — nothing was written",
                severity="error",
                timeout=15,
            )
            self.step_back()
            return
        if message.table is not None:
            st.remember_table(message.table, message.key)
        st.report = message.report
        if self.cancel_flag.is_set and message.report.applied:
            self.notify(
                "Too late to cancel: the import was written (U on results undoes it).",
                severity="warning",
                timeout=10,
            )
        self.rapp.refresh_counts()
        self.step_done()

    # --- cancel --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return None if self._writing or self.cancel_flag.is_set else True
        return True

    @on(Button.Pressed, "#progress-cancel")
    def action_cancel(self) -> None:
        if self._writing or self.cancel_flag.is_set:
            return
        self.cancel_flag.set()
        self.query_one("#progress-phase", Static).update("cancelling…")
        self.query_one("#progress-cancel", Button).disabled = True
        self.refresh_bindings()
