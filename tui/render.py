"""Rich rendering of reports, lists and records for the CLI (plain text when piped).

Everything that came from a file, the store or a path is data: it is put on screen as
:class:`rich.text.Text` built by :func:`data` (control, bidi and zero-width characters
made visible, never parsed as markup). Markup appears only in literals of this module.

People read relimport's words, not its identifiers: problem kinds, object types and
counts come from :mod:`relimport.core.domain.words`, as the TUI shows them (``--json``
keeps the identifiers).
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

from relimport.core.domain.objects import OBJECT_TYPES
from relimport.core.domain.text import visible
from relimport.core.domain.words import SEVERE_MARK, plural, problem_label, problem_mark, type_name
from relimport.core.importing.report import ImportReport
from relimport.tui.fmt import short_time


def problem_style(kind: str) -> str:
    """Red for a row not imported, yellow for a value not imported, cyan for a row to
    check (the mark says the same without colour)."""
    mark = problem_mark(kind)
    return "red" if mark == SEVERE_MARK else ("yellow" if mark == "!" else "cyan")


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
    console.print(line((rep.file, "bold"), f" → {type_name(rep.kind)} ({rep.mode}, {head})"))
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
        fixed_column("problem", [problem_label(p.kind) for p in shown]),
        text_column("message"),
        title=plural(len(rep.problems), "problem"),
    )
    for row, p in zip(rows, shown, strict=True):
        kind = Text(problem_label(p.kind), style=problem_style(p.kind))
        t.add_row(data(row), data(p.column), data(p.value), kind, data(p.message))
    console.print(t)
    if len(rep.problems) > 50:
        console.print(Text(f"... {len(rep.problems) - 50:,} more (use --report FILE or --json)"))


def print_relations(console: Console, items: list[dict[str, Any]]) -> None:
    """The relationship types: a table when the object types, relimport's words and the
    link counts fit beside some room for the names, else a line each (a narrow
    terminal). Those are never cut; names wrap."""
    links = [count(r["links"]) for r in items]
    sources = [type_name(r["source"]) for r in items]
    targets = [type_name(r["target"]) for r in items]
    fixed = [
        fixed_column("from", sources),
        fixed_column("to", targets),
        fixed_column("cardinality", [visible(r["cardinality"]) for r in items]),
        fixed_column("symmetric", ["yes"]),
        fixed_column("links", links, justify="right"),
    ]
    if not table_fits(console, fixed, texts=2):
        for r, n, source, target in zip(items, links, sources, targets, strict=True):
            console.print(
                line(
                    (r["name"], "bold"),
                    " (built-in)" if r["builtin"] else "",
                    ": ",
                    data(source),
                    " → ",
                    data(target),
                    ", ",
                    data(r["cardinality"]),
                    ", symmetric" if r["symmetric"] else "",
                    *((", inverse ", data(r["inverse_name"])) if r["inverse_name"] else ()),
                    f", {n} link" if r["links"] == 1 else f", {n} links",
                ),
                soft_wrap=False,  # wrapped between words, never inside a count
            )
        return
    t = Table(text_column("name"), fixed[0], fixed[1], text_column("inverse"), *fixed[2:])
    for r, n, source, target in zip(items, links, sources, targets, strict=True):
        name = r["name"] + (" (built-in)" if r["builtin"] else "")
        t.add_row(
            data(name),
            data(source),
            data(target),
            data(r["inverse_name"]),
            data(r["cardinality"]),
            "yes" if r["symmetric"] else "",
            data(n),
        )
    console.print(t)


#: The counts of a batch in the history, as (header, the words after one, value of its
#: counts and problems): a column in the table, ``1 link`` in a block.
HISTORY_COUNTS = (
    ("created", "created", lambda c, _: c.get("records", {}).get("created", "")),
    ("updated", "updated", lambda c, _: c.get("records", {}).get("updated", "")),
    ("links", "link", lambda c, _: c.get("links", {}).get("created", "")),
    ("problems", "problem", lambda _, problems: problems),
)


def _count_words(n: Any, header: str, one: str) -> str:
    """A count of the history in words: ``1 problem``, ``2 problems``, ``3 created``."""
    return f"{count(n)} {one if n == 1 else header}"


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
    values = [[value(b["counts"], b["problems"]) for _, _, value in HISTORY_COUNTS] for b in items]
    counts = [[count(n) for n in row] for row in values]
    types = [type_name(b["type"]) for b in items]
    fixed = [
        fixed_column("batch", ids),
        fixed_column("time", times),
        fixed_column("type", types),
        *(fixed_column(header, [visible(b[header]) for b in items]) for header in ("mode", "status")),
        *(
            fixed_column(header, [row[i] for row in counts], justify="right")
            for i, (header, _, _) in enumerate(HISTORY_COUNTS)
        ),
    ]
    if table_fits(console, fixed, texts=1):
        t = Table(*fixed[:2], text_column("file"), *fixed[2:])
        for b, batch, time, kind, row in zip(items, ids, times, types, counts, strict=True):
            words = (data(kind), data(b["mode"]), data(b["status"]))
            t.add_row(data(batch), data(time), data(b["file"]), *words, *map(data, row))
        console.print(t)
        return
    # Too narrow for the table: the batch id beside its block of lines, which wrap
    # between words (the time comes first on its line: never split).
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for b, batch, time, kind, row in zip(items, ids, times, types, values, strict=True):
        block = line(
            time,
            "  ",
            data(b["file"]),
            "\n",
            data(kind),
            ", ",
            data(b["mode"]),
            ", ",
            data(b["status"]),
            "\n",
            ", ".join(
                _count_words(n, header, one) for n, (header, one, _) in zip(row, HISTORY_COUNTS, strict=True)
            ),
        )
        grid.add_row(Text(batch, style="bold"), block)
    console.print(grid)


def print_record(console: Console, view: Any) -> None:
    console.print(line((view.label, "bold"), f" ({type_name(view.type)} {view.id})"))
    otype = OBJECT_TYPES.get(view.type)
    for k, v in view.fields.items():
        if v:
            try:
                name = otype.field(k).label_en if otype else k
            except KeyError:
                name = k
            console.print(line(f"  {name}: ", data(v)))
    for lk in view.links:
        arrow = "→" if lk.direction == "out" else "←"
        console.print(
            line(
                "  ", data(lk.relationship), f" {arrow} ", data(lk.label), f" ({type_name(lk.type)} {lk.id})"
            )
        )
