"""Aliases: the remembered value → record decisions; list them, open the record, remove one.

Listing and removal are core's (``relimport.core.resolve.resolutions``), the same the CLI's
``relimport aliases list|remove`` uses; the screen only shows them.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.ops.query import labels_for
from relimport.core.resolve.resolutions import Alias, list_aliases, remove_alias_entry
from relimport.core.store.model import StoreData
from relimport.tui.dialogs import ConfirmDialog
from relimport.tui.errors import one_line
from relimport.tui.fmt import inert, shown, type_label
from relimport.tui.screens.listing import ListingScreen
from relimport.tui.watch import store_work
from relimport.tui.widgets.fit_table import Col
from relimport.tui.words import key_label

COLUMNS = (
    Col("type", "Type", cut=False),
    Col("value", "Value", min=8, max=30),
    Col("id", "→ ID", cut=False, right=True),
    Col("label", "Record", min=8, flex=True),
    Col("key", "Match key", min=6, max=16),
)
EMPTY = "No aliases yet — remember a decision with m in the resolution queue"
GONE = "(record gone)"


def alias_labels(data: StoreData, aliases: list[Alias]) -> dict[tuple[str, int], str]:
    """(type, id) → the record's label, for the records that still exist."""
    out: dict[tuple[str, int], str] = {}
    for t in sorted({a.type for a in aliases}):
        if t not in OBJECT_TYPES:
            continue
        found = labels_for(data, t, sorted({a.id for a in aliases if a.type == t}))
        out.update({(t, int(i)): str(lab or "") for i, lab in found.items()})
    return out


def row_cells(a: Alias, label: str | None) -> tuple[Text, ...]:
    """One table row; a record that is gone says so in words (works with NO_COLOR)."""
    return (
        Text(type_label(a.type)),
        inert(a.value),
        Text(f"{a.id}"),
        Text(GONE, style="dim") if label is None else inert(label),
        Text(key_label(a.type, a.key) if a.key else "any key"),
    )


class AliasesScreen(ListingScreen):
    """Every alias of the store, with open (Enter) and remove (d)."""

    PREFIX = "alias"
    COLUMNS = COLUMNS

    CSS_PATH = "aliases.tcss"
    AUTO_FOCUS = "#alias-table"
    TITLE = "Aliases"
    HELP = """\
An alias is a remembered decision: a value of a relationship column that the
lookup could not settle (no record or several) and that you linked to a record
with m in the resolution queue. Later imports settle that value through it.
Enter opens the record, d removes the alias (the record stays), Esc goes back."""
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "open", "Open record", priority=True),
        Binding("d", "remove", "Remove"),
        Binding("delete", "remove", "Remove", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: The aliases in table row order (row key = index).
        self.aliases: list[Alias] = []
        self.labels: dict[tuple[str, int], str] = {}

    # --- display ----------------------------------------------------------------

    def refresh_table(self) -> None:
        table = self.table
        row = table.cursor_row
        self.aliases = list_aliases(self.data)
        self.labels = alias_labels(self.data, self.aliases)
        table.fill([(row_cells(a, self.labels.get((a.type, a.id))), i) for i, a in enumerate(self.aliases)])
        n = len(self.aliases)
        table.display = n > 0
        intro = (
            f"{n} alias{'' if n == 1 else 'es'}: remembered values that later imports link "
            "to these records. Enter opens the record, d removes the alias."
            if n
            else EMPTY
        )
        self.query_one("#alias-intro", Static).update(intro)
        if n:
            table.move_cursor(row=min(max(row, 0), n - 1))
        self._show_detail()
        self.refresh_bindings()

    def selected(self) -> Alias | None:
        table = self.table
        if not table.row_count or not self.aliases:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        i = int(key or 0)
        return self.aliases[i] if 0 <= i < len(self.aliases) else None

    @on(DataTable.RowHighlighted, "#alias-table")
    def _show_detail(self) -> None:
        a = self.selected()
        text = ""
        if a:
            label = self.labels.get((a.type, a.id))
            target = f"{type_label(a.type)} {a.id} {label!r}" if label is not None else f"id {a.id}, {GONE}"
            key = key_label(a.type, a.key) if a.key else "any key"
            text = shown(f"{a.value!r} → {target}") + f"\nmatched by {key}"
            if a.time:
                text += f" · remembered {a.time[:16].replace('T', ' ')}"
        self.query_one("#alias-detail", Static).update(text)

    # --- actions ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Open and Remove are offered only when an alias is listed.
        if action in ("open", "remove") and self.is_mounted:
            return self.selected() is not None
        return True

    def action_back(self) -> None:
        self.dismiss(None)

    @on(DataTable.RowSelected, "#alias-table")
    def action_open(self) -> None:
        a = self.selected()
        if a is None:
            return
        if (a.type, a.id) not in self.labels:
            self.notify(
                f"record {a.id} is gone; the alias is ignored (d removes it)",
                title="Aliases",
                severity="warning",
            )
            return
        self.app.push_screen(_records_screen(a.type, a.id))

    def action_remove(self) -> None:
        a = self.selected()
        if a is not None:
            self._confirm_remove(a)

    @work(exclusive=True, exit_on_error=False, group="alias-write")
    async def _confirm_remove(self, a: Alias) -> None:
        label = self.labels.get((a.type, a.id))
        target = f"{type_label(a.type)} {a.id}" + (f" {label!r}" if label is not None else f" {GONE}")
        msg = (
            f"{a.value!r} → {target}\n\nThe record stays. Later imports will no longer "
            f"link {a.value!r} by themselves."
        )
        if not await self.app.push_screen_wait(ConfirmDialog(f"Remove alias {a.value!r}?", msg)):
            return
        store = self.app.store  # type: ignore[attr-defined]

        def remove() -> Alias:
            with store_work(), store.transaction() as data:
                return remove_alias_entry(data, a)

        table = self.table
        table.loading = True
        try:
            gone = await asyncio.to_thread(remove)
        except Exception as exc:
            self.notify(one_line(exc, "removing an alias"), title="Not removed", severity="error", timeout=8)
            self.refresh_table()
            return
        finally:
            table.loading = False
        self.refresh_table()
        self.notify(f"removed alias {gone.value!r} → id {gone.id}", title="Aliases")


def _records_screen(type_key: str, record_id: int) -> Screen[None]:
    from relimport.tui.screens.records import RecordsScreen

    return RecordsScreen(type_key=type_key, record_id=record_id)
