"""A table of import problems (row, column, value, kind, message), capped for speed."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from relimport.core.resolve.problems import Problem
from relimport.tui.fmt import clip
from relimport.tui.widgets.report_view import outcome_style

#: Rows shown at once; the rest are counted, exported, never drawn.
SHOWN = 1000


class ProblemTable(DataTable):
    """Problems of a report; :attr:`shown` holds the ones drawn, in order."""

    DEFAULT_CSS = """
    ProblemTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.shown: list[Problem] = []

    def on_mount(self) -> None:
        self.add_column("Row", key="row", width=5)
        self.add_column("Column", key="column", width=11)
        self.add_column("Value", key="value", width=13)
        self.add_column("Problem", key="kind", width=13)
        self.add_column("Message", key="message")

    def show(self, problems: Sequence[Problem]) -> None:
        self.clear()
        self.shown = list(problems[:SHOWN])
        for i, p in enumerate(self.shown):
            self.add_row(
                str(p.row),
                clip(p.column, 11),
                clip(p.value or "", 13),
                Text(clip(p.kind, 13), style=outcome_style(p.kind)),
                clip(p.message, 120),
                key=str(i),
            )

    def current(self) -> Problem | None:
        if not self.shown or not 0 <= self.cursor_row < len(self.shown):
            return None
        return self.shown[self.cursor_row]
