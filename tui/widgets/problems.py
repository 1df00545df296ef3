"""The problems of a report: a table that fits the terminal and a pane with the selected one in full.

The table shows row, column, value, the kind (a mark and words, see
:mod:`relimport.tui.words`, never cut) and the message, cut to the width (on a
narrow terminal the message is left to the pane); the detail
pane below shows the selected problem whole: its message, what the kind means, and
the candidates or "did you mean" records with their ids. Up to :data:`SHOWN`
problems are drawn; the rest are counted and exported, never drawn.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.widgets import Static

from relimport.core.resolve.problems import Problem
from relimport.tui.fmt import inert, line, type_label
from relimport.tui.widgets.fit_table import Col, FitTable
from relimport.tui.words import PROBLEM_HELP, problem_label, problem_style

#: Rows shown at once; the rest are counted, exported, never drawn.
SHOWN = 1000

COLUMNS = (
    Col("row", "Row", cut=False, right=True),
    Col("column", "Column", min=6, max=14),
    Col("value", "Value", min=6, max=18),
    Col("kind", "Problem", cut=False),  # its longest label whole; value and column shrink
    Col("message", "Message", min=22, flex=True),
)
#: Under :data:`NARROW` columns the message is left to the pane (a 22-cell cut of it
#: tells nothing) and the kind is never cut; the value takes the rest.
NARROW_COLUMNS = (
    Col("row", "Row", cut=False, right=True),
    Col("column", "Column", min=6, max=14),
    Col("value", "Value", min=6, flex=True),
    Col("kind", "Problem", cut=False),
)
NARROW = 72
#: Lines the problems table keeps when the pane grows for a long message (head and three rows).
TABLE_ROWS = 4


class ProblemTable(FitTable):
    """Problems of a report; :attr:`shown` holds the ones drawn, in order."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, id=id)
        self.shown: list[Problem] = []

    def _columns_for_width(self) -> tuple[Col, ...]:
        return NARROW_COLUMNS if self.app.size.width < NARROW else COLUMNS

    def show(self, problems: Sequence[Problem]) -> None:
        self.shown = list(problems[:SHOWN])
        cols = self._columns_for_width()
        if [c.key for c in cols] != [c.key for c in self.cols]:
            self.set_cols(cols)
        with_message = len(cols) == len(COLUMNS)
        self.fill(
            [
                (
                    (
                        Text(f"{p.row:,}"),
                        inert(p.column),
                        inert(p.value or ""),
                        Text(problem_label(p.kind), style=problem_style(p.kind)),
                        *((inert(p.message),) if with_message else ()),
                    ),
                    i,
                )
                for i, p in enumerate(self.shown)
            ]
        )

    def on_resize(self, event: events.Resize) -> None:
        # Across the narrow width the columns change: the rows are drawn again, the
        # cursor kept on its problem.
        if [c.key for c in self._columns_for_width()] != [c.key for c in self.cols]:
            row = self.cursor_row
            self.show(self.shown)
            if self.shown:
                self.move_cursor(row=min(row, len(self.shown) - 1))
        elif self.shown:
            # Shorter (the pane below grew for a long message): the selected row stays in view.
            self.call_after_refresh(self.move_cursor, row=self.cursor_row, animate=False)

    def current(self) -> Problem | None:
        if not self.shown or not 0 <= self.cursor_row < len(self.shown):
            return None
        return self.shown[self.cursor_row]


def problem_detail(p: Problem | None, extra: str = "") -> Text:
    """The problem in full: where, what, why, and the records it could mean."""
    if p is None:
        return Text("No problem selected.", style="dim")
    out = line(
        Text(problem_label(p.kind), style=problem_style(p.kind)),
        " · ",
        (f"row {p.row:,}", "bold"),
        " · ",
        (p.column or "(row)", "bold"),
        *((" · ", (repr(p.value) if p.value else "", "")) if p.value else ()),
    )
    out.append("\n")
    out.append_text(inert(p.message, multiline=False))
    named = all(str(c.get("label") or "") in p.message for c in p.candidates)
    if p.candidates and not named:
        head = "candidates" if p.kind == "ambiguous" else "did you mean"
        out.append(f"\n{head}: ", style="bold")
        for i, c in enumerate(p.candidates[:9], 1):
            if i > 1:
                out.append(" · ")
            kind = type_label(str(c.get("type") or p.target_type))
            out.append(f"{i} ")
            out.append_text(inert(c.get("label") or "(no name)", "bold"))
            out.append(f" ({kind} {c['id']})", style="dim")
    if p.kind in PROBLEM_HELP:  # last: a short pane cuts the explanation, not the message
        out.append(f"\n{problem_label(p.kind)}: {PROBLEM_HELP[p.kind]}", style="dim")
    if extra:
        out.append("\n" + extra, style="dim")
    return out


class ProblemDetail(Static):
    """The selected problem of a :class:`ProblemTable`, in full (wraps to its height)."""

    DEFAULT_CSS = """
    ProblemDetail { height: auto; max-height: 6; padding: 0 1; }
    """

    def show(self, p: Problem | None, extra: str = "") -> None:
        text = problem_detail(p, extra)
        self.update(text)
        # The head (kind, row, column, value) and the message: what must not be cut. Sized
        # once the screen is laid out (the summary above may just have been filled).
        lines = text.plain.split("\n")[:2] if p is not None else []
        self.call_after_refresh(self._fit, lines)

    def _fit(self, lines: list[str]) -> None:
        """On a short terminal the pane keeps four lines (see app.tcss); a head and message
        that need more get them, as far as the problems table keeps its head and three rows."""
        rows = self.app.size.height
        width = max(self.content_region.width or self.app.size.width - 2, 10)
        need = sum(max(1, len(textwrap.wrap(line, width))) for line in lines)
        if rows >= 30 or need <= 4 or self.parent is None:
            self.styles.height = self.styles.max_height = None  # the stylesheet's
            return
        others = sum(
            w.outer_size.height
            for w in self.parent.children
            if w.display and w is not self and not isinstance(w, ProblemTable)
        )
        height = max(4, min(need, rows - others - TABLE_ROWS))
        self.styles.height = self.styles.max_height = height

    def follow(self, table: ProblemTable, extra: str = "") -> None:
        self.show(table.current(), extra)


__all__ = ["SHOWN", "ProblemDetail", "ProblemTable", "problem_detail"]
