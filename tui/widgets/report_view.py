"""An import report at a glance: what was (or would be) done, and a small chart of the outcomes.

A few lines, whatever the terminal: the headline, the rows, then one line each for
records, links and problems, every count followed by a bar scaled within its
line. Every problem kind present is listed (with its mark, never only a colour),
and so is the key each relationship column matched by. When all-or-nothing
refuses the import the counts say that nothing would be written, and what the
import would do without it. Colour is never the only signal (NO_COLOR terminals):
every bar has its word and number.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widgets import Static

from relimport.core.importing.report import ImportReport
from relimport.tui.fmt import inert, line, type_label
from relimport.tui.words import keys_label, problem_label, problem_style

GOOD = frozenset({"created", "updated", "linked"})
QUIET = frozenset({"unchanged", "existing"})
NEUTRAL = frozenset({"skipped", "replaced"})
RECORD_OUTCOMES = ("created", "updated", "unchanged", "skipped")
LINK_OUTCOMES = ("linked", "existing", "replaced")
BAR = "█"
HALF = "▌"
#: Cells of the longest bar of a line.
BAR_WIDTH = 6
#: How a value was settled, after its record: ``'Polmet' → Polmet (id 7, your choice)``.
VIA_WORDS = {"decision": "your choice", "alias": "alias", "created": "new record"}
#: The same, after a count: ``2 by your choice, 1 as a new record``.
VIA_COUNTS = {"decision": "by your choice", "alias": "by an alias", "created": "as new records"}


@dataclass(frozen=True)
class Undone:
    """What undoing the report's batch did (shown instead of "Imported as…")."""

    batch: str
    records_removed: int
    links_removed: int
    values_restored: int
    kept: int = 0


def outcome_style(name: str) -> str:
    if name in GOOD:
        return "green"
    if name in QUIET:
        return "dim"
    if name in NEUTRAL:
        return "cyan"
    return problem_style(name)


def bar(value: int, top: int, width: int = BAR_WIDTH) -> str:
    """``value`` of ``top`` as a bar of at most ``width`` cells; never empty for a non-zero value."""
    if not value or width <= 0:
        return ""
    cells = value / max(top, 1) * width
    full = int(cells)
    out = BAR * full + (HALF if cells - full >= 0.5 else "")
    return out or HALF


def headline(
    rep: ImportReport, undone: Undone | None = None, *, compact: bool = False, narrow: bool = False
) -> Text:
    """What was done (or would be, for a dry run), then the rows (and the ignored columns,
    unless ``compact``; ``narrow`` words the all-or-nothing refusal shorter)."""
    t = Text(end="")
    if undone is not None:
        t.append(f"Import {undone.batch} undone", style="bold yellow")
        t.append(
            f": {undone.records_removed:,} records and {undone.links_removed:,} links removed, "
            f"{undone.values_restored:,} values restored"
        )
        if undone.kept:
            t.append(f" ({undone.kept:,} later changes kept)", style="yellow")
        t.append_text(line(" · ", (rep.file, "")))
    elif rep.dry_run and rep.refused:
        t.append("Nothing would be written", style="bold red")
        t.append_text(
            line(" (all-or-nothing) · " if narrow else " (all-or-nothing) · dry run of ", (rep.file, "bold"))
        )
    elif rep.dry_run:
        t.append("Dry run", style="bold")
        t.append_text(line(" of ", (rep.file, "bold"), f" ({rep.mode}) — nothing written yet"))
    elif rep.refused:
        t.append("Nothing written", style="bold red")
        t.append(": all-or-nothing, and some rows have problems")
    elif rep.batch:
        t.append(f"Imported as batch {rep.batch}", style="bold green")
        t.append_text(line(" · ", (rep.file, ""), f" · {rep.mode}"))
    else:
        t.append("Nothing written", style="bold")
    would = "would be imported" if rep.dry_run else "imported"
    imported = 0 if rep.refused else rep.rows_imported
    t.append(f"\n{rep.rows_total:,} rows: ")
    t.append(f"{imported:,} {would}", style="green" if imported else "dim")
    t.append(", ")
    t.append(f"{rep.rows_with_problems:,} with problems", style="yellow" if rep.rows_with_problems else "dim")
    if rep.ignored_columns and not compact:
        t.append(" · ignored: ", style="dim")
        t.append_text(inert(", ".join(rep.ignored_columns), "dim"))
    return t


def counts_line(title: str, counts: dict[str, int], width: int = BAR_WIDTH) -> Text:
    """``Records  created 7 ██  updated 1 ▌ …``: each outcome, its count and a bar."""
    t = Text(f"{title:<9}", style="bold", end="")
    top = max(counts.values(), default=0)
    for i, (name, value) in enumerate(counts.items()):
        if i:
            t.append("  ")
        style = outcome_style(name) if value else "dim"
        t.append(f"{name} ", style=style)
        t.append(f"{value:,}", style="bold" if value else "dim")
        b = bar(value, top, width)
        if b:
            t.append(" " + b, style=style)
    return t


def problems_line(rep: ImportReport, width: int = 0, wrap: int = 0) -> Text:
    """Every problem kind present with its count: ``Problems ✗ no key 1  ! not found 2``
    (bars only when ``width`` is given: the kinds need the room). With ``wrap`` (the
    columns the line has), lines break between kinds, never inside one."""
    counts = rep.problem_counts()
    t = Text(f"{'Problems':<9}", style="bold", end="")
    if not counts:
        t.append("none", style="green")
        return t
    top = max(counts.values())
    column = t.cell_len
    for i, (kind, n) in enumerate(counts.items()):
        style = problem_style(kind)
        item = Text(problem_label(kind) + " ", style=style, end="")
        item.append(f"{n:,}", style="bold")
        b = bar(n, top, width)
        if b:
            item.append(" " + b, style=style)
        if i and wrap and column + 2 + item.cell_len > wrap:
            t.append("\n" + " " * 9)
            column = 9
        elif i:
            t.append("  ")
            column += 2
        t.append_text(item)
        column += item.cell_len
    return t


def refused_line(rep: ImportReport, *, narrow: bool = False) -> Text:
    """The counts an all-or-nothing refusal keeps out: none written, and what would have been
    (``narrow``: only those, on one line; the headline already says nothing is written)."""
    would = f"{rep.created:,} created, {rep.updated:,} updated, {rep.links_created:,} links"
    if narrow:
        return Text(f"Without all-or-nothing: {would}", style="dim", end="")
    t = Text("Records  none would be written", style="bold red", end="")
    t.append(f"  (without all-or-nothing: {would})", style="dim")
    return t


def matched_line(rep: ImportReport, targets: dict[str, str]) -> Text | None:
    """Which key each relationship column's values were matched by (``auto`` says which)."""
    if not rep.match_keys:
        return None
    t = Text(f"{'Matched':<9}", style="bold", end="")
    for i, (header, key) in enumerate(rep.match_keys.items()):
        if i:
            t.append(" · ")
        t.append_text(inert(header))
        t.append(" by ", style="dim")
        t.append(keys_label(targets.get(header, ""), key))
    return t


def settled_line(rep: ImportReport, *, compact: bool = False) -> Text | None:
    """Values settled by an alias, a queue decision or a created record: never silently
    (``compact``: how many, by what, on one line; the queue lists them)."""
    if not rep.resolved:
        return None
    n = len(rep.resolved)
    if compact:
        by = Counter(str(r.get("via") or "decision") for r in rep.resolved)
        ways = ", ".join(f"{k:,} {VIA_COUNTS.get(via, 'by ' + via)}" for via, k in by.most_common())
        return Text(f"settled {n:,} value{'' if n == 1 else 's'}: {ways}", style="cyan", end="")
    t = Text(f"settled {n:,} value{'' if n == 1 else 's'}: ", style="cyan", end="")
    for i, r in enumerate(rep.resolved[:2]):
        if i:
            t.append("; ", style="cyan")
        # The record chosen by its id too: two companies may share the name.
        target = r.get("label") or type_label(str(r["type"]))
        via = VIA_WORDS.get(str(r["via"]), str(r["via"]))
        t.append_text(
            line((repr(r["value"]), "cyan"), " → ", (target, "cyan"), (f" (id {r['id']}, {via})", "cyan"))
        )
    if n > 2:
        t.append(f"; +{n - 2:,} more", style="cyan")
    return t


def summary_text(
    rep: ImportReport,
    note: Text | None = None,
    *,
    targets: dict[str, str] | None = None,
    undone: Undone | None = None,
    bars: bool = True,
    compact: bool = False,
    wrap: int = 0,
) -> Text:
    """The whole summary as one text (lines wrap at the widget's width; ``bars`` off for
    narrow terminals, whose all-or-nothing lines are worded shorter; ``compact`` leaves
    out the match keys and counts the settled values for very short ones)."""
    width = BAR_WIDTH if bars else 0
    narrow = not bars
    parts: list[Text] = [headline(rep, undone, compact=compact, narrow=narrow)]
    if note is not None:
        parts.append(note)
    settled = settled_line(rep, compact=compact)
    if settled is not None:
        parts.append(settled)
    if rep.refused:
        parts.append(refused_line(rep, narrow=narrow))
    else:
        counts = rep.outcome_counts()
        parts.append(counts_line("Records", {k: counts[k] for k in RECORD_OUTCOMES}, width))
        parts.append(counts_line("Links", {k: counts[k] for k in LINK_OUTCOMES}, width))
    parts.append(problems_line(rep, wrap=wrap))
    matched = None if compact else matched_line(rep, targets or {})
    if matched is not None:
        parts.append(matched)
    return Text("\n", end="").join(parts)


class ReportView(Static):
    """The summary of a report (see :func:`summary_text`); its height follows its lines."""

    DEFAULT_CSS = """
    ReportView { height: auto; padding: 0 1; }
    """

    #: What :meth:`show` was given, drawn again at the widget's width when it changes.
    _shown: tuple[Any, ...] | None = None

    def show(
        self,
        rep: ImportReport,
        note: Text | None = None,
        *,
        targets: dict[str, str] | None = None,
        undone: Undone | None = None,
        bars: bool = True,
        compact: bool = False,
    ) -> None:
        self._shown = (rep, note, targets, undone, bars, compact)
        self._render_summary()

    def _render_summary(self) -> None:
        if self._shown is None:
            return
        rep, note, targets, undone, bars, compact = self._shown
        room = (self.size.width or self.app.size.width) - 2  # its padding
        text = summary_text(rep, note, targets=targets, undone=undone, bars=bars, compact=compact, wrap=room)
        self.update(text)

    def on_resize(self) -> None:
        self._render_summary()
