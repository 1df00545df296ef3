"""Rich rendering of reports, lists and records for the CLI (plain text when piped)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

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


def print_report(console: Console, rep: ImportReport) -> None:
    head = "dry run" if rep.dry_run else (f"batch {rep.batch}" if rep.batch else "nothing written")
    console.print(f"[bold]{rep.file}[/] → {rep.kind} ({rep.mode}, {head})")
    console.print(
        f"rows {rep.rows_total}: {rep.rows_imported} imported, "
        f"[{'yellow' if rep.rows_with_problems else 'green'}]{rep.rows_with_problems} with problems[/]"
    )
    console.print(
        f"records: [green]{rep.created} created[/], [green]{rep.updated} updated[/], "
        f"[dim]{rep.unchanged} unchanged[/], {rep.skipped} skipped"
    )
    console.print(
        f"links: [green]{rep.links_created} created[/], [dim]{rep.links_existing} existing[/], "
        f"{rep.links_replaced} replaced"
    )
    if rep.ignored_columns:
        console.print(f"[dim]ignored columns: {', '.join(rep.ignored_columns)}[/]")
    for note in rep.notes[:50]:
        console.print(f"[cyan]settled[/] {escape(note)}")
    if not rep.problems:
        return
    t = Table("row", "column", "value", "problem", "message", title=f"{len(rep.problems)} problems")
    for p in rep.problems[:50]:
        style = PROBLEM_STYLE.get(p.kind, "yellow")
        t.add_row(str(p.row), p.column, p.value or "", f"[{style}]{p.kind}[/]", p.message)
    console.print(t)
    if len(rep.problems) > 50:
        console.print(f"... {len(rep.problems) - 50} more (use --report FILE or --json)")


def print_relations(console: Console, items: list[dict[str, Any]]) -> None:
    t = Table("name", "from", "to", "inverse", "cardinality", "symmetric", "links")
    for r in items:
        name = r["name"] + (" (built-in)" if r["builtin"] else "")
        t.add_row(
            name,
            r["source"],
            r["target"],
            r["inverse_name"] or "",
            r["cardinality"],
            "yes" if r["symmetric"] else "",
            str(r["links"]),
        )
    console.print(t)


def print_history(console: Console, items: list[dict[str, Any]]) -> None:
    if not items:
        console.print("no imports yet")
        return
    t = Table("batch", "time", "file", "type", "mode", "status", "created", "updated", "links", "problems")
    for b in items:
        c = b["counts"]
        t.add_row(
            b["batch"],
            b["time"],
            b["file"],
            b["type"],
            b["mode"],
            b["status"],
            str(c.get("records", {}).get("created", "")),
            str(c.get("records", {}).get("updated", "")),
            str(c.get("links", {}).get("created", "")),
            str(b["problems"]),
        )
    console.print(t)


def print_record(console: Console, view) -> None:
    console.print(f"[bold]{view.label}[/] ({view.type} {view.id})")
    for k, v in view.fields.items():
        if v:
            console.print(f"  {k}: {v}")
    for lk in view.links:
        arrow = "→" if lk.direction == "out" else "←"
        console.print(f"  {lk.relationship} {arrow} {lk.label} ({lk.type} {lk.id})")
