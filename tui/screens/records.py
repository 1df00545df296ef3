"""Records: pick a type, search by any key as typed, open a record, follow its links.

Search and the record view are core's (:func:`relimport.core.ops.query.search`,
:func:`relimport.core.ops.query.record_view`); the screen keeps the path the user walked so
Esc goes back along it, and finally leaves the screen.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

import polars as pl
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Header, Input, Label, Select, Static

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.ops.query import LinkView, RecordView, record_view, search, type_of
from relimport.core.store.model import StoreData
from relimport.tui.errors import one_line
from relimport.tui.fmt import TYPE_OPTIONS, inert, line, shown, type_label
from relimport.tui.screens.base import size_classes
from relimport.tui.widgets.fields import FieldPane
from relimport.tui.widgets.fit_table import Col, FitTable
from relimport.tui.widgets.inputs import SafeInput
from relimport.tui.widgets.keybar import KeyBar

#: Extra columns of the result list, to tell apart records with the same name.
RESULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("email", "city"),
    "company": ("tax_id", "city"),
    "deal": ("value", "stage"),
    "product": ("sku", "price"),
    "vehicle_space": ("code", "location"),
}
SEARCH_LIMIT = 200


@dataclass(frozen=True)
class Step:
    """A record on the path the user walked, and where the cursor was in its links."""

    type: str
    id: int
    link_row: int = 0
    label: str = ""


def records(n: int, what: str) -> str:
    return f"{n:,} {what} record" + ("" if n == 1 else "s")


LINK_COLUMNS = (
    Col("rel", "Relationship", min=8, max=22),
    Col("label", "Record", min=14, flex=True),
    Col("type", "Type", cut=False),
    Col("id", "ID", cut=False, right=True),
)


def field_lines(view: RecordView, *, empty: bool = True) -> list[tuple[str, Text]]:
    """The record's fields as "label value" lines (empty ones shown as "—", or left out
    when not ``empty``), laid out for the pane's width."""
    otype = OBJECT_TYPES[view.type]
    rows: list[tuple[str, Text]] = []
    for f in otype.fields:
        value = view.fields.get(f.key)
        if value in (None, "", []):
            if empty:
                rows.append((f.label_en, Text("—", style="dim")))
            continue
        rows.append((f.label_en, inert(", ".join(value) if isinstance(value, list) else value)))
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def result_columns(type_key: str) -> list[Col]:
    otype = OBJECT_TYPES[type_key]
    extra = [Col(c, otype.field(c).label_en, min=6, max=24) for c in RESULT_COLUMNS[type_key]]
    return [Col("id", "ID", cut=False, right=True), Col("label", "Name", min=10, max=40, flex=True), *extra]


def link_rows(data: StoreData, view: RecordView) -> list[tuple[tuple[str, str, str, str], LinkView]]:
    """Links grouped by relationship as seen from the record; the name heads each group.

    → the record is the source, ← it is the target (inverse name when defined),
    ↔ a symmetric relationship. Each row comes with its link.
    """
    groups: dict[tuple[str, str, int], list[LinkView]] = {}
    for lk in view.links:
        groups.setdefault((lk.relationship, lk.direction, lk.rel_id), []).append(lk)
    rows = []
    for (name, direction, rel_id), items in groups.items():
        try:
            symmetric = data.rel(rel_id).symmetric
        except KeyError:
            symmetric = False
        arrow = "↔" if symmetric else ("→" if direction == "out" else "←")
        head = f"{arrow} {name} ({len(items)})"
        for i, lk in enumerate(items):
            rows.append(((head if i == 0 else "", lk.label, type_label(lk.type), str(lk.id)), lk))
    return rows


class RecordsScreen(Screen[None]):
    """Search records of a type and browse a record with its links."""

    CSS_PATH = "records.tcss"
    TITLE = "Records"
    #: One of the browsing screens (F2-F5): opening another replaces it.
    BROWSE = True
    HELP = """\
Choose a type and type any key value (name, e-mail, tax id, id…), written as
in an import file, to list matching records; Enter opens one with its fields and its links in both
directions (inverse names on the incoming side). Enter on a link opens that
record; Esc walks back along the path. / or Ctrl+F returns to the search."""
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("slash", "search", "Search"),
        Binding("ctrl+f", "search", "Search", show=False),
    ]

    def __init__(self, type_key: str | None = None, record_id: int | None = None) -> None:
        super().__init__()
        self._type = type_key if type_key in OBJECT_TYPES else "company"
        self._start = (type_key, record_id) if record_id is not None else None
        #: Records walked, the shown one last; empty while the result list is shown.
        self.path: list[Step] = []
        #: Whether Esc from the first record returns to the list (else it leaves the screen).
        self._list_origin = record_id is None
        self.view: RecordView | None = None
        self._ready = False
        #: The links of the shown record, in table row order.
        self.link_list: list[LinkView] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="rec-bar"):
            yield Select(TYPE_OPTIONS, value=self._type, id="rec-type", allow_blank=False, compact=True)
            yield SafeInput(
                id="rec-search",
                compact=True,
                placeholder="id, name, NIP, e-mail, SKU, code…",  # whole at 80 and 60 columns
            )
        with ContentSwitcher(initial="rec-list", id="rec-switcher"):
            with Vertical(id="rec-list"):
                yield Label("", id="rec-status", markup=False)
                yield FitTable(result_columns(self._type), id="rec-results")
            with Vertical(id="rec-view"):
                yield Static("", id="rec-title", markup=False)
                with Horizontal(id="rec-body"):
                    yield FieldPane(id="rec-fields")
                    yield FitTable(LINK_COLUMNS, id="rec-links", zebra_stripes=False)
        yield KeyBar()

    @property
    def data(self) -> StoreData:
        return self.app.store.data  # type: ignore[attr-defined]

    def on_resize(self, event: events.Resize) -> None:
        size_classes(self, *event.size)

    def on_mount(self) -> None:
        size_classes(self, *self.app.size)
        self._ready = True
        # The app turns blinking off for stable snapshots.
        self.query_one("#rec-search", Input).cursor_blink = getattr(self.app, "cursor_blink", True)
        if self._start is not None:
            type_key, rid = self._start
            type_key = type_key if type_key in OBJECT_TYPES else type_of(self.data, rid)
            if type_key is not None and self.open_record(type_key, rid):
                return
            if type_key is None:
                self.notify(f"no record with id {rid}", title="Record", severity="error")
            self._list_origin = True
        self.run_search()
        self.query_one("#rec-search", Input).focus()

    def store_changed(self) -> None:
        """Another process wrote the store: show it as it is now."""
        self.on_screen_resume()

    def on_screen_resume(self) -> None:
        # The store may have changed meanwhile (an import, an undo): show it as it is now.
        if not self._ready:
            return
        if self.path and self.view is not None:
            row = self.query_one("#rec-links", DataTable).cursor_row
            self.path[-1] = replace(self.path[-1], link_row=row)
        self._show_last()

    # --- the result list ---------------------------------------------------------

    @on(Select.Changed, "#rec-type")
    def _type_changed(self, event: Select.Changed) -> None:
        # Also posted on mount (maybe stale by now: a record of another type is shown).
        if event.value == self._type or event.value != event.select.value:
            return
        self._type = str(event.value)
        self.path.clear()
        self.view = None
        self._list_origin = True
        self.query_one("#rec-switcher", ContentSwitcher).current = "rec-list"
        self.run_search()

    @on(Input.Changed, "#rec-search")
    def _text_changed(self) -> None:
        self.run_search()

    @on(Input.Submitted, "#rec-search")
    def _text_submitted(self) -> None:
        table = self.query_one("#rec-results", DataTable)
        if table.row_count == 1:
            self._open_result(0)
        elif table.row_count:
            table.focus()

    def run_search(self) -> None:
        text = self.query_one("#rec-search", Input).value
        self._search(self._type, text)

    @work(exclusive=True, exit_on_error=False, group="search")
    async def _search(self, type_key: str, text: str) -> None:
        data = self.data
        try:
            res = await asyncio.to_thread(self._results, data, type_key, text)
        except Exception as exc:
            self.query_one("#rec-status", Label).update(one_line(exc))
            return
        self._fill_results(type_key, text, res, data.records[type_key].height)

    @staticmethod
    def _results(data: StoreData, type_key: str, text: str) -> pl.DataFrame:
        res = search(data, type_key, text, limit=SEARCH_LIMIT)
        extra = data.records[type_key].select("id", *RESULT_COLUMNS[type_key])
        return res.join(extra, on="id", how="left", maintain_order="left")

    def _fill_results(self, type_key: str, text: str, res: pl.DataFrame, total: int) -> None:
        table = self.query_one("#rec-results", FitTable)
        otype = OBJECT_TYPES[type_key]
        cols = result_columns(type_key)
        if [c.key for c in table.cols] != [c.key for c in cols]:
            table.set_cols(cols)
        rows = []
        for row in res.iter_rows(named=True):
            cells = [Text(f"{row['id']}"), *(inert(_cell_text(row.get(c.key))) for c in cols[1:])]
            rows.append((cells, row["id"]))
        table.fill(rows)
        what = otype.label_en.lower()
        typed = shown(repr(text.strip()))
        if text.strip() and not res.height:
            status = f"no {what} record matches {typed}"
        elif text.strip():
            more = f" (first {SEARCH_LIMIT})" if res.height >= SEARCH_LIMIT else ""
            verb = "matches" if res.height == 1 else "match"
            status = f"{records(res.height, what)} {verb} {typed}{more}; Enter opens one"
        elif total:
            part = f"first {res.height:,} of {total:,}" if res.height < total else f"all {total:,}"
            status = f"{part} {what} records; type to search by any key, Enter opens one"
        else:
            status = f"no {what} records in the store yet"
        self.query_one("#rec-status", Label).update(status)

    @on(DataTable.RowSelected, "#rec-results")
    def _result_selected(self, event: DataTable.RowSelected) -> None:
        self._open_result(event.cursor_row)

    def _open_result(self, row: int) -> None:
        table = self.query_one("#rec-results", FitTable)
        key = table.coordinate_to_cell_key((row, 0)).row_key.value
        self._list_origin = True
        self.path.clear()
        self.open_record(self._type, int(key or 0))

    # --- a record -----------------------------------------------------------------

    def open_record(self, type_key: str, rid: int) -> bool:
        """Show a record, adding it to the path (False: it cannot be shown)."""
        if self.path:
            row = self.query_one("#rec-links", DataTable).cursor_row
            self.path[-1] = replace(self.path[-1], link_row=row)
        step = Step(type_key, rid)
        self.path.append(step)
        if not self._show(step):
            self.path.pop()
            return False
        return True

    def _show_last(self) -> None:
        """Show the last record of the path that still exists, else leave or list."""
        while self.path:
            if self._show(self.path[-1]):
                return
            self.path.pop()
        if not self._list_origin:
            self.dismiss(None)
            return
        self.view = None
        self.query_one("#rec-switcher", ContentSwitcher).current = "rec-list"
        self.run_search()

    def _show(self, step: Step) -> bool:
        try:
            view = record_view(self.data, step.type, step.id)
        except Exception as exc:
            self.notify(one_line(exc), title="Record", severity="error")
            return False
        self.view = view
        if self.path and self.path[-1] == step:
            self.path[-1] = replace(step, label=view.label)
        otype = OBJECT_TYPES[view.type]
        walked = [s.label or f"{s.type} {s.id}" for s in self.path[:-1]]
        origin = f"created by B{view.created_batch}" if view.created_batch else ""
        if view.modified_batch and view.modified_batch != view.created_batch:
            origin += f", last changed by B{view.modified_batch}"
        title = line((view.label or "(no name)", "bold"), f"  {otype.label_en} · id {view.id}")
        title.append(f" · {origin}\n" if origin else "\n", style="dim")
        if walked:
            title.append_text(line(("path: " + " › ".join(walked) + " › here", "dim")))
        else:
            title.append("Enter on a link opens that record", style="dim")
        self.query_one("#rec-title", Static).update(title)
        self.query_one("#rec-fields", FieldPane).show(field_lines(view, empty=self.app.size.width >= 72))
        links = self.query_one("#rec-links", FitTable)
        rows = link_rows(self.data, view)
        self.link_list = [lk for _, lk in rows]
        filled = [
            ((inert(head, "bold"), inert(label or "(no name)"), Text(kind), Text(rid)), i)
            for i, ((head, label, kind, rid), _) in enumerate(rows)
        ]
        links.fill(filled or [((Text("(no links)", style="dim"), Text(""), Text(""), Text("")), "none")])
        links.move_cursor(row=min(step.link_row, max(links.row_count - 1, 0)))
        self.query_one("#rec-switcher", ContentSwitcher).current = "rec-view"
        self._type = view.type
        with self.prevent(Select.Changed):
            self.query_one("#rec-type", Select).value = view.type
        links.focus()
        return True

    @on(DataTable.RowSelected, "#rec-links")
    def _link_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value == "none" or self.view is None:
            return
        lk = self.link_list[event.cursor_row]
        self.open_record(lk.type, lk.id)

    # --- going back ---------------------------------------------------------------

    def action_back(self) -> None:
        if not self.path:
            self.dismiss(None)
            return
        self.path.pop()
        self._show_last()
        if not self.path and self._list_origin:
            self.query_one("#rec-results", DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the search box "/" is text: Search is offered (and bound) only elsewhere.
        return not (action == "search" and isinstance(self.focused, Input))

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def action_search(self) -> None:
        if self.path:
            self.path.clear()
            self.view = None
            self._list_origin = True
            self.query_one("#rec-switcher", ContentSwitcher).current = "rec-list"
            self.run_search()
        self.query_one("#rec-search", Input).focus()
