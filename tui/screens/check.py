"""The check step: the full dry run (counts and problems) and the import options.

The problems get the room the terminal has: the summary is a few lines, the
table takes the rest, and the pane under it shows the selected problem in full.
The last line says whether Import is possible, and if not, why.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, DataTable, Label, ProgressBar, Select, Static

from relimport.core.domain.options import MODES, ImportOptions
from relimport.core.mapping.decisions import Decision
from relimport.core.resolve.resolutions import resolution_queue
from relimport.tui.fmt import plural, type_label
from relimport.tui.jobs import CancelFlag, ImportFinished, ImportJob, JobProgressed, phase_text, start_import
from relimport.tui.screens.base import BACK, StepBar, WizardScreen
from relimport.tui.widgets.keybar import KeyBar
from relimport.tui.widgets.problems import ProblemDetail, ProblemTable
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
    # Focus starts on the problems (arrows browse them), never on Import: a stray Enter
    # must not write.
    AUTO_FOCUS = "#check-problems"
    HELP = """\
the dry run reads the whole file and computes every outcome and
problem of the import without writing anything. Choose the mode: upsert (update
what matches, create the rest), create (new records only), update (existing
only) or link (only add relationships between existing records). Replace lets a
"one" relationship (e.g. Firma) replace a record's current target.
All-or-nothing writes nothing if any row has a problem: Import is then off, and
the last line says why. Changing an option checks again.
The problems table lists every problem; the pane below it shows the selected
one in full, with the records it could mean. A problem's mark says what it
cost: ✗ the row was not imported, ! one value was not, ~ imported but worth a
look. Ctrl+E resolves values that named no record or several, V lists every
value settled (by your choice, an alias or a new record), Ctrl+N imports."""
    BINDINGS = [
        BACK,
        Binding("ctrl+n", "next", "Import"),
        Binding("ctrl+r", "recheck", "Check again"),
        Binding("ctrl+e", "resolve", "Resolve values"),
        Binding("v", "settled", "Settled values"),
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
        yield ProblemDetail(id="check-detail")
        with Horizontal(id="check-actions"):
            yield Static("", id="check-status")
            yield Button("Import ▶ (^N)", id="check-import", variant="primary", compact=True, disabled=True)
        yield KeyBar()

    def on_mount(self) -> None:
        # Not ``_running``: that name is the message pump's own (it would stop the screen).
        self._checking = False
        self._blocked = ""
        self._job: ImportJob | None = None
        self.on_resize()
        self.run_check_now()

    # --- options -------------------------------------------------------------------------

    def _chosen(self) -> ImportOptions:
        mode = self.query_one("#check-mode", Select).value
        return replace(
            self.state.options,
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
        self._checking = True
        st.report = None
        self._sync_buttons()
        self._show_progress(True, "checking…")
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
        if self._checking:
            self._show_progress(
                True,
                phase_text(message.phase, message.done, message.total),
                message.done,
                message.total,
            )

    def on_import_finished(self, message: ImportFinished) -> None:
        if message.cancelled or message.job is not self._job:
            return  # superseded by a newer check
        self._checking = False
        self._show_progress(False)
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
        if self.state.options.all_or_nothing and rep.problems:
            rows = plural(rep.rows_with_problems, "row")
            have = "has" if rep.rows_with_problems == 1 else "have"
            self._blocked = f"all-or-nothing is on and {rows} {have} problems: nothing would be written"
        self._show_report()
        problems = self.query_one("#check-problems", ProblemTable)
        problems.show(rep.problems)
        self.query_one("#check-detail", ProblemDetail).follow(problems)
        self._sync_buttons()

    def _show_report(self) -> None:
        rep = self.state.report
        if rep is None:
            return
        width, height = self.app.size
        self.query_one("#check-summary", ReportView).show(
            rep, targets=self.link_targets(), bars=width >= 72, compact=height < 22
        )

    def on_resize(self) -> None:
        narrow = self.app.size.width < 72
        self.query_one("#check-replace", Checkbox).label = "Replace" if narrow else "Replace one-links"
        self._show_report()
        self.query_one("#check-status", Static).update(self.status_text())

    @on(DataTable.RowHighlighted, "#check-problems")
    def _problem_highlighted(self) -> None:
        self.query_one("#check-detail", ProblemDetail).follow(self.query_one("#check-problems", ProblemTable))

    def _show_progress(self, visible: bool, text: str = "", done: int = 0, total: int = 0) -> None:
        self.query_one("#check-progress").display = visible
        self.query_one("#check-summary").display = not visible
        if visible:
            self.query_one("#check-phase", Static).update(text)
            self.query_one("#check-bar", ProgressBar).update(total=total or None, progress=done)

    def status_text(self) -> Text:
        """Whether Import is possible now, and if not, why (the last line of the step)."""
        rep = self.state.report
        if self._checking:
            return Text("Checking… Import is possible once the check is done.", style="dim")
        if self._blocked:
            narrow = self.app.size.width < 72
            # ^E is a way out only when the queue has values to resolve.
            queue = self.check_action("resolve", ()) is True
            if rep is not None and rep.refused and narrow:
                # Two lines beside the button: the reason and the ways out, shortest.
                rows = plural(rep.rows_with_problems, "row")
                out = "^E, or turn it off" if queue else "fix the file, or turn it off"
                return Text(f"Import is off: all-or-nothing, {rows} with problems ({out}).", style="bold red")
            if rep is None:
                how = " Fix it and check again (^R)."
            elif queue:
                how = " Resolve values (^E), fix the file, or turn all-or-nothing off."
            else:
                how = " Fix the file and check again (^R), or turn all-or-nothing off."
            return Text(f"Import is off: {self._blocked}.{how}", style="bold red")
        if rep is None:
            return Text("")
        if rep.problems:
            if self.app.size.width < 72:
                return Text("Ready: ^N imports.")
            return Text("Ready: ^N imports (rows with problems import what is valid).")
        return Text("Ready: no problems. ^N imports.", style="green")

    def _sync_buttons(self) -> None:
        self.query_one("#check-import", Button).disabled = self.check_action("next", ()) is not True
        self.query_one("#check-status", Static).update(self.status_text())
        self.refresh_bindings()

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return (
                True if self.state.report is not None and not self._checking and not self._blocked else None
            )
        if action == "settled":  # offered only when values were settled
            rep = self.state.report
            return rep is not None and bool(rep.resolved) and not self._checking
        if action == "resolve":
            rep = self.state.report
            ready = rep is not None and not self._checking
            return True if ready and (resolution_queue(rep.problems) or self.state.decisions) else None
        return True

    def action_resolve(self) -> None:
        if self.check_action("resolve", ()) is not True:
            return
        st = self.state
        rep = st.report
        # Settled values no longer appear as problems: their lines stay so they can be changed.
        items = st.queue_items(resolution_queue(rep.problems) if rep is not None else [])
        from relimport.tui.screens.queue import QueueScreen

        # The queue is part of this step (its decisions come back here), not a step of its own.
        self.app.push_screen(QueueScreen(items, st.decisions, st.options.mode), self._resolved)

    def _resolved(self, decisions: dict[tuple[str, str], Decision] | None) -> None:
        if decisions is not None and self.state.set_decisions(decisions):
            self.run_check_now()

    def action_settled(self) -> None:
        """Every value settled by a decision, an alias or a new record (the summary shows two)."""
        rep = self.state.report
        if rep is None or not rep.resolved:
            return
        from relimport.tui.dialogs.text import TextDialog
        from relimport.tui.widgets.report_view import VIA_WORDS

        lines = [
            f"{r['column']}: {r['value']!r} → {r.get('label') or '(no name)'} "
            f"({type_label(str(r['type']))}, id {r['id']}, {VIA_WORDS.get(str(r['via']), r['via'])}, "
            f"{plural(int(r.get('rows') or 0), 'row')})"
            for r in rep.resolved
        ]
        self.app.push_screen(TextDialog(f"Settled values ({len(lines)})", "\n".join(lines)))

    def action_recheck(self) -> None:
        self.run_check_now()

    def store_changed(self) -> None:
        """Another process wrote the store: this check may be out of date."""
        if self.state.report is not None and not self._checking:
            self.notify("The store was changed by another program: checking again.", timeout=4)
            self.run_check_now()

    def on_key(self, event: events.Key) -> None:
        # Ctrl+N while Import is off (its binding is disabled): say why, never nothing.
        if event.key == "ctrl+n" and self.check_action("next", ()) is not True:
            event.stop()
            why = self._blocked or ("the check is still running" if self._checking else "check first")
            self.notify(f"Import is off: {why}", severity="warning")

    @on(Button.Pressed, "#check-import")
    def action_next(self) -> None:
        if self.check_action("next", ()) is True:
            self.step_done()
        elif self._blocked:
            self.notify(f"Import is off: {self._blocked}", severity="warning", markup=False)

    def action_back(self) -> None:
        self.workers.cancel_group(self, "check")
        super().action_back()
