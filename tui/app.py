"""The relimport terminal app: holds the store and the wizard state, starts the wizard.

Everything a step does lives in its screen under ``tui/screens/``; which step
comes next is :mod:`relimport.tui.wizard`'s. The app only owns what all screens
share, the keys that work everywhere, and what happens to an error nobody caught
(its traceback is logged, one line is printed: :mod:`relimport.tui.errors`).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.filter import Monochrome
from textual.notifications import SeverityLevel

from relimport.core.domain.text import visible
from relimport.tui import browse
from relimport.tui.errors import one_line
from relimport.tui.legible import LegibleMonochrome
from relimport.tui.loader import StoreLoader
from relimport.tui.state import WizardState
from relimport.tui.watch import POLL_SECONDS, changed_on_disk, checks_by_query, reload_if_free
from relimport.tui.wizard import StepBack, StepDone, Wizard

if TYPE_CHECKING:
    from relimport.core.store.jsonfile import Store


class RelimportApp(App[int]):
    """The import wizard (and the entry to the browsing screens)."""

    # Every screen's stylesheet is read once at start-up: a screen opened later then
    # costs no CSS parsing on the UI thread (Textual skips sources it already has).
    CSS_PATH = [
        "app.tcss",
        *sorted(f"screens/{p.name}" for p in (Path(__file__).parent / "screens").glob("*.tcss")),
        "dialogs/dialogs.tcss",
    ]
    TITLE = "relimport"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f2", "relations", "Relationship types", show=False),
        Binding("f3", "records", "Records", show=False),
        Binding("f4", "history", "Import history", show=False),
        Binding("f5", "aliases", "Aliases", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]
    #: Seconds between two looks at whether another process wrote the store.
    STORE_POLL = POLL_SECONDS

    def __init__(
        self,
        store: Store | StoreLoader | Path | str,
        start_dir: Path | None = None,
        *,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        if self.no_color:  # NO_COLOR: greys, but no text drawn close to its background's
            self._filters = [LegibleMonochrome() if type(f) is Monochrome else f for f in self._filters]
        #: Whether text cursors blink (tests turn it off for stable snapshots).
        self.cursor_blink = cursor_blink
        #: The store is read in a thread; the first screen does not wait for it.
        self.loader = store if isinstance(store, StoreLoader) else StoreLoader(store)
        self.store_path = self.loader.path
        #: Where the app was started: typed relative paths are taken from here.
        self.launch_dir = Path.cwd()
        #: The folder the file step's tree shows first (the demo's folder, say).
        self.start_dir = Path(start_dir) if start_dir else self.launch_dir
        self.state = WizardState()
        self.wizard = Wizard(self, self.state)
        #: Whether the store file existed when the app started (else: first run).
        self.first_run = not self.loader.existed
        #: What could not be read (the app exits; ``run_app`` prints it).
        self.load_error: str | None = None
        #: The one line of an error nobody caught (the app exits; ``run_app`` prints it).
        self.crash_line: str | None = None
        #: What to do once the store is read, by purpose (a later key press replaces
        #: an earlier one: pressing 2 then 3 while reading opens one screen).
        self._when_ready: dict[str, Callable[[], object]] = {}

    @property
    def store(self) -> Store:
        """The store; waits for it to be read if that is still going on."""
        return self.loader.wait()

    @property
    def store_ready(self) -> bool:
        return self.loader.done and self.loader.error is None

    def when_ready(self, callback: Callable[[], object], purpose: str = "navigate") -> None:
        """Run ``callback`` now if the store is read, else as soon as it is."""
        if self.store_ready:
            callback()
        else:
            self._when_ready[purpose] = callback

    def on_mount(self) -> None:
        self.wizard.start()
        if self.first_run:
            from relimport.tui.dialogs import FirstRunDialog

            self.push_screen(FirstRunDialog(self.store_path), self._first_run_chosen)
        if self.loader.done:
            self._store_read()
        else:
            # Read the store once the first screen is on the terminal.
            self.call_after_refresh(self._read_store)

    def _read_store(self) -> None:
        self.loader.start()
        self.run_worker(self._wait_for_store, thread=True, exclusive=True, group="store")

    def _wait_for_store(self) -> None:
        self.loader.join()
        self.call_from_thread(self._store_read)

    def _store_read(self) -> None:
        from relimport.core.domain.errors import RelimportError

        error = self.loader.error
        if error is not None:
            self.load_error = one_line(error, f"reading the store {self.store_path}")
            code = error.exit_code if isinstance(error, RelimportError) else 1
            self.exit(return_code=code)
            return
        pending, self._when_ready = self._when_ready, {}
        store = self.loader.wait()
        if hasattr(store, "on_wait") and store.on_wait is None:
            store.on_wait = self.store_waits
        self.set_interval(self.STORE_POLL, self._poll_store, name="store-poll")
        self.refresh_counts()
        for callback in pending.values():
            callback()

    def _first_run_chosen(self, choice: str | None) -> None:
        if choice is None:
            self.exit(0)
            return
        self.when_ready(lambda: self._start_store(choice), "first-run")

    def _start_store(self, choice: str) -> None:
        from relimport.tui.dialogs import start_store

        try:
            start_store(self.store, demo=choice == "demo")
        except Exception as exc:  # one line; a bug's traceback goes to the log
            self.notify(one_line(exc, "creating the store"), severity="error", timeout=10)
        self.refresh_counts()

    # --- the store, as other processes change it -----------------------------------------

    def _poll_store(self) -> None:
        if not self.store_ready:
            return
        # A file's check is a stat, made here; a database's is a query, made in the worker.
        if checks_by_query(self.store) or changed_on_disk(self.store):
            self.run_worker(self._reload_store, thread=True, exclusive=True, group="store-reload")

    def _reload_store(self) -> None:
        if reload_if_free(self.store):
            self.call_from_thread(self.store_changed)

    def store_changed(self) -> None:
        """Another process wrote the store and it was read again: screens show it as it is."""
        self.refresh_counts()
        screen = self.screen
        refresh = getattr(screen, "store_changed", None)
        if callable(refresh):
            refresh()

    def store_waits(self, message: str) -> None:
        """A writer of this app waits for the store lock (called from its thread): say so."""
        if threading.get_ident() == self._thread_id:
            self._show_store_wait(message)
        else:
            self.call_from_thread(self._show_store_wait, message)

    def _show_store_wait(self, message: str) -> None:
        shown = getattr(self.screen, "store_waits", None)
        if callable(shown):
            shown(message)
        else:
            self.notify(message, title="Store", severity="warning", timeout=8)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast; its text is data-safe: never markup, controls made visible."""
        super().notify(
            visible(message, multiline=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def refresh_counts(self) -> None:
        """Tell the first screen that records may have changed."""
        from relimport.tui.screens.kind import KindScreen

        for screen in self.screen_stack:
            if isinstance(screen, KindScreen):
                screen.refresh_counts()

    # --- the wizard's steps ------------------------------------------------------------

    def on_step_done(self, message: StepDone) -> None:
        self.wizard.done(message.screen)

    def on_step_back(self, message: StepBack) -> None:
        self.wizard.back(message.screen)

    # --- errors nobody caught ----------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        # A bug: the traceback goes to the log file, the terminal gets one line naming
        # it (``run_app``); Textual's own traceback is printed in its debug mode only.
        if self.crash_line is None:
            self.crash_line = one_line(error, "the app stopped")
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        if self.crash_line is not None and "debug" not in self.features:
            self._exit_renderables.clear()
            return
        super()._print_error_renderables()

    # --- keys that work everywhere ---------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("relations", "records", "history", "aliases"):
            return browse.can_browse(self)
        return True

    def action_help(self) -> None:
        from relimport.tui.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_relations(self) -> None:
        self.open_screen("relations", "RelationsScreen", "Relationship types")

    def action_records(self) -> None:
        self.open_records()

    def action_history(self) -> None:
        self.open_screen("history", "HistoryScreen", "Import history")

    def action_aliases(self) -> None:
        self.open_screen("aliases", "AliasesScreen", "Aliases")

    def open_records(self, type_key: str | None = None, record_id: int | None = None) -> None:
        kwargs = {"type_key": type_key, "record_id": record_id} if type_key else {}
        self.open_screen("records", "RecordsScreen", "Records", **kwargs)

    def open_screen(self, module: str, name: str, title: str, **kwargs: Any) -> None:
        """Show a browsing screen, imported only when asked for (once the store is read).

        The browsing screens are one level above where the user was: opening one
        replaces the one shown, and Esc returns to that place.
        """
        self.when_ready(lambda: browse.open_browse(self, module, name, title, **kwargs))

    async def action_quit(self) -> None:
        """Quit; first ask when work would be lost (queue decisions, an unfinished import)."""
        busy = browse.writing(self)
        if busy:
            self.notify(busy, title="Not now", severity="warning")
            return
        lost = browse.unsaved_work(self)
        if not lost:
            self.exit()
            return
        from relimport.tui.dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        if any(isinstance(s, ConfirmDialog) and s.id == "quit-dialog" for s in self.screen_stack):
            self.exit()  # Ctrl+Q twice: quit
            return
        message = f"{lost}\nThey are lost when you quit (Ctrl+Q again quits too)."
        self.push_screen(ConfirmDialog("Quit relimport?", message, yes="Quit", id="quit-dialog"), answered)


def run_app(store: Path | str | StoreLoader, start_dir: Path | None = None) -> int:
    """Open the TUI on ``store`` (a path, or a loader already reading it); the file
    step starts in ``start_dir`` (default cwd).

    A store that cannot be read is refused with one line on stderr (exit 1).
    """
    from relimport.core.domain.errors import RelimportError
    from relimport.core.domain.paths import is_store_url
    from relimport.core.store.check import precheck

    try:  # most unreadable store files are refused before the screen opens
        where = store.path if isinstance(store, StoreLoader) else store
        if not is_store_url(where) and isinstance(where, (str, Path)):
            precheck(Path(where))
    except RelimportError as exc:
        sys.stderr.write(f"relimport: {exc}\n")
        return exc.exit_code
    app = RelimportApp(store, start_dir)
    code = app.run()
    error = app.load_error or app.crash_line
    if error:
        sys.stderr.write(f"relimport: {error}\n")
        return app.return_code or 1
    return app.return_code or int(code or 0)
