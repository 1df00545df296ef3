"""A screen that is one table of store items, with an intro line and a detail line."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Static

from relimport.core.store.model import StoreData
from relimport.tui.widgets.fit_table import Col, FitTable
from relimport.tui.widgets.keybar import KeyBar


class ListingScreen(Screen[None]):
    """Relationship types, aliases…: ``#<PREFIX>-intro``, ``-table``, ``-detail``.

    Subclasses set ``PREFIX`` and ``COLUMNS`` (:class:`Col` each) and define
    ``refresh_table()``, called on mount, whenever the screen comes back, and when
    another process wrote the store.
    """

    PREFIX: ClassVar[str] = "list"
    COLUMNS: ClassVar[tuple[Col, ...]] = ()
    #: One of the browsing screens (F2-F5): opening another replaces it.
    BROWSE = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id=f"{self.PREFIX}-intro", markup=False)
        yield FitTable(self.COLUMNS, id=f"{self.PREFIX}-table")
        yield Static("", id=f"{self.PREFIX}-detail", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_table()

    def on_screen_resume(self) -> None:
        self.refresh_table()

    def store_changed(self) -> None:
        """Another process wrote the store: show it as it is now."""
        self.refresh_table()

    @property
    def data(self) -> StoreData:
        return self.app.store.data  # type: ignore[attr-defined]

    @property
    def table(self) -> FitTable:
        return self.query_one(f"#{self.PREFIX}-table", FitTable)

    def refresh_table(self, *args: Any) -> None:  # overridden by every listing
        self.table.clear()
