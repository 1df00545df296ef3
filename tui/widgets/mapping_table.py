"""The mapping step's table: one row per column of the file, and what it is mapped to.

Samples are the column's first distinct values, separated by " · " (a comma is a
Polish decimal mark). The Note column says how the target came about: ``auto``
(the header is the target's name), ``? Name`` (a suggestion, not applied: A
applies it), ``! …`` (a problem), ``skip`` reminders for columns whose values
will not be imported.
"""

from __future__ import annotations

from rich.text import Text

from relimport.core.files.reader import Table
from relimport.core.mapping.columns import ColumnMap, Mapping
from relimport.tui.fmt import inert
from relimport.tui.widgets.fit_table import Col, FitTable
from relimport.tui.words import field_words, key_label

SKIP = "skip"
SAMPLE_SEPARATOR = " · "
COLUMNS = (
    Col("header", "Column", min=8, max=22),
    Col("samples", "Samples", min=8, flex=True),
    Col("target", "Target", min=16, max=30),
    Col("match", "Match", min=4, max=12),
    Col("sep", "Sep", cut=False),
    Col("mark", "Note", min=4, max=22),
)


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
    return SAMPLE_SEPARATOR.join(values.to_list())


def target_words(kind: str, target: str) -> str:
    """A target value (``field:KEY`` / ``rel:NAME`` / ``skip``) in words."""
    prefix, _, name = target.partition(":")
    if prefix == "field":
        return "field " + field_words(kind, name)
    if prefix == "rel":
        return "rel " + name.partition("@")[0]
    return "skip"


class MappingTable(FitTable):
    """Header, samples, target, match key, separator and a note per column of the file."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, id=id)
        self.preview: Table | None = None
        self.suggestions: dict[str, str] = {}
        #: Relationship column header → the object type its values name.
        self.others: dict[str, str] = {}

    def show(self, mapping: Mapping, errors: list[str]) -> None:
        """Show every column of ``mapping``, keeping the cursor's row."""
        row = self.cursor_row
        self.fill([(self._cells(mapping.kind, col, errors), i) for i, col in enumerate(mapping.columns)])
        if mapping.columns:
            self.move_cursor(row=min(max(row, 0), len(mapping.columns) - 1))

    def _cells(self, kind: str, col: ColumnMap, errors: list[str]) -> tuple[Text, ...]:
        suggestion = self.suggestions.get(col.header)
        if any(repr(col.header) in e for e in errors):
            mark = Text("! problem", style="bold red")
        elif col.auto:
            mark = Text("auto", style="green")
        elif col.target == "skip" and suggestion:
            mark = Text("? " + target_words(kind, suggestion).split(" ", 1)[-1], style="yellow")
        elif col.target == "skip":
            mark = Text("not imported", style="dim")
        else:
            mark = Text("")
        rel = col.target == "rel"
        if col.target == "field" and col.field:
            target = Text("field " + field_words(kind, col.field))
        elif rel:
            target = inert(f"rel {col.header_rel_name}")
        else:
            target = Text("skip", style="dim")
        match = key_label(self.others.get(col.header, ""), col.match_by) if rel else ""
        return (
            inert(col.header or "(empty)", "bold"),
            inert(samples(self.preview, col.header), "dim"),
            target,
            Text(match),
            inert((col.separator or "none") if rel else ""),
            mark,
        )
