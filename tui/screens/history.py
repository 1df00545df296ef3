"""Import history: every batch, its summary and problems, export of its problems, undo.

The batches and their numbers are core's (:func:`relimport.core.ops.history.history_items`,
the batch journal); undo is :func:`relimport.core.ops.undo.undo_import` (one atomic store
write), and its report (including what later imports changed and undo
kept) is shown as it is.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from relimport.core.domain.objects import KIND_LABELS
from relimport.core.files.export import export_problems
from relimport.core.ops.history import history_items
from relimport.core.ops.query import stats
from relimport.core.ops.undo import UndoReport, undo_import
from relimport.core.resolve.problems import Problem
from relimport.core.store.model import Batch, StoreData
from relimport.tui.dialogs import ConfirmDialog, PathDialog, TextDialog
from relimport.tui.errors import one_line
from relimport.tui.fmt import full_path, inert, input_path, line, plural, short_time, shown
from relimport.tui.screens.base import size_classes
from relimport.tui.watch import store_work
from relimport.tui.widgets.keybar import KeyBar
from relimport.tui.widgets.problems import ProblemDetail, ProblemTable
from relimport.tui.words import problem_label


def kind_text(kind: str) -> str:
    return KIND_LABELS[kind][1] if kind in KIND_LABELS else kind


def counts_line(counts: dict[str, Any], problems: int) -> str:
    rec, links = counts.get("records", {}), counts.get("links", {})
    return (
        f"{rec.get('created', 0):,} created, {rec.get('updated', 0):,} updated, "
        f"{plural(links.get('created', 0), 'link')}, {plural(problems, 'problem')}"
    )


def batch_option(item: dict[str, Any], width: int = 0) -> Option:
    """Two lines per batch (three when ``width`` is too narrow for the counts beside the
    kind: no count is cut); status is a word, never only a colour (NO_COLOR)."""
    undone = item["status"] != "applied"
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{item['batch']:<5}", style="bold")
    text.append(f"{short_time(item['time'])}  ")
    text.append("UNDONE " if undone else "", style="bold")
    text.append_text(inert(item["file"], "dim" if undone else "bold"))
    what = f"     {kind_text(item['type'])}, {item['mode']}"
    counts = counts_line(item["counts"], item["problems"])
    fits = not width or len(what) + 3 + len(counts) <= width
    text.append(f"\n{what} · " if fits else f"\n{what}\n     ")
    text.append(counts, style="dim" if undone else "")
    return Option(text, id=item["batch"])


def summary_text(b: Batch) -> Text:
    c = b.counts
    rows, rec, links = c.get("rows", {}), c.get("records", {}), c.get("links", {})
    out = line((f"{b.label} · ", "bold"), (b.file, "bold"))
    out.append(f" · {kind_text(b.kind)} · mode {b.mode} · ")
    out.append(
        f"undone {short_time(b.undone_at or '')}" if b.status != "applied" else "applied",
        style="bold",
    )
    out.append(f"\nimported {short_time(b.time)} · sha256 {b.sha256[:12]}…\n", style="dim")
    out.append(
        f"rows     {rows.get('total', 0):,} total, {rows.get('imported', 0):,} imported, "
        f"{rows.get('with_problems', 0):,} with problems\n"
    )
    out.append(
        f"records  {rec.get('created', 0):,} created, {rec.get('updated', 0):,} updated, "
        f"{rec.get('unchanged', 0):,} unchanged, {rec.get('skipped', 0):,} skipped\n"
    )
    out.append(
        f"links    {links.get('created', 0):,} created, {links.get('existing', 0):,} existing, "
        f"{links.get('replaced', 0):,} replaced"
    )
    kinds = c.get("problems") or {}
    if kinds:
        out.append("\nproblems " + ", ".join(f"{problem_label(k)} {n:,}" for k, n in kinds.items()))
    return out


def undo_text(rep: UndoReport) -> str:
    removed = f"{plural(rep.records_removed, 'record')} and {plural(rep.links_removed, 'link')}"
    restored = f"{plural(rep.values_restored, 'value')} and {plural(rep.links_restored, 'link')}"
    lines = [f"{removed} removed;", f"{restored} restored."]
    if rep.kept:
        lines += ["", "Changed by later imports, kept as they are:", *(f"• {shown(k)}" for k in rep.kept)]
    else:
        lines += ["", "No later import had changed what this batch wrote."]
    return "\n".join(lines)


class BatchActions:
    """Export and undo of a batch, shared by the history list and the batch screen."""

    app: Any

    @property
    def data(self) -> StoreData:
        return self.app.store.data

    def batch_changed(self) -> None:  # pragma: no cover - overridden
        """Show the store as it is after an undo."""

    def undo_target(self) -> Batch | None:  # pragma: no cover - overridden
        """The batch u would undo."""
        return None

    def on_key(self, event: events.Key) -> None:
        # u on a batch already undone (the key is not offered there): say so, never nothing.
        if event.key != "u":
            return
        b = self.undo_target()
        if b is not None and b.status != "applied":
            event.stop()
            self.app.notify(
                f"{b.label} was already undone ({short_time(b.undone_at or '')}): nothing to undo",
                severity="warning",
                markup=False,
            )

    @work(exclusive=True, exit_on_error=False, group="batch-export")
    async def export_batch(self, batch_id: int) -> None:
        b = self.data.batch(batch_id)
        if not b.problems:
            self.app.notify(f"{b.label} had no problems to export", title="Export")
            return
        stem = Path(b.file).stem or "import"
        base = Path(getattr(self.app, "launch_dir", None) or Path.cwd())
        folder = Path(getattr(self.app, "start_dir", None) or base)
        store = self.app.store

        def save(target: Path) -> tuple[Path, int]:
            batch = store.data.batch(batch_id)
            return target, export_problems(target, batch.problem_rows, batch.problems)

        done = await self.app.push_screen_wait(
            PathDialog(
                f"Export the problem rows of {b.label}",
                input_path(folder / f"{stem}-{b.label}-problems.csv", base),
                base=base,
                hint="Original columns + a problems column; .csv or .xlsx by suffix",
                suffixes=(".csv", ".xlsx"),
                action=save,
            )
        )
        if done:
            path, n = done
            self.app.notify(
                f"wrote {plural(n, 'row')} to {full_path(path)}", title="Export", timeout=8, markup=False
            )

    @work(exclusive=True, exit_on_error=False, group="batch-undo")
    async def undo(self, batch_id: int) -> None:
        b = self.data.batch(batch_id)
        if b.status != "applied":
            self.app.notify(f"{b.label} was already undone ({b.undone_at})", severity="warning")
            return
        rec, links = b.counts.get("records", {}), b.counts.get("links", {})
        msg = (
            f"{b.file} · {kind_text(b.kind)} · {short_time(b.time)}\n\n"
            f"Removes the {plural(rec.get('created', 0), 'record')} and "
            f"{plural(links.get('created', 0), 'link')} it created, restores "
            f"{plural(len(b.overwritten.get('id', [])), 'value')} it overwrote and "
            f"{plural(len(b.replaced.get('rel', [])), 'link')} it replaced.\n"
            "Whatever later imports changed is kept and listed."
        )
        if not await self.app.push_screen_wait(ConfirmDialog(f"Undo {b.label}?", msg)):
            return
        store = self.app.store

        def run() -> UndoReport:
            with store_work():
                return undo_import(store, batch_id)

        try:
            rep = await asyncio.to_thread(run)
        except Exception as exc:
            self.app.notify(
                one_line(exc, "undoing an import"), title="Not undone", severity="error", timeout=8
            )
            return
        self.batch_changed()
        refresh_counts = getattr(self.app, "refresh_counts", None)
        if callable(refresh_counts):  # the app's first screen shows record counts
            refresh_counts()
        await self.app.push_screen_wait(TextDialog(f"Undid {rep.batch}", undo_text(rep)))


class HistoryScreen(BatchActions, Screen[None]):
    """Every import batch, newest first."""

    #: One of the browsing screens (F2-F5): opening another replaces it.
    BROWSE = True

    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#hist-list"
    TITLE = "Import history"
    HELP = """\
Every import, newest first: when, which file, what it created, updated and
linked, and its problems. Enter opens a batch with its problem rows. u undoes
the selected batch (applied batches only; what later imports changed is kept
and reported); x or e exports its problem rows to fix and re-import."""
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("x", "export", "Export problems"),
        Binding("e", "export", "Export problems", show=False),
        Binding("u", "undo", "Undo"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="hist-stats", markup=False)
        yield OptionList(id="hist-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.batch_changed()

    def on_screen_resume(self) -> None:
        self.batch_changed()

    def store_changed(self) -> None:
        """Another process wrote the store (an import, an undo): list it as it is now."""
        self.batch_changed()

    def on_resize(self) -> None:
        self.batch_changed()

    def undo_target(self) -> Batch | None:
        return self.selected()

    def batch_changed(self) -> None:
        olist = self.query_one("#hist-list", OptionList)
        keep = olist.highlighted
        items = history_items(self.data)
        olist.clear_options()
        width = olist.scrollable_content_region.width or self.app.size.width - 4
        olist.add_options([batch_option(i, width) for i in items])
        if not items:
            olist.add_option(Option("No imports yet.", id="none", disabled=True))
        else:
            olist.highlighted = min(keep or 0, len(items) - 1)
        s = stats(self.data)
        records = plural(sum(s["records"].values()), "record")
        self.query_one("#hist-stats", Label).update(
            f"{plural(len(items), 'import')} · store now: {records}, "
            f"{plural(s['links'], 'link')} · Enter opens a batch"
        )
        self.refresh_bindings()

    def selected(self) -> Batch | None:
        olist = self.query_one("#hist-list", OptionList)
        if olist.highlighted is None:
            return None
        oid = olist.get_option_at_index(olist.highlighted).id
        if not oid or oid == "none":
            return None
        return self.data.batch(int(oid.lstrip("B")))

    @on(OptionList.OptionHighlighted, "#hist-list")
    def _highlighted(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("undo", "export"):
            b = self.selected()
            # Hidden, not dimmed, when it does not apply: clear without colour too.
            if b is None or (action == "undo" and b.status != "applied"):
                return False
            if action == "export" and not b.problems:
                return False
        return True

    @on(OptionList.OptionSelected, "#hist-list")
    def action_open(self) -> None:
        b = self.selected()
        if b is not None:
            self.app.push_screen(BatchScreen(b.id))

    def action_export(self) -> None:
        b = self.selected()
        if b is not None:
            self.export_batch(b.id)

    def action_undo(self) -> None:
        b = self.selected()
        if b is not None:
            self.undo(b.id)

    def action_back(self) -> None:
        self.dismiss(None)


class BatchScreen(BatchActions, Screen[None]):
    """One batch: its summary and the table of its problems."""

    BROWSE = True

    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#batch-problems"
    TITLE = "Import history"
    HELP = """\
One import: its counts and the rows that had problems; the pane under the
table shows the selected problem in full. u undoes it (if it is still applied);
x or e exports the problem rows."""
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("x", "export", "Export problems"),
        Binding("e", "export", "Export problems", show=False),
        Binding("u", "undo", "Undo"),
    ]

    def __init__(self, batch_id: int) -> None:
        super().__init__()
        self.batch_id = batch_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="batch-summary")
        yield Label("", id="batch-problems-title", markup=False)
        yield ProblemTable(id="batch-problems")
        yield ProblemDetail(id="batch-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        size_classes(self, *self.app.size)
        table = self.query_one("#batch-problems", ProblemTable)
        b = self.data.batch(self.batch_id)
        table.show([Problem.from_json(p) for p in b.problems])
        self._show_detail()
        kept = len(b.problems)
        total = sum((b.counts.get("problems") or {}).values())
        more = f" (the journal keeps the first {kept:,} of {total:,})" if total > kept else ""
        self.query_one("#batch-problems-title", Label).update(
            f"{plural(kept, 'problem')}{more}" if kept else "No problems: every row imported cleanly."
        )
        self.batch_changed()

    def on_resize(self, event: events.Resize) -> None:
        size_classes(self, *event.size)

    @on(DataTable.RowHighlighted, "#batch-problems")
    def _show_detail(self) -> None:
        table = self.query_one("#batch-problems", ProblemTable)
        self.query_one("#batch-detail", ProblemDetail).follow(table)

    def store_changed(self) -> None:
        self.batch_changed()

    def undo_target(self) -> Batch | None:
        return self.data.batch(self.batch_id)

    def batch_changed(self) -> None:
        self.query_one("#batch-summary", Static).update(summary_text(self.data.batch(self.batch_id)))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        b = self.data.batch(self.batch_id)
        if action == "undo" and b.status != "applied":
            return False
        return not (action == "export" and not b.problems)

    def action_export(self) -> None:
        self.export_batch(self.batch_id)

    def action_undo(self) -> None:
        self.undo(self.batch_id)

    def action_back(self) -> None:
        self.dismiss(None)
