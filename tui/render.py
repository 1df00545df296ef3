"""Rich rendering of reports, lists and records for the CLI (plain text when piped).

Everything that came from a file, the store or a path is data: it is put on screen as
:class:`rich.text.Text` built by :func:`data` (control, bidi and zero-width characters
made visible, never parsed as markup). Markup appears only in literals of this module.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from relimport.core.domain.text import visible
from relimport.core.importing.report import ImportReport

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
    t = Table("row", "column", "value", "problem", "message", title=f"{len(rep.problems)} problems")
    for p in rep.problems[:50]:
        style = PROBLEM_STYLE.get(p.kind, "yellow")
        t.add_row(str(p.row), data(p.column), data(p.value), data(p.kind, style), data(p.message))
    console.print(t)
    if len(rep.problems) > 50:
        console.print(f"... {len(rep.problems) - 50} more (use --report FILE or --json)", markup=False)


def print_relations(console: Console, items: list[dict[str, Any]]) -> None:
    t = Table("name", "from", "to", "inverse", "cardinality", "symmetric", "links")
    for r in items:
        name = r["name"] + (" (built-in)" if r["builtin"] else "")
        t.add_row(
            data(name),
            data(r["source"]),
            data(r["target"]),
            data(r["inverse_name"]),
            data(r["cardinality"]),
            "yes" if r["symmetric"] else "",
            f"{r['links']:,}",
        )
    console.print(t)


def print_history(console: Console, items: list[dict[str, Any]]) -> None:
    if not items:
        console.print("no imports yet", markup=False)
        return
    t = Table("batch", "time", "file", "type", "mode", "status", "created", "updated", "links", "problems")
    for b in items:
        c = b["counts"]
        t.add_row(
            data(b["batch"]),
            data(b["time"]),
            data(b["file"]),
            data(b["type"]),
            data(b["mode"]),
            data(b["status"]),
            data(c.get("records", {}).get("created", "")),
            data(c.get("records", {}).get("updated", "")),
            data(c.get("links", {}).get("created", "")),
            data(b["problems"]),
        )
    console.print(t)


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
