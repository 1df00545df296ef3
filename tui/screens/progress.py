"""Step 5: the import itself — progress with phase and rows; Esc cancels before the write."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Button, ProgressBar, Static

from relimport.core.domain.errors import Cancelled, FileError
from relimport.core.files.reader import Table, read_table
from relimport.core.importing.engine import ImportOptions, run_import
from relimport.core.importing.report import ImportReport
from relimport.core.mapping.columns import Mapping
from relimport.tui.jobs import CancelFlag, JobProgressed, ProgressRelay, one_line
from relimport.tui.loader import freeze_long_lived
from relimport.tui.screens.base import StepBar, WizardScreen
from relimport.tui.screens.check import phase_text
from relimport.tui.state import FileKey
from relimport.tui.widgets.keybar import KeyBar

#: Phases after which cancelling is no longer possible (the store is being written).
POINT_OF_NO_RETURN = ("writing", "done")


@dataclass
class ImportFinished(Message):
    """The import worker ended: a report, a cancel, or an error line."""

    report: ImportReport | None
    table: Table | None = None
    key: FileKey | None = None
    error: str = ""
    cancelled: bool = False


class ProgressScreen(WizardScreen):
    """Run the import in a thread worker and show how far it got."""

    STEP = 5
    #: While the import runs, the browsing screens (F2-F5) stay closed.
    BLOCKS_BROWSING = True
    TITLE = "Import"
    CSS_PATH = "progress.tcss"
    AUTO_FOCUS = "#progress-cancel"
    HELP = """\
Step 5 of 6: the import runs. Until the store is written, Esc cancels and
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
            f"Importing {name} as {self.kind_text()} ({st.options.mode})",
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
        options = replace(st.options, dry_run=False)
        recipe = st.recipe().to_dict()
        self.run_job(options, st.mapping, table, None if table else st.file_key(), recipe)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_job(
        self,
        options: ImportOptions,
        mapping: Mapping,
        table: Table | None,
        key: FileKey | None,
        recipe: dict,
    ) -> None:
        """Read the whole file unless cached (``key`` names it), then import it."""
        freeze_long_lived()  # what exists now stays out of GC passes during the job
        relay = ProgressRelay(self)
        try:
            if table is None:
                if key is None:
                    raise FileError("the file can no longer be read (moved or deleted?)")
                path, file_options = Path(key[0]), key[1]
                table = read_table(path, file_options, progress=relay, cancel=self.cancel_flag)
            report = self._run_import(table, mapping, options, recipe, relay)
        except Cancelled:
            self.post_message(ImportFinished(None, cancelled=True))
        except Exception as exc:  # one line, never a traceback
            self.post_message(ImportFinished(None, error=one_line(exc)))
        else:
            freeze_long_lived()  # the store as written stays out of later GC passes
            self.post_message(ImportFinished(report, table, key))

    def _run_import(
        self,
        table: Table,
        mapping: Mapping,
        options: ImportOptions,
        recipe: dict,
        relay: ProgressRelay,
    ) -> ImportReport:
        return run_import(
            self.store,
            table,
            mapping,
            options,
            recipe=recipe,
            progress=relay,
            cancel=self.cancel_flag,
            decisions=tuple(self.state.decisions.values()),
        )

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
        # Help may be open over this screen: close it, the step is over.
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        if message.cancelled:
            self.notify("Import cancelled — nothing was written.", severity="warning")
            self.app.pop_screen()
            return
        if message.report is None:
            self.notify(
                message.error,
                title="Import failed — nothing was written",
                severity="error",
                timeout=15,
            )
            self.app.pop_screen()
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
        from relimport.tui.screens.results import ResultsScreen

        self.app.switch_screen(ResultsScreen())

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
