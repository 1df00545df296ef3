"""The mapping step's table: one row per column of the file, and what it is mapped to."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from relimport.core.files.reader import Table
from relimport.core.mapping import columns as mp
from relimport.core.mapping.columns import ColumnMap, Mapping
from relimport.tui.fmt import clip

SKIP = "skip"
KEYS = ("header", "samples", "target", "match", "sep", "mark")


def target_value(col: ColumnMap) -> str:
    """The target dropdown's value for a column (``field:KEY``, ``rel:NAME`` or ``skip``)."""
    if col.target == "field":
        return f"field:{col.field}"
    if col.target == "rel":
        return f"rel:{col.header_rel_name}"
    return SKIP


def samples(preview: Table | None, header: str, n: int = 3) -> str:
    """The first few distinct non-empty values of a column of the preview."""
    if preview is None or header not in preview.frame.columns:
        return ""
    col = preview.frame.get_column(header).drop_nulls()
    values = col.filter(col.str.strip_chars() != "").unique(maintain_order=True).head(n)
    return ", ".join(values.to_list())


class MappingTable(DataTable):
    """Header, samples, target, match key, separator and a mark (auto / ? / !) per column."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.preview: Table | None = None
        self.suggestions: dict[str, str] = {}

    def on_mount(self) -> None:
        for key, label, width in zip(
            KEYS, ("Column", "Samples", "Target", "Match", "Sep", "Note"), (14, 17, 20, 7, 3, 5), strict=True
        ):
            self.add_column(label, key=key, width=width)

    def fill(self, mapping: Mapping, errors: list[str]) -> None:
        """Show every column of ``mapping``, keeping the cursor's row."""
        row = self.cursor_row
        self.clear()
        for i, col in enumerate(mapping.columns):
            self.add_row(*self._cells(mapping.kind, col, errors), key=str(i))
        if mapping.columns:
            self.move_cursor(row=min(max(row, 0), len(mapping.columns) - 1))

    def update_column(self, mapping: Mapping, index: int, errors: list[str]) -> None:
        """Redraw column ``index`` and every mark (an error can concern other columns)."""
        for i, col in enumerate(mapping.columns):
            cells = self._cells(mapping.kind, col, errors)
            for key, value in zip(KEYS, cells, strict=True):
                if i == index or key == "mark":
                    self.update_cell(str(i), key, value)

    def _cells(self, kind: str, col: ColumnMap, errors: list[str]) -> list[Text | str]:
        if any(repr(col.header) in e for e in errors):
            mark = Text("!", style="bold red")
        elif col.auto:
            mark = Text("auto", style="green")
        elif col.target == "skip" and self.suggestions.get(col.header):
            mark = Text("?", style="yellow")
        else:
            mark = Text("")
        rel = col.target == "rel"
        return [
            Text(clip(col.header, 14) or "(empty)", style="bold"),
            Text(clip(samples(self.preview, col.header), 17), style="dim"),
            Text(target_label(kind, col), style="dim" if col.target == "skip" else ""),
            col.match_by if rel else "",
            (col.separator or "—") if rel else "",
            mark,
        ]


def target_label(kind: str, col: ColumnMap) -> str:
    if col.target == "field" and col.field:
        return clip("field " + mp.field_label(kind, col.field), 20)
    if col.target == "rel":
        return clip(f"rel {col.header_rel_name}", 20)
    return "skip"
