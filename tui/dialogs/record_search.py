"""Find any record of a type (by name, NIP, e-mail, SKU, id… as an import file would
name it) and choose it: the resolution queue links a value to it."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from relimport.tui.errors import one_line
from relimport.tui.fmt import inert, plural, shown, type_label
from relimport.tui.widgets.fit_table import Col, FitTable
from relimport.tui.widgets.inputs import SafeInput
from relimport.tui.widgets.keybar import KeyBar

#: Results shown at once.
LIMIT = 50
COLUMNS = (
    Col("id", "ID", cut=False, right=True),
    Col("label", "Name", min=10, flex=True),
)


class RecordSearch(ModalScreen[tuple[int, str] | None]):
    """Search records of ``type_key``; dismisses ``(id, label)`` of the one chosen, or None."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, type_key: str, text: str = "") -> None:
        super().__init__()
        self.type_key = type_key
        self._text = text
        self._labels: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        what = type_label(self.type_key).lower()
        with Vertical(id="search-box", classes="dialog"):
            yield Label(
                f"Link {shown(repr(self._text))} to which {what}?", classes="dialog-title", markup=False
            )
            yield SafeInput(
                shown(self._text),
                id="search-input",
                compact=True,
                placeholder="name, NIP, e-mail, SKU, code or id",
            )
            yield Static("", id="search-status", classes="hint", markup=False)
            yield FitTable(COLUMNS, id="search-results")
        yield KeyBar()

    def on_mount(self) -> None:
        field = self.query_one("#search-input", Input)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        field.focus()
        self.run_search(field.value)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        table = self.query_one("#search-results", FitTable)
        if table.row_count == 1:
            self._choose(0)
        elif table.row_count:
            table.focus()

    @work(exclusive=True, exit_on_error=False, group="record-search")
    async def run_search(self, text: str) -> None:
        from relimport.core.ops.query import search

        data = self.app.store.data  # type: ignore[attr-defined]
        try:
            found = await asyncio.to_thread(search, data, self.type_key, text, LIMIT)
        except Exception as exc:  # one line; a bug's traceback goes to the log
            self.query_one("#search-status", Static).update(one_line(exc, "searching records"))
            return
        rows = [(int(rid), str(label or "")) for rid, label in found.select("id", "label").iter_rows()]
        self._labels = dict(rows)
        self.query_one("#search-results", FitTable).fill(
            [((Text(f"{rid}"), inert(label or "(no name)")), rid) for rid, label in rows]
        )
        what = type_label(self.type_key).lower()
        if len(rows) >= LIMIT:  # there may be more: say these are the first, not all
            status = f"the first {LIMIT} {what} records; type to narrow, Enter chooses"
        elif rows:
            status = f"{plural(len(rows), what + ' record')}; Enter chooses"
        else:
            status = f"no {what} matches"
        self.query_one("#search-status", Static).update(status)

    @on(DataTable.RowSelected, "#search-results")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._choose(event.cursor_row)

    def _choose(self, row: int) -> None:
        table = self.query_one("#search-results", FitTable)
        key = table.coordinate_to_cell_key((row, 0)).row_key.value
        rid = int(key or 0)
        self.dismiss((rid, self._labels.get(rid, "")))

    def action_cancel(self) -> None:
        self.dismiss(None)
