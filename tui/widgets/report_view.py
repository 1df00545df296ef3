"""An import report at a glance: a headline and bar charts of records, links and problems.

Colour is never the only signal (NO_COLOR terminals): every bar has its word and number.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from relimport.core.importing.report import ImportReport

GOOD = frozenset({"created", "updated", "linked"})
QUIET = frozenset({"unchanged", "existing"})
NEUTRAL = frozenset({"skipped", "replaced"})
#: Problems that keep a whole row out of the store (the others lose one value).
SEVERE = frozenset({"missing_key", "no_match", "exists", "invalid"})
RECORD_OUTCOMES = ("created", "updated", "unchanged", "skipped")
LINK_OUTCOMES = ("linked", "existing", "replaced")
BAR = "█"
HALF = "▌"


def outcome_style(name: str) -> str:
    if name in GOOD:
        return "green"
    if name in QUIET:
        return "dim"
    if name in NEUTRAL:
        return "cyan"
    return "red" if name in SEVERE else "yellow"


def headline(rep: ImportReport) -> Text:
    """Two lines: what was done (or would be, for a dry run), and the rows."""
    t = Text()
    if rep.dry_run:
        t.append("Dry run", style="bold")
        t.append(f" of {rep.file} ({rep.mode}) — nothing written yet", style="")
    elif rep.refused:
        t.append("Nothing written", style="bold red")
        t.append(": all-or-nothing, and some rows have problems")
    elif rep.batch:
        t.append(f"Imported as batch {rep.batch}", style="bold green")
        t.append(f" · {rep.file} · {rep.mode}")
    else:
        t.append("Nothing written", style="bold")
    t.append(f"\n{rep.rows_total:,} rows: ")
    t.append(f"{rep.rows_imported:,} imported", style="green" if rep.rows_imported else "dim")
    t.append(", ")
    t.append(f"{rep.rows_with_problems:,} with problems", style="yellow" if rep.rows_with_problems else "dim")
    if rep.ignored_columns:
        t.append(" · ignored: " + ", ".join(rep.ignored_columns), style="dim")
    if rep.resolved:
        # Values settled by an alias, a queue decision or a created record: never silently.
        n = len(rep.resolved)
        t.append(f"\nsettled {n} value{'' if n == 1 else 's'}: ", style="cyan")
        shown = [
            f"'{r['value']}' → {r.get('label') or r['type'] + ' ' + str(r['id'])} ({r['via']})"
            for r in rep.resolved[:2]
        ]
        t.append("; ".join(shown) + (f"; +{n - 2} more" if n > 2 else ""), style="cyan")
    return t


def outcome_chart(
    counts: dict[str, int],
    *,
    width: int = 8,
    top: int | None = None,
    max_rows: int = 0,
    title: str = "",
    keep_zero: bool = True,
) -> Text:
    """Horizontal bars, one per outcome: ``name  count  bar`` scaled to ``top``.

    Zero counts stay (dimmed) when ``keep_zero``; with ``max_rows`` the rest
    is summed into a ``+N more`` line.
    """
    items = [(k, v) for k, v in counts.items() if v or keep_zero]
    t = Text()
    if title:
        t.append(title + "\n", style="bold underline")
    if not items:
        t.append("none", style="green")
        return t
    if max_rows and len(items) > max_rows:
        rest = items[max_rows - 1 :]
        items = items[: max_rows - 1]
        more = (f"+{len(rest)} more", sum(v for _, v in rest))
    else:
        more = None
    top = top or max(v for _, v in items) or 1
    label_w = max(len(k) for k, _ in items)
    num_w = max(len(f"{v:,}") for _, v in items)
    for i, (name, value) in enumerate(items):
        cells = value / top * width
        full = int(cells)
        bar = BAR * full + (HALF if cells - full >= 0.5 else "")
        if value and not bar:
            bar = HALF  # a non-zero count is always visible
        style = outcome_style(name) if value else "dim"
        if i:
            t.append("\n")
        t.append(f"{name:<{label_w}} ", style=style)
        t.append(f"{value:>{num_w},} ", style="bold" if value else "dim")
        t.append(bar, style=style)
    if more:
        t.append(f"\n{more[0]} ({more[1]:,})", style="yellow")
    return t


class ReportView(Vertical):
    """Headline plus three small charts: records, links, problems."""

    DEFAULT_CSS = """
    ReportView { height: auto; padding: 0 1; }
    ReportView #report-headline { height: auto; }
    ReportView #report-charts { height: auto; max-height: 6; margin-top: 1; }
    ReportView #report-records { width: auto; margin-right: 3; }
    ReportView #report-links { width: auto; margin-right: 3; }
    ReportView #report-problems { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="report-headline")
        with Horizontal(id="report-charts"):
            yield Static("", id="report-records")
            yield Static("", id="report-links")
            yield Static("", id="report-problems")

    def show(self, rep: ImportReport, note: Text | None = None) -> None:
        counts = rep.outcome_counts()
        top = max(counts.values(), default=0) or 1
        head = headline(rep)
        if note is not None:
            head.append("\n")
            head.append_text(note)
        self.query_one("#report-headline", Static).update(head)
        records = {k: counts[k] for k in RECORD_OUTCOMES}
        links = {k: counts[k] for k in LINK_OUTCOMES}
        problems = rep.problem_counts()
        self.query_one("#report-records", Static).update(
            outcome_chart(records, top=top, width=6, title="Records")
        )
        self.query_one("#report-links", Static).update(outcome_chart(links, top=top, width=6, title="Links"))
        self.query_one("#report-problems", Static).update(
            outcome_chart(problems, top=top, width=6, title="Problems", max_rows=5, keep_zero=False)
        )
