"""A screen that is one table of store items, with an intro line and a detail line."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from relimport.core.store.model import StoreData
from relimport.tui.widgets.keybar import KeyBar


class ListingScreen(Screen[None]):
    """Relationship types, aliases…: ``#<PREFIX>-intro``, ``-table``, ``-detail``.

    Subclasses set ``PREFIX`` and ``COLUMNS`` ((label, key) pairs) and define
    ``refresh_table()``, called on mount and whenever the screen comes back.
    """

    PREFIX: ClassVar[str] = "list"
    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id=f"{self.PREFIX}-intro", markup=False)
        yield DataTable(id=f"{self.PREFIX}-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id=f"{self.PREFIX}-detail", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(f"#{self.PREFIX}-table", DataTable)
        for label, key in self.COLUMNS:
            table.add_column(label, key=key)
        self.refresh_table()

    def on_screen_resume(self) -> None:
        self.refresh_table()

    @property
    def data(self) -> StoreData:
        return self.app.store.data  # type: ignore[attr-defined]

    def refresh_table(self, *args: Any) -> None:  # overridden by every listing
        self.query_one(f"#{self.PREFIX}-table", DataTable).clear()
