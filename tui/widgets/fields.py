"""A record's fields as "label value" lines that fit the pane they are drawn in.

A value that fits beside its label stays there; a longer one wraps under the value
column (never back under the labels); a value with a word too long for that column
(an e-mail address, a long company name) goes under its label, indented, rather
than being split, when the pane is wide enough for the word. The lines are laid out again for every width.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.widgets import Static

#: Cells of the label column (more when a label needs them, with :data:`GAP`).
LABEL_WIDTH = 13
#: Cells at least between the longest label and the values.
GAP = 2
#: Indent of a value on a line of its own.
INDENT = 2


def field_text(rows: Sequence[tuple[str, Text]], width: int) -> Text:
    """``(label, value)`` pairs (values as inert :class:`Text`) as lines of ``width`` cells."""
    label_width = max([LABEL_WIDTH, *(cell_len(label) + GAP for label, _ in rows)])
    room = max(width - label_width, 1)
    out = Text(end="")
    for i, (label, value) in enumerate(rows):
        if i:
            out.append("\n")
        longest = max((cell_len(w) for w in value.plain.split()), default=0)
        if value.cell_len > room and room < longest <= width - INDENT:
            # A word wider than the value column (an e-mail, a long name): the value goes
            # under its label, indented, wrapped at the pane's width, no word split.
            out.append(label, style="bold")
            below = width - INDENT
            for part in value.wrap(Console(width=below), below, overflow="fold"):
                piece = part.copy()
                piece.rstrip()
                out.append("\n" + " " * INDENT)
                out.append_text(piece)
            continue
        out.append(label.ljust(label_width), style="bold")
        lines = value.wrap(Console(width=room), room, overflow="fold") if value.cell_len > room else [value]
        for j, part in enumerate(lines):
            if j:
                out.append("\n" + " " * label_width)
            piece = part.copy()
            piece.rstrip()  # a wrapped line's trailing space
            out.append_text(piece)
    return out


class FieldPane(Static):
    """Shows :func:`field_text` of its rows for its current width."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.rows: list[tuple[str, Text]] = []

    def show(self, rows: Sequence[tuple[str, Text]]) -> None:
        self.rows = list(rows)
        self.refresh(layout=True)

    def render(self) -> Text:
        return field_text(self.rows, self.content_size.width or 10_000)
