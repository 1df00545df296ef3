"""A table whose columns fit their content and the terminal: numbers and ids are never cut.

Every column has a natural width (its widest cell or its label). When the table is
wider, the *flexible* column (a message, a name) takes the rest; when it is
narrower, only columns that may be cut (text: values, messages, names) shrink,
down to their minimum, and their cells end in "…". Columns of numbers, ids and
marks keep their natural width. The widths are computed again when the table is
resized, so a wider terminal shows more of each message.

Cells are :class:`rich.text.Text` (built with :func:`relimport.tui.fmt.inert` for
data): a plain string would be read as markup by ``DataTable``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable

from relimport.tui.fmt import inert


@dataclass(frozen=True)
class Col:
    """One column: its key and label, whether it may be cut, its limits."""

    key: str
    label: str
    #: False for numbers, ids and marks: always shown whole.
    cut: bool = True
    #: Narrowest it shrinks to (when ``cut``).
    min: int = 6
    #: Widest it grows to by its content (None: no limit); the flexible column may exceed it.
    max: int | None = None
    #: Takes the width left over (one column per table).
    flex: bool = False
    #: Right-aligned (numbers).
    right: bool = False


def cell(value: object, style: str = "") -> Text:
    """A data cell: inert text on one line, cut with "…" if its column is narrower."""
    text = value if isinstance(value, Text) else inert(value, style)
    text = text.copy()
    text.no_wrap = True
    text.overflow = "ellipsis"
    text.end = ""
    return text


def widths(cols: Sequence[Col], natural: Sequence[int], room: int, padding: int = 1) -> list[int]:
    """Column widths for ``room`` cells of table width (``padding`` each side of a cell).

    The flexible column gets what the others leave (at least its minimum); when even
    that does not fit, the other columns that may be cut shrink, widest first, down
    to their minimum. Room to spare widens capped columns up to their content.
    """
    want = [
        n if c.max is None else min(n, max(c.max, cell_len(c.label)))
        for c, n in zip(cols, natural, strict=True)
    ]
    out = list(want)
    flex = next((i for i, c in enumerate(cols) if c.flex), None)
    space = room - 2 * padding * len(cols)
    others = sum(w for i, w in enumerate(want) if i != flex)
    if flex is not None:
        left = space - others
        if left >= want[flex]:
            out[flex] = want[flex]
            spare = left - want[flex]
            for i, c in enumerate(cols):  # capped columns take what is left, up to their content
                extra = min(spare, natural[i] - out[i]) if c.cut and i != flex else 0
                if extra > 0:
                    out[i] += extra
                    spare -= extra
            out[flex] += spare
            return out
        out[flex] = max(left, min(cols[flex].min, want[flex]))
        missing = out[flex] - left
    else:
        missing = sum(out) - space
    # Too narrow: shrink the widest other column that may be cut, one cell at a time,
    # down to its minimum (a few hundred steps at most).
    while missing > 0:
        candidates = [i for i, c in enumerate(cols) if i != flex and c.cut and out[i] > max(c.min, 1)]
        if not candidates:
            break
        out[max(candidates, key=lambda j: out[j])] -= 1
        missing -= 1
    return out


class FitTable(DataTable):
    """A :class:`DataTable` of :class:`Col` columns, sized by :func:`widths`."""

    def __init__(
        self, cols: Sequence[Col] = (), *, id: str | None = None, zebra_stripes: bool = True
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=zebra_stripes)
        self.cols: list[Col] = list(cols)
        self._natural: list[int] = [cell_len(c.label) for c in self.cols]
        self._fitted_for: tuple[int, tuple[int, ...]] | None = None

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        for c in self.cols:
            self.add_column(
                Text(c.label, justify="right" if c.right else "left"), key=c.key, width=len(c.label)
            )

    def set_cols(self, cols: Sequence[Col]) -> None:
        """Replace the columns (and drop the rows)."""
        self.clear(columns=True)
        self.cols = list(cols)
        self._natural = [cell_len(c.label) for c in self.cols]
        self._fitted_for = None
        self._add_columns()

    def fill(self, rows: Sequence[tuple[Sequence[Text], Hashable]]) -> None:
        """Replace the rows: ``(cells, key)`` each, cells in column order."""
        self.clear()
        natural = [cell_len(c.label) for c in self.cols]
        for cells, key in rows:
            shown = [self._aligned(i, x) for i, x in enumerate(cells)]
            for i, x in enumerate(shown):
                natural[i] = max(natural[i], x.cell_len)
            self.add_row(*shown, key=str(key))
        self._natural = natural
        self._fitted_for = None
        self.fit()

    def set_row(self, key: Hashable, cells: Sequence[Text]) -> None:
        """Redraw one row (its column widths grow if it needs more)."""
        for i, (c, x) in enumerate(zip(self.cols, cells, strict=True)):
            shown = self._aligned(i, x)
            self._natural[i] = max(self._natural[i], shown.cell_len)
            self.update_cell(str(key), c.key, shown)
        self._fitted_for = None
        self.fit()

    def _aligned(self, i: int, x: Text) -> Text:
        out = cell(x)
        if self.cols[i].right:
            out.justify = "right"
        return out

    def on_resize(self, event: events.Resize) -> None:
        self.fit()

    def _watch_show_vertical_scrollbar(self) -> None:
        # Rows filled in that outgrow the height bring a scrollbar after the columns were
        # sized: its cells come off the room (else the last column, an id, is cut).
        self.fit()

    def room(self) -> int:
        """Width the columns may use (the vertical scrollbar's cells excluded)."""
        width = self.scrollable_content_region.width or self.size.width
        return max(width, 1)

    def fit(self) -> None:
        """Size the columns for the current width (nothing to do if it did not change)."""
        if not self.is_mounted or not self.cols:
            return
        room = self.room()
        key = (room, tuple(self._natural))
        if key == self._fitted_for:
            return
        self._fitted_for = key
        for c, w in zip(self.cols, widths(self.cols, self._natural, room, self.cell_padding), strict=True):
            column = self.columns.get(c.key)  # type: ignore[call-overload]
            if column is not None:
                column.width = w
                column.auto_width = False
        self._require_update_dimensions = True
        self._clear_caches()
        self.refresh()
