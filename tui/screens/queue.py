"""The resolution queue: settle each distinct unresolved relationship value once.

Opened from the check step (Ctrl+E). Every ``ambiguous`` / ``not_found`` value of
the dry run is one line, whatever the number of rows carrying it, and spellings of
one value that differ only by case or spacing share a line (the import settles them
together). The user picks a candidate (1–9), searches any record of the target type
(/), creates the missing record (c, where the mode creates records) or all missing
ones at once (C), skips (s) or toggles "remember as alias" (m). Esc goes back and
the check runs again with the decisions; the import uses them.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from relimport.core.mapping.decisions import Decision
from relimport.core.ops.advice import QueueGroup, queue_groups
from relimport.core.resolve.resolutions import QueueItem
from relimport.tui.fmt import inert, line, plural, type_label
from relimport.tui.widgets.fit_table import Col, FitTable
from relimport.tui.widgets.keybar import KeyBar
from relimport.tui.words import problem_label, problem_style, type_count

CREATE_MODES = ("upsert", "create")
Key = tuple[str, str]

COLUMNS = (
    Col("column", "Column", min=6, max=16),
    Col("value", "Value", min=8, max=40, flex=True),
    Col("kind", "Problem", cut=False),
    Col("rows", "Rows", cut=False, right=True),
    Col("alias", "★", cut=False),
    Col("decision", "Decision", min=14, max=36),
)


class QueueScreen(Screen[dict[Key, Decision]]):
    """One line per distinct value; the decisions go back to the check step."""

    TITLE = "Resolve values"
    HELP = """\
Each line is one value of a relationship column that named no record
(not found) or several (ambiguous), with the number of rows carrying it (other
spellings of it, differing only in case or spacing, are on the same line); one
decision settles every such row. 1-9 picks a listed record (its distinguishing
fields are shown below the table), / searches any record of the column's type,
c creates a new record (upsert and create modes), C creates one for every value
that named no record (after asking), s skips (the rows stay problems), m
remembers the decision as an alias for later imports (★). Esc goes back and
checks again with the decisions."""
    CSS_PATH = "queue.tcss"
    AUTO_FOCUS = "#queue-table"
    #: Holds the decisions until Esc (quitting counts them as work that would be lost).
    HOLDS_DECISIONS = True
    BINDINGS = [
        Binding("escape", "done", "Back"),
        *[Binding(str(i), f"pick({i})", "Pick", show=i == 1, key_display="1-9") for i in range(1, 10)],
        Binding("slash", "search", "Search"),
        Binding("c", "create", "Create"),
        Binding("C", "create_all", "Create all missing"),
        Binding("s", "clear", "Skip"),
        Binding("m", "remember", "Alias (remember)"),
    ]

    def __init__(self, items: list[QueueItem], decisions: dict[Key, Decision], mode: str) -> None:
        super().__init__()
        self.groups: list[QueueGroup] = queue_groups(items)
        self.items = [g.item for g in self.groups]
        self.decisions = dict(decisions)
        self.mode = mode
        #: Values explicitly skipped (shown as such; no decision is kept for them).
        self.skipped: set[Key] = set()
        self._details: dict[tuple[str, int], str] = {}
        #: Labels of records picked by search (not among the candidates).
        self._picked: dict[tuple[str, int], str] = {}

    def compose(self) -> ComposeResult:
        n = len(self.groups)
        spellings = sum(len(g.variants) for g in self.groups)
        more = f" ({plural(n + spellings, 'spelling')})" if spellings else ""
        yield Static(
            f"Resolve {plural(n, 'value')}{more} · one decision fixes every row with the value",
            id="queue-title",
            markup=False,
        )
        yield FitTable(COLUMNS, id="queue-table")
        yield Static("", id="queue-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self._load_details()
        self.query_one(FitTable).fill([(self._cells(g), i) for i, g in enumerate(self.groups)])
        self._show_detail()

    # --- decisions of a line (any of its spellings may hold one) -------------------------

    def _keys(self, group: QueueGroup) -> list[Key]:
        item = group.item
        return [(item.column, v) for v in (item.value, *group.variants)]

    def decision_of(self, group: QueueGroup) -> Decision | None:
        return next((self.decisions[k] for k in self._keys(group) if k in self.decisions), None)

    def _set_decision(self, group: QueueGroup, decision: Decision | None) -> None:
        for k in self._keys(group):
            self.decisions.pop(k, None)
        key = (group.item.column, group.item.value)
        if decision is None:
            self.skipped.add(key)
        else:
            self.decisions[key] = decision
            self.skipped.discard(key)

    def _label(self, item: QueueItem, rid: int | None) -> str:
        label = next((c.get("label") for c in item.candidates if int(c["id"]) == rid), None)
        return label or self._picked.get((item.target_type, rid or 0), "")

    def _cells(self, group: QueueGroup) -> tuple[Text, ...]:
        item = group.item
        d = self.decision_of(group)
        if d is None:
            skipped = (item.column, item.value) in self.skipped
            dec = Text("skip" if skipped else "–", style="dim")
        elif d.action == "create":
            dec = Text(f"create new {type_label(item.target_type).lower()}", style="green")
        else:
            label = self._label(item, d.id)
            dec = line("→ ", (label or "(no name)", "green"), (f" (id {d.id})", "green"))
        value = inert(item.value)
        if group.variants:
            value.append(f" +{len(group.variants)}", style="dim")
        return (
            inert(item.column),
            value,
            Text(problem_label(item.kind), style=problem_style(item.kind)),
            Text(f"{group.rows:,}"),
            Text("★" if d is not None and d.remember else ""),
            dec,
        )

    def _redraw(self, row: int) -> None:
        self.query_one(FitTable).set_row(row, self._cells(self.groups[row]))
        self._show_detail()

    def _current(self) -> tuple[int, QueueGroup] | None:
        table = self.query_one(FitTable)
        if not self.groups or table.cursor_row is None or not 0 <= table.cursor_row < len(self.groups):
            return None
        return table.cursor_row, self.groups[table.cursor_row]

    def _show_detail(self) -> None:
        cur = self._current()
        detail = self.query_one("#queue-detail", Static)
        if cur is None:
            detail.update("Nothing to resolve.")
            return
        group = cur[1]
        item = group.item
        text = line(
            (repr(item.value), "bold"), f" ({type_label(item.target_type)}, column ", (item.column, ""), ")"
        )
        if group.variants:
            text.append("\n")  # a line break of ours; the spellings are the file's, made inert
            text.append_text(line(("also written: " + ", ".join(repr(v) for v in group.variants), "dim")))
        head = "candidates" if item.kind == "ambiguous" else "did you mean"
        text.append(f"\n{head}:", style="bold")
        if not item.candidates:
            text.append(" no close records (/ searches them all)", style="dim")
        for i, c in enumerate(item.candidates, 1):
            text.append(f"\n  {i}  ")
            text.append_text(inert(c.get("label") or "(no name)"))
            text.append(f"  (id {c['id']})", style="dim")
            details = self._details.get((item.target_type, int(c["id"])))
            if details:
                text.append_text(inert(f"  {details}", "dim"))
        d = self.decision_of(group)
        if d is not None and d.action == "link" and not any(int(c["id"]) == d.id for c in item.candidates):
            text.append_text(
                line("\nchosen by search: ", (self._label(item, d.id) or "", "green"), f" (id {d.id})")
            )
        can_create = self.mode in CREATE_MODES
        text.append(
            "\n/ search · c create new · C create all missing · " if can_create else "\n/ search · ",
            style="dim",
        )
        text.append("s skip · m remember as alias (★)", style="dim")
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

    # --- actions -------------------------------------------------------------------------

    def _decide(self, decision: Decision | None) -> None:
        cur = self._current()
        if cur is None:
            return
        row, group = cur
        self._set_decision(group, decision)
        self._redraw(row)
        # The cursor stays: "m" then remembers this decision; arrows move on.

    def _link(self, rid: int) -> None:
        cur = self._current()
        if cur is None:
            return
        group = cur[1]
        old = self.decision_of(group)
        item = group.item
        self._decide(Decision(item.column, item.value, id=rid, remember=bool(old and old.remember)))

    def action_pick(self, n: int) -> None:
        cur = self._current()
        if cur is None or n > len(cur[1].item.candidates):
            self.bell()
            return
        self._link(int(cur[1].item.candidates[n - 1]["id"]))

    @work(exclusive=True, exit_on_error=False, group="queue-search")
    async def action_search(self) -> None:
        cur = self._current()
        if cur is None:
            return
        from relimport.tui.dialogs.record_search import RecordSearch

        item = cur[1].item
        found = await self.app.push_screen_wait(RecordSearch(item.target_type, item.value))
        if found is None:
            return
        rid, label = found
        self._picked[(item.target_type, rid)] = label
        self._link(rid)

    def action_create(self) -> None:
        cur = self._current()
        if cur is None or self.mode not in CREATE_MODES:
            self.notify("this mode creates no records (choose upsert or create)", severity="warning")
            return
        group = cur[1]
        old = self.decision_of(group)
        item = group.item
        self._decide(Decision(item.column, item.value, action="create", remember=bool(old and old.remember)))

    def missing(self) -> list[int]:
        """Lines of values that named no record and have no decision yet."""
        return [
            i for i, g in enumerate(self.groups) if g.item.kind == "not_found" and self.decision_of(g) is None
        ]

    @work(exclusive=True, exit_on_error=False, group="queue-create-all")
    async def action_create_all(self) -> None:
        if self.mode not in CREATE_MODES:
            self.notify("this mode creates no records (choose upsert or create)", severity="warning")
            return
        rows = self.missing()
        if not rows:
            self.notify("no undecided value is missing a record", severity="warning")
            return
        from relimport.tui.dialogs import ConfirmDialog

        by_type = Counter(self.groups[i].item.target_type for i in rows)
        what = ", ".join(type_count(t, n) for t, n in by_type.items())
        columns = ", ".join(sorted({repr(self.groups[i].item.column) for i in rows}))
        message = (
            f"{what} will be created when you import, one for each value of {columns} "
            "that named no record and has no decision yet. Ambiguous values are left for "
            "you to choose; a created record can be undone with the import."
        )
        title = f"Create {plural(len(rows), 'new record')}?"
        if not await self.app.push_screen_wait(ConfirmDialog(title, message, yes="Create")):
            return
        for i in rows:
            item = self.groups[i].item
            self._set_decision(self.groups[i], Decision(item.column, item.value, action="create"))
            self.query_one(FitTable).set_row(i, self._cells(self.groups[i]))
        self._show_detail()
        self.notify(f"{plural(len(rows), 'value')} will create new records")

    def action_clear(self) -> None:
        self._decide(None)

    def action_remember(self) -> None:
        cur = self._current()
        if cur is None:
            return
        row, group = cur
        d = self.decision_of(group)
        if d is None:
            self.notify("pick a candidate (1-9), search (/) or create (c) first", severity="warning")
            return
        item = group.item
        self._set_decision(group, Decision(item.column, item.value, d.action, d.id, not d.remember))
        self._redraw(row)

    def action_done(self) -> None:
        self.dismiss(self.decisions)
