"""The resolution queue: settle each distinct unresolved relationship value once.

Opened from the check step (Ctrl+E). Every ``ambiguous`` / ``not_found`` value of
the dry run is one line, whatever the number of rows carrying it; the user picks a
candidate (1–9), creates the missing record (c, where the mode creates records),
clears the decision (s) or toggles "remember as alias" (m). Esc goes back and the
check runs again with the decisions; the import uses them.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from relimport.core.mapping.decisions import Decision
from relimport.core.resolve.resolutions import QueueItem
from relimport.tui.widgets.keybar import KeyBar

CREATE_MODES = ("upsert", "create")


class QueueScreen(Screen[dict[tuple[str, str], Decision]]):
    """One line per distinct value; the decisions go back to the check step."""

    TITLE = "Resolve values"
    HELP = """\
Each line is one value of a relationship column that named no record
(not_found) or several (ambiguous), with the number of rows carrying it; one
decision settles every such row. 1-9 picks a listed record (its distinguishing
fields are shown below the table), c creates a new record (upsert and create
modes), s skips (the rows stay problems), m remembers the decision as an alias
for later imports (★). Esc goes back and checks again with the decisions."""
    CSS_PATH = "check.tcss"
    AUTO_FOCUS = "#queue-table"
    BINDINGS = [
        Binding("escape", "done", "Back"),
        *[Binding(str(i), f"pick({i})", "Pick", show=i == 1, key_display="1-9") for i in range(1, 10)],
        Binding("c", "create", "Create"),
        Binding("s", "clear", "Skip"),
        Binding("m", "remember", "Remember"),
    ]

    def __init__(self, items: list[QueueItem], decisions: dict[tuple[str, str], Decision], mode: str) -> None:
        super().__init__()
        self.items = items
        self.decisions = dict(decisions)
        self.mode = mode
        #: Values explicitly skipped (shown as such; no decision is kept for them).
        self.skipped: set[tuple[str, str]] = set()
        self._details: dict[tuple[str, int], str] = {}

    def compose(self) -> ComposeResult:
        n = len(self.items)
        yield Static(
            f"Resolve {n} value{'' if n == 1 else 's'} · one decision fixes every row with the value",
            id="queue-title",
            markup=False,
        )
        yield DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="queue-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self._load_details()
        table = self.query_one(DataTable)
        table.add_columns("Column", "Value", "Problem", "Rows", "Decision")
        for i, item in enumerate(self.items):
            table.add_row(*self._cells(item), key=str(i))
        self._show_detail()

    def _cells(self, item: QueueItem) -> tuple:
        d = self.decisions.get((item.column, item.value))
        if d is None:
            skipped = (item.column, item.value) in self.skipped
            dec = Text("skip" if skipped else "–", style="dim")
        elif d.action == "create":
            dec = Text("create" + (" ★" if d.remember else ""), style="green")
        else:
            label = next((c.get("label") for c in item.candidates if int(c["id"]) == d.id), None)
            shown = f"{label} (id {d.id})" if label else f"id {d.id}"
            dec = Text(f"→ {shown}" + (" ★" if d.remember else ""), style="green")
        style = "red" if item.kind == "ambiguous" else "yellow"
        return (item.column, item.value, Text(item.kind, style=style), str(item.rows), dec)

    def _current(self) -> tuple[int, QueueItem] | None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row is None or table.cursor_row >= len(self.items):
            return None
        return table.cursor_row, self.items[table.cursor_row]

    def _show_detail(self) -> None:
        cur = self._current()
        detail = self.query_one("#queue-detail", Static)
        if cur is None:
            detail.update("Nothing to resolve.")
            return
        _, item = cur
        text = Text()
        head = "candidates" if item.kind == "ambiguous" else "did you mean"
        text.append(f"'{item.value}' ({item.target_type}) — {head}:\n", style="bold")
        if not item.candidates:
            text.append("  no close records\n", style="dim")
        for i, c in enumerate(item.candidates, 1):
            text.append(f"  {i}  {c.get('label') or '(no name)'}  (id {c['id']})")
            details = self._details.get((item.target_type, int(c["id"])))
            if details:
                text.append(f"  {details}", style="dim")
            text.append("\n")
        can_create = self.mode in CREATE_MODES
        text.append(
            "c: create a new record · " if can_create else "(mode creates no records) · ", style="dim"
        )
        text.append("s: skip (rows stay problems) · m: remember as alias for later imports", style="dim")
        detail.update(text)

    def _load_details(self) -> None:
        """Distinguishing fields of every candidate (two companies named Polmet: their cities)."""
        from relimport.core.ops.query import details_for

        data = self.app.store.data  # type: ignore[attr-defined]
        wanted: dict[str, set[int]] = {}
        for item in self.items:
            wanted.setdefault(item.target_type, set()).update(int(c["id"]) for c in item.candidates)
        for type_key, ids in wanted.items():
            for rid, text in details_for(data, type_key, sorted(ids)).items():
                self._details[(type_key, rid)] = text

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _set(self, decision: Decision | None) -> None:
        cur = self._current()
        if cur is None:
            return
        row, item = cur
        key = (item.column, item.value)
        if decision is None:
            self.decisions.pop(key, None)
            self.skipped.add(key)
        else:
            self.decisions[key] = decision
            self.skipped.discard(key)
        table = self.query_one(DataTable)
        for col, cell in enumerate(self._cells(item)):
            table.update_cell_at((row, col), cell, update_width=True)
        # The cursor stays: "m" then remembers this decision; arrows move on.

    def action_pick(self, n: int) -> None:
        cur = self._current()
        if cur is None or n > len(cur[1].candidates):
            self.bell()
            return
        item = cur[1]
        old = self.decisions.get((item.column, item.value))
        self._set(
            Decision(
                item.column,
                item.value,
                id=int(item.candidates[n - 1]["id"]),
                remember=bool(old and old.remember),
            )
        )

    def action_create(self) -> None:
        cur = self._current()
        if cur is None or self.mode not in CREATE_MODES:
            self.notify("this mode creates no records (choose upsert or create)", severity="warning")
            return
        item = cur[1]
        old = self.decisions.get((item.column, item.value))
        self._set(Decision(item.column, item.value, action="create", remember=bool(old and old.remember)))

    def action_clear(self) -> None:
        self._set(None)

    def action_remember(self) -> None:
        cur = self._current()
        if cur is None:
            return
        row, item = cur
        d = self.decisions.get((item.column, item.value))
        if d is None:
            self.notify("pick a candidate (1-9) or create (c) first", severity="warning")
            return
        self.decisions[(item.column, item.value)] = Decision(
            d.column, d.value, d.action, d.id, not d.remember
        )
        table = self.query_one(DataTable)
        for col, cell in enumerate(self._cells(item)):
            table.update_cell_at((row, col), cell, update_width=True)

    def action_done(self) -> None:
        self.dismiss(self.decisions)
