"""Rich rendering of reports, lists and records for the CLI (plain text when piped).

Everything that came from a file, the store or a path is data: it is put on screen as
:class:`rich.text.Text` built by :func:`data` (control, bidi and zero-width characters
made visible, never parsed as markup). Markup appears only in literals of this module.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

from relimport.core.domain.text import visible
from relimport.core.importing.report import ImportReport
from relimport.tui.fmt import short_time

PROBLEM_STYLE = {
    "not_found": "yellow",
    "ambiguous": "yellow",
    "cardinality": "yellow",
    "duplicate_in_file": "yellow",
    "invalid_value": "yellow",
    "invalid": "red",
    "self_link": "yellow",
    "missing_key": "red",
    "exists": "yellow",
    "no_match": "red",
}


def data(value: Any, style: str = "") -> Text:
    """``value`` as inert text: controls made visible, no markup, optional style."""
    return Text("" if value is None else visible(value), style=style)


def line(*parts: str | Text | tuple[Any, str]) -> Text:
    """One line from literal strings, :class:`Text` and ``(data, style)`` pairs.

    Literal strings are relimport's own words; anything else is data.
    """
    out = Text()
    for p in parts:
        if isinstance(p, tuple):
            out.append_text(data(p[0], p[1]))
        elif isinstance(p, Text):
            out.append_text(p)
        else:
            out.append(p)
    return out


def fixed_column(header: str, cells: list[str], *, justify: Any = "left") -> Column:
    """A column of numbers, ids, timestamps or relimport's own words (types, modes): as
    wide as its widest cell (or header), never wrapped, never cut. Only columns of free
    text (:func:`text_column`) give way when space is short."""
    width = max([cell_len(header), *(cell_len(c) for c in cells)])
    return Column(header, no_wrap=True, min_width=width, justify=justify)


def text_column(header: str) -> Column:
    """A column of free text (names, values, messages): it gives way when space is
    short, wrapping between words and a word too long for it across lines, never cut."""
    return Column(header, overflow="fold")


#: The narrowest a column of free text may get in a table; narrower, the rows are
#: shown one block each instead (see :func:`print_history`).
TEXT_MIN = 8


def table_fits(console: Console, fixed: list[Column], texts: int) -> bool:
    """Whether a table of ``fixed`` columns and ``texts`` columns of free text fits the
    console with each free-text column at least :data:`TEXT_MIN` wide."""
    columns = len(fixed) + texts
    # A space either side of every cell, a border before every column and after the last.
    borders = 3 * columns + 1
    return sum(c.min_width or 0 for c in fixed) + texts * TEXT_MIN + borders <= console.width


def count(value: Any) -> str:
    """A count with thousands separators (``1,234``); anything else as it is."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return "" if value is None else visible(value)


def print_report(console: Console, rep: ImportReport) -> None:
    head = "dry run" if rep.dry_run else (f"batch {rep.batch}" if rep.batch else "nothing written")
    console.print(line((rep.file, "bold"), f" → {rep.kind} ({rep.mode}, {head})"))
    console.print(
        line(
            f"rows {rep.rows_total}: {rep.rows_imported} imported, ",
            (f"{rep.rows_with_problems} with problems", "yellow" if rep.rows_with_problems else "green"),
        )
    )
    console.print(
        line(
            "records: ",
            (f"{rep.created} created", "green"),
            ", ",
            (f"{rep.updated} updated", "green"),
            ", ",
            (f"{rep.unchanged} unchanged", "dim"),
            f", {rep.skipped} skipped",
        )
    )
    console.print(
        line(
            "links: ",
            (f"{rep.links_created} created", "green"),
            ", ",
            (f"{rep.links_existing} existing", "dim"),
            f", {rep.links_replaced} replaced",
        )
    )
    if rep.ignored_columns:
        console.print(line(("ignored columns: " + ", ".join(rep.ignored_columns), "dim")))
    for note in rep.notes[:50]:
        console.print(line(("settled", "cyan"), " ", data(note)))
    if not rep.problems:
        return
    shown = rep.problems[:50]
    rows = [str(p.row) for p in shown]
    t = Table(
        fixed_column("row", rows, justify="right"),
        text_column("column"),
        text_column("value"),
        fixed_column("problem", [visible(p.kind) for p in shown]),
        text_column("message"),
        title=f"{len(rep.problems)} problems",
    )
    for row, p in zip(rows, shown, strict=True):
        style = PROBLEM_STYLE.get(p.kind, "yellow")
        t.add_row(data(row), data(p.column), data(p.value), data(p.kind, style), data(p.message))
    console.print(t)
    if len(rep.problems) > 50:
        console.print(f"... {len(rep.problems) - 50} more (use --report FILE or --json)", markup=False)


def print_relations(console: Console, items: list[dict[str, Any]]) -> None:
    """The relationship types: a table when the object types, relimport's words and the
    link counts fit beside some room for the names, else a line each (a narrow
    terminal). Those are never cut; names wrap."""
    links = [count(r["links"]) for r in items]
    fixed = [
        fixed_column("from", [visible(r["source"]) for r in items]),
        fixed_column("to", [visible(r["target"]) for r in items]),
        fixed_column("cardinality", [visible(r["cardinality"]) for r in items]),
        fixed_column("symmetric", ["yes"]),
        fixed_column("links", links, justify="right"),
    ]
    if not table_fits(console, fixed, texts=2):
        for r, n in zip(items, links, strict=True):
            console.print(
                line(
                    (r["name"], "bold"),
                    " (built-in)" if r["builtin"] else "",
                    ": ",
                    data(r["source"]),
                    " → ",
                    data(r["target"]),
                    ", ",
                    data(r["cardinality"]),
                    ", symmetric" if r["symmetric"] else "",
                    *((", inverse ", data(r["inverse_name"])) if r["inverse_name"] else ()),
                    f", {n} links",
                ),
                soft_wrap=False,  # wrapped between words, never inside a count
            )
        return
    t = Table(text_column("name"), fixed[0], fixed[1], text_column("inverse"), *fixed[2:])
    for r, n in zip(items, links, strict=True):
        name = r["name"] + (" (built-in)" if r["builtin"] else "")
        t.add_row(
            data(name),
            data(r["source"]),
            data(r["target"]),
            data(r["inverse_name"]),
            data(r["cardinality"]),
            "yes" if r["symmetric"] else "",
            data(n),
        )
    console.print(t)


#: The counts of a batch in the history, as (header, value of its counts and problems).
HISTORY_COUNTS = (
    ("created", lambda c, _: c.get("records", {}).get("created", "")),
    ("updated", lambda c, _: c.get("records", {}).get("updated", "")),
    ("links", lambda c, _: c.get("links", {}).get("created", "")),
    ("problems", lambda _, problems: problems),
)


def print_history(console: Console, items: list[dict[str, Any]]) -> None:
    """The batches, newest first: a table when its ids, times, relimport's words and
    counts fit beside some room for the file names, else a block per batch (a narrow
    terminal). Those are never cut; file names wrap.
    """
    if not items:
        console.print("no imports yet", markup=False)
        return
    ids = [visible(b["batch"]) for b in items]
    times = [visible(short_time(b["time"])) for b in items]
    counts = [[count(value(b["counts"], b["problems"])) for _, value in HISTORY_COUNTS] for b in items]
    fixed = [
        fixed_column("batch", ids),
        fixed_column("time", times),
        *(fixed_column(header, [visible(b[header]) for b in items]) for header in ("type", "mode", "status")),
        *(
            fixed_column(header, [row[i] for row in counts], justify="right")
            for i, (header, _) in enumerate(HISTORY_COUNTS)
        ),
    ]
    if table_fits(console, fixed, texts=1):
        t = Table(*fixed[:2], text_column("file"), *fixed[2:])
        for b, batch, time, row in zip(items, ids, times, counts, strict=True):
            words = (data(b["type"]), data(b["mode"]), data(b["status"]))
            t.add_row(data(batch), data(time), data(b["file"]), *words, *map(data, row))
        console.print(t)
        return
    # Too narrow for the table: the batch id beside its block of lines, which wrap
    # between words (the time comes first on its line: never split).
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for b, batch, time, row in zip(items, ids, times, counts, strict=True):
        block = line(
            time,
            "  ",
            data(b["file"]),
            "\n",
            data(b["type"]),
            ", ",
            data(b["mode"]),
            ", ",
            data(b["status"]),
            "\n",
            ", ".join(f"{n} {header}" for n, (header, _) in zip(row, HISTORY_COUNTS, strict=True)),
        )
        grid.add_row(Text(batch, style="bold"), block)
    console.print(grid)


def print_record(console: Console, view: Any) -> None:
    console.print(line((view.label, "bold"), f" ({view.type} {view.id})"))
    for k, v in view.fields.items():
        if v:
            console.print(line(f"  {k}: ", data(v)))
    for lk in view.links:
        arrow = "→" if lk.direction == "out" else "←"
        console.print(
            line("  ", data(lk.relationship), f" {arrow} ", data(lk.label), f" ({lk.type} {lk.id})")
        )
