"""Records: pick a type, search by any key as typed, open a record, follow its links.

Search and the record view are core's (:func:`relimport.core.ops.query.search`,
:func:`relimport.core.ops.query.record_view`); the screen keeps the path the user walked so
Esc goes back along it, and finally leaves the screen.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

import polars as pl
from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Header, Input, Label, Select, Static

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.ops.query import LinkView, RecordView, record_view, search, type_of
from relimport.core.store.model import StoreData
from relimport.tui.errors import one_line
from relimport.tui.fmt import TYPE_OPTIONS, type_label
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
    return f"{n} {what} record" + ("" if n == 1 else "s")


def field_lines(view: RecordView) -> Text:
    """The record's fields as "label value" lines (empty ones shown as "—")."""
    otype = OBJECT_TYPES[view.type]
    out = Text()
    for f in otype.fields:
        value = view.fields.get(f.key)
        out.append(f"{f.label_en:<13}", style="bold")
        out.append(
            f"{value}\n" if value not in (None, "") else "—\n",
            style="" if value not in (None, "") else "dim",
        )
    return out


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
    HELP = """\
Choose a type and type any key value (name, e-mail, tax id, id…) to list
matching records; Enter opens one with its fields and its links in both
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
            yield Input(
                id="rec-search",
                compact=True,
                placeholder="id, name, NIP, e-mail, SKU, code… as in an import file",
            )
        with ContentSwitcher(initial="rec-list", id="rec-switcher"):
            with Vertical(id="rec-list"):
                yield Label("", id="rec-status", markup=False)
                yield DataTable(id="rec-results", cursor_type="row", zebra_stripes=True)
            with Vertical(id="rec-view"):
                yield Static("", id="rec-title", markup=False)
                with Horizontal(id="rec-body"):
                    yield Static("", id="rec-fields")
                    yield DataTable(id="rec-links", cursor_type="row")
        yield KeyBar()

    @property
    def data(self) -> StoreData:
        return self.app.store.data  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self._ready = True
        # The app turns blinking off for stable snapshots.
        self.query_one("#rec-search", Input).cursor_blink = getattr(self.app, "cursor_blink", True)
        links = self.query_one("#rec-links", DataTable)
        for label, key in (
            ("Relationship", "rel"),
            ("Record", "label"),
            ("Type", "type"),
            ("ID", "id"),
        ):
            links.add_column(label, key=key)
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
        table = self.query_one("#rec-results", DataTable)
        table.clear(columns=True)
        otype = OBJECT_TYPES[type_key]
        rows = [[("" if v is None else str(v)) for v in row] for row in res.iter_rows()]
        labels = ["ID", "Name", *(otype.field(c).label_en for c in RESULT_COLUMNS[type_key])]
        # Explicit widths: measured now, not on the next idle (which can leave stale lines).
        for i, (label, key) in enumerate(zip(labels, res.columns, strict=True)):
            width = max([cell_len(label), *(cell_len(r[i]) for r in rows)])
            table.add_column(label, key=key, width=min(width, 32 if key == "label" else 20))
        for row in rows:
            table.add_row(*row, key=row[0])
        what = otype.label_en.lower()
        if text.strip() and not res.height:
            status = f"no {what} record matches {text.strip()!r}"
        elif text.strip():
            more = f" (first {SEARCH_LIMIT})" if res.height >= SEARCH_LIMIT else ""
            verb = "matches" if res.height == 1 else "match"
            status = f"{records(res.height, what)} {verb} {text.strip()!r}{more}; Enter opens one"
        elif total:
            shown = f"first {res.height} of {total}" if res.height < total else f"all {total}"
            status = f"{shown} {what} records; type to search by any key, Enter opens one"
        else:
            status = f"no {what} records in the store yet"
        self.query_one("#rec-status", Label).update(status)

    @on(DataTable.RowSelected, "#rec-results")
    def _result_selected(self, event: DataTable.RowSelected) -> None:
        self._open_result(event.cursor_row)

    def _open_result(self, row: int) -> None:
        table = self.query_one("#rec-results", DataTable)
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
        walked = " › ".join(s.label or f"{s.type} {s.id}" for s in self.path[:-1])
        origin = f"created by B{view.created_batch}" if view.created_batch else ""
        if view.modified_batch and view.modified_batch != view.created_batch:
            origin += f", last changed by B{view.modified_batch}"
        title = Text()
        title.append(f"{view.label}", style="bold")
        title.append(f"  {otype.label_pl} / {otype.label_en} · id {view.id}")
        title.append(f" · {origin}\n" if origin else "\n", style="dim")
        title.append(f"path: {walked} › here" if walked else "Enter on a link opens that record", style="dim")
        self.query_one("#rec-title", Static).update(title)
        self.query_one("#rec-fields", Static).update(field_lines(view))
        links = self.query_one("#rec-links", DataTable)
        links.clear()
        rows = link_rows(self.data, view)
        self.link_list = [lk for _, lk in rows]
        for i, (cells, _) in enumerate(rows):
            links.add_row(*cells, key=str(i))
        if not rows:
            links.add_row("(no links)", "", "", "", key="none")
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
